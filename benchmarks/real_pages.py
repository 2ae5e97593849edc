"""curate vs trafilatura vs resiliparse on real Chinese web pages with reference text.

Run:  python benchmarks/real_pages.py [DIR]      (DIR defaults to ../shared/real-pages from the repo root)

DIR holds `real-pages.warc.gz` and `truth.jsonl` (one line per WARC record: `expect` keep / drop /
either, `label` article / forum / non-zh, `gold_text`, `gold_kind`, `must_include`, `must_exclude`,
`charset_real`). When DIR is absent the benchmark says so and exits 0: the pages are not part of
the repository and never may be.

curate runs its default recipe (zh-web) on the WARC through the ordinary runner, into a temporary
directory, with rejected documents kept so each dropped page has its stage and reason. In the same
run trafilatura (`favor_precision=True`) and resiliparse (`extract_plain_text(main_content=True)`)
extract the same pages, decoded with the truth's real charset (the peers get the right text to
start from; curate decodes for itself).

Figures per tool:
  * Chinese content pages kept / expected (expect == keep). A peer "keeps" a page when its text
    holds >= 50 Han characters (curate's own prefilter floor): the peers have no language or
    quality stage, so this is the fairest simple rule.
  * character F1 against `gold_text`: whitespace removed, bag (multiset) of characters, P/R/F1 per
    page then the mean; over kept pages and over all scored pages (a dropped page counts 0); split
    by label (article / forum) and by gold_kind (human / test-expectation / tool).
  * must_include sentences found and must_exclude sentences leaked (whitespace-insensitive).
  * non-Chinese pages kept (expect == drop): must be 0.
  * for curate, every dropped content page with its stage and reason.
"""

from __future__ import annotations

import argparse
import collections
import json
import re
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

MIN_HAN_KEPT = 50  # a peer's output counts as a kept Chinese page from this many Han characters
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WS = re.compile(r"\s+")


def squeeze(text: str) -> str:
    return _WS.sub("", text or "")


def char_prf(pred: str, gold: str) -> tuple[float, float, float]:
    """Bag-of-characters precision, recall and F1 with whitespace removed."""
    p, g = collections.Counter(squeeze(pred)), collections.Counter(squeeze(gold))
    overlap = sum((p & g).values())
    if not overlap:
        return 0.0, 0.0, 0.0
    prec, rec = overlap / sum(p.values()), overlap / sum(g.values())
    return prec, rec, 2 * prec * rec / (prec + rec)


def read_warc(path: Path) -> dict[str, bytes]:
    """HTTP payload (headers stripped) of each response record, by WARC-Record-ID."""
    from fastwarc.warc import ArchiveIterator, WarcRecordType

    pages = {}
    with open(path, "rb") as f:
        for rec in ArchiveIterator(f, record_types=WarcRecordType.response, parse_http=True):
            pages[rec.record_id] = rec.reader.read()
    return pages


def run_curate(warc: Path) -> tuple[dict[str, str], dict[str, tuple[str, str]], float]:
    """Kept text by id, and (stage, reason) by id for every dropped record."""
    import pyarrow.parquet as pq

    from curate.engine.recipe import load_recipe
    from curate.engine.runner import run
    from curate.engine.worker import RunOptions

    with tempfile.TemporaryDirectory(prefix="curate-real-") as tmp:
        t0 = time.perf_counter()
        run(load_recipe("zh-web"), [str(warc)],
            RunOptions(output=tmp, workers=1, keep_rejected=True, progress=False))
        seconds = time.perf_counter() - t0
        kept, dropped = {}, {}
        for shard in sorted(Path(tmp, "data").glob("*.parquet")):
            for row in pq.read_table(shard, columns=["id", "text"]).to_pylist():
                kept[row["id"]] = row["text"]
        for shard in sorted(Path(tmp, "rejected").glob("*.parquet")):
            for row in pq.read_table(shard, columns=["id", "drop_stage", "drop_reason"]).to_pylist():
                dropped[row["id"]] = (row["drop_stage"], row["drop_reason"])
    return kept, dropped, seconds


def decode(payload: bytes, charset: str | None) -> str:
    try:
        return payload.decode(charset or "utf-8", errors="replace")
    except LookupError:
        return payload.decode("utf-8", errors="replace")


def run_trafilatura(html: dict[str, str]) -> tuple[dict[str, str], float]:
    import trafilatura

    t0, out = time.perf_counter(), {}
    for rid, doc in html.items():
        out[rid] = trafilatura.extract(doc, favor_precision=True, include_comments=False) or ""
    return out, time.perf_counter() - t0


def run_resiliparse(html: dict[str, str]) -> tuple[dict[str, str], float]:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.html import HTMLTree

    t0, out = time.perf_counter(), {}
    for rid, doc in html.items():
        out[rid] = extract_plain_text(HTMLTree.parse(doc), main_content=True) or ""
    return out, time.perf_counter() - t0


def mean(xs: list[float]) -> float:
    return sum(xs) / len(xs) if xs else float("nan")


def score(name: str, texts: dict[str, str], kept_ids: set[str], truth: list[dict]) -> dict:
    keep = [t for t in truth if t["expect"] == "keep"]
    scored = [t for t in keep if t.get("gold_text")]
    f1_kept, f1_all = collections.defaultdict(list), collections.defaultdict(list)
    for t in scored:
        f1 = char_prf(texts.get(t["id"], ""), t["gold_text"])[2] if t["id"] in kept_ids else 0.0
        groups = ["all", t["label"], f"kind:{t['gold_kind']}"]
        for g in groups:
            f1_all[g].append(f1)
            if t["id"] in kept_ids:
                f1_kept[g].append(f1)
    inc_total = inc_found = exc_total = exc_leaked = 0
    for t in keep:
        text = squeeze(texts.get(t["id"], "")) if t["id"] in kept_ids else ""
        for s in t.get("must_include") or []:
            inc_total += 1
            inc_found += squeeze(s) in text
        for s in t.get("must_exclude") or []:
            exc_total += 1
            exc_leaked += bool(text) and squeeze(s) in text
    return {
        "tool": name,
        "kept": sum(t["id"] in kept_ids for t in keep), "expected": len(keep),
        "non_zh_kept": sum(t["id"] in kept_ids for t in truth if t["expect"] == "drop"),
        "non_zh": sum(t["expect"] == "drop" for t in truth),
        "f1_kept": {g: mean(v) for g, v in f1_kept.items()},
        "n_kept": {g: len(v) for g, v in f1_kept.items()},
        "f1_all": {g: mean(v) for g, v in f1_all.items()},
        "n_all": {g: len(v) for g, v in f1_all.items()},
        "include": (inc_found, inc_total), "exclude": (exc_leaked, exc_total),
    }


def print_table(results: list[dict], seconds: dict[str, float]) -> None:
    groups = ["all", "article", "forum", "kind:human", "kind:test-expectation", "kind:tool"]
    print(f"{'tool':<12} {'kept/expected':>13} {'non-zh kept':>11} {'incl found':>10} {'excl leaked':>11} {'seconds':>7}")
    for r in results:
        print(f"{r['tool']:<12} {r['kept']:>6}/{r['expected']:<6} {r['non_zh_kept']:>5}/{r['non_zh']:<5} "
              f"{r['include'][0]:>4}/{r['include'][1]:<5} {r['exclude'][0]:>5}/{r['exclude'][1]:<5} "
              f"{seconds[r['tool']]:>7.2f}")
    print("\ncharacter F1 (mean per page): over kept pages | over all pages (dropped = 0); n = pages")
    print(f"{'group':<22} " + " ".join(f"{r['tool']:>22}" for r in results))
    for g in groups:
        cells = []
        for r in results:
            if g not in r["f1_all"]:
                cells.append(f"{'-':>22}")
                continue
            cells.append(f"{r['f1_kept'].get(g, float('nan')):>6.3f} | {r['f1_all'][g]:.3f} "
                         f"n={r['n_kept'].get(g, 0):>2}/{r['n_all'][g]:<2}")
        print(f"{g:<22} " + " ".join(f"{c:>22}" for c in cells))


def print_worst(n: int, truth: list[dict], kept: dict[str, str], peers: dict[str, dict[str, str]]) -> None:
    """curate's lowest-F1 kept pages: where the mean is lost, and whether by precision or recall."""
    rows = []
    for t in truth:
        if t["expect"] != "keep" or not t.get("gold_text") or t["id"] not in kept:
            continue
        p, r, f = char_prf(kept[t["id"]], t["gold_text"])
        peer_f = [char_prf(texts.get(t["id"], ""), t["gold_text"])[2] for texts in peers.values()]
        rows.append((f, p, r, peer_f, t))
    rows.sort(key=lambda row: row[0])
    print(f"\ncurate's {min(n, len(rows))} lowest-F1 kept pages (P/R/F1; peers' F1: {', '.join(peers)}):")
    for f, p, r, peer_f, t in rows[:n]:
        print(f"  P {p:.3f} R {r:.3f} F1 {f:.3f} | " + " ".join(f"{x:.3f}" for x in peer_f)
              + f"  {t['label']:<7} {t['gold_kind']:<16} {t['url'][:70]}")


def dump_texts(out: Path, truth: list[dict], tools: dict[str, dict[str, str]]) -> None:
    out.mkdir(parents=True, exist_ok=True)
    index = []
    for i, t in enumerate(truth):
        if t["expect"] != "keep" or not t.get("gold_text"):
            continue
        (out / f"{i:03d}.gold.txt").write_text(t["gold_text"], encoding="utf-8")
        for name, texts in tools.items():
            (out / f"{i:03d}.{name}.txt").write_text(texts.get(t["id"], ""), encoding="utf-8")
        index.append(f"{i:03d}\t{t['label']}\t{t['gold_kind']}\t{t['url']}")
    (out / "index.tsv").write_text("\n".join(index) + "\n", encoding="utf-8")
    print(f"\ntexts written to {out} (index.tsv)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", nargs="?", default=str(REPO.parent / "shared" / "real-pages"))
    ap.add_argument("--json", help="also write the figures to this file")
    ap.add_argument("--worst", type=int, default=0, metavar="N",
                    help="list curate's N lowest-F1 scored pages with precision and recall, beside the peers' F1")
    ap.add_argument("--dump", metavar="OUTDIR",
                    help="write each scored page's gold and tools' text to OUTDIR/NNN.{gold,curate,trafilatura}.txt "
                         "for reading where F1 is lost (keep OUTDIR outside the repository)")
    args = ap.parse_args(argv)
    d = Path(args.dir)
    warc, truth_path = d / "real-pages.warc.gz", d / "truth.jsonl"
    if not warc.exists() or not truth_path.exists():
        print(f"real_pages: {d} has no real-pages.warc.gz + truth.jsonl; nothing to measure "
              f"(the development set lives outside the repository)")
        return 0
    truth = [json.loads(line) for line in truth_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    by_id = {t["id"]: t for t in truth}
    payloads = read_warc(warc)
    html = {rid: decode(payloads[rid], by_id[rid].get("charset_real")) for rid in by_id if rid in payloads}

    kept, dropped, t_curate = run_curate(warc)
    unaccounted = [rid for rid in by_id if rid not in kept and rid not in dropped]
    traf, t_traf = run_trafilatura(html)
    resi, t_resi = run_resiliparse(html)

    def peer_kept(texts: dict[str, str]) -> set[str]:
        return {rid for rid, tx in texts.items() if len(_HAN.findall(tx)) >= MIN_HAN_KEPT}

    results = [score("curate", kept, set(kept), truth),
               score("trafilatura", traf, peer_kept(traf), truth),
               score("resiliparse", resi, peer_kept(resi), truth)]
    print(f"real pages: {len(truth)} records from {d} ({sum(t['expect'] == 'keep' for t in truth)} Chinese "
          f"content pages, {sum(t['expect'] == 'drop' for t in truth)} non-Chinese, "
          f"{sum(t['expect'] == 'either' for t in truth)} not scored)")
    print(f"peers keep a page when their text has >= {MIN_HAN_KEPT} Han characters\n")
    print_table(results, {"curate": t_curate, "trafilatura": t_traf, "resiliparse": t_resi})

    reasons = collections.Counter(f"{s}/{r}" for s, r in dropped.values())
    print("\ncurate drops (all records): " + ", ".join(f"{k} {v}" for k, v in reasons.most_common()))
    lost = [t for t in truth if t["expect"] == "keep" and t["id"] not in kept]
    print(f"curate dropped {len(lost)} Chinese content page(s):")
    for t in lost:
        stage, reason = dropped.get(t["id"], ("?", "unaccounted"))
        print(f"  {stage:>9}/{reason:<18} {t['label']:<7} {t['source']:<28} {t['url'][:80]}")
    leaked = [t for t in truth if t["expect"] == "drop" and t["id"] in kept]
    for t in leaked:
        print(f"  non-Chinese kept: {t['source']} {t['url'][:80]}")
    if unaccounted:
        print(f"  {len(unaccounted)} record(s) neither kept nor rejected: {unaccounted[:5]}")
    if args.worst:
        print_worst(args.worst, truth, kept, {"trafilatura": traf, "resiliparse": resi})
    if args.dump:
        dump_texts(Path(args.dump), truth, {"curate": kept, "trafilatura": traf})
    if args.json:
        Path(args.json).write_text(json.dumps({"results": results, "lost": [
            {"id": t["id"], "url": t["url"], "drop": dropped.get(t["id"])} for t in lost]},
            ensure_ascii=False, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
