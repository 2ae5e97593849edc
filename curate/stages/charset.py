"""Decoding page bytes to text: BOM, then HTTP header, then <meta>, then detection.

Chinese pages are where charset handling goes wrong most: GB2312/GBK pages must be read as
GB18030 (their superset, so rare characters survive), Big5 as Big5-HKSCS, and servers often
declare ISO-8859-1 for pages that are really GBK. A declared charset is used only when a strict
decode succeeds; a Western single-byte declaration is trusted only for pages that are ASCII.
"""

from __future__ import annotations

import codecs
import re

from resiliparse.parse.encoding import detect_encoding

from curate.document import Document
from curate.stages.base import Stage, register

# Supersets that decode everything their subsets do, and more.
_SUPERSET = {
    "gb2312": "gb18030", "gbk": "gb18030", "gb18030": "gb18030", "hz": "gb18030",
    "big5": "big5hkscs", "big5hkscs": "big5hkscs", "cp950": "big5hkscs",
    "ascii": "utf-8", "utf-8": "utf-8",
    "latin-1": "cp1252", "iso8859-1": "cp1252", "cp1252": "cp1252",
}
# Labels browsers accept that Python's codec registry does not know.
_ALIASES = {"x-gbk": "gbk", "x-gb2312": "gb2312", "gb_2312-80": "gb2312", "x-euc-cn": "gb2312",
            "euc-cn": "gb2312", "x-big5": "big5", "big5-hkscs": "big5hkscs", "x-sjis": "shift_jis",
            "unicode": "utf-8", "utf8mb4": "utf-8"}
# Declarations that strict-decode almost any byte string, so they prove nothing.
_PERMISSIVE = frozenset({"cp1252", "latin-1", "iso8859-1", "iso8859-15", "cp437"})
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_META_RE = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_META_SCAN_BYTES = 4096


def normalize_charset(name: str | None) -> str | None:
    """A Python codec name for a declared charset, widened to its Chinese superset; None if unknown."""
    if not name:
        return None
    name = name.strip().strip("\"'").lower()
    try:
        canonical = codecs.lookup(_ALIASES.get(name, name)).name
    except (LookupError, ValueError):
        return None
    return _SUPERSET.get(canonical, canonical)


def meta_charset(raw: bytes) -> str | None:
    """The charset a page declares in `<meta charset>` or `<meta http-equiv>`, if any."""
    m = _META_RE.search(raw, 0, _META_SCAN_BYTES)
    return m.group(1).decode("ascii", "ignore") if m else None


def decode_bytes(raw: bytes, header_charset: str | None) -> tuple[str, str, str]:
    """Decode `raw`; return (text, codec used, how it was chosen: bom|header|meta|detected|fallback)."""
    for bom, codec in _BOMS:
        if raw.startswith(bom):
            return raw[len(bom):].decode(codec, "replace"), codec, "bom"
    for source, declared in (("header", header_charset), ("meta", None)):
        codec = normalize_charset(declared if source == "header" else meta_charset(raw))
        if codec is None:
            continue
        if codec in _PERMISSIVE and not raw.isascii():
            continue
        try:
            return raw.decode(codec), codec, source
        except UnicodeDecodeError:
            continue
    try:
        return raw.decode("utf-8"), "utf-8", "detected"
    except UnicodeDecodeError:
        pass
    codec = normalize_charset(detect_encoding(raw)) or "utf-8"
    try:
        return raw.decode(codec), codec, "detected"
    except UnicodeDecodeError:
        return raw.decode(codec, "replace"), codec, "fallback"


@register
class Decode(Stage):
    """Bytes to text with the right charset; counts how each charset was chosen."""

    name = "decode"
    reads, makes = "raw", "html"

    def process(self, doc: Document) -> str | None:
        text, codec, how = decode_bytes(doc.raw, doc.header_charset)
        self.counts[f"charset_from_{how}"] += 1
        self.counts[f"charset_{codec}"] += 1
        if doc.header_charset and how not in ("header", "bom"):
            self.counts["header_charset_overridden"] += 1
        replacements = text.count("\ufffd")
        if replacements:
            self.counts["docs_with_replacement_chars"] += 1
            self.counts["replacement_chars"] += replacements
        doc.charset = codec
        doc.html = text
        doc.raw = b""  # the bytes are no longer needed; free them early
        return None
