"""Spam and unsafe content: category lexicons with density thresholds, and URL block rules.

One Aho-Corasick automaton holds the terms of every category, so a document is scanned once,
in time linear in its length, whatever the number of terms. Terms match the OpenCC t2s view
of Traditional documents (the original text is kept). A user-supplied blocklist file names
domains (a domain blocks its subdomains) or URL prefixes; it is checked on the document URL.
"""

from __future__ import annotations

from typing import Any
import re
from urllib.parse import urlsplit

import pyarrow as pa

from curate.resources import filter_file, read_lexicon, read_rules
from curate.document import Document
from curate.han import count_han, to_simplified
from curate.stages.base import Stage, register


# URL shapes of real gambling and adult-video sites in Common Crawl: video-CMS paths (maccms/
# feifei: /vodplay/, /voddetail/, /vod/, /play/) and hosts whose name is mostly digits (5566.com,
# 9988kj.cc; four digits and up: 163.com and 360.cn are portals). On such a URL half the usual term
# density is enough evidence: a news site is not a video player, and a lottery news article on a news
# URL keeps the full threshold. A digit host alone is weaker evidence (17173.com and 2345.com are real
# portals): it halves only the keyword-list density (bare_max_density) of a page that sells nothing,
# and a page with a sales term keeps the full one (crime news quotes 稳赚不赔 too).
_SPAM_PATH = re.compile(r"/(?:vod|vodplay|voddetail|vodtype|vodshow|vodsearch|play|player)(?:/|-|\.|_|$)", re.I)
# maccms/feifei without URL rewriting put the route in the query: ?m=vod-play-id-12, ?s=vod-read-id-3
_SPAM_QUERY = re.compile(r"(?:^|[&/=])vod-(?:play|detail|read|search|show|type)\b", re.I)
_DIGIT_HOST = re.compile(r"^(?:www\.|m\.)?[a-z]{0,3}\d{4,}[a-z]{0,3}\.[a-z]+$")
# Generated throwaway names: letters and digits interleaved (a8b3c9.com, js4f8k2.cc): two digit runs
# or more, three digits or more, in one short label. Brand names carry one run (hao123, ip138, 51job).
_RANDOM_LABEL = re.compile(r"^(?=[a-z0-9]{5,12}$)(?=.*\d[a-z]+\d)(?=(?:\D*\d){3,})")
# Top-level domains sold for betting (a news site on one is not known to exist).
_GAMBLING_TLDS = frozenset({"bet", "casino", "poker", "lotto", "bingo"})


def spammy_url(url: str) -> bool:
    """A video-CMS path or route, a host named mostly by digits or by a random letter-digit string,
    or a betting top-level domain."""
    return url_spam_evidence(url) > 0


def url_spam_evidence(url: str) -> int:
    """2: a video-CMS path or route, a random letter-digit host, a betting TLD (no news site has
    those); 1: a host named mostly by digits (real portals are too: 17173, 2345, 4399); 0: none."""
    if not url:
        return 0
    parts = urlsplit(url if "://" in url else f"http://{url}")
    host = (parts.hostname or "").lower()
    labels = host.split(".")
    if (_SPAM_PATH.search(parts.path) or _SPAM_QUERY.search(parts.query) or labels[-1] in _GAMBLING_TLDS
            or (len(labels) >= 2 and _RANDOM_LABEL.match(labels[-2]) is not None)):
        return 2
    return 1 if _DIGIT_HOST.match(host) else 0


def read_blocklist(path: str) -> tuple[frozenset[str], tuple[str, ...]]:
    """(domains, url prefixes) of a blocklist file: one entry a line, `#` comments.

    `example.com` blocks example.com and its subdomains; an entry with a `/` after the host
    (`example.com/bbs/`) blocks URLs whose host+path start with it.
    """
    domains, prefixes = set(), []
    with open(path, encoding="utf-8") as f:
        for line in f:
            entry = line.split("#", 1)[0].strip().lower()
            if not entry:
                continue
            entry = entry.split("://", 1)[-1]
            if "/" in entry.rstrip("/"):
                prefixes.append(entry)
            else:
                domains.add(entry.rstrip("/").removeprefix("www."))
    return frozenset(domains), tuple(prefixes)


def url_blocked(url: str, domains: frozenset[str], prefixes: tuple[str, ...]) -> bool:
    """True if the URL's host or one of its parent domains is listed, or it starts with a prefix."""
    if not url:
        return False
    parts = urlsplit(url if "://" in url else f"http://{url}")
    host = (parts.hostname or "").lower()
    labels = host.split(".")
    if any(".".join(labels[i:]) in domains for i in range(len(labels) - 1)):
        return True
    return bool(prefixes) and f"{host}{parts.path}".startswith(prefixes)


@register
class Spam(Stage):
    """Score spam categories by term density; drop `spam_<category>` above the threshold,
    and `blocked_url` for URLs on the optional `blocklist`."""

    name = "spam"
    columns = {"spam_score": pa.float32(), "spam_category": pa.string()}

    def __init__(self, rules: str = "spam_zh", blocklist: str | None = None, **params: Any) -> None:
        super().__init__(**params)
        cfg = read_rules(rules)
        self.categories: dict[str, dict[str, Any]] = dict(cfg["categories"])
        self.min_han = int(cfg.get("min_han", 1))
        self.blocklist = filter_file(blocklist, ".txt") if blocklist else None
        self.automaton = None
        self.domains: frozenset[str] = frozenset()
        self.prefixes: tuple[str, ...] = ()

    def thresholds(self) -> list[tuple]:
        return [(f"spam_{cat}", "spam_score", "max", spec["max_density"],
                 f"{cat} term density, with >= {spec.get('min_distinct', 1)} distinct terms"
                 + (f"; {spec['bare_max_density']} without a solicitation term" if spec.get("bare_max_density") else ""),
                 True)
                for cat, spec in self.categories.items()]

    def setup(self) -> None:
        if self.automaton is not None:
            return
        import ahocorasick

        automaton = ahocorasick.Automaton()
        for cat, spec in self.categories.items():
            for term in read_lexicon(spec["lexicon"]):
                strong = term.startswith("!")
                term = term.removeprefix("!").strip().lower()
                automaton.add_word(term, (cat, term, strong))  # a term in two lists counts for the last
        automaton.make_automaton()
        self.automaton = automaton
        if self.blocklist:
            self.domains, self.prefixes = read_blocklist(self.blocklist)

    def process(self, doc: Document) -> str | None:
        if self.automaton is None:
            self.setup()
        if (self.domains or self.prefixes) and url_blocked(doc.url, self.domains, self.prefixes):
            doc.signals.update(spam_score=None, spam_category=None)
            return "blocked_url"
        text = doc.text if doc.signals.get("script") == "Hans" else to_simplified(doc.text)
        chars: dict[str, int] = {}
        terms: dict[str, set[str]] = {}
        solicits: set[str] = set()
        for _, (cat, term, strong) in self.automaton.iter_long(text.lower()):
            chars[cat] = chars.get(cat, 0) + len(term)
            terms.setdefault(cat, set()).add(term)
            if strong:
                solicits.add(cat)
        if not chars:
            doc.signals.update(spam_score=0.0, spam_category=None)
            return None
        han = max(count_han(text), self.min_han)
        density = {cat: n / han for cat, n in chars.items()}
        top = max(density, key=density.__getitem__)
        doc.signals.update(spam_score=round(density[top], 4), spam_category=top)
        evidence = url_spam_evidence(doc.url)
        for cat, d in sorted(density.items(), key=lambda kv: -kv[1]):
            spec = self.categories[cat]
            limit = spec["max_density"]
            if evidence == 2 and cat in ("gambling", "porn"):
                limit *= 0.5  # a player page or throwaway host: naming the games is enough
            elif cat not in solicits and spec.get("bare_max_density") is not None:
                limit = max(limit, spec["bare_max_density"])  # names the games, sells nothing
                if evidence == 1 and cat in ("gambling", "porn"):
                    limit *= 0.5  # a digit-named host: lottery news on a real portal (17173, 2345) stays
            if d >= limit and len(terms[cat]) >= spec.get("min_distinct", 1):
                return f"spam_{cat}"
        return None
