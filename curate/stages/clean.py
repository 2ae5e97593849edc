"""Line-level cleaning of extracted Chinese text: what the page added, not what the author wrote.

Runs after `extract` and `language`, before `quality`. It removes share/QR/follow widgets,
copyright/ICP/disclaimer notices, bylines, prev/next links, comment boxes, aggregator footers,
menus (runs of short link-like lines), news-flash sidebars (runs of time-stamped one-liners)
and forum anti-copy jammer strings. Phrases live in `filters/boilerplate_zh.txt` and numbers in
`filters/clean_zh.yaml`, both user-editable. The guiding rule: a sentence of the article is
never removed for merely containing a boilerplate word; only lines that *are* boilerplate go.
"""

from __future__ import annotations

import re
from typing import Any

import pyarrow as pa

from curate.document import Document
from curate.resources import read_lexicon, read_rules
from curate.stages.base import Stage, register

# Characters that end a sentence (or a quoted sentence) in Chinese and ASCII text.
TERMINAL = tuple("。！？…”」』：；!?;.")
# Zero-width characters go; ideographic and no-break spaces become plain spaces.
_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
_ODD_SPACE = re.compile("[\u3000\xa0\t\r]")
_KEY_STRIP = re.compile(r"[\W\d_]+")      # whole-line key: letters and Han only
_CONTENT_STRIP = re.compile(r"[\W_]+")    # coverage denominator: letters, digits, Han
_MULTISPACE = re.compile(r" {2,}")
_NAV_SPLIT = re.compile(r"[\s|｜丨·•/>»]+")
_PREFIX_SEP = r"(?:[\s:：|｜丨/@\-—_（(【\[]|$)"
# A timestamp: a date (2024-05-01, 2024年5月1日, 05-01) and/or a time (22:56).
_STAMP = (r"(?:(?:\d{4}[-/.年])?\d{1,2}[-/.月]\d{1,2}日?\s*(?:\d{1,2}:\d{2}(?::\d{2})?)?"
          r"|\d{1,2}:\d{2}(?::\d{2})?)")
_STAMP_ONLY = re.compile(rf"\s*{_STAMP}\s*")
_STAMP_START = re.compile(rf"\s*{_STAMP}(?=\s|[^\x00-\x7f])")
# Structural notices no lexicon phrase captures well: ICP / public-security filings, ©-years.
_STRONG_PATTERNS = re.compile(r"[\u4e00-\u9fff]?ICP[备证]\s*\d+号(?:-\d+)?|公网安备\s*\d+号|©\s*\d{4}|"
                              r"copyright\s*(?:©|\(c\))?\s*\d{4}", re.I)
# URLs and account ids mark link-like lines (weak: an article may cite a URL in a sentence).
_WEAK_PATTERNS = re.compile(r"https?://\S+|www\.\S+|[（(]\s*id\s*[:：][\w-]+\s*[)）]", re.I)
# Most lines hold no pattern at all, and a substring test is ~10x cheaper than a regex scan, so a
# pattern runs only on lines holding its literal part (icp, 公网安备, ©, copyright; http, www.,
# id) in the lower-cased line, or a character that re.I folds to ASCII i and lower() does not
# (İ, ı; no other character does that for a letter of these words).
# Jammer candidates: runs of 1-2 printable ASCII characters separated by spaces, bounded by
# whitespace, line edges or non-ASCII text (so "GPT-4" or "Llama 2" are never cut into).
# The run's first character comes before the look-behind (which checks the one before it), so
# the regex engine can skip ahead to printable ASCII instead of trying every position.
_JAMMER_RUN = r"[\x21-\x7e](?<![\x21-\x7e]{2})[\x21-\x7e]?(?:[ ]+[\x21-\x7e]{1,2}){%d,}(?![\x21-\x7e])"
_KEEP_LEAD = frozenset("?!.,:;)")
# Shorter jammer runs (2 tokens and up) are recognised by their context: squeezed between Chinese
# characters, holding >= 2 distinct symbols ("。P* k6 u/但是"); "第 3 / 4 页" or "A B 测试" have fewer.
_CJK_CLASS = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
_SHORT_JAMMER = re.compile(rf"(?<=[{_CJK_CLASS}]) ?[\x21-\x7e]{{1,2}}(?: +[\x21-\x7e]{{1,2}})+ *(?=[{_CJK_CLASS}])")
# Discuz's edit note, wherever the extractor left it: 本帖最后由 X 于 2024-3-2 21:05 编辑 (and Traditional).
_EDIT_NOTE = re.compile(r"本帖最[后後]由\s*\S{1,30}?\s*[于於]\s*[\d\-/: ]{8,20}\s*[编編][辑輯]\s*")
# Code blocks (a tutorial's <pre>): a line of code holds no Han and an assignment, a call, a bracket or
# a statement keyword. A run of lines without Han that starts and ends with such lines and holds at
# least CODE_MIN_LINES of them is a code block: its `}` and `"the", "a", "an",` lines are code, not
# symbol lines or menus. An English footer line such as "Copyright (c) 2024" is one line, no block.
_HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CODE_LINE = re.compile(r"[=;{}()\[\]<>]|^(?:def|class|import|from|return|if|elif|else|for|while|try|except|"
                        r"function|var|let|const|public|private|package|#include|print|echo|select|SELECT)\b")
CODE_MIN_LINES = 3
_REMOVED = {rule: f"removed_{rule}" for rule in ("symbols", "widget", "byline", "list", "notice", "menu", "flash")}
_SOURCE = re.compile(r"^(?:来源|来源于|文章来源|稿件来源|出处)\s*[:：|｜]\s*(.{1,40})$")


def code_block_lines(lines: list[str]) -> list[bool]:
    """For each line, whether it belongs to a code block (see _CODE_LINE)."""
    n = len(lines)
    out = [False] * n
    i = 0
    while i < n:
        if _HAN.search(lines[i]) or not _CODE_LINE.search(lines[i]):
            i += 1
            continue
        # a run of Han-free lines from a code line; it ends at its last code line
        j, last, count = i, i, 0
        while j < n and not _HAN.search(lines[j]):
            if _CODE_LINE.search(lines[j]):
                last, count = j, count + 1
            j += 1
        if count >= CODE_MIN_LINES:
            for k in range(i, last + 1):
                out[k] = True
        i = last + 1
    return out


def is_sentence(line: str) -> bool:
    """True if the line ends like prose (terminal punctuation, possibly inside a closing quote)."""
    return line.endswith(TERMINAL) or (len(line) > 1 and line[-1] in "）)" and line[-2] in "。！？")


class Lexicon:
    """The boilerplate phrases of one lexicon file, compiled once for matching."""

    def __init__(self, phrases: list[str]) -> None:
        import ahocorasick

        self.whole: set[str] = set()
        self.headers: list[str] = []
        prefixes: list[str] = []
        self.automaton = ahocorasick.Automaton()
        for p in _with_traditional(phrases):
            kind, body = (p[0], p[1:].strip()) if p[0] in "=^>!" else ("", p)
            body = body.lower()
            if kind == "=":
                self.whole.add(_KEY_STRIP.sub("", body))
            elif kind == "^":
                prefixes.append(body)
            elif kind == ">":
                self.headers.append(_KEY_STRIP.sub("", body))
            else:
                strong = kind == "!"
                old = self.automaton.get(body, (0, False))
                self.automaton.add_word(body, (len(body), strong or old[1]))
        self.automaton.make_automaton()
        self.header_set = frozenset(self.headers)
        # A key longer than this is no whole-line widget and no list header (those are <= 12)
        self.key_bound = max([12, *map(len, self.whole)])
        self.header_lengths = sorted({len(h) for h in self.headers})
        alternation = "|".join(re.escape(p) for p in sorted(prefixes, key=len, reverse=True))
        self.prefix = re.compile(rf"(?:{alternation}){_PREFIX_SEP}", re.I)

    def is_header(self, key: str) -> bool:
        """A list header such as 相关阅读, 快报 or 快报更多."""
        for k in self.header_lengths:
            if key[:k] in self.header_set and len(key) <= k + 4:
                return True
        return False

    def coverage(self, line: str, weak: bool = True) -> tuple[int, int]:
        """(characters covered by any phrase, characters covered by strong phrases) in `line`;
        with `weak` False only strong phrases and patterns are looked for (both figures are then
        the strong coverage: what a sentence line is judged on)."""
        low = line.lower()
        spans: list[tuple[int, int, bool]] = []
        for end, (n, strong) in self.automaton.iter(low):
            if weak or strong:
                spans.append((end - n + 1, end + 1, strong))
        odd = "\u0130" in line or "\u0131" in line
        if "icp" in low or "©" in line or "公网安备" in line or "copyright" in low or odd:
            for m in _STRONG_PATTERNS.finditer(line):
                spans.append((m.start(), m.end(), True))
        if weak and ("http" in low or "www." in low or "id" in low or odd):
            for m in _WEAK_PATTERNS.finditer(line):
                spans.append((m.start(), m.end(), False))
        if not spans:
            return 0, 0
        strong_spans = [s for s in spans if s[2]]
        covered = _union(spans)
        return covered, (covered if len(strong_spans) == len(spans) else _union(strong_spans))


def _with_traditional(phrases: list[str]) -> list[str]:
    """The phrases plus their Traditional forms (OpenCC s2t and s2tw), so that Traditional pages
    are cleaned by the same Simplified lexicon; converted once, at setup."""
    import opencc

    out = list(phrases)
    for config in ("s2t", "s2tw"):
        converted = opencc.OpenCC(config).convert("\n".join(phrases)).split("\n")
        out += [c for c, p in zip(converted, phrases) if c != p]
    return list(dict.fromkeys(out))


def _union(spans: list[tuple[int, int, bool]]) -> int:
    total, reach = 0, -1
    for start, end, _ in sorted(spans):
        if end > reach:
            total += end - max(start, reach)
            reach = end
    return total


def jammer_pattern(min_tokens: int = 5) -> re.Pattern[str]:
    """The regex of jammer candidates: runs of at least `min_tokens` short ASCII tokens."""
    return re.compile(_JAMMER_RUN % (min_tokens - 1))


def remove_jammers(text: str, pattern: re.Pattern[str], min_symbols: int = 3) -> tuple[str, int]:
    """Text without anti-copy jammer runs (candidates of `pattern` with enough distinct
    symbols), and the number of characters removed."""
    removed = 0

    def drop(m: re.Match[str]) -> str:
        nonlocal removed
        run = m.group()
        symbols = {c for c in run if not c.isalnum() and c != " "}
        if len(symbols) < min_symbols:
            return run
        keep = run[0] if run[0] in _KEEP_LEAD and m.start() and text[m.start() - 1].isalnum() else ""
        removed += len(run) - len(keep)
        return keep + " "  # a sentence's own ?:. before the jammer stays

    def drop_short(m: re.Match[str]) -> str:
        nonlocal removed
        run = m.group()
        if len({c for c in run if not c.isalnum() and c != " "}) < 2:
            return run
        removed += len(run)
        return ""

    text = pattern.sub(drop, text)
    return _SHORT_JAMMER.sub(drop_short, text), removed


@register
class Clean(Stage):
    """Remove boilerplate lines; record how much went; drop only a document left empty."""

    name = "clean"
    columns = {"clean_lines_removed": pa.int32(), "clean_chars_removed": pa.int32(),
               "clean_source": pa.string()}

    def __init__(self, rules: str = "clean_zh", lexicon: str | None = None, **params: Any) -> None:
        cfg = read_rules(rules)
        known = {k: v for k, v in cfg.items() if k != "lexicon"}
        overrides = {k: params.pop(k) for k in list(params) if k in known}
        super().__init__(**params)
        cfg.update(overrides)
        self.lexicon_ref = lexicon or cfg["lexicon"]
        self.prefix_max = int(cfg["prefix_max_chars"])
        self.weak_cover = float(cfg["weak_cover"])
        self.strong_cover = float(cfg["strong_cover"])
        self.max_boiler = int(cfg["max_boiler_chars"])
        self.nav_run = int(cfg["nav_run"])
        self.nav_line = int(cfg["nav_line_chars"])
        self.nav_tokens = int(cfg["nav_tokens"])
        self.flash_stamps = int(cfg["flash_min_stamps"])
        self.flash_line = int(cfg["flash_line_chars"])
        self.list_line = int(cfg["list_line_chars"])
        self.jammer = jammer_pattern(int(cfg["jammer_min_tokens"]))
        self.jammer_symbols = int(cfg["jammer_min_symbols"])
        self.lex: Lexicon | None = None

    def setup(self) -> None:
        if self.lex is None:
            self.lex = Lexicon(read_lexicon(self.lexicon_ref))

    def process(self, doc: Document) -> str | None:
        if self.lex is None:
            self.setup()
        before = len(doc.text)
        text = doc.text
        if _ZERO_WIDTH.search(text):
            text = _ZERO_WIDTH.sub("", text)
        if _ODD_SPACE.search(text):
            text = _ODD_SPACE.sub(" ", text)
        if "本帖最" in text:
            text = _EDIT_NOTE.sub("", text)
        if " " in text:
            text, jammed = remove_jammers(text, self.jammer, self.jammer_symbols)
            if jammed:
                self.counts["jammer_chars"] += jammed
        lines = [line.strip() for line in text.split("\n")]
        lines = [_MULTISPACE.sub(" ", line) if "  " in line else line for line in lines if line]
        kept, source = self.clean_lines(lines)
        doc.text = "\n".join(kept)
        doc.signals["clean_lines_removed"] = len(lines) - len(kept)
        doc.signals["clean_chars_removed"] = before - len(doc.text)
        doc.signals["clean_source"] = source
        return None if kept else "empty_after_clean"

    def clean_lines(self, lines: list[str]) -> tuple[list[str], str | None]:
        """The lines to keep, and the 来源 (source) a byline named, if any."""
        lex = self.lex
        n = len(lines)
        drop = [""] * n  # the rule that removed each line, "" if kept
        # a code block's lines are kept whole: a quick test first, most pages have no Han-free line
        code = code_block_lines(lines) if any(not _HAN.search(line) for line in lines) else None
        source = None
        stamps = [0] * n  # 2: timestamp only, 1: starts with a timestamp
        # is_sentence of each line, once (the run rules ask again), inline: a call costs more
        sentence = [line.endswith(TERMINAL) or (len(line) > 1 and line[-1] in "）)" and line[-2] in "。！？")
                    for line in lines]
        i = 0
        while i < n:
            line = lines[i]
            first = line[0]
            if first.isdigit() or first.isspace():  # a timestamp starts with a digit (or space)
                if _STAMP_ONLY.fullmatch(line):
                    stamps[i] = 2
                elif first.isdigit() and _STAMP_START.match(line):
                    stamps[i] = 1
            if len(line) > self.max_boiler or (code is not None and code[i]):
                i += 1
                continue
            if len(line) > 2 * lex.key_bound + 8:
                # a long line's key is only asked whether it is short: its head's key answers that
                # unless the head is mostly punctuation and digits (keys only grow, lower() too)
                key = _KEY_STRIP.sub("", line[:2 * lex.key_bound + 8]).lower()
                if len(key) <= lex.key_bound:
                    key = _KEY_STRIP.sub("", line).lower()
            else:
                key = _KEY_STRIP.sub("", line).lower()
            if not key:
                drop[i] = "symbols"
            elif key in lex.whole:
                drop[i] = "widget"
            elif len(line) <= self.prefix_max and lex.prefix.match(line):
                drop[i] = "byline"
                m = _SOURCE.match(line)
                if m and source is None:
                    source = m.group(1).strip()
            elif len(key) <= 12 and lex.is_header(key):
                drop[i] = "list"
                j = i + 1
                while j < n and len(lines[j]) <= self.list_line and not sentence[j]:
                    drop[j] = "list"
                    j += 1
                i = j
                continue
            elif sentence[i]:  # prose: only strong phrases and patterns remove it
                covered, strong = lex.coverage(line, weak=self.strong_cover <= 0)
                if covered and strong / (len(_CONTENT_STRIP.sub("", line)) or 1) >= self.strong_cover:
                    drop[i] = "notice"
            else:
                covered, strong = lex.coverage(line)
                if covered and covered / (len(_CONTENT_STRIP.sub("", line)) or 1) >= self.weak_cover:
                    drop[i] = "notice"
                elif "，" not in line:
                    tokens = [t for t in _NAV_SPLIT.split(line) if t]
                    if len(tokens) >= self.nav_tokens and max(map(len, tokens)) <= 6:
                        drop[i] = "menu"
            i += 1
        self._runs(lines, drop, stamps, sentence)
        if code is not None:  # runs of short lines inside a block are code too
            drop = ["" if in_code else rule for rule, in_code in zip(drop, code)]
        counts = self.counts
        for rule in drop:
            if rule:
                counts[_REMOVED[rule]] += 1
        return [line for line, rule in zip(lines, drop) if not rule], source

    def _runs(self, lines: list[str], drop: list[str], stamps: list[int], sentence: list[bool]) -> None:
        """Mark news-flash sidebars and runs of short menu lines (`sentence`: is_sentence of each line)."""
        n = len(lines)
        # News flash: maximal runs of stamp / short headline lines holding enough stamps.
        i = 0
        while i < n:
            j, count = i, 0
            while j < n and (stamps[j] or (len(lines[j]) <= self.flash_line and not sentence[j])
                             or drop[j]):
                count += stamps[j] > 0
                j += 1
            if count >= self.flash_stamps:
                for k in range(i, j):
                    drop[k] = drop[k] or "flash"
            i = max(j, i + 1)
        # Menus: runs of short non-sentence lines among the lines still kept.
        run: list[int] = []  # short lines already removed (widget labels) count in a run too
        for k in range(n + 1):
            if k < n and len(lines[k]) <= self.nav_line and (drop[k] or not sentence[k]):
                run.append(k)
                continue
            if len(run) >= self.nav_run:
                for r in run:
                    drop[r] = drop[r] or "menu"
            run = []
