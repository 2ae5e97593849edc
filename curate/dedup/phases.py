"""Deduplication across a whole run: exact (a hash of normalised text) and fuzzy (MinHash LSH over
character n-grams of the normalised text), phased on disk, deterministic whatever `workers`.

Normalisation (for the key and the shingles only; the stored text is untouched): OpenCC t2s
(`curate.han.to_simplified`), then a per-codepoint table of NFKC + casefold that keeps letters and
digits and drops whitespace, punctuation, symbols and marks (so full/half width, Traditional and
punctuation edits do not change it).

Phases, each leaving files under `work_dir/<params>/` and skipped when they exist:

1. signatures (tasks, one per shard) -> `sig/<shard>/`: exact key (u64), MinHash (u32 x
   num_perm), n_chars, offset, source, id (UTF-8 bytes and end offsets, readable by row); the LSH
   band hashes of every band, and the exact keys, written *sorted* (`bucket_hash.npy` with the row
   order in `bucket_row.npy`, `exact_hash.npy` and `exact_row.npy`, with a fence of every 1024th
   hash). The shard's size and mtime are recorded, so a rewritten shard is signed again.
2. order (global, `run-<inputs>/order.npy` and `rank.npy`, int32): every document ranked by the
   survivor rule (longest text, then earliest (source, offset)); from here documents are named by
   their rank, so the survivor of any group is simply its smallest rank.
3. pairs (tasks, one per band and hash range, `pairs/band-BBB-PPPPP.npy`, and one per hash range of
   the exact keys, `pairs/exact-PPPPP.npy`): each reads its range of every shard's sorted file
   (memory-mapped or by ranged reads, about `partition_docs` entries) and pairs every document
   with the smallest rank of its group; this process merges the distinct LSH pairs band by band.
   With `verify` a pair must also estimate Jaccard >= threshold from the full signatures (tasks
   over slices of the candidates), which removes most LSH false positives.
4. components (global, `root.npy`, `size.npy`, `exact_dup.npy`): union-find (vectorised hooking to
   the smaller root and pointer jumping) over all pairs; the root of a component is its survivor.
5. earlier runs (tasks, one per shard; only with `against`): each shard's sorted band hashes
   and keys looked up in the earlier runs' indexes (`curate.dedup.index`), `earlier/<shard>.npz`;
   a component with a match goes whole (`dup_earlier_run`).
6. filter (tasks, one per shard, reading the global arrays memory-mapped): removed documents are
   counted and, to `rejected_dir` when given, written with `dup_of`, the id of their survivor, and `dup_similarity`, the MinHash
   estimate of their Jaccard similarity to it (1.0 when the survivor is an exact copy); the
   survivors' index entries go to `index-part/<shard>/`. Then the survivors of consecutive shards
   are packed into `out_dir/<out_prefix>NNNNN.parquet` up to `max_shard_bytes` (zstd, tmp name then
   os.replace) with `dup_cluster` and `dup_count`; the plan depends on the inputs only.
7. index (global, with `index_out`): the parts merged into the run's index for later runs.

Bytes per document. On disk: 4 x num_perm (MinHash, 512 B at 128) + 12 x (bands + 1) (sorted band
hashes and exact keys with their rows, 228 B at 18 bands) + 28 (key, offset, n_chars, source) + the
id (~55 B for a WARC-Record-ID) ~ 825 B (measured). In memory, this process (the driver) holds
per-document arrays only in the global phases, measured on 10M synthetic documents with
`benchmarks/bench_dedup.py --workers 2` (anonymous memory, so without the page cache of the
memory-mapped files): the order's sort ~25 B per document (its keys, 16 B, and lexsort's
indices), union-find ~28 B (parents and their next step, 8 B, and the pairs, ~0.4 per document
here, with their working copies); the distinct pairs are merged packed (8 B each). The tasks hold
one hash range of one band (~48 B x `partition_docs`), one slice of the candidates (~1 KB a
pair), or one shard's arrays (~800 B per document of that shard).

Output columns: `dup_count` (int32) is the size of the cluster a survivor stands for (1 for a unique
document); `dup_cluster` (int64) is null for a unique document, else the survivor's exact key
(xxh3-64 of its normalised text, as int64): stable across reruns, worker counts and shard sets.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import os
import re
import time
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from curate.dedup.index import (
    Index,
    build_index,
    match_shard,
    no_matches,
    read_strings,
    save_strings,
    sketch,
    sketch_similarity,
    write_part,
)
from curate.dedup import workdir
from curate.dedup.minhash import (
    _BATCH,
    _SIG_KEYS,
    hash_range,
    hash_range_bounds,
    band_hashes,
    check_params,
    permutations,
    signatures,
)
from curate.engine.pool import TaskFailed, map_unordered
from curate.io.parquet import REJECTED_FIELDS

log = logging.getLogger("curate")


def _digest(obj: Any) -> str:
    return hashlib.sha1(json.dumps(obj, sort_keys=True, default=str).encode()).hexdigest()[:12]


def _shard_id(path: str, fs: Any = None) -> dict[str, Any]:
    if fs is not None:  # a remote output (curate.engine.output.OutputFS): the object's ETag stands for mtime
        info = fs.fs.info(path)
        return {"name": os.path.basename(path), "size": int(info["size"]),
                "etag": str(info.get("ETag") or info.get("LastModified") or info.get("mtime"))}
    st = os.stat(path)
    return {"name": os.path.basename(path), "size": st.st_size, "mtime_ns": st.st_mtime_ns}


class _LocalFiles:
    """The operations on shards and outputs, on a local disk; a remote output brings its own
    (`curate.engine.output.OutputFS`, the same methods)."""

    arrow = None  # pyarrow's own filesystem
    exists, size, rm = staticmethod(os.path.exists), staticmethod(os.path.getsize), staticmethod(os.remove)

    @staticmethod
    def glob(pattern: str) -> list[str]:
        import glob

        return sorted(glob.glob(pattern))

    @staticmethod
    def write_parquet(table: pa.Table, path: str, **kwargs: Any) -> None:
        """tmp name, then os.replace."""
        os.makedirs(os.path.dirname(path), exist_ok=True)
        tmp = os.path.join(os.path.dirname(path), f".{os.path.basename(path)}.tmp{os.getpid()}")
        pq.write_table(table, tmp, **kwargs)
        os.replace(tmp, path)


_LOCAL = _LocalFiles()


def _files() -> Any:
    """Where the shards and outputs of this call are (set with `_G`)."""
    return _G.get("fs") or _LOCAL


_save = workdir.save


def _indexed(fn, items: list, i: int) -> Any:
    return fn(items[i])


def _map(fn, items: list, workers: int, task: str = "working on", names: list[str] | None = None) -> list:
    """`fn` over `items` in order, in forked worker processes when workers > 1 (the run's pool,
    `curate.engine.pool`): a worker that dies (SIGKILL, the OOM killer) on an item has it tried
    once more in a new worker; after a second death the item's result is a `TaskFailed` naming
    the cause (`task` and `names` word it), and the other items go on."""
    if workers <= 1 or len(items) <= 1:
        return [fn(x) for x in items]
    names = names or [str(x) for x in items]
    results: list[Any] = [None] * len(items)
    for i, value, death in map_unordered(functools.partial(_indexed, fn, items), range(len(items)), workers):
        if death is not None:
            value = TaskFailed(f"{death} while {task} {names[i]} (twice; out of memory?)")
        results[i] = value
    return results


# ----------------------------------------------------------------------------- phase 1: signatures

def _sign_shard(shared: tuple[str, dict[str, Any], Any, Any], shard: str) -> str:
    """Signatures and sorted band buckets of one shard into `sig_dir/<shard>/` (a task); skipped when done."""
    sig_dir, p, fs, _store = shared
    ident = _shard_id(shard, fs)
    final = os.path.join(sig_dir, ident["name"])
    meta_path = os.path.join(final, "meta.json")
    if workdir.exists(meta_path):
        if workdir.read_json(meta_path)["shard"] == ident:
            return final
        workdir.remove(final)
    a, b = permutations(p["num_perm"], p["seed"])
    keys, sigs, n_chars, offsets, src_idx, sources, ids = [], [], [], [], [], {}, []
    pf = pq.ParquetFile(shard, filesystem=fs and fs.arrow)
    for batch in pf.iter_batches(batch_size=1024, columns=["id", "text", "source", "warc_offset"]):
        texts = [t or "" for t in batch.column("text").to_pylist()]
        for i in range(0, len(texts), _BATCH):
            k, s = signatures(texts[i:i + _BATCH], p["ngram"], a, b)
            keys.append(k)
            sigs.append(s)
        n_chars.append(np.fromiter((len(t) for t in texts), dtype=np.int64, count=len(texts)))
        offsets.append(batch.column("warc_offset").to_numpy(zero_copy_only=False).astype(np.int64))
        src = batch.column("source").to_pylist()
        src_idx.append(np.array([sources.setdefault(s or "", len(sources)) for s in src], dtype=np.int32))
        ids += batch.column("id").to_pylist()
    n = sum(len(k) for k in keys)

    def cat(xs: list[np.ndarray], dt: Any, shape: tuple[int, ...] = (0,)) -> np.ndarray:
        return np.concatenate(xs) if xs else np.zeros(shape, dtype=dt)

    sig = cat(sigs, np.uint32, (0, p["num_perm"]))
    key = cat(keys, np.uint64)
    tmp = workdir.staging(final)
    np.save(os.path.join(tmp, "key.npy"), key)
    np.save(os.path.join(tmp, "minhash.npy"), sig)
    _save_buckets(tmp, "bucket", band_hashes(sig, p["bands"], p["rows"]).T)  # bands x docs
    _save_buckets(tmp, "exact", key[None])
    np.save(os.path.join(tmp, "n_chars.npy"), cat(n_chars, np.int64))
    np.save(os.path.join(tmp, "offset.npy"), cat(offsets, np.int64))
    np.save(os.path.join(tmp, "source.npy"), cat(src_idx, np.int32))
    save_strings(tmp, "id", ids)
    with open(os.path.join(tmp, "meta.json"), "w", encoding="utf-8") as f:
        json.dump({"shard": ident, "n": n, "sources": list(sources)}, f, ensure_ascii=False)
    workdir.publish(tmp, final)
    return final


def _save_buckets(folder: str, kind: str, hashes: np.ndarray) -> None:
    """Each row of `hashes` (one per band; the exact keys are one more) sorted, as `<kind>_hash.npy`,
    with the row order in `<kind>_row.npy` and every `_FENCE`-th sorted hash in `<kind>_fence.npy`:
    a pairing task finds its hash range in them (`_band_pairs`)."""
    order = np.argsort(hashes, axis=1, kind="stable")
    np.save(os.path.join(folder, f"{kind}_hash.npy"), np.take_along_axis(hashes, order, axis=1))
    np.save(os.path.join(folder, f"{kind}_row.npy"), order.astype(np.uint32))
    np.save(os.path.join(folder, f"{kind}_fence.npy"), np.take_along_axis(hashes, order[:, ::_FENCE], axis=1))


# ----------------------------------------------------------------------------- global phases

def _load(d: str, name: str, mmap: bool = False) -> np.ndarray:
    return workdir.load(os.path.join(d, f"{name}.npy"), mmap)


def _order(sig_dirs: list[str], metas: list[dict]) -> np.ndarray:
    """Global doc numbers (shard order, then row) sorted by the survivor rule (int32)."""
    all_sources = sorted({s for m in metas for s in m["sources"]})
    src_rank = {s: i for i, s in enumerate(all_sources)}
    n = sum(m["n"] for m in metas)
    minus_chars, src, off = np.empty(n, np.int32), np.empty(n, np.int32), np.empty(n, np.int64)
    at = 0
    for d, m in zip(sig_dirs, metas):  # filled in place: no second copy of the sort keys
        end = at + m["n"]
        np.negative(np.minimum(_load(d, "n_chars"), np.iinfo(np.int32).max), out=minus_chars[at:end], casting="unsafe")
        off[at:end] = _load(d, "offset")
        src[at:end] = np.array([src_rank[s] for s in m["sources"]] or [0], dtype=np.int32)[_load(d, "source")]
        at = end
    # longest first, then earliest (source, offset); lexsort is stable: the global number breaks any tie
    return np.lexsort((off, src, minus_chars)).astype(np.int32)


def _group_pairs(h: np.ndarray, r: np.ndarray) -> np.ndarray:
    """Pairs (smallest rank of the group, rank) for every group of equal `h` (E x 2, int64)."""
    if len(h) < 2:
        return np.zeros((0, 2), dtype=np.int64)
    idx = np.argsort(h)  # one sort on the hash (lexsort on (hash, rank) is ~10x slower)
    h, r = h[idx], np.asarray(r, dtype=np.int64)[idx]
    start = np.empty(len(h), dtype=bool)
    start[0] = True
    np.not_equal(h[1:], h[:-1], out=start[1:])
    head = np.minimum.reduceat(r, np.nonzero(start)[0])[np.cumsum(start) - 1]
    member = r != head
    return np.stack([head[member], r[member]], axis=1)


def _pack(pairs: np.ndarray) -> np.ndarray:
    """Pairs of ranks (below 2^31) as one 64-bit number each: half the memory, one sort."""
    return (pairs[:, 0].astype(np.uint64) << np.uint64(32)) | pairs[:, 1].astype(np.uint64)


def _unpack(packed: np.ndarray) -> np.ndarray:
    return np.stack([(packed >> np.uint64(32)).astype(np.int32), (packed & np.uint64(0xFFFFFFFF)).astype(np.int32)],
                    axis=1)


def _unique_packed(packed: np.ndarray) -> np.ndarray:
    """The distinct packed pairs, sorted (sort + compare: numpy 2's hash-based unique is ~3x slower here)."""
    if not len(packed):
        return packed
    packed = np.sort(packed)
    first = np.empty(len(packed), dtype=bool)
    first[0] = True
    np.not_equal(packed[1:], packed[:-1], out=first[1:])
    return packed[first]


def _band_pairs(shared: dict[str, Any], job: tuple[str, int, int, int, str]) -> str:
    """Pairs of one hash range of one band (a task; `kind` "bucket" for the LSH bands, "exact" for
    the exact keys): the range's entries of every shard's sorted `<kind>_hash` file, grouped by
    hash, each document paired with the best rank of its group; saved to `path`, skipped when
    there. A document is in one group per band, so the pairs of a band's ranges are distinct."""
    kind, band, lo, hi, path = job
    if not workdir.exists(path):
        rank = workdir.load(shared["rank"], mmap=True)
        if shared["store"] is None:
            runs = [(_load(d, f"{kind}_hash", True)[band], _load(d, f"{kind}_row", True)[band])
                    for d in shared["sig_dirs"]]
        else:
            runs = _fenced_runs(shared["sig_dirs"], shared["counts"], kind, band, lo, hi)
        got = hash_range(runs, shared["bases"], lo, hi)
        _save(path, _group_pairs(got[0], rank[got[1]]) if got else np.zeros((0, 2), np.int64))
    return path


_FENCE = 1024  # <kind>_fence.npy: every _FENCE-th hash of each band's sorted hash file


def _fenced_runs(sig_dirs: list[str], counts: np.ndarray, kind: str, band: int, lo: int,
                 hi: int) -> list[tuple[np.ndarray, np.ndarray]]:
    """The blocks of each shard's sorted `<kind>_hash` file of `band` that hold hashes in [lo, hi),
    found with its fence and read as slices (`workdir.read_slices`): for a work folder on a store."""
    requests = []
    fences = workdir.read_slices([(os.path.join(d, f"{kind}_fence.npy"), band, 0, None) for d in sig_dirs])
    for d, n, fence in zip(sig_dirs, counts.tolist(), fences):
        k0, k1 = np.searchsorted(fence, np.uint64(lo)) - 1, np.searchsorted(fence, np.uint64(min(hi, (1 << 64) - 1)))
        start, end = max(0, int(k0)) * _FENCE, n if k1 >= len(fence) or hi >= 1 << 64 else int(k1) * _FENCE
        requests += [(os.path.join(d, f"{kind}_hash.npy"), band, start, end),
                     (os.path.join(d, f"{kind}_row.npy"), band, start, end)]
    got = workdir.read_slices(requests)
    return list(zip(got[0::2], got[1::2]))


class _Docs:
    """Rows of all shards' signature files by global document number (shard order, then row);
    each file is memory-mapped on first use, so only the rows asked for are read (on a store, the
    MinHash rows by ranged reads; the ids through the mirror, ~63 bytes a document)."""

    def __init__(self, sig_dirs: list[str], bases: np.ndarray, num_perm: int) -> None:
        self.sig_dirs, self.bases, self.num_perm = sig_dirs, bases, num_perm
        self._maps: dict[tuple[int, str], np.ndarray] = {}

    def _file(self, shard: int, name: str) -> np.ndarray:
        if (shard, name) not in self._maps:
            self._maps[(shard, name)] = _load(self.sig_dirs[shard], name, True)
        return self._maps[(shard, name)]

    def _by_shard(self, g: np.ndarray):
        """(shard, positions in `g`, rows in the shard, sorted) for each shard `g` touches."""
        shard = np.searchsorted(self.bases, g, side="right") - 1
        for s in np.unique(shard):
            pos = np.nonzero(shard == s)[0]
            local = g[pos] - self.bases[s]
            srt = np.argsort(local, kind="stable")  # a memory map read in file order
            yield int(s), pos[srt], local[srt]

    def minhash(self, g: np.ndarray) -> np.ndarray:
        out = np.empty((len(g), self.num_perm), dtype=np.uint32)
        shards = list(self._by_shard(g))
        if self.sig_dirs and workdir.store_of(self.sig_dirs[0]) is not None:  # ranged reads, not whole files
            rows = workdir.read_rows([(os.path.join(self.sig_dirs[s], "minhash.npy"), local) for s, _, local in shards])
            for (_, pos, _), got in zip(shards, rows):
                out[pos] = got
            return out
        for s, pos, local in shards:
            out[pos] = self._file(s, "minhash")[local]
        return out

    def ids(self, g: np.ndarray) -> list[str]:
        out = [""] * len(g)
        for s, pos, local in self._by_shard(g):
            for i, v in zip(pos.tolist(), read_strings(self._file(s, "id_bytes"), self._file(s, "id_end"), local)):
                out[i] = v
        return out


def _verify(shared: dict[str, Any], job: tuple[int, int], chunk: int = 1 << 17) -> np.ndarray:
    """Which of candidate pairs [lo, hi) (a task) have a MinHash estimate of Jaccard similarity
    that reaches the threshold."""
    lo, hi = job
    pairs = workdir.load(shared["pairs"], mmap=True)[lo:hi]
    order = workdir.load(shared["order"], mmap=True)
    docs = _Docs(shared["sig_dirs"], shared["bases"], shared["num_perm"])
    keep = np.zeros(len(pairs), dtype=bool)
    for i in range(0, len(pairs), chunk):
        p = pairs[i:i + chunk]
        keep[i:i + chunk] = similarity(docs.minhash(order[p[:, 0]]), docs.minhash(order[p[:, 1]])) >= shared["threshold"]
    return keep


def similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """MinHash estimate of the Jaccard similarity of each row of `a` with the same row of `b`."""
    return (a == b).mean(axis=1, dtype=np.float64).astype(np.float32) if len(a) else np.zeros(0, np.float32)


def components(n: int, pairs: np.ndarray) -> np.ndarray:
    """Union-find over `pairs`: for every node, the smallest node of its component (int32).
    Vectorised: hook each larger root under the smaller, then pointer-jump until every node
    points at a root."""
    parent = np.arange(n, dtype=np.int32)
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


def _clusters(sig_dirs: list[str], metas: list[dict], bases: np.ndarray, counts: np.ndarray, run_dir: str,
              p: dict[str, Any], run_tasks: Any, workers: int, on_phase: Any,
              timings: dict[str, float]) -> dict[str, int]:
    """Phases 2-4 into `run_dir` (each skipped when its files are there): the order (`order.npy`,
    `rank.npy`), the exact and candidate pairs (tasks), their verification (tasks) and the
    components (`root.npy`, `size.npy`, `exact_dup.npy`). This process holds the sort of the order
    phase (~25 B per document), then the distinct pairs and union-find's parents (int32); the
    tasks read their slices of the signature files. Returns the candidate and verified pair counts."""
    n = int(counts.sum())
    at = functools.partial(os.path.join, run_dir)
    store = workdir.store_of(run_dir)
    on_phase("order")
    t = time.perf_counter()
    if not workdir.exists(at("rank.npy")):
        order = _order(sig_dirs, metas)
        _save(at("order.npy"), order)
        rank = np.empty(n, dtype=np.int32)
        rank[order] = np.arange(n, dtype=np.int32)
        del order
        _save(at("rank.npy"), rank)
        del rank
    timings["order"] = time.perf_counter() - t
    if workdir.exists(at("components.json")):
        return workdir.read_json(at("components.json"))

    on_phase("pairs")
    t = time.perf_counter()
    ranges = hash_range_bounds(n, p["partition_docs"]) if n else []
    jobs = [("exact", 0, lo, hi, at("pairs", f"exact-{part:05d}.npy"))
            for part, (lo, hi) in enumerate(ranges) if p["exact"]]
    jobs += [("bucket", band, lo, hi, at("pairs", f"band-{band:03d}-{part:05d}.npy"))
             for band in range(p["bands"]) if p["fuzzy"] for part, (lo, hi) in enumerate(ranges)]
    paths = run_tasks(_band_pairs, {"sig_dirs": sig_dirs, "bases": bases, "rank": at("rank.npy"), "store": store,
                                     "counts": counts}, jobs,
                      "pairing", [f"{'exact' if j[0] == 'exact' else f'band {j[1]}'} range {j[4][-9:-4]}" for j in jobs])
    done = [None if _failed(q) else q for q in paths]  # a failed task's pairs are left out: its duplicates stay
    exact = np.concatenate([np.zeros((0, 2), np.int32),
                            *(workdir.load(q).astype(np.int32) for q, j in zip(done, jobs) if q and j[0] == "exact")])
    fuzzy = np.zeros(0, np.uint64)
    for band in range(p["bands"]):  # merged band by band: memory holds the distinct pairs, not one copy per band
        fuzzy = _unique_packed(np.concatenate([fuzzy, *(_pack(workdir.load(q)) for q, j in zip(done, jobs)
                                                       if q and j[0] == "bucket" and j[1] == band)]))
    fuzzy = _unpack(fuzzy)
    counted = {"candidates": len(fuzzy)}
    timings["pairs"] = time.perf_counter() - t

    on_phase("verifying pairs")
    t = time.perf_counter()
    if p["verify"] and len(fuzzy):
        _save(at("pairs", "candidates.npy"), fuzzy)
        step = max(1 << 17, -(-len(fuzzy) // (4 * max(1, workers))))
        jobs = [(lo, min(lo + step, len(fuzzy))) for lo in range(0, len(fuzzy), step)]
        shared = {"pairs": at("pairs", "candidates.npy"), "order": at("order.npy"), "sig_dirs": sig_dirs,
                  "bases": bases, "num_perm": p["num_perm"], "threshold": float(p["threshold"]), "store": store}
        keep = run_tasks(_verify, shared, jobs, "verifying pairs", [f"{lo}-{hi}" for lo, hi in jobs])
        fuzzy = fuzzy[np.concatenate([np.zeros(hi - lo, bool) if _failed(k) else k  # unverified: not taken
                                      for k, (lo, hi) in zip(keep, jobs)])]
    counted["verified"] = len(fuzzy)
    timings["verify"] = time.perf_counter() - t

    on_phase("components")
    t = time.perf_counter()
    root = components(n, np.concatenate([exact, fuzzy]))
    del fuzzy
    _save(at("root.npy"), root)
    sizes = np.bincount(root, minlength=n).astype(np.int32)
    _save(at("size.npy"), sizes[root])  # every rank: the size of its cluster
    del root, sizes
    exact_dup = np.zeros(n, dtype=bool)
    exact_dup[exact[:, 1]] = True  # not the best of its exact group
    _save(at("exact_dup.npy"), exact_dup)
    workdir.write_json(at("components.json"), counted)
    timings["components"] = time.perf_counter() - t
    return counted


# ----------------------------------------------------------------------------- earlier runs

def _earlier_path(run_dir: str, sig_dir: str) -> str:
    return os.path.join(run_dir, "earlier", f"{os.path.basename(sig_dir)}.npz")


def _match_job(shared: tuple[list[str], dict[str, Any] | None, dict[str, Any], Any], job: tuple[str, str]) -> str:
    """The documents of one shard that duplicate one of the earlier runs' (`match_shard`), saved (a task)."""
    runs, options, p, _store = shared
    sig_dir, path = job
    if not workdir.exists(path):
        found = match_shard(workdir.pull_dir(sig_dir), [_earlier_index(r, options, p) for r in runs], p)
        workdir.save_npz(path, found)
    return path


def _earlier_index(run: str, options: dict[str, Any] | None, p: dict[str, Any]) -> Index:
    """An earlier run's index on this machine (one on a store is copied to the local cache first)."""
    from curate.engine.output import local_index_run

    return Index(local_index_run(run, options), p)


def _match_earlier(against: list[str], options: dict[str, Any] | None, sig_dirs: list[str], run_dir: str,
                   bases: np.ndarray, rank: np.ndarray, root: np.ndarray, p: dict[str, Any],
                   run_tasks: Any) -> dict[str, Any]:
    """Which documents go because their component holds a document an earlier run kept: as if the
    earlier runs' survivors were documents of this run ranked before all of its own. Each such
    component names one earlier document, the match of its best-ranked matched member."""
    n = len(rank)
    out: dict[str, Any] = {"dropped": np.zeros(n, bool), "runs": list(against), "params": p}
    if not against or not sig_dirs:  # nothing to match (no earlier run, or this run kept nothing)
        return out
    workdir.makedirs(os.path.join(run_dir, "earlier"))
    jobs = [(d, _earlier_path(run_dir, d)) for d in sig_dirs]
    out["paths"] = run_tasks(_match_job, (against, options, p, workdir.store_of(run_dir)), jobs, "matching against earlier runs shard",
                             [os.path.basename(d) for d in sig_dirs])
    for k, (_, path) in enumerate(jobs):
        if _failed(out["paths"][k]):  # matches nothing in this run (reported; its rerun matches it again)
            workdir.save_npz(path, no_matches())
            out["paths"][k] = path
    matched, which, row = [], [], []
    for path, base in zip(out["paths"], bases):
        z = workdir.load_npz(path)
        matched.append(rank[base + z["row"]])
        which.append(z["index"])
        row.append(z["index_row"])
    matched, which, row = np.concatenate(matched), np.concatenate(which), np.concatenate(row)
    comp = root[matched]
    srt = np.lexsort((matched, comp))
    first = np.ones(len(srt), bool)
    first[1:] = comp[srt][1:] != comp[srt][:-1]
    pick = srt[first]
    out.update(comp_root=comp[pick], comp_index=which[pick].astype(np.int64), comp_row=row[pick])
    has_earlier = np.zeros(n, bool)
    has_earlier[comp[pick]] = True
    out["dropped"] = has_earlier[root]
    return out


# ----------------------------------------------------------------------------- phase 5: filter

_G: dict[str, Any] = {}  # what a filter or output task reads: `_enter`
_GLOBAL_ARRAYS = ("order", "rank", "root", "size", "exact_dup", "dropped")  # per document, in run_dir


def _enter(ctx: dict[str, Any]) -> None:
    """This process's view of the run for one filter or output task: the small things of `ctx`,
    and the per-document arrays the driver saved in the run folder, memory-mapped (a task reads
    the entries of its shard's documents and of their survivors only)."""
    _G.clear()
    _G.update(ctx)
    for name in _GLOBAL_ARRAYS:
        _G[name] = _load(ctx["run_dir"], name, True)
    _G["docs"] = _Docs(ctx["sig_dirs"], ctx["bases"], ctx["num_perm"])
    _G["earlier"] = earlier = {"dropped": _G["dropped"], "runs": ctx["against"], "params": ctx["params"]}
    if ctx["against"]:
        earlier["paths"] = [_earlier_path(ctx["run_dir"], d) for d in ctx["sig_dirs"]]
        earlier.update(workdir.load_npz(os.path.join(ctx["run_dir"], "earlier.npz")))


def _filter_shard(ctx: dict[str, Any], i: int) -> dict[str, Any]:
    """The removals of shard `i` (a task): counted, written to the rejected folder (when asked),
    and the survivors' entries of the run's index (when asked); reused from the marker of an
    earlier call with the same components."""
    _enter(ctx)
    name = os.path.basename(_G["shards"][i])
    marker = os.path.join(_G["run_dir"], "filtered", f"{name}.json")
    part = os.path.join(_G["run_dir"], "index-part", name) if _G["index_out"] else None
    done = _read_marker(marker)
    if done is not None:
        wanted = not _G["rejected_dir"] or done.get("rejected_path") or not done["n_removed"]
        if wanted and (part is None or workdir.exists(os.path.join(part, "meta.json"))):
            return done
    return _write_marker(marker, _write_filtered(i, part))


def _read_marker(marker: str) -> dict[str, Any] | None:
    """A finished job's result, if every file it wrote is still there, unchanged in size."""
    if not workdir.exists(marker):
        return None
    done = workdir.read_json(marker)
    fs = _files()
    ok = all(fs.exists(p) and fs.size(p) == size for p, size in done["sizes"].items())
    return done if ok else None


def _write_marker(marker: str, result: dict[str, Any]) -> dict[str, Any]:
    result["sizes"] = {p: _files().size(p) for p in (result.get("path"), result.get("rejected_path")) if p}
    workdir.write_json(marker, result)
    return result


def _shard_table(i: int) -> pa.Table:
    """Shard `i` in the output schema, with its `dup_cluster` and `dup_count` columns."""
    base, n = int(_G["bases"][i]), int(_G["counts"][i])
    dup_count = _G["size"][_G["rank"][base:base + n]].astype(np.int32)
    key = _load(_G["sig_dirs"][i], "key").view(np.int64)
    table = pq.read_table(_G["shards"][i], filesystem=_files().arrow)
    cols = []
    for field in _G["schema"]:
        if field.name == "dup_cluster":
            cols.append(pa.array(key, type=pa.int64(), mask=dup_count <= 1))
        elif field.name == "dup_count":
            cols.append(pa.array(dup_count, type=pa.int32()))
        elif field.name in table.column_names:
            cols.append(table.column(field.name).cast(field.type))
        else:
            cols.append(pa.nulls(len(table), field.type))
    return pa.Table.from_arrays(cols, schema=_G["schema"])


def _kept(i: int) -> np.ndarray:
    """Which rows of shard `i` survive."""
    base, n = int(_G["bases"][i]), int(_G["counts"][i])
    ranks = _G["rank"][base:base + n]
    return (_G["root"][ranks] == ranks) & ~_G["earlier"]["dropped"][ranks]


def _write_output(ctx: dict[str, Any], g: int) -> dict[str, Any]:
    """Output shard `g` of the plan (a task): the survivors of its input shards, in order, streamed."""
    _enter(ctx)
    name = f"{_G['out_prefix']}{g:05d}"
    path = os.path.join(_G["out_dir"], f"{name}.parquet")
    marker = os.path.join(_G["run_dir"], "filtered", f"output-{name}.json")
    members = _G["plan"][g]
    done = _read_marker(marker)
    if done is not None and done["members"] == [os.path.basename(_G["shards"][i]) for i in members]:
        return done
    tmp = os.path.join(_G["out_dir"], f".{name}.parquet.tmp{os.getpid()}")
    sources: list[str] = []
    fs = _files()
    # on an object store, uploaded under its final name: it appears only when complete (no rename there)
    sink = fs.open(path, "wb") if fs is not _LOCAL else tmp
    try:
        with pq.ParquetWriter(sink, _G["schema"], compression="zstd") as writer:
            for i in members:
                keep = _kept(i)
                writer.write_table(_shard_table(i).filter(pa.array(keep)))
                src = _load(_G["sig_dirs"][i], "source")[keep]
                names = workdir.read_json(os.path.join(_G["sig_dirs"][i], "meta.json"))["sources"]
                sources += [names[k] for k in np.unique(src)]
    except BaseException:
        if fs is not _LOCAL:  # the upload is dropped, never completed
            sink.discard()
            sink.closed = True
        raise
    if fs is _LOCAL:
        os.replace(tmp, path)
    else:
        sink.close()
    return _write_marker(marker, {"path": path, "members": [os.path.basename(_G["shards"][i]) for i in members],
                                  "sources": sorted(set(sources))})


def _plan_outputs(shards: list[str], kept: np.ndarray, counts: np.ndarray, max_bytes: int,
                  files: Any) -> list[list[int]]:
    """Input shards (in their global order) packed into output shards of about `max_bytes`: each
    input's survivors are estimated as its file size times the share it keeps (same columns, same
    compression). Depends on the inputs only, not on the worker count."""
    plan: list[list[int]] = []
    group: list[int] = []
    size = 0.0
    for i, path in enumerate(shards):
        if not kept[i]:
            continue
        est = files.size(path) * kept[i] / counts[i]
        if group and size + est > max_bytes:
            plan.append(group)
            group, size = [], 0.0
        group.append(i)
        size += est
    return [*plan, group] if group else plan


_INDEXES: dict[str, Index] = {}  # the earlier runs' indexes a filter worker has opened


def _earlier_survivors(i: int, local: np.ndarray, sig_dir: str) -> tuple[list[str], np.ndarray, np.ndarray]:
    """For rows `local` of shard `i`, dropped as duplicates of an earlier run's document: that
    document's id, its similarity, and which earlier run holds it. A row with a match of its own
    names it; a row only in the component of one names the component's."""
    e = _G["earlier"]
    match = workdir.load_npz(e["paths"][i])
    which = np.empty(len(local), np.int64)
    row = np.empty(len(local), np.int64)
    sim = np.full(len(local), np.nan, np.float32)
    pos = np.searchsorted(match["row"], local)
    own = (pos < len(match["row"])) & (match["row"][np.minimum(pos, len(match["row"]) - 1)] == local) \
        if len(match["row"]) else np.zeros(len(local), bool)
    which[own], row[own], sim[own] = match["index"][pos[own]], match["index_row"][pos[own]], match["similarity"][pos[own]]
    roots = _G["root"][_G["rank"][int(_G["bases"][i]) + local[~own]]]
    at = np.searchsorted(e["comp_root"], roots)
    which[~own], row[~own] = e["comp_index"][at], e["comp_row"][at]
    ids = [""] * len(local)
    minhash = _load(sig_dir, "minhash", True)
    for w in np.unique(which):
        if e["runs"][w] not in _INDEXES:
            _INDEXES[e["runs"][w]] = _earlier_index(e["runs"][w], _G["against_options"], e["params"])
        idx = _INDEXES[e["runs"][w]]
        m = np.nonzero(which == w)[0]
        for j, v in zip(m.tolist(), idx.ids(row[m])):
            ids[j] = v
        chain = m[~own[m]]
        if len(chain):
            sim[chain] = sketch_similarity(sketch(np.asarray(minhash[local[chain]])), np.asarray(idx.sketch[row[chain]]))
    return ids, sim, which


def _write_filtered(i: int, part: str | None) -> dict[str, Any]:
    shard, sig_dir = _G["shards"][i], _G["sig_dirs"][i]
    base, n = int(_G["bases"][i]), int(_G["counts"][i])
    ranks = _G["rank"][base:base + n]
    root, exact_dup = _G["root"], _G["exact_dup"]
    earlier = _G["earlier"]["dropped"][ranks]  # in a component with a document an earlier run kept
    keep = _kept(i)
    n_chars = _load(sig_dir, "n_chars")
    src = _load(sig_dir, "source")
    sources = workdir.read_json(os.path.join(sig_dir, "meta.json"))["sources"]
    is_exact = exact_dup[ranks] & ~keep & ~earlier
    reason = np.where(earlier, "dup_earlier_run", np.where(is_exact, "exact_dup", "near_dup"))
    # the survivor each removed row duplicates: in this run, or in an earlier one
    gone = np.nonzero(~keep)[0]
    sim = np.empty(len(gone), np.float32)
    dup_of = [""] * len(gone)
    here = np.nonzero(~earlier[gone])[0]
    survivor = _G["order"][root[ranks[gone[here]]]]  # global document numbers
    sim[here] = similarity(_load(sig_dir, "minhash", True)[gone[here]], _G["docs"].minhash(survivor))
    for j, v in zip(here.tolist(), _G["docs"].ids(survivor)):
        dup_of[j] = v
    by_run = [0] * len(_G["earlier"]["runs"])
    there = np.nonzero(earlier[gone])[0]
    if len(there):
        ids, sim[there], which = _earlier_survivors(i, gone[there], sig_dir)
        for j, v in zip(there.tolist(), ids):
            dup_of[j] = v
        by_run = np.bincount(which, minlength=len(by_run)).tolist()
    removed: dict[str, dict[str, int]] = {}
    for s_idx, s in enumerate(sources):
        m = (src == s_idx) & ~keep
        removed[s] = {r: int((m & (reason == r)).sum()) for r in ("exact_dup", "near_dup", "dup_earlier_run")}
    if part is not None:
        write_part(part, _load(sig_dir, "key"), _load(sig_dir, "bucket_hash"), _load(sig_dir, "bucket_row"),
                   _load(sig_dir, "minhash", True), (_load(sig_dir, "id_bytes"), _load(sig_dir, "id_end")), keep)
    rejected_path = None
    if _G["rejected_dir"] and not keep.all():
        rejected_path = os.path.join(_G["rejected_dir"], f"dedup-{os.path.basename(shard)}")
        _write_removed(_shard_table(i), keep, reason, dup_of, sim, rejected_path)
    return {"sources": sources, "removed": removed, "kept": int(keep.sum()),
            "chars_removed": int(n_chars[~keep].sum()), "n_removed": int((~keep).sum()),
            "similarity": _similarity_counts(sim), "earlier_by_run": by_run, "rejected_path": rejected_path}


# The removed documents by the MinHash estimate of their similarity to their survivor: below the
# threshold means a chain (A ~ B ~ C, C kept for A through B).
_SIMILARITY_BUCKETS = [("1.0", 1.0), ("0.9-1.0", 0.9), ("0.8-0.9", 0.8), ("0.7-0.8", 0.7), ("0.6-0.7", 0.6),
                       ("0.5-0.6", 0.5), ("<0.5", 0.0)]


def _similarity_counts(sim: np.ndarray) -> dict[str, int]:
    bucket = np.searchsorted(-np.array([lo for _, lo in _SIMILARITY_BUCKETS]), -sim, side="left")
    counts = np.bincount(bucket, minlength=len(_SIMILARITY_BUCKETS))
    return {name: int(c) for (name, _), c in zip(_SIMILARITY_BUCKETS, counts)}


def _write_removed(table: pa.Table, keep: np.ndarray, reason: np.ndarray, dup_of: list[str],
                   sim: np.ndarray, path: str) -> None:
    """Removed duplicates, with the columns of the run's other rejected shards (--keep-rejected),
    and the survivor each one duplicates (`dup_of`, its id) with their estimated similarity."""
    gone = table.filter(pa.array(~keep)).drop_columns(["dup_cluster", "dup_count"])
    reasons = reason[~keep].tolist()
    values = {"drop_stage": ["dedup"] * len(gone), "drop_reason": reasons, "dup_of": dup_of, "dup_similarity": sim}
    for field in REJECTED_FIELDS:  # the columns every rejected shard has, in their order
        gone = gone.append_column(field, pa.array(values[field.name], field.type))
    _files().write_parquet(gone, path, compression="zstd")


def _prune(work_dir: str, keep: set[str]) -> None:
    """Remove phase files of earlier calls (other parameters, shards no longer in the run), so
    the work folder holds one run's worth (~810 bytes per document) however often it reruns."""
    work_dir = work_dir.rstrip("/")
    keep = {k.rstrip("/") for k in keep}
    for root in (work_dir, *(k for k in keep if os.path.dirname(k) == work_dir)):
        for entry in workdir.listdir(root):
            path = os.path.join(root, entry)
            if path not in keep and not any(k.startswith(path + "/") for k in keep):
                workdir.remove(path)


# ----------------------------------------------------------------------------- entry point

_SIG_FORMAT = 4  # the files a signature folder holds; 2: with the document ids; 3: with bucket fences; 4: exact keys sorted
_OUTPUT_LAYOUT = 2  # 2: output shards packed across input shards (<out_prefix>NNNNN.parquet)
_SIZE_BUCKETS = [(2, 2), (3, 4), (5, 8), (9, 16), (17, 64), (65, 256), (257, 1024), (1025, None)]


def _tried(fn: Any) -> Any:
    """`fn(shared, job)` tried twice (a store's passing error, say); a second error is returned as
    a `TaskFailed` for the run to report, instead of ending the run."""
    @functools.wraps(fn)
    def task(shared: Any, job: Any) -> Any:
        try:
            return fn(shared, job)
        except Exception as e:  # noqa: BLE001
            log.warning("dedup: %s failed on %s (%s: %s); trying it again", fn.__name__, job, type(e).__name__, e)
        try:
            return fn(shared, job)
        except Exception as e:  # noqa: BLE001
            return TaskFailed(f"{type(e).__name__}: {e}"[:500])
    return task


def _tasks(workers: int, task_map: Any, failures: list[dict[str, str]]):
    """`run(fn, shared, jobs, task, names)`: `[fn(shared, job) for job in jobs]`, as the executor's
    tasks (`task_map(fn, shared, jobs)`: Ray) or in `workers` local processes (`_map`). A job that
    fails on every try (an error twice, its worker or node lost past the retries) gives a
    `TaskFailed`, and is added to `failures` as `{"task", "item", "error"}` (`task` and `names`
    word it); the other jobs go on. The `shared` of every task carries the work folder's
    `workdir.Store` when it is on a store: unpickled in the task's process, it makes the
    folder's URLs readable there."""
    def run(fn: Any, shared: Any, jobs: list, task: str, names: list[str] | None = None) -> list:
        fn = _tried(fn)
        if task_map is not None and jobs:
            results = task_map(fn, shared, jobs)
        else:
            results = _map(functools.partial(fn, shared), jobs, workers, task, names)
        for i, r in enumerate(results):
            if _failed(r):
                item = names[i] if names else str(jobs[i])
                log.error("dedup: %s %s failed: %s", task, item, r.error)
                failures.append({"task": task, "item": item, "error": r.error})
        return results
    return run


def _failed(result: Any) -> bool:
    return isinstance(result, TaskFailed)


def _rows_or_none(shard: str, fs: Any) -> int | None:
    """The rows of an input shard, or None where it cannot be read."""
    try:
        return pq.ParquetFile(shard, filesystem=fs and fs.arrow).metadata.num_rows
    except Exception:  # noqa: BLE001
        return None


def deduplicate(shards: list[str], out_dir: str, work_dir: str, params: dict[str, Any], workers: int = 1,
                rejected_dir: str | None = None, index_out: str | None = None,
                against: list[str] | tuple[str, ...] = (), max_shard_bytes: int = 256 << 20,
                out_prefix: str = "part-", fs: Any = None, on_phase: Any = None,
                task_map: Any = None, against_options: dict[str, Any] | None = None) -> dict[str, Any]:
    """Exact and fuzzy dedup of `shards` into `out_dir` (`<out_prefix>NNNNN.parquet`, the survivors of
    consecutive input shards packed up to about `max_shard_bytes` each), phased under `work_dir`;
    removed documents go to `rejected_dir` (as `dedup-<shard>`) when given. With `against` (the
    output folders of earlier runs), documents that duplicate one an earlier run kept are removed
    too (`dup_earlier_run`), with every document of their component; with `index_out`, the
    survivors' dedup index is written there for later runs (`curate.dedup.index`); earlier runs on a
    store are read with `against_options`. With `fs` (a remote `curate.engine.output.OutputFS`)
    `shards`, `out_dir` and `rejected_dir` are on it. `work_dir` is a local folder, or a URL on a
    store with a `workdir.Store` made for it (for tasks on machines that share no disk);
    `index_out` is local. `on_phase(name)` is told as each phase starts (the progress line).
    The per-shard and per-partition phases (signing, candidate pairs by band and hash range,
    verification, matching earlier runs, filtering, writing the output) are tasks: in `workers`
    local processes, or, with `task_map(fn, shared, jobs)` (which must return
    `[fn(shared, job) for job in jobs]`), elsewhere, e.g. as Ray tasks; their inputs are files in
    `work_dir`. This process sorts, merges the pairs and finds the components.
    A task that fails on every try does not end the run: it is in `failed_tasks` with its error;
    the documents of an input shard that could not be signed, filtered or written are in
    `failed_docs` (shard -> count, None where the shard cannot be read), left out of the output
    (with, for one that failed filtering or writing, the duplicates other shards dropped for
    its survivors); a pairing, verification or earlier-run task that failed leaves its duplicates in. The run
    folder then goes, so that a rerun redoes the run-level phases (the signatures stay).
    Returns removals per source, output shards per source, and the stats of the run."""
    on_phase = on_phase or (lambda name: None)
    failures: list[dict[str, str]] = []
    failed_docs: dict[str, int | None] = {}  # input shard -> its documents lost to a failed task
    run_tasks = _tasks(workers, task_map, failures)
    p = check_params(params)
    against = list(against)
    store = workdir.store_of(work_dir)
    indexes = [_earlier_index(run, against_options, p) for run in against]
    for run, idx in zip(against, indexes):
        if index_out and os.path.realpath(idx.path) == os.path.realpath(index_out):
            raise ValueError(f"--dedup-against {run}: that is this run's own output")
    timings: dict[str, float] = {}
    on_phase("signatures")
    t = time.perf_counter()
    shards = sorted(shards, key=os.path.basename)  # the global numbering; independent of the caller's order
    names = [os.path.basename(s) for s in shards]
    sig_root = os.path.join(work_dir, "sig-" + _digest({"format": _SIG_FORMAT, **{k: p[k] for k in _SIG_KEYS}}))
    workdir.makedirs(sig_root)
    if fs is None:
        os.makedirs(out_dir, exist_ok=True)
    signed = run_tasks(_sign_shard, (sig_root, p, fs, store), shards, "signing shard", names)
    for shard, d in zip(shards, signed):
        if _failed(d):  # left out of the dedup: its documents are counted failed, the run goes on
            failed_docs[shard] = _rows_or_none(shard, fs)
    shards = [s for s, d in zip(shards, signed) if not _failed(d)]
    names = [os.path.basename(s) for s in shards]
    sig_dirs = [d for d in signed if not _failed(d)]
    timings["signatures"] = time.perf_counter() - t

    metas = [workdir.read_json(os.path.join(d, "meta.json")) for d in sig_dirs]
    counts = np.array([m["n"] for m in metas], dtype=np.int64)
    bases = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64) if len(counts) else counts
    n = int(counts.sum())
    if n >= 1 << 31:  # ranks are int32
        raise ValueError(f"dedup: {n:,} documents in one run; up to 2^31 are supported")
    run_dir = os.path.join(sig_root, "run-" + _digest({"p": p, "shards": [m["shard"] for m in metas],
                                                       "layout": _OUTPUT_LAYOUT, "max_shard_bytes": max_shard_bytes,
                                                       "out_prefix": out_prefix,
                                                       "against": [idx.fingerprint() for idx in indexes]}))
    workdir.makedirs(os.path.join(run_dir, "pairs"))
    at = functools.partial(os.path.join, run_dir)

    counted = _clusters(sig_dirs, metas, bases, counts, run_dir, p, run_tasks, workers, on_phase, timings)
    root, size, exact_dup, rank = (workdir.load(at(f"{name}.npy"), mmap=True)
                                   for name in ("root", "size", "exact_dup", "rank"))

    on_phase("earlier runs")
    t = time.perf_counter()
    earlier = _match_earlier(against, against_options, sig_dirs, run_dir, bases, rank, root, p, run_tasks)
    if indexes and not workdir.exists(at("earlier.npz")):  # for the filter tasks
        workdir.save_npz(at("earlier.npz"), {k: earlier[k] for k in ("comp_root", "comp_index", "comp_row")
                                             if k in earlier})
    if not workdir.exists(at("dropped.npy")):
        _save(at("dropped.npy"), earlier["dropped"])
    timings["earlier_runs"] = time.perf_counter() - t

    on_phase("filter and write")
    t = time.perf_counter()
    schema = pa.unify_schemas([pq.read_schema(s, filesystem=fs and fs.arrow) for s in shards]) if shards \
        else pa.schema([])
    for name in ("dup_cluster", "dup_count"):
        if name in schema.names:
            schema = schema.remove(schema.get_field_index(name))
    schema = schema.append(pa.field("dup_cluster", pa.int64())).append(pa.field("dup_count", pa.int32()))
    ctx = {"shards": shards, "sig_dirs": sig_dirs, "out_dir": out_dir, "bases": bases, "counts": counts,
           "schema": schema, "rejected_dir": rejected_dir, "run_dir": run_dir, "index_out": index_out,
           "out_prefix": out_prefix, "fs": fs, "num_perm": p["num_perm"], "against": against,
           "against_options": against_options, "params": p, "store": store}
    try:
        results = run_tasks(_filter_shard, ctx, list(range(len(shards))), "filtering shard", names)
        for i, r in enumerate(results):
            if _failed(r):
                failed_docs[shards[i]] = int(counts[i])
        kept = np.array([0 if _failed(r) else r["kept"] for r in results], dtype=np.int64)
        plan = _plan_outputs(shards, kept, counts, max_shard_bytes, fs or _LOCAL)
        outputs = run_tasks(_write_output, {**ctx, "plan": plan}, list(range(len(plan))), "writing output",
                            [f"{out_prefix}{g:05d}.parquet" for g in range(len(plan))])
        for members, o in zip(plan, outputs):
            if _failed(o):  # its members' survivors are not in the output
                failed_docs.update({shards[i]: int(kept[i]) for i in members})
    finally:
        _G.clear()
        _INDEXES.clear()
    results = [r for r in results if not _failed(r)]
    outputs = [o for o in outputs if not _failed(o)]
    signed_shards = set(shards)
    lost = sum(k for s, k in failed_docs.items() if s in signed_shards)  # signed, then lost
    written = {o["path"] for o in outputs}
    ours = re.compile(re.escape(out_prefix) + r"\d{5}\.parquet")
    files = fs or _LOCAL
    for path in files.glob(f"{out_dir}/*.parquet"):  # output shards of an earlier call that this plan does not have
        if ours.fullmatch(os.path.basename(path)) and path not in written:
            files.rm(path)
    timings["filter"] = time.perf_counter() - t
    if index_out:
        on_phase("index for later runs")
        t = time.perf_counter()
        parts = [os.path.join(run_dir, "index-part", os.path.basename(s)) for s in shards if s not in failed_docs]
        build_index([workdir.pull_dir(part) for part in parts], index_out, p, source=os.path.basename(run_dir), partition=p["partition_docs"])
        timings["index"] = time.perf_counter() - t
    _prune(work_dir, keep={sig_root, run_dir, *sig_dirs})
    if failures:  # the run-level files hold a partial result: the rerun redoes them (the signatures stay)
        workdir.remove(run_dir)

    removed_by_source: dict[str, dict[str, int]] = {}
    shards_by_source: dict[str, list[str]] = {}
    for r in results:
        for s, c in r["removed"].items():
            acc = removed_by_source.setdefault(s, dict.fromkeys(c, 0))
            for reason, k in c.items():
                acc[reason] += k
    for o in outputs:
        for s in o["sources"]:
            shards_by_source.setdefault(s, []).append(o["path"])
    similarity_counts = {name: sum(r["similarity"][name] for r in results) for name, _ in _SIMILARITY_BUCKETS}
    dropped_earlier = earlier["dropped"]
    is_root = root == np.arange(n, dtype=root.dtype)
    removed = ~is_root & ~dropped_earlier  # removed within this run
    n_exact = int((removed & exact_dup).sum())
    cluster_sizes = size[is_root & ~dropped_earlier & (size > 1)]
    by_run = np.sum([r["earlier_by_run"] for r in results], axis=0).tolist() if results and indexes else []
    hist = {}
    for lo, hi in _SIZE_BUCKETS:
        m = (cluster_sizes >= lo) if hi is None else ((cluster_sizes >= lo) & (cluster_sizes <= hi))
        hist[f"{lo}+" if hi is None else (str(lo) if lo == hi else f"{lo}-{hi}")] = int(m.sum())
    return {
        "removed_by_source": removed_by_source,
        "shards_by_source": shards_by_source,
        "docs_in": n + sum(k or 0 for s, k in failed_docs.items() if s not in signed_shards),
        "docs_out": n - int(removed.sum()) - int(dropped_earlier.sum()) - lost,
        "docs_failed": sum(k or 0 for k in failed_docs.values()),
        "failed_tasks": failures,
        "failed_docs": failed_docs,
        "exact_removed": n_exact,
        "fuzzy_removed": int(removed.sum()) - n_exact,
        "earlier_removed": int(dropped_earlier.sum()),
        "against": list(against),
        "earlier_removed_by_run": dict(zip(against, by_run)),
        "chars_removed": sum(r["chars_removed"] for r in results),
        "clusters": len(cluster_sizes),
        "cluster_sizes": hist,
        "largest_cluster": int(cluster_sizes.max()) if len(cluster_sizes) else 0,
        "removed_by_similarity": similarity_counts,
        "candidate_pairs": counted["candidates"],
        "verified_pairs": counted["verified"],
        "params": {k: v for k, v in p.items()},
        "bands_x_rows": f"{p['bands']}x{p['rows']}",
        "seconds": {k: round(v, 3) for k, v in timings.items()},
    }
