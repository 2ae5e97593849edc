"""Where the per-file tasks run, the only seam between a run and its machines.

An executor has `workers` (worker slots it runs), `counter` (`.value`: records read so far, for the
progress line), `map(recipe, options, sources)` yielding the stats dict of each finished file in
any order, `release()` (the per-file workers are done: free their CPUs), `close()`, and optionally
`map_tasks(fn, shared, jobs)` (run-level work, e.g. dedup's phases, on the executor's machines). `local`
is a pool of processes on this machine; `ray` is one long-lived actor per worker slot on a Ray
cluster (models load once per actor)."""

from __future__ import annotations

import logging
import os
import sys
import time
from collections import deque
from collections.abc import Iterator
from typing import Any

from curate.engine.pool import TaskFailed, WorkerStartError, map_unordered
from curate.io.parquet import ShardWriteError
from curate.engine.recipe import Recipe
from curate.engine.stats import FileStats
from curate.engine.worker import RunOptions, _Counter, _init_worker, _process, _Worker

log = logging.getLogger("curate")


class LocalExecutor:
    """Worker processes on this machine (curate.engine.pool: a file whose worker dies is retried once
    in a fresh one, then counted failed), or this process for one worker."""

    def __init__(self, options: RunOptions, n_tasks: int) -> None:
        self.workers = max(1, min(options.workers, n_tasks))
        self.counter = _Counter()

    def map(self, recipe: Recipe, options: RunOptions, sources: list[str]) -> Iterator[dict[str, Any]]:
        if self.workers == 1:
            _init_worker(recipe, options, self.counter)
            for source in sources:
                yield _process(source)
            return
        for source, stats, death in map_unordered(_process, sources, self.workers, _init_worker,
                                                  (recipe, options, self.counter)):
            if death is not None:  # no marker was written: the next run tries the file again
                stats = FileStats(source=source, status="failed", error=death).to_dict()
            yield stats

    def release(self) -> None:
        pass

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

    def ready(self) -> bool:
        return True


def _first_line(e: BaseException) -> str:
    """The cause of a Ray error in one line (its message carries tracebacks)."""
    cause = getattr(e, "cause", None)
    if isinstance(cause, BaseException):
        return f"{type(cause).__name__}: {cause}"[:300]
    lines = [ln.strip() for ln in str(e).splitlines() if ln.strip()]
    return (lines[0] if lines else type(e).__name__)[:300]


class _RayCounterActor:
    def __init__(self) -> None:
        self.n = self.nbytes = 0

    def add(self, n: int, nbytes: int = 0) -> None:
        self.n += n
        self.nbytes += nbytes

    def get(self) -> tuple[int, int]:
        return self.n, self.nbytes


class _RayCounter:
    """The progress counter as a Ray actor: workers add to it without waiting, the driver reads it."""

    def __init__(self, actor: Any) -> None:
        self.actor, self._last = actor, (0, 0)

    def add(self, n: int, nbytes: int = 0) -> None:
        self.actor.add.remote(n, nbytes)

    def _read(self) -> tuple[int, int]:
        import ray

        try:
            self._last = tuple(ray.get(self.actor.get.remote(), timeout=10))
        except Exception as e:  # noqa: BLE001  (a slow or gone counter must not stop the run; show the last)
            log.debug("progress counter not read: %s", e)
        return self._last

    @property
    def value(self) -> int:
        return self._read()[0]

    @property
    def bytes(self) -> int:
        return self._last[1]  # read together with `value`, which the progress line asks first


class RayExecutor:
    """One long-lived actor per worker slot on a Ray cluster (`options.ray_address`, or a local Ray
    when None), each holding one `_Worker`; files go to whichever actor is free. `options.workers`
    actors (0: one per CPU of the cluster), one CPU each. Joins a Ray this process already
    initialised, and shuts down only a Ray it started."""

    RETRIES = 2  # tries of a file after the first, each on a restarted actor

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
        """Files to whichever actor is free. An actor lost mid-file (killed, its node gone) is
        restarted by Ray and the file redone there from scratch (stale shards removed, marker
        rewritten); a file on which actors die `RETRIES + 1` times is counted failed with the
        cause, a fresh actor takes its slot, and the run goes on. A write error stops the run."""
        import ray

        actor = ray.remote(num_cpus=1, max_restarts=self.RETRIES + 2, max_task_retries=self.RETRIES)(_RayWorker)

        def start() -> Any:
            return actor.remote(recipe, options, self.counter_name, os.getcwd())

        self.actors = [start() for _ in range(self.workers)]
        try:  # a worker that cannot start (a bad recipe value, a missing lexicon) fails the run once
            ray.get([a.ready.remote() for a in self.actors])
        except ray.exceptions.RayError as e:
            raise WorkerStartError(f"a Ray worker could not start: {_first_line(e)}") from None
        todo, running, idle = deque(sources), {}, list(range(len(self.actors)))
        while todo or running:
            while idle and todo:
                i, source = idle.pop(), todo.popleft()
                running[self.actors[i].process.remote(source)] = (i, source)
            (ref,), _ = ray.wait(list(running), num_returns=1)
            i, source = running.pop(ref)
            idle.append(i)
            try:
                result = ray.get(ref)
            except ray.exceptions.RayTaskError as e:  # the task's own exception (process_file catches the rest)
                if isinstance(e.cause, ShardWriteError):
                    raise e.cause from None
                result = FileStats(source=source, status="failed", error=f"task failed: {e.cause!r}").to_dict()
            except ray.exceptions.RayError as e:  # the actor died on it every time
                cause = _first_line(e)
                log.error("%s: its worker died %d times (%s); counting it as failed", source, self.RETRIES + 1, cause)
                result = FileStats(source=source, status="failed", error=f"worker died: {cause}").to_dict()
                ray.kill(self.actors[i])
                self.actors[i] = start()
            yield result

    @staticmethod
    def map_tasks(fn: Any, shared: Any, jobs: list[Any]) -> list[Any]:
        """`[fn(shared, job) for job in jobs]` as Ray tasks of one CPU each, anywhere on the cluster
        (dedup's per-shard and per-partition phases); `shared` goes to the object store once. A
        task lost with its worker or node is retried by Ray (`RETRIES` times), then its job's
        result is a `TaskFailed` with the cause, and the others go on."""
        import ray

        task = ray.remote(num_cpus=1, max_retries=RayExecutor.RETRIES)(fn)
        ref = ray.put(shared)
        results = []
        for done in [task.remote(ref, job) for job in jobs]:
            try:
                results.append(ray.get(done))
            except ray.exceptions.RayError as e:
                results.append(TaskFailed(_first_line(e)))
        return results

    def release(self) -> None:
        """End the per-file actors (their CPUs go to the run-level phases' tasks)."""
        import ray

        for a in self.actors:
            ray.kill(a)
        self.actors = []

    def close(self) -> None:
        import ray

        self.release()
        ray.kill(self.counter.actor)
        if self.started:
            ray.shutdown()


EXECUTORS = {"local": LocalExecutor, "ray": RayExecutor}
