"""Hostile input: malformed WARC bytes built here, byte by byte, the way broken or malicious
servers and crawlers produce them. One broken record must cost exactly that record."""

import re

import pytest
import uuid

from warcs import corpus_pages, html_page, record, response, write_warc

from curate.io.readers import read_records
from curate.engine.stats import FileStats

PARAS = ["长江流域今年夏天雨水偏多，沿岸各地提前做好了防汛准备，水利部门每天发布水情通报。"] * 4


def _response_bytes(html: str, url: str) -> bytes:
    """A response record as bytes, built by hand because each test breaks it on purpose."""
    block = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n\r\n" + html.encode()
    head = (f"WARC/1.0\r\nWARC-Type: response\r\nWARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
            f"WARC-Date: 2024-03-01T12:00:00Z\r\nWARC-Target-URI: {url}\r\n"
            f"Content-Type: application/http; msgtype=response\r\nContent-Length: {len(block)}\r\n\r\n")
    return head.encode() + block + b"\r\n\r\n"


def _set_length(rec: bytes, value: bytes) -> bytes:
    return re.sub(rb"Content-Length: \d+", b"Content-Length: " + value, rec, count=1)


def _lf_only(rec: bytes) -> bytes:
    head, _, block = rec.partition(b"\r\n\r\n")
    return head.replace(b"\r\n", b"\n") + b"\n\n" + block


BREAKERS = {
    "length_too_large": lambda r: r.replace(b"Content-Length: ", b"Content-Length: 9", 1),
    "length_too_small": lambda r: _set_length(r, b"10"),
    "length_negative": lambda r: _set_length(r, b"-5"),
    "length_not_numeric": lambda r: _set_length(r, b"abc"),
    "length_missing": lambda r: re.sub(rb"Content-Length: \d+\r\n", b"", r, count=1),
    "header_line_of_1mb": lambda r: r.replace(b"WARC-Date", b"X-Junk: " + b"a" * 1_000_000 + b"\r\nWARC-Date", 1),
    "lf_only_header_lines": _lf_only,
    "unknown_warc_version": lambda r: r.replace(b"WARC/1.0", b"WARC/9.0", 1),
}


def _records(n: int = 10) -> list[bytes]:
    return [_response_bytes(html_page(f"第{i}篇", PARAS), f"http://example.com/{i}") for i in range(n)]


@pytest.mark.parametrize("gzip_members", [True, False], ids=["gzip", "plain"])
@pytest.mark.parametrize("kind", list(BREAKERS))
def test_one_broken_record_costs_one_counted_failure_and_the_rest_is_read(tmp_path, kind, gzip_members):
    recs = _records()
    recs[4] = BREAKERS[kind](recs[4])
    path = write_warc(tmp_path / ("a.warc.gz" if gzip_members else "a.warc"), recs, gzip_members)
    stats = FileStats(str(path))
    docs = list(read_records(str(path), stats))
    assert [d.url for d in docs] == [f"http://example.com/{i}" for i in range(10) if i != 4]
    assert stats.read == 10 and stats.failed_total == 1 and stats.skipped_total == 0
    assert stats.status == "ok"


@pytest.mark.parametrize("gzip_members", [True, False], ids=["gzip", "plain"])
@pytest.mark.parametrize("tail", [b"\x00" * 5000, b"\x00" * 3, b"\r\n\r\n", b"some junk bytes \xff\xfe"])
def test_trailing_padding_or_junk_ends_the_file_cleanly(tmp_path, gzip_members, tail):
    path = write_warc(tmp_path / ("b.warc.gz" if gzip_members else "b.warc"), _records(5), gzip_members)
    with open(path, "ab") as f:
        f.write(tail)
    stats = FileStats(str(path))
    docs = list(read_records(str(path), stats))
    assert len(docs) == 5 and stats.read == 5 and stats.failed_total == 0 and stats.status == "ok"


def test_two_broken_records_in_a_row_and_a_broken_first_record(tmp_path):
    recs = _records()
    recs[0] = BREAKERS["unknown_warc_version"](recs[0])
    recs[5] = BREAKERS["length_negative"](recs[5])
    recs[6] = BREAKERS["header_line_of_1mb"](recs[6])
    path = write_warc(tmp_path / "c.warc.gz", recs)
    stats = FileStats(str(path))
    docs = list(read_records(str(path), stats))
    assert [d.url for d in docs] == [f"http://example.com/{i}" for i in (1, 2, 3, 4, 7, 8, 9)]
    assert stats.read == stats.failed_total + len(docs) and 2 <= stats.failed_total <= 3


def test_a_broken_last_record_makes_the_file_partial(tmp_path):
    recs = _records(4)
    recs[3] = BREAKERS["length_too_large"](recs[3])
    path = write_warc(tmp_path / "d.warc.gz", recs)
    stats = FileStats(str(path))
    docs = list(read_records(str(path), stats))
    assert len(docs) == 3 and stats.read == 4 and stats.failed["truncated_record"] == 1
    assert stats.status == "partial" and "offset" in stats.error


def test_unknown_content_encoding_fails_the_record_with_file_and_offset(tmp_path, caplog):
    recs = _records(3)
    recs[1] = response(b"\x01\x02 not markup", headers={"Content-Encoding": "x-bogus"})
    path = write_warc(tmp_path / "e.warc.gz", recs)
    stats = FileStats(str(path))
    docs = list(read_records(str(path), stats))
    assert len(docs) == 2 and stats.failed["bad_content_encoding"] == 1 and stats.read == 3
    message = next(r.getMessage() for r in caplog.records if "Content-Encoding" in r.getMessage())
    assert str(path) in message and "at offset " in message and "x-bogus" in message


# ---------------------------------------------------------------- caps (limits: in a recipe)

def _run(tmp_path, recipe, path, name="out"):
    from curate.engine.runner import RunOptions, run

    return run(recipe, [str(path)], RunOptions(output=str(tmp_path / name), progress=False))


def _with_limits(recipe, **limits):
    import dataclasses

    from curate.engine.limits import Limits

    return dataclasses.replace(recipe, limits=Limits(**limits))


def _chinese_page(i: int) -> str:
    return html_page(f"第{i}篇", [f"{p}第{i}段。" for p in PARAS])


def _encoded(body: bytes, encoding: str) -> bytes:
    import gzip
    import io
    import zlib

    import brotli
    from fastwarc.stream_io import ZstdWriter

    if encoding == "gzip":
        return gzip.compress(body)
    if encoding == "deflate":
        return zlib.compress(body)
    if encoding == "raw-deflate":
        raw = zlib.compressobj(6, zlib.DEFLATED, -zlib.MAX_WBITS)
        return raw.compress(body) + raw.flush()
    if encoding == "br":
        return brotli.compress(body, quality=1)
    buf = io.BytesIO()
    writer = ZstdWriter(buf)
    writer.write(body)
    writer.close()
    return buf.getvalue()


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "raw-deflate", "br", "zstd"])
def test_content_encodings_decode_and_a_bomb_is_skipped_after_the_cap(tmp_path, encoding):
    from curate.engine.limits import Limits

    page = _chinese_page(1).encode()
    bomb = b"<html><body>" + b"\0" * (8 << 20)  # 8 MiB that compress to a few KB
    header = "deflate" if encoding == "raw-deflate" else encoding
    path = write_warc(tmp_path / "enc.warc.gz", [
        response(_chinese_page(0)),
        response(_encoded(page, encoding), headers={"Content-Encoding": header}, url="http://a.cn/encoded"),
        response(_encoded(bomb, encoding), headers={"Content-Encoding": header}, url="http://a.cn/bomb"),
        response(_chinese_page(2)),
    ])
    assert path.stat().st_size < 200_000
    stats = FileStats(str(path))
    docs = list(read_records(str(path), stats, limits=Limits(max_payload_bytes=1 << 20)))
    assert [d.raw for d in docs] == [_chinese_page(0).encode(), page, _chinese_page(2).encode()]
    assert dict(stats.skipped) == {"payload_too_large": 1} and stats.read == 4 and stats.failed_total == 0
    # under the payload cap but over the HTML cap: decoded up to the cap, cut, kept
    stats = FileStats(str(path))
    docs = list(read_records(str(path), stats, limits=Limits(max_html_bytes=4096)))
    assert len(docs) == 4 and docs[2].raw == bomb[:4096] and stats.counts["page_cut_to_max_bytes"] == 1


def test_a_record_past_max_record_bytes_is_skipped_unread(tmp_path):
    from curate.engine.limits import Limits

    big = html_page("大", ["很长的页面内容。" * 100_000])  # 2.4 MB
    wet_text = ("一行文字。\n" * 10).encode()
    path = write_warc(tmp_path / "big.warc.gz", [response(_chinese_page(0)), response(big),
                                                 record("conversion", b"x" * 3_000_000, content_type="text/plain"),
                                                 record("conversion", wet_text, content_type="text/plain"),
                                                 response(_chinese_page(1))])
    stats = FileStats(str(path))
    docs = list(read_records(str(path), stats, limits=Limits(max_record_bytes=1 << 20)))
    assert [d.raw for d in docs] == [_chinese_page(0).encode(), wet_text, _chinese_page(1).encode()]
    assert dict(stats.skipped) == {"record_too_large": 2} and stats.read == 5


def test_chunked_transfer_encoding_is_dechunked(tmp_path):
    from curate.io.readers import dechunk

    page = _chinese_page(0).encode()
    chunked = b"".join(b"%x\r\n%s\r\n" % (len(page[i:i + 500]), page[i:i + 500]) for i in range(0, len(page), 500))
    assert dechunk(chunked + b"0\r\n\r\n") == page
    assert page.startswith(dechunk(chunked[:-700])) and len(dechunk(chunked[:-700])) > len(page) - 1000
    assert dechunk(b"5;ext=1\nhello\n0\n\n") == b"hello"  # LF-only lines and chunk extensions
    with pytest.raises(ValueError):
        dechunk(b"<html>not chunked")
    gz = _encoded(page, "gzip")
    gz_chunked = b"%x\r\n%s\r\n0\r\n\r\n" % (len(gz), gz)
    path = write_warc(tmp_path / "chunked.warc.gz", [
        response(chunked + b"0\r\n\r\n", headers={"Transfer-Encoding": "chunked"}),
        response(gz_chunked, headers={"Transfer-Encoding": "chunked", "Content-Encoding": "gzip"}),
        response(b"zz\r\nnot chunked at all", headers={"Transfer-Encoding": "chunked"}),
        response(page, headers={"Transfer-Encoding": "chunked"}),  # already de-chunked by the crawler
    ])
    stats = FileStats(str(path))
    docs = list(read_records(str(path), stats))
    assert [d.raw for d in docs] == [page, page, page]
    assert dict(stats.failed) == {"bad_transfer_encoding": 1} and stats.read == 4


def test_400k_unclosed_divs_are_skipped_before_the_parse_and_a_wet_record_of_a_million_lines(tmp_path):
    """The default recipe and limits: two pages that took minutes or gigabytes cost under seconds."""
    import time

    from curate.engine.recipe import load_recipe

    pages = corpus_pages(2)
    deep = "<html><head><title>深</title></head><body>" + "<div>" * 400_000 + "".join(
        f"<p>{p}</p>" for p in PARAS)
    million = ("短行\n" * 1_000_000).encode()
    path = write_warc(tmp_path / "hostile.warc.gz", [
        response(pages[0], url="http://a.cn/0"), response(deep, url="http://a.cn/deep"),
        record("conversion", million, url="http://a.cn/lines", content_type="text/plain"),
        response(pages[1], url="http://a.cn/1")])
    t = time.perf_counter()
    stats = _run(tmp_path, load_recipe(), path)
    assert time.perf_counter() - t < 120  # generous: the point is minutes, not seconds
    f = stats["files"][0]
    assert f["skipped"] == {"html_too_deep": 1, "too_many_lines": 1} and f["read"] == 4
    assert stats["totals"]["kept"] == 2


def test_text_past_max_chars_or_lines_is_skipped_after_extraction(tmp_path):
    from curate.engine.recipe import load_recipe

    long_page = html_page("长", [p * 40 for p in PARAS] * 10)
    many_lines = html_page("多", PARAS + ["一句话。"] * 3000)
    path = write_warc(tmp_path / "text.warc.gz", [response(_chinese_page(0)), response(long_page),
                                                  response(many_lines), response(_chinese_page(1))])
    recipe = _with_limits(load_recipe("zh-extract"), max_chars=20_000, max_lines=2000)
    stats = _run(tmp_path, recipe, path)
    f = stats["files"][0]
    assert f["skipped"] == {"too_many_chars": 1, "too_many_lines": 1} and f["kept"] == 2
    extract = f["stages"]["extract"]
    assert extract["seen"] == 4 and extract["kept"] == 2  # a capped page is not passed on


def test_a_runaway_stage_is_abandoned_at_the_time_cap_and_the_file_goes_on(tmp_path, caplog):
    import time

    from curate.engine.recipe import Recipe

    recipe = Recipe(name="t", stages=[("decode", {}), ("extract", {}), ("hostile_stages:Backtrack", {})])
    path = write_warc(tmp_path / "slow.warc.gz", [response(_chinese_page(i), url=f"http://a.cn/{i}")
                                                  for i in range(5)])
    t = time.perf_counter()
    stats = _run(tmp_path, _with_limits(recipe, stage_seconds=0.5), path)
    assert time.perf_counter() - t < 60
    f = stats["files"][0]
    assert f["stages"]["hostile_stages:Backtrack"]["failed"] == {"hostile_stages:Backtrack:timeout": 1}
    assert f["kept"] == 4 and f["status"] == "ok" and stats["totals"]["failed"] == 1
    assert "ran past 0.5s" in caplog.text and "offset" in caplog.text
