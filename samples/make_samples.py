#!/usr/bin/env python3
"""Generate the small sample crawl that curate's default run and tests use.

Writes, next to this script:

  cc-sample.warc.gz            a WARC/1.0 file laid out the way Common Crawl writes it
                               (one gzip member per record, warcinfo first, request /
                               response / metadata / revisit records, CRLF headers,
                               ``\\r\\n\\r\\n`` after every block).  Its last record is a
                               gzip member cut off part way, like a download that died.
  truth.json                   one object per WARC record in file order: what the
                               pipeline should do with it and the gold article text.
  wet/cc-sample.warc.wet.gz    a small WET file (warcinfo + conversion records) with
                               the plain text of a few of the same pages.

Why: the real corpus is huge and cannot ship with the repo, so this file packs every
case the pipeline has to handle into ~50 records: Simplified and Traditional Chinese
pages in several site templates full of real-looking boilerplate (menus, share widgets,
ICP lines, WeChat footers, forum anti-copy "jammer" strings, news-flash sidebars), GBK
and Big5 pages with right, missing, wrong and BOM-overridden charsets, other languages,
spam and junk, exact / near / Traditional-script duplicates, non-HTML and non-200
responses, a garbage HTTP block, a 3000-deep <div> tree, and a truncated tail.

All article text is original, written for this project.  The pieces live in gen/:
texts.py (article text), pages.py (HTML templates), records.py (the record list and what
each record should become) and warc.py (WARC/WET writing, with warcio).  The output is
deterministic: fixed dates, fixed seeds for record ids and random bytes, gzip mtime=0, so
two runs produce byte-identical files.

Regenerate with:  python samples/make_samples.py
"""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)  # gen/ sits next to this script, whichever directory it is run from

from gen.warc import build_warc, build_wet  # noqa: E402

WARC_PATH = os.path.join(HERE, "cc-sample.warc.gz")
TRUTH_PATH = os.path.join(HERE, "truth.json")
WET_PATH = os.path.join(HERE, "wet", "cc-sample.warc.wet.gz")


def main():
    ids = build_warc(WARC_PATH, TRUTH_PATH)
    build_wet(ids, WET_PATH)
    for p in (WARC_PATH, TRUTH_PATH, WET_PATH):
        print("%-45s %8d bytes" % (os.path.relpath(p, os.path.dirname(HERE)), os.path.getsize(p)))


if __name__ == "__main__":
    main()
