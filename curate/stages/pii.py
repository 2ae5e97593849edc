"""Personal data out of Chinese web text: resident ID numbers, mobile numbers, emails, bank cards,
QQ and WeChat IDs, IP addresses, each replaced by a typed placeholder (`<身份证号>`, ...).

Precision before recall where a number alone proves nothing: an 18-digit ID must pass the
GB 11643-1999 MOD 11-2 check, carry a valid birth date and a real province code; a bank card must
be Luhn-valid; QQ and WeChat IDs only count when the text names them. Matches are searched only in
documents that hold a digit run or an `@`, so most documents cost one regex scan.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter
from typing import Any

import pyarrow as pa

from curate.document import Document
from curate.stages.base import Stage, register

KINDS = ("id_card", "mobile", "email", "bank_card", "qq", "wechat", "ip")
PLACEHOLDERS = {"id_card": "<身份证号>", "mobile": "<手机号>", "email": "<邮箱>", "bank_card": "<银行卡号>",
                "qq": "<QQ号>", "wechat": "<微信号>", "ip": "<IP地址>"}
# First two digits of a resident ID: the provinces of GB/T 2260 (and 71/81/82: Taiwan, HK, Macau).
_PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
              50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82}
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_FULLWIDTH = str.maketrans("０１２３４５６７８９＠．－＋", "0123456789@.-+")

# What any match needs somewhere: 5 digits, a dotted number, an @, or a WeChat name.
_GATE = re.compile(r"\d(?:[ -]?\d){4}|\d\.\d{1,3}\.\d|@|＠|微信|[Vv]信|[VvWw][Xx]\s*[:：]|weixin")
_ID = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![\d+])(?:(?:\+|00)?86[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)")
_EMAIL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}")
_CARD = re.compile(r"(?<![\d-])(?:\d[ -]?){15,18}\d(?![\d-])")
_QQ = re.compile(r"(?:QQ|qq|扣扣|企鹅号)(?:号码|号)?\s*[:：]?\s*([1-9]\d{4,10})(?!\d)")
_WECHAT = re.compile(r"(?:微信号?|V信|v信|vx|VX|wx|WX|weixin)\s*[:：]\s*([A-Za-z][A-Za-z0-9_-]{5,19})(?![A-Za-z0-9_-])")
_IPV4 = re.compile(r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.])")


def valid_id_card(s: str) -> bool:
    """An 18-character resident ID: province code, birth date, MOD 11-2 check character."""
    if int(s[:2]) not in _PROVINCES:
        return False
    try:
        born = datetime.date(int(s[6:10]), int(s[10:12]), int(s[12:14]))
    except ValueError:
        return False
    if not datetime.date(1900, 1, 1) <= born <= datetime.date.today():
        return False
    check = (12 - sum(int(c) * w for c, w in zip(s[:17], _ID_WEIGHTS)) % 11) % 11
    return s[17].upper() == ("X" if check == 10 else str(check))


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def find_pii(text: str, kinds: frozenset[str] = frozenset(KINDS)) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each match in `text`, not overlapping, in text order. Full-width
    digits and `＠．` are matched as their ASCII forms (the translation keeps offsets)."""
    if not _GATE.search(text):
        return []
    t = text.translate(_FULLWIDTH)
    found: list[tuple[int, int, str]] = []
    taken = bytearray(len(t))

    def add(start: int, end: int, kind: str) -> None:
        if not any(taken[start:end]):
            found.append((start, end, kind))
            taken[start:end] = b"\x01" * (end - start)

    if "id_card" in kinds:
        for m in _ID.finditer(t):
            if valid_id_card(m.group()):
                add(m.start(), m.end(), "id_card")
    if "email" in kinds and "@" in t:
        for m in _EMAIL.finditer(t):
            add(m.start(), m.end(), "email")
    if "qq" in kinds:
        for m in _QQ.finditer(t):
            add(m.start(1), m.end(1), "qq")
    if "wechat" in kinds:
        for m in _WECHAT.finditer(t):
            add(m.start(1), m.end(1), "wechat")
    if "bank_card" in kinds:
        for m in _CARD.finditer(t):
            digits = re.sub(r"[ -]", "", m.group())
            if 16 <= len(digits) <= 19 and luhn_valid(digits) and len(set(digits)) > 2:
                add(m.start(), m.end(), "bank_card")
    if "mobile" in kinds:
        for m in _MOBILE.finditer(t):
            add(m.start(), m.end(), "mobile")
    if "ip" in kinds and "." in t:
        for m in _IPV4.finditer(t):
            add(m.start(), m.end(), "ip")
    found.sort()
    return found


@register
class Pii(Stage):
    """Replace personal data (ID numbers, mobiles, emails, bank cards, QQ/WeChat, IPs) by placeholders."""

    name = "pii"
    # pii_chars_removed: characters of the original minus the placeholders' (negative when the
    # placeholders are longer), so the funnel can tell edits from drops as it does for clean.
    columns = {"pii_count": pa.int32(), "pii_kinds": pa.string(), "pii_chars_removed": pa.int32()}
    param_ranges = {"max_matches": (1, 1_000_000)}

    def __init__(self, kinds: list[str] | None = None, placeholders: dict[str, str] | None = None,
                 max_matches: int | None = None, **params: Any) -> None:
        super().__init__(**params)
        unknown = sorted(set(kinds or ()) - set(KINDS))
        if unknown:
            raise ValueError(f"pii: unknown kind(s) {', '.join(unknown)}; known: {', '.join(KINDS)}")
        self.kinds = frozenset(kinds or KINDS)
        self.placeholders = {**PLACEHOLDERS, **(placeholders or {})}
        self.max_matches = max_matches  # more matches than this: a leaked list, dropped whole

    def thresholds(self) -> list[tuple]:
        if self.max_matches is None:
            return []
        return [("pii_list", "pii_count", "max", self.max_matches, "personal data matches in the document")]

    def process(self, doc: Document) -> str | None:
        matches = find_pii(doc.text, self.kinds)
        doc.signals["pii_count"] = len(matches)
        kinds = Counter(kind for _, _, kind in matches)
        doc.signals["pii_kinds"] = ",".join(sorted(kinds)) or None
        doc.signals["pii_chars_removed"] = 0
        if not matches:
            return None
        self.counts.update({f"match_{k}": n for k, n in kinds.items()})
        self.counts["documents_touched"] += 1
        if self.max_matches is not None and len(matches) > self.max_matches:
            return "pii_list"
        parts, last = [], 0
        for start, end, kind in matches:
            parts += [doc.text[last:start], self.placeholders[kind]]
            last = end
        text = "".join(parts) + doc.text[last:]
        doc.signals["pii_chars_removed"] = len(doc.text) - len(text)
        doc.text = text
        return None
