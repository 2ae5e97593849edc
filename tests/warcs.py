"""Building WARC files in tests: records as Common Crawl writes them, one gzip member each."""

from __future__ import annotations

import gzip
import uuid
from pathlib import Path


def record(warc_type: str, block: bytes, url: str = "http://example.com/", *,
           content_type: str = "application/http; msgtype=response", record_id: str | None = None,
           extra: dict[str, str] | None = None) -> bytes:
    """One uncompressed WARC record."""
    rid = record_id or f"<urn:uuid:{uuid.uuid4()}>"
    headers = {
        "WARC-Type": warc_type,
        "WARC-Record-ID": rid,
        "WARC-Date": "2024-03-01T12:00:00Z",
        "WARC-Target-URI": url,
        "Content-Type": content_type,
        **(extra or {}),
        "Content-Length": str(len(block)),
    }
    head = "WARC/1.0\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "\r\n"
    return head.encode() + block + b"\r\n\r\n"


def http_response(body: bytes, content_type: str = "text/html; charset=utf-8", status: str = "200 OK",
                  headers: dict[str, str] | None = None) -> bytes:
    """An HTTP/1.1 response block."""
    lines = [f"HTTP/1.1 {status}"]
    if content_type:
        lines.append(f"Content-Type: {content_type}")
    lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
    return ("\r\n".join(lines) + "\r\n\r\n").encode() + body


def response(body: bytes | str, url: str = "http://example.com/", **kw) -> bytes:
    """A WARC response record for an HTML body (str bodies are UTF-8 encoded)."""
    if isinstance(body, str):
        body = body.encode("utf-8")
    record_id = kw.pop("record_id", None)
    return record("response", http_response(body, **kw), url, record_id=record_id)


def html_page(title: str, paragraphs: list[str], lang: str = "zh-CN", charset: str | None = "utf-8") -> str:
    """A plain article page with a little navigation around the paragraphs."""
    meta = f'<meta charset="{charset}">' if charset else ""
    body = "".join(f"<p>{p}</p>" for p in paragraphs)
    return (f'<!DOCTYPE html><html lang="{lang}"><head>{meta}<title>{title}</title></head><body>'
            f'<nav><a href="/">首页</a> <a href="/news">新闻</a></nav>'
            f"<article><h1>{title}</h1>{body}</article>"
            f"<footer>版权所有</footer></body></html>")


def write_warc(path: Path, records: list[bytes], gzip_members: bool = True) -> Path:
    """Write records to `path`, each as its own gzip member when `gzip_members`."""
    with open(path, "wb") as f:
        for r in records:
            f.write(gzip.compress(r, mtime=0) if gzip_members else r)
    return path
