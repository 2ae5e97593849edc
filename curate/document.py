"""The record that flows through a pipeline."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(slots=True)
class Document:
    """One web page on its way from WARC bytes to a row of output.

    `raw` is the HTTP body as served; `html` the decoded page; `text` the extracted main
    content, one paragraph per line. `signals` holds every per-document measurement a
    stage computed (language score, Han ratio, ...); they become output columns so a user
    can re-threshold without rerunning.
    """

    id: str
    url: str = ""
    source: str = ""
    offset: int = 0
    date: str = ""
    raw: bytes = b""
    content_type: str = ""
    header_charset: str | None = None
    charset: str = ""
    html: str = ""
    title: str = ""
    text: str = ""
    signals: dict[str, Any] = field(default_factory=dict)
