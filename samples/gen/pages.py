"""HTML page templates for the sample crawl: news, blog, forum, WeChat, Q&A, tutorial, old GBK/Big5
sites, other languages, spam and junk. Each returns the page as a str."""

import hashlib
import html
import json
import random

from .texts import (DEEP_TEXT, FLASH, MOJIBAKE_SRC, RELATED)


def esc(s):
    return html.escape(s, quote=False)


def ps(paras, tag="p", attrs=""):
    return "\n".join("<%s%s>%s</%s>" % (tag, attrs, esc(p), tag) for p in paras)


def flash_items(seed, n=8, fmt="%02d:%02d"):
    r = random.Random(seed)
    items = r.sample(FLASH, n)
    times = sorted((r.randint(6, 22), r.randint(0, 59)) for _ in range(n))[::-1]
    return [(fmt % t, it) for t, it in zip(times, items)]


# ---------------------------------------------------------------------------
# page templates
# ---------------------------------------------------------------------------

CSS_NEWS = """<style type="text/css">
*{margin:0;padding:0}body{font:14px/1.8 "Microsoft YaHei",SimSun,Arial;color:#333;background:#f5f5f5}
a{color:#333;text-decoration:none}a:hover{color:#c00}.w1200{width:1200px;margin:0 auto}
.topbar{height:32px;line-height:32px;background:#222;color:#aaa;font-size:12px}
.header .logo{float:left;font-size:28px;color:#b00}.nav li{float:left;padding:0 14px;font-size:16px}
.crumb{color:#888;padding:10px 0}.article h1{font-size:26px;line-height:40px;margin:10px 0}
.article .info{color:#999;border-bottom:1px solid #eee;padding-bottom:10px}
.content p{text-indent:2em;margin:14px 0;font-size:16px}.sidebar{float:right;width:300px}
.flash li span{color:#c00;margin-right:6px}.footer{background:#333;color:#999;text-align:center;padding:20px 0}
.share a{display:inline-block;margin-right:8px;padding:2px 8px;border:1px solid #ddd}
</style>"""

JS_STAT = """<script type="text/javascript">
var _hmt = _hmt || [];
(function() {
  var hm = document.createElement("script");
  hm.src = "https://hm.stat-example.cn/hm.js?%s";
  var s = document.getElementsByTagName("script")[0];
  s.parentNode.insertBefore(hm, s);
})();
</script>"""

JS_SHARE = """<script>
window._bd_share_config={"common":{"bdSnsKey":{},"bdText":"","bdMini":"2","bdPic":"","bdStyle":"0","bdSize":"16"},"share":{}};
function copyLink(){var i=document.createElement('input');i.value=location.href;document.body.appendChild(i);i.select();document.execCommand('copy');alert('链接已复制');}
</script>"""


def news_a(site, domain, channel, title, paras, date, source, author, editor, icp,
           meta='<meta charset="utf-8">', seed=1, byline_extra=None, tail_note=None):
    flash = flash_items(seed)
    rel = random.Random(seed + 7).sample(RELATED, 5)
    body_paras = list(paras)
    head_p = ""
    if byline_extra:
        head_p = "<p class=\"byline\">%s</p>\n" % esc(byline_extra)
    tail_p = ""
    if tail_note:
        tail_p = "\n<p class=\"zz\">%s</p>" % esc(tail_note)
    return """<!DOCTYPE html>
<html lang="zh-CN">
<head>
%(meta)s
<meta http-equiv="X-UA-Compatible" content="IE=edge">
<title>%(title)s_%(channel)s_%(site)s</title>
<meta name="keywords" content="%(channel)s,%(site)s,新闻">
<meta name="description" content="%(desc)s">
%(css)s
%(stat)s
</head>
<body>
<div class="topbar"><div class="w1200">今天是 %(date_short)s &nbsp; <a href="/m/">手机版</a> | <a href="/login.html">登录</a> | <a href="/reg.html">注册</a> | <a href="javascript:;">设为首页</a> | <a href="javascript:;">加入收藏</a></div></div>
<div class="header w1200"><a class="logo" href="https://%(domain)s/">%(site)s</a>
<ul class="nav"><li><a href="/">首页</a></li><li><a href="/news/">要闻</a></li><li><a href="/local/">本地</a></li><li><a href="/society/">社会</a></li><li><a href="/finance/">财经</a></li><li><a href="/edu/">教育</a></li><li><a href="/health/">健康</a></li><li><a href="/video/">视频</a></li><li><a href="/epaper/">数字报</a></li></ul>
<form class="search" action="/search"><input name="q" placeholder="请输入关键词"><button>搜索</button></form></div>
<div class="crumb w1200">当前位置：<a href="/">首页</a> &gt; <a href="/%(chan_slug)s/">%(channel)s</a> &gt; 正文</div>
<div class="main w1200">
<div class="article">
<h1>%(title)s</h1>
<div class="info"><span class="time">%(date)s</span> <span>来源：%(source)s</span> <span>作者：%(author)s</span> <span class="fontsize">字号：<a href="javascript:;">大</a> <a href="javascript:;">中</a> <a href="javascript:;">小</a></span> <span>阅读：<em id="hits">3826</em></span></div>
<div class="content" id="content">
%(head_p)s%(body)s%(tail_p)s
</div>
<div class="editor">（责任编辑：%(editor)s）</div>
<div class="share">分享到：<a href="javascript:;" class="wx">微信</a><a href="javascript:;" class="wb">微博</a><a href="javascript:;" class="qz">QQ空间</a><a href="javascript:copyLink();">复制链接</a></div>
<div class="prevnext"><p>上一篇：<a href="/local/20240301/1.html">%(prev)s</a></p><p>下一篇：<a href="/local/20240302/3.html">%(next)s</a></p></div>
<div class="related"><h3>相关新闻</h3><ul>%(rel)s</ul></div>
<div class="comment"><h3>网友评论</h3><textarea placeholder="文明上网，理性发言，请遵守新闻评论服务协议"></textarea><button>发表评论</button><p>请 <a href="/login.html">登录</a> 后发表评论，已有 0 条评论</p></div>
</div>
<div class="sidebar">
<div class="flash"><h3>24小时快讯</h3><ul>%(flash)s</ul><a class="more" href="/flash/">查看更多快讯 &gt;&gt;</a></div>
<div class="hot"><h3>热门排行</h3><ol>%(hot)s</ol></div>
<div class="qrcode"><img src="/static/img/qrcode.png" alt="二维码"><p>扫描二维码 关注%(site)s官方微信</p></div>
</div>
</div>
<div class="footer"><p><a href="/about/">关于我们</a> | <a href="/contact/">联系我们</a> | <a href="/ads/">广告服务</a> | <a href="/disclaimer/">免责声明</a> | <a href="/sitemap/">网站地图</a></p>
<p>Copyright &copy; 2008-2024 %(site)s 版权所有 未经书面授权禁止转载、摘编、复制或建立镜像</p>
<p><a href="https://beian.miit.gov.cn/" target="_blank">%(icp)s</a> &nbsp; 互联网新闻信息服务许可证编号：3312024001 &nbsp; 违法和不良信息举报电话：12377</p></div>
%(share_js)s
</body>
</html>
""" % dict(meta=meta, title=esc(title), channel=channel, site=site, domain=domain,
           desc=esc(paras[0][:60]), css=CSS_NEWS, stat=JS_STAT % hashlib.md5(domain.encode()).hexdigest(),
           date_short=date[:10], chan_slug="local", date=date, source=source, author=author,
           head_p=head_p, body=ps(body_paras), tail_p=tail_p, editor=editor,
           prev=rel[0], next=rel[1], rel="".join('<li><a href="/local/%d.html">%s</a></li>' % (i, r) for i, r in enumerate(rel[2:])),
           flash="".join('<li><span>%s</span><a href="/flash/%d.html">%s</a></li>' % (t, i, x) for i, (t, x) in enumerate(flash)),
           hot="".join('<li><a href="/hot/%d.html">%s</a></li>' % (i, x) for i, x in enumerate(RELATED[:6])),
           icp=icp, share_js=JS_SHARE)


def news_b(site, domain, title, paras, date, source, editor, seed=2, meta='<meta charset="utf-8">'):
    """A big-portal template: different markup, news-flash list after the article."""
    flash = flash_items(seed, n=10, fmt="%02d:%02d")
    return """<!doctype html>
<html>
<head>
%(meta)s
<title>%(title)s|%(site)s</title>
<meta name="viewport" content="width=device-width,initial-scale=1">
<link rel="stylesheet" href="//static.%(domain)s/css/post.min.css">
<script type="application/ld+json">{"@context":"https://schema.org","@type":"NewsArticle","headline":%(jtitle)s,"datePublished":"%(date)s"}</script>
<style>.post_body p{margin:1em 0;line-height:2}.ep-source{color:#888}.post_next{margin:20px 0}#flashlist li{font-size:13px}</style>
</head>
<body class="post">
<div id="js_N_nav"><div class="N-nav-channel"><a href="/">%(site)s首页</a> <a href="/news/">新闻</a> <a href="/sports/">体育</a> <a href="/ent/">娱乐</a> <a href="/money/">财经</a> <a href="/auto/">汽车</a> <a href="/tech/">科技</a> <a href="/mobile/">手机</a> <a href="/house/">房产</a> <a href="/travel/">旅游</a> <a href="/edu/">教育</a></div>
<div class="N-nav-bottom"><a href="/app/">下载APP</a> <a href="/login/">登录</a> <a href="/vip/">会员</a></div></div>
<div class="post_main">
<div class="post_crumb"><a href="/">%(site)s</a> &gt; <a href="/news/">新闻中心</a> &gt; <a href="/news/domestic/">国内新闻</a> &gt; 正文</div>
<h1 class="post_title">%(title)s</h1>
<div class="post_info">%(date)s　来源: <a class="ep-source" href="javascript:;">%(source)s</a>　<a href="#comment">举报</a></div>
<div class="post_body" id="content">
%(body)s
<p class="ep-editor">责任编辑：%(editor)s</p>
</div>
<div class="post_tools"><span>分享到：</span><a class="share-wx">微信</a><a class="share-wb">新浪微博</a><a class="share-qq">QQ好友</a> <a class="fav">收藏</a> <a class="like">点赞 <em>128</em></a></div>
<div class="post_comment" id="comment"><div class="tie-titlebar">跟贴 <em>56</em> 参与 <em>1024</em></div><div class="tie-input"><textarea>文明上网，登录发贴</textarea></div><div class="tie-login">网友评论仅供其表达个人看法，并不表明本站同意其观点或证实其描述 <a href="/login/">登录</a> | <a href="/reg/">注册</a></div></div>
<div class="post_next"><h3>热点新闻</h3><ul id="flashlist">%(flash)s</ul></div>
</div>
<div class="post_side"><div class="side_ad">广告</div><div class="side_app"><img src="//static.%(domain)s/img/app-qr.png"><p>扫码下载%(site)s客户端</p></div></div>
<div class="N-footer"><a href="/about/">About %(site)s</a> - <a href="/corp/">公司简介</a> - <a href="/contact/">联系方法</a> - <a href="/jobs/">招聘信息</a> - <a href="/service/">客户服务</a> - <a href="/privacy/">隐私政策</a> - <a href="/ads/">广告服务</a> - <a href="/sitemap/">网站地图</a><br>%(site)s公司版权所有 &copy;1997-2024　<a href="https://beian.miit.gov.cn/">京ICP备2023001234号-1</a></div>
<script src="//static.%(domain)s/js/post.min.js"></script>
<script>if(window.NTES){NTES.post.init({"docid":"J8K2M3P40001","channel":"news"});}</script>
</body>
</html>
""" % dict(meta=meta, title=esc(title), site=site, domain=domain, jtitle=json.dumps(title, ensure_ascii=False),
           date=date, source=source, body=ps(paras), editor=editor,
           flash="".join("<li><em>%s</em> %s</li>" % (t, x) for t, x in flash))


def blog_page(blogname, domain, title, paras, date, author, cats, tags, comments, seed=3,
              meta='<meta charset="UTF-8">'):
    recent = random.Random(seed).sample(["周末去郊外看油菜花", "我的第一台胶片相机", "冬天的围炉煮茶",
                                         "一个人的川西自驾", "读书笔记：慢下来的生活", "给阳台换了一批绿植",
                                         "学做手工面条失败记", "城市里的夜跑路线"], 5)
    return """<!DOCTYPE html>
<html lang="zh-Hans">
<head>
%(meta)s
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>%(title)s &#8211; %(blog)s</title>
<link rel='stylesheet' id='twentytwenty-style-css' href='https://%(domain)s/wp-content/themes/twentytwenty/style.css?ver=2.1' media='all' />
<script src="https://%(domain)s/wp-includes/js/jquery/jquery.min.js?ver=3.7.1" id="jquery-core-js"></script>
<style id='wp-emoji-styles-inline-css'>img.wp-smiley, img.emoji{display:inline!important;border:none!important;height:1em!important;width:1em!important;margin:0 .07em!important}</style>
</head>
<body class="post-template-default single single-post">
<a class="skip-link screen-reader-text" href="#site-content">跳至内容</a>
<header id="site-header"><div class="header-titles"><div class="site-title"><a href="https://%(domain)s/">%(blog)s</a></div><div class="site-description">记录生活里的小事</div></div>
<nav class="primary-menu-wrapper" aria-label="水平"><ul class="primary-menu"><li><a href="/">首页</a></li><li><a href="/category/life/">生活</a></li><li><a href="/category/travel/">旅行</a></li><li><a href="/category/food/">美食</a></li><li><a href="/about/">关于我</a></li><li><a href="/guestbook/">留言板</a></li></ul></nav></header>
<main id="site-content">
<article class="post type-post status-publish format-standard hentry">
<header class="entry-header"><div class="entry-categories">%(cats)s</div>
<h1 class="entry-title">%(title)s</h1>
<div class="post-meta-wrapper"><ul class="post-meta"><li class="post-author">作者：<a href="/author/admin/">%(author)s</a></li><li class="post-date">发表于 %(date)s</li><li class="post-comment-link"><a href="#comments">%(ncom)d 条评论</a></li></ul></div></header>
<div class="post-inner"><div class="entry-content">
%(body)s
</div></div>
<div class="post-meta-wrapper post-meta-single-bottom"><ul class="post-meta"><li class="post-tags">标签：%(tags)s</li></ul></div>
<div class="sharedaddy"><h3 class="sd-title">分享此文：</h3><ul><li><a class="share-wechat" href="#">微信</a></li><li><a class="share-weibo" href="#">微博</a></li><li><a class="share-twitter" href="#">X</a></li><li><a class="share-print" href="#">打印</a></li></ul></div>
<nav class="pagination-single"><a class="previous-post" href="/2024/04/27/">上一篇：%(prev)s</a> <a class="next-post" href="/2024/05/18/">下一篇：%(next)s</a></nav>
<div class="comments-wrapper"><div class="comments" id="comments"><h2 class="comment-reply-title">%(ncom)d 条评论</h2>%(comments)s</div>
<div id="respond" class="comment-respond"><h2 id="reply-title" class="comment-reply-title">发表回复</h2><form action="/wp-comments-post.php" method="post" id="commentform"><p class="comment-notes">您的电子邮箱地址不会被公开。 必填项已用 <span class="required">*</span> 标注</p><p class="comment-form-comment"><label for="comment">评论 *</label><textarea id="comment" name="comment"></textarea></p><p class="comment-form-author"><label for="author">显示名称 *</label><input id="author" name="author"></p><p class="comment-form-email"><label for="email">电子邮箱地址 *</label><input id="email" name="email"></p><p class="comment-form-cookies-consent"><input type="checkbox"> 在此浏览器中保存我的显示名称、邮箱地址和网站地址，以便下次评论时使用。</p><p class="form-submit"><input type="submit" value="发表评论"></p></form></div></div>
</article>
</main>
<aside class="sidebar"><div class="widget"><h2>搜索</h2><form><input type="search" placeholder="搜索…"></form></div>
<div class="widget"><h2>近期文章</h2><ul>%(recent)s</ul></div>
<div class="widget"><h2>文章归档</h2><ul><li><a href="/2024/05/">2024年5月</a></li><li><a href="/2024/04/">2024年4月</a></li><li><a href="/2024/03/">2024年3月</a></li><li><a href="/2023/12/">2023年12月</a></li></ul></div>
<div class="widget"><h2>分类</h2><ul><li><a href="/category/life/">生活</a> (23)</li><li><a href="/category/travel/">旅行</a> (11)</li><li><a href="/category/food/">美食</a> (17)</li></ul></div></aside>
<footer id="site-footer"><p class="footer-copyright">&copy; 2024 <a href="/">%(blog)s</a></p><p class="powered-by-wordpress"><a href="https://cn.wordpress.org/">由WordPress强力驱动</a></p><p><a href="https://beian.miit.gov.cn/">浙ICP备19012345号-2</a></p><a class="to-the-top" href="#site-header">回到顶部 ↑</a></footer>
<script>window._wpemojiSettings={"baseUrl":"https:\\/\\/s.w.org\\/images\\/core\\/emoji\\/14.0.0\\/72x72\\/","ext":".png"};</script>
</body>
</html>
""" % dict(meta=meta, title=esc(title), blog=blogname, domain=domain, author=author, date=date,
           cats=" ".join('<a href="/category/%d/">%s</a>' % (i, c) for i, c in enumerate(cats)),
           tags="，".join('<a href="/tag/%d/">%s</a>' % (i, t) for i, t in enumerate(tags)),
           body=ps(paras), ncom=len(comments), prev=recent[0], next=recent[1],
           comments="".join('<div class="comment"><div class="comment-author"><b>%s</b> <span class="says">说道：</span></div><div class="comment-metadata">%s</div><div class="comment-content"><p>%s</p></div><a class="comment-reply-link" href="#respond">回复</a></div>' % (n, d, esc(t)) for n, d, t in comments),
           recent="".join('<li><a href="/p/%d/">%s</a></li>' % (i, r) for i, r in enumerate(recent)))


JAM_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
JAM_PUNCT = "&;:[]/#%*^!(|"


def jammer(r):
    toks = []
    for _ in range(r.randint(3, 6)):
        a = r.choice(JAM_CHARS + JAM_PUNCT)
        b = r.choice("0123456789" + JAM_PUNCT)
        toks.append(a + b if r.random() < 0.8 else a)
    return " ".join(toks)


def jam_paragraph(text, r):
    """Discuz-style anti-copy: hidden random strings between sentences."""
    parts = text.split("。")
    out = []
    for i, s in enumerate(parts):
        out.append(esc(s))
        if i < len(parts) - 1:
            out.append("。")
            if r.random() < 0.6:
                if r.random() < 0.7:
                    out.append('<font class="jammer">%s</font>' % esc(jammer(r)))
                else:
                    out.append('<span style="display:none">%s</span>' % esc(jammer(r)))
    return "".join(out)


def forum_page(title, main_paras, replies, seed=4):
    r = random.Random(seed)
    main_html = "<br />\r\n".join(jam_paragraph(p, r) for p in main_paras)
    posts = []
    for n, (user, text) in enumerate(replies, start=2):
        posts.append("""<table id="pid%(pid)d" class="plhin"><tr><td class="pls"><div class="authi"><a class="xw1" href="home.php?mod=space&amp;uid=%(uid)d">%(user)s</a></div><p>积分: %(score)d</p></td>
<td class="plc"><div class="pi"><strong><a href="#pid%(pid)d">%(n)d<sup>#</sup></a></strong><div class="authi"><em>发表于 2024-3-%(day)d %(h)d:%(m)02d</em> | <a href="#">只看该作者</a></div></div>
<div class="t_fsz"><table><tr><td class="t_f" id="postmessage_%(pid)d">%(text)s</td></tr></table></div>
<div class="po"><a href="#">回复</a> <a href="#">支持</a> <a href="#">反对</a> <a href="#">举报</a></div></td></tr></table>""" % dict(
            pid=880000 + n, uid=r.randint(10000, 99999), user=user, score=r.randint(10, 3000), n=n, day=2 + n,
            h=r.randint(8, 23), m=r.randint(0, 59), text=jam_paragraph(text, r)))
    return """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
<html xmlns="http://www.w3.org/1999/xhtml">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<title>%(title)s - 电动车 -  江临生活论坛 -  Powered by Discuz!</title>
<meta name="keywords" content="%(title)s" />
<meta name="generator" content="Discuz! X3.4" />
<script type="text/javascript">var STYLEID = '1', STATICURL = 'static/', IMGDIR = 'static/image/common', VERHASH = 'x7Q', charset = 'utf-8', discuz_uid = '0', cookiepre = 'jL6a_2132_', cookiedomain = '', cookiepath = '/', showusercard = '1', attackevasive = '0', disallowfloat = 'newthread', creditnotice = '1|威望|,2|金钱|', defaultstyle = '', REPORTURL = 'aHR0cDovL2Jicy5qaWFuZ2xpbi1saWZlLmNu', SITEURL = 'http://bbs.jianglin-life.cn/', JSPATH = 'data/cache/';</script>
<script src="data/cache/common.js?x7Q" type="text/javascript"></script>
<style>.jammer{display:none;visibility:hidden}.t_f{font-size:14px;line-height:1.8}</style>
</head>
<body id="nv_forum" class="pg_viewthread">
<div id="toptb" class="cl"><div class="z"><a href="./">设为首页</a><a href="javascript:;">收藏本站</a></div><div class="y"><a href="member.php?mod=logging&amp;action=login">登录</a> | <a href="member.php?mod=register">立即注册</a> | <a href="connect.php">QQ登录</a></div></div>
<div id="hd"><div class="hdc"><h2><a href="./">江临生活论坛</a></h2></div><div id="nv"><ul><li><a href="forum.php">论坛</a></li><li><a href="portal.php">门户</a></li><li><a href="group.php">群组</a></li><li><a href="home.php">家园</a></li><li><a href="misc.php?mod=ranklist">排行榜</a></li></ul></div></div>
<div id="pt" class="bm cl"><div class="z"><a href="./" class="nvhm">江临生活论坛</a> <em>&rsaquo;</em> <a href="forum.php">论坛</a> <em>&rsaquo;</em> <a href="forum.php?gid=3">交通出行</a> <em>&rsaquo;</em> <a href="forum-21-1.html">电动车</a> <em>&rsaquo;</em> 查看内容</div></div>
<div id="ct" class="wp cl">
<div class="pgs mtm mbm cl"><a href="forum.php?mod=post&amp;action=reply" id="post_reply">回复</a> <a href="forum.php?mod=post&amp;action=newthread">发帖</a> <span>返回列表</span></div>
<div id="postlist" class="pl bm">
<table cellspacing="0" cellpadding="0"><tr><td class="pls ptn pbn"><div class="hm ptn"><span class="xg1">查看:</span> <span class="xi1">5321</span><span class="pipe">|</span><span class="xg1">回复:</span> <span class="xi1">38</span></div></td>
<td class="plc ptm pbn vwthd"><h1 class="ts"><span id="thread_subject">%(title)s</span></h1><span class="xg1"><a href="forum.php?mod=viewthread&amp;tid=93412">[复制链接]</a></span></td></tr></table>
<table id="pid880001" class="plhin"><tr><td class="pls"><div class="authi"><a class="xw1" href="home.php?mod=space&amp;uid=40213">城北骑手</a></div><p>积分: 1526</p><p>帖子 312 主题 27</p></td>
<td class="plc"><div class="pi"><strong><a href="#pid880001">楼主</a></strong><div class="authi"><em>发表于 2024-3-2 20:11</em> | <a href="#">只看该作者</a> | <a href="#">倒序浏览</a> | <a href="#">阅读模式</a></div></div>
<div class="pct"><div class="pcb"><div class="t_fsz"><table cellspacing="0" cellpadding="0"><tr><td class="t_f" id="postmessage_880001">
<i class="pstatus"> 本帖最后由 城北骑手 于 2024-3-2 21:05 编辑 </i><br />
<br />
%(main)s</td></tr></table></div></div></div>
<div class="po"><a href="#">回复</a> <a href="#">支持</a> <em>128</em> <a href="#">反对</a> <em>3</em> <a href="#">使用道具</a> <a href="#">举报</a></div></td></tr></table>
%(posts)s
</div>
<div id="f_pst" class="pl bm bmw"><div class="pls">快速回复</div><div class="plc"><div class="pt hm">您需要登录后才可以回帖 <a href="member.php?mod=logging&amp;action=login">登录</a> | <a href="member.php?mod=register">立即注册</a></div><button disabled>发表回复</button> <a href="javascript:;">回帖后跳转到最后一页</a></div></div>
<div class="pgs mtm mbm cl"><a href="#">返回顶部</a> <a href="forum-21-1.html">返回列表</a></div>
</div>
<div id="ft" class="wp cl"><div id="flk" class="y"><p><a href="archiver/">Archiver</a><span class="pipe">|</span><a href="forum.php?mobile=yes">手机版</a><span class="pipe">|</span><a href="forum.php?mod=misc&amp;action=showdarkroom">小黑屋</a><span class="pipe">|</span><a href="#">江临生活论坛</a> ( <a href="https://beian.miit.gov.cn/">湘ICP备18005566号</a> )</p><p class="xs0">GMT+8, 2024-3-9 10:26 , Processed in 0.061262 second(s), 22 queries .</p></div>
<div id="frt"><p>Powered by <strong><a href="http://www.discuz.net">Discuz!</a></strong> <em>X3.4</em></p><p class="xs0">&copy; 2001-2017 <a href="http://www.comsenz.com">Comsenz Inc.</a></p></div></div>
<script type="text/javascript">_attachEvent(window, 'load', getForeignVersion, document);</script>
</body>
</html>
""" % dict(title=esc(title), main=main_html, posts="\n".join(posts))


def wechat_page(title, paras, account, author, date):
    return """<!DOCTYPE html>
<html>
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width,initial-scale=1.0,maximum-scale=1.0,user-scalable=0">
<title>%(title)s - %(account)s - 微信公众号文章阅读</title>
<meta property="og:title" content="%(title)s">
<style>.rich_media_content p{margin:0 0 24px;letter-spacing:1px;line-height:1.9}.qr_code_pc{text-align:center}.read-more{color:#576b95}</style>
<script>var biz = "MzA5NDc1NzQ4MQ=="; var sn = "b81f5e4e1a8e6b3d"; var mid = "2247501234"; var idx = "1";</script>
</head>
<body id="activity-detail" class="zh_CN">
<div class="site-head"><a href="/">公众号文章聚合</a> &gt; <a href="/account/tea-knows/">%(account)s</a> &gt; 正文 <span class="right"><a href="/login">登录</a> · <a href="/rss">RSS订阅</a></span></div>
<div class="rich_media">
<h1 class="rich_media_title" id="activity-name">%(title)s</h1>
<div id="meta_content" class="rich_media_meta_list"><span class="rich_media_meta original">原创</span> <span class="rich_media_meta rich_media_meta_text">%(author)s</span> <span class="rich_media_meta rich_media_meta_nickname"><a href="javascript:void(0);" id="js_name">%(account)s</a></span> <em id="publish_time" class="rich_media_meta rich_media_meta_text">%(date)s</em> <span class="rich_media_meta">发表于浙江</span></div>
<div class="post-stat">2.1万次阅读 &nbsp; 没有评论</div>
<div class="rich_media_content" id="js_content">
<p style="text-align:center;color:#888"><span>点击上方蓝字 关注我们</span></p>
<p style="text-align:center"><img data-src="https://mmbiz.qpic.example/mmbiz_jpg/x/640?wx_fmt=jpeg" alt="图片"></p>
%(body)s
<p style="text-align:center">— END —</p>
<p style="text-align:center"><span style="color:#999">文字 | %(author)s　图片 | 网络　编辑 | 小茶</span></p>
<p style="text-align:center"><img data-src="https://mmbiz.qpic.example/qrcode.jpg" alt="二维码"></p>
<p style="text-align:center">长按识别二维码 · 扫码关注公众号</p>
<p style="text-align:center">可以使用微信扫码关注公众号，获取更多茶知识</p>
</div>
<div class="rich_media_tool"><a id="js_view_source" href="https://mp.weixin.qq.com/s?__biz=MzA5NDc1NzQ4MQ==&amp;mid=2247501234">阅读原文</a> <span>阅读 2.1万</span> <a class="like">赞 318</a> <a class="share">分享</a> <a class="wow">在看 96</a></div>
<div class="read-more"><a href="#">Read More</a></div>
<div class="end-mark">正文完</div>
<div class="post-comments"><h3>评论(没有评论)</h3><p>登录后才能发表评论</p></div>
<div class="related"><h3>喜欢此内容的人还喜欢</h3><ul><li><a href="#">普洱茶的生茶和熟茶到底有什么区别</a></li><li><a href="#">泡绿茶，水温多少度最合适</a></li><li><a href="#">紫砂壶的开壶与养护</a></li></ul></div>
</div>
<div class="site-foot">Generated by Feedzy · 本站内容均来自微信公众号，版权归原作者所有，如有侵权请联系删除 · <a href="https://beian.miit.gov.cn/">粤ICP备20220001号</a></div>
</body>
</html>
""" % dict(title=esc(title), account=account, author=author, date=date,
           body=ps(paras, attrs=' style="text-indent:0"'))


def qa_page(title, question, answers):
    blocks = []
    for n, (user, bio, paras) in enumerate(answers):
        blocks.append("""<div class="List-item" tabindex="0"><div class="ContentItem AnswerItem" data-zop='{"authorName":"%(user)s","type":"answer"}'>
<div class="ContentItem-meta"><div class="AuthorInfo"><a class="UserLink-link" href="/people/u%(n)d">%(user)s</a><div class="AuthorInfo-badgeText">%(bio)s</div></div><div class="AnswerItem-extraInfo">%(votes)d 人赞同了该回答</div></div>
<div class="RichContent"><span class="RichText ztext" itemprop="text">%(body)s</span>
<div class="ContentItem-time"><a href="/answer/%(aid)d">编辑于 2024-06-%(day)d 21:%(m)02d</a> · IP 属地江苏</div>
<div class="ContentItem-actions"><button class="VoteButton">赞同 %(votes)d</button><button class="VoteButton--down">反对</button><button>添加评论</button><button>分享</button><button>收藏</button><button>喜欢</button></div></div></div></div>""" % dict(
            user=user, n=n, bio=bio, votes=[1203, 867, 215][n % 3], body=ps(paras), aid=3300000 + n, day=26 + n % 3, m=10 + 7 * n))
    return """<!doctype html>
<html lang="zh" data-theme="light">
<head>
<meta charset="utf-8">
<title>%(title)s - 问答社区</title>
<meta name="viewport" content="width=device-width,initial-scale=1,maximum-scale=1">
<meta name="description" content="%(desc)s">
<link rel="stylesheet" href="https://static.wenda-example.com/heifetz/main.app.css">
<script id="js-initialData" type="text/json">{"initialState":{"common":{"ask":{}},"loading":{"global":{"count":0}},"entities":{"questions":{"612345678":{"answerCount":3,"followerCount":412,"visitCount":98123}}}}}</script>
</head>
<body>
<div class="AppHeader"><a class="AppHeader-logo" href="/">问答社区</a><nav><a href="/">首页</a> <a href="/explore">发现</a> <a href="/question/waiting">等你来答</a></nav><input placeholder="搜索你感兴趣的内容"><button>提问</button> <a href="/signin">登录/注册</a></div>
<div class="QuestionHeader"><div class="QuestionHeader-topics"><a class="TopicLink">高考</a> <a class="TopicLink">高考志愿填报</a> <a class="TopicLink">师范大学</a> <a class="TopicLink">公费师范生</a></div>
<h1 class="QuestionHeader-title">%(title)s</h1>
<div class="QuestionRichText"><span class="RichText ztext">%(question)s</span></div>
<div class="QuestionHeader-footer"><button>关注问题</button> <button>写回答</button> <button>邀请回答</button> <button>好问题 12</button> <button>添加评论</button> <button>分享</button> <span>关注者 412 · 被浏览 98,123</span></div></div>
<div class="Question-main"><div class="Question-mainColumn"><div class="List"><div class="List-header"><h4 class="List-headerText">3 个回答</h4><div class="List-headerOptions">默认排序</div></div>
%(answers)s
</div><a class="QuestionMainAction" href="#">查看全部 3 个回答</a></div>
<div class="Question-sideColumn"><div class="Card"><div class="Card-header">相关问题</div><ul><li><a href="#">公费师范生毕业后可以考研吗？</a> 12 个回答</li><li><a href="#">610分物理类在省内能上什么学校？</a> 48 个回答</li><li><a href="#">师范类专业就业前景怎么样？</a> 230 个回答</li></ul></div>
<div class="Card"><a href="#">刘看山</a> · <a href="#">知识市场</a> · <a href="#">侵权举报</a> · <a href="#">网上有害信息举报专区</a><br>京 ICP 证 110745 号 · 京公网安备 11010802010035 号 · 违法和不良信息举报：010-82716601<br>&copy; 2024 问答社区</div></div></div>
<div class="Modal signFlowModal"><div class="signQr-title">打开问答社区App</div><p>登录后你可以：不限量看优质回答 · 私信答主深度交流 · 精彩内容一键收藏</p><button>密码登录</button> <button>验证码登录</button></div>
<script src="https://static.wenda-example.com/heifetz/vendor.js" async></script>
</body>
</html>
""" % dict(title=esc(title), desc=esc(question[0][:80]), question=ps(question), answers="\n".join(blocks))


def tutorial_page(title, before, code, after):
    return """<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<title>%(title)s_编程小站</title>
<link rel="stylesheet" href="https://code-station.example.cn/css/prism.css">
<style>pre{background:#272822;color:#f8f8f2;padding:12px;overflow:auto;font-family:Consolas,monospace}.toc{border:1px solid #eee;padding:8px}.copyright-box{font-size:12px;color:#999}</style>
</head>
<body>
<div class="toolbar"><a href="/">编程小站</a> <a href="/python/">Python</a> <a href="/java/">Java</a> <a href="/frontend/">前端</a> <a href="/ai/">人工智能</a> <a href="/course/">课程</a> <input placeholder="搜索文章"> <a href="/login">登录</a> <a href="/write" class="btn">写文章</a></div>
<div class="crumbs"><a href="/">首页</a> &gt; <a href="/python/">Python</a> &gt; <a href="/python/basic/">入门教程</a></div>
<div class="blog-content-box">
<h1 class="title-article" id="articleContentId">%(title)s</h1>
<div class="article-info-box"><span class="follow-nickName">代码搬运工小陈</span> <span class="time">已于 2024-03-05 10:21:33 修改</span> <span class="read-count">阅读量 8,412</span> <a class="get-collection">收藏 162</a> <span>点赞数 57</span>
<div class="tags-box">分类专栏：<a href="/col/python/">Python入门</a> 文章标签：<a href="/tag/python">python</a> <a href="/tag/counter">Counter</a> <a href="/tag/regex">正则表达式</a></div>
<div class="copyright-box">版权声明：本文为博主原创文章，遵循 CC 4.0 BY-SA 版权协议，转载请附上原文出处链接和本声明。</div></div>
<div class="toc"><p>文章目录</p><ul><li><a href="#t0">思路</a></li><li><a href="#t1">完整代码</a></li><li><a href="#t2">代码说明</a></li><li><a href="#t3">常见问题</a></li></ul></div>
<div id="content_views" class="markdown_views prism-atom-one-dark">
%(before)s
<pre><code class="prism language-python">%(code)s</code></pre>
%(after)s
</div>
<div class="more-toolbox"><a class="like">点赞</a> <a class="collect">收藏</a> <a class="reward">打赏</a> <a class="share">分享</a> <span>文章知识点与官方知识档案匹配，可进一步学习相关知识</span> <a>Python入门技能树</a> <a>基础语法</a> <span>429,512 人正在系统学习中</span></div>
<div class="comment-box"><h3>评论 6</h3><textarea placeholder="欢迎高质量的评论，低质的评论会被折叠"></textarea><button>评论</button><p>请 <a href="/login">登录</a> 后发表评论</p></div>
<div class="recommend-box"><h3>相关推荐</h3><ul><li><a href="#">Python中collections模块的用法详解</a></li><li><a href="#">正则表达式30分钟入门</a></li><li><a href="#">argparse命令行参数解析教程</a></li></ul></div>
</div>
<div class="footer">关于我们 招贤纳士 商务合作 寻求报道 <a href="mailto:kefu@code-station.example.cn">kefu@code-station.example.cn</a> 在线客服 工作时间 8:30-22:00 公安备案号11010502030143 <a href="https://beian.miit.gov.cn/">京ICP备19004658号</a> &copy;2024 编程小站</div>
<script>document.querySelectorAll("pre").forEach(function(p){var b=document.createElement("button");b.textContent="复制";b.onclick=function(){navigator.clipboard.writeText(p.innerText)};p.appendChild(b);});</script>
</body>
</html>
""" % dict(title=esc(title), before=ps(before), code=esc(code), after=ps(after))


def old_gov_page(site, title, paras, date, meta, source="本站"):
    """Old table-layout county site, the kind still served in GBK."""
    return """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.01 Transitional//EN">
<html>
<head>
%(meta)s
<title>%(title)s - %(site)s</title>
<style type="text/css">body{margin:0;font-size:12px;font-family:宋体}td{font-size:12px}.bt{font-size:20px;font-weight:bold;color:#c00}.zw{font-size:14px;line-height:200%%}</style>
<script language="javascript">function doZoom(size){document.getElementById('zoom').style.fontSize=size+'px'}</script>
</head>
<body>
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0"><tr><td height="90" background="/images/top_bg.jpg"><img src="/images/logo.gif" alt="%(site)s"></td></tr>
<tr><td height="32" bgcolor="#B80000"><a href="/">网站首页</a> | <a href="/xwzx/">新闻中心</a> | <a href="/zwgk/">政务公开</a> | <a href="/bsfw/">办事服务</a> | <a href="/hdjl/">互动交流</a> | <a href="/zjxq/">走进家乡</a></td></tr></table>
<table width="980" border="0" align="center" cellpadding="0" cellspacing="0"><tr>
<td width="200" valign="top"><table width="100%%"><tr><td class="lm">栏目导航</td></tr><tr><td><a href="/xwzx/bdxw/">本地新闻</a><br><a href="/xwzx/tzgg/">通知公告</a><br><a href="/xwzx/xzdt/">乡镇动态</a><br><a href="/xwzx/mtjj/">媒体聚焦</a></td></tr></table></td>
<td width="780" valign="top">
<table width="100%%"><tr><td>您现在的位置：<a href="/">首页</a> &gt;&gt; <a href="/xwzx/">新闻中心</a> &gt;&gt; 正文</td></tr>
<tr><td align="center" class="bt">%(title)s</td></tr>
<tr><td align="center">发布时间：%(date)s &nbsp; 来源：%(source)s &nbsp; 浏览次数：<script src="/count.asp?id=2371"></script> &nbsp; 【字体：<a href="javascript:doZoom(16)">大</a> <a href="javascript:doZoom(14)">中</a> <a href="javascript:doZoom(12)">小</a>】</td></tr>
<tr><td class="zw" id="zoom">
%(body)s
</td></tr>
<tr><td align="right">【<a href="javascript:window.print()">打印本页</a>】【<a href="javascript:window.close()">关闭窗口</a>】</td></tr></table>
</td></tr></table>
<table width="980" border="0" align="center"><tr><td align="center" bgcolor="#EEEEEE">主办单位：%(site)s &nbsp; 技术支持：县信息中心<br>版权所有 &copy; %(site)s &nbsp; 地址：县府路1号 &nbsp; <a href="https://beian.miit.gov.cn/">蜀ICP备05001234号</a><br>建议使用1024*768分辨率 IE8.0以上版本浏览本站</td></tr></table>
</body>
</html>
""" % dict(meta=meta, title=esc(title), site=site, date=date, source=source,
           body=ps(paras, attrs=' style="text-indent:2em"'))


def hk_news_page(title, paras, date, meta):
    return """<!DOCTYPE html>
<html lang="zh-HK">
<head>
%(meta)s
<title>%(title)s - 港聞 - 維港日報</title>
<meta property="og:site_name" content="維港日報">
<style>.article-body p{font-size:17px;line-height:1.9;margin-bottom:1em}.tag{color:#06c}</style>
</head>
<body>
<header><a class="logo" href="/">維港日報</a><nav><a href="/news/">港聞</a> <a href="/china/">中國</a> <a href="/world/">國際</a> <a href="/finance/">財經</a> <a href="/sports/">體育</a> <a href="/ent/">娛樂</a> <a href="/opinion/">評論</a></nav><a href="/subscribe/">訂閱</a> <a href="/login/">登入</a></header>
<div class="breadcrumb"><a href="/">主頁</a> &gt; <a href="/news/">港聞</a> &gt; 社會</div>
<article><h1>%(title)s</h1><div class="meta">%(date)s　記者：黃敏儀</div>
<div class="share">分享：<a>Facebook</a> <a>WhatsApp</a> <a>Telegram</a> <a>電郵</a> <a>列印</a></div>
<div class="article-body">
%(body)s
</div>
<div class="tags">標籤：<a class="tag">電車</a> <a class="tag">港島</a> <a class="tag">集體回憶</a></div></article>
<aside><h3>即時新聞</h3><ul><li>09:12 天文台：明日天色好轉</li><li>08:47 渡輪航線下月起加密班次</li><li>08:05 大學聯招放榜日期公布</li><li>07:30 政府宣布延長消費優惠</li></ul><h3>相關新聞</h3><ul><li><a>舊區重建計劃諮詢展開</a></li><li><a>山頂纜車新車廂試運</a></li></ul></aside>
<footer>關於我們 | 聯絡我們 | 私隱政策 | 免責聲明 | 廣告查詢<br>&copy; 2024 維港日報有限公司 版權所有，不得轉載</footer>
</body>
</html>
""" % dict(meta=meta, title=esc(title), date=date, body=ps(paras))


def tw_blog_page(title, paras, date, meta):
    return """<!DOCTYPE html>
<html>
<head>
%(meta)s
<title>%(title)s @ 小魚的吃喝玩樂日記 :: 部落格</title>
<style>.article-content-inner p{line-height:2;margin:10px 0}.ad-box{border:1px dashed #ccc}</style>
<script>var blogID = "xiaoyu_eats"; var articleID = "22071314";</script>
</head>
<body>
<div id="banner"><h1><a href="/blog">小魚的吃喝玩樂日記</a></h1><h2>吃遍全台灣，一個人也要好好吃飯</h2></div>
<div id="navigation"><a href="/">首頁</a> <a href="/blog/category/food">美食</a> <a href="/blog/category/travel">旅遊</a> <a href="/about">關於我</a></div>
<div class="article"><div class="article-head"><ul class="article-date"><li>%(date)s</li></ul><h2 class="article-title">%(title)s</h2><div class="article-category">個人分類：台南美食</div></div>
<div class="article-content"><div class="article-content-inner" id="article-content-inner">
%(body)s
</div>
<div class="ad-box">廣告 ▼ 喜歡這篇文章嗎？ 按讚追蹤粉絲專頁</div></div>
<div class="article-footer"><span>全站熱搜</span> <a>台南美食</a> <a>牛肉湯</a> <a>國華街</a><br>創作者介紹：小魚 <a>創作者 小魚 的頭像</a> <a>留言(12)</a> <a>引用(0)</a> <a>人氣(18,226)</a></div>
<div class="article-nav"><a>上一篇：高雄旗津一日遊</a> <a>下一篇：嘉義雞肉飯巡禮</a></div></div>
<div id="links"><h3>熱門文章</h3><ul><li>台中第二市場必吃清單</li><li>花蓮兩天一夜行程</li><li>宜蘭三星蔥油餅</li></ul><h3>文章分類</h3><ul><li>台南美食 (24)</li><li>台北咖啡館 (31)</li><li>日本旅遊 (9)</li></ul></div>
<div id="footer">&copy; 小魚的吃喝玩樂日記 All rights reserved. Powered by 部落格平台</div>
</body>
</html>
""" % dict(meta=meta, title=esc(title), date=date, body=ps(paras))


def tw_news_page(title, paras, date):
    return """<!DOCTYPE html>
<html lang="zh-Hant-TW">
<head>
<meta charset="utf-8">
<title>%(title)s | 生活 | 寶島新聞網</title>
<meta name="description" content="%(desc)s">
</head>
<body>
<div class="header"><a href="/">寶島新聞網</a> <a href="/politics">政治</a> <a href="/society">社會</a> <a href="/life">生活</a> <a href="/local">地方</a> <a href="/world">國際</a> <a href="/sports">體育</a> <a href="/login">會員登入</a></div>
<div class="breadcrumbs"><a href="/">首頁</a> › <a href="/life">生活</a></div>
<h1>%(title)s</h1>
<div class="author">%(date)s　〔記者陳怡君／南投報導〕</div>
<div class="share">分享至 <a>LINE</a> <a>Facebook</a> <a>X</a> <a>複製連結</a></div>
<div class="text" itemprop="articleBody">
%(body)s
<p class="appE1121">不用抽 不用搶 現在用APP看新聞 保證天天中獎　<a href="/app">點我下載APP</a>　<a href="/app">按我看活動辦法</a></p>
</div>
<div class="related"><h3>延伸閱讀</h3><ul><li><a>梅雨季將至 茶園加強排水</a></li><li><a>高山茶評鑑 特等獎出爐</a></li><li><a>農委會補助採茶機械</a></li></ul></div>
<div class="footer">寶島新聞網 版權所有 © 2024 本網站內容未經授權不得轉載 | 隱私權政策 | 服務條款 | 客服信箱</div>
</body>
</html>
""" % dict(title=esc(title), desc=esc(paras[0][:60]), date=date, body=ps(paras))


def simple_page(lang, title, paras, site, nav, footer, meta='<meta charset="utf-8">'):
    return """<!DOCTYPE html>
<html lang="%(lang)s">
<head>
%(meta)s
<title>%(title)s | %(site)s</title>
<style>body{max-width:760px;margin:auto;font-family:sans-serif}nav a{margin-right:10px}</style>
</head>
<body>
<header><a href="/">%(site)s</a><nav>%(nav)s</nav></header>
<main><article><h1>%(title)s</h1>
%(body)s
</article></main>
<footer>%(footer)s</footer>
<script>document.documentElement.className+=' js';</script>
</body>
</html>
""" % dict(lang=lang, meta=meta, title=esc(title), site=site,
           nav="".join('<a href="/%d">%s</a>' % (i, n) for i, n in enumerate(nav)),
           body=ps(paras), footer=footer)


# ---------------------------------------------------------------------------
# spam / junk pages
# ---------------------------------------------------------------------------

def gambling_spam():
    r = random.Random(11)
    kw = ["澳门赌场", "百家乐", "时时彩", "北京赛车pk10", "真人娱乐", "网上赌场", "六合彩", "彩票平台",
          "老虎机", "体育投注", "棋牌游戏", "澳门葡京", "太阳城", "银河娱乐", "皇冠体育", "幸运飞艇"]
    lines = []
    for _ in range(40):
        a, b, c = r.sample(kw, 3)
        lines.append('<a href="/?%s">%s</a> %s %s官网 注册送彩金' % (r.randint(1000, 9999), a, b, c))
    blocks = "<br>\n".join(lines)
    para = "，".join(r.choice(kw) for _ in range(120))
    return """<html><head><meta charset="utf-8"><title>澳门赌场官网_百家乐_时时彩_北京赛车pk10_真人娱乐平台【官方直营】</title>
<meta name="keywords" content="%s">
<meta name="description" content="澳门赌场官网,百家乐,时时彩,真人娱乐,注册即送888元彩金,首存百分百优惠,24小时在线客服,提款秒到账">
<script>if(/Baiduspider|Sogou/i.test(navigator.userAgent)==false){location.href="https://xn--pk10-ex-promo.example/?ref=8888";}</script>
</head><body>
<h1>澳门赌场官网 百家乐 时时彩 真人娱乐 注册即送888元</h1>
<div class="banner">最火爆的网上赌场！百家乐 时时彩 北京赛车 幸运飞艇 体育投注 老虎机 应有尽有！首存送100%%！日日返水1.5%%！</div>
<p>%s</p>
<div class="links">%s</div>
<p>澳门赌场官网 | 百家乐技巧 | 时时彩计划 | 时时彩开奖 | 北京赛车pk10开奖直播 | 百家乐必胜打法 | 澳门赌场网址 | 真人百家乐 | 网上赌场排名</p>
<div class="kefu">24小时在线客服 QQ：88888888 微信：bjl8888 提款秒到 安全稳定 信誉第一</div>
<p>友情链接：<a>澳门赌场</a> <a>百家乐</a> <a>时时彩</a> <a>六合彩</a> <a>真人娱乐</a> <a>太阳城</a> <a>皇冠体育</a></p>
</body></html>""" % (",".join(kw), para, blocks)


def adult_spam():
    r = random.Random(12)
    kw = ["成人用品", "同城交友", "午夜福利", "美女直播", "成人影院", "激情视频", "免费观看", "在线视频",
          "私密聊天", "夜间福利", "约会交友", "成人网站", "宅男福利", "高清无码", "福利视频"]
    items = []
    for _ in range(35):
        a, b = r.sample(kw, 2)
        items.append("<li><a href=\"/v/%d.html\">%s %s 免费在线观看</a> <span>%d万次播放</span></li>" % (r.randint(100, 999), a, b, r.randint(1, 99)))
    return """<!DOCTYPE html><html><head><meta charset="utf-8"><title>午夜福利_成人影院_同城交友_美女直播_免费观看</title>
<meta name="keywords" content="%s"></head><body>
<div class="top">本站内容仅限成年人浏览 <a>进入</a> <a>离开</a></div>
<h1>午夜福利 美女直播 同城交友 成人用品 免费在线观看</h1>
<ul>%s</ul>
<div class="ad">同城交友 寂寞不再 点击加微信 <a>立即约会</a> 成人用品 隐私发货 货到付款</div>
<div class="ad">美女直播 一对一私密聊天 充值送会员 <a>马上下载APP</a></div>
<p>%s</p>
</body></html>""" % (",".join(kw), "".join(items), "、".join(r.choice(kw) for _ in range(90)))


def seo_spam():
    r = random.Random(13)
    city = "北京"
    kws = [city + "搬家公司", city + "搬家公司电话", city + "搬家公司哪家好", city + "搬家公司价格",
           city + "正规搬家公司", city + "长途搬家", city + "居民搬家", city + "公司搬迁", city + "钢琴搬运",
           city + "搬家公司收费标准"]
    paras = []
    for _ in range(10):
        s = []
        for _ in range(8):
            k = r.choice(kws)
            s.append(r.choice(["%s就选我们", "专业%s", "%s，价格实惠", "找%s上本站", "%s24小时服务", "%s欢迎来电"]) % k)
        paras.append("，".join(s) + "。")
    return """<html><head><meta charset="utf-8"><title>%s</title>
<meta name="keywords" content="%s"><meta name="description" content="%s"></head><body>
<h1>北京搬家公司_北京搬家公司电话_北京搬家公司哪家好</h1>
%s
<div class="tags">%s</div>
<div class="footer">北京搬家公司 版权所有 北京搬家公司电话：400-000-0000 北京搬家公司地址：北京市 <a>网站地图</a></div>
</body></html>""" % ("_".join(kws[:5]), ",".join(kws), "，".join(kws),
                     "\n".join("<p>%s</p>" % p for p in paras),
                     " ".join("<a href=\"/tag/%d\">%s</a>" % (i, k) for i, k in enumerate(kws * 3)))


def nav_only():
    cats = ["新闻", "体育", "财经", "娱乐", "汽车", "房产", "科技", "手机", "数码", "教育", "旅游", "健康",
            "女性", "母婴", "美食", "游戏", "动漫", "视频", "图片", "小说", "彩票", "天气", "地图", "邮箱",
            "招聘", "二手", "租房", "酒店", "机票", "火车票", "快递查询", "翻译", "股票", "基金", "理财", "保险"]
    sites = ["新闻网", "体育台", "财经频道", "娱乐圈", "汽车之家", "房天下", "科技在线", "手机中心"]
    rows = []
    for i in range(0, len(cats), 6):
        rows.append("<tr>%s</tr>" % "".join('<td><a href="https://nav.example.cn/go/%d">%s</a></td>' % (i + j, c) for j, c in enumerate(cats[i:i + 6])))
    groups = []
    for n, s in enumerate(sites):
        groups.append('<dl><dt>%s</dt><dd>%s</dd></dl>' % (s, " ".join('<a href="https://nav.example.cn/s/%d/%d">%s%d</a>' % (n, k, s[:2], k) for k in range(1, 9))))
    return """<!DOCTYPE html><html><head><meta charset="utf-8"><title>上网导航 - 实用网址大全</title></head><body>
<div class="search"><input placeholder="网页搜索"><button>搜索</button></div>
<table class="famous">%s</table>
%s
<div class="foot"><a>设为首页</a> | <a>意见反馈</a> | <a>关于导航</a></div>
</body></html>""" % ("\n".join(rows), "\n".join(groups))


def mojibake_page():
    garbled = [p.encode("utf-8").decode("gbk", errors="replace") for p in MOJIBAKE_SRC]
    title = "鍏充簬鎴戜滑 - 姹熶复甯傚姙鍏鍏峰叕鍙?"
    return """<!DOCTYPE html><html><head><meta charset="utf-8"><title>%s</title></head><body>
<div class="nav"><a>棣栭〉</a> | <a>鍏充簬鎴戜滑</a> | <a>浜у搧涓績</a> | <a>鑱旂郴鎴戜滑</a></div>
%s
<div class="footer">鐗堟潈鎵€鏈� &copy; 2024 鎶€鏈敮鎸侊細</div>
</body></html>""" % (title, "\n".join("<p>%s</p>" % esc(g) for g in garbled))


def deep_page():
    depth = 3000
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>嵌套测试页面</title></head><body>\n'
            + "<div>" * depth + "<p>" + esc(DEEP_TEXT) + "</p>" + "</div>" * depth
            + "\n</body></html>")


def error_404():
    return """<!DOCTYPE html><html><head><meta charset="utf-8"><title>404 页面不存在 - 江临日报</title></head><body>
<div class="err"><h1>404</h1><p>抱歉，您访问的页面不存在或已被删除。</p><p>可能的原因：网址输入有误；页面已过期；页面已被移动。</p><p><a href="/">返回首页</a> <a href="javascript:history.back()">返回上一页</a></p><p>5秒后自动跳转到首页……</p></div>
<script>setTimeout(function(){location.href="/"},5000);</script></body></html>"""


def error_500():
    return """<html>
<head><title>500 Internal Server Error</title></head>
<body>
<center><h1>500 Internal Server Error</h1></center>
<hr><center>nginx/1.18.0</center>
</body>
</html>
"""


def redirect_body(loc):
    return """<html>
<head><title>301 Moved Permanently</title></head>
<body>
<center><h1>301 Moved Permanently</h1></center>
<hr><center>openresty</center>
<p>The document has moved <a href="%s">here</a>.</p>
</body>
</html>
""" % loc

