"""The dataset card: a Hugging Face `README.md` in the output directory, written from the run's
stats.json and shards, so what it says is what the run did.

YAML front matter first (language, pretty_name, license, size_categories, task_categories,
configs pointing at `data/*.parquet`), then the summary, sources, recipe, funnel, filters,
dedup, size in characters / UTF-8 bytes / tokens, schema and known limitations.
"""

from __future__ import annotations

import logging
import os
import time
from typing import Any

import yaml

from curate import __version__
from curate.resources import display_path
from curate.engine.output import OutputFS, output_fs
from curate.inspect.report import (
    RunDir,
    Threshold,
    crawl_ids,
    fmt_int,
    fmt_pct,
    load_run,
    measure_notes,
    size_category,
    stats_report,
)

CC_TERMS = "https://commoncrawl.org/terms-of-use"
DATA_FILES = "data/*.parquet"
REJECTED_FILES = "rejected/*.parquet"
CARD_MARK = "<!-- written by `curate card`"  # the card's last line; a README.md without it is the user's
log = logging.getLogger("curate")

# What each column means; a stage's signal column not listed here is described by its rule.
COLUMN_DOCS = {
    "id": "WARC-Record-ID of the response record",
    "url": "WARC-Target-URI: the page's URL",
    "date": "WARC-Date: when Common Crawl fetched the page (ISO 8601)",
    "title": "headline: the page's `<h1>`, else `<title>` without the site name",
    "text": "the headline, then the main text, one paragraph per line",
    "n_chars": "characters in `text`",
    "charset": "codec the page was decoded with (`gb18030`, `big5hkscs`, `utf-8`, ...)",
    "source": "input file the record came from",
    "warc_offset": "byte offset of the WARC record in `source` (for a range request of that record)",
    "lang": "language (`zh` for Chinese)",
    "lang_score": "fastText lid.176 probability of `lang`",
    "script": "`Hans` (Simplified) or `Hant` (Traditional), from OpenCC's character tables",
    "han_ratio": "Han characters / non-space characters of `text`",
    "clean_lines_removed": "boilerplate lines the clean stage removed",
    "clean_chars_removed": "characters the clean stage removed",
    "clean_source": "the source (来源) a byline named, if any",
    "pii_count": "personal data matches the pii stage replaced (IDs, phones, emails, cards, QQ/WeChat, IPs, passports)",
    "pii_kinds": "kinds of personal data replaced, comma-separated (`id_card,mobile`), if any",
    "pii_chars_removed": "characters of personal data minus the placeholders' (negative when placeholders are longer)",
    "spam_score": "density of the top spam category's terms (matched characters / Han characters)",
    "spam_category": "spam category with the highest term density, if any term matched",
    "dup_cluster": "null for a unique document, else the id (xxh3-64 of the normalised text) of its duplicate cluster",
    "dup_count": "size of the duplicate cluster this document stands for (1 if unique)",
    "quality_score": "probability of the positive label of the quality model (see Quality model)",
}


def _md(text: Any) -> str:
    """A value safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(head: list[str], rows: list[list[Any]], align: str | None = None) -> list[str]:
    align = align or "l" + "r" * (len(head) - 1)
    sep = ["---:" if a == "r" else "---" for a in align]
    out = ["| " + " | ".join(head) + " |", "| " + " | ".join(sep) + " |"]
    out += ["| " + " | ".join(_md(c) for c in r) + " |" for r in rows]
    return out


def _human_bytes(n: int | None) -> str:
    if n is None:
        return "-"
    for unit in ("B", "KB", "MB", "GB", "TB"):
        if abs(n) < 1000 or unit == "TB":
            return f"{n:,.0f} {unit}" if unit == "B" else f"{n:,.1f} {unit}"
        n /= 1000
    return str(n)


def front_matter(run: RunDir, n_docs: int, pretty_name: str) -> dict[str, Any]:
    """The card's YAML metadata (the Hugging Face Hub reads it)."""
    return {
        "language": ["zh"],
        "pretty_name": pretty_name,
        "license": "other",
        "license_name": "common-crawl-terms-of-use",
        "license_link": CC_TERMS,
        "size_categories": [size_category(n_docs)],
        "task_categories": ["text-generation"],
        "tags": ["common-crawl", "web", "chinese", "curate"],
        "configs": [{"config_name": "default", "data_files": [{"split": "train", "path": DATA_FILES}]}]
        + ([{"config_name": "rejected", "data_files": [{"split": "train", "path": REJECTED_FILES}]}]
           if run.has_rejected else []),
    }


def _schema(run: RunDir) -> Any:
    import pyarrow as pa
    import pyarrow.parquet as pq

    shards = run.data_shards
    if not shards:
        return None
    return pa.unify_schemas([pq.read_schema(p, filesystem=run.arrow) for p in shards[:50]])


def _scripts(run: RunDir) -> dict[str, int]:
    """Documents per `script` value of the output, if it has the column."""
    import pyarrow.parquet as pq

    counts: dict[str, int] = {}
    for p in run.data_shards:
        if "script" not in pq.read_schema(p, filesystem=run.arrow).names:
            return {}
        for v in pq.read_table(p, columns=["script"], filesystem=run.arrow).column("script").to_pylist():
            counts[v or "none"] = counts.get(v or "none", 0) + 1
    return counts


def _quality_models(run: RunDir) -> list[str]:
    """The quality models the run scored with, their rule, and the distribution of their scores
    in 20 buckets of 5%: over the documents the cut saw (keep_top) and over the output."""
    import pyarrow.parquet as pq

    from curate.engine.top_share import N_BUCKETS, histogram

    models = run.stats.get("quality_models") or []
    if not models:
        return []
    lines = ["", "## Quality model", ""]
    rows = []
    for m in models:
        rule = (f"keep_top {m['keep_top']} (the best-scored share of the run)" if m.get("keep_top") is not None
                else f"drop if {m['column']} < {m['min_score']}" if m.get("min_score") is not None else "score only")
        if m.get("max_of"):
            rule += f", on the maximum with {', '.join(m['max_of'])}"
        rows.append([f"`{m['stage']}`", f"`{m['column']}`", f"`{os.path.basename(m['path'])}`",
                     f"`{m['sha256'][:12]}`", f"`{(m.get('card_sha256') or '-')[:12]}`",
                     m.get("held_out_roc_auc") if m.get("held_out_roc_auc") is not None else "-", rule])
    lines += _table(["stage", "column", "model", "model sha256", "card sha256", "held-out ROC AUC", "rule"], rows,
                    "lllllrl")
    top = {r["column"]: r for r in (run.stats.get("top_share") or {}).get("rules", [])}
    for r in top.values():
        lines += ["", f"`{r['key']}`: keep_top {r['share']} kept {r['docs_out']:,} of {r['docs_in']:,} documents, "
                      f"threshold {r['threshold']} (lowest kept `{r['column']}`)."]
    for m in models:
        col = m["column"]
        kept = []
        for p in run.data_shards:
            if col in pq.read_schema(p, filesystem=run.arrow).names:
                kept += [v for v in pq.read_table(p, columns=[col], filesystem=run.arrow).column(col).to_pylist()
                         if v is not None]
        out_hist = histogram(kept) if kept else [0] * N_BUCKETS
        head, cols = ["`" + col + "`", "documents in the output"], [out_hist]
        if col in top:
            head.insert(1, "documents scored (before keep_top)")
            cols.insert(0, top[col]["histogram_in"])
        bucket_rows = [[f"{i / N_BUCKETS:.2f}-{(i + 1) / N_BUCKETS:.2f}", *(fmt_int(c[i]) for c in cols)]
                       for i in range(N_BUCKETS)]
        lines += ["", f"Distribution of `{col}` in 20 buckets of 5%:", ""] + _table(head, bucket_rows)
    return lines


# What benchmarks/bench_pii.py measured for the shipped rules (filters/pii_zh.yaml), 2026-12-02.
PII_MEASURED = ("recall 0.998-1.000 per kind on 1,000 generated values per format family (valid check digits and "
                "Luhn sums, every written format, labelled as pages label them, inside People's Daily sentences); "
                "0.54 false matches per million characters on the People's Daily 1998 corpus (1.84M characters of "
                "news full of numbers; the one match is a sales number a county government published); 0 of 10,000 "
                "generated non-personal numbers (dates, amounts, order and tracking numbers, ISBNs, stock codes, "
                "service lines) matched")


def _pii_section(stats: dict[str, Any]) -> list[str]:
    """What the pii stage removed, how, with what measured accuracy, and the run's counts."""
    from curate.inspect.report import run_stage_params
    from curate.stages.pii import KINDS

    runs = [(key, params) for key, name, params in run_stage_params(stats) if name == "pii"]
    if not runs:
        return []
    key, params = runs[0]
    s = stats.get("stages", {}).get(key, {})
    counts = s.get("counts", {})
    try:
        from curate.stages.pii import Pii

        stage = Pii(**params)
        kinds, placeholders, limit = [k for k in KINDS if k in stage.kinds], stage.placeholders, stage.max_matches
    except Exception:  # noqa: BLE001  (rule file changed since the run: the counts still stand)
        kinds, placeholders, limit = [k[6:] for k in counts if k.startswith("match_")], {}, None
    lines = ["", "## Personal information", "",
             f"The `{key}` stage replaced personal data in the text with a placeholder for each kind searched "
             "(table below). What each kind is: resident ID numbers (18 characters with the GB 11643-1999 check digit, a valid birth date and province; 15-digit "
             "legacy numbers next to an ID word), mainland mobiles and landlines with area codes (public service "
             "lines such as 110, 12345, 95588, 400-/800- and numbers labelled as an institution's hotline are kept), "
             "emails (also full-width and `[at]`-obfuscated), Luhn-valid bank cards, QQ and WeChat IDs when named, "
             "IPv4 and IPv6 addresses, and, next to an ID or passport word, Hong Kong, Macau and Taiwan ID numbers "
             "(HK and Taiwan check digits verified) and passport or travel-permit numbers."
             + (f" Documents with more than {limit:,} matches (leaked lists) were dropped whole as `pii_list`."
                if limit is not None else ""),
             "", f"Measured (`benchmarks/bench_pii.py`): {PII_MEASURED}.", ""]
    rows = [[f"`{k}`", f"`{placeholders[k]}`" if k in placeholders else "-", fmt_int(counts.get(f"match_{k}", 0))]
            for k in kinds]
    lines += _table(["kind", "placeholder", "matches in the run"], rows, "llr")
    seen = s.get("seen", 0)
    touched = counts.get("documents_touched", 0)
    lines += ["", (f"Documents with personal data: {touched:,} of {seen:,} seen "
                   f"({fmt_pct(touched / seen if seen else 0)}); dropped as leaked lists: "
                   f"{s.get('dropped', {}).get('pii_list', 0):,}. Each row carries `pii_count` and `pii_kinds`.")]
    return lines


def build_card(run: RunDir, tokens: bool = True, pretty_name: str | None = None,
               report: dict[str, Any] | None = None) -> str:
    """The text of README.md for `run`."""
    rep = report or stats_report(run, tokens=tokens)
    stats = run.stats
    info = stats.get("run", {})
    totals = stats["totals"]
    out = rep["output"]
    sources = run.sources()
    crawls = crawl_ids(sources + [str(i) for i in info.get("inputs", [])])
    n_docs = out["docs"]
    name = pretty_name or (f"Chinese web text from Common Crawl {', '.join(crawls[:3])}" if crawls
                           else f"Chinese web text (curate {run.recipe})")
    meta = front_matter(run, n_docs, name)
    tok = rep["tokenizer"]
    rules: list[Threshold] = [Threshold(**t) for t in rep["thresholds"]]
    steps = rep["funnel"]
    html_step = next((s for s in steps if s["step"] == "html"), None)
    tokens_txt = (("~" if out["estimated"] else "") + f"{out['tokens']:,} tokens ({tok['name']})"
                  if out.get("tokens") is not None else "tokens not counted")
    scripts = _scripts(run)
    lines = ["---", yaml.safe_dump(meta, allow_unicode=True, sort_keys=False).rstrip(), "---", "",
             f"# {name}", ""]

    # summary
    lines += ["## Summary", ""]
    kept_share = f", {fmt_pct(n_docs / html_step['docs'])} of the {html_step['docs']:,} HTML pages read" \
        if html_step and html_step["docs"] else ""
    lines.append(f"{n_docs:,} Chinese web documents{kept_share}: {out['chars']:,} characters, "
                 f"{_human_bytes(out['bytes'])} of UTF-8 text, {tokens_txt}. Main text extracted from "
                 f"{totals['files']:,} WARC/WET file(s)" + (f" of {', '.join(crawls)}" if crawls else "")
                 + f" by curate {__version__} with the recipe `{run.recipe}`, finished "
                 f"{info.get('finished_at', '?')}.")
    if scripts:
        lines += ["", "Script: " + ", ".join(f"{k} {v:,} ({fmt_pct(v / max(n_docs, 1))})"
                                             for k, v in sorted(scripts.items(), key=lambda kv: -kv[1]))
                  + " (Hans = Simplified, Hant = Traditional)."]
    lines += ["", "One row per web page, one Parquet dataset (`data/*.parquet`, zstd), one split (`train`)."]

    # sources
    lines += ["", "## Sources", ""]
    lines.append(f"Crawls: {', '.join(crawls) if crawls else 'no Common Crawl crawl id in the input paths'}.")
    lines.append(f"Input: {totals['files']:,} file(s), {_human_bytes(totals.get('input_bytes'))}, "
                 f"{totals['read']:,} WARC records.")
    specs = info.get("inputs") or []
    if specs:
        lines += ["", "Input as given:", ""] + [f"- `{display_path(str(s))}`" for s in specs[:10]]
        if len(specs) > 10:
            lines.append(f"- ... and {len(specs) - 10:,} more")
    if sources and sources != specs:
        lines += ["", "Files read:", ""] + [f"- `{display_path(s)}`" for s in sources[:20]]
        if len(sources) > 20:
            lines.append(f"- ... and {len(sources) - 20:,} more (stats.json lists all)")
    bad = [f for f in stats.get("files", []) if f.get("status") != "ok"]
    if bad:
        lines += ["", "Inputs not read to the end:", ""]
        lines += [f"- `{display_path(f['source'])}`: {f['status']}: {f.get('error')}" for f in bad[:20]]

    # recipe
    lines += ["", "## Recipe as run", ""]
    lines.append(f"Recipe `{run.recipe}` (fingerprint `{info.get('recipe_fingerprint', '?')}`), "
                 f"{info.get('workers', '?')} worker(s), {info.get('wall_seconds', 0):,.1f} s. Stages in order:")
    recipe_doc: dict[str, Any] = {"stages": info.get("stages", [])}
    if stats.get("dedup"):
        recipe_doc["dedup"] = stats["dedup"].get("params", {})
    lines += ["", "```yaml", yaml.safe_dump(recipe_doc, allow_unicode=True, sort_keys=False).rstrip(), "```"]
    if rules:
        lines += ["", "Rules (a document meeting the condition is dropped with the reason):", ""]
        lines += _table(["stage", "reason", "condition"], [[r.stage, f"`{r.reason}`", r.describe()] for r in rules],
                        "lll")
    if rep.get("rules_changed_since_run"):
        lines += ["", f"Note: {', '.join(rep['rules_changed_since_run'])} changed after the run finished; the "
                      "conditions above are read from the files as they are now."]

    # funnel
    lines += ["", "## Funnel", ""]
    rows = []
    for s in steps:
        mark = "*" if s.get("edited_by") else ""
        rows.append([s["label"] if s["stage"] is None else f"`{s['step']}`: {s['label']}", fmt_int(s["docs"]),
                     fmt_pct(s["share_prev"]), fmt_pct(s["share_html"]), fmt_int(s["chars"]),
                     fmt_int(s["bytes"]) + mark,
                     ("-" if s["tokens"] is None else ("~" if s["tokens_estimated"] else "") + f"{s['tokens']:,}")
                     + (mark if s["tokens"] is not None else "")])
    lines += _table(["step", "documents", "% of previous", "% of HTML pages", "characters", "UTF-8 bytes", "tokens"],
                    rows)
    lines += [""] + [f"{n}." for n in measure_notes(steps)]
    if run.fs.exists(run.fs.join("plots", "funnel.png")):
        lines += ["", "![funnel](plots/funnel.png)"]

    # filters
    lines += ["", "## Filters", ""]
    frows = []
    for f in rep["filters"]:
        reasons = "; ".join(f"`{r['reason']}` {r['docs']:,} ({fmt_pct(r['share_seen'])})" for r in f["reasons"][:6])
        if len(f["reasons"]) > 6:
            reasons += f"; {len(f['reasons']) - 6} more"
        frows.append([f"`{f['stage']}`", fmt_int(f["seen"]), fmt_int(f["dropped"]), fmt_pct(f["share"]),
                      fmt_int(f["failed"]), reasons or "-"])
    lines += _table(["stage", "seen", "dropped", "% of seen", "failed", "drop reasons (% of seen)"], frows,
                    "lrrrrl")
    if rep["skipped"]:
        lines += ["", "Records skipped before the stages (not HTML responses): "
                  + ", ".join(f"{k} {v:,}" for k, v in rep["skipped"].items()) + "."]
    if rep["failed"]:
        lines += ["", "Records that failed (errors, counted, not in the data): "
                  + ", ".join(f"{k} {v:,}" for k, v in rep["failed"].items()) + "."]

    lines += _quality_models(run)
    lines += _pii_section(stats)

    # dedup
    lines += ["", "## Deduplication", ""]
    d = stats.get("dedup")
    if d:
        p = d.get("params", {})
        lines.append(f"Exact (hash of normalised text) and near-duplicate (MinHash LSH over character "
                     f"{p.get('ngram', '?')}-grams, {p.get('num_perm', '?')} permutations, {d.get('bands_x_rows', '?')} "
                     f"bands x rows, Jaccard threshold {p.get('threshold', '?')}) deduplication across the whole run.")
        lines.append("")
        lines += _table(["", "value"], [
            ["documents in", fmt_int(d.get("docs_in"))], ["documents out", fmt_int(d.get("docs_out"))],
            ["exact duplicates removed", fmt_int(d.get("exact_removed"))],
            ["near duplicates removed", fmt_int(d.get("fuzzy_removed"))],
            ["characters removed", fmt_int(d.get("chars_removed"))],
            ["clusters (size >= 2)", fmt_int(d.get("clusters"))], ["largest cluster", fmt_int(d.get("largest_cluster"))],
        ])
        sizes = {k: v for k, v in (d.get("cluster_sizes") or {}).items() if v}
        if sizes:
            lines += ["", "Cluster sizes: " + ", ".join(f"{k}: {v:,}" for k, v in sizes.items()) + "."]
        lines += ["", "Each kept document carries `dup_count` (the size of its cluster) and `dup_cluster`."]
    else:
        lines.append("No deduplication was run: documents may repeat, within and across crawls.")

    # size
    lines += ["", "## Size", ""]
    data_bytes = sum(run.fs.size(str(p)) for p in run.data_shards)
    srows = [["documents", fmt_int(n_docs)], ["characters", fmt_int(out["chars"])],
             ["UTF-8 bytes of text", f"{out['bytes']:,} ({_human_bytes(out['bytes'])})"],
             ["tokens", ("~" if out["estimated"] else "") + fmt_int(out["tokens"])],
             ["Parquet files", f"{len(run.data_shards):,} ({_human_bytes(data_bytes)}, zstd)"]]
    if n_docs:
        srows.insert(2, ["characters per document (mean)", f"{out['chars'] / n_docs:,.0f}"])
        if out.get("tokens"):
            srows.append(["characters per token", f"{out['chars'] / out['tokens']:.2f}"])
    lines += _table(["", "value"], srows)
    lines.append("")
    if tok.get("available"):
        lines.append(f"Tokens are counted with {tok['name']}, vocabulary {tok['vocab_size']:,}: Qwen's BPE "
                     "vocabulary as it ships in the `dashscope` package, loaded offline with tiktoken and Qwen's "
                     "pre-tokenizer pattern; text is NFC-normalised first, as Qwen's tokenizer does."
                     + (" '~': part of the count is estimated from the characters per token of the text "
                        "tokenized (past curate's exact-count budget)." if out["estimated"] else ""))
    elif tok.get("reason") == "not asked for":
        lines.append("Tokens were not counted (`--no-tokens`); `curate card` without it counts them.")
    else:
        lines.append(f"Tokens were not counted: {tok.get('reason')}. Install them with "
                     "`pip install 'curate[tokens]'` and run `curate card` again for counts with Qwen's tokenizer.")

    # schema
    lines += ["", "## Schema", ""]
    schema = _schema(run)
    if schema is None:
        lines.append("No output shards.")
    else:
        by_signal: dict[str, list[Threshold]] = {}
        for r in rules:
            if r.signal:
                by_signal.setdefault(r.signal, []).append(r)
        srows = []
        for f in schema:
            desc = COLUMN_DOCS.get(f.name, "")
            rs = by_signal.get(f.name, [])
            if rs:
                rule = "; ".join(f"`{r.reason}`: {r.describe()}" for r in rs[:3])
                desc = f"{desc}; rule {rule}" if desc else f"signal of `{rs[0].stage}`; rule {rule}"
            srows.append([f"`{f.name}`", str(f.type), desc or "signal column of a stage"])
        lines += _table(["column", "type", "meaning"], srows, "lll")

    # use
    lines += ["", "## Use", "", "From the folder of this card (`data/` holds the kept documents and nothing else):", "",
              "```python", "from datasets import load_dataset", "",
              'ds = load_dataset(".", split="train")  # or load_dataset("parquet", data_dir=".")', "",
              "import duckdb", "",
              f"duckdb.sql(\"select script, count(*) from '{DATA_FILES}' group by 1\").show()", "```"]
    if run.has_rejected:
        lines += ["", "The dropped documents, with the same columns plus `drop_stage` and `drop_reason`, are "
                  f"the config `rejected` (`{REJECTED_FILES}`): `load_dataset(\".\", \"rejected\", split=\"train\")`."]

    # limitations
    lines += ["", "## Known limitations", ""]
    keys = [k.split("#", 1)[0] for k in stats.get("stages", {})]
    lim = ["Heuristic filters: the rules above are thresholds on simple signals; they drop some good pages "
           "and keep some bad ones. `curate inspect` shows examples of both."]
    if "language" in keys:
        lim.append("Language identification is fastText lid.176 on a sample of the text; short or mixed-language "
                   "pages may be misjudged. Kanji-rich Japanese is told from Chinese by its kana, so a Chinese page "
                   "quoting much Japanese may be dropped.")
    if "extract" in keys:
        lim.append("Main-text extraction is heuristic (Chinese text density): forum replies and comments are left "
                   "out, and some navigation or boilerplate may remain.")
    lim.append("Web text as crawled: it may contain personal information, offensive or false content, and "
               "machine-generated text; " + ("personal information other than the kinds under Personal "
                                             "information (names, street addresses, unlabelled account numbers) "
                                             "remains." if "pii" in keys else "no personal information was removed."))
    for stage, what in (("clean", "No line-level cleaning was run: share buttons, copyright lines and "
                                  "menus may remain in the text."),
                        ("quality", "No document-quality rules were run (repetition, length, symbols)."),
                        ("spam", "No spam filtering was run.")):
        if stage not in keys:
            lim.append(what)
    if not stats.get("dedup"):
        lim.append("Not deduplicated.")
    partial = totals.get("files_partial", 0) + totals.get("files_unreadable", 0)
    if partial:
        lim.append(f"{partial:,} input file(s) were not read to the end (listed under Sources).")
    if totals.get("failed"):
        lim.append(f"{totals['failed']:,} record(s) failed with an error and are missing (see Filters).")
    lines += [f"- {x}" for x in lim]

    # terms
    lines += ["", "## License and terms of use", "",
              f"The documents were crawled by Common Crawl from third-party websites. Use of this data is subject "
              f"to Common Crawl's [Terms of Use]({CC_TERMS}), and the rights in each document remain with its "
              "publisher; `license: other` records that this dataset grants no licence of its own over the text. "
              "curate, the software that built it, is Apache-2.0.",
              "", f"{CARD_MARK} {__version__} at {time.strftime('%Y-%m-%dT%H:%M:%SZ', time.gmtime())} -->",
              ""]
    return "\n".join(lines)


def card_path(run_dir: str | os.PathLike[str] | OutputFS) -> str:
    """Where the card of a run goes: README.md, unless a README.md that curate did not write is
    there (the user's own), then CARD.md beside it. A path on the run's filesystem (OutputFS)."""
    fs = output_fs(run_dir)
    readme = fs.read_bytes(fs.join("README.md"))
    if readme is not None and CARD_MARK not in readme.decode("utf-8", errors="replace"):
        return fs.join("CARD.md")
    return fs.join("README.md")


def write_card(run_dir: str | os.PathLike[str] | OutputFS, tokens: bool = True, pretty_name: str | None = None,
               path: str | os.PathLike[str] | None = None, report: dict[str, Any] | None = None,
               storage_options: dict[str, Any] | None = None) -> str:
    """Write the card of the run in `run_dir` (default `run_dir/README.md`; a directory or an
    fsspec URL with its `storage_options`), atomically. A README.md that curate did not write is
    left alone: the card goes beside it, `CARD.md`. Returns where it went, as a user writes it."""
    fs = output_fs(run_dir, storage_options)
    run = load_run(fs.url, fs.storage_options)
    text = build_card(run, tokens=tokens, pretty_name=pretty_name, report=report)
    if path:
        target_fs = OutputFS(path, fs.storage_options)
        target = target_fs.root
    else:
        target_fs, target = fs, card_path(fs)
    if os.path.basename(target) == "CARD.md":
        log.warning("%s was not written by curate: the dataset card goes to %s",
                    fs.display(fs.join("README.md")), fs.display(target))
    target_fs.write_bytes(target, text.encode("utf-8"))
    return target_fs.display(target)


def read_front_matter(text: str) -> dict[str, Any]:
    """The YAML metadata of a card's text."""
    if not text.startswith("---\n"):
        raise ValueError("no YAML front matter")
    end = text.index("\n---\n", 4)
    return yaml.safe_load(text[4:end]) or {}
