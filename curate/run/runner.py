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

import json
import logging
import os
import sys
import threading
import time
from collections import Counter
from dataclasses import asdict
from pathlib import Path
from typing import Any

from curate.io.readers import expand_inputs
from curate.inspect.report import thresholds as run_thresholds
from curate.run.recipe import Recipe
from curate.run.stats import FileStats, StageCounts, merge_run
from curate.run.executors import EXECUTORS
from curate.run.worker import PRE_DEDUP_DIR, RunOptions, _atomic_write_json, task_id  # noqa: F401

log = logging.getLogger("curate")


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
        dedup_stats = _deduplicate(recipe, out, files, dedup_workers, options.keep_rejected, options.dedup_against,
                                   options.max_shard_bytes)
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
                 keep_rejected: bool, against: list[str] = (), max_shard_bytes: int | None = None) -> dict[str, Any]:
    """Run the dedup phases over all per-file shards into `out/data` (shards packed across files up
    to the run's shard size), and count each removal against the input file the document came from,
    as drops of a `dedup` stage."""
    from curate.dedup import deduplicate, index_dir
    from curate.io.parquet import parse_size

    shards = [str(out / s) for f in files for s in f.shards]
    result = deduplicate(shards, str(out / "data"), str(out / ".curate" / "dedup"), recipe.dedup, workers,
                         str(out / "rejected") if keep_rejected else None, index_dir(str(out)), against,
                         max_shard_bytes or parse_size(recipe.output.get("max_shard_bytes", "256MB")))
    for f in files:
        removed = Counter({k: v for k, v in result["removed_by_source"].get(f.source, {}).items() if v})
        kept = f.kept - sum(removed.values())
        f.stages["dedup"] = StageCounts(seen=f.kept, kept=kept, dropped=removed)
        f.kept = kept
        f.shards = [os.path.relpath(p, out) for p in result["shards_by_source"].get(f.source, [])]
    return {k: v for k, v in result.items() if k not in ("removed_by_source", "shards_by_source")}


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
