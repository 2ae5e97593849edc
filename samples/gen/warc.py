"""WARC and WET writing for the sample crawl, with warcio, in Common Crawl's layout: one gzip member
per record, Common Crawl's header order, and its choice of digests per record type.

Two records are damaged on purpose and their damage is made by hand, clearly marked below: the garbage
response (its block is 3000 random bytes, not HTTP) and the truncated last record (its gzip member is
cut at 60%).
"""

import io
import json
import os
import random
import uuid
from datetime import datetime, timedelta, timezone

from warcio.recordloader import ArcWarcRecord
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from . import records
from .records import SPECS

BASE_DATE = datetime(2024, 3, 2, 7, 14, 5, tzinfo=timezone.utc)
CRAWL = "CC-MAIN-2024-10"


def rid(n):
    """Deterministic WARC-Record-ID for seed n."""
    u = uuid.UUID(int=random.Random(90000 + n).getrandbits(128), version=4)
    return "<urn:uuid:%s>" % u


def warc_date(i):
    return (BASE_DATE + timedelta(seconds=37 * i + (i * i) % 11)).strftime("%Y-%m-%dT%H:%M:%SZ")


def http_date(i):
    return (BASE_DATE + timedelta(seconds=37 * i + (i * i) % 11)).strftime("%a, %d %b %Y %H:%M:%S GMT")


class CommonCrawlWriter(WARCWriter):
    """warcio's writer with Common Crawl's digests: warcio would give every record a block digest and
    every non-revisit record a payload digest; Common Crawl gives warcinfo none and only responses both."""

    DIGESTS = {"warcinfo": (), "request": ("block",), "metadata": ("block",), "revisit": ("block",),
               "conversion": ("block",), "response": ("payload", "block")}

    def ensure_digest(self, record, block=True, payload=True):
        kinds = self.DIGESTS[record.rec_type]
        super().ensure_digest(record, block=block and "block" in kinds, payload=payload and "payload" in kinds)


def member(rec_type, uri, block, head, tail=(), content_type=None, http=True):
    """One record as its own gzip member. `head`: WARC headers in order before the digests (a
    Content-Length placeholder keeps its place; warcio fills it in); `tail`: headers after them.
    `http=False` keeps the block as it is instead of parsing it as HTTP (the garbage record)."""
    out = io.BytesIO()
    writer = CommonCrawlWriter(out, gzip=True)
    headers = StatusAndHeaders("", list(head), protocol="WARC/1.0")
    if http:
        record = writer.create_warc_record(uri, rec_type, payload=io.BytesIO(block), length=len(block),
                                           warc_content_type=content_type, warc_headers=headers)
    else:
        record = ArcWarcRecord("warc", rec_type, headers, io.BytesIO(block), None, content_type, len(block))
        record.payload_length = len(block)
    writer.ensure_digest(record, block=True, payload=True)  # the digests go before the tail headers
    for name, value in tail:
        record.rec_headers.add_header(name, value)
    writer.write_record(record)
    return out.getvalue()

WARCINFO_FIELDS = (
    "software: curate samples/make_samples.py (synthetic, Common Crawl layout)\r\n"
    "isPartOf: %s\r\n"
    "operator: curate project\r\n"
    "description: Synthetic sample crawl for the curate tests; every page was written for the project\r\n"
    "robots: classic\r\n"
    "hostname: sample-builder\r\n"
    "format: WARC File Format 1.0\r\n"
    "conformsTo: http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf\r\n" % CRAWL
)


def http_response_block(spec, i):
    lines = ["HTTP/1.1 %d %s" % (spec["status"], spec["reason"]),
             "Date: %s" % http_date(i),
             "Server: %s" % spec["server"]]
    if spec["ctype"]:
        lines.append("Content-Type: %s" % spec["ctype"])
    lines.append("Content-Length: %d" % len(spec["body"]))
    for k, v in spec["extra_headers"]:
        lines.append("%s: %s" % (k, v))
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + spec["body"]


def host_of(url):
    return url.split("/")[2]


def ip_for(seed):
    r = random.Random(7000 + seed)
    return "%d.%d.%d.%d" % (r.choice([39, 47, 101, 119, 120, 182, 203]), r.randint(1, 254), r.randint(1, 254), r.randint(1, 254))


def build_warc(warc_path, truth_path):
    records.build_specs()
    n = len(SPECS) + 1
    ids = {"warcinfo": rid(0)}
    for i, s in enumerate(SPECS, start=1):
        ids[s["key"]] = rid(i)
    index = {s["key"]: i for i, s in enumerate(SPECS, start=1)}

    out = []
    truth = []
    info_block = WARCINFO_FIELDS.encode("utf-8")
    out.append(member("warcinfo", "", info_block, [
        ("WARC-Type", "warcinfo"), ("WARC-Date", warc_date(0)), ("WARC-Filename", "cc-sample.warc.gz"),
        ("WARC-Record-ID", ids["warcinfo"]), ("Content-Type", "application/warc-fields"),
        ("Content-Length", "0")]))
    truth.append(dict(record_id=ids["warcinfo"], warc_type="warcinfo", url=None, http_status=None,
                      content_type=None, expect="non_response", lang=None, script=None, charset=None,
                      template=None, dup_of=None, title=None, article=None))

    for i, s in enumerate(SPECS, start=1):
        common_tail = [("WARC-Warcinfo-ID", ids["warcinfo"])]
        tail = []
        wt = s["wtype"]
        if wt == "request":
            target = SPECS[index[s["refers"]] - 1]
            path = "/" + s["url"].split("/", 3)[3] if s["url"].count("/") >= 3 else "/"
            block = ("GET %s HTTP/1.1\r\nUser-Agent: CCBot/2.0 (https://commoncrawl.org/faq/)\r\n"
                     "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
                     "Accept-Language: en-US,en;q=0.5\r\nIf-Modified-Since: %s\r\nAccept-Encoding: br,gzip\r\n"
                     "Host: %s\r\nConnection: Keep-Alive\r\n\r\n" % (path, http_date(i - 3000), host_of(s["url"]))).encode("latin-1")
            fields = [("WARC-Type", "request"), ("WARC-Date", warc_date(index[s["refers"]])),
                      ("WARC-Record-ID", ids[s["key"]]), ("Content-Length", "0"),
                      ("Content-Type", "application/http; msgtype=request")] + common_tail + [
                      ("WARC-IP-Address", ip_for(index[s["refers"]])), ("WARC-Target-URI", s["url"])]
            truth.append(dict(record_id=ids[s["key"]], warc_type="request", url=s["url"], http_status=None,
                              content_type=None, expect="non_response", lang=None, script=None, charset=None,
                              template=None, dup_of=None, title=None, article=None))
            _ = target
        elif wt == "metadata":
            ref = index[s["refers"]]
            block = ("fetchTimeMs: 412\r\ncharset-detected: UTF-8\r\n"
                     'languages-cld2: {"reliable":true,"text-bytes":4173,"languages":[{"code":"zh","code-iso-639-3":"zho","text-covered":0.97,"score":1934.0,"name":"Chinese"}]}\r\n').encode("utf-8")
            fields = [("WARC-Type", "metadata"), ("WARC-Date", warc_date(ref)), ("WARC-Record-ID", ids[s["key"]]),
                      ("Content-Length", "0"), ("Content-Type", "application/warc-fields")] + common_tail + [
                      ("WARC-Concurrent-To", ids[s["refers"]]), ("WARC-Target-URI", s["url"])]
            truth.append(dict(record_id=ids[s["key"]], warc_type="metadata", url=s["url"], http_status=None,
                              content_type=None, expect="non_response", lang=None, script=None, charset=None,
                              template=None, dup_of=None, title=None, article=None))
        elif wt == "revisit":
            ref = SPECS[index[s["refers"]] - 1]
            block = ("HTTP/1.1 304 Not Modified\r\nDate: %s\r\nServer: nginx\r\nETag: \"65df1a2b-4f3c\"\r\n"
                     "Cache-Control: max-age=60\r\nConnection: close\r\n\r\n" % http_date(i)).encode("latin-1")
            fields = [("WARC-Type", "revisit"), ("WARC-Date", warc_date(i)), ("WARC-Record-ID", ids[s["key"]]),
                      ("Content-Length", "0"), ("Content-Type", "application/http; msgtype=response")] + common_tail + [
                      ("WARC-IP-Address", ip_for(index[s["refers"]])), ("WARC-Target-URI", s["url"]),
                      ("WARC-Profile", "http://netpreserve.org/warc/1.0/revisit/server-not-modified"),
                      ("WARC-Refers-To-Target-URI", ref["url"]),
                      ("WARC-Refers-To-Date", warc_date(index[s["refers"]]))]
            truth.append(dict(record_id=ids[s["key"]], warc_type="revisit", url=s["url"], http_status=304,
                              content_type=None, expect="non_response", lang=None, script=None, charset=None,
                              template=None, dup_of=None, title=None, article=None))
        else:
            if s["raw_block"] is not None:
                block = s["raw_block"]
            else:
                block = http_response_block(s, i)
            concurrent = []
            req = [x for x in SPECS if x["wtype"] == "request" and x["refers"] == s["key"]]
            if req:
                concurrent = [("WARC-Concurrent-To", ids[req[0]["key"]])]
            fields = [("WARC-Type", "response"), ("WARC-Date", warc_date(i)), ("WARC-Record-ID", ids[s["key"]]),
                      ("Content-Length", "0"), ("Content-Type", "application/http; msgtype=response")] + common_tail + concurrent + [
                      ("WARC-IP-Address", ip_for(i)), ("WARC-Target-URI", s["url"])]
            if s["ctype"]:
                tail = [("WARC-Identified-Payload-Type", s["ctype"].split(";")[0].strip().lower())]
            truth.append(dict(record_id=ids[s["key"]], warc_type="response", url=s["url"],
                              http_status=s["status"], content_type=s["ctype"], expect=s["expect"],
                              lang=s["lang"], script=s["script"], charset=s["charset"], template=s["template"],
                              dup_of=ids[s["dup_of"]] if s["dup_of"] else None, title=s["title"],
                              article=s["article"]))
        # The garbage record's block is hand-built random bytes on purpose: warcio must not parse it.
        gz_member = member(wt, s["url"], block, fields, tail, http=s["raw_block"] is None)
        if s["truncate"]:
            # Damaged on purpose, by hand: the last member stops at 60%, like a download that died.
            assert i == n - 1, "truncated record must be last"
            gz_member = gz_member[: int(len(gz_member) * 0.6)]
        out.append(gz_member)

    with open(warc_path, "wb") as f:
        f.write(b"".join(out))
    with open(truth_path, "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return ids


# ---------------------------------------------------------------------------
# WET
# ---------------------------------------------------------------------------

def build_wet(ids, wet_path):
    by_key = {s["key"]: (i, s) for i, s in enumerate(SPECS, start=1)}
    picks = [
        ("subway", "zho", "江临日报网 首页 要闻 本地 社会 财经 教育 健康 视频 数字报", "关于我们 | 联系我们 | 广告服务 | 免责声明 | 网站地图\nCopyright © 2008-2024 江临日报网 版权所有"),
        ("kiwi", "zho", "青川在线 首页 要闻 本地 社会 财经", "Copyright © 2008-2024 青川在线 版权所有 蜀ICP备15007788号"),
        ("tea", "zho", "公众号文章聚合 > 茶知道 > 正文 登录 · RSS订阅", "— END —\n长按识别二维码 · 扫码关注公众号\n阅读原文 阅读 2.1万 赞 318 在看 96\nRead More\n正文完\n评论(没有评论)\nGenerated by Feedzy"),
        ("hant_utf8", "zho", "寶島新聞網 政治 社會 生活 地方 國際 體育 會員登入", "延伸閱讀\n寶島新聞網 版權所有 © 2024 本網站內容未經授權不得轉載"),
        ("en", "eng", "Crumb & Crust Home Recipes About Contact", "© 2024 Crumb & Crust. Powered by Ghost."),
        ("ja", "jpn", "地域新聞デジタル トップ 地域 社会 経済 スポーツ", "© 地域新聞社 無断転載を禁じます"),
    ]
    out = []
    info_id = rid(500)
    info = ("Software-Info: curate samples/make_samples.py (synthetic, Common Crawl WET layout)\r\n"
            "Extracted-Date: Sat, 02 Mar 2024 09:00:00 GMT\r\n"
            "robots: classic\r\nisPartOf: %s\r\noperator: curate project\r\n"
            "description: Synthetic sample WET for the curate tests\r\n" % CRAWL).encode("utf-8")
    out.append(member("warcinfo", "", info, [("WARC-Type", "warcinfo"), ("WARC-Date", warc_date(0)),
                                             ("WARC-Filename", "cc-sample.warc.wet.gz"), ("WARC-Record-ID", info_id),
                                             ("Content-Type", "application/warc-fields"), ("Content-Length", "0")]))
    for n, (key, lang, nav, foot) in enumerate(picks, start=1):
        i, s = by_key[key]
        text = "\n".join([s["title"], nav] + s["article"] + [foot])
        block = text.encode("utf-8")
        fields = [("WARC-Type", "conversion"), ("WARC-Target-URI", s["url"]), ("WARC-Date", warc_date(i)),
                  ("WARC-Record-ID", rid(500 + n)), ("WARC-Refers-To", ids[key])]
        # warcio adds the block digest, then Content-Type and Content-Length after the language
        out.append(member("conversion", s["url"], block, fields, [("WARC-Identified-Content-Language", lang)],
                          content_type="text/plain"))
    os.makedirs(os.path.dirname(wet_path), exist_ok=True)
    with open(wet_path, "wb") as f:
        f.write(b"".join(out))

