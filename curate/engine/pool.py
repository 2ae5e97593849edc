"""A process pool that survives its workers: a worker killed mid-task (SIGKILL, the kernel's OOM
killer, a crash in C code) costs one retry of that task in a fresh worker, then the task is
reported failed with the cause; a worker that cannot start fails the map once with its error.

`multiprocessing.Pool` waits forever for a task whose worker was killed, and restarts workers
whose initializer fails in an endless loop; `concurrent.futures.ProcessPoolExecutor` fails every
task in flight when one worker dies, without saying which one it was. Here each worker has its
own pipe, so the task a dead worker held is known exactly.
"""

from __future__ import annotations

import logging
import multiprocessing as mp
import os
import signal
import traceback
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.connection import Connection, wait
from typing import Any

log = logging.getLogger("curate")


class TaskFailed:
    """What a task returns for a job that failed on every try, instead of failing the whole map:
    the error, for the caller to report with the job."""

    def __init__(self, error: str) -> None:
        self.error = error

    def __repr__(self) -> str:
        return f"TaskFailed({self.error!r})"


class WorkerStartError(RuntimeError):
    """A worker died while starting, without a Python error to tell why."""


def _serve(conn: Connection, init: Callable[..., None] | None, init_args: tuple, task: Callable[[Any], Any]) -> None:
    """A worker: run `init(*init_args)` once, then `task(item)` for each item sent until None."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle: it stops us
    try:
        if init is not None:
            init(*init_args)
    except BaseException as e:  # noqa: BLE001  (sent to the parent, which fails the map with it)
        try:
            conn.send(("start_failed", e))
        except Exception:  # noqa: BLE001  (an exception that does not pickle)
            conn.send(("start_failed", WorkerStartError(f"{type(e).__name__}: {e}")))
        return
    conn.send(("started", None))
    while (item := conn.recv()) is not None:
        try:
            result = task(item)
        except Exception as e:  # noqa: BLE001  (the task's own error, e.g. a full disk: the parent raises it)
            e.add_note(f"in worker process {os.getpid()}:\n{traceback.format_exc()}")
            conn.send(("task_failed", _picklable(e)))
            continue
        conn.send(("done", result))


def _picklable(e: BaseException) -> BaseException:
    import pickle

    try:
        pickle.dumps(e)
        return e
    except Exception:  # noqa: BLE001
        return RuntimeError(f"{type(e).__name__}: {e}")


class _Worker:
    def __init__(self, ctx: Any, args: tuple) -> None:
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_serve, args=(child, *args), daemon=True)
        self.process.start()
        child.close()
        self.started = False
        self.job: tuple[int, Any] | None = None  # (index, item) of the task it holds

    def cause_of_death(self) -> str:
        self.process.join()
        code = self.process.exitcode
        if code is not None and code < 0:
            try:
                return f"signal {-code} ({signal.Signals(-code).name})"
            except ValueError:
                return f"signal {-code}"
        return f"exit status {code}"

    def stop(self, now: bool = False) -> None:
        if not now and self.process.is_alive():
            try:
                self.conn.send(None)
            except OSError:
                pass
            self.process.join(5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join()
        self.conn.close()


def map_unordered(task: Callable[[Any], Any], items: Iterable[Any], workers: int,
                  init: Callable[..., None] | None = None, init_args: tuple = (),
                  retries: int = 1) -> Iterator[tuple[Any, Any, str | None]]:
    """(item, task(item), None) for each item as workers finish them, in `workers` processes each
    set up once by `init(*init_args)`; (item, None, "worker died: signal 9") for an item whose
    worker died on it `retries + 1` times. A worker's error in `init`, or an exception `task`
    raises, is raised here once, and the pool stops. `task` and `init` must be importable functions (for the spawn start method)."""
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    todo = deque(enumerate(items))  # (index, item): the index tells tries of equal items apart
    if not todo:
        return
    tries = [0] * len(todo)
    args = (init, init_args, task)
    pool = [_Worker(ctx, args) for _ in range(max(1, min(workers, len(todo))))]
    failed = False
    start_deaths = 0
    try:
        while todo or any(w.job is not None for w in pool):
            for w in pool:
                if w.started and w.job is None and todo:
                    w.job = todo.popleft()
                    tries[w.job[0]] += 1
                    w.conn.send(w.job[1])
            ready = set(wait([w.conn for w in pool] + [w.process.sentinel for w in pool]))
            for i, w in enumerate(pool):
                if w.conn in ready:
                    try:
                        kind, value = w.conn.recv()
                    except (EOFError, OSError):
                        kind, value = "died", None
                elif w.process.sentinel in ready:
                    kind, value = "died", None
                else:
                    continue
                if kind == "started":
                    w.started = True
                elif kind == "done":
                    (_, item), w.job = w.job, None
                    yield item, value, None
                elif kind in ("start_failed", "task_failed"):
                    raise value
                else:
                    cause = w.cause_of_death()
                    if not w.started:
                        # killed from outside while loading (the OOM killer, an operator): start
                        # another, a few times; a worker that keeps dying there fails the run
                        start_deaths += 1
                        if not cause.startswith("signal") or start_deaths > 2 * len(pool):
                            raise WorkerStartError(f"a worker process died while starting: {cause}")
                        log.warning("worker process %d died while starting (%s); starting another",
                                    w.process.pid, cause)
                        pool[i] = _Worker(ctx, args)
                        continue
                    w.stop(now=True)
                    if w.job is not None:
                        index, item = w.job
                        if tries[index] <= retries:
                            log.warning("worker process %d died (%s) on %s; trying it again in a fresh worker",
                                        w.process.pid, cause, item)
                            todo.appendleft(w.job)
                        else:
                            log.error("worker process %d died (%s) on %s again; counting it as failed",
                                      w.process.pid, cause, item)
                            yield item, None, f"worker died: {cause}"
                    pool[i] = _Worker(ctx, args) if todo else None
            pool = [w for w in pool if w is not None]
    except BaseException:
        failed = True
        raise
    finally:
        for w in pool:
            if w is not None:
                w.stop(now=failed)
