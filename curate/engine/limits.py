"""Caps that keep one hostile record from exhausting or hanging a worker.

A recipe may set any of them under `limits:`; a record past a cap is skipped with the cap's
reason (`record_too_large`, `payload_too_large`, `html_too_deep`, `too_many_lines`,
`too_many_chars`), a stage past `stage_seconds` counts a `<stage>:timeout` failure. HTML past
`max_html_bytes` is cut, not lost (Common Crawl itself cuts at 1 MiB).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from typing import Any

KiB, MiB, GiB = 1 << 10, 1 << 20, 1 << 30


@dataclass(frozen=True)
class Limits:
    # The block of one WARC record, read whole into memory (Common Crawl's are under ~1.1 MiB).
    max_record_bytes: int = 64 * MiB
    # An HTTP body after undoing its Content-Encoding, decoded in pieces and never held whole:
    # a gzip or brotli bomb is stopped here, having cost only the decoding.
    max_payload_bytes: int = 64 * MiB
    # The page bytes handed to the HTML parser; the rest of a longer page is cut.
    max_html_bytes: int = 2 * MiB
    # Elements open at once: lexbor's tree building is quadratic in it (20,000 nested <div>
    # take 2 s in C, where no watchdog can interrupt it); real pages stay under a few hundred.
    max_html_depth: int = 10_000
    # The text of one document, checked as soon as it exists (a WET record of a million lines
    # took 2 GB in the later stages).
    max_lines: int = 100_000
    max_chars: int = 4_000_000
    # Wall time of one stage on one record; 0 turns the watchdog off.
    stage_seconds: float = 30.0


DEFAULT_LIMITS = Limits()
_SIZES = ("max_record_bytes", "max_payload_bytes", "max_html_bytes")
RANGES: dict[str, tuple[float, float]] = {
    "max_record_bytes": (KiB, GiB), "max_payload_bytes": (KiB, GiB), "max_html_bytes": (KiB, 256 * MiB),
    "max_html_depth": (16, 200_000), "max_lines": (1, 10_000_000), "max_chars": (1, 100_000_000),
    "stage_seconds": (0, 86_400),
}


class LimitError(ValueError):
    pass


def check_limits(params: dict[str, Any]) -> Limits:
    """The recipe's `limits:` mapping as Limits, each value type- and range-checked."""
    from curate.io.parquet import parse_size

    names = [f.name for f in fields(Limits)]
    unknown = sorted(set(map(str, params)) - set(names))
    if unknown:
        raise LimitError(f"limits: unknown key(s) {', '.join(unknown)}; allowed: {', '.join(names)}")
    values: dict[str, Any] = {}
    for name, value in params.items():
        low, high = RANGES[name]
        if isinstance(value, bool):
            value = None
        elif name in _SIZES and isinstance(value, str):
            try:
                value = parse_size(value)
            except ValueError:
                value = None
        elif name == "stage_seconds" and isinstance(value, (int, float)):
            value = float(value)
        if not isinstance(value, (float if name == "stage_seconds" else int)):
            kind = "a size (e.g. 64MB, 500000)" if name in _SIZES else "a number" if name == "stage_seconds" \
                else "an integer"
            raise LimitError(f"limits.{name}: {params[name]!r} is not {kind}")
        if not low <= value <= high:
            raise LimitError(f"limits.{name}: {params[name]!r} is outside the allowed range {low:g}..{high:g}")
        values[name] = value
    return Limits(**values)


# Elements that never stay open under their next sibling (void, or closed by the parser when a
# sibling starts): they add no depth.
_FLAT = frozenset(("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr", "keygen", "p", "li", "dt", "dd", "option", "optgroup", "tr", "td", "th", "tbody",
                   "thead", "tfoot", "colgroup", "caption", "rb", "rt", "rp", "a"))
_TAG = re.compile(r"<(/?)([A-Za-z][^\s/>]*)")


def html_too_deep(html: str, max_depth: int) -> bool:
    """Whether more than `max_depth` elements would be open at once, by a scan of the tags
    (an over-estimate: every end tag closes one element). A page with fewer tags than that
    cannot be, so the usual page costs one `count`."""
    if html.count("<") <= max_depth:
        return False
    depth = 0
    for slash, name in _TAG.findall(html):
        if name.lower() in _FLAT:
            continue
        if slash:
            depth = depth - 1 if depth else 0
        else:
            depth += 1
            if depth > max_depth:
                return True
    return False


def text_over_limits(text: str, limits: Limits) -> str | None:
    """The reason a document's text is past a cap, or None."""
    if len(text) > limits.max_chars:
        return "too_many_chars"
    if text.count("\n") >= limits.max_lines:
        return "too_many_lines"
    return None
