"""Running a recipe over input files: one task per file, in worker processes, resumable.

Each finished task leaves a marker (`.curate/tasks/<task>.json`, its stats) next to its shards;
rerunning the same recipe into the same output skips finished files and rebuilds `stats.json`.

Where the tasks run is the executor's business, and the only seam: an executor maps
`_Worker.process_file` over input files and yields each finished file's stats (a dict) as it comes.
`local` is a pool of processes on this machine; `ray` is one long-lived actor per worker slot on a
Ray cluster (models load once per actor), which needs `--output` (and local inputs) on a filesystem
every node sees. Everything else (resume markers, the stats merge, dedup) is the same for both.
"""

from __future__ import annotations

import hashlib
import json
import logging
import multiprocessing as mp
import os
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pyarrow as pa

from .readers import CC_BASE_URL, expand_inputs, read_records
from .report import thresholds as run_thresholds
from .recipe import Recipe
from .stage import Stage
from .stats import FileStats, StageCounts, merge_run
from .writer import ShardWriter, output_schema, parse_size

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


def _finished_tasks(out: Path, recipe: Recipe, sources: list[str]) -> dict[str, FileStats]:
    """Stats of the input files a previous run of the same recipe already finished."""
    done = {}
    for source in sources:
        marker = out / ".curate" / "tasks" / f"{task_id(source)}.json"
        if not marker.exists():
            continue
        data = json.loads(marker.read_text(encoding="utf-8"))
        stats = FileStats.from_dict(data["stats"])
        if data.get("recipe") == recipe.fingerprint() and stats.status != "unreadable" and \
                all((out / s).exists() for s in stats.shards):
            done[source] = stats
    return done


def run(recipe: Recipe, inputs: list[str], options: RunOptions) -> dict[str, Any]:
    """Run `recipe` over `inputs`; write shards and `stats.json` under `options.output`."""
    if options.executor not in EXECUTORS:
        raise ValueError(f"unknown executor {options.executor!r} (one of: {', '.join(EXECUTORS)})")
    out = Path(options.output)
    out.mkdir(parents=True, exist_ok=True)
    sources = expand_inputs(inputs, options.base_url, options.storage_options)
    done = _finished_tasks(out, recipe, sources)
    todo = [s for s in sources if s not in done]
    if done:
        print(f"curate: resuming, {len(done)} of {len(sources)} input files already done", file=sys.stderr)
    results: dict[str, FileStats] = dict(done)
    t0 = time.perf_counter()
    executor = EXECUTORS[options.executor](options, len(todo)) if todo else None
    workers = executor.workers if executor else 1
    stop = threading.Event()
    reporter = threading.Thread(target=_report_progress,
                                args=(executor and executor.counter, stop, t0, len(todo), results, len(done)),
                                daemon=True)
    if options.progress and todo:
        reporter.start()
    try:
        for d in executor.map(recipe, options, todo) if executor else ():
            results[d["source"]] = FileStats.from_dict(d)
    finally:
        stop.set()
        if reporter.is_alive():
            reporter.join()
        if executor:
            executor.close()
    files = [results[s] for s in sources]
    stage_keys = recipe.stage_keys()
    dedup_stats = None
    if recipe.dedup:
        # Dedup runs on this machine whatever the executor: its per-shard phases in a local process
        # pool, its global phases in this process. (Its phases work from files, so they could be Ray
        # tasks too; not yet.)
        dedup_workers = workers if options.executor == "local" else (os.cpu_count() or 1)
        dedup_stats = _deduplicate(recipe, out, files, dedup_workers, options.keep_rejected)
        stage_keys.append("dedup")
    elapsed = time.perf_counter() - t0
    stats = merge_run(files, stage_keys)
    if dedup_stats is not None:
        stats["dedup"] = dedup_stats
    stats["run"] = {
        "recipe": recipe.name, "recipe_path": recipe.path, "recipe_fingerprint": recipe.fingerprint(),
        "stages": [{name: params} for name, params in recipe.stages],
        "inputs": inputs, "executor": options.executor, "workers": workers, "wall_seconds": round(elapsed, 3),
        "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
    }
    # The rules as this run applied them, so later reports do not depend on rule files that
    # may have been edited since.
    stats["run"]["thresholds"] = [asdict(t) for t in run_thresholds(stats)]
    _atomic_write_json(out / "stats.json", stats)
    ours = {os.path.normpath(out / shard) for f in files for shard in f.shards}
    strangers = [p for p in (out / "data").rglob("*.parquet") if os.path.normpath(p) not in ours]
    if strangers:
        log.warning("%d shard(s) in %s are not from this run (an earlier run with other inputs?), e.g. %s; "
                    "remove them or write to a new --output", len(strangers), out / "data", strangers[0].name)
    return stats


def _deduplicate(recipe: Recipe, out: Path, files: list[FileStats], workers: int,
                 keep_rejected: bool) -> dict[str, Any]:
    """Run the dedup phases over all per-file shards into `out/data`, and count each removal
    against the input file the document came from, as drops of a `dedup` stage."""
    from .dedup import deduplicate

    shards = [str(out / s) for f in files for s in f.shards]
    result = deduplicate(shards, str(out / "data"), str(out / ".curate" / "dedup"), recipe.dedup, workers,
                         str(out / "rejected") if keep_rejected else None)
    for f in files:
        removed = Counter({k: v for k, v in result["removed_by_source"].get(f.source, {}).items() if v})
        kept = f.kept - sum(removed.values())
        f.stages["dedup"] = StageCounts(seen=f.kept, kept=kept, dropped=removed)
        f.kept = kept
        f.shards = [os.path.relpath(p, out) for p in result["shards_by_source"].get(f.source, [])]
    return {k: v for k, v in result.items() if k not in ("removed_by_source", "shards_by_source")}


# ----------------------------------------------------------------------------- executors
#
# An executor has `workers` (worker slots it runs), `counter` (`.value`: records read so far, for the
# progress line), `map(recipe, options, sources)` yielding the stats dict of each finished file in
# any order, and `close()`.

class LocalExecutor:
    """Worker processes on this machine: a fork pool, or this process for one worker."""

    def __init__(self, options: RunOptions, n_tasks: int) -> None:
        self.workers = max(1, min(options.workers, n_tasks))
        self.counter = _Counter()

    def map(self, recipe: Recipe, options: RunOptions, sources: list[str]) -> Iterator[dict[str, Any]]:
        if self.workers == 1:
            _init_worker(recipe, options, self.counter)
            for source in sources:
                yield _process(source)
            return
        ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
        with ctx.Pool(self.workers, _init_worker, (recipe, options, self.counter)) as pool:
            yield from pool.imap_unordered(_process, sources)

    def close(self) -> None:
        pass


class _RayWorker:
    """One Ray actor: a `_Worker` (stages built, models loaded, once) that processes one file a call."""

    def __init__(self, recipe: Recipe, options: RunOptions, counter: str, cwd: str) -> None:
        import ray

        if os.path.isdir(cwd):  # relative paths mean the driver's directory, where a node shares it
            os.chdir(cwd)
        logging.basicConfig(level=logging.WARNING, format="curate: %(levelname)s: %(message)s")
        # The counter by name, not by handle: an actor whose constructor holds a handle cannot be
        # restarted safely.
        self.worker = _Worker(recipe, options, _RayCounter(ray.get_actor(counter)))

    def process(self, source: str) -> dict[str, Any]:
        return self.worker.process_file(source).to_dict()


class _RayCounterActor:
    def __init__(self) -> None:
        self.n = 0

    def add(self, n: int) -> None:
        self.n += n

    def get(self) -> int:
        return self.n


class _RayCounter:
    """The progress counter as a Ray actor: workers add to it without waiting, the driver reads it."""

    def __init__(self, actor: Any) -> None:
        self.actor, self._last = actor, 0

    def add(self, n: int) -> None:
        self.actor.add.remote(n)

    @property
    def value(self) -> int:
        import ray

        try:
            self._last = ray.get(self.actor.get.remote(), timeout=10)
        except Exception as e:  # noqa: BLE001  (a slow or gone counter must not stop the run; show the last)
            log.debug("progress counter not read: %s", e)
        return self._last


class RayExecutor:
    """One long-lived actor per worker slot on a Ray cluster (`options.ray_address`, or a local Ray
    when None), each holding one `_Worker`; files go to whichever actor is free. `options.workers`
    actors (0: one per CPU of the cluster), one CPU each. Joins a Ray this process already
    initialised, and shuts down only a Ray it started."""

    def __init__(self, options: RunOptions, n_tasks: int) -> None:
        try:
            import ray
        except ImportError as e:
            raise ImportError("the ray executor needs Ray: pip install 'curate[ray]'") from e
        self.started = not ray.is_initialized()
        if self.started:
            ray.init(address=options.ray_address, include_dashboard=False, logging_level=logging.WARNING)
        cpus = max(1, int(ray.cluster_resources().get("CPU", 1)))
        wanted = options.workers or cpus
        if wanted > cpus:  # an actor that finds no CPU would wait, and its files with it, forever
            log.warning("%d workers asked for, but the Ray cluster has %d CPUs: at most %d actors",
                        wanted, cpus, cpus)
        self.workers = max(1, min(wanted, cpus, n_tasks))
        print(f"curate: ray executor: {self.workers} actor(s) on a cluster of {cpus} CPUs", file=sys.stderr)
        self.counter_name = f"curate-progress-{os.getpid()}-{time.time_ns()}"
        self.counter = _RayCounter(ray.remote(num_cpus=0)(_RayCounterActor).options(name=self.counter_name).remote())
        self.actors: list[Any] = []

    def map(self, recipe: Recipe, options: RunOptions, sources: list[str]) -> Iterator[dict[str, Any]]:
        import ray
        from ray.util import ActorPool

        # A file is redone from scratch on a restarted actor (stale shards removed, marker rewritten).
        actor = ray.remote(num_cpus=1, max_restarts=2, max_task_retries=2)(_RayWorker)
        self.actors = [actor.remote(recipe, options, self.counter_name, os.getcwd()) for _ in range(self.workers)]
        pool = ActorPool(self.actors)
        yield from pool.map_unordered(lambda a, source: a.process.remote(source), sources)

    def close(self) -> None:
        import ray

        for a in self.actors + [self.counter.actor]:
            ray.kill(a)
        self.actors = []
        if self.started:
            ray.shutdown()


EXECUTORS = {"local": LocalExecutor, "ray": RayExecutor}


def _report_progress(counter: Any, stop: threading.Event, t0: float, n_files: int,
                     results: dict[str, FileStats], already: int) -> None:
    tty = sys.stderr.isatty()
    interval = 1.0 if tty else 15.0
    while not stop.wait(interval):
        n = counter.value
        elapsed = time.perf_counter() - t0
        line = (f"curate: {n:,} records, {n / elapsed:,.0f} records/s, "
                f"{len(results) - already}/{n_files} files, {elapsed:,.0f}s")
        print(("\r" + line) if tty else line, end="" if tty else "\n", file=sys.stderr, flush=True)
    if tty:
        print("\r" + " " * 79 + "\r", end="", file=sys.stderr, flush=True)
