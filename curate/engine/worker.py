"""What runs inside one worker process: the run's options, the per-file task (read, stages,
shards, marker) and the counter the progress line reads."""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing as mp
import os
import signal
import sys
import threading
import time
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from curate.document import Document
from curate.io.parquet import REJECTED_FIELDS, ShardWriteError, ShardWriter, output_schema, parse_size
from curate.io.readers import CC_BASE_URL, read_records
from curate.engine.limits import html_too_deep, text_over_limits
from curate.engine.output import DATA_PREFIX, PRE_DEDUP_DIR, TASKS_DIR, OutputFS, shard_rows
from curate.engine import top_share
from curate.engine.recipe import Recipe
from curate.engine.stats import FileStats, StageCounts
from curate.stages.base import Stage

log = logging.getLogger("curate")
_TICK = 256  # records between updates of the shared progress counter


@dataclass
class RunOptions:
    output: str = "out"  # a directory or any fsspec URL (s3://bucket/prefix)
    workers: int = 1
    storage_options: dict[str, Any] = field(default_factory=dict)  # fsspec options of URL inputs (and output)
    output_storage_options: dict[str, Any] | None = None  # the output's, when not the inputs' (None: the same)
    base_url: str = CC_BASE_URL  # prefix for the relative paths of a *.paths.gz listing
    keep_rejected: bool = False
    max_shard_bytes: int | None = None
    progress: bool = True
    executor: str = "local"  # "local" (processes on this machine) or "ray"
    ray_address: str | None = None  # a Ray cluster to join; None starts a local Ray (or joins RAY_ADDRESS)
    limit: int | None = None  # read at most this many records of each input (a quick look at a dump)
    keep_work: bool = False  # keep pre-dedup shards and dedup's phase files after a successful run
    card: bool = True  # write the dataset card (README.md) at the end of the run
    dedup_against: list[str] = field(default_factory=list)  # outputs of earlier runs whose documents are dropped
    work_dir: str | None = None  # local folder for dedup's phase files (default: OUT/.curate/dedup, or a cache dir)

    def output_fs(self) -> OutputFS:
        opts = self.storage_options if self.output_storage_options is None else self.output_storage_options
        return OutputFS(self.output, opts)


def run_key(recipe: Recipe, options: RunOptions) -> str:
    """What decides the content of a task's output: the recipe and the options that change what
    is written. A finished task counts on a rerun only under the same key."""
    return json.dumps({"recipe": recipe.fingerprint(), "keep_rejected": options.keep_rejected,
                       "max_shard_bytes": options.max_shard_bytes, "limit": options.limit}, sort_keys=True)


def key_changes(old: str, new: str) -> list[str]:
    """The names of what differs between two run keys ("recipe", "keep_rejected", ...)."""
    try:
        a, b = json.loads(old), json.loads(new)
    except (TypeError, ValueError):
        return ["recipe"]
    return [k for k in b if a.get(k) != b[k]]


def task_id(source: str) -> str:
    """A stable, readable name for the task of one input file."""
    stem = os.path.basename(source.rstrip("/")).split(".")[0][:40] or "input"
    return f"{stem}-{hashlib.sha1(source.encode()).hexdigest()[:8]}"


class _Counter:
    """Records and input bytes read so far by all worker processes of this machine (the progress line)."""

    def __init__(self) -> None:
        self._value = mp.Value("q", 0)
        self._bytes = mp.Value("q", 0)

    def add(self, n: int, nbytes: int = 0) -> None:
        with self._value.get_lock():
            self._value.value += n
        if nbytes:
            with self._bytes.get_lock():
                self._bytes.value += nbytes

    @property
    def value(self) -> int:
        return self._value.value

    @property
    def bytes(self) -> int:
        return self._bytes.value


class StageTimeout(Exception):
    """A stage ran past `limits.stage_seconds` on one record."""


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
        self.limits = recipe.limits
        # Where documents are checked against the caps: right after the stage that makes the page's
        # HTML (before anything parses it) and after the one that makes its text.
        self.makes = [stage.makes for stage in self.stages]
        self.alarm = self._watchdog(self.limits.stage_seconds)
        self.out = options.output_fs()
        self._armed = False

    def _watchdog(self, seconds: float) -> float:
        """The stage time cap as a SIGALRM timer (0: none). Python code and the regex engine stop
        at once; C code (lexbor building a tree) only when it returns, which the depth cap bounds.
        Signals reach the main thread only: elsewhere (a Ray actor thread) there is no watchdog."""
        if seconds <= 0 or not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
            return 0.0
        signal.signal(signal.SIGALRM, self._on_alarm)
        return seconds

    def _on_alarm(self, signum: int, frame: Any) -> None:
        if self._armed:  # a late alarm, after the stage was done, is ignored
            self._armed = False
            raise StageTimeout

    def process_file(self, source: str) -> FileStats:
        """Read one input file through the stages into its shards and leave its marker.

        A task publishes all its shards or none: on an error its shards are removed, its kept
        documents are counted failed (`task_failed:...`), and no marker is left, so the next run
        retries it. A write error (disk full, permission) is raised, to stop the run."""
        out = self.out
        tid = task_id(source)
        if self.recipe.dedup or top_share.rules(self.recipe):  # run-level phases write data/ from these
            data_dir, prefix = out.join(PRE_DEDUP_DIR), tid
        else:
            data_dir, prefix = out.join("data"), DATA_PREFIX + tid
        self._remove_earlier_attempts(out, data_dir, prefix, tid)
        stats = FileStats(source=source)
        counts = [StageCounts() for _ in self.stages]
        writer = ShardWriter(data_dir, prefix, self.schema, self.max_bytes, self.compression, fs=out)
        rejected = None
        if self.options.keep_rejected:
            schema = pa.schema([*self.schema, *REJECTED_FIELDS])
            rejected = ShardWriter(out.join("rejected"), tid, schema, self.max_bytes, self.compression, fs=out)
        t0 = time.perf_counter()
        ticked = ticked_bytes = 0
        # The first stage runs inside the reader when it can decide on raw bytes, unless dropped
        # documents are to be written out (that needs the Document).
        early = self.stages and hasattr(self.stages[0], "check_raw") and rejected is None
        raw_check = self._raw_check(self.stages[0], counts[0]) if early else None
        first = 1 if early else 0
        error: BaseException | None = None
        try:
            for doc in read_records(source, stats, self.options.storage_options, self.limits, raw_check,
                                    max_records=self.options.limit):
                self._run_stages(doc, counts, stats, writer, rejected, first)
                if stats.read - ticked >= _TICK:
                    self._tick(stats.read - ticked, doc.offset - ticked_bytes)
                    ticked, ticked_bytes = stats.read, doc.offset
            shards = writer.close()
            rejected_shards = rejected.close() if rejected is not None else []
            _verify_shards(shards + rejected_shards, writer.rows + (rejected.rows if rejected else []), out)
        except Exception as e:  # noqa: BLE001  (a bug or disk error loses this file, not the run)
            error = e
            writer.abort()
            if rejected is not None:
                rejected.abort()
            lost, stats.kept = stats.kept, 0
            if lost:
                stats.failed[f"task_failed:{type(e).__name__}"] += lost
            stats.status, stats.error = "failed", f"task failed: {type(e).__name__}: {e}"
            if not isinstance(e, ShardWriteError):
                log.exception("%s: task failed", source)
        self._tick(stats.read - ticked, max(stats.bytes - ticked_bytes, 0))
        stats.seconds = time.perf_counter() - t0
        for key, stage, c in zip(self.keys, self.stages, counts):
            c.counts.update(stage.counts)
            stage.counts.clear()
            stats.stages[key] = c
        if isinstance(error, ShardWriteError):
            raise error
        if error is None:
            stats.shards = [out.rel(p) for p in shards]
            marker = {"key": run_key(self.recipe, self.options), "stats": stats.to_dict(),
                      "shard_rows": dict(zip(stats.shards, writer.rows)),
                      "rejected_shards": [out.rel(p) for p in rejected_shards]}
            out.write_json(out.join(TASKS_DIR, f"{tid}.json"), marker)  # last: it vouches for the shards
        return stats

    @staticmethod
    def _remove_earlier_attempts(out: OutputFS, data_dir: str, prefix: str, tid: str) -> None:
        """Shards and temporary files an interrupted or earlier try of this task left."""
        out.rm(out.join(TASKS_DIR, f"{tid}.json"))
        for folder, pre in ((data_dir, prefix), (out.join("rejected"), tid)):
            patterns = [f"{pre}-*.parquet"] + ([f".{pre}-*.tmp*"] if out.local else [])
            for stale in [p for pattern in patterns for p in out.glob(f"{folder}/{pattern}")]:
                out.rm(stale)

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
        alarm, timer = self.alarm, signal.ITIMER_REAL
        for i in range(first, len(self.stages)):
            key, stage, c = self.keys[i], self.stages[i], counts[i]
            c.seen += 1
            t = time.perf_counter()
            try:
                if alarm:
                    self._armed = True
                    signal.setitimer(timer, alarm)
                reason = stage.process(doc)
                if alarm:
                    self._armed = False
                    signal.setitimer(timer, 0)
            except Exception as e:  # noqa: BLE001  (one bad document must not stop the file)
                if alarm:
                    self._armed = False
                    signal.setitimer(timer, 0)
                c.seconds += time.perf_counter() - t
                what = "timeout" if isinstance(e, StageTimeout) else type(e).__name__
                c.failed[f"{key}:{what}"] += 1
                log.warning("%s: record %s at offset %d failed in %s: %s", doc.source, doc.id, doc.offset, key,
                            f"ran past {alarm:g}s" if what == "timeout" else f"{what}: {e}")
                return
            c.seconds += time.perf_counter() - t
            if reason is not None:
                c.dropped[reason] += 1
                if rejected is not None:
                    doc.signals["drop_stage"], doc.signals["drop_reason"] = key, reason
                    rejected.write(doc)
                return
            makes = self.makes[i]
            if makes is not None and self._over_limits(doc, makes, stats):
                return
            c.kept += 1
            c.counts["chars_out"] += len(doc.text)  # the funnel in characters, without rejected shards
        writer.write(doc)
        stats.kept += 1

    def _over_limits(self, doc: Document, makes: str, stats: FileStats) -> bool:
        """Whether the page a stage just made is past a cap (then counted as skipped): HTML too
        deep to parse in bounded time, or text with too many lines or characters."""
        limits = self.limits
        if makes == "html":
            reason = "html_too_deep" if doc.content_type != "text/plain" and \
                html_too_deep(doc.html, limits.max_html_depth) else None
        elif makes == "text":
            reason = text_over_limits(doc.text, limits)
        else:
            return False
        if reason is None:
            return False
        stats.skipped[reason] += 1
        log.warning("%s: record %s at offset %d skipped: %s (limits in the recipe)", doc.source, doc.id,
                    doc.offset, reason)
        return True

    def _tick(self, n: int, nbytes: int = 0) -> None:
        if self.counter is not None and (n > 0 or nbytes > 0):
            self.counter.add(n, nbytes)



def _verify_shards(paths: list[str], rows: list[int], fs: OutputFS | None = None) -> None:
    """Each shard's footer read back, with the rows written: a torn file is never published."""
    for path, n in zip(paths, rows):
        found = shard_rows(path, fs)
        if found != n:
            raise ShardWriteError(f"{path}: wrote {n} rows, its footer reads back {found}")


_worker: _Worker | None = None


def _die_with_parent() -> None:
    """A worker process ends when the run that forked it dies (Linux), instead of writing on as
    an orphan beside the workers of a rerun."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    parent = os.getppid()
    ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # 1 = PR_SET_PDEATHSIG
    if os.getppid() != parent:  # the parent died before the call
        os._exit(1)


def _init_worker(recipe: Recipe, options: RunOptions, counter: Any) -> None:
    global _worker
    if mp.current_process().name != "MainProcess":
        _die_with_parent()
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle, once
    logging.basicConfig(level=logging.WARNING, format="curate: %(levelname)s: %(message)s")
    _worker = _Worker(recipe, options, counter)


def _process(source: str) -> dict[str, Any]:
    assert _worker is not None
    return _worker.process_file(source).to_dict()
