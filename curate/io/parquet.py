"""Size-bounded, atomically written Parquet shards with one schema."""

from __future__ import annotations

import os
import uuid
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from curate.document import Document

# The columns every output has; stages add their signal columns after these.
BASE_SCHEMA = pa.schema([
    ("id", pa.string()),        # WARC-Record-ID
    ("url", pa.string()),       # WARC-Target-URI
    ("date", pa.string()),      # WARC-Date (crawl time, ISO 8601)
    ("title", pa.string()),
    ("text", pa.string()),      # main content, one paragraph per line
    ("n_chars", pa.int32()),    # characters in text
    ("charset", pa.string()),   # codec the page was decoded with
    ("source", pa.string()),    # input file
    ("warc_offset", pa.int64()),  # byte offset of the record in the input file (not `offset`: an SQL keyword)
])

# What a rejected shard adds to the kept columns (less dup_cluster and dup_count), whichever step
# dropped the row, so that all rejected shards share one schema: the stage and reason, and for a
# dedup drop the kept document it duplicates (its id) and their estimated similarity.
REJECTED_FIELDS = [pa.field("drop_stage", pa.string()), pa.field("drop_reason", pa.string()),
                   pa.field("dup_of", pa.string()), pa.field("dup_similarity", pa.float32())]


def output_schema(signal_columns: dict[str, pa.DataType]) -> pa.Schema:
    """The base columns followed by the signal columns of the recipe's stages."""
    schema = BASE_SCHEMA
    for name, dtype in signal_columns.items():
        if name not in schema.names:
            schema = schema.append(pa.field(name, dtype))
    return schema


def parse_size(size: int | str) -> int:
    """Bytes from an int or a string such as '256MB', '1.5GiB', '500k'."""
    if isinstance(size, int):
        return size
    s = size.strip().upper().removesuffix("B").removesuffix("I")
    units = {"K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40}
    if s and s[-1] in units:
        return int(float(s[:-1]) * units[s[-1]])
    return int(s)


class ShardWriteError(OSError):
    """A shard could not be written (disk full, permission, a bad compression): the run stops."""


class ShardWriter:
    """Writes documents to `<dir>/<prefix>-<n>.parquet`, starting a new shard past `max_bytes`.

    Each shard is written under a temporary name unique to this writer (two generations of
    workers never share one) and renamed when complete, so a reader (or a resumed run) never
    sees half a file. With `fs` (an `curate.engine.output.OutputFS` on an object store, which has
    no rename) a shard is uploaded under its final name: the object appears only when the upload
    completes, and an aborted one is discarded. `rows` holds the rows of each finished shard, for the caller to verify. Rows are buffered into row groups of about
    `row_group_bytes` of text, which also bounds the writer's memory. A shard is closed before
    a row group whose uncompressed size could take it past `max_bytes`, so shards stay under
    the bound unless a single document is larger than it.
    """

    def __init__(self, directory: str, prefix: str, schema: pa.Schema, max_bytes: int = 256 << 20,
                 compression: str = "zstd", row_group_bytes: int = 32 << 20, fs: Any = None) -> None:
        self.directory, self.prefix, self.schema = directory, prefix, schema
        self.max_bytes = max_bytes
        self.compression = compression
        self.row_group_bytes = min(row_group_bytes, max(max_bytes // 4, 1))
        self._limit = max_bytes - min(64 << 10, max_bytes // 10)  # room for the Parquet footer
        self.shards: list[str] = []
        self.rows: list[int] = []
        self._token = f"{os.getpid()}-{uuid.uuid4().hex[:8]}"
        self._shard_rows = 0
        self._rows: dict[str, list[Any]] = {name: [] for name in schema.names}
        self._buffered = 0
        self._writer: pq.ParquetWriter | None = None
        self._tmp_path = ""
        self._remote = fs if fs is not None and not fs.local else None
        self._file: Any = None  # the upload of the open shard (remote)
        if self._remote is None:
            os.makedirs(directory, exist_ok=True)

    def write(self, doc: Document) -> None:
        row = self._rows
        row["id"].append(doc.id)
        row["url"].append(doc.url)
        row["date"].append(doc.date)
        row["title"].append(doc.title)
        row["text"].append(doc.text)
        row["n_chars"].append(len(doc.text))
        row["charset"].append(doc.charset)
        row["source"].append(doc.source)
        row["warc_offset"].append(doc.offset)
        for name in self.schema.names[len(BASE_SCHEMA):]:
            row[name].append(doc.signals.get(name))
        self._buffered += len(doc.text) * 3 + len(doc.title) * 3 + 200  # UTF-8 bytes, roughly
        if self._buffered >= self.row_group_bytes:
            self._flush()

    def _flush(self) -> None:
        if not self._buffered:
            return
        table = pa.table(self._rows, schema=self.schema)
        if self._writer is not None and self._written() + self._buffered > self._limit:
            self._finish_shard()
        if self._writer is None:
            try:
                if self._remote is not None:
                    self._tmp_path = self._final_path()
                    self._file = self._remote.open(self._tmp_path, "wb")
                    self._writer = pq.ParquetWriter(self._file, self.schema, compression=self.compression)
                else:
                    self._tmp_path = os.path.join(
                        self.directory, f".{self.prefix}-{len(self.shards):05d}.parquet.tmp{self._token}")
                    self._writer = pq.ParquetWriter(self._tmp_path, self.schema, compression=self.compression)
            except Exception as e:  # noqa: BLE001  (OSError, or pyarrow's own for a bad codec)
                raise ShardWriteError(f"cannot write {self._tmp_path}: {e}") from e
        try:
            self._writer.write_table(table)
        except Exception as e:  # noqa: BLE001
            raise ShardWriteError(f"cannot write {self._tmp_path}: {e}") from e
        self._shard_rows += len(table)
        self._rows = {name: [] for name in self.schema.names}
        self._buffered = 0

    def _final_path(self) -> str:
        name = f"{self.prefix}-{len(self.shards):05d}.parquet"
        return f"{self.directory}/{name}" if self._remote is not None else os.path.join(self.directory, name)

    def _written(self) -> int:
        return self._file.tell() if self._file is not None else os.path.getsize(self._tmp_path)

    def _finish_shard(self) -> None:
        assert self._writer is not None
        final = self._final_path()
        try:
            self._writer.close()
            if self._file is not None:
                self._file.close()  # completes the upload: the object appears, whole
                self._file = None
            else:
                os.replace(self._tmp_path, final)
        except Exception as e:  # noqa: BLE001
            raise ShardWriteError(f"cannot write {final}: {e}") from e
        self.shards.append(final)
        self.rows.append(self._shard_rows)
        self._shard_rows = 0
        self._writer = None

    def close(self) -> list[str]:
        """Flush, finish the open shard and return the paths of all shards written."""
        self._flush()
        if self._writer is not None:
            self._finish_shard()
        return self.shards

    def abort(self) -> None:
        """Remove every shard of this writer, finished or not (after an error: the task publishes
        nothing, and its documents are counted failed)."""
        if self._writer is not None:
            try:
                if self._file is not None:
                    file, self._file = self._file, None
                    file.discard()  # the upload is dropped, never completed
                    file.closed = True  # and no later close (or garbage collection) completes it
                self._writer.close()
            except Exception:  # noqa: BLE001  (the error that brought us here is the one to report)
                pass
            self._writer = None
        if self._remote is not None:
            for path in self.shards:
                self._remote.rm(path)
        else:
            for path in [self._tmp_path, *self.shards]:
                if path and os.path.exists(path):
                    os.remove(path)
        self.shards, self.rows = [], []
