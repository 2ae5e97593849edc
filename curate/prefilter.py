"""The early exit: drop pages with too little Han script before paying for decoding and parsing.

About 95% of a Common Crawl file is not Chinese, so this test decides the speed of a run. It
looks only at raw bytes: UTF-8 Han ideographs U+4E00..U+9FFF start with the bytes E4..E9, which
never occur inside ASCII or as UTF-8 continuation bytes, so counting them estimates the number
of Han characters without decoding. Pages in legacy CJK encodings (GBK, Big5) are recognised by
having many non-ASCII bytes that do not form valid UTF-8.
"""

from __future__ import annotations

from .document import Document
from .stage import Stage, register

_HAN_LEAD_BYTES = tuple(bytes([b]) for b in range(0xE4, 0xEA))
_HIGH_BYTES = bytes(range(0x80, 0x100))


def han_bytes_estimate(raw: bytes) -> int:
    """Approximate count of UTF-8 Han ideographs in `raw`, without decoding it."""
    return sum(raw.count(b) for b in _HAN_LEAD_BYTES)


def may_hold_han(raw: bytes, min_han: int) -> bool:
    """True if `raw` may hold at least `min_han` Han characters in any common Chinese encoding."""
    if raw.isascii():
        return False
    if han_bytes_estimate(raw) >= min_han:
        return True
    high = len(raw) - len(raw.translate(None, _HIGH_BYTES))
    if high < 2 * min_han:  # every GBK/Big5 Han character is two non-ASCII bytes
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return True  # not UTF-8 and rich in high bytes: possibly GBK or Big5, decode to find out
    return False  # valid UTF-8 but few Han: Cyrillic, Greek, Arabic, Korean, Thai...


@register
class Prefilter(Stage):
    """Drop pages whose raw bytes cannot hold `min_han` Han characters."""

    name = "prefilter"

    def __init__(self, min_han: int = 50, **params) -> None:
        super().__init__(**params)
        self.min_han = min_han

    def process(self, doc: Document) -> str | None:
        return None if may_hold_han(doc.raw, self.min_han) else "too_little_han"
