"""Personal data out of Chinese web text: resident ID numbers, mobiles and landlines, emails,
bank cards, QQ and WeChat IDs, IP addresses, Hong Kong / Macau / Taiwan IDs and passports, each
replaced by a typed placeholder (`<身份证号>`, ...). The rules a user tunes (kinds, placeholders,
context words, public service numbers) are in `filters/pii_zh.yaml`.

Precision before recall where a number alone proves nothing: an 18-digit ID must pass the
GB 11643-1999 MOD 11-2 check, carry a valid birth date and a real province code; a bank card must
be Luhn-valid; HK and Taiwan IDs must pass their check digits; QQ and WeChat IDs, legacy 15-digit
IDs, HK/Macau/Taiwan IDs and passports only count when the text names them. The number kinds are
searched only in windows around digit clusters, so a document costs about one scan of its text.
"""

from __future__ import annotations

import datetime
import ipaddress
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import pyarrow as pa

from curate.document import Document
from curate.resources import read_rules
from curate.stages.base import Stage, register

KINDS = ("id_card", "mobile", "landline", "email", "bank_card", "qq", "wechat", "ip",
         "hk_id", "macau_id", "taiwan_id", "passport")
CONTEXT_KEYS = ("id_card_legacy", "hk_id", "macau_id", "taiwan_id", "passport", "landline_bare")
# First two digits of a resident ID: the provinces of GB/T 2260 (and 71/81/82: Taiwan, HK, Macau).
_PROVINCES = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46,
              50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82}
_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
# Taiwan ID letters stand for two-digit numbers, not in alphabetical order (I, O, W... came late).
_TW_LETTERS = dict(zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36)))
# Full-width ASCII (！..～) and the ideographic space as their ASCII forms: one character for one,
# so offsets in the translated text are offsets in the original.
_FULLWIDTH = {0xFF01 + i: 0x21 + i for i in range(94)} | {0x3000: 0x20}
_NOT_ALNUM = r"(?<![0-9A-Za-z])"
_NOT_ALNUM_AFTER = r"(?![0-9A-Za-z])"
# A digit run may not continue a longer number on either side ("1234 0212 3456 7890").
_NUM_START = r"(?<![\d+])(?<!\d[ \-—–])"
_NUM_END = r"(?![ \-—–]?\d)"

# Every kind but email and WeChat holds 5 digits (with separators), or is a short dotted quad
# (8.8.8.8) or an IPv6 address (_IPV6_HINT). The kinds' regexes run only in windows of _MARGIN
# characters around these clusters, so a document costs about one scan of its text.
_CLUSTER = re.compile(r"\d(?:[ \-—–.]?\d){4,}|\d\.\d\.\d\.\d")
# ":" first, so the scan is a search for one character: `::` or a colon of four hex groups.
_IPV6_HINT = re.compile(r":(?::|[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:[0-9A-Fa-f]{1,4}:)")
_MARGIN = 40  # labels and prefixes before a number (+86, 企鹅号码：), extensions after, a whole IPv6
# Runs of full-width letters, digits and ＠．－＋ are searched in their ASCII form; （）and ： are
# in the regexes instead, as they are in almost every Chinese text and a whole-text translate costs.
_FULLWIDTH_RUN = re.compile("[０-９Ａ-Ｚａ-ｚ＠．－＋]+")
_ID = re.compile(_NOT_ALNUM + r"\d{17}[\dXx]" + _NOT_ALNUM_AFTER)
_ID15 = re.compile(_NOT_ALNUM + r"\d{15}" + _NOT_ALNUM_AFTER)
_MOBILE = re.compile(r"(?<![\d+])(?:[(（]?(?:\+|00)?86[)）]?[ -]?)?1[3-9]\d(?:[ -]?\d{4}){2}(?!\d)")
_AREA = r"0(?:10|2\d|[3-9]\d{2})"
_SEP = r"[ \-—–]"  # newspapers set the dash as — (010—64365566)
_LOCAL = r"[1-9]\d{2,3}" + _SEP + r"?\d{4}"
_EXT = r"(?:\s*(?:转|轉|分机|分機|ext\.?|Ext\.?|EXT\.?|-|—)\s*\d{1,6})?"
# +86 drops the trunk 0; without it the area code is set off by a dash, a space or brackets.
# A number written without any separator is matched by the `bare` branch, which needs a phone word.
_LANDLINE = re.compile(
    _NUM_START + r"(?:(?:\+|00)86[ -]?(?:[(（]0[)）])?(?:10|2\d|[3-9]\d{2})" + _SEP + "?" + _LOCAL
    + r"|[(（]" + _AREA + r"[)）]" + _SEP + "?" + _LOCAL + r"|" + _AREA + _SEP + _LOCAL
    + r"|[48]00[ -]?\d{3}[ -]?\d{4}|(?P<bare>" + _AREA + r"[2-9]\d{6,7}))" + _EXT + _NUM_END)
_TABLE_COLUMN = re.compile(r"\d[.·]\d+ +$")
_SHORT_NUMBER = re.compile(r"(?<![\d.])\d{3,6}(?![\d.])")
_PHONE_WORD = re.compile(r"(?:电话|電話|热线|熱線|拨打|撥打|致电|致電|客服|报警|報警|急救|call|Call|CALL)\D{0,3}$")
_EMAIL = re.compile(r"[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}")
_OBF_AT = r"\s*[\[(<{【（]\s*at\s*[\])>}】）]\s*"
_OBF_DOT = r"(?:\s*[\[(<{【（]\s*dot\s*[\])>}】）]\s*| +dot +|\.)"
_EMAIL_OBFUSCATED = re.compile(
    r"(?<![A-Za-z0-9._%+-])(?P<user>[A-Za-z0-9][A-Za-z0-9._%+-]{0,63})(?P<at>" + _OBF_AT + r"| +at +)"
    r"[A-Za-z0-9-]+(?:" + _OBF_DOT + r"[A-Za-z0-9-]+)*" + _OBF_DOT + r"[A-Za-z]{2,24}(?![A-Za-z0-9])", re.IGNORECASE)
_AT_WORD = re.compile(r"(?i:[\[(<{【（]\s*at\s*[\])>}】）]| at )")
# Card numbers are printed whole or in groups of four (the last group 1-4 digits long).
_CARD = re.compile(r"(?<![\d-])(?:\d{16,19}|\d{4}(?:([ -])\d{4})(?:\1\d{4}){2}(?:\1\d{1,3})?)(?![\d-])(?! \d)")
_QQ = re.compile(r"(?:QQ|qq|扣扣|企鹅号)(?:号码|号)?\s*[:：]?\s*([1-9]\d{4,10})(?!\d)")
_WECHAT = re.compile(r"(?:微信号?|V信|v信|vx|VX|wx|WX|weixin)\s*[:：]\s*([A-Za-z][A-Za-z0-9_-]{5,19})(?![A-Za-z0-9_-])")
_IPV4 = re.compile(r"(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.])")
# IPv6 candidates: hex groups and colons (a dotted IPv4 may end them), not inside a longer run of
# them, starting with a group or `::`; ipaddress decides. "IP:2001:db8::1" starts at 2001; a time
# 12:30:45 has 3 groups and no ::.
_IPV6 = re.compile(r"(?<![0-9A-Fa-f.])(?<![0-9A-Fa-f]:)(?<!::)(?!:[^:])(?=[0-9A-Fa-f]{0,4}:[0-9A-Fa-f]{0,4}:)"
                   r"[0-9A-Fa-f:]{2,39}(?:(?<=:)\d{1,3}(?:\.\d{1,3}){3})?(?![0-9A-Za-z:]|\.\d)")
_HK_ID = re.compile(_NOT_ALNUM + r"([A-Z]{1,2})(\d{6}) ?[(（]?([0-9A])[)）]?" + _NOT_ALNUM_AFTER)
_MACAU_ID = re.compile(_NOT_ALNUM + r"[157]\d{6} ?[(（]\d[)）]")
_TAIWAN_ID = re.compile(_NOT_ALNUM + r"[A-Z][1289]\d{8}" + _NOT_ALNUM_AFTER)
# Mainland E12345678 / EA1234567 (and old G, diplomatic D, service S/SE, public affairs P/PE),
# HK K/H, Macau MA/MB, travel permits C/CA, W: letters then digits, 9 characters in all.
_PASSPORT = re.compile(_NOT_ALNUM + r"(?:[A-Z]\d{8}|[A-Z]{2}\d{7})" + _NOT_ALNUM_AFTER)


def valid_id_card(s: str) -> bool:
    """An 18-character resident ID: province code, birth date, MOD 11-2 check character."""
    if not _valid_region_and_birth(s[:6], s[6:14]):
        return False
    check = (12 - sum(int(c) * w for c, w in zip(s[:17], _ID_WEIGHTS)) % 11) % 11
    return s[17].upper() == ("X" if check == 10 else str(check))


def valid_legacy_id_card(s: str) -> bool:
    """A 15-digit resident ID (issued before 1999): province code and a 19YYMMDD birth date;
    it has no check digit, hence the context word it needs."""
    return _valid_region_and_birth(s[:6], "19" + s[6:12])


def _valid_region_and_birth(region: str, born: str) -> bool:
    if int(region[:2]) not in _PROVINCES:
        return False
    try:
        day = datetime.date(int(born[:4]), int(born[4:6]), int(born[6:8]))
    except ValueError:
        return False
    return datetime.date(1900, 1, 1) <= day <= datetime.date.today()


def luhn_valid(digits: str) -> bool:
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def hk_id_check(letters: str, digits: str) -> str:
    """The check character of a Hong Kong identity card: weights 9..2 over the (space-padded)
    letters, A=10..Z=35, space=36, and the six digits; 11 - sum mod 11, 10 written `A`."""
    values = ([36] if len(letters) == 1 else []) + [ord(c) - 55 for c in letters] + [int(d) for d in digits]
    check = (11 - sum(v * w for v, w in zip(values, range(9, 1, -1))) % 11) % 11
    return "A" if check == 10 else str(check)


def valid_taiwan_id(s: str) -> bool:
    """A Taiwan national ID (or new-style resident certificate): the letter's two-digit code and
    nine digits, weighted 1, 9, 8..1, 1, sum to a multiple of 10."""
    code = _TW_LETTERS.get(s[0])
    if code is None:
        return False
    values = [code // 10, code % 10] + [int(c) for c in s[1:]]
    return sum(v * w for v, w in zip(values, (1, 9, 8, 7, 6, 5, 4, 3, 2, 1, 1))) % 10 == 0


def _label(words: list[str] | None) -> re.Pattern | None:
    """A label right before a number: one of `words`, then at most a few of 号码编为是：# and spaces."""
    words = [w for w in words or () if w]
    if not words:
        return None
    return re.compile("(?:" + "|".join(map(re.escape, sorted(words, key=len, reverse=True)))
                      + r")[号碼码编號为為是:：#\s]{0,4}$")


def _words(words: list[str] | None) -> re.Pattern | None:
    words = [w for w in words or () if w]
    return re.compile("|".join(map(re.escape, sorted(words, key=len, reverse=True)))) if words else None


@dataclass
class PiiRules:
    """What the finder looks for, compiled from `filters/pii_zh.yaml` (or a recipe's overrides)."""

    kinds: frozenset[str]
    context: dict[str, re.Pattern | None]
    context_window: int
    not_personal: re.Pattern | None
    keep_public: bool
    public_numbers: frozenset[str]
    public_prefixes: tuple[str, ...]
    public_context: re.Pattern | None

    @classmethod
    def from_config(cls, cfg: dict[str, Any]) -> PiiRules:
        kinds = cfg.get("kinds") or {}
        unknown = sorted(set(kinds) - set(KINDS))
        if unknown:
            raise ValueError(f"pii: unknown kind(s) {', '.join(unknown)}; known: {', '.join(KINDS)}")
        context = cfg.get("context") or {}
        unknown = sorted(set(context) - set(CONTEXT_KEYS))
        if unknown:
            raise ValueError(f"pii: unknown context list(s) {', '.join(unknown)}; known: {', '.join(CONTEXT_KEYS)}")
        public = cfg.get("public_numbers") or {}
        unknown = sorted(set(public) - {"keep", "numbers", "prefixes", "context"})
        if unknown:
            raise ValueError(f"pii: unknown public_numbers key(s) {', '.join(unknown)}; "
                             "known: keep, numbers, prefixes, context")
        return cls(kinds=frozenset(k for k in KINDS if kinds.get(k, True)),
                   context={k: _words(context.get(k)) for k in CONTEXT_KEYS},
                   context_window=int(cfg.get("context_window", 20)),
                   not_personal=_label(cfg.get("not_personal_labels")),
                   keep_public=bool(public.get("keep", True)),
                   public_numbers=frozenset(str(n) for n in public.get("numbers") or ()),
                   public_prefixes=tuple(re.sub(r"\D", "", str(p)) for p in public.get("prefixes") or ()),
                   public_context=_words(public.get("context")))


class PiiFinder:
    """Finds personal data in text under a set of rules; `find` is the whole search."""

    def __init__(self, rules: PiiRules) -> None:
        self.rules = rules

    def _near(self, words: re.Pattern | None, t: str, start: int, end: int, after: bool = True) -> bool:
        """Whether one of `words` is within the context window before (or after) t[start:end]."""
        if words is None:
            return False
        w = self.rules.context_window
        return bool(words.search(t, max(0, start - w), start) or (after and words.search(t, end, end + w)))

    def _not_personal(self, t: str, start: int) -> bool:
        """A number labelled as an order, tracking, serial or ISBN number ("订单号：", the label
        right before it), or a column of a table of decimal numbers ("３１．９７ １８２４６３０５７９２",
        a stock table's turnover), is not personal data."""
        before = t[max(0, start - 12):start]
        labels = self.rules.not_personal
        return bool(labels is not None and labels.search(before)) or bool(_TABLE_COLUMN.search(before))

    def _public_line(self, t: str, start: int, number: str) -> bool:
        """A service line (95588, 400-810-8888: prefixes) or a landline the page labels as an
        institution's (客服热线：...) is not personal data."""
        r = self.rules
        # an area-coded number starts with 0 (or +86), so the prefixes only meet service lines
        if not number.startswith("+") and re.sub(r"\D", "", number).startswith(r.public_prefixes):
            return True
        return self._near(r.public_context, t, start, start, after=False)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, kind) of each match in `text`, not overlapping, in text order. Full-width
        characters are matched as their ASCII forms (the translation keeps offsets)."""
        r = self.rules
        kinds = r.kinds
        t = _FULLWIDTH_RUN.sub(_to_ascii, text)
        found: list[tuple[int, int, str]] = []
        taken = bytearray(len(t))

        def add(start: int, end: int, kind: str) -> None:
            if not any(taken[start:end]):
                found.append((start, end, kind))
                taken[start:end] = b"\x01" * (end - start)

        if "email" in kinds:  # first: 13812345678@qq.com is an email, not a mobile
            if "@" in t:
                for m in _EMAIL.finditer(t):
                    add(m.start(), m.end(), "email")
            if _AT_WORD.search(t):
                for m in _EMAIL_OBFUSCATED.finditer(t):
                    if self._unambiguous_obfuscation(t, m):
                        add(m.start(), m.end(), "email")
        if "wechat" in kinds:
            for m in _WECHAT.finditer(t):
                add(m.start(1), m.end(1), "wechat")
        for lo, hi in _windows(t):
            self._numbers(t, lo, hi, add)
        if "landline" in kinds and not r.keep_public:
            # Service codes (110, 12345, 95588) are phone numbers only after a phone word.
            for m in _SHORT_NUMBER.finditer(t):
                n = m.group()
                if (n in r.public_numbers or (len(n) >= 5 and n.startswith(r.public_prefixes))) \
                        and _PHONE_WORD.search(t, max(0, m.start() - 8), m.start()):
                    add(m.start(), m.end(), "landline")
        found.sort()
        return found

    def _numbers(self, t: str, lo: int, hi: int, add) -> None:
        """The digit-bearing kinds in t[lo:hi], most specific first (a checked ID before a card,
        a card before a phone number)."""
        r = self.rules
        kinds = r.kinds
        if "id_card" in kinds:
            for m in _ID.finditer(t, lo, hi):
                if valid_id_card(m.group()) and not self._not_personal(t, m.start()):
                    add(m.start(), m.end(), "id_card")
            for m in _ID15.finditer(t, lo, hi):
                if valid_legacy_id_card(m.group()) and self._near(r.context["id_card_legacy"], t, m.start(), m.end()):
                    add(m.start(), m.end(), "id_card")
        if "hk_id" in kinds:
            for m in _HK_ID.finditer(t, lo, hi):
                if hk_id_check(m[1], m[2]) == m[3] and self._near(r.context["hk_id"], t, m.start(), m.end()):
                    add(m.start(), m.end(), "hk_id")
        if "macau_id" in kinds:
            for m in _MACAU_ID.finditer(t, lo, hi):
                if self._near(r.context["macau_id"], t, m.start(), m.end()):
                    add(m.start(), m.end(), "macau_id")
        if "taiwan_id" in kinds:
            for m in _TAIWAN_ID.finditer(t, lo, hi):
                if valid_taiwan_id(m.group()) and self._near(r.context["taiwan_id"], t, m.start(), m.end()):
                    add(m.start(), m.end(), "taiwan_id")
        if "passport" in kinds:
            for m in _PASSPORT.finditer(t, lo, hi):
                if self._near(r.context["passport"], t, m.start(), m.end()):
                    add(m.start(), m.end(), "passport")
        if "qq" in kinds:
            for m in _QQ.finditer(t, lo, hi):
                add(m.start(1), m.end(1), "qq")
        if "bank_card" in kinds:
            for m in _CARD.finditer(t, lo, hi):
                digits = re.sub(r"[ -]", "", m.group())
                if luhn_valid(digits) and len(set(digits)) > 2 and not self._not_personal(t, m.start()):
                    add(m.start(), m.end(), "bank_card")
        if "mobile" in kinds:
            for m in _MOBILE.finditer(t, lo, hi):
                if not self._not_personal(t, m.start()):
                    add(m.start(), m.end(), "mobile")
        if "landline" in kinds:
            for m in _LANDLINE.finditer(t, lo, hi):
                start = m.start()
                if m["bare"] and not self._near(r.context["landline_bare"], t, start, start, after=False):
                    continue
                if self._not_personal(t, start):
                    continue
                if r.keep_public and self._public_line(t, start, m.group()):
                    continue
                add(start, m.end(), "landline")
        if "ip" in kinds:
            for m in _IPV6.finditer(t, lo, hi):  # first: ::ffff:192.0.2.1 is one IPv6 address
                # "IP:::1": the label's colon is glued to the address
                start = m.start() + m.group().startswith(":::")
                if _valid_ipv6(t[start:m.end()]):
                    add(start, m.end(), "ip")
            for m in _IPV4.finditer(t, lo, hi):
                add(m.start(), m.end(), "ip")

    @staticmethod
    def _unambiguous_obfuscation(t: str, m: re.Match) -> bool:
        """`zhang[at]example[dot]com` always; a bare ` at ` only with a `dot` domain, a digit or
        `_` in the name, or the name glued to Han text or a colon ("邮箱：zhang at 163.com"), so
        "look at example.com" is left alone."""
        if m["at"].strip().lower() != "at":  # [at], (at), 【at】
            return True
        domain = t[m.end("at"):m.end()]
        before = t[m.start() - 1] if m.start() else ""
        return (bool(re.search(r"dot", domain, re.IGNORECASE)) or bool(re.search(r"[\d_]", m["user"]))
                or not before or not (before.isascii() and (before.isalnum() or before.isspace())))


def _to_ascii(m: re.Match) -> str:
    return m.group().translate(_FULLWIDTH)


def _windows(t: str) -> list[tuple[int, int]]:
    """Merged [lo, hi) spans of _MARGIN characters around each digit cluster of `t`."""
    spans: list[tuple[int, int]] = []
    clusters = list(_CLUSTER.finditer(t))
    if ":" in t:
        clusters = sorted(clusters + list(_IPV6_HINT.finditer(t)), key=lambda m: m.start())
    for m in clusters:
        lo, hi = max(0, m.start() - _MARGIN), m.end() + _MARGIN
        if spans and lo <= spans[-1][1]:
            spans[-1] = (spans[-1][0], hi)
        else:
            spans.append((lo, hi))
    return spans


def _valid_ipv6(s: str) -> bool:
    if not any(c.isdigit() for c in s):
        return False
    try:
        ipaddress.IPv6Address(s)
    except ValueError:
        return False
    return True


def load_pii_rules(rules: str = "pii_zh", **overrides: Any) -> tuple[dict[str, Any], PiiRules]:
    """The rule file `rules` with recipe overrides applied: `kinds` as a list (only these) or a
    mapping (switches), `public_numbers` merged key by key, any other key replaced."""
    cfg = read_rules(rules)
    for key, value in overrides.items():
        if value is None:
            continue
        if key == "kinds" and isinstance(value, list):
            unknown = sorted(set(value) - set(KINDS))
            if unknown:
                raise ValueError(f"pii: unknown kind(s) {', '.join(unknown)}; known: {', '.join(KINDS)}")
            value = {k: k in value for k in KINDS}
        if key in ("kinds", "public_numbers", "context") and isinstance(value, dict):
            value = {**(cfg.get(key) or {}), **value}
        cfg[key] = value
    return cfg, PiiRules.from_config(cfg)


@lru_cache(maxsize=1)
def _default_finder() -> PiiFinder:
    return PiiFinder(load_pii_rules()[1])


def find_pii(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each match in `text` under the shipped rules (filters/pii_zh.yaml)."""
    return _default_finder().find(text)


@register
class Pii(Stage):
    """Replace personal data (IDs, phones, emails, bank cards, QQ/WeChat, IPs, passports) by placeholders."""

    name = "pii"
    # pii_chars_removed: characters of the original minus the placeholders' (negative when the
    # placeholders are longer), so the funnel can tell edits from drops as it does for clean.
    columns = {"pii_count": pa.int32(), "pii_kinds": pa.string(), "pii_chars_removed": pa.int32()}
    param_ranges = {"max_matches": (1, 1_000_000), "context_window": (1, 200)}

    def __init__(self, rules: str = "pii_zh", kinds: list[str] | dict[str, bool] | None = None,
                 placeholder: str | None = None, placeholders: dict[str, str] | None = None,
                 max_matches: int | None = None, context_window: int | None = None,
                 context: dict[str, list[str]] | None = None, not_personal_labels: list[str] | None = None,
                 public_numbers: dict[str, Any] | None = None, **params: Any) -> None:
        super().__init__(**params)
        cfg, self.rules = load_pii_rules(
            rules, kinds=kinds, placeholder=placeholder, context_window=context_window, context=context,
            not_personal_labels=not_personal_labels, public_numbers=public_numbers)
        self.finder = PiiFinder(self.rules)
        style = cfg.get("placeholder", "typed")
        tables = cfg.get("placeholders") or {}
        if style not in tables:
            raise ValueError(f"pii: placeholder style {style!r} has no table; known: {', '.join(sorted(tables))}")
        unknown = sorted(set(placeholders or ()) - set(KINDS))
        if unknown:
            raise ValueError(f"pii: placeholders for unknown kind(s) {', '.join(unknown)}")
        self.placeholders = {**tables[style], **(placeholders or {})}
        missing = sorted(self.rules.kinds - set(self.placeholders))
        if missing:
            raise ValueError(f"pii: no placeholder for {', '.join(missing)} in style {style!r}")
        # more matches than this: a leaked list, dropped whole
        self.max_matches = max_matches if max_matches is not None else cfg.get("max_matches")

    @property
    def kinds(self) -> frozenset[str]:
        return self.rules.kinds

    def thresholds(self) -> list[tuple]:
        if self.max_matches is None:
            return []
        return [("pii_list", "pii_count", "max", self.max_matches, "personal data matches in the document")]

    def process(self, doc: Document) -> str | None:
        matches = self.finder.find(doc.text)
        doc.signals["pii_count"] = len(matches)
        kinds = Counter(kind for _, _, kind in matches)
        doc.signals["pii_kinds"] = ",".join(sorted(kinds)) or None
        doc.signals["pii_chars_removed"] = 0
        if not matches:
            return None
        self.counts.update({f"match_{k}": n for k, n in kinds.items()})
        self.counts["documents_touched"] += 1
        if self.max_matches is not None and len(matches) > self.max_matches:
            return "pii_list"
        parts, last = [], 0
        for start, end, kind in matches:
            parts += [doc.text[last:start], self.placeholders[kind]]
            last = end
        text = "".join(parts) + doc.text[last:]
        doc.signals["pii_chars_removed"] = len(doc.text) - len(text)
        doc.text = text
        return None
