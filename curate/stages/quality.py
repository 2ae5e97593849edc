"""Document-level quality rules for Chinese text: signals first, then thresholds from a rule set.

Every signal is computed once per document into `doc.signals` and written as a column, so a
user can re-threshold from the output without rerunning (data-juicer's stats idea). Thresholds
come from `filters/quality_zh.yaml`, each with a note on its source. Repetition is measured on
characters, not words: Chinese has no spaces, and character n-grams need no segmenter.

The hot path is one pass to code points (numpy, UTF-32) and vector operations on that array:
class counts, entropy, and every n-gram signal from one sort (`_ngram_signals`). Documents are
short (median ~800 characters after cleaning), so the cost is the number of numpy calls, not
their length: each signal is made of a few whole-array calls. No regex is compiled per call
and no Python loop runs per character.

Word statistics (`words: true`, off by default) segment a bounded prefix of the text with jieba
(HMM off, on the t2s view: jieba's dictionary is Simplified): mean Han word length and the share
of stopwords. jieba is pure Python (~2.5-4 us a character, ~1 s to load), so the sample, not the
document, sets their cost (~1 ms for the default 300 characters); they are opt-in because even so
they cost about half as much again as the rest of the pipeline.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa

from curate.resources import read_lexicon, read_rules
from curate.document import Document
from curate.han import count_han, to_simplified
from curate.stages.base import Stage, register

# Line endings that close a sentence or a quote.
LINE_END = tuple("。！？…”」』：；!?;.")
# A paragraph may end in a credit, "……表示关注。（新华社记者某某摄）": a line ending in a bracket
# counts when it holds a full stop; headlines ending in （图片） do not.
CREDIT_END = ("）", ")")
# Encyclopedia lines end in citation marks after the full stop, "……专辑 [14] 。" or "……奖 [3-4]":
# the end check looks past them (baike.baidu.com: 0.097 of lines punctuated with them, 0.45 without).
_CITATION_END = re.compile(r"(?:\s*\[\d+(?:-\d+)?\])+\s*$")
# few_punct_lines is evidence of a title list (link lists, 【】 listings, keyword lists), whose titles
# carry few function characters. Text this rich in them (q_stopchar_ratio) is prose whatever its
# line ends: Taiwanese blogs and verse break phrases with spaces. Bench junk the rule drops: at most
# 0.10; bench good articles: median 0.14; a real Traditional blog with no line punctuation: 0.16.
PROSE_STOPCHARS = 0.13
# Nor is a page whose sentence lines hold this share of its characters (q_punct_char_frac), from at
# least PROSE_MIN_LINES of them: encyclopedia and reference pages put an infobox, a discography or a
# table of short cells around long prose paragraphs, so few of their lines end a sentence but most
# of their text does (baike.baidu.com: 0.097 of lines, 0.39 of characters). Bench junk the rule
# drops: at most 0.104 of characters; bench spam at most 2 such lines.
PROSE_CHAR_SHARE = 0.3
PROSE_MIN_LINES = 3
_TOP_NS = (2, 3, 4)
_DUP_NS = (5, 6, 7, 8, 9, 10)
_HASH_BASE = np.uint64(0x100000001B3)  # FNV-1 64-bit prime; n-gram hashes wrap mod 2**64
# Function characters of written Chinese, both scripts (FineWeb-2 cmn_Hani's stopword list
# is single characters: 的 年 在 月 是 和 日 了 於/于 为/為 有 被 人 中 他 与/與 后/後 也 而 由).
STOPCHARS = "的了是在和有我不这也就都而与及或但他她它们个为以于之其被把从对说要会着过还没很这那" \
            "與為爲們個於從對說會著過還沒這"
_STOP_CODES = np.array(sorted({ord(c) for c in STOPCHARS}), dtype=np.int64)
# Code points that signal a broken decode: U+FFFD, private use, □ ■ (classes below), the
# GBK/UTF-8 mojibake classic 锟斤拷 (counted as a trio in `signals`), and Chinese bytes read as a
# single-byte code page (runs of Latin-1 characters that are GBK or UTF-8 Han: ÖÐ¹ú is 中国). cp1252's
# extra characters (“ ” … —) are left out: Chinese prose is full of them ("“……”" reads as GBK).
_SINGLE_BYTE_RUN = re.compile("[\x80-\xff]{4,}")


def single_byte_mojibake_chars(text: str) -> int:
    """Characters of `text` in runs of Latin-1 characters whose bytes decode as GBK or
    UTF-8 into Han: Chinese read with a single-byte code page. French or German accents never
    qualify: runs of four and more such characters are rare in them (Größe is two), and in Chinese
    read that way every character is one (ÖÐ¹úÈËÃñ)."""
    total = 0
    for m in _SINGLE_BYTE_RUN.finditer(text):
        run = m.group()
        if len(set(run)) < 3:  # a placeholder such as 张×××× is no decode
            continue
        raw = run.encode("latin-1")
        for codec in ("utf-8", "gb18030"):
            try:
                decoded = raw.decode(codec)
            except UnicodeDecodeError:
                continue
            # CJK characters take two (GBK) or three (UTF-8) bytes each: a run that is CJK all through
            cjk = sum(1 for c in decoded if c >= "\u2e80")
            if 3 * cjk >= len(run) and count_han(decoded):
                total += len(run)
                break
    return total


def mojibake_share(text: str) -> float:
    """q_mojibake_ratio of `text` alone (broken-decode characters over non-space characters),
    for a stage that needs it before quality runs."""
    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    cls = _CLASS[cp]
    non_space = int((cls != _SPACE).sum())
    if not non_space:
        return 0.0
    bad = int((cls == _MOJIBAKE).sum()) + 3 * text.count("锟斤拷")
    if ((cp >= 0x80) & (cp <= 0xFF)).any():
        bad += single_byte_mojibake_chars(text)
    return bad / non_space


def _ngram_hashes(cp: np.ndarray, max_n: int) -> list[np.ndarray]:
    """hashes[n] = rolling hash of every n-gram of `cp`, for n = 1..max_n (index 0 unused)."""
    h = cp.astype(np.uint64)
    out = [h, h]
    for n in range(2, max_n + 1):
        if len(cp) < n:
            out.append(np.empty(0, dtype=np.uint64))
            continue
        h = out[-1][:-1] * _HASH_BASE + cp[n - 1:].astype(np.uint64)
        out.append(h)
    return out


def _top_ngram_frac(h: np.ndarray, n: int, total: int) -> float:
    """Characters in the most frequent n-gram (count x n) over all characters (Gopher's top n-gram)."""
    if len(h) < 2:
        return 0.0
    s = np.sort(h)
    cut = np.flatnonzero(s[1:] != s[:-1])  # last index of each run of equal hashes, but the final run
    if not len(cut):
        return len(s) * n / total
    top = max(int(cut[0]) + 1, int((cut[1:] - cut[:-1]).max(initial=0)), len(s) - 1 - int(cut[-1]))
    return top * n / total if top > 1 else 0.0


def _dup_ngram_fracs(hashes: list[np.ndarray], ns: tuple[int, ...], total: int) -> list[float]:
    """For each n in `ns` (consecutive, ascending): characters covered by repeat occurrences of
    n-grams (not their first one) over all characters; Gopher's duplicate n-gram fraction,
    overlaps counted once.

    One sort of the shortest n-grams finds every repeat occurrence and the occurrence before
    it; how far the two keep matching gives the longest repeated n-gram at that position, so
    all sizes come from one sort. (A longer n-gram repeating an older, not the previous,
    occurrence of its prefix is missed: an undercount on highly repetitive text only, where
    the shortest size is exact and already high.)
    """
    h = hashes[ns[0]]
    if len(h) < 2:
        return [0.0] * len(ns)
    order = np.argsort(h, kind="stable")
    s = h[order]
    same = s[1:] == s[:-1]
    if not same.any():
        return [0.0] * len(ns)
    later, prev = order[1:][same], order[:-1][same]
    sort = np.argsort(later)
    later, prev = later[sort], prev[sort]
    # run: how many consecutive shortest n-grams match from (later, prev), 1 .. len(ns)
    steps = np.arange(len(ns))
    a = later[:, None] + steps
    valid = a < len(h)
    eq = (h[np.minimum(a, len(h) - 1)] == h[np.minimum(prev[:, None] + steps, len(h) - 1)]) & valid
    run = np.cumprod(eq, axis=1).sum(axis=1)
    out = []
    for i, n in enumerate(ns):
        starts = later[run > i]
        if not len(starts):
            out.extend([0.0] * (len(ns) - i))
            break
        ends = starts + n
        reach = np.maximum.accumulate(ends)
        reach[1:] = reach[:-1].copy()
        reach[0] = 0
        out.append(float(np.clip(ends - np.maximum(starts, reach), 0, None).sum()) / total)
    return out


def _class_table() -> np.ndarray:
    """Class of every code point: one table lookup classifies a whole document. Above the BMP
    only Han extensions B-F are Han; the rest up there (emoji) are symbols."""
    t = np.full(0x110000, _SYMBOL, dtype=np.uint8)
    t[0x20000:0x2EBF0] = _HAN
    for lo, hi in ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF)):
        t[lo:hi + 1] = _HAN
    t[0x30:0x3A] = t[0xFF10:0xFF1A] = _DIGIT
    t[0x41:0x5B] = t[0x61:0x7B] = _LATIN
    for lo, hi in ((0x21, 0x2F), (0x3A, 0x40), (0x5B, 0x60), (0x7B, 0x7E), (0x3000, 0x303F), (0xFF01, 0xFF0F),
                   (0xFF1A, 0xFF20), (0xFF3B, 0xFF40), (0xFF5B, 0xFF65), (0x2010, 0x2027), (0xB7, 0xB7)):
        t[lo:hi + 1] = _PUNCT
    for lo, hi in ((0xC0, 0x52F), (0x3040, 0x30FF), (0xAC00, 0xD7AF), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A)):
        t[lo:hi + 1] = _OTHER_LETTER
    t[0xE000:0xF900] = _MOJIBAKE  # private use; planes 15-16 are private use too, but only the BMP's count
    t[[0xFFFD, 0x25A1, 0x25A0]] = _MOJIBAKE
    t[[0x20, 0x09, 0x0A, 0x0D, 0x3000, 0xA0]] = _SPACE
    t[0:0x20] = _SPACE
    assert (t[_STOP_CODES] == _HAN).all(), "stop characters are Han"
    t[_STOP_CODES] = _STOP_HAN  # Han too: counted in q_han_count and q_stopchar_ratio
    return t


_SYMBOL, _HAN, _DIGIT, _LATIN, _PUNCT, _OTHER_LETTER, _MOJIBAKE, _SPACE, _STOP_HAN = range(9)
_CLASS = _class_table()


_ONES = np.uint64(0xFFFFFFFFFFFFFFFF)  # never a packed n-gram key (those use at most 60 bits)
_N_GRAM = _DUP_NS[0]                    # the packed key holds this many characters
_TOP_SHIFTS = np.array([_N_GRAM - n for n in _TOP_NS], dtype=np.uint64)[:, None]  # fields after an n-gram
_DUP_STEPS = np.arange(len(_DUP_NS))
_DUP_SIZES = np.array(_DUP_NS)[:, None]


def _ngram_signals(cp: np.ndarray, order: np.ndarray, counts: np.ndarray, total: int
                   ) -> tuple[list[float], list[float]] | None:
    """Top n-gram fractions (n in `_TOP_NS`) and duplicate n-gram fractions (n in `_DUP_NS`) of
    `cp` from one sort; None when the document has too many distinct characters for it.

    `order` sorts `cp`, and `counts` are the sizes of its runs of equal code points (both from
    the entropy sort). Each character becomes its rank among the document's distinct characters
    (k bits, 0 is padding past the end), and each position the key of the 5 characters from it,
    rank by rank: keys sort lexicographically, so one sort groups every n-gram for n <= 5, and
    two neighbours in that order share an n-gram exactly when their keys agree in the top n
    fields. The figures are those of `_top_ngram_frac` and `_dup_ngram_fracs` on exact n-grams
    (those hash them; a hash collision, never seen, is the only possible difference).
    """
    size = len(cp)
    k = len(counts).bit_length()
    if _N_GRAM * k > 64 - 4:  # over 4095 distinct characters: the hashed path
        return None
    ranks = np.zeros(size + _N_GRAM, dtype=np.uint64)
    ranks[order] = np.repeat(np.arange(1, len(counts) + 1, dtype=np.uint64), counts)
    ext = np.empty(size + 1, dtype=np.uint64)  # the keys, and one past the end that no key equals
    ext[size] = _ONES
    key = ext[:size]
    key[:] = ranks[:size]
    kk = np.uint64(k)
    for j in range(1, _N_GRAM):
        key <<= kk
        key |= ranks[j:size + j]
    pos_bits = size.bit_length()
    if _N_GRAM * k + pos_bits <= 64:  # key and position in one word: a plain sort, stable for free
        pb = np.uint64(pos_bits)
        packed = np.sort((key << pb) | np.arange(size, dtype=np.uint64))
        sorted_key, at = packed >> pb, (packed & np.uint64((1 << pos_bits) - 1)).astype(np.intp)
    else:
        at = np.argsort(key, kind="stable")
        sorted_key = key[at]
    # split[r, i]: sorted neighbours i, i+1 differ in their first n characters, n = _TOP_NS[r].
    # The most frequent n-gram's count is the longest stretch between two splits.
    diff = sorted_key[1:] ^ sorted_key[:-1]
    split = diff >= np.left_shift(1, _TOP_SHIFTS * k, dtype=np.uint64)
    at_pair = np.arange(size - 1)
    last_split = np.maximum.accumulate(np.where(split, at_pair, -1), axis=1)
    longest = (at_pair - last_split).max(axis=1, initial=0).tolist()
    tops = [(top + 1) * n / total if top else 0.0 for n, top in zip(_TOP_NS, longest)]
    same = diff == 0
    if not same.any():
        return tops, [0.0] * len(_DUP_NS)
    # each repeat of a 5-gram (later) and the occurrence just before it (prev), by position
    later, prev = at[1:][same], at[:-1][same]
    sort = np.argsort(later)
    later, prev = later[sort], prev[sort]
    # how many consecutive 5-grams match from (later, prev): the repeat is an n-gram repeat for
    # n = 5 .. 4 + that; one past the end compares with a key no position has
    match = np.cumprod(ext[later[:, None] + _DUP_STEPS] == ext[prev[:, None] + _DUP_STEPS], axis=1).sum(axis=1)
    # characters covered by the repeats of each size, overlaps once: repeats are ranges
    # [start, start + n) with sorted starts, so each adds min(n, gap to the previous one)
    chosen = match[None, :] > _DUP_STEPS[:, None]
    last = np.maximum.accumulate(np.where(chosen, later, -(1 << 62)), axis=1)
    gap = np.empty_like(last)
    gap[:, 0] = 1 << 62
    np.subtract(later[1:], last[:, :-1], out=gap[:, 1:])
    covered = np.where(chosen, np.minimum(gap, _DUP_SIZES), 0).sum(axis=1)
    return tops, [c / total for c in covered.tolist()]


def signals(text: str, bracket_chars: int = 0) -> dict[str, Any]:
    """All quality signals of `text` (one paragraph per line), computed in one go."""
    lines = [line for line in text.split("\n") if line.strip()]
    n_lines = len(lines) or 1
    cp_all = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    cls = _CLASS[cp_all]
    keep = cls != _SPACE
    cp = cp_all[keep]
    size = len(cp)
    total = size or 1
    n = np.bincount(cls, minlength=9).tolist()  # spaces counted too, and never used
    stop = n[_STOP_HAN]
    n_han = n[_HAN] + stop
    mojibake = n[_MOJIBAKE] + 3 * text.count("锟斤拷")
    if ((cp_all >= 0x80) & (cp_all <= 0xFF)).any():
        mojibake += single_byte_mojibake_chars(text)

    ngrams = None
    if size:
        # character entropy (bits) over non-space characters. One sort of code point and
        # position gives the counts here and the ranks the n-gram keys are made of.
        pos_bits = np.uint64(size.bit_length())
        packed = np.sort((cp.astype(np.uint64) << pos_bits) | np.arange(size, dtype=np.uint64))
        s = packed >> pos_bits
        cut = np.empty(size + 1, dtype=bool)
        cut[0] = cut[-1] = True
        np.not_equal(s[1:], s[:-1], out=cut[1:-1])
        starts = np.flatnonzero(cut)
        counts = starts[1:] - starts[:-1]
        p = counts / total
        entropy = float(-(p * np.log2(p)).sum())
        order = (packed & np.uint64((1 << int(pos_bits)) - 1)).astype(np.intp)
        ngrams = _ngram_signals(cp, order, counts, total)
    else:
        entropy = 0.0

    # duplicate lines (lines are paragraphs in curate's text)
    seen: set[str] = set()
    dup_lines = dup_line_chars = 0
    for line in lines:
        if line in seen:
            dup_lines += 1
            dup_line_chars += len(line)
        else:
            seen.add(line)
    punct_lines = punct_chars = 0
    for line in lines:
        if _ends_sentence(line):
            punct_lines += 1
            punct_chars += len(line)

    out: dict[str, Any] = {
        "q_han_count": n_han,
        "q_han_ratio": round(n_han / total, 4),
        "q_mean_line_len": round(sum(map(len, lines)) / n_lines, 2),
        "q_punct_line_frac": round(punct_lines / n_lines, 4),
        "q_punct_char_frac": round(punct_chars / (sum(map(len, lines)) or 1), 4),
        "q_punct_lines": punct_lines,
        "q_dup_line_frac": round(dup_lines / n_lines, 4),
        "q_dup_line_char_frac": round(dup_line_chars / max(len(text), 1), 4),
        "q_digit_ratio": round(n[_DIGIT] / total, 4),
        "q_symbol_ratio": round(n[_SYMBOL] / total, 4),
        "q_bracket_frac": round(bracket_chars / total, 4),
        "q_char_entropy": round(entropy, 3),
        "q_mojibake_ratio": round(mojibake / total, 4),
        "q_stopchar_ratio": round(stop / (n_han or 1), 4),
    }
    if ngrams is None:  # empty, or too many distinct characters for one packed key: hashes
        hashes = _ngram_hashes(cp, _DUP_NS[0])
        ngrams = ([_top_ngram_frac(hashes[n], n, total) for n in _TOP_NS],
                  _dup_ngram_fracs(hashes, _DUP_NS, total))
    for n, frac in zip(_TOP_NS, ngrams[0]):
        out[f"q_top_{n}gram_frac"] = round(frac, 4)
    for n, frac in zip(_DUP_NS, ngrams[1]):
        out[f"q_dup_{n}gram_frac"] = round(frac, 4)
    return out


def _prose_layout(sig: dict[str, Any]) -> bool:
    """Prose whose lines do not end in punctuation, or prose among short non-sentence lines (an
    infobox, a table): few_punct_lines, evidence of a title list, does not apply to it."""
    return sig["q_stopchar_ratio"] >= PROSE_STOPCHARS or (
        sig["q_punct_char_frac"] >= PROSE_CHAR_SHARE and sig["q_punct_lines"] >= PROSE_MIN_LINES)


def _ends_sentence(line: str) -> bool:
    """The line closes a sentence (or a credit after one), citation marks after it aside."""
    if line.endswith("]"):
        line = _CITATION_END.sub("", line)
    return line.endswith(LINE_END) or (line.endswith(CREDIT_END) and "。" in line)


def bracket_chars(text: str) -> int:
    """Characters inside 【】 (brackets included) on lines that are not sentences: listing pages
    put every title in them. In a sentence 【】 is emphasis (拨打【12345】热线, a Weibo-style
    【#话题#】 lead), which real articles use freely: 2 of 108 real content pages had 0.10-0.19
    of their characters so bracketed, all on lines ending in 。 (at most a quarter of a line)."""
    if "【" not in text:
        return 0
    total = 0
    for line in text.split("\n"):
        if "【" not in line:
            continue
        in_line, start = 0, line.find("【")
        while start != -1:
            end = line.find("】", start)
            if end == -1 or end - start > 100:
                break
            in_line += end - start + 1
            start = line.find("【", end)
        # a sentence whose brackets are most of it is a row of tags (【最新】【独家】…), not emphasis
        if not _ends_sentence(line.rstrip()) or 2 * in_line > len(line):
            total += in_line
    return total


# Rule name -> (signal, "min" or "max"). The rule name is the drop reason.
RULES: dict[str, tuple[str, str]] = {
    "low_han_count": ("q_han_count", "min"),
    "low_han_ratio": ("q_han_ratio", "min"),
    "short_lines": ("q_mean_line_len", "min"),
    "few_punct_lines": ("q_punct_line_frac", "min"),
    "dup_line_frac": ("q_dup_line_frac", "max"),
    "dup_line_char_frac": ("q_dup_line_char_frac", "max"),
    "digit_ratio": ("q_digit_ratio", "max"),
    "symbol_ratio": ("q_symbol_ratio", "max"),
    "bracket_frac": ("q_bracket_frac", "max"),
    "low_char_entropy": ("q_char_entropy", "min"),
    "mojibake": ("q_mojibake_ratio", "max"),
    "few_stopchars": ("q_stopchar_ratio", "min"),
    **{f"top_{n}gram": (f"q_top_{n}gram_frac", "max") for n in _TOP_NS},
    **{f"dup_{n}gram": (f"q_dup_{n}gram_frac", "max") for n in _DUP_NS},
}
# Rules on the word signals: checked only with `words: true` (after the rules above).
WORD_RULES: dict[str, tuple[str, str]] = {
    "short_words": ("q_mean_word_len", "min"),
    "long_words": ("q_mean_word_len", "max"),
    "few_stopwords": ("q_stopword_frac", "min"),
}
_INT_SIGNALS = {"q_han_count", "q_punct_lines"}
# Signals that no rule thresholds but that decide when one applies (few_punct_lines' exemptions).
EXEMPTION_SIGNALS = ("q_punct_char_frac", "q_punct_lines")
WORD_COLUMNS: dict[str, pa.DataType] = {"q_mean_word_len": pa.float32(), "q_stopword_frac": pa.float32()}


def _is_han(c: str) -> bool:
    """True for a Han ideograph (the ranges of `_class_table`); one character, no table lookup."""
    return "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" or "\uf900" <= c <= "\ufaff" \
        or "\U00020000" <= c <= "\U0002ebef"


def load_segmenter() -> Callable[[str], list[str]]:
    """jieba's default tokenizer, loaded now and quietly: `cut(text)` -> words, HMM off (the
    dictionary's words only: HMM guesses unknown words, which costs more and makes jammed or
    garbled text look like words)."""
    try:
        import jieba
    except ImportError:
        raise ImportError("quality stage with words: true needs jieba: pip install jieba "
                          "(or pip install 'curate[words]')") from None
    logger = logging.getLogger("jieba")  # it logs the dictionary load at DEBUG to stderr
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        jieba.dt.initialize()
    finally:
        logger.setLevel(level)
    lcut = jieba.dt.lcut
    return lambda text: lcut(text, HMM=False)


def word_signals(sample: str, cut: Callable[[str], list[str]], stopwords: frozenset[str]) -> dict[str, float]:
    """Mean length (characters) of the Han words of `sample` and the share of them that are
    stopwords; `sample` is Simplified (jieba's dictionary is). 0.0 for both without Han words."""
    words = [w for w in cut(sample) if _is_han(w[0])]
    if not words:
        return {"q_mean_word_len": 0.0, "q_stopword_frac": 0.0}
    n = len(words)
    return {"q_mean_word_len": round(sum(map(len, words)) / n, 3),
            "q_stopword_frac": round(sum(1 for w in words if w in stopwords) / n, 4)}


@register
class Quality(Stage):
    """Compute the quality signals of a document and drop it with the first rule it breaks.

    `rules` names a rule set in `filters/` (or a path); `thresholds` overrides single numbers,
    e.g. `{low_han_count: 100}`; a threshold of null turns its rule off (the signal stays).
    `words: true` adds the jieba word signals (q_mean_word_len, q_stopword_frac) and their rules,
    computed on the first `word_sample_chars` characters with the `stopwords` lexicon; with
    `words: false` (the default) they are neither computed nor columns, and their rules are skipped.
    """

    name = "quality"
    columns = {sig: (pa.int32() if sig in _INT_SIGNALS else pa.float32())
               for sig in [signal for signal, _ in RULES.values()] + list(EXEMPTION_SIGNALS)}

    def __init__(self, rules: str = "quality_zh", thresholds: dict[str, Any] | None = None,
                 words: bool = False, word_sample_chars: int = 300, stopwords: str = "stopwords_zh",
                 **params: Any) -> None:
        super().__init__(**params)
        cfg = read_rules(rules)
        table = dict(cfg.get("thresholds") or {})
        table.update(thresholds or {})
        unknown = sorted(set(table) - set(RULES) - set(WORD_RULES))
        if unknown:
            raise TypeError(f"unknown quality rules {unknown}; known: {sorted(RULES) + sorted(WORD_RULES)}")
        if not words and set(thresholds or {}) & set(WORD_RULES):
            raise TypeError(f"rules {sorted(set(thresholds or {}) & set(WORD_RULES))} need words: true")
        if word_sample_chars < 1:
            raise TypeError(f"word_sample_chars must be >= 1, not {word_sample_chars}")
        known = {**RULES, **WORD_RULES} if words else RULES
        self.checks = sorted(((name, known[name][0], known[name][1] == "min", float(v))
                              for name, v in table.items() if v is not None and name in known),
                             key=lambda check: check[0] in WORD_RULES)  # word rules last, else in table order
        self.words, self.word_sample_chars = bool(words), int(word_sample_chars)
        self.stopwords: frozenset[str] = frozenset()
        if self.words:
            self.columns = {**Quality.columns, **WORD_COLUMNS}  # the runner reads the instance's
            self.stopwords = frozenset(read_lexicon(stopwords))  # read now: a wrong name fails at load
        self._cut: Callable[[str], list[str]] | None = None

    def setup(self) -> None:
        if self.words:
            self._cut = load_segmenter()

    def thresholds(self) -> list[tuple]:
        return [(name, signal, "min" if is_min else "max", limit) for name, signal, is_min, limit in self.checks]

    def process(self, doc: Document) -> str | None:
        sig = signals(doc.text, bracket_chars(doc.text))
        if self.words:
            if self._cut is None:
                self.setup()
            sample = doc.text[:self.word_sample_chars]
            if doc.signals.get("script") != "Hans":  # Traditional, or not tagged: the t2s view
                sample = to_simplified(sample)
            sig.update(word_signals(sample, self._cut, self.stopwords))
        doc.signals.update(sig)
        for name, key, is_min, limit in self.checks:
            if name == "few_punct_lines" and _prose_layout(sig):
                continue
            value = sig[key]
            if (value < limit) if is_min else (value > limit):
                return name
        return None
