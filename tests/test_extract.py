"""Extraction of threads, answers and reviews, headlines, and hidden jammers (curate/stages/extract.py)."""

import re

from selectolax.lexbor import LexborHTMLParser

from curate.stages.extract import drop_repeated_blocks, extract_main, is_discussion

POST = "我上个月换了一辆可拆电池的电动车，每天通勤十二公里，充一次电能骑四天，冬天续航会打七折左右。"
REPLIES = ["楼主写得很详细，收藏了，请问冬天在室内充电要注意什么？",
           "我也是这款车，骑了两年没出过毛病，就是后轮刹车片换过一次。",
           "电池拿回家充确实方便，不过十几斤重，住高层没电梯的话要想清楚。"]


def discuz_thread() -> str:
    def post(pid, user, text, floor):
        return f"""<table id="pid{pid}" class="plhin"><tr><td class="pls"><div class="authi"><a href="/u">{user}</a></div>
<p>积分: 1526</p><p class="badge">中级会员</p></td><td class="plc"><div class="pi"><strong><a href="#pid{pid}">{floor}</a></strong>
<div class="authi"><em>发表于 2024-3-2 20:11</em> | <a href="#">只看该作者</a></div></div>
<div class="t_fsz"><table><tr><td class="t_f" id="postmessage_{pid}">{text}</td></tr></table></div>
<div class="sign">签名：骑车的人从不迟到，欢迎来我的小店看看新到的头盔。</div>
<div class="po"><a href="#">回复</a> <a href="#">支持</a> <a href="#">反对</a> <a href="#">举报</a></div></td></tr></table>"""
    first = post(1, "城北骑手", '<i class="pstatus"> 本帖最后由 城北骑手 于 2024-3-2 21:05 编辑 </i><br />'
                 + POST.replace("，冬天", '，<font class="jammer">P* k6 u/</font>冬天')
                 + '<span style="display:none">x k% (0 C</span>', "楼主")
    replies = "".join(post(2 + i, f"网友{i}", "<div class=\"quote\"><blockquote>城北骑手 发表于 2024-3-2"
                           " 楼主写的什么车型？我看看要不要也买一辆同样的。</blockquote></div>" + r if i == 1 else r,
                           ["沙发", "板凳", "#4楼"][i]) for i, r in enumerate(REPLIES))
    return f"""<html><head><title>骑了一年的通勤电动车 - 电动车 - 江临论坛</title></head><body>
<div id="hd"><h2><a href="/">江临论坛</a></h2><ul><li><a href="/f">论坛</a></li><li><a href="/g">群组</a></li></ul></div>
<div id="ct"><div id="postlist"><h1 class="ts"><span id="thread_subject">骑了一年的通勤电动车</span></h1>
{first}{replies}</div></div><div id="ft"><p>Powered by Discuz! X3.4</p></div></body></html>"""


def test_a_forum_thread_is_the_first_post_and_every_reply_without_post_furniture():
    html = discuz_thread()
    assert is_discussion(LexborHTMLParser(html), "http://bbs.example.cn/thread-1-1-1.html")
    title, text = extract_main(html, url="http://bbs.example.cn/thread-1-1-1.html")
    assert title == "骑了一年的通勤电动车"
    lines = text.split("\n")
    assert POST in lines  # the jammer font and the hidden span are gone, the sentence is whole
    assert all(r in lines for r in REPLIES)
    assert text.index(POST) < text.index(REPLIES[0]) < text.index(REPLIES[2])  # document order
    for clutter in ("签名", "中级会员", "积分", "本帖最后由", "沙发", "板凳", "#4楼", "只看该作者", "举报",
                    "要不要也买一辆", "P*", "k%"):
        assert clutter not in text, clutter


def test_qa_page_keeps_the_question_and_all_answers():
    answers = ["第一，先看专业的就业去向，师范类院校的公费师范生要签协议，毕业后回生源地任教六年。",
               "第二，省外院校的录取位次每年波动很大，建议把近三年的最低位次都查一遍再填。",
               "我去年也是六百一十分左右，最后报了邻省的师范大学，宿舍条件比想象的好很多。"]
    items = "".join(f'<div class="List-item"><div class="ContentItem AnswerItem"><div class="AuthorInfo">答主{i}'
                    f'</div><div class="RichContent"><span class="RichText"><p>{a}</p></span></div>'
                    f'<div class="ContentItem-actions"><button>赞同 {i}</button><span>添加评论</span></div></div></div>'
                    for i, a in enumerate(answers))
    html = (f'<html><head><title>想报省外的师范类院校，有什么要注意的？ - 问答社区</title></head><body>'
            f'<div class="QuestionHeader"><h1 class="QuestionHeader-title">想报省外的师范类院校，有什么要注意的？</h1>'
            f'<div class="QuestionRichText"><p>今年高考考了六百一十分，家里希望我读师范，但我想去省外看看。</p></div></div>'
            f'<div class="Question-main"><div class="List">{items}</div></div></body></html>')
    title, text = extract_main(html, url="https://qa.example.com/question/123")
    assert title == "想报省外的师范类院校，有什么要注意的？"
    assert all(a in text.split("\n") for a in answers)
    assert "赞同" not in text and "答主" not in text


def test_reviews_page_keeps_every_short_review():
    reviews = ["物流很快，包装完好，茶叶味道很正。", "第二次回购了，比超市买的香。", "价格有点贵，不过品质对得起这个价。",
               "送给长辈的，他们说很好喝！"]
    # Douban-style short reviews: a comment-info line (user, 看过, rating, time, place) above each
    items = "".join(f'<div class="comment-item"><h3><span class="comment-vote"><span class="votes">{i}</span>'
                    f'<a href="#">有用</a></span><span class="comment-info"><a href="/people/{i}">买家{i}</a>'
                    f'<span>看过</span><span class="comment-time">2024-04-07 13:19:20</span>'
                    f'<span class="comment-location">贵州</span></span></h3><p class="comment-content">{r}</p>'
                    f'<a class="vote" href="#">有用 {i}</a></div>' for i, r in enumerate(reviews))
    html = (f'<html><head><title>明前龙井 评价</title></head><body><div class="nav"><a href="/">首页</a><a href="/c">分类</a></div>'
            f'<div id="main"><h1>明前龙井 评价</h1><div class="mod" id="comments">{items}</div></div></body></html>')
    _, text = extract_main(html, url="https://shop.example.com/item/88/reviews")
    assert all(r in text.split("\n") for r in reviews)
    for clutter in ("有用", "买家", "看过", "2024-04-07", "贵州"):
        assert clutter not in text, clutter


def test_a_news_page_keeps_its_comment_box_out():
    para = "市交通局昨天发布消息，五号线将于本月底开通初期运营，全线设站二十二座，沿线居民通勤时间缩短近半。"
    comments = "".join(f'<div class="comment-item"><p>网友留言第{i}条，说得很对，支持一下。</p></div>' for i in range(5))
    html = (f"<html><head><title>五号线月底开通 - 江临新闻网</title></head><body><div class=\"article\"><h1>五号线月底开通</h1>"
            f"<p>{para}</p><p>{para}</p></div><div class=\"comments\">{comments}</div></body></html>")
    assert not is_discussion(LexborHTMLParser(html), "https://news.example.cn/2024/05/01/123.html")
    _, text = extract_main(html, url="https://news.example.cn/2024/05/01/123.html")
    assert para in text and "网友留言" not in text


def test_the_headline_is_the_posts_not_the_blog_name():
    para = "国华街的牛肉汤要早上六点去排队，汤头是用牛骨熬的，现切的温体牛肉一烫就熟，配一碗肉燥饭刚好。"
    html = (f'<html><head><title>台南两天一夜吃透透 @ 小鱼的吃喝玩乐日记 :: 部落格</title></head><body>'
            f'<div id="banner"><h1><a href="/blog">小鱼的吃喝玩乐日记</a></h1><h2>一个人也要好好吃饭</h2></div>'
            f'<div class="article"><h2 class="article-title">台南两天一夜吃透透</h2><div class="article-content">'
            f'<p>{para}</p><p>{para}</p></div></div></body></html>')
    title, text = extract_main(html)
    assert title == "台南两天一夜吃透透"
    assert text.split("\n")[0] == "台南两天一夜吃透透"
    # og:title wins over a header h1 too; a plain page keeps its h1.
    og = html.replace("<head>", '<head><meta property="og:title" content="台南两天一夜吃透透">')
    assert extract_main(og)[0] == "台南两天一夜吃透透"
    plain = f"<html><head><title>站点</title></head><body><h1>县图书馆延长开放时间</h1><p>{para}</p></body></html>"
    assert extract_main(plain)[0] == "县图书馆延长开放时间"


def test_hidden_inline_elements_are_removed_but_visible_small_text_stays():
    para = "这次改造把一楼的库房改成了儿童阅览区，铺上了地垫，摆放了低矮的书架。"
    html = (f'<html><body><div class="content"><p>{para[:10]}<span style="font-size:0px">&amp; Y3 G3</span>'
            f'{para[10:]}</p><p>{para}<span style="font-size:0.9em">（记者 王明）</span></p></div></body></html>')
    _, text = extract_main(html)
    assert text.split("\n")[0] == para and "Y3" not in text
    assert "（记者 王明）" in text


def test_an_article_shown_twice_is_extracted_once_and_hidden_blocks_are_not_read():
    paras = ["今年以来，本市在老旧小区集中的街道新建了二十多家社区食堂，为老年人提供价格实惠的一日三餐。",
             "记者走访发现，这些食堂大多由街道提供场地，引入专业餐饮企业运营，老人凭卡就餐还能享受补贴。",
             "街道负责人表示，下一步将根据居民的意见调整菜品，并探索为行动不便的老人提供送餐上门服务。"]
    body = "".join(f"<p>{p}</p>" for p in paras)
    escaped = "".join(f"&lt;p&gt;{p}&lt;/p&gt;" for p in paras)
    # a markdown editor's page: the rendered post, its HTML source in a hidden block, a reader-mode copy
    html = (f'<html><body><div class="article"><div class="show-content">{body}</div>'
            f'<div class="show-html" style="background: #fff; display: none;">{escaped}</div>'
            f'<div class="read-model">{body}</div></div></body></html>')
    _, text = extract_main(html)
    assert text.split("\n") == paras
    # a line said many times is repetition, left for the quality rules; a short repeated run stays too
    lines = ["好帖，顶一下！"] * 4 + ["谢谢分享", "学习了", "谢谢分享", "学习了"]
    assert drop_repeated_blocks(lines) == lines
    assert drop_repeated_blocks(paras + ["以上。"] + paras) == paras + ["以上。"]


FEED = ["省气象台今天上午发布暴雨蓝色预警，预计未来二十四小时内，北部山区将出现大到暴雨，局地有雷暴大风，请注意防范。",
        "市教育局公布了今年义务教育阶段的招生方案，公办学校继续实行划片入学，民办学校报名人数超过计划的将电脑派位。",
        "受原材料价格上涨影响，多家家电企业宣布从下个月起上调部分产品的出厂价格，涨幅在百分之五到百分之十之间。",
        "本周末全市将举办首届社区运动会，设有跳绳、拔河、趣味接力等十二个项目，居民可以通过社区服务中心报名参加。"]
REPORT = ["路透每月调查显示，本月制造业景气判断指数维持在正九，企业对未来三个月的预期略有改善。",
          "非制造业景气判断指数微升一点至正二十六，但企业预计未来三个月将有所转差。"]


def feed_page(description: str, extra: str = "") -> str:
    stories = "".join(f'<li class="stream-item"><h3><a href="/n/{i}.html">新闻标题{i}</a></h3><p>{s}</p><p>{s}</p></li>'
                      for i, s in enumerate(FEED * 2))
    return (f'<html><head><title>日本企业信心保持稳定 - 财经新闻</title>'
            f'<meta name="description" content="{description}"></head><body>'
            f'<div class="page"><article class="story"><header><h1>日本企业信心保持稳定</h1></header>'
            f'<div class="story-body-wrapper"><div class="story-body">{"".join(f"<p>{p}</p>" for p in REPORT)}</div></div>'
            f'</article><div class="more-news"><ul>{stories}</ul></div>{extra}</div></body></html>')


def test_a_short_article_beside_a_long_news_feed_is_the_one_its_description_names():
    html = feed_page(REPORT[0])
    _, text = extract_main(html, url="https://news.example.hk/japan-business-confidence-001.html")
    lines = text.split("\n")
    assert lines[0] == "日本企业信心保持稳定"
    assert all(p in lines for p in REPORT)
    assert not any(s in text for s in FEED)
    # a description that opens with the headline names the article by its next clause
    assert REPORT[1] in extract_main(feed_page("日本企业信心保持稳定-" + REPORT[0]))[1]


def test_a_site_wide_description_does_not_pull_the_text_away_from_the_article():
    tagline = "江临新闻网是本地最大的综合新闻门户，二十四小时为您提供新鲜资讯"
    article = "".join(f"<p>{s}</p>" for s in FEED)
    html = (f'<html><head><title>社区运动会周末开幕 - 江临新闻网</title><meta name="description" content="{tagline}">'
            f'</head><body><div class="main"><h1>社区运动会周末开幕</h1><div class="text">{article}</div></div>'
            f'<div class="site-intro"><p>{tagline}。</p></div></body></html>')
    _, text = extract_main(html)
    assert all(s in text for s in FEED) and tagline not in text
    # without any match the description changes nothing
    assert extract_main(feed_page("完全无关的一句介绍文字，没有出现在正文里"))[1].count(FEED[0]) >= 1


def zhidao_page() -> tuple[str, list[str], str]:
    question = "家里装了地震预警的手机软件，它提前几秒报警到底准不准？"
    answers = ["预警不是预报，它是在地震已经发生之后，抢在破坏性横波到达之前发出警报，离震中越远提前的时间越多。",
               "我们这里去年有一次四点几级的地震，手机提前了大概十秒响，声音很大，家里人都来得及躲到承重墙边上。",
               "准确度取决于附近台站的密度，台站越密，算出震级和位置就越快，误报也更少，城市里一般比山区好。"]

    def answer(i: int, text: str, best: bool) -> str:
        klass = "best-text mb-10" if best else "answer-text line"
        return (f'<div class="{"wgt-best" if best else "answer"}" id="answer-{i}">'
                f'<div class="wgt-replyer-all"><span class="wgt-replyer-all-uname">热心网友{i}</span>'
                f'<span class="wgt-replyer-all-card-level">LV.{i + 6}</span><span class="f-aid">采纳率：{80 + i}%</span>'
                f'<span class="answer-time">2023-05-0{i + 1}</span></div>'
                f'<div class="{klass}">{text}</div>'
                f'<div class="wgt-eva"><span class="evaluate evaluate-32" data-evaluate="1"><b class="evaluate-num">'
                f'{30 - i}</b></span><span class="evaluate-bad"><b class="evaluate-num"></b></span>'
                f'<div class="eva_tooltip"><div class="eva_tooltip_context">你对这个回答的评价是？</div></div>'
                f'<span class="comment">评论</span><span class="share">分享</span></div></div>')
    html = (f'<html><head><title>{question}_百度知道</title></head><body><div id="header"><a href="/">百度首页</a>'
            f'<a href="/login">登录</a></div><div class="layout-wrap"><div class="wgt-question-title">'
            f'<h1><span class="ask-title">{question}</span></h1><span class="ask-time">2023-04-30</span></div>'
            f'<div class="question-content"><p>平时住在六楼，想知道靠不靠谱。</p></div>'
            f'<div id="wgt-answers">{answer(0, answers[0], True)}'
            f'{"".join(answer(i, a, False) for i, a in enumerate(answers[1:], 1))}</div></div>'
            f'<div id="footer"><p>©2024 Baidu 使用百度前必读 知道协议</p></div></body></html>')
    return html, answers, question


def test_a_zhidao_page_is_the_question_and_every_answer_without_levels_votes_or_rating_widgets():
    html, answers, question = zhidao_page()
    url = "https://zhidao.baidu.com/question/1247295277.html"
    title, text = extract_main(html, url=url)
    assert title == question
    lines = text.split("\n")
    assert all(a in lines for a in answers)
    assert text.index(answers[0]) < text.index(answers[1]) < text.index(answers[2])
    for clutter in ("你对这个回答的评价是", "热心网友", "LV.", "采纳率", "评论", "分享", "百度首页", "知道协议"):
        assert clutter not in text, clutter
    assert not re.search(r"^\d+$", text, re.M)  # no vote counts left as lines


def test_zhihu_answers_keep_their_paragraphs_without_author_badges_or_action_bars():
    answers = [["先说结论：值得，但要看你每天用多久。", "我自己用了三年，最明显的变化是肩颈不再酸了，屏幕升到视线高度以后坐姿自然就正了。"],
               ["不太建议学生党买，桌面空间不够的话，支架反而会挡住台灯，写作业的时候很别扭。"]]
    items = "".join(
        f'<div class="List-item"><div class="ContentItem AnswerItem" data-zop="{i}"><div class="ContentItem-meta">'
        f'<div class="AuthorInfo"><span class="UserLink AuthorInfo-name">答主{i}</span>'
        f'<div class="AuthorInfo-badge"><span class="AuthorInfo-badgeText">数码领域优秀答主</span></div></div>'
        f'<div class="Voters"><button>{120 + i} 人赞同了该回答</button></div></div>'
        f'<div class="RichContent"><div class="RichContent-inner"><span class="RichText ztext">'
        f'{"".join(f"<p>{p}</p>" for p in paras)}</span></div>'
        f'<div class="ContentItem-time">发布于 2024-04-1{i} 10:2{i}</div>'
        f'<div class="ContentItem-actions"><button class="VoteButton">赞同 {120 + i}</button>'
        f'<button>{8 + i} 条评论</button><button>分享</button><button>收藏</button><button>喜欢</button></div>'
        f'</div></div></div>' for i, paras in enumerate(answers))
    html = (f'<html><head><title>显示器支架值得买吗？ - 知乎</title></head><body><header class="AppHeader"><a href="/">首页</a>'
            f'<a href="/explore">发现</a></header><main><div class="QuestionHeader"><h1 class="QuestionHeader-title">'
            f'显示器支架值得买吗？</h1><div class="QuestionRichText"><p>桌子比较浅，显示器离眼睛太近，想换个支架。</p></div>'
            f'<button class="FollowButton">关注问题</button><button>写回答</button></div>'
            f'<div class="Question-main"><div class="List">{items}</div></div></main></body></html>')
    title, text = extract_main(html, url="https://www.zhihu.com/question/651439951")
    assert title == "显示器支架值得买吗？"
    lines = text.split("\n")
    assert all(p in lines for paras in answers for p in paras)
    for clutter in ("答主", "优秀答主", "人赞同了该回答", "赞同", "条评论", "收藏", "喜欢", "关注问题", "写回答"):
        assert clutter not in text, clutter


def test_taobao_reviews_are_kept_without_buyer_names_grades_or_sku_lines():
    reviews = ["收到了，包装很严实，茶叶条索紧结，泡出来汤色嫩绿，香气很足，比上次在超市买的好太多。",
               "第三次回购了，给家里老人买的，他们说口感醇和不苦涩，就是这次物流慢了两天。",
               "一般吧，价格不便宜，喝了两泡感觉回甘不明显，可能是我口味比较重。"]
    rows = "".join(
        f'<tr><td class="tm-col-master"><div class="tm-rate-content"><div class="tm-rate-fulltxt">{r}</div></div>'
        f'<div class="tm-rate-date">2024.05.0{i + 1}</div></td>'
        f'<td class="col-meta"><div class="rate-sku"><p title="净含量">净含量：250g</p></div></td>'
        f'<td class="col-author"><div class="rate-user-info">t***{i}<span>（匿名）</span></div>'
        f'<div class="rate-user-grade"><p class="gold-user">超级会员</p></div></td></tr>' for i, r in enumerate(reviews))
    html = (f'<html><head><title>明前龙井绿茶 250g-天猫</title></head><body><div class="tb-header"><a href="/">天猫首页</a>'
            f'<a href="/cart">购物车</a></div><div class="tb-detail-hd"><h1>明前龙井绿茶 250g</h1></div>'
            f'<div id="J_Reviews"><div class="rate-header"><span>累计评价 1024</span></div>'
            f'<div class="rate-grid"><table>{rows}</table></div></div></body></html>')
    _, text = extract_main(html, url="https://detail.tmall.com/item.htm?id=123456")
    lines = text.split("\n")
    assert all(r in lines for r in reviews)
    for clutter in ("超级会员", "（匿名）", "t***", "净含量：250g", "购物车"):
        assert clutter not in text, clutter


def test_a_short_opening_post_stays_with_its_longer_replies():
    opening = ["下周三起小区停水两天，大家提前备好水。", "物业说是更换主管道。"]
    replies = ["谢谢提醒，我家老人腿脚不方便，得提前买几桶矿泉水放家里，顺便问问物业能不能送水上门。",
               "上次停水说一天结果停了三天，这次大家最好多备一点，洗衣服的事情也提前安排好。",
               "物业群里通知了，具体时间是周三早上八点到周四晚上八点，期间会有送水车停在东门口。"]
    posts = "".join(f'<div class="reply-item"><div class="reply-content"><p>{r}</p></div></div>' for r in replies)
    html = (f'<html><head><title>下周小区停水 - 邻里论坛</title></head><body><section class="main">'
            f'<article class="topic-detail"><div class="topic-header"><a href="/user/1">楼主</a></div>'
            f'<div class="topic-content"><h1 class="topic-title">下周小区停水</h1><div class="topic-content-detail">'
            f'{"".join(f"<p>{p}</p>" for p in opening)}</div></div></article>'
            f'<div class="comments"><div class="comment-list">{posts}</div></div></section></body></html>')
    _, text = extract_main(html, url="https://bbs.example.cn/topic/1666")
    lines = text.split("\n")
    assert all(p in lines for p in opening + replies)
    assert text.index(opening[0]) < text.index(replies[0])
