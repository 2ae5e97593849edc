"""MinHash over character n-grams of normalised Chinese text: the normalisation, the exact key,
shingle hashes, signatures, LSH band hashes and the bands x rows choice. Pure functions on arrays;
the run-level phases that use them are in `curate.dedup.phases`.

Normalisation (for the key and the shingles only; the stored text is untouched): OpenCC t2s
(`curate.han.to_simplified`), then a per-codepoint table of NFKC + casefold that keeps letters and
digits and drops whitespace, punctuation, symbols and marks (so full/half width, Traditional and
punctuation edits do not change it).
"""

from __future__ import annotations

import functools
import itertools
import math
import unicodedata
from collections.abc import Iterator
from typing import Any

import numpy as np
import xxhash

from curate.han import to_simplified

DEFAULTS: dict[str, Any] = {
    "exact": True,
    "fuzzy": True,
    # n = 5 .. 13 and thresholds 0.6 / 0.7 / 0.8 measured on the People's Daily corpus of
    # tests/test_dedup.py (`python benchmarks/bench_dedup.py --sweep`): precision is 1.0 everywhere
    # (no template-sharing articles merged; none of 2,517 distinct articles merged even at 0.5), and
    # recall falls as n grows, since one substituted character breaks n shingles (5% substitutions
    # leave a 5-gram Jaccard near 0.63, a 13-gram one near 0.35). n = 5 with threshold 0.6 is the only
    # setting with recall >= 0.95 (0.97); 0.8 keeps 2% substitutions only (recall 0.88).
    "ngram": 5,
    "num_perm": 128,
    "threshold": 0.6,
    "seed": 1,
    "bands": None,  # bands and rows, both or neither; default from the threshold (datasketch's method)
    "rows": None,
    "verify": True,  # drop LSH candidate pairs whose estimated Jaccard is below the threshold
    "partition_docs": 4_000_000,  # bucket entries merged at once (16 B each): the pairing memory bound
}
_SIG_KEYS = ("ngram", "num_perm", "seed", "bands", "rows")
_BATCH = 64  # documents per vectorised permutation step
_PRIME64 = np.uint64(0x9E3779B97F4A7C15)
_BASE = 0x100000001B3  # polynomial base of the rolling n-gram hash (mod 2^64)
_M64 = (1 << 64) - 1


# ----------------------------------------------------------------------------- normalisation

_EXPAND = np.uint32(0xFFFFFFFF)  # table mark: NFKC gives several characters, done in Python


def _fold_char(c: str) -> str:
    """NFKC + casefold of one character, keeping letters and digits only."""
    s = unicodedata.normalize("NFKC", c).casefold()
    return "".join(ch for ch in s if unicodedata.category(ch)[0] in "LN")


@functools.lru_cache(maxsize=1)
def _fold_table() -> np.ndarray:
    """BMP codepoint -> folded codepoint, 0 for dropped, _EXPAND for several characters."""
    table = np.zeros(0x10000, dtype=np.uint32)
    for cp in range(0x10000):
        s = _fold_char(chr(cp))
        table[cp] = ord(s) if len(s) == 1 else (0 if not s else _EXPAND)
    return table


def normalize_codepoints(text: str) -> np.ndarray:
    """The normalised text as a uint32 codepoint array (see the module docstring)."""
    cps = np.frombuffer(to_simplified(text).encode("utf-32-le"), dtype=np.uint32)
    table = _fold_table()
    high = cps >= 0x10000
    out = table[np.where(high, 0, cps)]
    special = high | (out == _EXPAND)
    if special.any():  # rare: astral characters (extension Han, emoji) and NFKC expansions
        parts = []
        for c, o, s in zip(cps.tolist(), out.tolist(), special.tolist()):
            parts.append(_fold_char(chr(c)) if s else (chr(o) if o else ""))
        return np.frombuffer("".join(parts).encode("utf-32-le"), dtype=np.uint32)
    return out[out != 0]


def normalize(text: str) -> str:
    """The normalised text as a string (for reading and tests)."""
    return normalize_codepoints(text).tobytes().decode("utf-32-le")


def exact_key(cps: np.ndarray) -> int:
    """xxh3-64 of the normalised codepoints."""
    return xxhash.xxh3_64_intdigest(cps.tobytes())


# ----------------------------------------------------------------------------- MinHash

def _mix64(h: np.ndarray) -> np.ndarray:
    """splitmix64 finalizer (a bijection on uint64), vectorised."""
    h = (h ^ (h >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
    h = (h ^ (h >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
    return h ^ (h >> np.uint64(31))


def shingle_hashes(cps: np.ndarray, n: int) -> np.ndarray:
    """32-bit hashes of every character n-gram of `cps`: a polynomial hash mod 2^64 over the
    codepoints, mixed, high 32 bits. A text shorter than n is one shingle (the whole text), so two
    different short texts never share a signature."""
    cps = cps.astype(np.uint64)
    k = min(n, len(cps))
    if k == 0:
        return np.zeros(1, dtype=np.uint32)  # empty normalised text: identical texts anyway
    m = len(cps) - k + 1
    h = cps[:m].copy()
    base = np.uint64(_BASE)
    for j in range(1, k):
        h *= base
        h += cps[j:j + m]
    return (_mix64(h) >> np.uint64(32)).astype(np.uint32)


def shingle_hash_py(shingle: str) -> int:
    """The hash `shingle_hashes` gives one shingle, in plain Python (datasketch's `hashfunc`)."""
    h = 0
    for ch in shingle:
        h = (h * _BASE + ord(ch)) & _M64
    h = ((h ^ (h >> 30)) * 0xBF58476D1CE4E5B9) & _M64
    h = ((h ^ (h >> 27)) * 0x94D049BB133111EB) & _M64
    return (h ^ (h >> 31)) >> 32


def _fmix32(h: np.ndarray) -> np.ndarray:
    """MurmurHash3's 32-bit finalizer, as datasketch applies it to every input hash."""
    h = h ^ (h >> np.uint32(16))
    h = h * np.uint32(0x85EBCA6B)
    h = h ^ (h >> np.uint32(13))
    h = h * np.uint32(0xC2B2AE35)
    return h ^ (h >> np.uint32(16))


def permutations(num_perm: int, seed: int) -> tuple[np.ndarray, np.ndarray]:
    """(a, b) of datasketch's default "affine32" scheme: h -> a*h + b mod 2^32, a odd, drawn as
    `datasketch.MinHash(num_perm, seed)` draws them."""
    gen = np.random.RandomState(seed)
    a = gen.randint(0, 1 << 31, num_perm, dtype=np.uint32) * np.uint32(2) + np.uint32(1)
    b = gen.randint(0, 1 << 32, num_perm, dtype=np.uint32)
    return a, b


def minhash_batch(hash_lists: list[np.ndarray], a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """MinHash signatures (len(hash_lists) x num_perm, uint32) of shingle-hash arrays; equal to
    datasketch's `MinHash(num_perm, seed, hashfunc=shingle_hash_py)` updated with the shingles."""
    out = np.empty((len(hash_lists), len(a)), dtype=np.uint32)
    for i, hv in enumerate(hash_lists):
        hv = _fmix32(hv)
        p = np.multiply.outer(a, hv)  # uint32: the wraparound is the mod 2^32
        p += b[:, None]
        p.min(axis=1, out=out[i])
    return out


def signatures(texts: list[str], n: int, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(exact keys u64, MinHash u32 [len x num_perm]) of `texts`."""
    keys = np.empty(len(texts), dtype=np.uint64)
    hashes = []
    for i, t in enumerate(texts):
        cps = normalize_codepoints(t)
        if len(cps) == 0:  # nothing but punctuation: key and shingle on the raw text
            cps = np.frombuffer(t.encode("utf-32-le"), dtype=np.uint32)
        keys[i] = exact_key(cps)
        hashes.append(shingle_hashes(cps, n))
    return keys, minhash_batch(hashes, a, b)


def band_hashes(sig: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """64-bit hash of each band of each signature (docs x bands)."""
    out = np.empty((len(sig), bands), dtype=np.uint64)
    for band in range(bands):
        h = np.full(len(sig), (band + 1) * 0x2545F4914F6CDD1D & _M64, dtype=np.uint64)
        for v in sig[:, band * rows:(band + 1) * rows].T:
            h = _mix64(h ^ v.astype(np.uint64)) * _PRIME64
        out[:, band] = _mix64(h)
    return out


# ----------------------------------------------------------------------------- LSH parameters

def _integrate(f, lo: float, hi: float, steps: int = 2000) -> float:
    """Composite Simpson's rule; the curves are smooth, 2000 steps agree with scipy's quad to 1e-9."""
    if hi <= lo:
        return 0.0
    x = np.linspace(lo, hi, steps + 1)
    y = f(x)
    return float((hi - lo) / steps / 3 * (y[0] + y[-1] + 4 * y[1:-1:2].sum() + 2 * y[2:-1:2].sum()))


@functools.lru_cache(maxsize=64)
def optimal_bands(threshold: float, num_perm: int, fp_weight: float = 0.5, fn_weight: float = 0.5) -> tuple[int, int]:
    """(bands, rows) minimising the weighted false positive and negative areas: a reimplementation
    of `datasketch.lsh._optimal_param` (same search, Simpson instead of scipy's quad; the test
    checks they agree)."""
    best, opt = float("inf"), (0, 0)
    for bands in range(1, num_perm + 1):
        for rows in range(1, num_perm // bands + 1):
            fp = _integrate(lambda s, r=rows, b=bands: 1 - (1 - s ** r) ** b, 0.0, threshold)
            fn = _integrate(lambda s, r=rows, b=bands: (1 - s ** r) ** b, threshold, 1.0)
            err = fp * fp_weight + fn * fn_weight
            if err < best:
                best, opt = err, (bands, rows)
    return opt


# ----------------------------------------------------------------------------- helpers

def _int_in(v: Any, low: int, high: int) -> bool:
    return isinstance(v, int) and not isinstance(v, bool) and low <= v <= high


def check_params(params: dict[str, Any]) -> dict[str, Any]:
    """Defaults filled in; unknown keys and bad values fail with a ValueError."""
    unknown = sorted(set(params) - set(DEFAULTS))
    if unknown:
        raise ValueError(f"dedup: unknown parameter(s) {', '.join(unknown)}; known: {', '.join(DEFAULTS)}")
    p = {**DEFAULTS, **params}
    if not (p["exact"] or p["fuzzy"]):
        raise ValueError("dedup: exact and fuzzy are both off; remove the dedup block instead")
    # Upper bounds keep a recipe from being a way to exhaust a run (signatures are 4 x num_perm
    # bytes a document; 1024 is 8x the default and beyond any published MinHash setting).
    if not _int_in(p["ngram"], 1, 64):
        raise ValueError(f"dedup: ngram must be an integer in 1..64, not {p['ngram']!r}")
    if not _int_in(p["num_perm"], 2, 1024):
        raise ValueError(f"dedup: num_perm must be an integer in 2..1024, not {p['num_perm']!r}")
    if not _int_in(p["partition_docs"], 1000, 1 << 32):
        raise ValueError(f"dedup: partition_docs must be an integer in 1000..2^32, not {p['partition_docs']!r}")
    if not isinstance(p["threshold"], (int, float)) or isinstance(p["threshold"], bool) or not 0 < p["threshold"] < 1:
        raise ValueError(f"dedup: threshold must be in (0, 1), not {p['threshold']!r}")
    if (p["bands"] is None) != (p["rows"] is None):
        raise ValueError("dedup: give both bands and rows, or neither")
    if p["bands"] is None:
        p["bands"], p["rows"] = optimal_bands(float(p["threshold"]), p["num_perm"])
    if p["bands"] * p["rows"] > p["num_perm"]:
        raise ValueError(f"dedup: bands x rows ({p['bands']} x {p['rows']}) exceeds num_perm {p['num_perm']}")
    return p


def hash_range_bounds(total: int, partition: int) -> list[tuple[int, int]]:
    """The 64-bit hash space cut into equal ranges of about `partition` of `total` uniformly
    hashed entries each: [lo, hi) pairs."""
    parts = max(1, math.ceil(total / partition))
    bounds = [(i << 64) // parts for i in range(parts + 1)]
    return list(itertools.pairwise(bounds))


def hash_range(runs: list[tuple[np.ndarray, np.ndarray]], bases: Any, lo: int,
               hi: int) -> tuple[np.ndarray, np.ndarray] | None:
    """The entries of sorted runs of (hash, row) with lo <= hash < hi (memory-mapped runs stay on
    disk but for them): the hashes and the rows (offset by their run's base) of every run, in run
    order, or None when there are none."""
    hs, rs = [], []
    for (h, r), base in zip(runs, bases):
        i0 = int(np.searchsorted(h, np.uint64(lo))) if lo else 0
        i1 = int(np.searchsorted(h, np.uint64(hi))) if hi < (1 << 64) else len(h)
        if i1 > i0:
            hs.append(np.asarray(h[i0:i1]))
            rs.append(np.asarray(r[i0:i1], dtype=np.int64) + base)
    return (np.concatenate(hs), np.concatenate(rs)) if hs else None


def hash_ranges(runs: list[tuple[np.ndarray, np.ndarray]], bases: Any, total: int,
                partition: int) -> Iterator[tuple[np.ndarray, np.ndarray] | None]:
    """`hash_range` over each range of `hash_range_bounds(total, partition)`, in hash order."""
    for lo, hi in hash_range_bounds(total, partition):
        yield hash_range(runs, bases, lo, hi)
