"""Deduplication across a whole run: exact (a hash of normalised text) and fuzzy (MinHash LSH over
character n-grams of the normalised text), phased on disk, deterministic whatever `workers`.

Normalisation (for the key and the shingles only; the stored text is untouched): OpenCC t2s
(`curate.han.to_simplified`), then a per-codepoint table of NFKC + casefold that keeps letters and
digits and drops whitespace, punctuation, symbols and marks (so full/half width, Traditional and
punctuation edits do not change it).

Phases, each leaving files under `work_dir/<params>/` and skipped when they exist:

1. signatures (per shard, worker processes) -> `sig/<shard>/`: exact key (u64), MinHash (u32 x
   num_perm), n_chars, offset, source; the LSH band hashes of every band written *sorted* (the
   band buckets as sorted files, `bucket_hash.npy` with the row order in `bucket_row.npy`).
   The shard's size and mtime are recorded, so a rewritten shard is signed again.
2. order (global, `run-<inputs>/order.npy`): every document ranked by the survivor rule (longest
   text, then earliest (source, offset)); from here documents are named by their rank, so the
   survivor of any group is simply its smallest rank.
3. candidate pairs (global, one file per band, `pairs/band-NNN.npy`): the sorted bucket files of all
   shards are merged one hash range at a time (memory-mapped, `partition_docs` entries at most),
   and every document is paired with the smallest rank of its bucket. Exact pairs the same way
   over the exact keys (`pairs/exact.npy`). With `verify` a pair must also estimate Jaccard >=
   threshold from the full signatures, which removes most LSH false positives.
4. components (global, `components.npz`): union-find (vectorised hooking to the smaller root and
   pointer jumping) over all pairs; the root of a component is its survivor.
5. filter (per shard, worker processes): survivors are written to `out_dir` (same basename, zstd,
   tmp name then os.replace) with `dup_cluster` and `dup_count`.

Bytes per document. On disk: 4 x num_perm (MinHash, 512 B at 128) + 16 x bands (bucket hash and
row, 144 B at 9 bands) + 24 (key, offset, n_chars, source) ~ 680 B. In memory, global phases:
order + rank (16 B) + keys while pairing exact (16 B) + union-find parent (8 B) + cluster sizes
(8 B) ~ 48 B per document (48 MB per million), plus one hash range of one band (16 B x
`partition_docs`, 64 MB by default) and the candidate pairs (16 B per pair); the per-shard phases
hold one shard's arrays (~700 B per document of that shard) per worker.

Output columns: `dup_count` (int32) is the size of the cluster a survivor stands for (1 for a unique
document); `dup_cluster` (int64) is null for a unique document, else the survivor's exact key
(xxh3-64 of its normalised text, as int64): stable across reruns, worker counts and shard sets.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import math
import multiprocessing as mp
import os
import shutil
import time
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq


from curate.dedup.minhash import (
    _BATCH, _SIG_KEYS, band_hashes, check_params, permutations, signatures,
)


def _digest(obj: Any) -> str:
    return hashlib.sha1(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()[:12]


def _shard_id(path: str, fs: Any = None) -> dict[str, Any]:
    if fs is not None:  # a remote output (curate.engine.output.OutputFS): the object's ETag stands for mtime
        info = fs.fs.info(path)
        return {"name": os.path.basename(path), "size": int(info["size"]),
                "etag": str(info.get("ETag") or info.get("LastModified") or info.get("mtime"))}
    st = os.stat(path)
    return {"name": os.path.basename(path), "size": st.st_size, "mtime_ns": st.st_mtime_ns}


def _save(path: str, arr: np.ndarray) -> None:
    """np.save under a temporary name, then rename."""
    tmp = f"{path}.tmp{os.getpid()}.npy"
    np.save(tmp, arr)
    os.replace(tmp, path)


def _map(fn, items: list, workers: int) -> list:
    """`fn` over `items` in order, in a fork pool when workers > 1."""
    if workers <= 1 or len(items) <= 1:
        return [fn(x) for x in items]
    ctx = mp.get_context("fork" if "fork" in mp.get_all_start_methods() else "spawn")
    with ctx.Pool(min(workers, len(items))) as pool:
        return pool.map(fn, items, chunksize=1)


# ----------------------------------------------------------------------------- phase 1: signatures

def _sign_shard(job: tuple[str, str, dict[str, Any], Any]) -> str:
    """Signatures and sorted band buckets of one shard into `sig_dir/<shard>/`; skipped when done."""
    shard, sig_dir, p, fs = job
    ident = _shard_id(shard, fs)
    final = os.path.join(sig_dir, ident["name"])
    meta_path = os.path.join(final, "meta.json")
    if os.path.exists(meta_path):
        with open(meta_path, encoding="utf-8") as f:
            if json.load(f)["shard"] == ident:
                return final
        shutil.rmtree(final)
    a, b = permutations(p["num_perm"], p["seed"])
    keys, sigs, n_chars, offsets, src_idx, sources = [], [], [], [], [], {}
    pf = pq.ParquetFile(shard, filesystem=fs and fs.fs)
    for batch in pf.iter_batches(batch_size=1024, columns=["text", "source", "offset"]):
        texts = [t or "" for t in batch.column("text").to_pylist()]
        for i in range(0, len(texts), _BATCH):
            k, s = signatures(texts[i:i + _BATCH], p["ngram"], a, b)
            keys.append(k)
            sigs.append(s)
        n_chars.append(np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts)))
        offsets.append(batch.column("offset").to_numpy(zero_copy_only=False).astype(np.int64))
        src = batch.column("source").to_pylist()
        src_idx.append(np.array([sources.setdefault(s or "", len(sources)) for s in src], dtype=np.int32))
    n = sum(len(k) for k in keys)

    def cat(xs: list[np.ndarray], dt: Any, shape: tuple[int, ...] = (0,)) -> np.ndarray:
        return np.concatenate(xs) if xs else np.zeros(shape, dtype=dt)

    sig = cat(sigs, np.uint32, (0, p["num_perm"]))
    bh = band_hashes(sig, p["bands"], p["rows"]).T  # bands x docs
    order = np.argsort(bh, axis=1, kind="stable").astype(np.uint32)
    tmp = os.path.join(sig_dir, f".{ident['name']}.tmp{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    np.save(os.path.join(tmp, "key.npy"), cat(keys, np.uint64))
    np.save(os.path.join(tmp, "minhash.npy"), sig)
    np.save(os.path.join(tmp, "bucket_hash.npy"), np.take_along_axis(bh, order.astype(np.int64), axis=1))
    np.save(os.path.join(tmp, "bucket_row.npy"), order)
    np.save(os.path.join(tmp, "n_chars.npy"), cat(n_chars, np.int64))
    np.save(os.path.join(tmp, "offset.npy"), cat(offsets, np.int64))
    np.save(os.path.join(tmp, "source.npy"), cat(src_idx, np.int32))
    with open(os.path.join(tmp, "meta.json"), "w", encoding="utf-8") as f:
        json.dump({"shard": ident, "n": n, "sources": list(sources)}, f, ensure_ascii=False)
    os.replace(tmp, final)
    return final


# ----------------------------------------------------------------------------- global phases

def _load(d: str, name: str, mmap: bool = False) -> np.ndarray:
    return np.load(os.path.join(d, f"{name}.npy"), mmap_mode="r" if mmap else None)


def _order(sig_dirs: list[str], metas: list[dict]) -> np.ndarray:
    """Global doc numbers (shard order, then row) sorted by the survivor rule."""
    all_sources = sorted({s for m in metas for s in m["sources"]})
    src_rank = {s: i for i, s in enumerate(all_sources)}
    n_chars, src, off = [], [], []
    for d, m in zip(sig_dirs, metas):
        n_chars.append(_load(d, "n_chars"))
        off.append(_load(d, "offset"))
        remap = np.array([src_rank[s] for s in m["sources"]] or [0], dtype=np.int64)
        src.append(remap[_load(d, "source")])
    n_chars, src, off = (np.concatenate(x) if x else np.zeros(0, np.int64) for x in (n_chars, src, off))
    # longest first, then earliest (source, offset); the global number breaks any remaining tie
    return np.lexsort((np.arange(len(n_chars)), off, src, -n_chars)).astype(np.int64)


def _group_pairs(h: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Pairs (smallest rank of the group, rank) for every group of equal `h` (E x 2, int64)."""
    if len(h) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    idx = np.lexsort((r, h))
    h, r = h[idx], r[idx]
    start = np.empty(len(h), dtype=bool)
    start[0] = True
    np.not_equal(h[1:], h[:-1], out=start[1:])
    head = np.maximum.accumulate(np.where(start, np.arange(len(h)), 0))
    member = ~start
    return np.stack([r[head[member]], r[member]], axis=1)


def _band_pairs(band: int, sig_dirs: list[str], bases: np.ndarray, rank: np.ndarray, n_total: int,
                partition_docs: int) -> np.ndarray:
    """Candidate pairs of one band: the sorted bucket files merged one hash range at a time."""
    parts = max(1, math.ceil(n_total / partition_docs))
    bounds = [(i << 64) // parts for i in range(parts + 1)]
    runs = [(_load(d, "bucket_hash", True)[band], _load(d, "bucket_row", True)[band]) for d in sig_dirs]
    out = []
    for lo, hi in itertools.pairwise(bounds):
        hs, rs = [], []
        for (h, rows), base in zip(runs, bases):
            i0 = int(np.searchsorted(h, np.uint64(lo))) if lo else 0
            i1 = int(np.searchsorted(h, np.uint64(hi))) if hi < (1 << 64) else len(h)
            if i1 > i0:
                hs.append(np.asarray(h[i0:i1]))
                rs.append(rank[base + np.asarray(rows[i0:i1], dtype=np.int64)])
        if hs:
            out.append(_group_pairs(np.concatenate(hs), np.concatenate(rs)))
    pairs = np.concatenate(out) if out else np.zeros((0, 2), dtype=np.int64)
    return np.unique(pairs, axis=0) if len(pairs) else pairs


def _verify(pairs: np.ndarray, order: np.ndarray, sig_dirs: list[str], bases: np.ndarray,
            threshold: float, chunk: int = 1 << 18) -> np.ndarray:
    """The pairs whose MinHash estimate of Jaccard similarity reaches `threshold`."""
    sigs = [_load(d, "minhash", True) for d in sig_dirs]

    def gather(ranks: np.ndarray) -> np.ndarray:
        g = order[ranks]
        shard = np.searchsorted(bases, g, side="right") - 1
        out = np.empty((len(g), sigs[0].shape[1]), dtype=np.uint32)
        for s in np.unique(shard):
            m = shard == s
            local = g[m] - bases[s]
            srt = np.argsort(local)
            rows = np.empty((len(local), out.shape[1]), dtype=np.uint32)
            rows[srt] = sigs[s][local[srt]]
            out[m] = rows
        return out

    keep = np.zeros(len(pairs), dtype=bool)
    for i in range(0, len(pairs), chunk):
        p = pairs[i:i + chunk]
        keep[i:i + chunk] = (gather(p[:, 0]) == gather(p[:, 1])).mean(axis=1) >= threshold
    return pairs[keep]


def components(n: int, pairs: np.ndarray) -> np.ndarray:
    """Union-find over `pairs`: for every node, the smallest node of its component. Vectorised:
    hook each larger root under the smaller, then pointer-jump until every node points at a root."""
    parent = np.arange(n, dtype=np.int64)
    u, v = pairs[:, 0], pairs[:, 1]
    while len(u):
        pu, pv = parent[u], parent[v]
        lo, hi = np.minimum(pu, pv), np.maximum(pu, pv)
        live = lo != hi
        if not live.any():
            break
        u, v, lo, hi = u[live], v[live], lo[live], hi[live]
        np.minimum.at(parent, hi, lo)
        while True:
            nxt = parent[parent]
            if np.array_equal(nxt, parent):
                break
            parent = nxt
    return parent


# ----------------------------------------------------------------------------- phase 5: filter

_G: dict[str, Any] = {}  # the global arrays the filter workers read (inherited through fork)


class _LocalFiles:
    """The output operations of the filter phase on a local disk (a remote output brings its own)."""

    exists, size, rm = staticmethod(os.path.exists), staticmethod(os.path.getsize), staticmethod(os.remove)

    @staticmethod
    def write_parquet(table: pa.Table, path: str, **kwargs: Any) -> None:
        """tmp name, then os.replace."""
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.tmp{os.getpid()}")
        pq.write_table(table, tmp, **kwargs)
        os.replace(tmp, path)


_LOCAL = _LocalFiles()


def _filter_shard(i: int) -> dict[str, Any]:
    """Survivors of shard `i` into the output (and removals into the rejected folder); a shard
    finished by an earlier call with the same components is reused from its marker."""
    marker = os.path.join(_G["run_dir"], "filtered", f"{os.path.basename(_G['shards'][i])}.json")
    if os.path.exists(marker):
        with open(marker, encoding="utf-8") as f:
            done = json.load(f)
        outputs = [p for p in (done["path"], done.get("rejected_path")) if p]
        wanted = not _G["rejected_dir"] or done.get("rejected_path") or not done["n_removed"]
        fs = _G["fs"] or _LOCAL
        if wanted and all(fs.exists(p) and fs.size(p) == done["sizes"][p] for p in outputs):
            return done
    result = _write_filtered(i)
    fs = _G["fs"] or _LOCAL
    result["sizes"] = {p: fs.size(p) for p in (result["path"], result.get("rejected_path")) if p}
    os.makedirs(os.path.dirname(marker), exist_ok=True)
    tmp = f"{marker}.tmp{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as f:
        json.dump(result, f, ensure_ascii=False)
    os.replace(tmp, marker)
    return result


def _write_filtered(i: int) -> dict[str, Any]:
    shard, sig_dir, out_dir = _G["shards"][i], _G["sig_dirs"][i], _G["out_dir"]
    base, n = int(_G["bases"][i]), int(_G["counts"][i])
    ranks = _G["rank"][base:base + n]
    root, size, exact_dup = _G["root"], _G["size"], _G["exact_dup"]
    keep = root[ranks] == ranks
    dup_count = size[ranks].astype(np.int32)
    key = _load(sig_dir, "key").view(np.int64)
    n_chars = _load(sig_dir, "n_chars")
    src = _load(sig_dir, "source")
    with open(os.path.join(sig_dir, "meta.json"), encoding="utf-8") as f:
        sources = json.load(f)["sources"]
    removed: dict[str, dict[str, int]] = {}
    is_exact = exact_dup[ranks] & ~keep
    for s_idx, s in enumerate(sources):
        m = (src == s_idx) & ~keep
        ne = int((m & is_exact).sum())
        removed[s] = {"exact_dup": ne, "near_dup": int(m.sum()) - ne}
    out_path = os.path.join(out_dir, _G["out_prefix"] + os.path.basename(shard))
    table = pq.read_table(shard, filesystem=_G["fs"] and _G["fs"].fs)
    schema = _G["schema"]
    cluster = pa.array(key, type=pa.int64(), mask=dup_count <= 1)
    cols = []
    for field in schema:
        if field.name == "dup_cluster":
            cols.append(cluster)
        elif field.name == "dup_count":
            cols.append(pa.array(dup_count, type=pa.int32()))
        elif field.name in table.column_names:
            cols.append(table.column(field.name).cast(field.type))
        else:
            cols.append(pa.nulls(len(table), field.type))
    table = pa.Table.from_arrays(cols, schema=schema)
    rejected_path = None
    if _G["rejected_dir"] and not keep.all():
        rejected_path = os.path.join(_G["rejected_dir"], f"dedup-{os.path.basename(shard)}")
        _write_removed(table, keep, is_exact, rejected_path)
    table = table.filter(pa.array(keep))
    fs = _G["fs"] or _LOCAL
    if len(table):
        fs.write_parquet(table, out_path, compression="zstd")
    elif fs.exists(out_path):
        fs.rm(out_path)
    return {"path": out_path if len(table) else None, "sources": sources, "removed": removed,
            "chars_removed": int(n_chars[~keep].sum()), "n_removed": int((~keep).sum()),
            "rejected_path": rejected_path}


def _write_removed(table: pa.Table, keep: np.ndarray, is_exact: np.ndarray, path: str) -> None:
    """Removed duplicates, with the columns of the run's other rejected shards (--keep-rejected)."""
    gone = table.filter(pa.array(~keep)).drop_columns(["dup_cluster", "dup_count"])
    reasons = np.where(is_exact[~keep], "exact_dup", "near_dup").tolist()
    gone = gone.append_column("drop_stage", pa.array(["dedup"] * len(gone), pa.string()))
    gone = gone.append_column("drop_reason", pa.array(reasons, pa.string()))
    (_G["fs"] or _LOCAL).write_parquet(gone, path, compression="zstd")


def _prune(work_dir: str, keep: set[str]) -> None:
    """Remove phase files of earlier calls (other parameters, shards no longer in the run), so
    the work folder holds one run's worth (~680 bytes per document) however often it reruns."""
    keep = {os.path.normpath(k) for k in keep}
    for root in (work_dir, *(k for k in keep if os.path.dirname(k) == os.path.normpath(work_dir))):
        for entry in os.listdir(root):
            path = os.path.normpath(os.path.join(root, entry))
            if path not in keep and not any(k.startswith(path + os.sep) for k in keep):
                shutil.rmtree(path) if os.path.isdir(path) else os.remove(path)


# ----------------------------------------------------------------------------- entry point

_SIZE_BUCKETS = [(2, 2), (3, 4), (5, 8), (9, 16), (17, 64), (65, 256), (257, 1024), (1025, None)]


def deduplicate(shards: list[str], out_dir: str, work_dir: str, params: dict[str, Any], workers: int = 1,
                rejected_dir: str | None = None, out_prefix: str = "", fs: Any = None) -> dict[str, Any]:
    """Exact and fuzzy dedup of `shards` into `out_dir` (same basenames after `out_prefix`), phased under `work_dir`;
    removed documents go to `rejected_dir` (as `dedup-<shard>`) when given. With `fs` (a remote
    `curate.engine.output.OutputFS`) shards, `out_dir` and `rejected_dir` are on it; `work_dir` is local.
    Returns removals per source, output shards per source, and the stats of the run."""
    p = check_params(params)
    timings: dict[str, float] = {}
    t = time.perf_counter()
    shards = sorted(shards, key=os.path.basename)  # the global numbering; independent of the caller's order
    sig_root = os.path.join(work_dir, "sig-" + _digest({k: p[k] for k in _SIG_KEYS}))
    os.makedirs(sig_root, exist_ok=True)
    if fs is None:
        os.makedirs(out_dir, exist_ok=True)
    sig_dirs = _map(_sign_shard, [(s, sig_root, p, fs) for s in shards], workers)
    timings["signatures"] = time.perf_counter() - t

    metas = []
    for d in sig_dirs:
        with open(os.path.join(d, "meta.json"), encoding="utf-8") as f:
            metas.append(json.load(f))
    counts = np.array([m["n"] for m in metas], dtype=np.int64)
    bases = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64) if len(counts) else counts
    n = int(counts.sum())
    run_dir = os.path.join(sig_root, "run-" + _digest({"p": p, "shards": [m["shard"] for m in metas]}))
    os.makedirs(os.path.join(run_dir, "pairs"), exist_ok=True)

    t = time.perf_counter()
    order_path = os.path.join(run_dir, "order.npy")
    if not os.path.exists(order_path):
        _save(order_path, _order(sig_dirs, metas))
    order = np.load(order_path)
    rank = np.empty(n, dtype=np.int64)
    rank[order] = np.arange(n, dtype=np.int64)
    timings["order"] = time.perf_counter() - t

    t = time.perf_counter()
    exact_path = os.path.join(run_dir, "pairs", "exact.npy")
    if not os.path.exists(exact_path):
        keys = np.concatenate([_load(d, "key") for d in sig_dirs]) if sig_dirs else np.zeros(0, np.uint64)
        _save(exact_path, _group_pairs(keys[order], np.arange(n, dtype=np.int64)) if p["exact"]
              else np.zeros((0, 2), dtype=np.int64))
        del keys
    exact_pairs = np.load(exact_path)
    timings["exact"] = time.perf_counter() - t

    t = time.perf_counter()
    band_pairs = []
    n_candidates = 0
    if p["fuzzy"]:
        for band in range(p["bands"]):
            path = os.path.join(run_dir, "pairs", f"band-{band:03d}.npy")
            if not os.path.exists(path):
                _save(path, _band_pairs(band, sig_dirs, bases, rank, n, p["partition_docs"]))
            band_pairs.append(np.load(path))
    fuzzy = np.unique(np.concatenate(band_pairs), axis=0) if band_pairs else np.zeros((0, 2), np.int64)
    n_candidates = len(fuzzy)
    timings["candidates"] = time.perf_counter() - t

    t = time.perf_counter()
    comp_path = os.path.join(run_dir, "components.npz")
    if not os.path.exists(comp_path):
        if p["verify"] and len(fuzzy):
            fuzzy = _verify(fuzzy, order, sig_dirs, bases, float(p["threshold"]))
        root = components(n, np.concatenate([exact_pairs, fuzzy]))
        tmp = comp_path + f".tmp{os.getpid()}.npz"
        np.savez(tmp, root=root, verified=np.int64(len(fuzzy)))
        os.replace(tmp, comp_path)
    with np.load(comp_path) as z:
        root, n_verified = z["root"], int(z["verified"])
    size = np.bincount(root, minlength=n).astype(np.int64)
    size = size[root]  # every rank: the size of its cluster
    exact_dup = np.zeros(n, dtype=bool)
    exact_dup[exact_pairs[:, 1]] = True  # not the best of its exact group
    timings["components"] = time.perf_counter() - t

    t = time.perf_counter()
    schema = pa.unify_schemas([pq.read_schema(s, filesystem=fs and fs.fs) for s in shards]) if shards else pa.schema([])
    for name in ("dup_cluster", "dup_count"):
        if name in schema.names:
            schema = schema.remove(schema.get_field_index(name))
    schema = schema.append(pa.field("dup_cluster", pa.int64())).append(pa.field("dup_count", pa.int32()))
    _G.update(shards=shards, sig_dirs=sig_dirs, out_dir=out_dir, bases=bases, counts=counts, rank=rank,
              root=root, size=size, exact_dup=exact_dup, schema=schema, rejected_dir=rejected_dir,
              run_dir=run_dir, out_prefix=out_prefix, fs=fs)
    try:
        results = _map(_filter_shard, list(range(len(shards))), workers)
    finally:
        _G.clear()
    timings["filter"] = time.perf_counter() - t
    _prune(work_dir, keep={sig_root, run_dir, *sig_dirs})

    removed_by_source: dict[str, dict[str, int]] = {}
    shards_by_source: dict[str, list[str]] = {}
    for r in results:
        for s, c in r["removed"].items():
            acc = removed_by_source.setdefault(s, {"exact_dup": 0, "near_dup": 0})
            acc["exact_dup"] += c["exact_dup"]
            acc["near_dup"] += c["near_dup"]
        if r["path"]:
            for s in r["sources"]:
                shards_by_source.setdefault(s, []).append(r["path"])
    removed = ~(root == np.arange(n))
    n_exact = int((removed & exact_dup).sum())
    cluster_sizes = size[(root == np.arange(n)) & (size > 1)]
    hist = {}
    for lo, hi in _SIZE_BUCKETS:
        m = (cluster_sizes >= lo) if hi is None else ((cluster_sizes >= lo) & (cluster_sizes <= hi))
        hist[f"{lo}+" if hi is None else (str(lo) if lo == hi else f"{lo}-{hi}")] = int(m.sum())
    return {
        "removed_by_source": removed_by_source,
        "shards_by_source": shards_by_source,
        "docs_in": n,
        "docs_out": n - int(removed.sum()),
        "exact_removed": n_exact,
        "fuzzy_removed": int(removed.sum()) - n_exact,
        "chars_removed": sum(r["chars_removed"] for r in results),
        "clusters": len(cluster_sizes),
        "cluster_sizes": hist,
        "largest_cluster": int(cluster_sizes.max()) if len(cluster_sizes) else 0,
        "candidate_pairs": n_candidates,
        "verified_pairs": n_verified,
        "params": {k: v for k, v in p.items()},
        "bands_x_rows": f"{p['bands']}x{p['rows']}",
        "seconds": {k: round(v, 3) for k, v in timings.items()},
    }
