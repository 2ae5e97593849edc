"""Examples of what the filters dropped (from `rejected/`) or kept (from `data/`), with the
reason, the signals and the rule, and the spam terms and boilerplate lines marked in the text.

Marks come from a column a stage filled with its matches (`*_terms`, `*_matches`, ...) when
there is one, else from the lexicons in `filters/`: spam terms (`spam*.txt`) anywhere in the
text, matched on the OpenCC t2s view of a Traditional document as the spam stage does, and
boilerplate phrases (`boilerplate*.txt`) with the clean stage's line kinds: `=` a whole line,
`^` a line start, `>` a list header, others anywhere in a line.
"""

from __future__ import annotations

import html as _html
import itertools
import random
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from curate.inspect.report import RunDir, Threshold, stage_name

# Columns every document has; the rest are signals a stage computed.
BASE_COLUMNS = ("id", "url", "date", "title", "text", "n_chars", "charset", "source", "warc_offset")
META_COLUMNS = frozenset({"id", "url", "date", "title", "text", "source", "warc_offset", "drop_stage", "drop_reason",
                          "dup_of", "dup_similarity"})
MATCH_SUFFIXES = ("_terms", "_matches", "_matched", "_words", "_lines_matched")
_KEY_STRIP = re.compile(r"[\W\d_]+")


# ----------------------------------------------------------------------------- lexicons and marks

def _lexicon_lines(path: Path) -> list[str]:
    out = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.lstrip().startswith("#"):
                continue
            line = line.split("#", 1)[0].strip()
            if line:
                out.append(line)
    return out


@dataclass
class Lexicons:
    """Spam terms and boilerplate phrases, compiled for marking."""

    spam: re.Pattern[str] | None = None
    phrases: re.Pattern[str] | None = None  # boilerplate phrases, marked in lines that are not sentences
    strong: re.Pattern[str] | None = None  # `!` phrases (notices), marked in any line
    prefixes: re.Pattern[str] | None = None  # boilerplate line starts
    whole: frozenset[str] = frozenset()  # boilerplate lines (letters and Han only, lower case)
    headers: tuple[str, ...] = ()
    sources: list[str] = field(default_factory=list)


def _alternation(terms: set[str]) -> re.Pattern[str] | None:
    terms = {t for t in terms if t}
    if not terms:
        return None
    return re.compile("|".join(re.escape(t) for t in sorted(terms, key=len, reverse=True)), re.IGNORECASE)


@lru_cache(maxsize=4)
def load_lexicons(directory: str | None = None) -> Lexicons:
    """The lexicons of `directory` (default: the shipped `filters/`)."""
    from curate.resources import resource_dir

    base = Path(directory) if directory else resource_dir("filters")
    spam: set[str] = set()
    phrases: set[str] = set()
    strong: set[str] = set()
    prefixes: set[str] = set()
    whole: set[str] = set()
    headers: list[str] = []
    sources = []
    for path in sorted(base.glob("spam*.txt")):
        spam.update(t.lower() for t in _lexicon_lines(path))
        sources.append(path.name)
    for path in sorted(base.glob("boilerplate*.txt")):
        sources.append(path.name)
        for p in _lexicon_lines(path):
            kind, body = (p[0], p[1:].strip()) if p[0] in "=^>!" else ("", p)
            body = body.lower()
            if kind == "=":
                whole.add(_KEY_STRIP.sub("", body))
            elif kind == "^":
                prefixes.add(body)
            elif kind == ">":
                headers.append(_KEY_STRIP.sub("", body))
            elif kind == "!":
                strong.add(body)
            else:
                phrases.add(body)
    prefix_re = None
    if prefixes:
        alt = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
        prefix_re = re.compile(rf"\s*(?:{alt})(?=[\s:：|｜丨/@\-—_（(【\[]|$)", re.IGNORECASE)
    return Lexicons(_alternation(spam), _alternation(phrases | strong), _alternation(strong), prefix_re,
                    frozenset(whole - {""}),
                    tuple(h for h in headers if h), sources)


def match_terms(row: dict[str, Any]) -> dict[str, set[str]]:
    """Terms a stage recorded in a column of `row` ({"spam": ..., "boilerplate": ...})."""
    out: dict[str, set[str]] = {"spam": set(), "boilerplate": set()}
    for col, value in row.items():
        if not col.endswith(MATCH_SUFFIXES) or value is None:
            continue
        kind = "boilerplate" if col.startswith("clean") else "spam"
        values = value if isinstance(value, (list, tuple)) else re.split(r"[,\n|]", str(value))
        out[kind].update(str(v).strip() for v in values if v and str(v).strip())
    return out


def find_marks(text: str, lex: Lexicons, script: str | None = None,
               recorded: dict[str, set[str]] | None = None) -> list[tuple[int, int, str]]:
    """Sorted, non-overlapping (start, end, kind) spans of `text` to mark: kind "spam" or
    "boilerplate". Terms recorded by a stage replace the lexicon of their kind."""
    spans: list[tuple[int, int, str]] = []
    recorded = recorded or {}
    view = text
    if script == "Hant":  # the spam stage matches the t2s view; OpenCC keeps lengths for characters
        from curate.han import to_simplified

        simplified = to_simplified(text)
        if len(simplified) == len(text):
            view = simplified
    spam_re = _alternation({t.lower() for t in recorded.get("spam", ())}) or lex.spam
    if spam_re is not None:
        spans += [(m.start(), m.end(), "spam") for m in spam_re.finditer(view)]
    boiler_terms = recorded.get("boilerplate")
    phrase_re = _alternation({t.lower() for t in boiler_terms}) if boiler_terms else lex.phrases
    pos = 0
    for line in text.split("\n"):
        start, end = pos, pos + len(line)
        pos = end + 1
        stripped = line.strip()
        if not stripped:
            continue
        key = _KEY_STRIP.sub("", stripped).lower()
        if not boiler_terms and ((key and key in lex.whole)
                                 or (key and len(key) <= 12 and any(key.startswith(h) and len(key) <= len(h) + 4
                                                                    for h in lex.headers))):
            spans.append((start + line.index(stripped[0]), end, "boilerplate"))
            continue
        if not boiler_terms and lex.prefixes is not None and len(stripped) <= 60:
            m = lex.prefixes.match(line)
            if m:
                spans.append((start, end, "boilerplate"))
                continue
        # as the clean stage: a sentence keeps its boilerplate words unless they are a notice
        line_re = phrase_re if boiler_terms or not is_sentence(stripped) else lex.strong
        if line_re is not None:
            spans += [(start + m.start(), start + m.end(), "boilerplate") for m in line_re.finditer(line)]
    spans.sort(key=lambda s: (s[0], -(s[1] - s[0])))
    out: list[tuple[int, int, str]] = []
    reach = -1
    for s, e, kind in spans:
        if s >= reach:
            out.append((s, e, kind))
            reach = e
    return out


TERMINAL = tuple("。！？…”」』：；!?;.")


def is_sentence(line: str) -> bool:
    """True if the line ends like prose (the clean stage keeps such lines)."""
    return line.endswith(TERMINAL) or (len(line) > 1 and line[-1] in "）)" and line[-2] in "。！？")


ANSI = {"spam": "\x1b[1;31m", "boilerplate": "\x1b[33m", "bad": "\x1b[31m", "bold": "\x1b[1m", "dim": "\x1b[2m",
        "reset": "\x1b[0m"}


def render_marked(text: str, marks: list[tuple[int, int, str]], color: bool, html: bool = False) -> str:
    """`text` with its marks as ANSI colours, as <mark> elements (html), or as [[...]] (plain)."""
    out, pos = [], 0
    esc = _html.escape if html else (lambda s: s)
    for s, e, kind in marks:
        if s < pos or e > len(text):
            continue
        out.append(esc(text[pos:s]))
        if html:
            out.append(f'<mark class="{kind}">{esc(text[s:e])}</mark>')
        elif color:
            out.append(f"{ANSI[kind]}{text[s:e]}{ANSI['reset']}")
        else:
            out.append(f"[[{text[s:e]}]]" if kind == "spam" else f"{{{{{text[s:e]}}}}}")
        pos = e
    out.append(esc(text[pos:]))
    return "".join(out)


# ----------------------------------------------------------------------------- finding examples

def reason_counts(run: RunDir) -> list[tuple[str, str, int]]:
    """(stage, reason, documents) of every drop reason of the run, most frequent first."""
    out = [(key, reason, n) for key, s in run.stats.get("stages", {}).items() for reason, n in s["dropped"].items()]
    return sorted(out, key=lambda r: -r[2])


def _sample_rows(shards: list[Path], match: Any, columns: list[str], n: int, seed: int,
                 order_key: Any = None, filesystem: Any = None) -> list[dict[str, Any]]:
    """Up to `n` rows of `shards` (on pyarrow's `filesystem`, None for local) for which
    `match(table)` is true (a boolean mask over the `columns` it was given), a seeded random
    choice, or the `n` smallest by `order_key`."""
    import pyarrow.parquet as pq

    candidates: list[tuple[Any, int, int]] = []  # (sort key, shard, row)
    for si, path in enumerate(shards):
        names = pq.read_schema(path, filesystem=filesystem).names
        if not all(c in names for c in columns):
            continue
        table = pq.read_table(path, columns=columns, filesystem=filesystem)
        mask = match(table)
        keys = order_key(table) if order_key is not None else None
        for row, ok in enumerate(mask):
            if ok:
                candidates.append((keys[row] if keys is not None else 0, si, row))
    if order_key is not None:
        chosen = sorted(candidates, key=lambda c: (c[0], c[1], c[2]))[:n]
    else:
        chosen = random.Random(seed).sample(candidates, min(n, len(candidates)))
        chosen.sort(key=lambda c: (c[1], c[2]))
    rows: list[dict[str, Any]] = []
    by_shard: dict[int, list[int]] = {}
    for _, si, row in chosen:
        by_shard.setdefault(si, []).append(row)
    fetched: dict[tuple[int, int], dict[str, Any]] = {}
    for si, idx in by_shard.items():
        table = pq.read_table(shards[si], filesystem=filesystem).take(idx)
        for r, d in zip(idx, table.to_pylist()):
            fetched[(si, r)] = d
    rows = [fetched[(si, r)] for _, si, r in chosen]
    return rows


def dropped_examples(run: RunDir, reason: str, stage: str | None = None, n: int = 5,
                     seed: int = 0) -> list[dict[str, Any]]:
    """Up to `n` documents dropped with `reason` (by `stage`, if given), from the rejected shards."""
    import pyarrow.compute as pc

    def match(table):
        m = pc.equal(table.column("drop_reason"), reason)
        if stage:
            m = pc.and_(m, pc.equal(table.column("drop_stage"), stage))
        return pc.fill_null(m, False).to_pylist()

    return _sample_rows(run.rejected_shards, match, ["drop_stage", "drop_reason"], n, seed, filesystem=run.arrow)


def survivor_rows(run: RunDir, ids: set[str]) -> dict[str, dict[str, Any]]:
    """The kept documents with these ids (the survivors dedup removals name in `dup_of`), from this
    run's output and from the earlier runs it was deduplicated against."""
    import pyarrow as pa
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    from curate.engine.output import OutputFS

    found: dict[str, dict[str, Any]] = {}
    runs = [(run.arrow, run.data_shards)]
    for url in (run.stats.get("dedup") or {}).get("against", []):  # earlier runs: with this run's options
        fs = OutputFS(url, run.fs.storage_options)
        runs.append((fs.arrow, fs.glob(fs.join("data", "*.parquet"))))
    for filesystem, path in ((f, p) for f, paths in runs for p in paths):
        if len(found) == len(ids):
            break
        table = pq.read_table(path, columns=["id"], filesystem=filesystem)
        rows = pc.indices_nonzero(pc.is_in(table.column("id"), pa.array(sorted(ids - set(found)))))
        if len(rows):
            for d in pq.read_table(path, filesystem=filesystem).take(rows).to_pylist():
                found[d["id"]] = d
    return found


def kept_examples(run: RunDir, n: int = 5, seed: int = 0, near: Threshold | None = None) -> list[dict[str, Any]]:
    """Up to `n` kept documents: a random choice, or the ones nearest the rule `near` (the kept
    documents a slightly stricter threshold would lose)."""
    import pyarrow.compute as pc

    if near is not None and near.signal:
        def order(table):
            return [abs(v - near.value) if v is not None else float("inf")
                    for v in table.column(near.signal).to_pylist()]

        def has(table):
            return pc.is_valid(table.column(near.signal)).to_pylist()

        return _sample_rows(run.data_shards, has, [near.signal], n, seed, order, run.arrow)
    return _sample_rows(run.data_shards, lambda t: [True] * t.num_rows, ["id"], n, seed, filesystem=run.arrow)


def examples_by_reason(run: RunDir, n: int = 3, seed: int = 0) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Up to `n` rejected documents per (stage, reason), in one pass over the rejected shards."""
    import pyarrow.parquet as pq

    groups: dict[tuple[str, str], list[tuple[int, int]]] = {}
    shards = run.rejected_shards
    for si, path in enumerate(shards):
        if "drop_reason" not in pq.read_schema(path, filesystem=run.arrow).names:
            continue
        t = pq.read_table(path, columns=["drop_stage", "drop_reason"], filesystem=run.arrow)
        for row, key in enumerate(zip(t.column("drop_stage").to_pylist(), t.column("drop_reason").to_pylist())):
            groups.setdefault((key[0] or "", key[1] or ""), []).append((si, row))
    rng = random.Random(seed)
    chosen = {k: sorted(rng.sample(v, min(n, len(v)))) for k, v in groups.items()}
    need: dict[int, list[int]] = {}
    for picks in chosen.values():
        for si, row in picks:
            need.setdefault(si, []).append(row)
    fetched: dict[tuple[int, int], dict[str, Any]] = {}
    for si, rows in need.items():
        rows = sorted(set(rows))
        for r, d in zip(rows, pq.read_table(shards[si], filesystem=run.arrow).take(rows).to_pylist()):
            fetched[(si, r)] = d
    return {k: [fetched[p] for p in picks] for k, picks in chosen.items()}


# ----------------------------------------------------------------------------- presenting examples

@dataclass
class Example:
    """One document to show: its row, its signals (with the rules on them) and its marks."""

    row: dict[str, Any]
    signals: list[tuple[str, Any, Threshold | None]]
    marks: list[tuple[int, int, str]]
    reason: str | None = None  # the rule shown first, even where the document passes it
    before_text: bool = False  # dropped before main-text extraction
    survivor: dict[str, Any] | None = None  # the kept document a removed duplicate duplicates

    def empty_note(self) -> str:
        return ("(no text: dropped before main-text extraction)" if self.before_text
                else "(no text left)")

    @property
    def text(self) -> str:
        return self.row.get("text") or ""


def signal_items(row: dict[str, Any], rules: list[Threshold], first: str | None = None
                 ) -> list[tuple[str, Any, Threshold | None]]:
    """The non-null signal columns of `row` with the rule on each (the reason's own rule first)."""
    by_signal: dict[str, Threshold] = {}
    for t in rules:
        if t.signal and (t.signal not in by_signal or t.reason == first):
            by_signal[t.signal] = t
    items = []
    for col, value in row.items():
        if col in META_COLUMNS or value is None or value == "" or col.endswith(MATCH_SUFFIXES):
            continue
        items.append((col, value, by_signal.get(col)))
    lead = [i for i in items if i[2] is not None and i[2].reason == first]
    return lead + [i for i in items if i not in lead]


def make_example(row: dict[str, Any], rules: list[Threshold], lex: Lexicons, reason: str | None = None,
                 run: RunDir | None = None) -> Example:
    text = row.get("text") or ""
    marks = find_marks(text, lex, row.get("script"), match_terms(row))
    before = run.text_before(row.get("drop_stage")) if run is not None else False
    return Example(row, signal_items(row, rules, reason), marks, reason, before)


def _fmt_value(v: Any) -> str:
    if isinstance(v, float):
        return f"{v:.4g}"
    if isinstance(v, int) and not isinstance(v, bool):
        return f"{v:,}"
    return str(v)


def render_example(ex: Example, i: int, total: int, color: bool, max_chars: int = 800) -> str:
    """One example for the terminal."""
    c = ANSI if color else {k: "" for k in ANSI}
    row = ex.row
    head = f"{c['bold']}[{i}/{total}] {row.get('url') or '(no url)'}{c['reset']}"
    where = f"{Path(str(row.get('source') or '')).name} @ {row.get('warc_offset')}"
    lines = [head, f"  {c['dim']}id {row.get('id')}  {where}  date {row.get('date') or '-'}{c['reset']}"]
    if row.get("drop_reason"):
        lines.append(f"  dropped by {row.get('drop_stage')}: {c['bad']}{row.get('drop_reason')}{c['reset']}")
    if row.get("dup_of"):
        lines.append(f"  duplicate of {row['dup_of']} (MinHash similarity {row.get('dup_similarity') or 0:.2f})")
    import textwrap

    plain, broken = [], []
    for col, value, rule in ex.signals:
        item = f"{col}={_fmt_value(value)}"
        if rule is not None and (rule.reason == ex.reason or rule.violated(value)):
            mark = "breaks" if rule.violated(value) else "passes"
            broken.append(f"{c['bad'] if rule.violated(value) else ''}{item} ({mark} {rule.reason}: drop if "
                          f"{rule.condition()} {_fmt_value(rule.value)}){c['reset']}")
        else:
            plain.append(item)
    for b in broken:
        lines.append(f"  rule: {b}")
    if plain:
        lines += textwrap.wrap("  ".join(plain), width=110, initial_indent="  signals: ",
                               subsequent_indent="           ", break_on_hyphens=False)
    text = ex.text
    if not text:
        lines.append(f"  {c['dim']}{ex.empty_note()}{c['reset']}")
        return "\n".join(lines)
    shown = text if max_chars <= 0 else text[:max_chars]
    if ex.survivor is not None:
        kept = ex.survivor.get("text") or ""
        lines.append("  " + "-" * 60)
        lines += side_by_side(shown, kept if max_chars <= 0 else kept[:max_chars],
                              "removed (this document)", f"kept: {ex.survivor.get('url') or ex.survivor.get('id')}")
        return "\n".join(lines)
    marks = [m for m in ex.marks if m[1] <= len(shown)]
    body = render_marked(shown, marks, color)
    more = len(text) - len(shown)
    hidden = sum(1 for m in ex.marks if m[1] > len(shown))
    lines.append("  " + "-" * 60)
    lines += ["  " + line for line in body.split("\n")]
    if more > 0:
        tail = f"  ... {more:,} more characters" + (f", {hidden} more marked spans" if hidden else "")
        lines.append(f"{c['dim']}{tail} (--chars 0 shows all){c['reset']}")
    return "\n".join(lines)


def _cells(text: str) -> int:
    """Terminal columns of `text`: Han and other wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _wrap_cells(text: str, width: int) -> list[str]:
    out = []
    for para in text.split("\n"):
        line, used = "", 0
        for ch in para:
            w = 2 if unicodedata.east_asian_width(ch) in "WF" else 1
            if used + w > width:
                out.append(line)
                line, used = "", 0
            line, used = line + ch, used + w
        out.append(line)
    return out


def side_by_side(left: str, right: str, left_title: str, right_title: str, width: int = 110) -> list[str]:
    """Two texts in two columns of the terminal, wrapped by display width."""
    col = (width - 5) // 2
    rows = itertools.zip_longest([left_title[:col], "-" * col, *_wrap_cells(left, col)],
                                 [right_title[:col], "-" * col, *_wrap_cells(right, col)], fillvalue="")
    return [f"  {a}{' ' * (col - _cells(a))} | {b}".rstrip() for a, b in rows]


def legend(color: bool) -> str:
    if color:
        return (f"marks: {ANSI['spam']}spam term{ANSI['reset']}  {ANSI['boilerplate']}boilerplate{ANSI['reset']}  "
                f"{ANSI['bad']}signal past its threshold{ANSI['reset']}")
    return "marks: [[spam term]]  {{boilerplate}}"


def use_color(mode: str, stream: Any = None) -> bool:
    """ANSI colours for `auto` only when the stream is a terminal (and NO_COLOR is unset)."""
    import os

    if mode == "always":
        return True
    if mode == "never":
        return False
    stream = stream or sys.stdout
    return bool(getattr(stream, "isatty", lambda: False)()) and not os.environ.get("NO_COLOR")


def inspect_text(run: RunDir, reason: str | None = None, stage: str | None = None, kept: bool = False,
                 n: int = 5, seed: int = 0, color: bool = False, max_chars: int = 800) -> tuple[str, int]:
    """What `curate inspect` prints, and its exit status."""
    from curate.inspect.report import rules_changed, thresholds

    rules = thresholds(run.stats)
    lex = load_lexicons()
    counts = reason_counts(run)
    out: list[str] = []
    changed = rules_changed(run.stats)
    if changed:
        out.append(f"note: {', '.join(changed)} changed after this run; rules shown are read from them now")
    if not kept and not reason:
        out.append(f"drop reasons of {run.fs.display(run.path)} (curate inspect RUN_DIR --reason NAME shows examples):")
        for key, r, cnt in counts:
            rule = next((t for t in rules if t.stage == key and t.reason == r), None)
            out.append(f"  {key:<12}{r:<26}{cnt:>9,}" + (f"   {rule.describe()}" if rule else ""))
        if not run.has_rejected:
            out.append("no rejected shards: rerun `curate run` with --keep-rejected to see dropped documents")
        return "\n".join(out), 0
    survivors: dict[str, dict[str, Any]] = {}
    if kept:
        near = None
        if reason:
            near = next((t for t in rules if t.reason == reason and t.signal and (stage is None or t.stage == stage)),
                        None)
        rows = kept_examples(run, n, seed, near)
        if near is not None:
            out.append(f"kept documents nearest the rule of {near.stage}/{near.reason}: {near.describe()}")
        else:
            if reason:
                out.append(f"(no signal column with a known threshold for {reason!r}: a random choice instead)")
            out.append(f"kept documents, {len(rows)} of {run.stats['totals']['kept']:,} (seed {seed})")
        reason_rules = rules
    else:
        matching = [(k, r, cnt) for k, r, cnt in counts if r == reason and (stage is None or k == stage)]
        if not matching:
            known = ", ".join(f"{k}/{r}" for k, r, _ in counts) or "none"
            return f"curate: no documents were dropped with reason {reason!r}; reasons of this run: {known}", 1
        if not run.has_rejected:
            return (f"curate: {sum(c for _, _, c in matching):,} documents were dropped as {reason!r}, but this run "
                    f"wrote no rejected shards: rerun with `curate run ... --keep-rejected` to inspect them"), 1
        for key, r, cnt in matching:
            seen = run.stats["stages"][key]["seen"]
            out.append(f"{key} / {r}: {cnt:,} documents dropped, {100 * cnt / seen:.1f}% of the {seen:,} "
                       f"{stage_name(key)} saw")
            rule = next((t for t in rules if t.stage == key and t.reason == r), None)
            out.append(f"rule: {rule.describe()}" if rule else "rule: no threshold recorded for this reason")
        rows = dropped_examples(run, reason, stage, n, seed)
        if not rows:
            return "\n".join(out + ["no examples in the rejected shards (written by an earlier run?)"]), 1
        reason_rules = rules
        survivors = survivor_rows(run, {r["dup_of"] for r in rows if r.get("dup_of")})
    out.append(legend(color))
    for i, row in enumerate(rows, 1):
        ex = make_example(row, reason_rules, lex, reason, run)
        ex.survivor = survivors.get(row.get("dup_of") or "")
        out.append("")
        out.append(render_example(ex, i, len(rows), color, max_chars))
    return "\n".join(out), 0
