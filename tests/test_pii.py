"""The pii stage: generated personal data with valid check digits inside Chinese sentences is
replaced; numbers that are not personal data (dates, amounts, service lines, ISBNs) are kept."""

import random

import pytest

from curate.document import Document
from curate.stages.pii import Pii, find_pii, luhn_valid, valid_id_card

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def make_id(rng: random.Random) -> str:
    body = f"{rng.choice([11, 31, 44, 51, 65])}{rng.randint(1, 99):02d}{rng.randint(1, 99):02d}" \
           f"{rng.randint(1950, 2005)}{rng.randint(1, 12):02d}{rng.randint(1, 28):02d}{rng.randint(0, 999):03d}"
    check = (12 - sum(int(c) * w for c, w in zip(body, WEIGHTS)) % 11) % 11
    return body + ("X" if check == 10 else str(check))


def make_card(rng: random.Random, n: int = 16) -> str:
    digits = "62" + "".join(str(rng.randint(0, 9)) for _ in range(n - 3))
    for last in "0123456789":
        if luhn_valid(digits + last):
            return digits + last
    raise AssertionError


def test_check_digits():
    rng = random.Random(1)
    for _ in range(200):
        s = make_id(rng)
        assert valid_id_card(s)
        wrong = s[:17] + ("0" if s[17] != "0" else "1")
        assert not valid_id_card(wrong)
        assert luhn_valid(make_card(rng, rng.randint(16, 19)))


@pytest.mark.parametrize("fmt, kind", [
    ("本人身份证号码{id}，如有疑问请联系。", "id_card"),
    ("请拨打138-1234-5678联系王先生。", "mobile"),
    ("电话：+86 13812345678，欢迎来电。", "mobile"),
    ("手机0086-139 1234 5678随时联系", "mobile"),
    ("联系邮箱abc@example.com获取资料", "email"),
    ("投稿请发至ABC.DEF@EXAMPLE.COM，谢谢。", "email"),
    ("邮箱：zhang３＠qq．com", "email"),
    ("收款卡号{card}，户名张三。", "bank_card"),
    ("加我QQ：12345678详谈", "qq"),
    ("扣扣 87654321 有问题找我", "qq"),
    ("微信号：abc_123456，备注来意", "wechat"),
    ("服务器地址192.168.1.20已经停用", "ip"),
])
def test_each_kind_is_found_in_a_sentence(fmt, kind):
    rng = random.Random(7)
    text = fmt.format(id=make_id(rng), card=make_card(rng))
    kinds = [k for _, _, k in find_pii(text)]
    assert kinds == [kind], (text, kinds)


def test_recall_on_generated_ids_and_cards():
    rng = random.Random(3)
    texts = [f"经查，当事人身份证号{make_id(rng)}，银行卡{make_card(rng, rng.randint(16, 19))}。" for _ in range(300)]
    found = sum(len(find_pii(t)) for t in texts)
    assert found == 600


@pytest.mark.parametrize("text", [
    "1998年1月1日，19980101号文件发布。",
    "全年国内生产总值达到74772亿元，增长8.8%。",
    "工商银行客服电话95588，市民热线12345，报警请拨110。",
    "订购热线400-810-8888，全国免费。",
    "ISBN 978-7-01-002345-6，定价32.00元。",
    "股票代码600519今日上涨。",
    "版本号为1.2.3.4.5的软件",
])
def test_numbers_that_are_not_personal_data_are_kept(text):
    assert find_pii(text) == []


def test_stage_replaces_with_placeholders_and_counts():
    stage = Pii()
    doc = Document(id="1", text="联系人张先生，手机13812345678，邮箱zhang@example.com。")
    assert stage.process(doc) is None
    assert doc.text == "联系人张先生，手机<手机号>，邮箱<邮箱>。"
    assert doc.signals == {"pii_count": 2, "pii_kinds": "email,mobile", "pii_chars_removed": 19}
    assert stage.counts["match_mobile"] == 1 and stage.counts["documents_touched"] == 1


def test_a_leaked_list_is_dropped_whole():
    rng = random.Random(5)
    stage = Pii(max_matches=3)
    doc = Document(id="1", text="\n".join(f"{i}. 身份证{make_id(rng)}" for i in range(5)))
    assert stage.process(doc) == "pii_list"
    with pytest.raises(ValueError, match="unknown kind"):
        Pii(kinds=["phone_of_cat"])


def test_wechat_id_without_digit_runs_is_found():
    assert [k for _, _, k in find_pii("加微信号：wxa1b2c3d4，今天就发货")] == ["wechat"]
