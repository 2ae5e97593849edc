import codecs

import pytest

from curate.stages.charset import Decode, decode_bytes, meta_charset, normalize_charset
from curate.document import Document

ZH = "北京的秋天天高云淡，香山的红叶吸引了许多游客前来观赏。镕、堃、喆这样的字在旧编码里写不出来。"
HANT = "臺北的秋天天高雲淡，陽明山的芒草吸引了許多遊客前來觀賞。這是一篇繁體中文的文章。"


def page(text: str, meta: str = "") -> str:
    return f"<html><head>{meta}<title>t</title></head><body><p>{text}</p></body></html>"


@pytest.mark.parametrize("name,codec", [
    ("gb2312", "gb18030"), ("GBK", "gb18030"), ("x-gbk", "gb18030"), ("cp936", "gb18030"),
    ("big5", "big5hkscs"), ("Big5-HKSCS", "big5hkscs"), ("utf8", "utf-8"), ("us-ascii", "utf-8"),
    ("nonsense-charset", None), (None, None),
])
def test_charset_names_widen_to_chinese_supersets(name, codec):
    assert normalize_charset(name) == codec


def test_bom_wins_over_a_wrong_header():
    raw = codecs.BOM_UTF8 + page(ZH).encode("utf-8")
    text, codec, how = decode_bytes(raw, "gbk")
    assert (codec, how) == ("utf-8", "bom") and ZH in text


def test_header_charset_used_when_it_decodes():
    text, codec, how = decode_bytes(page(ZH).encode("gb18030"), "gbk")
    assert (codec, how) == ("gb18030", "header") and ZH in text


def test_gbk_page_read_as_gb18030_keeps_rare_characters():
    raw = page(ZH).encode("gb18030")  # 镕 and 堃 are outside GB2312
    text, codec, _ = decode_bytes(raw, "gb2312")
    assert codec == "gb18030" and "镕" in text and "堃" in text


def test_meta_charset_when_header_is_silent():
    raw = page(ZH, '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">').encode("gbk")
    assert meta_charset(raw) == "gb2312"
    text, codec, how = decode_bytes(raw, None)
    assert (codec, how) == ("gb18030", "meta") and ZH in text


def test_big5_meta_reads_as_big5_hkscs():
    raw = page(HANT, '<meta charset="big5">').encode("big5")
    text, codec, how = decode_bytes(raw, None)
    assert (codec, how) == ("big5hkscs", "meta") and HANT in text


def test_latin1_header_on_a_gbk_page_falls_back_to_detection():
    raw = page(ZH * 3).encode("gbk")
    text, codec, how = decode_bytes(raw, "iso-8859-1")
    assert how == "detected" and codec == "gb18030" and ZH in text


def test_utf8_header_that_fails_strictly_falls_back():
    raw = page(ZH * 3).encode("gbk")
    text, codec, how = decode_bytes(raw, "utf-8")
    assert how == "detected" and ZH in text


def test_undeclared_big5_is_detected():
    raw = page(HANT * 4).encode("big5")
    text, codec, how = decode_bytes(raw, None)
    assert how == "detected" and HANT in text


def test_decode_stage_counts_sources_and_replacements():
    stage = Decode()
    doc = Document(id="a", raw=page(ZH).encode("gbk"), header_charset="iso-8859-1")
    assert stage.process(doc) is None
    assert ZH in doc.html and doc.charset == "gb18030" and doc.raw == b""
    broken = Document(id="b", raw=page(ZH).encode("utf-8")[:-40] + b"\xff\xfe" + b"</p></body></html>")
    stage.process(broken)
    assert stage.counts["charset_from_detected"] + stage.counts["charset_from_fallback"] == 2
    assert stage.counts["header_charset_overridden"] == 1
    assert stage.counts["docs_with_replacement_chars"] == 1 and stage.counts["replacement_chars"] >= 1


@pytest.mark.parametrize("label", ["base64", "rot13", "hex", "zlib", "unicode_escape", "undefined", "cp037"])
def test_non_whatwg_labels_are_ignored_and_detection_decides(label):
    page = "<html><body><p>长江流域今年夏天雨水偏多，沿岸各地提前做好了防汛准备。</p></body></html>" * 3
    raw = page.replace("<html>", f'<html><meta charset="{label}">').encode("gb18030")
    assert normalize_charset(label) is None
    text, codec, how = decode_bytes(raw, label)
    assert "长江流域" in text and how in ("meta", "detected") and codec == "gb18030"


def test_a_single_byte_declaration_on_a_chinese_page_is_overruled():
    raw = ('<meta charset="koi8-r"><p>' + "沿岸各地提前做好了防汛准备，水利部门每天发布水情通报。" * 3 + "</p>").encode("gb18030")
    text, codec, _ = decode_bytes(raw, "koi8-r")
    assert codec == "gb18030" and "水利部门" in text
