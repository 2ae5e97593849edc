"""Throughput of the default pipeline on a Common-Crawl-like WARC, against bare WARC iteration.

    python benchmarks/bench_pipeline.py [--pages 10000] [--files 4]

Prints records/s and compressed MB/s for 1 and 2 workers, peak RSS, and the cost of a
non-Chinese record relative to bare fastwarc iteration (target <= 1.5x), and the 2-worker
speed-up (target >= 1.8x; needs 2 free cores).
"""

from __future__ import annotations

import argparse
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

from fastwarc.warc import ArchiveIterator

sys.path.insert(0, str(Path(__file__).parent))
from corpus import CACHE, build_cc_like_warc  # noqa: E402

from curate.engine.recipe import load_recipe  # noqa: E402
from curate.engine.runner import RunOptions, run  # noqa: E402
from curate.engine.worker import _Worker  # noqa: E402


REPEATS = 3  # the fastest of a few runs: this is about cost, not about a noisy neighbour
# Single-process figures use CPU time of this process, so a busy machine disturbs them less;
# the 1- and 2-worker runs are wall-clock, as a user sees them.


def bare_iteration(paths: list[Path]) -> tuple[int, float]:
    """Records and seconds to iterate the files with fastwarc, reading every payload."""
    best = float("inf")
    for _ in range(REPEATS):
        t = time.process_time()
        n = 0
        for p in paths:
            for rec in ArchiveIterator(open(p, "rb"), parse_http=False):
                rec.reader.read()
                n += 1
        best = min(best, time.process_time() - t)
    return n, best


def pipeline(paths: list[Path], workers: int) -> tuple[dict, float]:
    out = Path(tempfile.mkdtemp(prefix="curate-bench-"))
    try:
        t = time.perf_counter()
        # the card (token counts of the output) is timed apart: it is a by-product of the run
        stats = run(load_recipe(), [str(p) for p in paths], RunOptions(output=str(out), workers=workers,
                                                                       progress=False, card=False))
        secs = time.perf_counter() - t
        if workers == 1:
            from curate.inspect.card import write_card

            t = time.perf_counter()
            write_card(out)
            print(f"dataset card after the run: {time.perf_counter() - t:.2f}s")
        return stats, secs
    finally:
        shutil.rmtree(out, ignore_errors=True)


def steady_state(paths: list[Path]) -> float:
    """Seconds one worker spends on the files once its models are loaded (what a long run sees)."""
    out = Path(tempfile.mkdtemp(prefix="curate-bench-"))
    try:
        worker = _Worker(load_recipe(), RunOptions(output=str(out), progress=False), None)
        best = float("inf")
        for _ in range(REPEATS):
            t = time.process_time()
            for p in paths:
                worker.process_file(str(p))
            best = min(best, time.process_time() - t)
        return best
    finally:
        shutil.rmtree(out, ignore_errors=True)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--pages", type=int, default=10000, help="HTML pages per file (a Common Crawl file has ~40,000)")
    ap.add_argument("--files", type=int, default=4)
    args = ap.parse_args()
    files = [build_cc_like_warc(CACHE / f"cc-like-{args.pages}-{k}.warc.gz", args.pages, seed=k)
             for k in range(args.files)]
    non_zh = [build_cc_like_warc(CACHE / f"cc-like-nozh-{args.pages}.warc.gz", args.pages, zh_share=0.0, seed=99)]
    mb = sum(p.stat().st_size for p in files) / 1e6
    print(f"corpus: {args.files} files x {args.pages} pages (request/response/metadata), 5% Chinese, "
          f"{mb:.0f} MB compressed")

    n, bare = bare_iteration(files)
    print(f"bare fastwarc iteration:   {n / bare:9,.0f} records/s  {mb / bare:6.1f} MB/s")
    for workers in (1, 2):
        stats, secs = pipeline(files, workers)
        t = stats["totals"]
        print(f"pipeline, {workers} worker(s):      {t['read'] / secs:9,.0f} records/s  {mb / secs:6.1f} MB/s  "
              f"kept {t['kept']:,}  ({secs / bare:.2f}x bare iteration)")
        if workers == 1:
            one = secs
            stage_times = {k: v["seconds"] for k, v in stats["stages"].items()}
        else:
            print(f"2-worker speed-up:          {one / secs:9.2f}x  (target >= 1.8x)")
    print("stage seconds (1 worker):   " + ", ".join(f"{k} {v:.2f}" for k, v in stage_times.items()))

    secs = steady_state(files)
    print(f"steady state, 1 worker:     {n / secs:9,.0f} records/s  {mb / secs:6.1f} MB/s  "
          f"({secs / bare:.2f}x bare iteration; stretch target <= 3x)")
    nz_mb = non_zh[0].stat().st_size / 1e6
    n, bare_nz = bare_iteration(non_zh)
    secs = steady_state(non_zh)
    print(f"non-Chinese file, steady:   {n / secs:9,.0f} records/s vs bare {n / bare_nz:,.0f} "
          f"({secs / bare_nz:.2f}x bare; target <= 1.5x; {nz_mb:.0f} MB)")
    rss = max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    print(f"peak RSS: {rss / 1024:.0f} MB (largest of this process and its workers)")


if __name__ == "__main__":
    main()
