"""Hostile input: malformed WARC bytes built here, byte by byte, the way broken or malicious
servers and crawlers produce them. One broken record must cost exactly that record."""

import re

import pytest
import uuid

from warcs import html_page, response, write_warc

from curate.io.readers import read_records
from curate.run.stats import FileStats

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
