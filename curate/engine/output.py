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
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import shutil
import socket
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

WORK_DIR = ".curate"
TASKS_DIR = f"{WORK_DIR}/tasks"            # one marker per finished input file
PRE_DEDUP_DIR = f"{WORK_DIR}/pre-dedup"    # per-file shards wait here when a dedup phase follows
DEDUP_WORK_DIR = f"{WORK_DIR}/dedup"       # dedup's phase files
LOCK_FILE = f"{WORK_DIR}/lock"
DATA_PREFIX = "train-"                     # final shards: data/train-<task>-<n>.parquet


class OutputError(RuntimeError):
    """The output cannot be written (not a directory, no permission, disk full, locked): the run
    stops with this one line and resumes once the cause is fixed."""


def check_output(out: Path) -> None:
    """Fail before any work if `out` is a file, cannot be made, or is not writable."""
    if out.exists() and not out.is_dir():
        raise OutputError(f"output {out} is a file, not a directory")
    try:
        (out / WORK_DIR).mkdir(parents=True, exist_ok=True)
        probe = out / WORK_DIR / f".probe-{os.getpid()}"
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as e:
        raise OutputError(f"output {out} is not writable: {e.strerror or e}") from None


class OutputLock:
    """An exclusive `flock` on `OUT/.curate/lock`, held for the whole run.

    The kernel drops the lock when the last process holding the file dies (the run and the
    workers it forked), so a crashed run leaves no stale lock to clean up by hand."""

    def __init__(self, out: Path) -> None:
        self.path = out / LOCK_FILE
        self._fd: int | None = None

    def __enter__(self) -> OutputLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as e:
            os.close(fd)
            if e.errno not in (errno.EAGAIN, errno.EACCES):
                raise OutputError(f"cannot lock {self.path}: {e.strerror}") from None
            holder = _read_holder(self.path)
            raise OutputError(f"another curate run ({holder}) is writing to {self.path.parent.parent}; "
                              "wait for it or choose another --output") from None
        os.ftruncate(fd, 0)
        os.write(fd, json.dumps({"pid": os.getpid(), "host": socket.gethostname()}).encode())
        self._fd = fd
        return self

    def __exit__(self, *exc: Any) -> None:
        if self._fd is not None:
            os.close(self._fd)  # releases the flock
            self._fd = None


def _read_holder(path: Path) -> str:
    try:
        d = json.loads(path.read_text(encoding="utf-8") or "{}")
        return f"pid {d['pid']} on {d['host']}"
    except (OSError, ValueError, KeyError):
        return "unknown process"


def shard_rows(path: str | os.PathLike[str]) -> int | None:
    """Rows of a complete Parquet file (its footer read back), or None if it is missing or torn."""
    try:
        return pq.ParquetFile(path).metadata.num_rows
    except (OSError, ValueError, Exception):  # noqa: BLE001  (pyarrow raises ArrowInvalid and kin)
        return None


def remove_leftovers(out: Path) -> None:
    """Temporary files of processes that died mid-write (`.NAME.tmp...`) in the folders loaders read."""
    for folder in (out / "data", out / "rejected"):
        if folder.is_dir():
            for p in folder.glob(".*.tmp*"):
                p.unlink(missing_ok=True)


def remove_work_files(out: Path) -> None:
    """After a successful run: the pre-dedup shards and dedup's phase files (often larger than
    the dataset) go; markers, lock and caches stay."""
    for sub in (PRE_DEDUP_DIR, DEDUP_WORK_DIR):
        shutil.rmtree(out / sub, ignore_errors=True)
