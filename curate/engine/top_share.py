"""The run-level phase of `quality_model: {keep_top: SHARE}`: after all files (and after dedup), keep
the SHARE of the run's documents with the highest score and drop the rest with `below_top_share`.

Every document's score is known only then, so the stage just scores and this phase cuts. It reads
the shards the run would otherwise publish (dedup's output in `data/`, which dedup rewrites on every
run, or the per-file shards waiting in `.curate/pre-dedup/`) and writes the survivors to `data/`
under the same names, so a rerun cuts again from the same documents instead of cutting a cut.
Exactly round(SHARE x documents) are kept; equal scores are ordered by shard name and row, so the
cut is the same for any worker count. The threshold is the lowest kept score.
"""

from __future__ import annotations

import os
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from curate.io.parquet import REJECTED_FIELDS

REASON = "below_top_share"
N_BUCKETS = 20  # score distribution in buckets of 5%, as CCI4.0 reports its classifiers' scores


def rules(recipe: Any) -> list[dict[str, Any]]:
    """The keep_top rules of a recipe's quality_model stages: stage key, score column, share."""
    out = []
    for key, (name, params) in zip(recipe.stage_keys(), recipe.stages):
        if name == "quality_model" and params.get("keep_top") is not None:
            out.append({"stage": key, "key": f"top_{params.get('column', 'quality_score')}",
                        "column": params.get("column", "quality_score"), "share": float(params["keep_top"])})
    return out


def models_used(recipe: Any) -> list[dict[str, Any]]:
    """The quality models of a recipe's stages, as the run's stats record them."""
    from curate.quality_model import describe

    out = []
    for key, (name, params) in zip(recipe.stage_keys(), recipe.stages):
        if name == "quality_model":
            out.append({"stage": key, "column": params.get("column", "quality_score"),
                        "min_score": params.get("min_score"), "keep_top": params.get("keep_top"),
                        "max_of": params.get("max_of"), **describe(params["model"], params.get("label"))})
    return out


def histogram(scores: np.ndarray) -> list[int]:
    """Documents per score bucket [0, 0.05), [0.05, 0.1), ... [0.95, 1.0]."""
    idx = np.clip((np.asarray(scores, dtype=np.float64) * N_BUCKETS).astype(np.int64), 0, N_BUCKETS - 1)
    return np.bincount(idx, minlength=N_BUCKETS).tolist()


def keep_top(shards: list[str], out_dir: str, top_rules: list[dict[str, Any]],
             rejected_dir: str | None = None, out_prefix: str = "", fs: Any = None) -> dict[str, Any]:
    """Apply `top_rules` in order over all documents of `shards`; write survivors to `out_dir`
    (same names, after `out_prefix` where the name lacks it). Paths are on `fs` (a
    `curate.engine.output.OutputFS`), else local."""
    from curate.engine.output import OutputFS

    fs = fs or OutputFS(out_dir)
    shards = sorted(shards, key=os.path.basename)
    columns = [r["column"] for r in top_rules]
    tables = [pq.read_table(s, columns=columns + ["source"], filesystem=fs.arrow) for s in shards]
    counts = np.array([len(t) for t in tables], dtype=np.int64)
    n = int(counts.sum())
    alive = np.ones(n, dtype=bool)
    dropped_by = np.full(n, -1, dtype=np.int64)
    results = []
    for i, rule in enumerate(top_rules):
        scores = np.concatenate([t.column(rule["column"]).to_numpy(zero_copy_only=False).astype(np.float64)
                                 for t in tables]) if tables else np.zeros(0)
        scores = np.nan_to_num(scores, nan=-1.0)
        idx = np.nonzero(alive)[0]
        k = round(rule["share"] * len(idx))
        order = idx[np.argsort(-scores[idx], kind="stable")]
        cut = order[k:]
        alive[cut] = False
        dropped_by[cut] = i
        results.append({**rule, "docs_in": len(idx), "docs_out": k,
                        "threshold": round(float(scores[order[k - 1]]), 6) if k else None,
                        "histogram_in": histogram(scores[idx])})
    fs.makedirs(out_dir)
    removed_by_source: dict[str, dict[str, int]] = {}
    shards_by_source: dict[str, list[str]] = {}
    base = 0
    for shard, n_rows in zip(shards, counts.tolist()):
        keep = alive[base:base + n_rows]
        gone = dropped_by[base:base + n_rows]
        base += n_rows
        table = pq.read_table(shard, filesystem=fs.arrow)
        sources = table.column("source").to_pylist()
        for s, g in zip(sources, gone.tolist()):
            if g >= 0:
                by = removed_by_source.setdefault(s, {})
                by[top_rules[g]["key"]] = by.get(top_rules[g]["key"], 0) + 1
        if rejected_dir is not None and (~keep).any():
            _write_rejected(table, keep, gone, top_rules,
                            f"{rejected_dir}/top-{os.path.basename(shard).removeprefix(out_prefix)}", fs)
        name = os.path.basename(shard)
        out_path = f"{out_dir}/{name if name.startswith(out_prefix) else out_prefix + name}"
        kept = table.filter(pa.array(keep))
        if len(kept):
            fs.write_parquet(kept, out_path, compression="zstd")
            for s in set(kept.column("source").to_pylist()):
                shards_by_source.setdefault(s, []).append(out_path)
        elif fs.exists(out_path):
            fs.rm(out_path)
    return {"rules": results, "removed_by_source": removed_by_source, "shards_by_source": shards_by_source,
            "docs_in": n, "docs_out": int(alive.sum())}


def _write_rejected(table: pa.Table, keep: np.ndarray, gone: np.ndarray, top_rules: list[dict[str, Any]],
                    path: str, fs: Any) -> None:
    """Dropped documents with the columns of the run's other rejected shards (--keep-rejected)."""
    out = table.filter(pa.array(~keep))
    for name in ("dup_cluster", "dup_count"):
        if name in out.column_names:
            out = out.drop_columns([name])
    stages = [top_rules[g]["key"] for g in gone[~keep].tolist()]
    out = out.append_column("drop_stage", pa.array(stages, pa.string()))
    out = out.append_column("drop_reason", pa.array([REASON] * len(out), pa.string()))
    for field in REJECTED_FIELDS[2:]:  # the dedup columns, null here: one schema for all rejected shards
        out = out.append_column(field, pa.nulls(len(out), field.type))
    fs.write_parquet(out, path, compression="zstd")
