"""A run's dedup index, and dedup against the indexes of earlier runs (`--dedup-against RUN`).

Each run with dedup leaves an index of the documents it kept, so that a later run can drop what an
earlier one already has without reading that run's text. Files, under `index_dir(OUTPUT)`:

- `key.npy` (u64, sorted) and `key_row.npy` (u32): exact keys of the survivors;
- `band_hash.npy` (u64, bands x S, each band sorted) and `band_row.npy` (u32): their LSH band
  hashes, the same buckets the run's own dedup used;
- `sketch.npy` (u8, S x num_perm): the low 8 bits of each MinHash value (b-bit minwise hashing,
  Li and Koenig 2010), enough to verify a candidate pair: two equal 8-bit values are a match of the
  full values or a chance collision (1/256), and the estimate below removes the collisions;
- `id_bytes.npy` / `id_end.npy`: the survivors' ids (row order); `meta.json`: the parameters.

Bytes per kept document: 12 + 12 x bands + num_perm + the id: ~450 B at 18 bands and 128
permutations (~55 B for a WARC-Record-ID).

Matching a new run against an index costs, per band and per shard of the new run, one
`searchsorted` of the shard's sorted band hashes into the index's (memory-mapped): O(N log H)
comparisons for N new and H earlier documents, and at most min(N, H / 512) pages of 4 KiB touched
per band file, since sorted queries read the index in order. The history's size enters only
through log H and the pages touched: nothing of it is loaded whole.
"""

from __future__ import annotations

import json
import os
import shutil
from typing import Any

import numpy as np

from curate.dedup import workdir
from curate.dedup.minhash import _SIG_KEYS, hash_ranges

INDEX_FORMAT = 1
MATCH_KEYS = ("exact", "fuzzy", "verify", "threshold", *_SIG_KEYS)  # parameters both runs must share
_SKETCH_CHANCE = 1 / 256  # two unequal MinHash values agree in their low 8 bits by chance


def index_dir(run_output: str) -> str:
    """Where the run written to `run_output` keeps its dedup index (the one place that says so)."""
    return os.path.join(run_output, ".curate", "dedup-index")


def sketch(minhash: np.ndarray) -> np.ndarray:
    return (minhash & np.uint32(0xFF)).astype(np.uint8)


def sketch_similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Jaccard estimate of rows of 8-bit sketches: the agreement less the chance collisions."""
    if not len(a):
        return np.zeros(0, np.float32)
    agree = (a == b).mean(axis=1, dtype=np.float64)
    return np.clip((agree - _SKETCH_CHANCE) / (1 - _SKETCH_CHANCE), 0.0, 1.0).astype(np.float32)


def save_strings(d: str, name: str, values: list[str | None]) -> None:
    """Strings as `<name>_bytes.npy` (UTF-8, concatenated) and `<name>_end.npy` (end offsets),
    so that any row can be read from a memory map without parsing the file."""
    encoded = [(v or "").encode("utf-8") for v in values]
    np.save(os.path.join(d, f"{name}_bytes.npy"), np.frombuffer(b"".join(encoded), dtype=np.uint8))
    np.save(os.path.join(d, f"{name}_end.npy"), np.cumsum([len(e) for e in encoded], dtype=np.int64))


def read_strings(blob: np.ndarray, ends: np.ndarray, rows: np.ndarray) -> list[str]:
    rows = np.asarray(rows, dtype=np.int64)
    starts = np.where(rows > 0, ends[np.maximum(rows - 1, 0)], 0)
    stops = ends[rows]
    return [bytes(blob[a:b]).decode("utf-8") for a, b in zip(starts.tolist(), stops.tolist())]


def take_strings(blob: np.ndarray, ends: np.ndarray, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Rows of a (bytes, end offsets) string array as a new one, without decoding them."""
    ends = np.asarray(ends, dtype=np.int64)
    starts = np.concatenate([[0], ends[:-1]])[rows]
    lengths = ends[rows] - starts
    new_ends = np.cumsum(lengths, dtype=np.int64)
    at = np.repeat(starts - (new_ends - lengths), lengths) + np.arange(int(new_ends[-1]) if len(rows) else 0)
    return np.asarray(blob)[at], new_ends


def _load(d: str, name: str) -> np.ndarray:
    return np.load(os.path.join(d, f"{name}.npy"), mmap_mode="r")


# ----------------------------------------------------------------------------- writing

def write_part(d: str, keys: np.ndarray, bucket_hash: np.ndarray, bucket_row: np.ndarray,
               minhash: np.ndarray, ids: tuple[np.ndarray, np.ndarray], keep: np.ndarray) -> None:
    """The index entries of one shard's survivors (`keep`), into folder `d`: sorted keys and
    buckets (rows numbered among the survivors), sketches and ids (`ids`: the shard's bytes and end
    offsets, as `save_strings` writes them)."""
    tmp = workdir.staging(d)
    ordinal = np.cumsum(keep, dtype=np.int64) - 1
    k = keys[keep]
    by_key = np.argsort(k, kind="stable")
    np.save(os.path.join(tmp, "key.npy"), k[by_key])
    np.save(os.path.join(tmp, "key_row.npy"), by_key.astype(np.uint32))
    kept_in_band = keep[bucket_row]  # bands x docs; filtering a sorted row keeps it sorted
    np.save(os.path.join(tmp, "band_hash.npy"), bucket_hash[kept_in_band].reshape(len(bucket_hash), -1))
    np.save(os.path.join(tmp, "band_row.npy"),
            ordinal[bucket_row[kept_in_band]].astype(np.uint32).reshape(len(bucket_row), -1))
    np.save(os.path.join(tmp, "sketch.npy"), sketch(minhash[keep]))
    blob, ends = take_strings(*ids, np.nonzero(keep)[0])
    np.save(os.path.join(tmp, "id_bytes.npy"), blob)
    np.save(os.path.join(tmp, "id_end.npy"), ends)
    with open(os.path.join(tmp, "meta.json"), "w", encoding="utf-8") as f:
        json.dump({"n": int(keep.sum())}, f)
    workdir.publish(tmp, d)


class _NpyWriter:
    """An .npy file of `shape` written front to back in pieces (C order): with plain writes, not a
    memory map, so the pages written are the page cache's, not this process's memory."""

    def __init__(self, path: str, dtype: Any, shape: tuple[int, ...]) -> None:
        self.dtype, self.left = np.dtype(dtype), int(np.prod(shape))
        self.file = open(path, "wb")
        np.lib.format.write_array_header_1_0(self.file, {"descr": np.lib.format.dtype_to_descr(self.dtype),
                                                         "fortran_order": False, "shape": tuple(shape)})

    def write(self, arr: np.ndarray) -> None:
        arr = np.ascontiguousarray(arr, dtype=self.dtype)
        self.left -= arr.size
        self.file.write(arr.data)

    def close(self) -> None:
        self.file.close()
        assert self.left == 0, f"{self.file.name}: {self.left} values short"


def _merge_sorted(runs: list[tuple[np.ndarray, np.ndarray]], bases: list[int], total: int, out_hash: _NpyWriter,
                  out_row: _NpyWriter, partition: int) -> None:
    """Sorted runs of (hash, row) merged onto `out_hash` / `out_row` one hash range at a time
    (at most about `partition` entries in memory); a row is offset by its run's base."""
    for got in hash_ranges(runs, bases, total, partition):
        if got is not None:
            h, r = got
            srt = np.argsort(h, kind="stable")  # runs in row order: equal hashes stay by row
            out_hash.write(h[srt])
            out_row.write(r[srt])


def build_index(parts: list[str], dest: str, params: dict[str, Any], source: str,
                partition: int = 4_000_000) -> dict[str, Any]:
    """The index of a run from its shards' parts (in shard order), written to `dest`; `source`
    names what it was built from, so an unchanged index is not rebuilt."""
    meta_path = os.path.join(dest, "meta.json")
    if os.path.exists(meta_path):
        with open(meta_path, encoding="utf-8") as f:
            meta = json.load(f)
        if meta.get("source") == source and meta.get("format") == INDEX_FORMAT:
            return meta
    counts = []
    for d in parts:
        with open(os.path.join(d, "meta.json"), encoding="utf-8") as f:
            counts.append(json.load(f)["n"])
    total = int(sum(counts))
    bases = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64).tolist() if counts else []
    bands, num_perm = params["bands"], params["num_perm"]
    tmp = f"{dest}.tmp{os.getpid()}"
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)

    def writer(name: str, dtype: Any, shape: tuple[int, ...]) -> _NpyWriter:
        return _NpyWriter(os.path.join(tmp, f"{name}.npy"), dtype, shape)

    key, key_row = writer("key", np.uint64, (total,)), writer("key_row", np.uint32, (total,))
    _merge_sorted([(_load(d, "key"), _load(d, "key_row")) for d in parts], bases, total, key, key_row, partition)
    band_hash, band_row = writer("band_hash", np.uint64, (bands, total)), writer("band_row", np.uint32, (bands, total))
    for b in range(bands):  # band after band: the rows of a (bands, total) array, front to back
        _merge_sorted([(_load(d, "band_hash")[b], _load(d, "band_row")[b]) for d in parts], bases, total,
                      band_hash, band_row, partition)
    id_sizes = [_load(d, "id_bytes").shape[0] for d in parts]
    sk, id_end = writer("sketch", np.uint8, (total, num_perm)), writer("id_end", np.int64, (total,))
    id_bytes = writer("id_bytes", np.uint8, (int(sum(id_sizes)),))
    offset = 0  # part by part: the ids are never all in memory
    for d, size in zip(parts, id_sizes):
        sk.write(_load(d, "sketch"))
        id_bytes.write(_load(d, "id_bytes"))
        id_end.write(_load(d, "id_end") + offset)
        offset += size
    for w in (key, key_row, band_hash, band_row, sk, id_end, id_bytes):
        w.close()
    meta = {"format": INDEX_FORMAT, "n": total, "source": source,
            "params": {k: params[k] for k in MATCH_KEYS}}
    with open(os.path.join(tmp, "meta.json"), "w", encoding="utf-8") as f:
        json.dump(meta, f)
    shutil.rmtree(dest, ignore_errors=True)
    os.makedirs(os.path.dirname(dest) or ".", exist_ok=True)
    os.replace(tmp, dest)
    return meta


# ----------------------------------------------------------------------------- reading

class Index:
    """An earlier run's index, memory-mapped."""

    def __init__(self, run: str, params: dict[str, Any]) -> None:
        self.run, self.path = run, index_dir(run)
        meta_path = os.path.join(self.path, "meta.json")
        if not os.path.exists(meta_path):
            raise ValueError(f"--dedup-against {run}: no dedup index there ({meta_path} is missing); "
                             "it is written by a run with dedup, when the run finishes")
        with open(meta_path, encoding="utf-8") as f:
            self.meta = json.load(f)
        if self.meta.get("format") != INDEX_FORMAT:
            raise ValueError(f"--dedup-against {run}: its dedup index has format {self.meta.get('format')}, "
                             f"this curate reads format {INDEX_FORMAT}")
        theirs, ours = self.meta["params"], {k: params[k] for k in MATCH_KEYS}
        differ = [k for k in MATCH_KEYS if theirs.get(k) != ours[k]]
        if differ:
            raise ValueError(f"--dedup-against {run}: its dedup used other parameters "
                             f"({', '.join(f'{k}={theirs.get(k)!r}' for k in differ)}; this run: "
                             f"{', '.join(f'{k}={ours[k]!r}' for k in differ)}); dedup against it needs the same ones")
        self.n = int(self.meta["n"])
        self._maps: dict[str, np.ndarray] = {}

    def __getattr__(self, name: str) -> np.ndarray:  # key, key_row, band_hash, band_row, sketch, id_*
        if name.startswith("_"):
            raise AttributeError(name)
        if name not in self._maps:
            self._maps[name] = _load(self.path, name)
        return self._maps[name]

    def ids(self, rows: np.ndarray) -> list[str]:
        return read_strings(self.id_bytes, self.id_end, rows)

    def fingerprint(self) -> dict[str, Any]:
        return {"run": os.path.abspath(self.run), "source": self.meta.get("source"), "n": self.n}


def _lookup(sorted_hashes: np.ndarray, rows: np.ndarray, queries: np.ndarray,
            local: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(query's local row, index row) for every index entry whose hash equals a query's."""
    if not len(sorted_hashes) or not len(queries):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    lo = np.searchsorted(sorted_hashes, queries)
    hit = np.nonzero(sorted_hashes[np.minimum(lo, len(sorted_hashes) - 1)] == queries)[0]
    if not len(hit):
        return np.zeros(0, np.int64), np.zeros(0, np.int64)
    lo = lo[hit]
    count = np.searchsorted(sorted_hashes, queries[hit], side="right") - lo  # most queries miss: only hits
    starts = np.repeat(lo - np.cumsum(count) + count, count)
    positions = starts + np.arange(int(count.sum()))
    return np.repeat(local[hit], count), np.asarray(rows[positions], dtype=np.int64)


def _first_of_each(*keys: np.ndarray) -> np.ndarray:
    """Positions of the first of each run of equal `keys` (arrays sorted together)."""
    first = np.ones(len(keys[0]), bool)
    if len(first) > 1:
        first[1:] = np.logical_or.reduce([k[1:] != k[:-1] for k in keys])
    return np.nonzero(first)[0]


def no_matches() -> dict[str, np.ndarray]:
    """`match_shard`'s answer for a shard with no document of an earlier run."""
    return {"row": np.zeros(0, np.int64), "index": np.zeros(0, np.int32), "index_row": np.zeros(0, np.int64),
            "similarity": np.zeros(0, np.float32)}


def match_shard(sig_dir: str, indexes: list[Index], params: dict[str, Any]) -> dict[str, np.ndarray]:
    """The documents of one signed shard that duplicate a document of an earlier run's index:
    their rows, the index (position in `indexes`) and row of the earlier document, and the
    similarity (1.0 for the same exact key; else the sketch estimate). One match per document, the
    most similar (ties: the first index, then the smallest row)."""
    keys = np.load(os.path.join(sig_dir, "key.npy"))
    minhash = np.load(os.path.join(sig_dir, "minhash.npy"), mmap_mode="r")
    found = []
    for i, idx in enumerate(indexes):
        cand_local, cand_row, exact = [], [], []
        if params["exact"] and idx.n:
            by_key = np.argsort(keys, kind="stable")  # sorted queries read the index in order
            local, row = _lookup(idx.key, idx.key_row, keys[by_key], by_key)
            cand_local.append(local)
            cand_row.append(row)
            exact.append(np.ones(len(local), bool))
        if params["fuzzy"] and idx.n:
            bucket_hash = np.load(os.path.join(sig_dir, "bucket_hash.npy"), mmap_mode="r")
            bucket_row = np.load(os.path.join(sig_dir, "bucket_row.npy"), mmap_mode="r")
            for b in range(params["bands"]):
                local, row = _lookup(idx.band_hash[b], idx.band_row[b], np.asarray(bucket_hash[b]),
                                     np.asarray(bucket_row[b], dtype=np.int64))
                cand_local.append(local)
                cand_row.append(row)
                exact.append(np.zeros(len(local), bool))
        if not cand_local:
            continue
        local, row, is_exact = np.concatenate(cand_local), np.concatenate(cand_row), np.concatenate(exact)
        # one sort of (local row, index row) packed in 64 bits; an exact match first among equals
        srt = np.argsort((local.astype(np.uint64) << np.uint64(32)) | row.astype(np.uint64), kind="stable")
        local, row, is_exact = local[srt], row[srt], is_exact[srt]
        first = _first_of_each(local, row)
        local, row, is_exact = local[first], row[first], is_exact[first]
        sim = np.ones(len(local), np.float32)
        fuzzy = np.nonzero(~is_exact)[0]
        if len(fuzzy):
            order = np.argsort(row[fuzzy], kind="stable")  # index reads in file order
            est = np.empty(len(fuzzy), np.float32)
            est[order] = sketch_similarity(sketch(np.asarray(minhash[local[fuzzy][order]])),
                                           np.asarray(idx.sketch[row[fuzzy][order]]))
            sim[fuzzy] = est
        ok = is_exact | (sim >= params["threshold"]) if params["verify"] else np.ones(len(local), bool)
        found.append((local[ok], np.full(int(ok.sum()), i, np.int32), row[ok], sim[ok]))
    if not found:
        return no_matches()
    local, which, row, sim = (np.concatenate(x) for x in zip(*found))
    # the best match of each row: the most similar, then the first index, then the smallest row
    best = np.lexsort((row, which, -sim, local)) if len(found) > 1 else \
        np.argsort((local.astype(np.uint64) << np.uint64(32)) | (~sim.view(np.uint32)).astype(np.uint64),
                   kind="stable")
    local, which, row, sim = local[best], which[best], row[best], sim[best]
    first = _first_of_each(local)
    return {"row": local[first], "index": which[first], "index_row": row[first], "similarity": sim[first]}
