"""Peak memory and time of one worker on the hostile records of issue 9, through the default recipe.

    python -m benchmarks.bench_hostile [--gb 2] [--case NAME]

Each case is a WARC file of a good page, the hostile record and another good page, run in a fresh
process (1 worker, default limits), which prints its wall time, its peak RSS (target < 1 GiB),
and what became of the records (the two good pages must be kept). Bombs are built once, streamed
(never held whole), into the benchmark cache.
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import subprocess
import sys
import tempfile
import time
import uuid
import zlib
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

sys.path.insert(0, str(Path(__file__).parent))
from corpus import CACHE, peoples_daily_paragraphs

_PIECE = 1 << 20


def _zeros(total: int) -> Iterator[bytes]:
    piece = b"\0" * _PIECE
    for _ in range(total // _PIECE):
        yield piece


def _gzip_stream(parts: Iterator[bytes]) -> Iterator[bytes]:
    z = zlib.compressobj(6, zlib.DEFLATED, 31)
    for p in parts:
        if out := z.compress(p):
            yield out
    yield z.flush()


def _brotli_stream(parts: Iterator[bytes]) -> Iterator[bytes]:
    import brotli

    c = brotli.Compressor(quality=1)
    for p in parts:
        if out := c.process(p):
            yield out
    yield c.finish()


def _zstd_stream(parts: Iterator[bytes]) -> Iterator[bytes]:
    import io

    from fastwarc.stream_io import ZstdWriter

    for p in parts:  # ZstdWriter wants a file: compress a piece at a time into one frame each
        buf = io.BytesIO()
        w = ZstdWriter(buf)
        w.write(p)
        w.close()
        yield buf.getvalue()


def _warc_head(warc_type: str, length: int, url: str, content_type: str) -> bytes:
    return (f"WARC/1.0\r\nWARC-Type: {warc_type}\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
            f"WARC-Date: 2024-03-01T12:00:00Z\r\nWARC-Target-URI: {url}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {length}\r\n\r\n").encode()


def _response(body: bytes, url: str, headers: str = "") -> bytes:
    block = f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n{headers}\r\n".encode() + body
    return _warc_head("response", len(block), url, "application/http; msgtype=response") + block + b"\r\n\r\n"


def _good_pages() -> list[bytes]:
    paras = peoples_daily_paragraphs()
    return [(f"<!DOCTYPE html><html><head><meta charset=utf-8><title>{paras[k * 7][:20]}</title></head><body>"
             + "".join(f"<p>{p}</p>" for p in paras[k * 7:k * 7 + 6]) + "</body></html>").encode()
            for k in range(2)]


def _write(path: Path, hostile_member: Callable[[BinaryIO], object]) -> Path:
    """good page, hostile record (written by `hostile_member(file)` as one gzip member), good page."""
    tmp = path.with_suffix(".tmp")
    good = _good_pages()
    with open(tmp, "wb") as f:
        f.write(gzip.compress(_response(good[0], "http://a.cn/0")))
        hostile_member(f)
        f.write(gzip.compress(_response(good[1], "http://a.cn/1")))
    tmp.rename(path)
    return path


def _member(f, parts: Iterator[bytes]) -> None:
    for chunk in _gzip_stream(parts):
        f.write(chunk)


def _encoded_bomb(encoding: str, size: int) -> bytes:
    stream = {"gzip": _gzip_stream, "br": _brotli_stream, "zstd": _zstd_stream}[encoding]
    return b"".join(stream(_zeros(size)))


def build(case: str, size: int) -> Path:
    path = CACHE / f"hostile-{case}-{size >> 20}M.warc.gz"
    if path.exists():
        return path
    CACHE.mkdir(parents=True, exist_ok=True)
    if case == "record_bomb":  # a response whose (honest) Content-Length is `size`, inflating from ~2 MB
        http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n"
        head = _warc_head("response", len(http) + size, "http://a.cn/bomb", "application/http; msgtype=response")
        return _write(path, lambda f: _member(f, iter([head, http, *_zeros(size), b"\r\n\r\n"])))
    if case == "lying_length_bomb":  # Content-Length says 100 bytes, the member goes on for `size`
        head = _warc_head("response", 100, "http://a.cn/bomb", "application/http; msgtype=response")
        return _write(path, lambda f: _member(f, iter([head, b"HTTP/1.1 200 OK\r\n\r\n" + b"<" * 82,
                                                        *_zeros(size)])))
    if case == "wet_bomb":
        head = _warc_head("conversion", size, "http://a.cn/bomb", "text/plain")
        return _write(path, lambda f: _member(f, iter([head, *_zeros(size), b"\r\n\r\n"])))
    if case.startswith("content_encoding_"):
        encoding = case.removeprefix("content_encoding_")
        body = _encoded_bomb(encoding, size)
        return _write(path, lambda f: f.write(gzip.compress(_response(body, "http://a.cn/bomb",
                                                                      f"Content-Encoding: {encoding}\r\n"))))
    if case == "wet_million_lines":
        text = "短行\n".encode() * 1_000_000
        return _write(path, lambda f: f.write(gzip.compress(
            _warc_head("conversion", len(text), "http://a.cn/lines", "text/plain") + text + b"\r\n\r\n")))
    if case == "unclosed_divs_400k":
        text = "".join(f"<p>{p}</p>" for p in peoples_daily_paragraphs()[100:106])  # past the Han prefilter
        page = b"<html><body>" + b"<div>" * 400_000 + text.encode()
        return _write(path, lambda f: f.write(gzip.compress(_response(page, "http://a.cn/deep"))))
    raise SystemExit(f"unknown case {case!r}")


CASES = ["record_bomb", "lying_length_bomb", "wet_bomb", "content_encoding_gzip", "content_encoding_br",
         "content_encoding_zstd", "wet_million_lines", "unclosed_divs_400k"]


def run_one(path: Path) -> None:
    """In this (fresh) process: the default recipe over `path`, then figures as one JSON line."""
    from curate.engine.recipe import load_recipe
    from curate.engine.runner import RunOptions, run

    with tempfile.TemporaryDirectory(prefix="curate-hostile-") as out:
        t = time.perf_counter()
        stats = run(load_recipe(), [str(path)], RunOptions(output=out, progress=False))
        wall = time.perf_counter() - t
    f = stats["files"][0]
    print(json.dumps({"wall_s": round(wall, 2), "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024,
                      "read": f["read"], "kept": f["kept"], "skipped": f["skipped"], "failed": stats["failed"],
                      "status": f["status"]}, ensure_ascii=False))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--gb", type=float, default=2.0, help="decompressed size of each bomb")
    ap.add_argument("--case", choices=CASES, action="append", help="only these cases (default: all)")
    ap.add_argument("--run", help=argparse.SUPPRESS)  # internal: one case in this process
    args = ap.parse_args()
    if args.run:
        run_one(Path(args.run))
        return
    size = int(args.gb * (1 << 30)) // _PIECE * _PIECE
    print(f"{'case':<24}{'MB on disk':>11}{'wall s':>8}{'peak RSS MB':>12}  outcome")
    for case in args.case or CASES:
        path = build(case, size)
        proc = subprocess.run([sys.executable, "-m", "benchmarks.bench_hostile", "--run", str(path)],
                              capture_output=True, text=True, check=False, timeout=1800)
        if proc.returncode:
            print(f"{case:<24} exit {proc.returncode}: {proc.stderr.strip().splitlines()[-1:]}")
            continue
        r = json.loads(proc.stdout.strip().splitlines()[-1])
        print(f"{case:<24}{path.stat().st_size / 1e6:>11.1f}{r['wall_s']:>8.2f}{r['rss_mb']:>12,}  "
              f"read {r['read']}, kept {r['kept']}, skipped {r['skipped']}, failed {r['failed']}, {r['status']}")


if __name__ == "__main__":
    main()
