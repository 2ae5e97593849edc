"""What runs inside one worker process: the run's options, the per-file task (read, stages,
shards, marker) and the counter the progress line reads."""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing as mp
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from curate.io.parquet import ShardWriter, output_schema, parse_size
from curate.io.readers import CC_BASE_URL, read_records
from curate.run.recipe import Recipe
from curate.run.stats import FileStats, StageCounts
from curate.stages.base import Stage

log = logging.getLogger("curate")
PRE_DEDUP_DIR = ".curate/pre-dedup"  # per-file shards wait here when a dedup phase follows
_TICK = 256  # records between updates of the shared progress counter


@dataclass
class RunOptions:
    output: str = "out"
    workers: int = 1
    storage_options: dict[str, Any] = field(default_factory=dict)
    base_url: str = CC_BASE_URL  # prefix for the relative paths of a *.paths.gz listing
    keep_rejected: bool = False
    max_shard_bytes: int | None = None
    progress: bool = True
    executor: str = "local"  # "local" (processes on this machine) or "ray"
    ray_address: str | None = None  # a Ray cluster to join; None starts a local Ray (or joins RAY_ADDRESS)
    dedup_against: list[str] = field(default_factory=list)  # outputs of earlier runs whose documents are dropped


def task_id(source: str) -> str:
    """A stable, readable name for the task of one input file."""
    stem = os.path.basename(source.rstrip("/")).split(".")[0][:40] or "input"
    return f"{stem}-{hashlib.sha1(source.encode()).hexdigest()[:8]}"


def _atomic_write_json(path: Path, data: Any) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
    os.replace(tmp, path)


class _Counter:
    """Records read so far by all worker processes of this machine (the progress line)."""

    def __init__(self) -> None:
        self._value = mp.Value("q", 0)

    def add(self, n: int) -> None:
        with self._value.get_lock():
            self._value.value += n

    @property
    def value(self) -> int:
        return self._value.value


class _Worker:
    """Per-process state: the built stages (models loaded once) and the progress counter."""

    def __init__(self, recipe: Recipe, options: RunOptions, counter: Any) -> None:
        self.recipe, self.options, self.counter = recipe, options, counter
        self.stages: list[Stage] = recipe.build()
        for stage in self.stages:
            stage.setup()
        self.keys = recipe.stage_keys()
        columns: dict[str, pa.DataType] = {}
        for stage in self.stages:
            columns.update(stage.columns)
        self.schema = output_schema(columns)
        out = recipe.output
        self.max_bytes = options.max_shard_bytes or parse_size(out.get("max_shard_bytes", "256MB"))
        self.compression = out.get("compression", "zstd")

    def process_file(self, source: str) -> FileStats:
        out = Path(self.options.output)
        tid = task_id(source)
        data_dir = out / (PRE_DEDUP_DIR if self.recipe.dedup else "data")
        for stale in data_dir.glob(f"{tid}-*.parquet"):  # leftovers of an interrupted try
            stale.unlink()
        stats = FileStats(source=source)
        counts = [StageCounts() for _ in self.stages]
        writer = ShardWriter(str(data_dir), tid, self.schema, self.max_bytes, self.compression)
        rejected = None
        if self.options.keep_rejected:
            schema = self.schema.append(pa.field("drop_stage", pa.string())).append(pa.field("drop_reason", pa.string()))
            rejected = ShardWriter(str(out / "rejected"), tid, schema, self.max_bytes, self.compression)
        t0 = time.perf_counter()
        ticked = 0
        crashed = False
        # The first stage runs inside the reader when it can decide on raw bytes, unless dropped
        # documents are to be written out (that needs the Document).
        early = self.stages and hasattr(self.stages[0], "check_raw") and rejected is None
        raw_check = self._raw_check(self.stages[0], counts[0]) if early else None
        first = 1 if early else 0
        try:
            for doc in read_records(source, stats, self.options.storage_options, raw_check=raw_check):
                self._run_stages(doc, counts, stats, writer, rejected, first)
                if stats.read - ticked >= _TICK:
                    self._tick(stats.read - ticked)
                    ticked = stats.read
            stats.shards = [os.path.relpath(p, out) for p in writer.close()]
            if rejected is not None:
                rejected.close()
        except Exception as e:  # noqa: BLE001  (a bug or disk error loses this file, not the run)
            crashed = True
            writer.abort()
            stats.status, stats.error = "partial", f"task failed: {type(e).__name__}: {e}"
            log.exception("%s: task failed", source)
        self._tick(stats.read - ticked)
        stats.seconds = time.perf_counter() - t0
        for key, stage, c in zip(self.keys, self.stages, counts):
            c.counts.update(stage.counts)
            stage.counts.clear()
            stats.stages[key] = c
        if not crashed:  # a crashed task has no marker, so the next run retries it
            marker = {"recipe": self.recipe.fingerprint(), "stats": stats.to_dict()}
            (out / ".curate" / "tasks").mkdir(parents=True, exist_ok=True)
            _atomic_write_json(out / ".curate" / "tasks" / f"{tid}.json", marker)
        return stats

    @staticmethod
    def _raw_check(stage: Stage, c: StageCounts):
        """The first stage as a test on raw bytes, counting as the stage itself would."""
        def keep(raw: bytes) -> bool:
            c.seen += 1
            t = time.perf_counter()
            reason = stage.check_raw(raw)
            c.seconds += time.perf_counter() - t
            if reason is None:
                c.kept += 1
                return True
            c.dropped[reason] += 1
            return False
        return keep

    def _run_stages(self, doc, counts, stats, writer, rejected, first: int = 0) -> None:
        for key, stage, c in zip(self.keys[first:], self.stages[first:], counts[first:]):
            c.seen += 1
            t = time.perf_counter()
            try:
                reason = stage.process(doc)
            except Exception as e:  # noqa: BLE001  (one bad document must not stop the file)
                c.seconds += time.perf_counter() - t
                c.failed[f"{key}:{type(e).__name__}"] += 1
                log.warning("%s: record %s at offset %d failed in %s: %s: %s",
                            doc.source, doc.id, doc.offset, key, type(e).__name__, e)
                return
            c.seconds += time.perf_counter() - t
            if reason is not None:
                c.dropped[reason] += 1
                if rejected is not None:
                    doc.signals["drop_stage"], doc.signals["drop_reason"] = key, reason
                    rejected.write(doc)
                return
            c.kept += 1
            c.counts["chars_out"] += len(doc.text)  # the funnel in characters, without rejected shards
        writer.write(doc)
        stats.kept += 1

    def _tick(self, n: int) -> None:
        if self.counter is not None and n > 0:
            self.counter.add(n)


_worker: _Worker | None = None


def _init_worker(recipe: Recipe, options: RunOptions, counter: Any) -> None:
    global _worker
    logging.basicConfig(level=logging.WARNING, format="curate: %(levelname)s: %(message)s")
    _worker = _Worker(recipe, options, counter)


def _process(source: str) -> dict[str, Any]:
    assert _worker is not None
    return _worker.process_file(source).to_dict()
