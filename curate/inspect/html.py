"""A static, single-file HTML report of a run: the funnel, the filters, the plots and a sample
browser per drop reason. Inline CSS, images as base64 data URIs, no script and no request to
anywhere, so it opens offline and can be mailed or attached to an issue.
"""

from __future__ import annotations

import base64
import html
import os
from pathlib import Path
from typing import Any

from curate import __version__
from curate.inspect.examples import (
    Example,
    examples_by_reason,
    kept_examples,
    load_lexicons,
    make_example,
    render_marked,
)
from curate.inspect.report import (
    RunDir,
    Threshold,
    fmt_int,
    fmt_pct,
    load_run,
    measure_notes,
    stats_report,
)

CSS = """
:root { --kept: #3b6fb6; --drop: #e08a3c; --bad: #c0392b; --muted: #666; --line: #ddd; }
* { box-sizing: border-box; }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans CJK SC", "Noto Sans SC",
       "Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "WenQuanYi Micro Hei",
       "WenQuanYi Zen Hei", sans-serif; margin: 0 auto; max-width: 1200px; padding: 1rem 2rem; color: #222; }
h1 { font-size: 1.6rem; margin: .2rem 0; } h2 { border-bottom: 2px solid var(--line); padding-bottom: .2rem;
margin-top: 2rem; } h3 { margin: 1rem 0 .3rem; }
nav a { margin-right: 1rem; } .muted { color: var(--muted); } .small { font-size: 12px; }
table { border-collapse: collapse; margin: .5rem 0; } th, td { padding: .25rem .6rem; border-bottom: 1px solid
var(--line); text-align: left; vertical-align: top; } td.n, th.n { text-align: right; font-variant-numeric:
tabular-nums; } tr.step-stage td:first-child { padding-left: 1.2rem; }
.bar { display: inline-block; height: .7rem; background: var(--kept); vertical-align: middle; }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(360px, 1fr)); gap: .8rem; }
figure { margin: 0; border: 1px solid var(--line); padding: .3rem; } figure img { width: 100%; height: auto; }
img.wide { max-width: 760px; width: 100%; height: auto; }
details { border: 1px solid var(--line); border-radius: 4px; margin: .4rem 0; padding: .3rem .6rem; }
summary { cursor: pointer; } summary .count { font-weight: 600; } code { background: #f4f4f4; padding: 0 .2rem; }
.doc { border-top: 1px dashed var(--line); padding: .5rem 0; } .doc .url { font-weight: 600; word-break: break-all; }
.sig { display: inline-block; margin: 0 .6rem .1rem 0; font-size: 12px; } .sig.bad { color: var(--bad);
font-weight: 600; } .sig.rule { font-weight: 600; }
pre.text { white-space: pre-wrap; word-break: break-word; background: #fafafa; border: 1px solid var(--line);
padding: .5rem; max-height: 24rem; overflow: auto; font: 13px/1.6 inherit; font-family: inherit; }
mark.spam { background: #f9c0c0; color: #900; } mark.boilerplate { background: #fbeaa6; }
.legend mark { padding: 0 .3rem; }
"""


def _e(x: Any) -> str:
    return html.escape(str(x), quote=True)


def _img(path: Path, alt: str, cls: str = "") -> str:
    data = base64.b64encode(path.read_bytes()).decode("ascii")
    c = f' class="{cls}"' if cls else ""
    return f'<img{c} alt="{_e(alt)}" src="data:image/png;base64,{data}">'


def _funnel_table(steps: list[dict[str, Any]]) -> str:
    top = max((s["docs"] for s in steps), default=1) or 1
    rows = []
    for s in steps:
        name = _e(s["label"]) if s["stage"] is None else f"<code>{_e(s['step'])}</code> {_e(s['label'])}"
        mark = "*" if s.get("edited_by") else ""
        tokens = "-" if s["tokens"] is None else ("~" if s["tokens_estimated"] else "") + f"{s['tokens']:,}" + mark
        width = max(1, round(160 * s["docs"] / top))
        rows.append(
            f'<tr class="{"step-stage" if s["stage"] else "step-input"}" data-step="{_e(s["step"])}">'
            f"<td>{name}</td><td class=n>{fmt_int(s['docs'])}</td><td><span class=bar style=\"width:{width}px\"></span>"
            f"</td><td class=n>{fmt_pct(s['share_prev'])}</td><td class=n>{fmt_pct(s['share_html'])}</td>"
            f"<td class=n>{fmt_int(s['chars'])}</td><td class=n>{fmt_int(s['bytes'])}{mark if s['bytes'] else ''}</td>"
            f"<td class=n>{tokens}</td></tr>")
    head = ("<tr><th>step</th><th class=n>documents</th><th></th><th class=n>% of previous</th>"
            "<th class=n>% of HTML pages</th><th class=n>characters</th><th class=n>UTF-8 bytes</th>"
            "<th class=n>tokens</th></tr>")
    notes = "".join(f"<div class='muted small'>{_e(n)}</div>" for n in measure_notes(steps))
    return f'<table id="funnel-table">{head}{"".join(rows)}</table>{notes}'


def _filters_table(filters: list[dict[str, Any]]) -> str:
    rows = []
    for f in filters:
        reasons = "<br>".join(
            f"<code>{_e(r['reason'])}</code> {r['docs']:,} ({fmt_pct(r['share_seen'])})"
            + (f" <span class='muted small'>{_e(r['rule'])}</span>" if r["rule"] else "")
            for r in f["reasons"]) or "<span class=muted>-</span>"
        failed = f"{f['failed']:,}" + (f" <span class='muted small'>{_e(', '.join(f['failures']))}</span>"
                                       if f["failed"] else "")
        rows.append(f"<tr><td><code>{_e(f['stage'])}</code></td><td class=n>{f['seen']:,}</td>"
                    f"<td class=n>{f['dropped']:,}</td><td class=n>{fmt_pct(f['share'])}</td><td class=n>{failed}</td>"
                    f"<td>{reasons}</td><td class=n>{f['seconds']:,.1f}s</td></tr>")
    head = ("<tr><th>stage</th><th class=n>seen</th><th class=n>dropped</th><th class=n>% of seen</th>"
            "<th class=n>failed</th><th>drop reasons (% of seen) and rules</th><th class=n>time</th></tr>")
    return f'<table id="filters-table">{head}{"".join(rows)}</table>'


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    if isinstance(v, int) and not isinstance(v, bool):
        return f"{v:,}"
    return str(v)


def _doc_html(ex: Example, max_chars: int) -> str:
    row = ex.row
    url = row.get("url") or ""
    link = f'<a class=url href="{_e(url)}" rel="noreferrer noopener">{_e(url)}</a>' if url else "<span>(no url)</span>"
    sigs = []
    for col, value, rule in ex.signals:
        cls, extra = "sig", ""
        if rule is not None and (rule.reason == ex.reason or rule.violated(value)):
            bad = rule.violated(value)
            cls += " bad" if bad else " rule"
            extra = f" ({'breaks' if bad else 'passes'} {rule.reason}: drop if {rule.condition()} {_fmt(rule.value)})"
        sigs.append(f'<span class="{cls}">{_e(col)}={_e(_fmt(value))}{_e(extra)}</span>')
    text = ex.text
    if text:
        shown = text[:max_chars] if max_chars > 0 else text
        body = render_marked(shown, [m for m in ex.marks if m[1] <= len(shown)], False, html=True)
        more = len(text) - len(shown)
        body_html = f'<pre class="text">{body}</pre>' + (
            f"<div class='muted small'>... {more:,} more characters</div>" if more > 0 else "")
    else:
        body_html = f"<div class='muted'>{_e(ex.empty_note())}</div>"
    meta = (f"<div class='muted small'>{_e(row.get('id'))} &middot; {_e(Path(str(row.get('source') or '')).name)} "
            f"@ {_e(row.get('warc_offset'))} &middot; {_e(row.get('date') or '')}</div>")
    return f"<div class=doc>{link}{meta}<div>{''.join(sigs)}</div>{body_html}</div>"


def _samples(run: RunDir, rules: list[Threshold], n: int, seed: int, max_chars: int) -> str:
    if not run.has_rejected:
        return ("<p id='no-rejected'>This run wrote no rejected shards, so there are no dropped documents to show. "
                "Rerun <code>curate run ... --keep-rejected</code> to see them.</p>")
    lex = load_lexicons()
    examples = examples_by_reason(run, n, seed)
    by_reason = {(t.stage, t.reason): t for t in rules}
    parts = []
    for key, s in run.stats.get("stages", {}).items():
        for reason, count in sorted(s["dropped"].items(), key=lambda kv: -kv[1]):
            rows = examples.get((key, reason), [])
            rule = by_reason.get((key, reason))
            docs = "".join(_doc_html(make_example(r, rules, lex, reason, run), max_chars) for r in rows) or \
                "<p class=muted>No examples in the rejected shards (this stage writes none, e.g. dedup).</p>"
            share = fmt_pct(count / s["seen"]) if s["seen"] else ""
            parts.append(
                f'<details class="reason" data-stage="{_e(key)}" data-reason="{_e(reason)}"><summary><code>{_e(key)}'
                f"</code> / <b>{_e(reason)}</b>: <span class=count>{count:,}</span> documents ({share} of seen)"
                + (f" <span class='muted small'>{_e(rule.describe())}</span>" if rule else "")
                + f" <span class='muted small'>{len(rows)} shown</span></summary>{docs}</details>")
    return "".join(parts) or "<p class=muted>Nothing was dropped.</p>"


def build_report(run: RunDir, tokens: bool = True, n_examples: int = 3, seed: int = 0, max_chars: int = 1500,
                 report: dict[str, Any] | None = None, plots_dir: Path | None = None) -> str:
    """The HTML text of the report (writes the plots under `plots_dir`, default RUN_DIR/plots, on the way)."""
    from curate.inspect.plots import write_plots

    rep = report or stats_report(run, tokens=tokens)
    rules = [Threshold(**t) for t in rep["thresholds"]]
    plots = write_plots(run, plots_dir, steps=rep["funnel"], rules=rules)
    info = run.stats.get("run", {})
    t = run.stats["totals"]
    out = rep["output"]
    tok = rep["tokenizer"]
    title = f"curate report: {run.recipe} ({run.path.name})"
    parts = [f"<!doctype html><html lang='zh'><head><meta charset='utf-8'>"
             f"<meta name='viewport' content='width=device-width, initial-scale=1'><title>{_e(title)}</title>"
             f"<style>{CSS}</style></head><body>"]
    parts.append(f"<header><h1>{_e(title)}</h1><p class=muted>{_e(run.fs.display(run.path))} &middot; recipe "
                 f"<code>{_e(run.recipe)}</code> &middot; finished {_e(info.get('finished_at', '?'))} &middot; "
                 f"{t['files']:,} input file(s), {t['read']:,} records, {info.get('wall_seconds', 0):,.1f}s</p>"
                 f"<p id=summary><b>{out['docs']:,}</b> documents kept, {fmt_int(out['chars'])} characters, "
                 f"{fmt_int(out['bytes'])} UTF-8 bytes, "
                 + (f"{'~' if out['estimated'] else ''}{out['tokens']:,} tokens ({_e(tok['name'])})"
                    if out.get("tokens") is not None else f"tokens not counted ({_e(tok.get('reason'))})")
                 + f". Records: read {t['read']:,} = kept {t['kept']:,} + dropped {t['dropped']:,} + skipped "
                 f"{t['skipped']:,} + failed {t['failed']:,}.</p></header>")
    parts.append("<nav><a href='#funnel'>Funnel</a><a href='#filters'>Filters</a>"
                 + ("<a href='#dedup'>Dedup</a>" if rep.get("dedup") else "")
                 + "<a href='#signals'>Signals</a><a href='#samples'>Samples</a><a href='#kept'>Kept</a></nav>")
    if rep.get("rules_changed_since_run"):
        parts.append(f"<p class=muted>Note: {_e(', '.join(rep['rules_changed_since_run']))} changed after this run; "
                     "the rules shown are read from them now.</p>")
    parts.append(f"<section id='funnel'><h2>Funnel</h2>{_funnel_table(rep['funnel'])}"
                 f"{_img(plots['funnel'], 'funnel', 'wide')}</section>")
    parts.append(f"<section id='filters'><h2>Filters</h2>{_filters_table(rep['filters'])}")
    if "drops" in plots:
        parts.append(_img(plots["drops"], "drop reasons", "wide"))
    extra = []
    if rep["skipped"]:
        extra.append("skipped before the stages: " + ", ".join(f"{k} {v:,}" for k, v in rep["skipped"].items()))
    if rep["failed"]:
        extra.append("failed: " + ", ".join(f"{k} {v:,}" for k, v in rep["failed"].items()))
    parts += [f"<p class=muted>{_e(x)}</p>" for x in extra]
    parts.append("</section>")
    d = rep.get("dedup")
    if d:
        rows = [("documents in", d.get("docs_in")), ("documents out", d.get("docs_out")),
                ("exact duplicates removed", d.get("exact_removed")), ("near duplicates removed", d.get("fuzzy_removed")),
                ("characters removed", d.get("chars_removed")), ("clusters", d.get("clusters")),
                ("largest cluster", d.get("largest_cluster"))]
        parts.append("<section id='dedup'><h2>Dedup</h2><table>" + "".join(
            f"<tr><td>{_e(k)}</td><td class=n>{fmt_int(v)}</td></tr>" for k, v in rows) + "</table>"
            f"<p class='muted small'>parameters: {_e(d.get('params'))}</p></section>")
    figs = [f"<figure>{_img(p, name)}<figcaption class='muted small'>{_e(name)}</figcaption></figure>"
            for name, p in plots.items() if name not in ("funnel", "drops")]
    parts.append("<section id='signals'><h2>Signals</h2><p class='muted small'>Histograms of each numeric signal "
                 "column: kept documents (blue) and dropped ones written to the rejected shards (orange), with the "
                 "thresholds that use the signal as dashed lines.</p>"
                 + (f"<div class=grid>{''.join(figs)}</div>" if figs else "<p class=muted>No signal columns.</p>")
                 + "</section>")
    legend = ("<p class='legend small'>marks: <mark class=spam>spam term</mark> <mark class=boilerplate>"
              "boilerplate</mark> &middot; a signal in red breaks its rule</p>")
    parts.append(f"<section id='samples'><h2>Samples by drop reason</h2>{legend}"
                 f"{_samples(run, rules, n_examples, seed, max_chars)}</section>")
    lex = load_lexicons()
    kept = kept_examples(run, n_examples, seed) if run.data_shards else []
    parts.append("<section id='kept'><h2>Kept samples</h2>"
                 + ("".join(_doc_html(make_example(r, rules, lex), max_chars) for r in kept)
                    or "<p class=muted>No documents kept.</p>") + "</section>")
    parts.append(f"<footer class='muted small'><p>Written by curate {__version__}. <code>curate inspect "
                 f"{_e(run.fs.display(run.path))} --reason NAME</code> shows more examples in a terminal.</p></footer>"
                 "</body></html>")
    return "".join(parts)


def write_report(run_dir: str | os.PathLike[str], path: str | os.PathLike[str] | None = None, tokens: bool = True,
                 n_examples: int = 3, seed: int = 0, report: dict[str, Any] | None = None,
                 storage_options: dict[str, Any] | None = None) -> Path:
    """Write RUN_DIR/report.html (or `path`) and the plots it embeds (RUN_DIR/plots/). A run on an
    object store is read where it is; its report is written on this machine, at `path` (which
    it then needs), with the plots beside it in `<name>-plots/`."""
    run = load_run(run_dir, storage_options)
    if run.fs.local:
        target, plots_dir = Path(path) if path else run.path / "report.html", None
    elif path:
        target = Path(path)
        plots_dir = target.with_name(f"{target.stem}-plots")
    else:
        raise ValueError(f"curate report: {run_dir} is on an object store; give --output FILE.html, "
                         "where this machine writes the report")
    text = build_report(run, tokens=tokens, n_examples=n_examples, seed=seed, report=report, plots_dir=plots_dir)
    tmp = target.with_name(f".{target.name}.tmp{os.getpid()}")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, target)
    return target
