"""The early exit: drop pages with too little Han script before paying for decoding and parsing.

About 95% of a Common Crawl file is not Chinese, so this test decides the speed of a run. It
looks only at raw bytes: UTF-8 Han ideographs U+4E00..U+9FFF start with the bytes E4..E9, which
never occur inside ASCII or as UTF-8 continuation bytes, so counting them estimates the number
of Han characters without decoding. Pages in legacy CJK encodings (GBK, Big5) are recognised by
having many non-ASCII bytes that do not form valid UTF-8.
"""

from __future__ import annotations

import codecs

import numpy as np

from curate.document import Document
from curate.stages.base import Stage, register

_UTF8_PROBE_BYTES = 16384


def han_bytes_estimate(raw: bytes) -> int:
    """Approximate count of UTF-8 Han ideographs in `raw`, without decoding it."""
    # numpy: ~20us for 60 KB, where six bytes.count() calls take ~275us.
    return int(np.count_nonzero((np.frombuffer(raw, np.uint8) - np.uint8(0xE4)) < 6))


def may_hold_han(raw: bytes, min_han: int) -> bool:
    """True if `raw` may hold at least `min_han` Han characters in any common Chinese encoding."""
    if raw.isascii():
        return False
    byte_values = np.frombuffer(raw, np.uint8)
    if np.count_nonzero((byte_values - np.uint8(0xE4)) < 6) >= min_han:
        return True
    if np.count_nonzero(byte_values >= 0x80) < 2 * min_han:  # a GBK/Big5 Han character is 2 high bytes
        return False
    try:  # a prefix is enough to tell UTF-8 from a legacy encoding, at a fraction of the cost
        codecs.getincrementaldecoder("utf-8")().decode(raw[:_UTF8_PROBE_BYTES], final=False)
    except UnicodeDecodeError:
        return True  # not UTF-8 and rich in high bytes: possibly GBK or Big5, decode to find out
    return False  # valid UTF-8 but few Han: Cyrillic, Greek, Arabic, Korean, Thai...


@register
class Prefilter(Stage):
    """Drop pages whose raw bytes cannot hold `min_han` Han characters."""

    name = "prefilter"
    reads = "raw"
    param_ranges = {"min_han": (0, 1_000_000)}

    def __init__(self, min_han: int = 50, **params) -> None:
        super().__init__(**params)
        self.min_han = min_han

    def thresholds(self) -> list[tuple]:
        return [("too_little_han", None, "min", self.min_han, "Han characters estimated from the raw bytes")]

    def check_raw(self, raw: bytes) -> str | None:
        return None if may_hold_han(raw, self.min_han) else "too_little_han"

    def process(self, doc: Document) -> str | None:
        return self.check_raw(doc.raw)
