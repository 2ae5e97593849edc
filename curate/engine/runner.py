"""Running a recipe over input files: one task per file, in worker processes, resumable.

Each finished task leaves a marker (`.curate/tasks/<task>.json`: its stats, its shards and their
rows) once its shards are published and read back whole; rerunning the same recipe with the same
output-changing options (`run_key`) into the same output skips finished files and rebuilds
`stats.json`. One run at a time holds the output (`OutputLock`); see `curate.engine.output` for what
lives where.

Where the tasks run is the executor's business, and the only seam: an executor maps
`_Worker.process_file` over input files and yields each finished file's stats (a dict) as it comes.
`local` is a pool of processes on this machine; `ray` is one long-lived actor per worker slot on a
Ray cluster (models load once per actor), which needs local inputs on a filesystem every node
sees, and `--output` there too or on an object store (`s3://...`: `curate.engine.output.OutputFS`). Everything else (resume markers, the stats merge, dedup) is the same for both.
"""

from __future__ import annotations

import logging
import os
import sys
import time
from collections import Counter
from dataclasses import asdict
from typing import Any

from curate.io.readers import expand_inputs
from curate.inspect.report import thresholds as run_thresholds
from curate.engine import top_share
from curate.engine.recipe import Recipe
from curate.engine.stats import FileStats, StageCounts, merge_run
from curate.engine.executors import EXECUTORS
from curate.io.parquet import ShardWriteError
from curate.engine.progress import Progress, input_bytes
from curate.engine.output import (
    DATA_PREFIX, INDEX_DIR, TASKS_DIR, OutputError, OutputFS, OutputLock, check_output, dedup_work_dir,
    remove_leftovers, remove_work_files, shard_rows, upload_dir,
)
from curate.engine.worker import RunOptions, key_changes, run_key, task_id

__all__ = ["OutputError", "RunOptions", "run"]

log = logging.getLogger("curate")


def _finished_tasks(out: OutputFS, key: str, sources: list[str]) -> tuple[dict[str, FileStats], set[str], list[str]]:
    """The input files an earlier run under the same key finished and whose shards are all
    there and whole (footers read back with the rows the marker claims); the shards they claim;
    and what changed for the markers that do not count (for the message)."""
    done: dict[str, FileStats] = {}
    claimed: set[str] = set()
    changed: Counter = Counter()
    for source in sources:
        marker = out.read_json(out.join(TASKS_DIR, f"{task_id(source)}.json"))
        if marker is None:
            continue
        stats = FileStats.from_dict(marker["stats"])
        if marker.get("key") != key:
            changed.update(key_changes(marker.get("key"), key))
            continue
        rows = marker.get("shard_rows", {})
        if stats.status == "ok" and all(shard_rows(out.join(s), out) == rows.get(s) for s in stats.shards):
            done[source] = stats
            claimed.update(stats.shards, marker.get("rejected_shards", []))
    return done, claimed, sorted(changed)


def _complete_run(out: OutputFS, key: str, sources: list[str]) -> dict[str, Any] | None:
    """The stats of a finished run into `out` under the same key and inputs whose shards are all
    there and whole, or None."""
    stats = out.read_json(out.join("stats.json"))
    if not stats or stats.get("run", {}).get("key") != key or [f["source"] for f in stats["files"]] != sources:
        return None
    if stats.get("dedup", {}).get("failed_tasks"):  # the rerun redoes them
        return None
    shards = [s for f in stats["files"] for s in f["shards"]]
    rows = [shard_rows(out.join(s), out) for s in shards]
    if None in rows or sum(rows) != stats["totals"]["kept"]:
        return None
    return stats


def _remove_stale_outputs(out: OutputFS, claimed: set[str]) -> None:
    """Shards an earlier run wrote (listed in its stats.json, and every rejected shard) that no
    finished task of this run claims: loaders must not read a mix of two runs."""
    earlier = out.read_json(out.join("stats.json")) or {}
    listed = {s for f in earlier.get("files", []) for s in f.get("shards", [])}
    listed.update(out.rel(p) for p in out.glob(out.join("rejected", "*.parquet")))
    for rel in listed - claimed:
        out.rm(out.join(rel))
    out.rm(out.join("stats.json"))


def run(recipe: Recipe, inputs: list[str], options: RunOptions) -> dict[str, Any]:
    """Run `recipe` over `inputs`; write shards, `stats.json` and the card under `options.output`.

    Raises OutputError (one line: the path and the cause) when the output cannot be written."""
    if options.executor not in EXECUTORS:
        raise ValueError(f"unknown executor {options.executor!r} (one of: {', '.join(EXECUTORS)})")
    out = options.output_fs()
    check_output(out)
    with OutputLock(out):
        try:
            return _run_locked(recipe, inputs, options, out)
        except ShardWriteError as e:
            raise OutputError(f"{e}; fix the cause and rerun the same command to resume") from None


def _run_locked(recipe: Recipe, inputs: list[str], options: RunOptions, out: OutputFS) -> dict[str, Any]:
    sources = expand_inputs(inputs, options.base_url, options.storage_options)
    key = run_key(recipe, options)
    complete = _complete_run(out, key, sources)
    if complete is not None:
        print(f"curate: {out.url} already holds this run (same recipe, options and inputs): nothing to do",
              file=sys.stderr)
        complete["run"]["this_run"] = {"files": 0, "read": 0, "input_bytes": 0}
        return complete
    done, claimed, changed = _finished_tasks(out, key, sources)
    _remove_stale_outputs(out, claimed)
    todo = [s for s in sources if s not in done]
    if done:
        print(f"curate: resuming, {len(done)} of {len(sources)} input files already done", file=sys.stderr)
    if changed:
        print(f"curate: {', '.join(changed)} changed since the last run into {out.url}: "
              f"redoing the files it had finished", file=sys.stderr)
    results: dict[str, FileStats] = dict(done)
    t0 = time.perf_counter()
    executor = EXECUTORS[options.executor](options, len(todo)) if todo else None
    workers = executor.workers if executor else 1
    progress = Progress(executor and executor.counter, len(todo), *input_bytes(todo),
                        done_files=lambda: len(results) - len(done), enabled=options.progress and bool(todo))
    try:
        for d in executor.map(recipe, options, todo) if executor else ():
            results[d["source"]] = FileStats.from_dict(d)
        if executor:
            executor.release()  # the per-file workers' CPUs go to dedup
        stats = _finish(recipe, options, out, inputs, sources, results, todo, workers, key, progress, t0,
                        task_map=getattr(executor, "map_tasks", None))
    finally:
        progress.close()
        if executor:
            executor.close()
    return stats


def _finish(recipe: Recipe, options: RunOptions, out: OutputFS, inputs: list[str], sources: list[str],
            results: dict[str, FileStats], todo: list[str], workers: int, key: str, progress: Progress,
            t0: float, task_map: Any = None) -> dict[str, Any]:
    """Dedup, stats.json, the card, and the work files' removal, once every file is done."""
    files = [results[s] for s in sources]
    stage_keys = recipe.stage_keys()
    dedup_stats = None
    work_dir = dedup_work_dir(out, options.work_dir, shared_by_tasks=task_map is not None) if recipe.dedup else None
    if recipe.dedup:
        # Dedup's per-shard and per-partition phases are the executor's tasks (Ray tasks on the
        # cluster, or a local process pool); its sort, pair merge and components run here.
        dedup_workers = workers
        n_docs = sum(f.kept for f in files)
        t = time.perf_counter()
        dedup_stats = _deduplicate(recipe, out, work_dir, files, dedup_workers, options.keep_rejected,
                                   options.dedup_against, options.max_shard_bytes, options.storage_options,
                                   on_phase=lambda name: progress.phase(f"dedup of {n_docs:,} documents: {name}"),
                                   task_map=task_map)
        dedup_seconds = time.perf_counter() - t
        stage_keys.append("dedup")
    top_rules = top_share.rules(recipe)
    top_stats = None
    if top_rules:
        progress.phase("keeping the best-scored share")
        t = time.perf_counter()
        top_stats = _keep_top(out, files, top_rules, bool(recipe.dedup), options.keep_rejected)
        top_seconds = time.perf_counter() - t
        stage_keys += [r["key"] for r in top_rules]
    progress.phase("writing stats and the dataset card")
    elapsed = time.perf_counter() - t0
    stats = merge_run(files, stage_keys)
    if dedup_stats is not None:
        stats["dedup"] = dedup_stats
        stats["stages"]["dedup"]["seconds"] = round(dedup_seconds, 3)  # a run-level phase: no per-file time
    stats["run"] = {
        "recipe": recipe.name, "recipe_path": recipe.path, "recipe_fingerprint": recipe.fingerprint(),
        "key": key, "stages": [{name: params} for name, params in recipe.stages],
        "inputs": inputs, "executor": options.executor, "workers": workers, "wall_seconds": round(elapsed, 3),
        "limit": options.limit, "finished_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        # what this call did, apart from files an earlier run had finished
        "this_run": {"files": len(todo), "read": sum(results[s].read for s in todo),
                     "input_bytes": sum(results[s].bytes for s in todo)},
    }
    # The rules as this run applied them, so later reports do not depend on rule files that
    # may have been edited since.
    stats["run"]["thresholds"] = [asdict(t) for t in run_thresholds(stats)]
    models = top_share.models_used(recipe)
    if models:
        stats["quality_models"] = models
    if top_stats is not None:
        stats["top_share"] = top_stats
        for r in top_rules:
            stats["stages"][r["key"]]["seconds"] = round(top_seconds / len(top_rules), 3)
        stats["run"]["thresholds"] += [
            {"stage": r["key"], "reason": top_share.REASON, "signal": r["column"], "op": "min",
             "value": r["threshold"], "note": f"keep_top {r['share']}: the best-scored share of the run",
             "inclusive": False}
            for r in top_stats["rules"] if r["threshold"] is not None]
    out.write_json(out.join("stats.json"), stats)
    remove_leftovers(out)
    ours = {os.path.normpath(shard) for f in files for shard in f.shards}
    strangers = [p for p in out.glob(out.join("data", "*.parquet")) if os.path.normpath(out.rel(p)) not in ours]
    if strangers:
        log.warning("%d shard(s) in %s are not from this run (an earlier run with other inputs?), e.g. %s; "
                    "remove them or write to a new --output", len(strangers), out.display(out.join("data")),
                    os.path.basename(strangers[0]))
    if options.card:
        try:  # the dataset card is a by-product: its failure must not fail the run
            from curate.inspect.card import write_card

            write_card(out)  # before the work files go: it measures the pre-dedup set
        except Exception as e:  # noqa: BLE001
            print(f"curate: warning: dataset card not written: {type(e).__name__}: {e}", file=sys.stderr)
    if not options.keep_work and not stats["totals"]["files_failed"] and not (dedup_stats or {}).get("failed_tasks"):
        remove_work_files(out, work_dir)
    return stats


def _deduplicate(recipe: Recipe, out: OutputFS, work_dir: str, files: list[FileStats], workers: int,
                 keep_rejected: bool, against: list[str] = (), max_shard_bytes: int | None = None,
                 storage_options: dict[str, Any] | None = None, on_phase: Any = None,
                 task_map: Any = None) -> dict[str, Any]:
    """Run the dedup phases over all per-file shards into `out/data` (shards packed across files up
    to the run's shard size; phase files in `work_dir`, a folder or a URL on the output's store),
    and count each removal against the input file the document came from, as drops of a `dedup`
    stage. On a remote output the run's dedup index is built in a local folder and uploaded;
    earlier runs on a store are read from a local copy of their index."""
    from curate.dedup import deduplicate, index_dir
    from curate.dedup.workdir import Store
    from curate.io.parquet import parse_size

    shards = [out.join(s) for f in files for s in f.shards]
    phases_dir, index_out = work_dir, index_dir(out.root)
    if "://" in work_dir:  # on the store: every task reads and writes it there (curate.dedup.workdir)
        Store(work_dir, out.storage_options)
        index_out = os.path.join(dedup_work_dir(out), "index")
    elif not out.local:  # both local (memory-mapped); the index is uploaded once built
        phases_dir, index_out = os.path.join(work_dir, "phases"), os.path.join(work_dir, "index")
    result = deduplicate(shards, out.join("data"), phases_dir, recipe.dedup, workers,
                         out.join("rejected") if keep_rejected else None, index_out, against,
                         max_shard_bytes or parse_size(recipe.output.get("max_shard_bytes", "256MB")),
                         out_prefix=DATA_PREFIX, on_phase=on_phase, task_map=task_map,
                         against_options=storage_options,
                         **({} if out.local else {"fs": out}))
    if not out.local:
        upload_dir(out, index_out, out.join(INDEX_DIR))
    result["against"] = list(against)
    result["earlier_removed_by_run"] = dict(zip(against, result.get("earlier_removed_by_run", {}).values()))
    for f in files:
        removed = Counter({k: v for k, v in result["removed_by_source"].get(f.source, {}).items() if v})
        failed = _failed_in_dedup(f, result["failed_docs"], out)
        kept = f.kept - sum(removed.values()) - failed
        f.stages["dedup"] = StageCounts(seen=f.kept, kept=kept, dropped=removed,
                                        failed=Counter({"task_failed": failed} if failed else {}))
        if failed:
            f.error = f"dedup: {failed:,} document(s) lost to a failed task (stats: dedup.failed_tasks)"
        f.kept = kept
        f.shards = [out.rel(p) for p in result["shards_by_source"].get(f.source, [])]
    return {k: v for k, v in result.items() if k not in ("removed_by_source", "shards_by_source", "failed_docs")}


def _failed_in_dedup(f: FileStats, failed_docs: dict[str, int | None], out: OutputFS) -> int:
    """How many of `f`'s documents a failed dedup task left out of the output: the count of each
    lost shard of `f`, or, for shards that cannot be read, what its readable shards do not hold."""
    mine = [out.join(s) for s in f.shards]
    lost = [s for s in mine if s in failed_docs]
    unreadable = {s for s in lost if failed_docs[s] is None}
    n = sum(failed_docs[s] for s in lost if s not in unreadable)
    if unreadable:
        n += f.kept - sum(shard_rows(s, out) or 0 for s in mine if s not in unreadable)
    return n


def _keep_top(out: OutputFS, files: list[FileStats], top_rules: list[dict[str, Any]], deduped: bool,
              keep_rejected: bool) -> dict[str, Any]:
    """Keep the best-scored share of the run (after dedup, from its output; else from the per-file
    shards), and count each drop against the input file the document came from."""
    shards = sorted({out.join(s) for f in files for s in f.shards})  # after dedup, files share shards
    result = top_share.keep_top(shards, out.join("data"), top_rules, out.join("rejected") if keep_rejected else None,
                                out_prefix=DATA_PREFIX, **({} if out.local else {"fs": out}))
    for f in files:
        removed = result["removed_by_source"].get(f.source, {})
        for rule in top_rules:
            n = removed.get(rule["key"], 0)
            f.stages[rule["key"]] = StageCounts(seen=f.kept, kept=f.kept - n,
                                                dropped=Counter({top_share.REASON: n} if n else {}))
            f.kept -= n
        f.shards = sorted({out.rel(p) for p in result["shards_by_source"].get(f.source, [])})
    return {"docs_in": result["docs_in"], "docs_out": result["docs_out"], "rules": result["rules"],
            "after_dedup": deduped}
