"""The record list of the sample crawl: one spec per WARC record after the warcinfo, in file order,
with what the pipeline should do with it (truth.json)."""

import json
import random

from .pages import (adult_spam, blog_page, deep_page, error_404, error_500, forum_page, gambling_spam,
    hk_news_page, mojibake_page, nav_only, news_a, news_b, old_gov_page, qa_page, redirect_body, seo_spam,
    simple_page, tutorial_page, tw_blog_page, tw_news_page, wechat_page)
from .texts import (BOOK, BOOK_TITLE, EBIKE_MAIN, EBIKE_REPLIES, EBIKE_TITLE, EN, ENZH, ENZH_TITLE, EN_TITLE,
    FLOOD, FLOOD_TITLE, HIKE, HIKE_TITLE, HOSP, HOSP_TITLE, JA, JA_TITLE, KIWI, KIWI_TITLE, KO, KO_TITLE,
    LIB, LIB_TITLE, PORK, PORK_HANT, PORK_HANT_TITLE, PORK_TITLE, QA_ANSWERS, QA_QUESTION, QA_TITLE, RECYCLE,
    RECYCLE_TITLE, RU, RU_TITLE, SUBWAY, SUBWAY_TITLE, TAINAN, TAINAN_TITLE, TEA, TEAFARM, TEAFARM_TITLE,
    TEA_TITLE, TOMATO, TOMATO_TITLE, TOWN, TOWN_TITLE, TRAM, TRAM_TITLE, TUT_AFTER, TUT_BEFORE, TUT_CODE,
    TUT_TITLE)

SPECS = []


def add(**kw):
    base = dict(key=None, wtype="response", url=None, status=200, reason="OK", ctype=None, extra_headers=(),
                body=b"", server="nginx", expect=None, lang=None, script=None, charset=None, template=None,
                dup_of=None, title=None, article=None, raw_block=None, refers=None, truncate=False)
    base.update(kw)
    if base["key"] is None:
        base["key"] = "r%d" % len(SPECS)
    SPECS.append(base)
    return base


def html_rec(key, url, page, charset, ctype, expect, lang, script, template, title, article, **kw):
    if isinstance(page, str):
        page = page.encode(charset)
    add(key=key, url=url, ctype=ctype, body=page, expect=expect, lang=lang, script=script,
        charset=charset, template=template, title=title, article=article, **kw)


def build_specs():
    # --- warcinfo is written separately (record 0) ---

    # 1-3: request, response, metadata for the subway story
    add(key="req_subway", wtype="request", url="https://www.jianglin-daily.cn/local/20240302/5xian.html",
        refers="subway", expect="non_response")
    html_rec("subway", "https://www.jianglin-daily.cn/local/20240302/5xian.html",
             news_a("江临日报网", "www.jianglin-daily.cn", "本地", SUBWAY_TITLE, SUBWAY, "2024-03-02 10:15",
                    "江临日报", "记者 孙立新 通讯员 张雯", "许晴", "湘ICP备12003456号-1", seed=21),
             "utf-8", "text/html; charset=utf-8", "kept_zh", "zh", "Hans", "news", SUBWAY_TITLE, SUBWAY)
    add(key="meta_subway", wtype="metadata", url="https://www.jianglin-daily.cn/local/20240302/5xian.html",
        refers="subway", expect="non_response")

    html_rec("kiwi", "http://news.qingchuan-online.com/2023/1018/agri-kiwi.shtml",
             news_a("青川在线", "news.qingchuan-online.com", "三农", KIWI_TITLE, KIWI, "2023-10-18 08:40",
                    "青川县融媒体中心", "罗平", "赵一鸣", "蜀ICP备15007788号", seed=22),
             "utf-8", "text/html;charset=UTF-8", "kept_zh", "zh", "Hans", "news", KIWI_TITLE, KIWI)

    html_rec("hosp", "https://www.163-portal.example.com/news/article/J8K2M3P40001.html",
             news_b("网易新闻", "163-portal.example.com", HOSP_TITLE, HOSP, "2024-02-28 09:03:12",
                    "健康时报", "李倩_NH5021"),
             "utf-8", "text/html; charset=utf-8", "kept_zh", "zh", "Hans", "news", HOSP_TITLE, HOSP)

    add(key="req_hike", wtype="request", url="https://shanfeng.blog.example.net/2024/05/12/aobeiling/",
        refers="hike", expect="non_response")
    html_rec("hike", "https://shanfeng.blog.example.net/2024/05/12/aobeiling/",
             blog_page("山风的笔记", "shanfeng.blog.example.net", HIKE_TITLE, HIKE, "2024年5月12日", "山风",
                       ["旅行", "户外"], ["徒步", "露营", "鳌背岭"],
                       [("阿敏", "2024年5月12日 22:10", "终于写出来了！那碗泡面我能记一辈子。"),
                        ("路过的驴友", "2024年5月14日 09:31", "请问碎石坡那段大概要走多久？准备六月去。"),
                        ("山风", "2024年5月14日 12:02", "我们走了一个半小时左右，雨季慎重。")], seed=31),
             "utf-8", "text/html; charset=UTF-8", "kept_zh", "zh", "Hans", "blog", HIKE_TITLE, HIKE, server="Apache")

    html_rec("pork", "https://www.xiaochu-jia.example.com/recipes/hongshaorou.html",
             blog_page("小厨记", "www.xiaochu-jia.example.com", PORK_TITLE, PORK, "2024年1月26日", "小厨娘",
                       ["美食"], ["家常菜", "红烧肉", "年夜饭"],
                       [("吃货一枚", "2024年1月27日 18:40", "照着做了，真的不用加水！黄酒要用好一点的。")], seed=32),
             "utf-8", "text/html; charset=UTF-8", "kept_zh", "zh", "Hans", "blog", PORK_TITLE, PORK)

    forum_article = EBIKE_MAIN + [t for _, t in EBIKE_REPLIES]
    html_rec("ebike", "http://bbs.jianglin-life.cn/forum.php?mod=viewthread&tid=93412",
             forum_page(EBIKE_TITLE, EBIKE_MAIN, EBIKE_REPLIES, seed=41),
             "utf-8", "text/html; charset=utf-8", "kept_zh", "zh", "Hans", "forum", EBIKE_TITLE, forum_article,
             extra_headers=(("X-Powered-By", "PHP/7.2.34"), ("Set-Cookie", "jL6a_2132_saltkey=Q8xk; path=/; httponly")))

    html_rec("tea", "https://wx-mirror.example.org/a/MzA5NDc1NzQ4MQ/2247501234_1.html",
             wechat_page(TEA_TITLE, TEA, "茶知道", "陆小茗", "2024-03-02 08:00"),
             "utf-8", "text/html; charset=utf-8", "kept_zh", "zh", "Hans", "wechat", TEA_TITLE, TEA)

    qa_article = QA_QUESTION + [p for _, _, ps_ in QA_ANSWERS for p in ps_]
    html_rec("qa", "https://www.wenda-example.com/question/612345678",
             qa_page(QA_TITLE, QA_QUESTION, QA_ANSWERS),
             "utf-8", "text/html; charset=utf-8", "kept_zh", "zh", "Hans", "qa", QA_TITLE, qa_article)

    tut_article = TUT_BEFORE + [TUT_CODE] + TUT_AFTER
    add(key="req_tut", wtype="request", url="https://code-station.example.cn/python/basic/wordfreq.html",
        refers="tut", expect="non_response")
    html_rec("tut", "https://code-station.example.cn/python/basic/wordfreq.html",
             tutorial_page(TUT_TITLE, TUT_BEFORE, TUT_CODE, TUT_AFTER),
             "utf-8", "text/html; charset=utf-8", "kept_zh", "zh", "Hans", "tutorial", TUT_TITLE, tut_article)

    # GBK pages
    html_rec("gbk_header", "http://www.qingshui.gov.example.cn/xwzx/bdxw/2023/2371.html",
             old_gov_page("清水镇人民政府", TOWN_TITLE, TOWN, "2023-11-06",
                          '<meta name="generator" content="SiteServer CMS">'),
             "gbk", "text/html; charset=gbk", "kept_zh", "zh", "Hans", "news", TOWN_TITLE, TOWN,
             server="Microsoft-IIS/6.0", extra_headers=(("X-Powered-By", "ASP.NET"),))
    html_rec("gbk_meta2312", "http://blog.laozhai-shuwu.example.com/article/1088.htm",
             simple_page("zh-CN", BOOK_TITLE, BOOK, "老宅书屋的博客", ["首页", "读书", "随笔", "留言"],
                         "老宅书屋 &copy; 2006-2024 版权所有 | 粤ICP备09012345号",
                         meta='<meta charset="gb2312">'),
             "gbk", "text/html", "kept_zh", "zh", "Hans", "blog", BOOK_TITLE, BOOK, server="Apache/2.2.15 (CentOS)")
    html_rec("gbk_wrong_latin1", "http://www.hexie-shequ.example.cn/tzgg/20240315.html",
             old_gov_page("和谐社区居委会", RECYCLE_TITLE, RECYCLE, "2024-03-15", "", source="社区居委会"),
             "gbk", "text/html; charset=ISO-8859-1", "kept_zh", "zh", "Hans", "notice", RECYCLE_TITLE, RECYCLE,
             server="Apache/2.4.6 (CentOS) PHP/5.4.16")
    html_rec("gbk_http_equiv", "http://www.linchuan-news.example.com/html/2024/whjy_0611/5532.html",
             old_gov_page("临川新闻网", LIB_TITLE, LIB, "2024-06-11",
                          '<meta http-equiv="Content-Type" content="text/html; charset=gbk">', source="临川新闻网"),
             "gbk", "text/html", "kept_zh", "zh", "Hans", "news", LIB_TITLE, LIB)

    # Big5 pages and Traditional UTF-8
    html_rec("big5_header", "https://news.victoria-daily.example.hk/news/20240301/tram.htm",
             hk_news_page(TRAM_TITLE, TRAM, "2024年3月1日 星期五", '<meta name="robots" content="index,follow">'),
             "big5", "text/html; charset=big5", "kept_zh", "zh", "Hant", "news", TRAM_TITLE, TRAM)
    html_rec("big5_meta", "http://xiaoyu-eats.blog.example.tw/blog/post/22071314",
             tw_blog_page(TAINAN_TITLE, TAINAN, "2024 年 04 月 08 日",
                          '<meta http-equiv="Content-Type" content="text/html; charset=big5">'),
             "big5", "text/html", "kept_zh", "zh", "Hant", "blog", TAINAN_TITLE, TAINAN)
    html_rec("hant_utf8", "https://news.baodao-news.example.tw/life/breakingnews/4621187",
             tw_news_page(TEAFARM_TITLE, TEAFARM, "2024/04/03 05:30"),
             "utf-8", "text/html; charset=UTF-8", "kept_zh", "zh", "Hant", "news", TEAFARM_TITLE, TEAFARM)

    # UTF-8 with BOM, header says gbk: BOM wins
    bom_page = b"\xef\xbb\xbf" + blog_page("十二楼的阳台", "balcony12.example.net", TOMATO_TITLE, TOMATO,
                                           "2023年9月3日", "阳台农夫", ["生活"], ["阳台种菜", "番茄"],
                                           [("绿手指", "2023年9月4日 08:12", "电动牙刷授粉这招太绝了！")], seed=33).encode("utf-8")
    html_rec("bom_utf8", "http://balcony12.example.net/2023/09/03/tomato/", bom_page,
             "utf-8", "text/html; charset=gbk", "kept_zh", "zh", "Hans", "blog", TOMATO_TITLE, TOMATO)

    # other languages
    html_rec("ja", "https://www.chiiki-shimbun.example.jp/news/20240301/local-train.html",
             simple_page("ja", JA_TITLE, JA, "地域新聞デジタル", ["トップ", "地域", "社会", "経済", "スポーツ"],
                         "&copy; 地域新聞社 無断転載を禁じます"),
             "utf-8", "text/html; charset=UTF-8", "non_zh", "ja", None, "news", JA_TITLE, JA)
    html_rec("ko", "https://www.jeju-ilbo.example.kr/news/articleView.html?idxno=201843",
             simple_page("ko", KO_TITLE, KO, "제주일보", ["홈", "사회", "경제", "관광"],
                         "Copyright &copy; 제주일보. All rights reserved."),
             "utf-8", "text/html; charset=utf-8", "non_zh", "ko", None, "news", KO_TITLE, KO)
    html_rec("en", "https://www.crumbandcrust.example.com/blog/three-years-of-sourdough",
             simple_page("en", EN_TITLE, EN, "Crumb &amp; Crust", ["Home", "Recipes", "About", "Contact"],
                         "&copy; 2024 Crumb &amp; Crust. Powered by Ghost."),
             "utf-8", "text/html; charset=utf-8", "non_zh", "en", None, "blog", EN_TITLE, EN)
    html_rec("ru", "https://www.sibir-travel.example.ru/articles/baikal-zimoj",
             simple_page("ru", RU_TITLE, RU, "Сибирь в пути", ["Главная", "Статьи", "Маршруты", "Контакты"],
                         "&copy; 2024 Сибирь в пути. Все права защищены."),
             "utf-8", "text/html; charset=utf-8", "non_zh", "ru", None, "blog", RU_TITLE, RU)
    html_rec("en_zh_words", "https://www.expatnotes.example.com/posts/mandarin-phrases-chengdu",
             simple_page("en", ENZH_TITLE, ENZH, "Expat Notes", ["Home", "China", "Teaching", "About"],
                         "&copy; 2024 Expat Notes"),
             "utf-8", "text/html; charset=utf-8", "non_zh", "en", None, "blog", ENZH_TITLE, ENZH)

    # spam and junk
    html_rec("spam_gambling", "http://www.bjl8888-yule.example.cc/", gambling_spam(),
             "utf-8", "text/html; charset=utf-8", "spam", "zh", "Hans", "spam", None, None)
    html_rec("spam_adult", "http://fuli-zhibo.example.top/index.html", adult_spam(),
             "utf-8", "text/html; charset=utf-8", "spam", "zh", "Hans", "spam", None, None)
    html_rec("spam_seo", "http://www.bj-banjia-gongsi.example.com/", seo_spam(),
             "utf-8", "text/html; charset=utf-8", "spam", "zh", "Hans", "seo", None, None)
    html_rec("junk_nav", "https://nav.example.cn/", nav_only(),
             "utf-8", "text/html; charset=utf-8", "junk", "zh", "Hans", "navigation", None, None)
    html_rec("junk_mojibake", "http://www.jl-bangong-jiaju.example.com/about.html", mojibake_page(),
             "utf-8", "text/html; charset=utf-8", "junk", None, None, "mojibake", None, None)

    # duplicates
    html_rec("dup_exact", "https://www.xiangjiang-portal.example.com/news/2024-03/02/c_1130512.htm",
             news_b("湘江门户", "xiangjiang-portal.example.com", SUBWAY_TITLE, SUBWAY, "2024-03-02 11:32:05",
                    "江临日报", "王芳", seed=23),
             "utf-8", "text/html; charset=utf-8", "exact_dup", "zh", "Hans", "news", SUBWAY_TITLE, SUBWAY,
             dup_of="subway")
    near = [p.replace("十月中旬", "十月下旬").replace("五十三岁", "五十四岁").replace("五万多元", "五万余元")
            .replace("一万两千多亩", "一万二千余亩").replace("两座冷库", "三座冷库")
            for i, p in enumerate(KIWI) if i != 3]
    html_rec("dup_near", "http://www.shengnong-news.example.net/nongye/20231020/8812.html",
             news_a("省农网", "www.shengnong-news.example.net", "产业", KIWI_TITLE, near, "2023-10-20 15:02",
                    "青川日报", "本报记者 陈默", "周雨", "蜀ICP备11002233号-3", seed=24,
                    byline_extra="本报记者 陈默 通讯员 吴思远",
                    tail_note="（本文转载自青川日报，原标题：《小小猕猴桃 撑起山村致富路》，如有侵权请联系删除）"),
             "utf-8", "text/html; charset=utf-8", "near_dup", "zh", "Hans", "news", KIWI_TITLE, near,
             dup_of="kiwi")
    html_rec("dup_hant", "https://www.meishi-taiwan.example.tw/recipe/hong-shao-rou",
             simple_page("zh-Hant", PORK_HANT_TITLE, PORK_HANT, "美食天下台灣站", ["首頁", "食譜", "專欄", "影音"],
                         "轉載自網路，版權歸原作者所有 &copy; 2024 美食天下台灣站"),
             "utf-8", "text/html; charset=utf-8", "near_dup", "zh", "Hant", "recipe", PORK_HANT_TITLE, PORK_HANT,
             dup_of="pork")

    # non-HTML
    r = random.Random(51)
    jpeg = (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00H\x00H\x00\x00\xff\xdb\x00C\x00"
            + bytes(r.getrandbits(8) for _ in range(60000)) + b"\xff\xd9")
    add(key="req_jpeg", wtype="request", url="https://img.jianglin-daily.cn/2024/03/02/5xian-opening.jpg",
        refers="jpeg", expect="non_response")
    add(key="jpeg", url="https://img.jianglin-daily.cn/2024/03/02/5xian-opening.jpg", ctype="image/jpeg",
        body=jpeg, expect="non_html", extra_headers=(("Cache-Control", "max-age=2592000"),))
    stream = bytes(r.getrandbits(8) for _ in range(40000))
    pdf = (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
           b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
           b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R >>\nendobj\n"
           + b"4 0 obj\n<< /Length " + str(len(stream)).encode() + b" /Filter /FlateDecode >>\nstream\n"
           + stream + b"\nendstream\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")
    add(key="pdf", url="http://www.qingshui.gov.example.cn/zwgk/files/2023-xiushan-baogao.pdf",
        ctype="application/pdf", body=pdf, expect="non_html", server="Microsoft-IIS/6.0")
    js = json.dumps({"code": 0, "msg": "ok", "data": {"list": [
        {"id": 1130512, "title": SUBWAY_TITLE, "time": "2024-03-02 10:15"},
        {"id": 1130513, "title": FLOOD_TITLE, "time": "2024-03-02 10:40"},
        {"id": 1130514, "title": "全市新增三处口袋公园", "time": "2024-03-02 11:02"}], "page": 1, "total": 3}},
        ensure_ascii=False).encode("utf-8")
    add(key="json", url="https://www.jianglin-daily.cn/api/v2/flash/list?page=1&size=3",
        ctype="application/json;charset=UTF-8", body=js, expect="non_html", lang="zh", charset="utf-8")
    add(key="robots", url="https://www.jianglin-daily.cn/robots.txt", ctype="text/plain",
        body=b"User-agent: *\nDisallow: /api/\nDisallow: /search\nSitemap: https://www.jianglin-daily.cn/sitemap.xml\n",
        expect="non_html", charset="utf-8")

    # non-200
    loc = "https://www.jianglin-daily.cn/local/20240302/5xian.html"
    add(key="redirect", url="http://jianglin-daily.cn/local/20240302/5xian.html", status=301,
        reason="Moved Permanently", ctype="text/html", body=redirect_body(loc).encode("utf-8"),
        extra_headers=(("Location", loc),), server="openresty", expect="redirect", charset="utf-8")
    add(key="e404", url="https://www.jianglin-daily.cn/local/20231101/999.html", status=404, reason="Not Found",
        ctype="text/html; charset=utf-8", body=error_404().encode("utf-8"), expect="http_status",
        lang="zh", script="Hans", charset="utf-8")
    add(key="e500", url="http://www.hexie-shequ.example.cn/bbs/thread-218.html", status=500,
        reason="Internal Server Error", ctype="text/html", body=error_500().encode("utf-8"),
        expect="http_status", lang="en", charset="utf-8")

    # revisit of the hospital story
    add(key="revisit", wtype="revisit", url="https://www.163-portal.example.com/news/article/J8K2M3P40001.html",
        status=304, reason="Not Modified", refers="hosp", expect="non_response")

    # garbage block: random bytes, no HTTP status line
    g = random.Random(61)
    garbage = bytes(g.getrandbits(8) for _ in range(3000))
    while garbage[:4] == b"HTTP":
        garbage = garbage[1:]
    add(key="garbage", url="http://www.broken-server.example.net/index.php", raw_block=garbage, status=None,
        expect="garbage")

    # deep nesting
    html_rec("deep", "https://tests.example.org/deep-nesting.html", deep_page(),
             "utf-8", "text/html; charset=utf-8", "junk", "zh", "Hans", "deep_nesting", "嵌套测试页面", None)

    # truncated last record
    html_rec("truncated", "https://www.jianglin-daily.cn/local/20240302/fangxun.html",
             news_a("江临日报网", "www.jianglin-daily.cn", "本地", FLOOD_TITLE, FLOOD, "2024-03-02 10:40",
                    "江临日报", "记者 何畅", "许晴", "湘ICP备12003456号-1", seed=25),
             "utf-8", "text/html; charset=utf-8", "truncated", "zh", "Hans", "news", FLOOD_TITLE, FLOOD,
             truncate=True)

