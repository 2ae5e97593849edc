import gzip

import pytest
from warcs import html_page, malformed_response, record, response, write_warc

from curate.io.readers import expand_inputs, read_records
from curate.engine.limits import Limits
from curate.engine.stats import FileStats

PARAS = ["长江流域今年夏天雨水偏多，沿岸各地提前做好了防汛准备，水利部门每天发布水情通报。"] * 4


def read(path):
    stats = FileStats(str(path))
    docs = list(read_records(str(path), stats))
    return docs, stats


def test_only_html_200_responses_become_documents_the_rest_is_skipped_by_reason(tmp_path):
    page = html_page("防汛", PARAS)
    path = write_warc(tmp_path / "a.warc.gz", [
        record("warcinfo", b"software: test\r\n", content_type="application/warc-fields"),
        record("request", b"GET / HTTP/1.1\r\nHost: example.com\r\n\r\n", content_type="application/http; msgtype=request"),
        response(page, record_id="<urn:uuid:00000000-0000-0000-0000-000000000001>"),
        record("metadata", b"fetchTimeMs: 12\r\n", content_type="application/warc-fields"),
        record("revisit", b"HTTP/1.1 200 OK\r\n\r\n"),
        response(b"", status="301 Moved Permanently", content_type="", headers={"Location": "https://x/"}),
        response("<html>nope</html>", status="404 Not Found"),
        response("<html>oops</html>", status="503 Service Unavailable"),
        response(b"\xff\xd8\xff\xe0JFIF", content_type="image/jpeg"),
        response(b"%PDF-1.4", content_type="application/pdf"),
        response(b'{"a": 1}', content_type="application/json"),
        response(page, content_type="text/html"),  # no charset: still HTML
        response(page, content_type=""),  # no content type at all: sniffed as HTML
    ])
    docs, stats = read(path)
    assert [d.id for d in docs][0] == "<urn:uuid:00000000-0000-0000-0000-000000000001>"
    assert len(docs) == 3 and all(d.content_type == "text/html" for d in docs)
    assert docs[0].url == "http://example.com/" and docs[0].date == "2024-03-01T12:00:00Z"
    assert docs[0].header_charset == "utf-8" and docs[1].header_charset is None
    assert stats.read == 13
    assert dict(stats.skipped) == {"warcinfo": 1, "request": 1, "metadata": 1, "revisit": 1, "http_3xx": 1,
                                   "http_4xx": 1, "http_5xx": 1, "not_html": 3}
    assert stats.status == "ok" and stats.read == len(docs) + stats.skipped_total


def test_offsets_point_at_the_records(tmp_path):
    recs = [response(html_page(f"第{i}篇", PARAS)) for i in range(3)]
    path = write_warc(tmp_path / "b.warc.gz", recs)
    docs, _ = read(path)
    data = path.read_bytes()
    for doc in docs:
        member = gzip.decompress(data[doc.offset:])  # every record starts a gzip member
        assert member.startswith(b"WARC/1.0") and doc.id.encode() in member


def test_uncompressed_warc_and_wet_conversion_records(tmp_path):
    plain = write_warc(tmp_path / "c.warc", [response(html_page("t", PARAS))], gzip_members=False)
    assert len(read(plain)[0]) == 1
    text = "\n".join(PARAS).encode()
    wet = write_warc(tmp_path / "c.warc.wet.gz", [
        record("warcinfo", b"x: y\r\n", content_type="application/warc-fields"),
        record("conversion", text, content_type="text/plain"),
    ])
    docs, stats = read(wet)
    assert len(docs) == 1 and docs[0].content_type == "text/plain" and docs[0].raw == text
    assert stats.skipped["warcinfo"] == 1


def test_content_encoding_gzip_is_undone(tmp_path):
    body = html_page("t", PARAS).encode()
    path = write_warc(tmp_path / "d.warc.gz", [response(gzip.compress(body), headers={"Content-Encoding": "gzip"})])
    docs, _ = read(path)
    assert docs[0].raw == body


def test_missing_file_and_non_warc_file_are_unreadable_with_a_message(tmp_path):
    _, stats = read(tmp_path / "missing.warc.gz")
    assert stats.status == "unreadable" and "No such file" in stats.error and stats.read == 0
    junk = tmp_path / "notes.warc.gz"
    junk.write_bytes(gzip.compress(b"this is a text file, not a web archive\n" * 20))
    _, stats = read(junk)
    assert stats.status == "unreadable" and "not a WARC" in stats.error
    empty = tmp_path / "empty.warc"
    empty.write_bytes(b"")
    assert read(empty)[1].status == "unreadable"


def test_truncated_gzip_counts_the_damaged_record_and_keeps_the_rest(tmp_path):
    recs = [response(html_page(f"第{i}篇", PARAS)) for i in range(4)]
    path = write_warc(tmp_path / "e.warc.gz", recs)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 200])  # cut into the last member
    docs, stats = read(path)
    assert len(docs) == 3 and stats.status == "partial" and "truncated" in stats.error
    assert stats.read == 4 and stats.failed_total == 1


def test_corrupt_gzip_in_the_middle_costs_one_counted_record_not_the_rest(tmp_path):
    recs = [response(html_page(f"第{i}篇", PARAS)) for i in range(4)]
    path = write_warc(tmp_path / "f.warc.gz", recs)
    second = read(path)[0][1].offset  # where the second gzip member starts
    data = bytearray(path.read_bytes())
    data[second + 30: second + 80] = b"\x00" * 50
    path.write_bytes(bytes(data))
    docs, stats = read(path)
    assert len(docs) == 3 and stats.status == "ok" and stats.failed["corrupt_stream"] == 1
    assert stats.read == 4 and f"offset {second}" not in stats.error


def test_garbage_record_fails_and_a_huge_page_is_cut_not_lost(tmp_path):
    huge = html_page("大", ["很长的页面内容。" * 40000])  # ~1 MB of Chinese, 3 bytes each
    path = write_warc(tmp_path / "g.warc.gz", [
        malformed_response(b"\x00\x13garbage bytes \xff\xfe with no HTTP at all"),
        response(huge),
    ])
    stats = FileStats(str(path))
    docs = list(read_records(str(path), stats, limits=Limits(max_html_bytes=100_000)))
    assert stats.failed["malformed_http"] == 1 and len(docs) == 1
    assert len(docs[0].raw) == 100_000 and stats.counts["page_cut_to_max_bytes"] == 1


def test_expand_inputs_dirs_globs_and_listings(tmp_path):
    (tmp_path / "sub").mkdir()
    for name in ["a.warc.gz", "sub/b.warc", "sub/c.warc.wet.gz", "notes.txt"]:
        (tmp_path / name).write_bytes(b"")
    found = expand_inputs([str(tmp_path)])
    assert [p.split("/")[-1] for p in found] == ["a.warc.gz", "b.warc", "c.warc.wet.gz"]
    assert expand_inputs([str(tmp_path / "sub" / "*.warc")]) == [str(tmp_path / "sub" / "b.warc")]
    assert expand_inputs([str(tmp_path / "nothing-*.warc.gz")]) == [str(tmp_path / "nothing-*.warc.gz")]
    listing = tmp_path / "warc.paths.gz"
    listing.write_bytes(gzip.compress(b"crawl-data/CC-MAIN-2024-10/segments/1/warc/x.warc.gz\n"
                                      b"crawl-data/CC-MAIN-2024-10/segments/1/warc/y.warc.gz\n"))
    assert expand_inputs([str(listing)], base_url="s3://commoncrawl/") == [
        "s3://commoncrawl/crawl-data/CC-MAIN-2024-10/segments/1/warc/x.warc.gz",
        "s3://commoncrawl/crawl-data/CC-MAIN-2024-10/segments/1/warc/y.warc.gz",
    ]


@pytest.mark.parametrize("depth", [5000])
def test_deeply_nested_html_reads(tmp_path, depth):
    page = "<html><body>" + "<div>" * depth + "".join(f"<p>{p}</p>" for p in PARAS) + "</div>" * depth + "</body></html>"
    path = write_warc(tmp_path / "h.warc.gz", [response(page)])
    docs, stats = read(path)
    assert len(docs) == 1 and stats.status == "ok"
