from curate.document import Document
from curate.stages.language import Language, han_script, identify
from curate.stages.prefilter import Prefilter, may_hold_han

HANS = ("城市轨道交通的发展让市民出行更加方便。新线路开通以后，从郊区到市中心只需要半个小时，"
        "沿线的商业和住宅也随之兴旺起来。专家提醒，规划时还要考虑换乘和无障碍设施。")
HANT = ("城市軌道交通的發展讓市民出行更加方便。新線路開通以後，從郊區到市中心只需要半個小時，"
        "沿線的商業和住宅也隨之興旺起來。專家提醒，規劃時還要考慮轉乘和無障礙設施。")
JA_KANJI = ("東京都議会は本日、新年度予算案を賛成多数で可決した。都市交通網整備事業費は前年度比三割増となり、"
            "知事は記者会見で地域経済活性化への期待を述べた。")
KO = "서울시는 오늘 새로운 지하철 노선을 개통했다. 시민들은 출퇴근 시간이 크게 줄었다고 말했다."
EN = "The city opened a new subway line today. Commuters said their travel time was cut in half."
CODE = "\n".join(f"    result_{i} = compute_value(data[{i}], threshold=0.5)  # update the running total"
                 for i in range(60))


def test_simplified_chinese_is_zh_hans():
    s = identify(HANS)
    assert s["lang"] == "zh" and s["script"] == "Hans" and s["lang_score"] > 0.9 and s["han_ratio"] > 0.8


def test_traditional_chinese_is_zh_hant():
    s = identify(HANT)
    assert s["lang"] == "zh" and s["script"] == "Hant"
    assert han_script(HANT) == "Hant" and han_script(HANS) == "Hans"


def test_kanji_rich_japanese_is_not_chinese():
    s = identify(JA_KANJI)
    assert s["lang"] == "ja" and s["script"] is None


def test_korean_and_english_are_not_chinese():
    assert identify(KO)["lang"] == "ko"
    assert identify(EN)["lang"] == "en"
    assert identify(EN + " The word 地铁 means subway.")["lang"] == "en"


def test_chinese_page_with_a_long_english_code_block_is_still_chinese():
    text = f"{HANS}\n{CODE}\n{HANS}"
    s = identify(text)
    assert s["lang"] == "zh" and s["han_ratio"] < 0.3


def test_language_stage_tags_and_drops_with_reasons():
    stage = Language()
    stage.setup()
    zh, ja = Document(id="zh", text=HANT), Document(id="ja", text=JA_KANJI)
    assert stage.process(zh) is None and zh.signals["script"] == "Hant"
    assert stage.process(ja) == "lang_ja" and ja.signals["lang"] == "ja"
    assert set(Language.columns) == {"lang", "lang_score", "script", "han_ratio"}


def test_prefilter_passes_chinese_in_any_encoding_and_drops_the_rest():
    html = f"<html><body><p>{HANS * 2}</p></body></html>"
    assert may_hold_han(html.encode("utf-8"), 50)
    assert may_hold_han(html.encode("gbk"), 50)
    assert may_hold_han(f"<p>{HANT * 2}</p>".encode("big5"), 50)
    assert not may_hold_han(f"<p>{EN * 20}</p>".encode(), 50)
    assert not may_hold_han(f"<p>{EN * 20} café naïve — “quoted”</p>".encode(), 50)
    assert not may_hold_han(("<p>Москва — столица России, крупнейший город страны.</p>" * 20).encode(), 50)
    assert not may_hold_han(f"<p>{KO * 10}</p>".encode(), 50)
    assert not may_hold_han(f"<p>{EN} 地铁 {EN}</p>".encode(), 50)
    stage = Prefilter(min_han=50)
    assert stage.process(Document(id="x", raw=f"<p>{EN * 20}</p>".encode())) == "too_little_han"


def test_han_without_kana_is_never_japanese():
    # a table of place names: lid.176 alone says ja (0.997); with no kana it is Chinese text
    table = "東京 大阪 名古屋 京都 神戸 横浜 札幌 福岡 仙台 広島 北九州 千葉 埼玉 新潟 静岡 浜松 熊本 岡山 相模原"
    from curate.stages.language import lid_model
    assert lid_model().predict(table, k=1)[0][0] == "__label__ja"
    got = identify(table)
    assert got["lang"] == "zh" and got["lang_score"] >= 0.5
    # one kana-bearing sentence keeps real Japanese Japanese
    assert identify(table + "\n東京と大阪の天気は、明日から雨になるでしょう。")["lang"] == "ja"


def test_mojibake_is_passed_on_to_the_quality_rule_not_called_english():
    from curate.stages.quality import Quality, mojibake_share

    stage, quality = Language(), Quality()
    stage.setup()
    broken = {"utf-8 read as gbk": (HANS * 2).encode("utf-8").decode("gbk", "replace"),
              "gbk read as latin-1": (HANS * 2).encode("gbk").decode("latin-1"),
              "utf-8 read as latin-1": (HANS * 2).encode("utf-8").decode("latin-1")}
    for how, text in broken.items():
        doc = Document(id=how, text=text)
        assert stage.process(doc) is None, (how, doc.signals)
        assert doc.signals["lang"] == "und" and doc.signals["script"] is None
        assert quality.process(doc) == "mojibake", (how, doc.signals)
    assert stage.counts["mojibake_passed_on"] == 3
    # accented European text and real English are no mojibake, and keep their verdicts
    accents = "Le café de la Größe Straße à São Paulo: naïve élève, Ñoño über Mädchen, façade déjà vu."
    assert mojibake_share(accents) == 0.0
    assert stage.process(Document(id="fr", text=accents * 3)).startswith("lang_")
    assert stage.process(Document(id="en", text=EN)) == "lang_en"
    # Chinese prose with quotes, ellipses and a placeholder name is not mojibake either
    assert mojibake_share("他说：“……”张××表示，气温25°C，涨幅±0.5%。" + HANS) == 0.0
    off = Language(mojibake_min=None)
    assert off.process(Document(id="off", text=broken["gbk read as latin-1"])) is not None
