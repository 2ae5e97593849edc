"""Main-content extraction: the page's headline and its text, one paragraph per line.

The default engine, `zh-density`, scores DOM blocks by Han-character density (measured in
benchmarks/extraction_quality.py on real Chinese news pages with gold text: F1 0.987 at ~900
pages/s, against resiliparse main_content 0.860 at ~1,080 and trafilatura 0.995 at ~63).
`resiliparse` is the faster engine that keeps more boilerplate; `trafilatura` the precise, slow
one (install it separately).
"""

from __future__ import annotations

import re

import numpy as np
from resiliparse.extract.html2text import extract_plain_text
from resiliparse.parse.html import HTMLTree
from selectolax.lexbor import LexborHTMLParser

from curate.document import Document
from curate.stages.base import Stage, register

_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")  # Han + kana runs
_WORD = re.compile(r"[^\W_\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")  # other-script words
_PUNCT = re.compile(r"[，。！？；：、“”,.!?;]")
_INLINE = frozenset("a abbr b bdi bdo big cite code data del dfn em font i ins kbd label mark nobr q s samp "
                    "small span strike strong sub sup time tt u var wbr img".split())
# class/id names of blocks that are never the article, even when long (comment threads).
_NOT_CONTENT = re.compile(r"comment|reply|replies|feedback|pinglun|discuss|recommend|related|sidebar|footer|"
                          r"share|copyright|breadcrumb|crumb|\bhot|rank|\bad\b|advert", re.I)
_DROP_TAGS = ["script", "style", "noscript", "iframe", "svg", "template", "textarea", "select", "button",
              "input", "object", "canvas", "nav", "footer", "aside", "form"]
_TITLE_SPLIT = re.compile(r"\s*(?:_|\||｜| - | – | — )\s*")
# Title parts for matching a heading against <title>: the separators above plus " @ ", " :: ", "»".
_TITLE_PARTS = re.compile(r"\s*(?:_|\||｜| - | – | — | @ |::|»|：：)\s*")
# Elements a reader never sees: Discuz anti-copy jammers (font/span.jammer, hidden spans), zero-size
# text, and hidden blocks (a markdown editor's HTML source in a display:none div; trafilatura discards
# display:none elements too). Removed before scoring, so their strings never reach the text.
_HIDDEN_CANDIDATES = "font.jammer, span.jammer, font[style], span[style], font[class*=jammer], div[style*=none]"
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden|font-size\s*:\s*0(?![.\d])", re.I)
# Discussion pages (forum threads, Q&A, reviews): the replies, answers and reviews are content, so the
# comment/reply class names that mark a news page's comment box do not stop scoring there.
_DISCUSSION_URL = re.compile(r"bbs\.|forum|thread|/topics?/|/t/\d|/d/\d|question|answer|zhidao\.|tieba\.baidu\.com/p/|"
                             r"/comments|/reviews?\b|showtopic|viewtopic|read\.php\?tid", re.I)
# Forum and Q&A software markup (Discuz, Tieba, Zhihu, Zhidao, Flarum, phpwind, Tianya...), found by
# lexbor's selector engine: a substring search of the page source costs ~20x more.
_DISCUSSION_MARKUP = ("[id^=postmessage_], td.t_f, table.plhin, .d_post_content, .l_post, .AnswerItem, "
                      ".QuestionAnswer, #wgt-answers, .answer-text, .PostStream, .read_tpc, .atl-item, "
                      ".bbs-content, .reply-item, .review-item, .topic-content")
_NOT_CONTENT_DISCUSSION = re.compile(r"recommend|related|sidebar|footer|share|copyright|breadcrumb|crumb|\bhot|"
                                     r"rank|\bad\b|advert", re.I)
# Per-post clutter of forums and Q&A sites: user columns and badges, signatures, quoted replies, edit
# notes, floor numbers, vote/reply buttons (Discuz td.pls, div.pi, div.po, div.sign, div.quote,
# i.pstatus; Tieba d_author, post-tail-wrap, j_user_sign, d_badge; Zhihu ContentItem-actions;
# phpwind/tianya user boxes; a review's comment-info line: user, 看过, rating, time, place; rating
# widgets and their tooltips, Zhidao's 你对这个回答的评价是？ and replyer box (name, LV, 采纳率); Tmall's
# rate-user-info/grade and SKU line; Zhihu's Voters line and answer time). Removed on discussion pages only.
_POST_CLUTTER = (".sign, .signature, .j_user_sign, .quote, blockquote.quote, .pstatus, td.pls, div.pi, div.po, .pob, "
                 ".authi, .d_author, .d_badge, .post-tail-wrap, .core_reply_tail, .user-info, .userinfo, .badge, "
                 ".user-level, .floor, .vote, .votes, .ContentItem-actions, .RichContent-actions, .AuthorInfo, "
                 ".Post-actions, .Post-footer .Post-actions, .comment-vote, .reply-btn, .like-btn, .btn-reply, "
                 ".atl-info, .medal, .comment-info, .comment-time, .comment-location, [class*=tooltip], "
                 "[class*=evaluate], .wgt-eva, [class*=replyer], [class*=user-info], [class*=user-grade], .rate-sku, "
                 ".AuthorInfo-badge, .Voters, .ContentItem-time")


def _weight(text: str) -> int:
    """Roughly the characters of content: Han and kana count one each, other-script words two."""
    return sum(map(len, _CJK.findall(text))) + 2 * len(_WORD.findall(text))


# The regexes above cost ~25 ns a character (sre on non-Latin-1 text), which made them most of the
# extractor's time; `_weights` computes the same numbers for all of a page's texts at once with a
# per-code-point class table (bit 1: _CJK, 2: _WORD, 4: _PUNCT), built from the regexes themselves.
_CJK_BIT, _WORD_BIT, _PUNCT_BIT = 1, 2, 4
_BMP_CLASSES: np.ndarray | None = None


def _char_flags(ch: str) -> int:
    return ((_CJK_BIT if _CJK.match(ch) else 0) | (_WORD_BIT if _WORD.match(ch) else 0)
            | (_PUNCT_BIT if _PUNCT.match(ch) else 0))


def _bmp_classes() -> np.ndarray:
    global _BMP_CLASSES
    if _BMP_CLASSES is None:
        table = np.zeros(0x10000, np.uint8)
        chars = np.arange(0x10000, dtype="<u4").tobytes().decode("utf-32-le", "surrogatepass")
        for pattern, bit in ((_CJK, _CJK_BIT), (_WORD, _WORD_BIT), (_PUNCT, _PUNCT_BIT)):
            for m in pattern.finditer(chars):
                table[m.start():m.end()] |= bit
        _BMP_CLASSES = table
    return _BMP_CLASSES


def _pair_values() -> np.ndarray:
    """(previous char's flags << 3 | char's flags) -> its weight + (punctuation << 32)."""
    values = np.zeros(64, np.int64)
    for prev in range(8):
        for cur in range(8):
            values[prev << 3 | cur] = ((1 if cur & _CJK_BIT else 0)
                                       + (2 if cur & _WORD_BIT and not prev & _WORD_BIT else 0)  # a word starts
                                       + ((1 << 32) if cur & _PUNCT_BIT else 0))
    return values


_PAIR_VALUES = _pair_values()


def _weights(texts: list[str]) -> tuple[list[int], list[int]]:
    """[_weight(t) for t in texts], [len(_PUNCT.findall(t)) for t in texts], in a few numpy passes."""
    if not texts:
        return [], []
    # A NUL (never in parsed text) around each text: no word runs across texts, and it marks the starts.
    cps = np.frombuffer(("\0" + "\0".join(texts) + "\0").encode("utf-32-le", "surrogatepass"), np.uint32)
    starts = np.flatnonzero(cps == 0)[:-1]
    if len(starts) != len(texts):  # a NUL inside a text after all
        return [_weight(t) for t in texts], [len(_PUNCT.findall(t)) for t in texts]
    if int(cps.max()) < 0x10000:
        flags = _bmp_classes().take(cps)
    else:  # astral code points (CJK extension B, emoji...): look those up one by one
        flags = _bmp_classes().take(np.minimum(cps, 0xFFFF))
        astral = np.flatnonzero(cps >= 0x10000)
        flags[astral] = [_char_flags(chr(c)) for c in cps[astral].tolist()]
    # Value of each character (after the leading NUL) given the one before it, summed per text.
    sums = np.add.reduceat(_PAIR_VALUES.take((flags[:-1] << 3) | flags[1:]), starts)
    return (sums & 0xFFFFFFFF).tolist(), (sums >> 32).tolist()


_NOT_CONTENT_SEEN: dict[tuple[str, bool], bool] = {}


def _is_not_content(names: str, discussion: bool = False) -> bool:
    """_NOT_CONTENT.search (or its discussion-page form), remembered: the regex costs ~6 us and sites
    repeat their class names."""
    key = (names, discussion)
    bad = _NOT_CONTENT_SEEN.get(key)
    if bad is None:
        if len(_NOT_CONTENT_SEEN) >= 50_000:
            _NOT_CONTENT_SEEN.clear()
        pattern = _NOT_CONTENT_DISCUSSION if discussion else _NOT_CONTENT
        bad = _NOT_CONTENT_SEEN[key] = pattern.search(names) is not None
    return bad


def is_discussion(tree: LexborHTMLParser, url: str = "") -> bool:
    """A forum thread, Q&A or review page, by its URL or its forum/Q&A software's markup."""
    return bool(url and _DISCUSSION_URL.search(url)) or tree.css_first(_DISCUSSION_MARKUP) is not None


def _remove_hidden(tree: LexborHTMLParser) -> None:
    """Drop jammer and invisible elements (children first: a freed parent frees them)."""
    for node in reversed(tree.css(_HIDDEN_CANDIDATES)):
        a = node.attributes
        if "jammer" in (a.get("class") or "") or _HIDDEN_STYLE.search(a.get("style") or ""):
            node.decompose()


def _remove_post_clutter(tree: LexborHTMLParser) -> None:
    for node in reversed(tree.css(_POST_CLUTTER)):
        node.decompose()


def density_main_text(tree: LexborHTMLParser, link_max: float = 0.5, near: float = 0.9,
                      sibling_ratio: float = 0.3, discussion: bool = False, hidden: bool = True,
                      description_key: str = "", headline: str = "") -> str:
    """The main text of a parsed page by Chinese text density, one paragraph per line.

    Each element's own text is credited to its nearest block ancestor, split into link and
    non-link weight. Link-dense blocks are skipped. Others score nonlink * min(1, nonlink/100)
    (long paragraphs beat short captions), x0.3 without punctuation, credited to the block, its
    parent and grandparent, stopping at comment/sidebar-like class names. The best block is
    narrowed to its deepest descendant keeping `near` of the score, and siblings scoring at least
    `sibling_ratio` of it are added (articles split around ads). On a `discussion` page (forum
    thread, Q&A, reviews) comment/reply blocks are scored too, per-post clutter is removed first and
    every repeated post block is added (_add_posts). `hidden`: the page may hold jammer or invisible
    inline elements to remove. Modifies `tree`.
    """
    tree.strip_tags(_DROP_TAGS)
    if hidden:
        _remove_hidden(tree)
    if discussion:
        _remove_post_clutter(tree)
    body = tree.body
    if body is None:
        return ""
    elements, texts = [], []
    for node in body.traverse():
        text = node.text(deep=False)
        if text and not text.isspace():
            elements.append(node)
            texts.append(text)
    weights, puncts = _weights(texts)
    stats: dict[int, list[int]] = {}  # block -> [non-link weight, link weight, punctuation]
    nodes = {}
    for node, w, punct in zip(elements, weights, puncts):
        if not w:
            continue
        link, block = False, node
        tag = block.tag
        while tag in _INLINE:
            up = block.parent
            if up is None:
                break
            link = link or tag == "a"
            block, tag = up, up.tag
        mid = block.mem_id
        st = stats.get(mid)
        if st is None:
            st = stats[mid] = [0, 0, 0]
            nodes[mid] = block
        st[1 if link else 0] += w
        st[2] += punct
    dense = [mid for mid, (text_w, link_w, _) in stats.items() if link_w > link_max * (text_w + link_w)]
    skipped = set()
    deep_weights = dict(zip(dense, _weights([nodes[mid].text() for mid in dense])[0]))
    scores: dict[int, float] = {}
    not_content: dict[int, bool] = {}
    for mid, (text_w, link_w, punct) in stats.items():
        if mid in deep_weights:  # link-dense
            if deep_weights[mid] <= 1.5 * (text_w + link_w):  # no real content nested below
                nodes[mid].attrs["data-curate-skip"] = "1"  # mark, not decompose: wrappers stay valid
                skipped.add(mid)
            continue
        s = text_w * min(1.0, text_w / 100) * (1.0 if punct else 0.3)
        block = nodes[mid]
        for _ in range(3):  # the block, its parent, its grandparent
            if block is None:
                break
            bid = block.mem_id
            bad = not_content.get(bid)
            if bad is None:
                if block.tag == "html":
                    bad = not_content[bid] = True
                else:
                    a = block.attributes
                    klass, ident = a.get("class"), a.get("id")
                    bad = not_content[bid] = bool(klass or ident) and _is_not_content(f"{klass or ''} {ident or ''}",
                                                                                      discussion)
            if bad:
                break
            scores[bid] = scores.get(bid, 0.0) + s
            nodes[bid] = block
            block = block.parent
    if not scores:
        return ""
    best_id = max(scores, key=scores.__getitem__)
    top = scores[best_id]
    best, best_depth = nodes[best_id], 0
    for mid, score in scores.items():  # the deepest near-best descendant of the best block
        if score >= near * top and mid != best_id:
            depth, up = 0, nodes[mid]
            while up is not None and up.mem_id != best_id:
                up, depth = up.parent, depth + 1
            if up is not None and depth > best_depth:
                best, best_depth = nodes[mid], depth
    parts = _with_siblings(best, top, scores, sibling_ratio)
    if description_key and headline and not discussion:
        anchored = _described_block(description_key, headline, body, elements, texts, parts, scores, nodes)
        if anchored is not None:
            best, top = anchored, scores[anchored.mem_id]
            parts = _with_siblings(best, top, scores, sibling_ratio)
    parts = _add_repeated_blocks(body, best, parts, scores, nodes, 0.2 * top)
    if discussion:
        parts = _add_posts(body, best, parts, stats, nodes, set(deep_weights))
        if headline:
            parts = _add_opening_post(body, headline, parts, stats)
    out = []
    for part in parts:
        lines = _render_lines(part, skipped)
        out.append("\n".join(lines) if lines is not None else _render(part.html))
    return "\n".join(out)


def _with_siblings(best, top: float, scores: dict[int, float], sibling_ratio: float) -> list:
    if best.parent is None or best.parent.tag == "html":
        return [best]
    return [sib for sib in best.parent.iter()
            if sib.mem_id == best.mem_id or scores.get(sib.mem_id, 0.0) >= sibling_ratio * top]


def page_description_key(tree: LexborHTMLParser) -> str:
    """The longest clause of the page's own summary (meta description, else og:description) that
    is not in its <title> (descriptions often open with the headline), whitespace removed; "" when
    no clause has DESCRIPTION_KEY_HAN Han characters (a key that short, or not Chinese, matches anywhere)."""
    for node in tree.css('meta[name="description"], meta[property="og:description"]'):
        text = "".join((node.attributes.get("content") or "").split())
        if text:
            break
    else:
        return ""
    title = tree.css_first("title")
    title_text = "".join(title.text().split()) if title is not None else ""
    clauses = [c for c in _CLAUSE_SPLIT.split(text) if c not in title_text]
    key = max(clauses, key=len, default="")
    return key if sum(map(len, _CJK.findall(key))) >= DESCRIPTION_KEY_HAN else ""


_CLAUSE_SPLIT = re.compile(r"[，。！？；：,.!?;:|｜…\-—_\s]+")
DESCRIPTION_KEY_HAN = 8


def _described_block(key: str, headline: str, body, elements: list, texts: list[str], parts: list,
                     scores: dict[int, float], nodes: dict) -> object | None:
    """The best-scoring block holding `key` (a clause of the page's own description) where the chosen
    parts hold none: a short article beside a long feed of other stories (a portal's "more news" stream
    outweighs a three-paragraph report) names itself in its meta description. None when the parts
    already hold it, or no scored block holds it."""
    hits = [node for node, text in zip(elements, texts) if key in "".join(text.split())]
    if not hits:
        return None
    chosen = {p.mem_id for p in parts}
    if any(node.mem_id in chosen or _within(node, chosen) for node in hits):
        return None
    above_parts = set()  # the parts' ancestors: a block holding them is no alternative to them
    for part in parts:
        up = part.parent
        while up is not None and up.mem_id not in above_parts:
            above_parts.add(up.mem_id)
            up = up.parent
    best, best_score = None, 0.0
    for hit in hits:
        up = hit
        while up is not None and up.mem_id not in scores:  # the inline run up to its scored block
            up = up.parent if up.tag in _INLINE else None
        while up is not None and up.mem_id in scores and up.mem_id not in above_parts:
            if scores[up.mem_id] > best_score:
                best, best_score = nodes[up.mem_id], scores[up.mem_id]
            up = up.parent
    if best is None:
        return None
    # The block and the page's headline share a branch apart from the parts (the article's own
    # <article>): a site-wide description that some other box repeats (a footer's tagline) does not.
    heading = _headline_node(body, headline)
    if heading is None:
        return None
    heading_line = set()
    up = heading
    while up is not None:
        heading_line.add(up.mem_id)
        up = up.parent
    up = best
    while up is not None and up.mem_id not in heading_line:
        up = up.parent
    if up is None or up.mem_id in above_parts or up.mem_id in chosen:
        return None
    return best


def _render(html: str) -> str:
    # Matching the skip selector costs a tenth of the rendering: only ask for it where it can match.
    skip = ["[data-curate-skip]"] if "data-curate-skip" in html else None
    return extract_plain_text(html, preserve_formatting=True, main_content=False, list_bullets=False,
                              alt_texts=False, skip_elements=skip).strip()


# Tags whose rendering by resiliparse (preserve_formatting, no bullets or alt texts) is plain: a line
# break around a block, nothing around an inline element (measured one by one, resiliparse 2.0).
# Tables, <pre>, <figure>, <label>, <hr>... are left to resiliparse.
_FLOW_BLOCK = frozenset("p div h1 h2 h3 h4 h5 h6 section article center blockquote dd dt dl header main address "
                        "ul ol li".split())
_FLOW_INLINE = _INLINE - {"label"}


def _render_lines(root, skipped: set[int]) -> list[str] | None:
    """The non-blank, stripped lines resiliparse renders from `root`, found by walking the subtree
    here: serialising it and parsing it again in resiliparse costs ~90 us a part. None where the
    subtree holds a tag outside _FLOW_BLOCK/_FLOW_INLINE."""
    if (root.tag not in _FLOW_BLOCK and root.tag not in _FLOW_INLINE) or root.mem_id in skipped:
        return None
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            # resiliparse collapses ASCII white space only (not U+00A0, U+3000...), as bytes.split does
            words = "".join(buf).encode("utf-8", "surrogatepass").split()
            line = b" ".join(words).decode("utf-8", "surrogatepass").strip()
            buf.clear()
            if line:
                lines.append(line)

    stack = [(root.iter(include_text=True), True)]
    while stack:
        children, block = stack[-1]
        for node in children:
            tag = node.tag
            if tag == "-text":
                buf.append(node.text_content)
            elif tag == "-comment" or node.mem_id in skipped:
                continue
            elif tag in _FLOW_INLINE:
                stack.append((node.iter(include_text=True), False))
                break
            elif tag in _FLOW_BLOCK:
                flush()
                stack.append((node.iter(include_text=True), True))
                break
            elif tag == "br":
                flush()
            else:
                return None
        else:
            stack.pop()
            if block:
                flush()
    return lines


def _add_repeated_blocks(body, best, parts: list, scores: dict[int, float], nodes: dict, min_score: float) -> list:
    """Q&A answers and a question share the best block's markup (same tag and class) but sit in
    separate branches; take every scored block of that kind, in document order."""
    klass = best.attributes.get("class")
    if not klass:
        return parts  # a bare <p> or <div> would match everything
    chosen = {p.mem_id for p in parts}
    # Only scored blocks can qualify: look for one before walking the whole tree (most pages have none).
    if not any(score >= min_score and mid not in chosen and nodes[mid].tag == best.tag
               and nodes[mid].attributes.get("class") == klass for mid, score in scores.items()):
        return parts
    out = []
    for node in body.traverse(include_text=False):
        if node.mem_id in chosen:
            out.append(node)
        elif node.tag == best.tag and node.attributes.get("class") == klass and scores.get(node.mem_id, 0) >= min_score \
                and not _within(node, chosen):
            out.append(node)
            chosen.add(node.mem_id)
    return out if len(out) >= len(parts) else parts


def _signature(block) -> tuple:
    """A block's markup path: tag and class (digits dropped: post_123) of it, its parent, its grandparent."""
    sig = []
    for _ in range(3):
        if block is None:
            break
        sig.append((block.tag, _DIGITS.sub("", block.attributes.get("class") or "")))
        block = block.parent
    return tuple(sig)


_DIGITS = re.compile(r"\d+")


def _add_posts(body, best, parts: list, stats: dict, nodes: dict, dense: set[int], min_weight: int = 30,
               min_mean: int = 6) -> list:
    """A thread's replies, a question's answers, a product's reviews: text blocks whose markup path
    repeats (two or more blocks of the same _signature) and that together hold prose (`min_weight`,
    `min_mean` a block, some punctuation), sharing an ancestor below <body> with the best block.
    Returned with `parts`, in document order."""
    groups: dict[tuple, list[int]] = {}
    for mid in stats:
        if mid not in dense:
            groups.setdefault(_signature(nodes[mid]), []).append(mid)
    best_line = set()
    up = best
    while up is not None and up.tag not in ("body", "html"):
        best_line.add(up.mem_id)
        up = up.parent
    extra: set[int] = set()
    for mids in groups.values():
        if len(mids) < 2:
            continue
        weight = sum(stats[m][0] for m in mids)
        if weight < min_weight or weight < min_mean * len(mids) or not any(stats[m][2] for m in mids):
            continue
        up = nodes[mids[0]]
        while up is not None and up.mem_id not in best_line and up.tag != "body":
            up = up.parent
        if up is None or up.mem_id not in best_line:
            continue
        extra.update(mids)
    chosen = {p.mem_id for p in parts}
    extra -= chosen
    if not extra:
        return parts
    out, taken = [], set()
    for node in body.traverse(include_text=False):
        mid = node.mem_id
        if (mid in chosen or mid in extra) and not _within(node, taken):
            out.append(node)
            taken.add(mid)
    return out


def _headline_node(body, headline: str):
    return next((h for h in body.css("h1, h2") if " ".join(h.text().split()) == headline), None)


def _add_opening_post(body, headline: str, parts: list, stats: dict) -> list:
    """A thread's opening post where the replies outweigh it: the prose blocks under the headline's
    own container (a topic's title and its first post share one), when no part holds them and that
    container is not a wrapper of the parts (a page wrapper would bring everything)."""
    heading = _headline_node(body, headline)
    if heading is None or heading.parent is None or heading.parent.tag in ("body", "html"):
        return parts
    container = heading.parent
    chosen = {p.mem_id for p in parts}
    if container.mem_id in chosen or _within(container, chosen):
        return parts
    for part in parts:
        if _within(part, {container.mem_id}):
            return parts
    prose = sum(stats[n.mem_id][0] for n in container.traverse(include_text=False)
                if n.mem_id in stats and stats[n.mem_id][2] and stats[n.mem_id][0] > stats[n.mem_id][1])
    if not prose:
        return parts
    out, taken = [], False
    for node in body.traverse(include_text=False):
        if node.mem_id == container.mem_id:
            out.append(node)
            taken = True
        elif node.mem_id in chosen:
            out.append(node)
    return out if taken else parts


def _within(node, ids: set[int]) -> bool:
    up = node.parent
    while up is not None:
        if up.mem_id in ids:
            return True
        up = up.parent
    return False


def _headline(tree: LexborHTMLParser) -> str:
    """The page's headline: the <h1>/<h2> that <title> or og:title names as the page's own (a site
    or blog name in a header h1 is the <title>'s last part, or a lone link home), else the first
    h1 that looks like one, else <title> without the site name."""
    title = tree.css_first("title")
    title_text = " ".join(title.text().split()) if title is not None else ""
    og = tree.css_first('meta[property="og:title"]')
    og_text = " ".join((og.attributes.get("content") or "").split()) if og is not None else ""
    parts = [p for p in _TITLE_PARTS.split(title_text) if p]
    site = parts[-1] if len(parts) > 1 else ""
    first_h1, best, best_score = "", "", 0
    for node in tree.css("h1, h2")[:20]:
        text = " ".join(node.text().split())
        if not 2 <= len(text) <= 100:
            continue
        links = node.css("a")
        site_like = text == site or (len(links) == 1 and " ".join(links[0].text().split()) == text
                                     and (links[0].attributes.get("href") or "/").count("/") <= 2
                                     and not any(c.isdigit() for c in links[0].attributes.get("href") or ""))
        if node.tag == "h1" and not first_h1 and len(text) >= 4 and not site_like:
            first_h1 = text
        score = 0
        if og_text and text == og_text:
            score = 3
        elif text != site and (text in parts[:-1] or (parts and title_text.startswith(text) and len(text) >= 4)):
            score = 2
        if score > best_score and not site_like:
            best, best_score = text, score
    if best:
        return best
    if first_h1:
        return first_h1
    first = _TITLE_SPLIT.split(title_text)[0]
    return first if len(first) >= 4 else title_text


def _lines(text: str) -> list[str]:
    return [line for line in (raw.strip() for raw in text.splitlines()) if line]


def drop_repeated_blocks(lines: list[str], min_lines: int = 3, min_chars: int = 60) -> list[str]:
    """`lines` without the second copy of a run of at least `min_lines` lines (and `min_chars`
    characters) that the page shows twice: a reader-mode or mobile copy of the article, a reply
    quoting a whole earlier post. A run whose first line is on the page three times or more is
    left alone: that is repetition (stuffing, repeated replies) for the quality rules to judge."""
    first: dict[str, int] = {}
    seen: dict[str, int] = {}
    for i, line in enumerate(lines):
        first.setdefault(line, i)
        seen[line] = seen.get(line, 0) + 1
    if len(first) == len(lines):  # no line twice: the common case
        return lines
    out: list[str] = []
    i, n = 0, len(lines)
    while i < n:
        j = first[lines[i]]
        if j < i and seen[lines[i]] == 2:
            size = 0
            while i + size < n and j + size < i and lines[i + size] == lines[j + size]:
                size += 1
            if size >= min_lines and sum(map(len, lines[i:i + size])) >= min_chars:
                i += size
                continue
        out.append(lines[i])
        i += 1
    return out


def extract_main(html: str, engine: str = "zh-density", url: str = "") -> tuple[str, str]:
    """(headline, text) of an HTML page: the headline, then the main text, one paragraph a line.
    `url` helps tell a forum thread or Q&A page (whose replies and answers are content)."""
    if engine == "zh-density":
        tree = LexborHTMLParser(html)
        title = _headline(tree)
        body = density_main_text(tree, discussion=is_discussion(tree, url), description_key=page_description_key(tree),
                                 headline=title)
        if not body:  # no scorable block (a bare list, an odd layout): take what resiliparse finds
            body = extract_plain_text(HTMLTree.parse(html), main_content=True, preserve_formatting=True,
                                      list_bullets=False, alt_texts=False)
    elif engine == "resiliparse":
        tree = HTMLTree.parse(html)
        title = _TITLE_SPLIT.split(" ".join((tree.title or "").split()))[0]
        body = extract_plain_text(tree, main_content=True, preserve_formatting=True, list_bullets=False,
                                  alt_texts=False)
    elif engine == "trafilatura":
        import trafilatura

        title = _headline(LexborHTMLParser(html))
        body = trafilatura.extract(html, include_comments=False, favor_precision=True) or ""
    else:
        raise ValueError(f"unknown extraction engine {engine!r}: zh-density, resiliparse or trafilatura")
    lines = drop_repeated_blocks(_lines(body))
    if title and (not lines or lines[0] != title):
        lines.insert(0, title)
    return title, "\n".join(lines)


ENGINES = ("zh-density", "resiliparse", "trafilatura")


@register
class Extract(Stage):
    """HTML to headline + main text; plain-text records (WET) pass through as they are."""

    name = "extract"
    reads, makes = "html", "text"

    def __init__(self, engine: str = "zh-density", **params) -> None:
        super().__init__(**params)
        if engine not in ENGINES:
            raise ValueError(f"unknown extraction engine {engine!r}; choose one of {', '.join(ENGINES)}")
        self.engine = engine

    def process(self, doc: Document) -> str | None:
        if doc.content_type == "text/plain":
            doc.text = "\n".join(_lines(doc.html))
        else:
            doc.title, doc.text = extract_main(doc.html, self.engine, doc.url)
        doc.html = ""
        return None if doc.text.strip() else "no_text"
