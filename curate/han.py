"""Character-class counting for CJK text, shared by the prefilter, language and quality stages."""

from __future__ import annotations

import re

# CJK Unified Ideographs, Extension A, Compatibility Ideographs, and Extensions B-F.
HAN_CLASS = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
# Runs, not single characters: summing the lengths of a few runs is ~4x faster than
# materialising one match per character.
HAN_RE = re.compile(f"[{HAN_CLASS}]+")
KANA_RE = re.compile("[\u3040-\u30ff\u31f0-\u31ff\uff66-\uff9f]+")
HANGUL_RE = re.compile("[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]+")
SPACE_RE = re.compile(r"\s+")


def count_han(text: str) -> int:
    """Number of Han ideographs in `text`."""
    return sum(map(len, HAN_RE.findall(text)))


def count_kana(text: str) -> int:
    """Number of Japanese kana in `text` (hiragana, katakana, half-width katakana)."""
    return sum(map(len, KANA_RE.findall(text)))


def count_hangul(text: str) -> int:
    """Number of Korean Hangul syllables and jamo in `text`."""
    return sum(map(len, HANGUL_RE.findall(text)))


def count_non_space(text: str) -> int:
    """Characters in `text` that are not white space."""
    return len(text) - sum(len(m) for m in SPACE_RE.findall(text))


_T2S = None


def to_simplified(text: str) -> str:
    """OpenCC t2s view of `text`: the normalised form rules and dedup keys compare, never stored
    in place of the original."""
    global _T2S
    if _T2S is None:
        import opencc

        _T2S = opencc.OpenCC("t2s")
    return _T2S.convert(text)
