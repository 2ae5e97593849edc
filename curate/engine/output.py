"""The output directory: what lives where, the lock that keeps one run in it, and the checks a
run makes before trusting or publishing a shard.

After a successful run the directory holds the dataset and nothing a loader could trip on:

    data/train-*.parquet   the kept documents (the `train-` prefix is what Hugging Face's
                           `load_dataset("parquet", data_dir=OUT)` takes as the train split)
    rejected/*.parquet     dropped documents with drop_stage, drop_reason (--keep-rejected only)
    stats.json, README.md  the accounting and the dataset card
    .curate/               work files: task markers (JSON), the lock, the report's cache; the
                           per-file shards before dedup and dedup's phase files only while a run
                           is unfinished (or with --keep-work)

The output is any fsspec URL (`OutputFS`): a local directory, `s3://bucket/prefix`, or an
S3-compatible store through storage options. A local directory is written exactly as before
(temporary names, `os.replace`, `flock`). An object store has no rename, but a PUT (or a completed
multipart upload) is atomic: an object appears only whole, under its final name. So files are
written straight under their final names there, and what a reader or a resumed run trusts is what
a file written last lists: a task's marker (its shards and their rows, footers read back), and
`stats.json` (every shard of the run). A shard of a task killed midway is either absent or whole
but listed by no marker; the rerun removes it.
"""

from __future__ import annotations

import errno
import fcntl
import json
import logging
import os
import shutil
import socket
import threading
import time
import uuid
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

log = logging.getLogger("curate")

WORK_DIR = ".curate"
TASKS_DIR = f"{WORK_DIR}/tasks"            # one marker per finished input file
PRE_DEDUP_DIR = f"{WORK_DIR}/pre-dedup"    # per-file shards wait here when a dedup phase follows
DEDUP_WORK_DIR = f"{WORK_DIR}/dedup"       # dedup's phase files (see dedup_work_dir)
LOCK_FILE = f"{WORK_DIR}/lock"
DATA_PREFIX = "train-"                     # final shards: data/train-<task>-<n>.parquet


class OutputError(RuntimeError):
    """The output cannot be written (not a directory, no permission, disk full, locked): the run
    stops with this one line and resumes once the cause is fixed."""


class OutputFS:
    """The filesystem of an output URL, for the few operations a run makes on it. Paths are the
    filesystem's own (`join` of the root and a relative path): a local path, or `bucket/prefix/...`
    on an object store (fsspec's form, without the protocol).

    Picklable, and safe to inherit through fork: the fsspec filesystem (whose event loop and
    connections belong to one process) is made again in each process that uses it."""

    def __init__(self, url: str | os.PathLike[str], storage_options: dict[str, Any] | None = None) -> None:
        import fsspec

        self.url = os.fspath(url)
        self.storage_options = dict(storage_options or {})
        protocol, path = fsspec.core.split_protocol(self.url)
        self.local = protocol in (None, "file", "local")
        self.protocol = protocol or "file"
        self.root = path if self.local else path.rstrip("/")
        self._fs: Any = None
        self._pid = -1

    def __getstate__(self) -> dict[str, Any]:
        return {**self.__dict__, "_fs": None, "_pid": -1}

    def __repr__(self) -> str:
        return f"OutputFS({self.url!r})"

    @property
    def fs(self) -> Any:
        """The fsspec filesystem, made in this process."""
        if self._fs is None or self._pid != os.getpid():
            import fsspec

            self._fs = fsspec.filesystem(self.protocol, **self.storage_options)
            self._pid = os.getpid()
        return self._fs

    @property
    def arrow(self) -> Any:
        """`filesystem=` for pyarrow's readers and writers: None for a local path (pyarrow's own)."""
        return None if self.local else self.fs

    def join(self, *parts: str | os.PathLike[str]) -> str:
        if self.local:
            return os.path.join(self.root, *map(os.fspath, parts))
        return "/".join([self.root, *(os.fspath(p).strip("/") for p in parts if os.fspath(p))])

    def rel(self, path: str | os.PathLike[str]) -> str:
        """`path` relative to the root (what markers and stats.json record)."""
        if self.local:
            return os.path.relpath(path, self.root)
        return os.fspath(path).removeprefix(self.root + "/")

    def display(self, path: str | os.PathLike[str]) -> str:
        """`path` as a user writes it (with its protocol), for messages."""
        return os.fspath(path) if self.local else f"{self.protocol}://{os.fspath(path)}"

    def open(self, path: str, mode: str = "rb") -> Any:
        if self.local:
            if "w" in mode:
                os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
            return open(path, mode)
        return self.fs.open(path, mode)

    def exists(self, path: str) -> bool:
        if self.local:
            return os.path.exists(path)
        self.fs.invalidate_cache()  # another process may have written or removed it
        return self.fs.exists(path)

    def size(self, path: str) -> int:
        return os.path.getsize(path) if self.local else int(self.fs.size(path))

    def glob(self, pattern: str) -> list[str]:
        """Files matching `pattern` (a path with `*`), sorted."""
        if self.local:
            return sorted(str(p) for p in Path(os.path.dirname(pattern) or ".").glob(os.path.basename(pattern)))
        self.fs.invalidate_cache()
        return sorted(p for p in self.fs.glob(pattern) if not p.endswith("/"))

    def rm(self, path: str) -> None:
        """Remove a file; a missing one is no error."""
        try:
            os.unlink(path) if self.local else self.fs.rm_file(path)
        except FileNotFoundError:
            pass

    def rmtree(self, path: str) -> None:
        if self.local:
            shutil.rmtree(path, ignore_errors=True)
            return
        try:
            self.fs.rm(path, recursive=True)
        except FileNotFoundError:
            pass

    def makedirs(self, path: str) -> None:
        """A local folder; nothing on an object store (a prefix needs no making)."""
        if self.local:
            os.makedirs(path, exist_ok=True)

    def read_bytes(self, path: str) -> bytes | None:
        """The file's bytes, or None if it is missing."""
        try:
            with self.open(path, "rb") as f:
                return f.read()
        except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
            return None

    def read_json(self, path: str) -> Any:
        """The JSON in `path`, or None if it is missing or not JSON."""
        try:
            data = self.read_bytes(path)
            return None if data is None else json.loads(data)
        except (OSError, ValueError):
            return None

    def write_bytes(self, path: str, data: bytes) -> None:
        """Publish `data` under `path` whole or not at all: locally a temporary name then
        `os.replace`; on an object store one PUT, which is atomic."""
        if not self.local:
            self.fs.pipe_file(path, data)
            return
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        tmp = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.tmp{os.getpid()}")
        with open(tmp, "wb") as f:
            f.write(data)
        os.replace(tmp, path)

    def write_json(self, path: str, data: Any) -> None:
        self.write_bytes(path, json.dumps(data, ensure_ascii=False, indent=1).encode("utf-8"))

    def write_parquet(self, table: Any, path: str, **kwargs: Any) -> None:
        """A whole Parquet file under `path`, published as `write_bytes` does."""
        if not self.local:
            pq.write_table(table, path, filesystem=self.fs, **kwargs)
            return
        os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
        tmp = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.tmp{os.getpid()}")
        pq.write_table(table, tmp, **kwargs)
        os.replace(tmp, path)


def output_fs(out: str | os.PathLike[str] | OutputFS, storage_options: dict[str, Any] | None = None) -> OutputFS:
    return out if isinstance(out, OutputFS) else OutputFS(out, storage_options)


def check_output(out: str | os.PathLike[str] | OutputFS) -> None:
    """Fail before any work if `out` is a file, cannot be made, or is not writable."""
    fs = output_fs(out)
    if fs.local:
        root = Path(fs.root)
        if root.exists() and not root.is_dir():
            raise OutputError(f"output {root} is a file, not a directory")
    probe = fs.join(WORK_DIR, f".probe-{os.getpid()}-{uuid.uuid4().hex[:8]}")
    try:
        fs.makedirs(fs.join(WORK_DIR))
        with fs.open(probe, "wb") as f:
            f.write(b"ok")
        fs.rm(probe)
    except Exception as e:  # noqa: BLE001  (OSError locally; botocore's and fsspec's own remotely)
        cause = e.strerror if isinstance(e, OSError) and e.strerror else (str(e) or type(e).__name__)
        raise OutputError(f"output {fs.url} is not writable: {cause}") from None


class OutputLock:
    """One run at a time in an output, held for the whole run.

    Locally an exclusive `flock` on `OUT/.curate/lock`: the kernel drops it when the last process
    holding the file dies (the run and the workers it forked), so a crashed run leaves no stale
    lock to clean up by hand.

    On an object store there is no flock, so the lock is advisory: an object `.curate/lock` with
    the holder's pid, host and a heartbeat time, rewritten every `HEARTBEAT` seconds and removed at
    the end. A run refuses an output whose lock is fresh; one whose heartbeat is older than `STALE`
    seconds, or whose holder is a dead process on this host, is taken over. Two runs starting in
    the same second could both take it (no compare-and-swap is used); the lock guards against the
    usual mistake, a second command into the same output, not against a race."""

    HEARTBEAT = 30.0
    STALE = 300.0

    def __init__(self, out: str | os.PathLike[str] | OutputFS) -> None:
        self.fs = output_fs(out)
        self.path = self.fs.join(LOCK_FILE)
        self._fd: int | None = None
        self._token = uuid.uuid4().hex
        self._stop = threading.Event()
        self._beat: threading.Thread | None = None

    def __enter__(self) -> OutputLock:
        if not self.fs.local:
            return self._enter_remote()
        os.makedirs(os.path.dirname(self.path), exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            os.close(fd)
            if e.errno not in (errno.EAGAIN, errno.EACCES):
                raise OutputError(f"cannot lock {self.path}: {e.strerror}") from None
            holder = _holder(_read_lock(self.path))
            raise OutputError(f"another curate run ({holder}) is writing to {self.fs.root}; "
                              "wait for it or choose another --output") from None
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(), "host": socket.gethostname()}).encode())
        self._fd = fd
        return self

    def _enter_remote(self) -> OutputLock:
        held = self.fs.read_json(self.path)
        if held and not _lock_is_stale(held, self.STALE):
            raise OutputError(f"another curate run ({_holder(held)}, heartbeat {time.time() - held['time']:.0f}s ago) "
                              f"is writing to {self.fs.url}; wait for it or choose another --output (the lock "
                              f"is {self.fs.display(self.path)}: remove it if that run is gone, or wait "
                              f"{self.STALE:.0f}s from its last heartbeat)")
        self._write_remote()
        if (self.fs.read_json(self.path) or {}).get("token") != self._token:  # another run took it meanwhile
            raise OutputError(f"another curate run took the lock of {self.fs.url} at the same moment; "
                              "wait for it or choose another --output")
        self._beat = threading.Thread(target=self._heartbeat, name="curate-lock-heartbeat", daemon=True)
        self._beat.start()
        return self

    def _write_remote(self) -> None:
        self.fs.write_json(self.path, {"pid": os.getpid(), "host": socket.gethostname(), "time": time.time(),
                                       "token": self._token})

    def _heartbeat(self) -> None:
        while not self._stop.wait(self.HEARTBEAT):
            try:
                self._write_remote()
            except Exception:  # noqa: BLE001  (a missed beat is retried; the run's own writes report errors)
                pass

    def __exit__(self, *exc: Any) -> None:
        if self._fd is not None:
            os.close(self._fd)  # releases the flock
            self._fd = None
        if self._beat is not None:
            self._stop.set()
            self._beat.join()
            self._beat = None
            if (self.fs.read_json(self.path) or {}).get("token") == self._token:
                self.fs.rm(self.path)


def _lock_is_stale(held: dict[str, Any], stale_after: float) -> bool:
    try:
        if time.time() - float(held["time"]) > stale_after:
            return True
        if held.get("host") == socket.gethostname():
            os.kill(int(held["pid"]), 0)  # raises if that process is gone
        return False
    except ProcessLookupError:
        return True
    except (KeyError, TypeError, ValueError, PermissionError):  # PermissionError: alive, another user's
        return False


def _read_lock(path: str) -> dict[str, Any] | None:
    try:
        with open(path, encoding="utf-8") as f:
            return json.loads(f.read() or "{}")
    except (OSError, ValueError):
        return None


def _holder(d: dict[str, Any] | None) -> str:
    try:
        return f"pid {d['pid']} on {d['host']}"  # type: ignore[index]
    except (TypeError, KeyError):
        return "unknown process"


def shard_rows(path: str | os.PathLike[str], fs: OutputFS | None = None) -> int | None:
    """Rows of a complete Parquet file (its footer read back), or None if it is missing or torn."""
    try:
        if fs is None or fs.local:
            return pq.ParquetFile(path).metadata.num_rows
        with fs.open(os.fspath(path), "rb") as f:
            return pq.ParquetFile(f).metadata.num_rows
    except (OSError, ValueError, Exception):  # noqa: BLE001  (pyarrow raises ArrowInvalid and kin)
        return None


def remove_leftovers(out: str | os.PathLike[str] | OutputFS) -> None:
    """Temporary files of processes that died mid-write (`.NAME.tmp...`) in the folders loaders
    read; on S3, the unfinished multipart uploads under the output (never visible, but kept and
    billed by the store). Called by the run holding the output's lock, so no upload is live."""
    fs = output_fs(out)
    if fs.protocol in ("s3", "s3a"):
        abort_unfinished_uploads(fs)
    if not fs.local:
        return
    for folder in (Path(fs.root) / "data", Path(fs.root) / "rejected"):
        if folder.is_dir():
            for p in folder.glob(".*.tmp*"):
                p.unlink(missing_ok=True)


def abort_unfinished_uploads(fs: OutputFS) -> int:
    """Abort the multipart uploads left open under `fs`'s prefix (by killed processes); how many."""
    bucket, _, prefix = fs.root.partition("/")
    n = 0
    try:
        listing = fs.fs.call_s3("list_multipart_uploads", Bucket=bucket, Prefix=prefix.rstrip("/") + "/")
        for up in listing.get("Uploads", []):
            fs.fs.call_s3("abort_multipart_upload", Bucket=bucket, Key=up["Key"], UploadId=up["UploadId"])
            n += 1
    except Exception as e:  # noqa: BLE001  (a store without the call, or no permission: only storage wasted)
        log.warning("could not abort unfinished uploads under %s: %s: %s", fs.url, type(e).__name__, e)
    return n


def remove_work_files(out: str | os.PathLike[str] | OutputFS, work_dir: str | None = None) -> None:
    """After a successful run: the pre-dedup shards and dedup's phase files (often larger than
    the dataset) go, wherever they are (`work_dir`: from `dedup_work_dir`; on a store, with this
    machine's mirror of it); markers, lock and caches stay."""
    fs = output_fs(out)
    fs.rmtree(fs.join(PRE_DEDUP_DIR))
    work_dir = work_dir or fs.join(DEDUP_WORK_DIR)
    if "://" in work_dir:
        from curate.dedup.workdir import Store

        store = Store(work_dir, fs.storage_options)
        shutil.rmtree(store.mirror, ignore_errors=True)
        OutputFS(work_dir, fs.storage_options).rmtree(store.key(work_dir))
    else:
        shutil.rmtree(work_dir, ignore_errors=True)


def dedup_work_dir(fs: OutputFS, work_dir: str | None = None, shared_by_tasks: bool = False) -> str:
    """Where dedup's phase files go: `work_dir` (--work-dir) when given, a folder or a URL on a
    store; else OUT/.curate/dedup for a local output. For a remote output, OUT/.curate/dedup on
    the store when the tasks run on other machines (`shared_by_tasks`: Ray), else a local folder
    named by the output URL (so a rerun of the same command finds its phase files) under
    ~/.cache/curate."""
    if work_dir and "://" in work_dir:
        return work_dir.rstrip("/")
    if fs.local and not work_dir:
        return fs.join(DEDUP_WORK_DIR)
    if not fs.local and shared_by_tasks and not work_dir:
        return fs.display(fs.join(DEDUP_WORK_DIR))
    import hashlib

    base = work_dir or os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "curate")
    url = fs.url if not fs.local else os.path.abspath(fs.root)
    return os.path.join(base, "work-" + hashlib.sha1(url.rstrip("/").encode()).hexdigest()[:12])


INDEX_DIR = f"{WORK_DIR}/dedup-index"  # curate.dedup.index.index_dir's place, relative to the output


def upload_dir(fs: OutputFS, local_dir: str, dest: str, last: str = "meta.json") -> None:
    """Copy the files of `local_dir` to `dest` on `fs`, `last` last (its presence says the rest is there)."""
    fs.rmtree(dest)
    names = sorted(os.listdir(local_dir), key=lambda n: n == last)
    for name in names:
        fs.fs.put_file(os.path.join(local_dir, name), f"{dest}/{name}")


def local_index_run(run: str, storage_options: dict[str, Any] | None = None) -> str:
    """An earlier run for --dedup-against as a local folder holding its dedup index: `run` itself
    when local; for a URL, a copy of its index under ~/.cache/curate (the index is memory-mapped)."""
    fs = OutputFS(run, storage_options)
    if fs.local:
        return run
    import hashlib

    cache = os.path.join(os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "curate",
                         "index-" + hashlib.sha1(fs.url.rstrip("/").encode()).hexdigest()[:12])
    dest = os.path.join(cache, INDEX_DIR)
    meta = fs.read_bytes(fs.join(INDEX_DIR, "meta.json"))
    if meta is None:
        raise ValueError(f"--dedup-against {run}: no dedup index there ({fs.display(fs.join(INDEX_DIR, 'meta.json'))} "
                         "is missing); it is written by a run with dedup, when the run finishes")
    mine = os.path.join(dest, "meta.json")
    if not (os.path.exists(mine) and open(mine, "rb").read() == meta):
        shutil.rmtree(dest, ignore_errors=True)
        os.makedirs(dest)
        for path in fs.glob(fs.join(INDEX_DIR, "*")):
            if os.path.basename(path) != "meta.json":
                fs.fs.get_file(path, os.path.join(dest, os.path.basename(path)))
        with open(mine, "wb") as f:  # last: a copy cut short is fetched again
            f.write(meta)
    return cache
