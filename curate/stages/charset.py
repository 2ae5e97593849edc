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

# The labels of the WHATWG Encoding Standard (https://encoding.spec.whatwg.org/#names-and-labels),
# the only ones a browser honours in a <meta> or HTTP charset, mapped to Python codecs. Anything
# else (`base64`, `rot13`, `zlib`, `cp037`, `undefined`: Python codecs, not web encodings) is
# ignored and detection decides, as a browser would fall back.
_WHATWG = {
    "utf-8": ("unicode-1-1-utf-8", "unicode11utf8", "unicode20utf8", "utf-8", "utf8", "x-unicode20utf8"),
    "cp866": ("866", "cp866", "csibm866", "ibm866"),
    "iso8859-2": ("csisolatin2", "iso-8859-2", "iso-ir-101", "iso8859-2", "iso88592", "iso_8859-2",
                  "iso_8859-2:1987", "l2", "latin2"),
    "iso8859-3": ("csisolatin3", "iso-8859-3", "iso-ir-109", "iso8859-3", "iso88593", "iso_8859-3", "l3", "latin3"),
    "iso8859-4": ("csisolatin4", "iso-8859-4", "iso-ir-110", "iso8859-4", "iso88594", "iso_8859-4", "l4", "latin4"),
    "iso8859-5": ("csisolatincyrillic", "cyrillic", "iso-8859-5", "iso-ir-144", "iso8859-5", "iso88595", "iso_8859-5"),
    "iso8859-6": ("arabic", "asmo-708", "csiso88596e", "csiso88596i", "csisolatinarabic", "ecma-114",
                  "iso-8859-6", "iso-8859-6-e", "iso-8859-6-i", "iso-ir-127", "iso8859-6", "iso88596", "iso_8859-6"),
    "iso8859-7": ("csisolatingreek", "ecma-118", "elot_928", "greek", "greek8", "iso-8859-7", "iso-ir-126",
                  "iso8859-7", "iso88597", "iso_8859-7", "sun_eu_greek"),
    "iso8859-8": ("csiso88598e", "csisolatinhebrew", "hebrew", "iso-8859-8", "iso-8859-8-e", "iso-ir-138",
                  "iso8859-8", "iso88598", "iso_8859-8", "visual", "csiso88598i", "iso-8859-8-i", "logical"),
    "iso8859-10": ("csisolatin6", "iso-8859-10", "iso-ir-157", "iso8859-10", "iso885910", "l6", "latin6"),
    "iso8859-13": ("iso-8859-13", "iso8859-13", "iso885913"),
    "iso8859-14": ("iso-8859-14", "iso8859-14", "iso885914"),
    "iso8859-15": ("csisolatin9", "iso-8859-15", "iso8859-15", "iso885915", "iso_8859-15", "l9"),
    "iso8859-16": ("iso-8859-16",),
    "koi8-r": ("cskoi8r", "koi", "koi8", "koi8-r", "koi8_r"),
    "koi8-u": ("koi8-ru", "koi8-u"),
    "mac-roman": ("csmacintosh", "mac", "macintosh", "x-mac-roman"),
    "cp874": ("dos-874", "iso-8859-11", "iso8859-11", "iso885911", "tis-620", "windows-874"),
    "cp1250": ("cp1250", "windows-1250", "x-cp1250"),
    "cp1251": ("cp1251", "windows-1251", "x-cp1251"),
    # WHATWG reads every Latin-1 label as windows-1252
    "cp1252": ("ansi_x3.4-1968", "ascii", "cp1252", "cp819", "csisolatin1", "ibm819", "iso-8859-1", "iso-ir-100",
               "iso8859-1", "iso88591", "iso_8859-1", "iso_8859-1:1987", "l1", "latin1", "us-ascii",
               "windows-1252", "x-cp1252"),
    "cp1253": ("cp1253", "windows-1253", "x-cp1253"),
    "cp1254": ("cp1254", "csisolatin5", "iso-8859-9", "iso-ir-148", "iso8859-9", "iso88599", "iso_8859-9",
               "l5", "latin5", "windows-1254", "x-cp1254"),
    "cp1255": ("cp1255", "windows-1255", "x-cp1255"),
    "cp1256": ("cp1256", "windows-1256", "x-cp1256"),
    "cp1257": ("cp1257", "windows-1257", "x-cp1257"),
    "cp1258": ("cp1258", "windows-1258", "x-cp1258"),
    "mac-cyrillic": ("x-mac-cyrillic", "x-mac-ukrainian"),
    # GBK and gb2312 labels are GBK in WHATWG; both decode as their superset GB18030 here.
    "gb18030": ("chinese", "csgb2312", "csiso58gb231280", "gb2312", "gb_2312", "gb_2312-80", "gbk", "iso-ir-58",
                "x-gbk", "gb18030"),
    "big5hkscs": ("big5", "big5-hkscs", "cn-big5", "csbig5", "x-x-big5"),
    "euc_jp": ("cseucpkdfmtjapanese", "euc-jp", "x-euc-jp"),
    "iso2022_jp": ("csiso2022jp", "iso-2022-jp"),
    "shift_jis": ("csshiftjis", "ms932", "ms_kanji", "shift-jis", "shift_jis", "sjis", "windows-31j", "x-sjis"),
    "cp949": ("cseuckr", "csksc56011987", "euc-kr", "iso-ir-149", "korean", "ks_c_5601-1987", "ks_c_5601-1989",
              "ksc5601", "ksc_5601", "windows-949"),
    "utf-16-be": ("unicodefffe", "utf-16be"),
    "utf-16-le": ("csunicode", "iso-10646-ucs-2", "ucs-2", "unicode", "unicodefeff", "utf-16", "utf-16le"),
}
_LABELS = {label: codec for codec, labels in _WHATWG.items() for label in labels}
# Not WHATWG labels, but seen on Chinese pages often enough that a browser's guess agrees.
_LABELS.update({"utf8mb4": "utf-8", "x-euc-cn": "gb18030", "euc-cn": "gb18030", "hz-gb-2312": "gb18030",
                "cp936": "gb18030", "cp950": "big5hkscs",
                # ASCII is windows-1252 in WHATWG; UTF-8 reads an ASCII page the same, and the
                # non-ASCII bytes of a page that claims ASCII are far more often UTF-8.
                "ascii": "utf-8", "us-ascii": "utf-8", "ansi_x3.4-1968": "utf-8"})
# Single-byte declarations strict-decode almost any byte string, so on a non-ASCII page they prove
# nothing (a GBK page declared koi8-r would come out garbled): detection decides there.
_PERMISSIVE = frozenset(c for c in _WHATWG if c.startswith(("cp", "iso8859", "koi8", "mac-")) and c != "cp949")
_BOMS = ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
         (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"))
_META_RE = re.compile(rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_META_SCAN_BYTES = 4096


def normalize_charset(name: str | None) -> str | None:
    """The Python codec of a declared charset if it is a WHATWG label (Chinese ones widened to
    their superset), else None."""
    if not name:
        return None
    return _LABELS.get(name.strip().strip("\"'").lower())


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
