"""Fuzzing the whole default recipe with broken WARC, HTTP and HTML: seeded, so a failure repeats.

Each file alternates good pages (distinct real prose, which the default recipe keeps) with records
broken at random: flipped bytes, truncations, bad lengths, junk between records, damaged gzip
members, decoding bombs and deep nesting within small caps, tag soup. Whatever is broken, nothing
raises, nothing hangs, every file balances (read = kept + dropped + skipped + failed) and every good
page, before and after each broken record, is kept."""

import gzip
import logging
import os
import random
import re
import time
import uuid
import zlib

import brotli
import pyarrow.parquet as pq
from warcs import corpus_pages

from curate.engine.limits import Limits
from curate.engine.recipe import load_recipe
from curate.engine.runner import RunOptions, run
from curate.engine.stats import FileStats

# CURATE_FUZZ_SEEDS=200 (or FIRST:LAST) fuzzes longer, away from the suite's time budget
_SPEC = os.environ.get("CURATE_FUZZ_SEEDS", "8")
SEEDS = range(*map(int, _SPEC.split(":"))) if ":" in _SPEC else range(int(_SPEC))
GOOD_PER_FILE = 6
LIMITS = Limits(max_record_bytes=256 << 10, max_payload_bytes=128 << 10, max_html_depth=2000, max_lines=2000,
                stage_seconds=10)


def _record(block: bytes, url: str, warc_type: str = "response",
            content_type: str = "application/http; msgtype=response") -> bytes:
    head = (f"WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Record-ID: <urn:uuid:{uuid.UUID(int=random.getrandbits(128))}>"
            f"\r\nWARC-Date: 2024-03-01T12:00:00Z\r\nWARC-Target-URI: {url}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(block)}\r\n\r\n")
    return head.encode() + block + b"\r\n\r\n"


def _http(body: bytes, headers: str = "") -> bytes:
    return f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{headers}\r\n".encode() + body


def _flip(data: bytes, rng: random.Random, n: int, within: int | None = None) -> bytes:
    out = bytearray(data)
    for _ in range(n):
        out[rng.randrange(min(len(out), within or len(out)))] = rng.randrange(256)
    return bytes(out)


def _soup(rng: random.Random) -> bytes:
    tags = ["div", "p", "b", "span", "table", "td", "a", "script", "font", "x-y", "!--", "li", "/div", "/p"]
    parts = [f"<{rng.choice(tags)}{' c=' + str(rng.randrange(99)) if rng.random() < .5 else ''}>"
             + "字" * rng.randrange(5) for _ in range(3000)]
    return ("<html><body>" + "".join(parts)).encode() + bytes(rng.randrange(256) for _ in range(200))


def _broken(kind: str, page: str, url: str, rng: random.Random) -> bytes:
    """One broken record (uncompressed bytes; `junk` is not a record at all)."""
    body = page.encode()
    good = _record(_http(body), url)
    bomb = b"<html><body>" + b"\0" * (1 << 20)
    if kind == "flip_head":
        return _flip(good, rng, rng.randint(1, 5), within=300)
    if kind == "flip_any":
        return _flip(good, rng, rng.randint(1, 20))
    if kind == "truncate":
        return good[:rng.randrange(1, len(good) - 4)]
    if kind == "length":
        value = rng.choice(["-1", "0", "10", str(len(good) * 2), "1000000000000", "abc", "", "12 34"])
        return re.sub(rb"Content-Length: \d+", b"Content-Length: " + value.encode(), good, count=1)
    if kind == "gzip_bomb":
        return _record(_http(gzip.compress(bomb), "Content-Encoding: gzip\r\n"), url)
    if kind == "br_bomb":
        return _record(_http(brotli.compress(bomb, quality=1), "Content-Encoding: br\r\n"), url)
    if kind == "deflate_bomb":
        return _record(_http(zlib.compress(bomb), "Content-Encoding: deflate\r\n"), url)
    if kind == "bad_encoding":
        return _record(_http(b"\x8b\x1f" + body, f"Content-Encoding: {rng.choice(['gzip', 'br', 'zstd', 'x-q'])}\r\n"),
                       url)
    if kind == "record_too_large":
        return _record(_http(bomb), url)
    if kind == "deep":
        return _record(_http(b"<html><body>" + b"<div>" * 5000 + body), url)
    if kind == "lines":
        return _record(("一行\n" * 5000).encode(), url, "conversion", "text/plain")
    if kind == "chunked":
        return _record(_http(rng.choice([b"zz\r\n", b"ffffffff\r\n", b"5\r\nab"]) + body,
                             "Transfer-Encoding: chunked\r\n"), url)
    if kind == "http_flip":
        return _record(_flip(_http(body), rng, 3, within=40), url)
    if kind == "soup":
        return _record(_http(_soup(rng)), url)
    if kind == "junk":
        return rng.choice([b"\0" * rng.randrange(1, 3000), bytes(rng.randrange(256) for _ in range(500)),
                           b"\r\n\r\n", b"WARC/1.0\r\n"])
    raise AssertionError(kind)


KINDS = ["flip_head", "flip_any", "truncate", "length", "gzip_bomb", "br_bomb", "deflate_bomb", "bad_encoding",
         "record_too_large", "deep", "lines", "chunked", "http_flip", "soup", "junk", "gzip_flip"]


def build_file(path, seed: int, good: list[str], spare: list[str]) -> tuple[list[str], list[str]]:
    """good, broken, good, broken, ..., good; returns the good URLs and the kinds of damage."""
    rng = random.Random(seed)
    random.seed(seed)  # record ids
    gz = seed % 2 == 0
    urls, kinds, out = [], [], bytearray()
    for i, page in enumerate(good):
        url = f"http://good.example.cn/{seed}/{i}"
        urls.append(url)
        rec = _record(_http(page.encode()), url)
        out += gzip.compress(rec, mtime=0) if gz else rec
        if i == len(good) - 1:
            break
        kind = rng.choice(KINDS if gz else KINDS[:-1])
        kinds.append(kind)
        if kind == "gzip_flip":  # damage the compressed member itself
            member = gzip.compress(_record(_http(spare[i].encode()), f"http://bad/{seed}/{i}"), mtime=0)
            out += _flip(member, rng, rng.randint(1, 8))
            continue
        bad = _broken(kind, spare[i], f"http://bad.example.cn/{seed}/{i}", rng)
        out += gzip.compress(bad, mtime=0) if gz and kind != "junk" else bad
    path.write_bytes(bytes(out))
    return urls, kinds


def test_broken_records_cost_only_themselves_through_the_default_recipe(tmp_path, caplog):
    caplog.set_level(logging.INFO, logger="curate")
    pages = corpus_pages(2 * GOOD_PER_FILE * len(SEEDS))
    files, good_urls, damage = [], set(), {}
    for n, seed in enumerate(SEEDS):
        path = tmp_path / (f"fuzz-{seed}.warc.gz" if seed % 2 == 0 else f"fuzz-{seed}.warc")
        chunk = pages[2 * GOOD_PER_FILE * n:2 * GOOD_PER_FILE * (n + 1)]
        urls, kinds = build_file(path, seed, chunk[:GOOD_PER_FILE], chunk[GOOD_PER_FILE:])
        files.append(str(path))
        good_urls.update(urls)
        damage[str(path)] = kinds
    recipe = load_recipe()
    import dataclasses

    recipe = dataclasses.replace(recipe, limits=LIMITS)
    t = time.perf_counter()
    stats = run(recipe, files, RunOptions(output=str(tmp_path / "out"), progress=False))
    assert time.perf_counter() - t < 120
    assert "Traceback" not in caplog.text and "task failed" not in caplog.text
    for f in stats["files"]:
        fs = FileStats.from_dict(f)
        assert fs.balanced(), (f["source"], damage[f["source"]], f)
        assert f["status"] in ("ok", "partial"), f
    kept_urls = set(pq.read_table(tmp_path / "out" / "data", columns=["url"]).column("url").to_pylist())
    missing = good_urls - kept_urls
    assert not missing, {s: damage[s] for s in files if any(u.split("/")[-2] in s for u in missing)}
