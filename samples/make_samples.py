#!/usr/bin/env python3
"""Generate the small sample crawl that curate's default run and tests use.

Writes, next to this script:

  cc-sample.warc.gz            a WARC/1.0 file laid out the way Common Crawl writes it
                               (one gzip member per record, warcinfo first, request /
                               response / metadata / revisit records, CRLF headers,
                               ``\\r\\n\\r\\n`` after every block).  Its last record is a
                               gzip member cut off part way, like a download that died.
  truth.json                   one object per WARC record in file order: what the
                               pipeline should do with it and the gold article text.
  wet/cc-sample.warc.wet.gz    a small WET file (warcinfo + conversion records) with
                               the plain text of a few of the same pages.

Why: the real corpus is huge and cannot ship with the repo, so this file packs every
case the pipeline has to handle into ~50 records: Simplified and Traditional Chinese
pages in several site templates full of real-looking boilerplate (menus, share widgets,
ICP lines, WeChat footers, forum anti-copy "jammer" strings, news-flash sidebars), GBK
and Big5 pages with right, missing, wrong and BOM-overridden charsets, other languages,
spam and junk, exact / near / Traditional-script duplicates, non-HTML and non-200
responses, a garbage HTTP block, a 3000-deep <div> tree, and a truncated tail.

All article text is original, written for this project.  The script uses only the
standard library and is deterministic: fixed dates, fixed seeds for record ids and
random bytes, gzip mtime=0, so two runs produce byte-identical files.

Regenerate with:  python samples/make_samples.py
"""

import base64
import gzip
import hashlib
import html
import json
import os
import random
import uuid
from datetime import datetime, timedelta, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
WARC_PATH = os.path.join(HERE, "cc-sample.warc.gz")
TRUTH_PATH = os.path.join(HERE, "truth.json")
WET_PATH = os.path.join(HERE, "wet", "cc-sample.warc.wet.gz")

BASE_DATE = datetime(2024, 3, 2, 7, 14, 5, tzinfo=timezone.utc)
CRAWL = "CC-MAIN-2024-10"


# ---------------------------------------------------------------------------
# helpers
# ---------------------------------------------------------------------------

def rid(n):
    """Deterministic WARC-Record-ID for seed n."""
    u = uuid.UUID(int=random.Random(90000 + n).getrandbits(128), version=4)
    return "<urn:uuid:%s>" % u


def warc_date(i):
    return (BASE_DATE + timedelta(seconds=37 * i + (i * i) % 11)).strftime("%Y-%m-%dT%H:%M:%SZ")


def http_date(i):
    return (BASE_DATE + timedelta(seconds=37 * i + (i * i) % 11)).strftime("%a, %d %b %Y %H:%M:%S GMT")


def sha1_b32(data):
    return "sha1:" + base64.b32encode(hashlib.sha1(data).digest()).decode("ascii")


def gz(data):
    return gzip.compress(data, compresslevel=9, mtime=0)


def esc(s):
    return html.escape(s, quote=False)


def ps(paras, tag="p", attrs=""):
    return "\n".join("<%s%s>%s</%s>" % (tag, attrs, esc(p), tag) for p in paras)


def nchars(paras):
    return sum(1 for p in paras for c in p if "\u4e00" <= c <= "\u9fff")


# ---------------------------------------------------------------------------
# original article text (written for this project)
# ---------------------------------------------------------------------------

SUBWAY_TITLE = "江临地铁5号线今日开通初期运营 沿线居民通勤时间缩短近半"
SUBWAY = [
    "今天上午九时，江临市轨道交通5号线一期工程正式开通初期运营。这条线路自城北的白沙洲站起，向南穿过老城区和高新区，终点设在南湖会展中心站，全长约二十八公里，共设车站二十一座，其中换乘站六座。首班列车从白沙洲站驶出时，站台上已经聚集了不少专程赶来“尝鲜”的市民。",
    "家住城北新村的退休教师周秀兰一早就带着孙子来到车站。她告诉记者，过去去南湖那边看女儿，要先坐公交再倒一趟车，路上顺利也得一个半小时，碰上早高峰堵在高架桥上更说不准。“现在坐地铁四十分钟就到了，以后周末可以常去。”说话间，她的小孙子已经趴在车窗边，数着一站站闪过的广告灯箱。",
    "据江临地铁集团介绍，5号线采用六节编组的A型车，最高运行速度每小时八十公里。初期运营阶段，工作日早晚高峰最小行车间隔为四分三十秒，平峰时段约为七分钟，每天运营时间为早上六点至晚上十一点。为方便乘客换乘，线路在人民广场、火车东站等六座换乘站都设置了同台或通道换乘，换乘步行距离大多控制在一百五十米以内。",
    "值得一提的是，5号线沿线有不少车站位于老城区，施工条件十分复杂。其中，鼓楼站紧邻一处市级文物保护单位，地下还埋有明代城墙基址。项目团队在设计阶段就调整了车站的走向，把出入口挪到了文物保护范围之外，施工时又采用了低振动的暗挖工法，全程对城墙遗址进行沉降监测。负责这一标段的工程师刘建平说，那两年大家几乎是“绣花”一样在地下一寸一寸往前推。",
    "交通部门的测算显示，5号线开通后，城北片区到高新区的公共交通出行时间将由原来的七十分钟左右缩短到三十五分钟左右，预计初期日均客流可达二十万人次。与此同时，公交公司也同步调整了沿线十四条公交线路，新增了四条地铁接驳线，部分与地铁高度重合的线路则适当减少了班次。",
    "不过，也有乘客提出了意见。在白沙洲站，记者看到有市民反映出入口附近的非机动车停放区面积偏小，早上不到八点就已经停满。对此，车站工作人员表示，已经把相关情况上报，后续将与属地街道协商，在周边增设停车点位。",
    "按照规划，5号线二期工程将继续向南延伸至临港新城，目前已完成前期勘察工作。江临市轨道交通建设指挥部有关负责人表示，到“十五五”末，全市轨道交通运营里程有望突破三百公里，基本形成覆盖主要片区的网络化格局。",
]

KIWI_TITLE = "小小猕猴桃 撑起山村致富路——青川县发展特色果业见闻"
KIWI = [
    "十月中旬，走进青川县石门镇的猕猴桃种植基地，一排排水泥桩整齐地立在山坡上，藤蔓爬满了棚架，沉甸甸的果子挂在叶子底下。果农们背着竹篓在棚下穿行，剪刀起落之间，一只只带着细绒毛的猕猴桃被轻轻放进垫了软布的篓里。",
    "“今年雨水匀，果子个头大，糖度也高。”五十三岁的种植户杨德明一边捏着果子一边说。十年前，他家这片坡地还种着玉米和红薯，一年到头忙下来，收入不过几千元。后来镇上引进了猕猴桃品种，他咬咬牙把六亩地全改种了果树。头三年没有收成，村里不少人看笑话，他自己心里也打鼓。直到第四年树上挂满了果，一季就卖了五万多元，他才算松了一口气。",
    "如今，石门镇的猕猴桃种植面积已经发展到一万两千多亩，全镇有近一半的农户靠它增收。为了解决“种得出、卖不掉”的老问题，镇里牵头成立了果业专业合作社，统一技术标准、统一品牌包装，还建起了两座冷库，果子采下来当天就能预冷入库，错峰上市，价格比过去集中抛售时高出不少。",
    "技术上的变化同样明显。县农业农村局派驻的技术员陈晓燕说，前几年果农习惯“大水大肥”，病害多，果子也不耐放。现在合作社推广了水肥一体化和生物防治，每个园区都装了土壤湿度监测仪，手机上就能看到数据。“过去靠经验，现在靠数据，省了肥料，果子品质反而更稳定。”",
    "销售渠道也在拓宽。镇上的年轻人回乡做起了直播，把镜头对准果园和分拣车间，向网友介绍怎样挑选和储存猕猴桃。返乡青年王磊去年注册了网店，旺季一天能发出两千多单。他说，山里的快递过去要三四天才能出县城，现在物流公司在镇上设了集散点，大部分订单第二天就能送到省城。",
    "当然，产业发展也面临新的挑战。一些果农反映，近年来化肥、人工和包装材料的价格都在上涨，利润空间被压缩；个别园区管理粗放，果品质量参差不齐，影响了整体品牌形象。对此，县里计划在未来三年内对老旧果园进行品种改良，并建立质量追溯体系，让每一箱果子都能查到产地和采摘日期。",
    "夕阳西下，分拣车间里依然灯火通明。传送带上的猕猴桃按照大小被分成不同等级，工人们熟练地套袋、装箱、封口。杨德明说，他打算明年再流转几亩地，把家里在外打工的儿子也叫回来，“家门口就能挣钱，谁还愿意往外跑。”",
]

HOSP_TITLE = "看病不用再往省城跑 临川县医共体改革三年观察"
HOSP = [
    "清晨七点半，临川县人民医院门诊大厅已经排起了队，但和几年前相比，人流明显分散了许多。挂号窗口上方的电子屏滚动显示着各科室的候诊人数，不少患者手里拿着的，是乡镇卫生院开出的转诊单。",
    "三年前，临川县以县人民医院为龙头，联合县中医院和十八家乡镇卫生院组建了紧密型县域医疗共同体。改革的核心思路是“人财物统一管理”：县医院向下派驻医生和管理人员，乡镇卫生院的设备采购、药品配送和信息系统统一由医共体负责，医保资金实行总额打包付费，结余留用、合理超支分担。",
    "对普通患者来说，最直接的感受是在家门口就能看好一些常见病。家住马坪镇的村民孙桂芳患有高血压和糖尿病多年，过去每个月都要坐两个小时的车到县城开药。如今，县医院的内科医生每周二固定到镇卫生院坐诊，她的检查结果也能通过信息系统同步到县医院。“医生看过我以前的所有单子，开的药也一样，还不用来回跑。”",
    "基层能力的提升也离不开设备和人才。医共体成立后，统一为乡镇卫生院配备了数字化X光机和全自动生化分析仪，拍出来的片子由县医院影像中心远程出具报告。与此同时，县医院每年选派三十多名中级以上职称医生下沉基层，乡镇医生则轮流到县医院进修，跟着科室查房、值班。",
    "数据显示，改革实施以来，临川县县域内就诊率从百分之七十六提升到百分之八十九，乡镇卫生院的门诊量增长了约四成，而县外转诊人数明显下降。医保基金的使用效率也有所提高，去年县域医保基金出现了结余，按照约定，结余部分主要用于提高医务人员待遇和基层设备更新。",
    "改革推进中也并非没有阻力。一些乡镇卫生院的老职工担心“被合并”后待遇下降，个别县医院医生对下乡坐诊积极性不高。医共体管理层为此调整了绩效考核办法，把下沉服务时长和基层带教效果纳入职称晋升的重要参考，同时为下乡医生提供交通补贴。",
    "业内专家认为，县域医共体建设的关键在于让资源真正“沉下去”，而不是简单地把基层医疗机构变成大医院的“分诊台”。下一步，临川县计划在慢性病管理和家庭医生签约服务上继续发力，让更多群众在村里、镇上就能享受到连续、规范的健康服务。",
]

HIKE_TITLE = "两天一夜徒步鳌背岭：云海、碎石坡和一碗泡面"
HIKE = [
    "这趟线路我惦记了整整两年。去年秋天原本约好了朋友，结果出发前一天台风改道，只能作罢。今年五一假期一过，看天气预报说周末连续晴好，我和老周、阿敏三个人一拍即合，周五下班后就坐上了去山脚镇子的最后一班大巴。",
    "第一天早上六点从村口出发。前半段是沿着溪谷修的石阶路，两边全是竹林，空气湿漉漉的，走起来不算累。过了废弃的护林站以后，路就变成了被雨水冲刷出来的土沟，坡度陡然变大。阿敏是第一次背二十多斤的重装，走了一个小时就开始喘，我们只好放慢速度，每走四十分钟歇十分钟。",
    "中午在一处垭口吃了干粮。从这里往上，树木越来越矮，最后只剩下齐腰高的灌木和大片草甸。风一下子大了起来，帽子差点被吹走。下午两点多，我们踩着碎石坡爬上了第一个山头，回头一看，来时的山谷已经被一层薄云盖住，只露出几座黑色的峰尖，像是漂在海上的岛。",
    "营地选在山脊背风的一片平地上。扎好帐篷天已经擦黑，温度降得很快，大家把能穿的衣服都穿上了。老周掏出炉头烧水，三个人围着一锅泡面，加了火腿肠和一把从山下买的青菜，那滋味比城里任何一家馆子都香。晚上风声一直没停，帐篷被吹得哗哗响，我迷迷糊糊醒了好几次。",
    "第二天四点半起床看日出。云海果然如期而至，从脚下一直铺到天边，太阳从云层里跳出来的那一刻，三个人谁都没说话，只听见相机快门声。等到阳光把整片草甸染成金色，我们才收拾好营地，开始下撤。",
    "下山走的是另一条路线，要经过一段陡峭的碎石坡。这一段是全程最危险的地方，石头很松，一脚踩下去会带着小石块往下滑。我们拉开距离，一个一个慢慢通过，登山杖在这里派上了大用场。下午一点多终于回到公路边，膝盖已经开始隐隐作痛。",
    "最后说几点经验：一是这条线路水源不稳定，旱季至少要带足三升水；二是山脊上风很大，帐篷一定要打好风绳；三是碎石坡段不要在雨后走，宁可绕路。如果体能一般，建议把行程拉长到三天，走得从容一点，才能真正享受山里的风景。",
]

PORK_TITLE = "我家的红烧肉：不放一滴水的做法"
PORK = [
    "每年过年，家里的餐桌上总少不了一碗红烧肉。这道菜我跟着外婆学了很多年，一开始总是做不好，不是太油就是太柴，后来才明白，诀窍其实就在“火候”和“耐心”两个词上。今天把我家的做法完整写下来，算是给自己留个记录。",
    "先说选肉。最好用带皮的五花肉，肥瘦分层越多越好，一般三层到五层为佳。买回来后用喷枪或者在燃气灶上把猪皮燎一遍，再用刀刮干净，这样做出来的肉皮没有异味。切成三厘米见方的块，不要切得太小，炖久了会缩。",
    "肉块冷水下锅，加几片姜和一勺料酒，大火煮开后撇去浮沫，再煮两分钟捞出，用温水冲洗干净沥干。这里千万不要用冷水冲，否则肉一激就紧，后面怎么炖都不容易软。",
    "锅里不放油，直接把肉块皮朝下放进去，小火慢慢煸。这一步大概需要十五分钟，要有耐心，看到肥肉里的油一点点渗出来，表面微微焦黄就可以了。把多余的猪油倒出来，留一小勺在锅里，放入冰糖，小火炒到枣红色，再把肉倒回去翻炒上色。",
    "接下来是我家和别人不一样的地方：不加一滴水。放入葱段、姜片、两颗八角和一小块桂皮，沿锅边淋入一碗黄酒，再加两勺生抽、半勺老抽，黄酒的量要刚好没过肉块的一半。盖上锅盖，转最小火焖一个半小时，中间翻动两三次，防止粘锅。",
    "最后开盖，转中火收汁。汤汁会越来越浓，最后变得亮晶晶的，裹在每一块肉上。出锅前尝一下咸淡，如果不够可以再加一点盐。做好的红烧肉肥而不腻，瘦肉入口即化，黄酒的香气完全融进了肉里。",
    "有朋友问能不能用电压力锅做。当然可以，省时间，但味道会差一些，因为压力锅里水汽出不去，黄酒的香味收不进肉里。如果实在赶时间，可以先用压力锅压二十分钟，再倒回炒锅里开盖收汁，也算是一个折中的办法。",
    "外婆常说，红烧肉急不得，火大了外面焦里面硬，火小了又出不了味道。现在每次站在灶台前守着那口锅，我都会想起她拿着锅铲慢慢翻动的样子。这大概就是家常菜最动人的地方吧。",
]

PORK_HANT_TITLE = "我家的紅燒肉：不放一滴水的做法"
PORK_HANT = [
    "每年過年，家裡的餐桌上總少不了一碗紅燒肉。這道菜我跟著外婆學了很多年，一開始總是做不好，不是太油就是太柴，後來才明白，訣竅其實就在「火候」和「耐心」兩個詞上。今天把我家的做法完整寫下來，算是給自己留個記錄。",
    "先說選肉。最好用帶皮的五花肉，肥瘦分層越多越好，一般三層到五層為佳。買回來後用噴槍或者在燃氣灶上把豬皮燎一遍，再用刀刮乾淨，這樣做出來的肉皮沒有異味。切成三釐米見方的塊，不要切得太小，燉久了會縮。",
    "肉塊冷水下鍋，加幾片薑和一勺料酒，大火煮開後撇去浮沫，再煮兩分鐘撈出，用溫水沖洗乾淨瀝乾。這裡千萬不要用冷水沖，否則肉一激就緊，後面怎麼燉都不容易軟。",
    "鍋裡不放油，直接把肉塊皮朝下放進去，小火慢慢煸。這一步大概需要十五分鐘，要有耐心，看到肥肉裡的油一點點滲出來，表面微微焦黃就可以了。把多餘的豬油倒出來，留一小勺在鍋裡，放入冰糖，小火炒到棗紅色，再把肉倒回去翻炒上色。",
    "接下來是我家和別人不一樣的地方：不加一滴水。放入蔥段、薑片、兩顆八角和一小塊桂皮，沿鍋邊淋入一碗黃酒，再加兩勺生抽、半勺老抽，黃酒的量要剛好沒過肉塊的一半。蓋上鍋蓋，轉最小火燜一個半小時，中間翻動兩三次，防止黏鍋。",
    "最後開蓋，轉中火收汁。湯汁會越來越濃，最後變得亮晶晶的，裹在每一塊肉上。出鍋前嘗一下鹹淡，如果不夠可以再加一點鹽。做好的紅燒肉肥而不膩，瘦肉入口即化，黃酒的香氣完全融進了肉裡。",
    "有朋友問能不能用電壓力鍋做。當然可以，省時間，但味道會差一些，因為壓力鍋裡水汽出不去，黃酒的香味收不進肉裡。如果實在趕時間，可以先用壓力鍋壓二十分鐘，再倒回炒鍋裡開蓋收汁，也算是一個折中的辦法。",
    "外婆常說，紅燒肉急不得，火大了外面焦裡面硬，火小了又出不了味道。現在每次站在灶台前守著那口鍋，我都會想起她拿著鍋鏟慢慢翻動的樣子。這大概就是家常菜最動人的地方吧。",
]

EBIKE_TITLE = "【用车报告】骑了一年的通勤电动车，说说真实感受（长文慎入）"
EBIKE_MAIN = [
    "去年三月入手的这台电动车，到现在刚好一年，仪表显示总里程四千六百多公里。一直想写个用车报告，今天下雨不出门，正好有空整理一下，给正在纠结的坛友做个参考。先说明，本人没有收任何厂家的好处，纯属个人体验，说得不对的地方欢迎指正。",
    "先说买车的背景。我每天上下班单程十二公里左右，中间有两段上坡，原来坐公交要换乘一次，早上经常挤不上车。当时预算在四千元以内，对比了三四个品牌，最后选了这款，主要看中它的锂电池可以拆下来带回家充电，因为我们小区楼下不让充电。",
    "续航方面，官方标的是八十公里，实际夏天满电大概能跑六十五公里左右，冬天气温降到零度附近时只剩四十多公里，掉得比较明显。我现在的习惯是两天一充，冬天每天一充，基本没有遇到过半路没电的尴尬。",
    "骑行感受总体不错。起步比较柔和，不会一拧就窜出去，对新手友好。减震偏硬，过减速带的时候屁股能明显感觉到，路况差的路段建议慢一点。刹车是前碟后鼓，雨天制动距离会变长，这一点大家一定要注意。",
    "说说缺点。第一是仪表盘在太阳底下看不太清；第二是脚踏板空间有点小，放个大一点的购物袋就挤不下；第三是半年的时候后轮出现异响，去售后检查说是轴承缺油，处理后就好了，没有收费。",
    "保养方面，这车是轮毂电机，没有链条要操心，平时主要就是定期检查胎压和刹车，一年里换过一次刹车片。总的来说，用车成本很低，一年电费加起来也就一百多块钱。",
    "最后总结一下：如果你通勤距离在二十公里以内，小区充电不方便，这类可拆电池的车型值得考虑。如果经常跑长途或者载人，建议还是选电池更大的型号。有问题可以在楼下留言，看到都会回复。",
]
EBIKE_REPLIES = [
    ("骑行的蜗牛", "楼主写得很详细，收藏了。请问冬天电池拿回室内充电有什么要注意的吗？"),
    ("老杨不姓杨", "同款车，快半年了，后轮异响的问题我也遇到过，原来是轴承的事，明天去店里看看。"),
    ("江临小张", "冬天从外面拿回来最好先放半个小时再充，等电池温度回升一点，对电池寿命有好处。另外充满了记得及时拔掉插头。"),
]

TEA_TITLE = "一片树叶的旅行：从神农尝百草到英国下午茶"
TEA = [
    "说起茶，几乎每个中国人都不陌生。早上一杯绿茶提神，饭后一壶普洱解腻，逢年过节走亲访友，茶叶更是最常见的礼物。可是你有没有想过，这片小小的树叶，是怎样一步步走进千家万户，又漂洋过海成为世界性饮品的？",
    "关于茶的起源，流传最广的说法是“神农尝百草，日遇七十二毒，得荼而解之”。这当然是传说，但它说明古人很早就注意到了茶的药用价值。在很长一段时间里，茶更多是被当作药材或者煮成羹汤来食用的，人们会往里面加葱、姜、枣、橘皮一起煮，味道和今天的清茶相去甚远。",
    "到了唐代，饮茶之风开始在全国盛行。陆羽写成《茶经》，系统总结了茶的种植、采摘、制作和煎煮方法，被后人尊为“茶圣”。唐人流行煎茶，把茶饼碾成细末，在釜中煮水，水开时投入茶末，讲究“三沸”。那时的茶已经成为文人雅集的重要内容，许多诗人都留下了咏茶的名句。",
    "宋代是茶文化的又一个高峰。宋人喜欢点茶，用沸水冲点茶末，再用茶筅快速击拂，使茶汤表面泛起细密的白色泡沫。从宫廷到民间，还流行一种叫“斗茶”的比赛，比的就是谁的汤花更白、保持得更久。今天日本的抹茶道，就保留了不少宋代点茶的影子。",
    "明代开国后，朱元璋下令废除团茶，改贡散茶，饮茶方式随之发生了根本变化。人们开始用沸水直接冲泡散茶，这就是我们今天最熟悉的泡茶法。紫砂壶也在这一时期兴起，成为文人案头的心爱之物。",
    "茶的对外传播同样精彩。早在唐宋时期，茶叶就随着僧侣传入日本和朝鲜半岛；通过陆上丝绸之路和茶马古道，茶又进入了中亚和西藏地区。十七世纪以后，荷兰和英国的商船把中国茶叶运到欧洲，饮茶很快成为上流社会的时尚。英国人在茶里加入牛奶和糖，逐渐发展出了下午茶的习惯。",
    "一片树叶，从深山里走出来，走过了几千年的时间，也走遍了世界的各个角落。下次端起茶杯的时候，不妨慢一点喝，也许你会尝到一点历史的味道。",
]

QA_TITLE = "今年高考考了610分，想报省外的师范类院校，有什么需要注意的？"
QA_QUESTION = [
    "本人是物理类考生，今年考了610分，省排名大概一万二左右。家里希望我以后当老师，工作稳定一些，我自己也比较喜欢数学。想问问报省外的师范大学需要注意哪些问题？公费师范生值得报吗？",
]
QA_ANSWERS = [
    ("教育口老李", "从事招生咨询十余年", [
        "先恭喜你。给几个建议：第一，先把近三年目标院校在你们省的录取位次查清楚，不要只看分数，因为每年试卷难度不一样，分数的可比性很差，位次才比较靠谱。",
        "第二，师范类院校的数学与应用数学专业往往是热门专业，录取位次比学校的平均线高出不少，填报时要留出梯度。第三，注意看招生章程里对单科成绩、身体条件的要求，有些学校会要求数学单科不低于某个分数。",
        "第四，如果家里对城市有要求，可以先圈定几个省份，再在这些省份里按位次挑学校，这样效率会高很多。",
    ]),
    ("在读公费师范生", "数学专业大三", [
        "我就是部属师范大学的公费师范生，说说我的感受。好处很明显：学费住宿费全免，每个月还有生活补助，毕业后有编有岗，不用为找工作发愁。",
        "但你一定要清楚，入学前要签协议，毕业后需要回生源所在省份的中小学任教六年以上，前两年一般要到农村或者县城学校。如果你对以后去哪里工作有比较明确的想法，比如一定要留在大城市，那就要慎重考虑。",
        "另外，公费师范生中途想转专业或者毕业后直接读研都有限制，这些细节招生简章上都写着，建议全家一起认真看一遍。",
    ]),
    ("高三数学组", "中学教师", [
        "补充一点容易被忽略的：提前批。公费师范生和部分地方专项计划都在提前批录取，如果提前批被录取了，后面的本科批志愿就不再投档了。所以提前批要不要填、填哪几个学校，一定想清楚再决定，别为了“多一次机会”随便填。",
        "还有，现在很多综合性大学也开设了师范专业，毕业同样可以考教师资格证，选择面其实比你想的要宽。",
        "最后提醒一句，志愿填报系统关闭前最好留出一两天的余量，别拖到最后一个小时才提交。提交之后记得再登录系统核对一遍志愿代码和专业顺序，确认无误后截图保存，万一出现问题也有据可查。",
    ]),
]

TUT_TITLE = "Python入门实战：用标准库统计一篇文章的词频"
TUT_CODE = '''#!/usr/bin/env python3
"""Count word frequencies in a plain-text file."""
import argparse
import re
from collections import Counter

STOP_WORDS = {
    "the", "a", "an", "and", "or", "of", "to", "in", "on", "for",
    "is", "are", "was", "were", "it", "that", "this", "with", "as", "be",
}

WORD_RE = re.compile(r"[a-z']+")


def read_text(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def tokenize(text):
    words = (w.strip("'") for w in WORD_RE.findall(text.lower()))
    return [w for w in words if w and w not in STOP_WORDS]


def top_words(words, n=10):
    return Counter(words).most_common(n)


def main():
    parser = argparse.ArgumentParser(description="Word frequency counter")
    parser.add_argument("path", help="text file to analyse")
    parser.add_argument("-n", type=int, default=10, help="how many words to show")
    args = parser.parse_args()

    words = tokenize(read_text(args.path))
    print(f"total words: {len(words)}, distinct: {len(set(words))}")
    for rank, (word, count) in enumerate(top_words(words, args.n), start=1):
        print(f"{rank:>3}. {word:<20} {count:>6}")


if __name__ == "__main__":
    main()'''
TUT_BEFORE = [
    "很多刚学Python的同学问我，学完了变量、循环和函数之后，不知道该拿什么练手。其实，统计一篇文章里每个词出现的次数，就是一个非常合适的小项目：它涉及文件读写、字符串处理、字典操作和排序，几十行代码就能写完，写完还能马上看到结果。",
    "本文以英文文本为例，因为英文单词之间天然有空格分隔，处理起来比较简单；中文分词需要借助第三方库，我们放到下一篇再讲。整个程序只用到标准库，不需要安装任何额外的包，Python 3.8以上的版本都可以运行。",
    "思路分成四步：第一步，读取文本文件的全部内容；第二步，把所有字母转换成小写，并用正则表达式把单词一个个找出来；第三步，去掉单词两端多余的撇号，同时过滤掉没有实际意义的停用词；第四步，用collections模块里的Counter统计每个单词出现的次数，并输出出现频率最高的若干个词。完整代码如下：",
]
TUT_AFTER = [
    "代码里有几个地方值得说明一下。首先，打开文件时显式指定了encoding参数，这是一个好习惯，可以避免在不同操作系统上遇到编码错误。其次，正则表达式只匹配由小写字母和撇号组成的片段，保留撇号是为了让像don't这样的缩写不被拆开。最后，Counter对象的most_common方法会直接返回按次数从高到低排列的列表，省去了我们自己写排序逻辑的麻烦。",
    "运行的时候，在命令行输入python wordfreq.py article.txt -n 20，就可以看到出现次数最多的二十个单词。如果想把结果保存下来，可以在程序末尾用csv模块把数据写入文件，这个就留给大家当作练习吧。",
    "常见的问题有两个：一是文件路径写错，程序会抛出FileNotFoundError，注意检查当前工作目录；二是文本里混有特殊字符导致解码失败，这时可以在open函数里加上errors参数。遇到其他问题，欢迎在评论区留言交流。",
    "掌握了这个小程序之后，还可以继续扩展：比如统计每个单词第一次出现的位置，或者比较两篇文章的用词差异，看看作者各自偏爱哪些词。这些练习都不难，却能帮你把学过的知识串起来，真正做到学以致用。",
]

TOWN_TITLE = "百年老街换新颜 清水古镇修缮工程通过验收"
TOWN = [
    "近日，清水镇老街历史风貌修缮工程通过了专家组验收。这条长约八百米的老街始建于清代中期，两侧保存着一百二十多栋木结构民居和店铺，是当地现存规模最大、保存最完整的传统街区。",
    "修缮工程于前年春天启动。由于年久失修，老街上不少房屋出现了屋面漏雨、梁柱腐朽、墙体开裂等问题，个别建筑甚至成了危房。施工前，设计团队对每一栋房屋都进行了测绘和拍照建档，坚持“修旧如旧”的原则，能修补的构件尽量修补，确实无法使用的才按原样更换。",
    "为了找到合适的材料，施工方跑遍了周边几个县，收购了一批拆旧房子留下的老青砖和小青瓦。街面原有的石板路也被一块块编号撬起，整平路基后再按原来的位置铺回去，破损严重的石板则用同一座山上开采的青石补齐。",
    "老街上的住户大多是世代居住在这里的老居民。七十六岁的何大爷在街上开了四十多年的剃头铺，修缮期间，他的铺子搬到了临时板房里，一天也没有停业。“房子修好了，门板还是原来那几块，我看着心里踏实。”他说。",
    "除了房屋本体，这次工程还对老街的排水、电力和消防设施进行了全面改造。原本架在屋檐下的电线全部改为地下敷设，每隔五十米设置了消防栓，并为木结构建筑配备了灭火器和烟感报警器，消除了多年来的安全隐患。",
    "验收当天，不少老住户自发来到街口，看着修缮一新的老街，有人拿出手机拍个不停，也有人站在自家门前久久不愿离开。一位在外地工作多年的年轻人特地请假赶回来，他说，小时候在这条街上跑来跑去的记忆，终于又回来了。专家组认为，此次修缮最大程度保留了老街的历史信息，为同类街区保护提供了可借鉴的经验。",
    "镇政府有关负责人介绍，下一步将在保护的前提下适度发展文化旅游，引导居民经营传统手工艺和地方小吃，同时严格控制商业业态，避免老街变成千篇一律的“网红街”。",
]

BOOK_TITLE = "读《乡土中国》：熟人社会里的规矩"
BOOK = [
    "春节回老家，在父亲的书架上翻出一本旧版的《乡土中国》，书页已经发黄，扉页上还有他年轻时写下的名字和日期。趁着假期清闲，我断断续续把它重读了一遍，和大学时囫囵吞枣地读相比，这一次的感受很不一样。",
    "费孝通先生在书里提出了一个著名的概念，叫“差序格局”。他打了个比方：西方社会像是一捆一捆扎清楚的柴，每个人属于哪个团体，界限是分明的；而传统的中国乡村社会更像是把一块石头丢进水里，以自己为中心，一圈圈推出去的波纹，越往外，关系越淡。",
    "读到这里，我一下子想起了小时候村里的情形。谁家盖房子，左邻右舍都来帮工，不要工钱，只管一顿饭；谁家孩子考上大学，全村都跟着高兴，摆酒的时候要请到每一户。那时候的人情往来，确实就是这样按亲疏远近一圈圈排开的。",
    "书中另一个让我印象很深的观点是“礼治秩序”。在熟人社会里，维持秩序的主要不是成文的法律，而是代代相传的规矩和习惯。有了纠纷，大家首先想到的是请族里有威望的长辈出来调解，而不是去打官司。打官司在过去甚至被看作是一件丢脸的事情。",
    "书里还谈到“文字下乡”的问题。在一个人人相熟、世代定居的地方，面对面说话就足够了，文字反而显得多余。这让我想到奶奶那一辈人，大多不识字，却能把村里每户人家的辈分和来往记得清清楚楚。",
    "当然，这本书写于七十多年前，今天的乡村已经发生了巨大的变化。年轻人大多外出打工，村里常住的多是老人和孩子，过去那种紧密的熟人网络正在慢慢松动。可是每次回到老家，听到长辈们聊起谁家的事，我还是能感觉到那种看不见的规矩依然在起作用。",
    "合上书，我想，理解“乡土”，其实也是在理解我们自己从哪里来。无论走得多远，那些在熟人社会里养成的观念和习惯，多多少少还留在我们的身上。",
]

RECYCLE_TITLE = "关于开展春季旧物回收和爱心义卖活动的通知"
RECYCLE = [
    "各位居民朋友：为倡导绿色低碳的生活方式，让闲置物品物尽其用，经社区居委会研究决定，将于本月下旬在社区文化广场开展春季旧物回收和爱心义卖活动。现将有关事项通知如下。",
    "一、活动时间和地点。活动定于本月二十三日（星期六）上午八点半至十一点半举行，地点在社区文化广场东侧。如遇雨天，活动将顺延至下一个周六，届时另行通知。",
    "二、回收物品范围。本次主要回收旧衣物、旧书报、废旧电池、小型家用电器以及完好的儿童玩具。衣物请清洗干净后打包；电池请单独装袋，不要与其他垃圾混放；大件家具和建筑垃圾不在本次回收范围内，请居民通过物业预约清运。",
    "三、义卖活动安排。居民可以把家中闲置但完好的物品带到现场进行义卖，每户限设一个摊位，请提前三天到居委会办公室登记。义卖所得款项将全部捐给社区的困难家庭和留守儿童帮扶项目，账目在活动结束后一周内张榜公示。",
    "四、志愿者招募。活动需要二十名志愿者协助搬运物品、维持秩序和登记分类，欢迎有时间的居民和在校学生报名参加。参加志愿服务的中学生可以由居委会出具志愿服务时长证明。",
    "五、其他事项。活动当天现场人员较多，请大家看管好随身物品，照顾好老人和小孩。对于可以再次利用的旧衣物，社区将与专业机构合作进行分拣，一部分捐赠给山区学校，其余的送往回收企业进行再生处理。",
    "六、特别提醒。请勿将过期药品、油漆桶等有害垃圾混入回收物品中，此类物品请投放到小区的有害垃圾收集箱。活动期间，居委会将安排工作人员现场讲解垃圾分类知识，并向参与回收的居民发放环保购物袋。",
    "希望广大居民积极参与，共同把我们的社区建设得更加整洁、文明、温暖。如有疑问，请在工作日到社区居委会咨询。",
]

LIB_TITLE = "县图书馆延长开放时间 “夜读”成为小城新风景"
LIB = [
    "晚上八点，县图书馆二楼的自习区依然座无虚席。台灯下，有备考的高中生，有捧着专业书的年轻职工，也有戴着老花镜看报纸的退休老人。从今年三月起，县图书馆把闭馆时间从下午五点半推迟到晚上九点半，周末全天开放，这在当地还是头一回。",
    "图书馆馆长郑丽萍介绍，做出这个决定之前，馆里专门做过一次问卷调查。结果显示，超过六成的读者希望能在下班后来图书馆，而原来的开放时间和大多数人的上班时间几乎完全重合。“很多人不是不想来，而是来不了。”",
    "延长开放时间，意味着人手和运行成本都要增加。馆里调整了排班制度，工作人员实行两班倒，同时招募了一批大学生志愿者和退休教师，负责晚间的图书整理和借阅咨询。县财政也专门安排了一笔经费，用于支付电费和增加的人员补贴。",
    "为了吸引更多读者，图书馆还对馆舍进行了一番改造。一楼原来堆放过期期刊的库房被改成了儿童阅览区，铺上了地垫，摆放了低矮的书架；三楼开辟了一间安静的研修室，可以通过手机小程序提前预约座位。馆里新添置的自助借还机，让读者在晚上也能自己办理借书和还书手续。",
    "在县城一家超市上班的小林是夜读的常客。她正在准备会计职称考试，家里孩子小，根本静不下心来。“这里安静，灯光也好，每天下班吃完饭过来看两个小时书，效率特别高。”",
    "不少读者也提出了新的期待。有人希望增加电子阅览室的电脑数量，有人建议在馆外增设自助还书箱，还有家长希望能开设更多适合低龄儿童的绘本课程。馆方表示，将认真梳理这些意见，能尽快解决的马上解决。",
    "数据显示，夜间开放的三个月里，图书馆晚间接待读者一万一千多人次，图书借阅量比去年同期增长了将近一倍。郑丽萍说，接下来馆里还打算在周末晚上举办读书分享会和亲子阅读活动，让图书馆真正成为小城居民家门口的“文化客厅”。",
]

TOMATO_TITLE = "在十二楼的阳台上种出一季番茄"
TOMATO = [
    "搬进新家的第一个春天，我就盯上了朝南的那个小阳台。阳台不大，只有四平方米左右，但光照很好，从上午九点到下午三点都能晒到太阳。我一直想试试自己种菜，于是在网上买了几个种植箱、两袋营养土和一包番茄种子，开始了我的“阳台农场”计划。",
    "三月中旬，我把种子泡了一夜，然后撒进育苗盒里，盖上一层保鲜膜保湿。大概一周后，小苗陆陆续续顶着种壳钻了出来，嫩绿的两片子叶看着特别可爱。等到长出四五片真叶，我挑了最壮的六棵移栽到种植箱里，每箱两棵，中间插上竹竿。",
    "真正的考验是在四五月份。番茄长得飞快，侧枝一个劲儿地往外冒，我一开始舍不得掐，结果整棵植株长得像一丛灌木，花却没开几朵。后来请教了楼下种了几十年菜的阿姨，她告诉我要及时打掉侧芽，只留主干和第一花序下面的一个侧枝，养分才能集中到果子上。",
    "高楼阳台还有一个问题：没有蜜蜂。花开了不少，坐果却很少。我在网上查到可以人工授粉，于是每天上午用电动牙刷轻轻碰一碰花序，让花粉抖落下来。这个办法居然很管用，一周以后，花托下面就鼓起了一个个绿色的小果子。",
    "六月底，第一批番茄开始转红。我摘下第一个，洗都没洗就咬了一口，酸甜的汁水一下子涌了出来，和超市里买的完全是两种味道。整个夏天，这六棵番茄陆续结了七八斤果子，虽然数量不算多，但足够我们一家时不时加个菜了。",
    "也有一些教训。七月的一场暴雨把两棵番茄的竹竿吹倒了，枝条折断了好几根；还有一段时间叶子上出现了黄斑，查了资料才知道是浇水太勤、通风不好引起的。后来我把种植箱之间的距离拉开，改成见干见湿再浇水，情况才慢慢好转。",
    "回头看，阳台种菜最大的收获也许并不是那几斤番茄，而是每天早上浇水时看着植物一点点长大的那份期待。今年秋天，我打算再试试种一点生菜和小葱。",
]

FLOOD_TITLE = "江临市启动防汛四级应急响应 多部门提前布防"
FLOOD = [
    "受强对流天气影响，江临市气象台昨日下午发布暴雨黄色预警信号，预计未来二十四小时内全市大部分地区将出现大到暴雨，局部地区有大暴雨，并伴有短时强降水和雷暴大风。市防汛抗旱指挥部随即启动防汛四级应急响应。",
    "记者从市应急管理局了解到，各区已对辖区内的低洼易涝点、地下车库、在建工地和地质灾害隐患点开展拉网式排查。全市预置排水抢险队伍四十二支、移动泵车六十余台，重点下穿通道安排专人值守，一旦积水超过警戒水位将立即封闭交通。",
    "截至今天早上六时，全市平均降雨量已达四十二毫米，最大降雨出现在城东片区，达到一百零六毫米。部分低洼路段出现短时积水，经抢险队伍及时排水，目前交通已基本恢复正常，暂无人员伤亡报告。据了解，江临市今年已提前完成了城区排水管网的清淤疏通工作，累计清理管道三百多公里，新建改造雨水泵站五座，城市排涝能力较往年有所提升。",
    "交通部门提醒，降雨期间道路湿滑、能见度低，驾驶人要减速慢行、保持车距，尽量避开积水路段，切勿冒险涉水行驶。地铁方面表示，各车站已备足防汛沙袋和挡水板，必要时将临时关闭部分出入口。",
    "教育部门要求，各中小学和幼儿园要密切关注天气变化，合理调整户外活动安排，做好学生上下学途中的安全提醒。农业部门则组织技术人员深入田间地头，指导农户及时清理沟渠，加固大棚设施，减少降雨对农业生产的影响。",
    "市防汛抗旱指挥部表示，将根据雨情发展及时调整应急响应等级，各级各部门要严格落实二十四小时值班和领导带班制度，确保信息畅通、处置及时。",
    "气象专家提醒，本次降雨过程持续时间较长，累计雨量大，市民要减少不必要的外出，远离广告牌、临时搭建物和大树，不要在河道、水库附近逗留。如遇险情，请及时拨打求助电话。",
]

TRAM_TITLE = "百年電車換新裝 港島居民憶舊情"
TRAM = [
    "行走港島北岸超過一個世紀的電車，近日再有一批新造車廂投入服務。新車廂沿用傳統的雙層設計和柚木窗框，外觀與舊款相差無幾，但車內加裝了空調系統、電子報站屏幕和手機充電插座，乘客坐得更加舒適。",
    "電車公司表示，新車廂由本地車廠負責組裝，車身結構改用鋁合金，比舊款輕了約一成，行走時噪音亦明顯減少。為保留電車的歷史風貌，設計團隊特意保留了車頭的銅製車鐘和木製座椅的弧度，希望乘客「一上車就有熟悉的感覺」。",
    "在筲箕灣總站候車的陳伯今年七十八歲，自小住在北角，幾乎每天都會坐電車到上環飲茶。他說，以前夏天坐電車要把窗全部打開，遇上塞車更是熱得滿身大汗，「現在有冷氣，又多了座位，老人家坐得舒服好多。」不過他也坦言，最懷念的始終是舊車廂叮叮作響、微風吹進來的感覺。",
    "電車作為香港最早的公共交通工具之一，於一九零四年正式通車，至今仍是全球少數仍在運行的雙層電車系統。由於票價相宜、班次頻密，電車一直深受市民和遊客歡迎，每日載客量以十萬人次計，被不少人視為香港的城市名片。",
    "不過，近年電車亦面對不少挑戰。隨著鐵路網絡不斷擴展，部分乘客轉乘其他交通工具，加上營運成本上升，電車公司需要在保留傳統與提升服務之間取得平衡。有交通學者認為，電車速度雖慢，但在短途接駁和旅遊觀光方面仍有不可取代的角色，政府可考慮在規劃上給予更多支持，例如優化路口的交通燈安排，減少電車的等候時間。",
    "電車公司計劃在未來數年內逐步更換其餘舊車廂，並會挑選部分具代表性的舊車廂作保育用途，在車廠設立展覽區供公眾參觀。公司發言人說：「電車陪伴了幾代香港人成長，我們希望它可以繼續走下去。」",
]

TAINAN_TITLE = "台南兩天一夜吃透透：牛肉湯、碗粿與古早味豆花"
TAINAN = [
    "每次有朋友問我台灣哪裡最好吃，我的答案永遠是台南。這次趁著連假，和大學同學約好南下，兩天一夜的行程幾乎全部排滿了吃的，回來之後體重直接多了兩公斤，但一點也不後悔。",
    "第一站當然是牛肉湯。台南人吃牛肉湯是從清晨就開始的，我們早上六點半就到了店門口，前面已經排了十幾個人。老闆把切得薄薄的溫體牛肉放進碗裡，直接沖入滾燙的大骨高湯，肉片瞬間變成粉紅色，口感鮮嫩到不行。搭配一碗肉燥飯，就是最道地的台南早餐。",
    "吃飽後在赤崁樓附近散步消化，接著去吃碗粿。碗粿是用在來米漿加上肉燥、蛋黃和香菇蒸出來的，口感Q軟，淋上店家特製的醬油膏和蒜泥，簡單卻讓人一口接一口。同學說，好吃的碗粿關鍵在米漿的比例，太稀會軟爛，太稠又會硬。",
    "下午走進神農街，老屋改建的小店和咖啡館一間接著一間，很適合拍照。傍晚我們去了一家開了五十年的豆花店，老闆娘還是用傳統的方式煮豆漿、點豆花，配上自己熬的黑糖水和花生，甜而不膩。她說現在很多店都改用機器了，但她還是習慣每天凌晨自己來做，「這樣客人吃的才是真正的味道。」",
    "晚上逛了花園夜市，人潮多到幾乎只能跟著人群往前走。我們吃了炸雞排、蚵仔煎和烤玉米，最後還帶了一盒芒果冰回民宿。第二天早上又吃了一頓虱目魚粥，魚肚煎得金黃，粥底清甜，配上油條剛剛好。",
    "這次也特別注意到，台南很多老店營業時間很短，有的早上十點就賣完收攤，有的只開晚上，週一還固定公休。建議出發前先查好每家店的營業時間，排好路線，才不會白跑一趟。另外，市區停車不容易，騎機車或租借公共自行車會方便很多。",
    "回程的高鐵上，我在手機裡整理這兩天的照片，發現幾乎全是食物。台南的好吃，不只是味道，更是那種慢慢來、認真做的態度。下次一定要再多留幾天，把這次沒吃到的店都補回來。",
]

TEAFARM_TITLE = "春茶開採 山區茶農忙搶收"
TEAFARM = [
    "清明前後，南投山區的茶園陸續進入春茶採收期。一大早，山坡上就能看到戴著斗笠的採茶工，手指在茶樹間快速移動，一心二葉被俐落地摘下，放進背後的竹簍裡。茶農說，今年冬天雨量充足，春季氣溫回升平穩，茶葉芽頭肥厚，產量可望比去年回穩。",
    "在山區種茶已經三十多年的林姓茶農表示，春茶是一年當中品質最好的一季，香氣足、滋味甘醇，價格也最好。不過，採茶的時間只有短短兩三個星期，錯過最佳時機，茶葉一老，價值就會大打折扣，所以這段時間全家人幾乎每天天還沒亮就上山。",
    "近年來，採茶人力不足一直困擾著茶農。年輕人大多不願意從事辛苦的農事，採茶工的平均年齡已經超過六十歲。部分茶園開始引進機械採收，但機器採下的茶葉大小不一，只適合製作中低價位的茶品，高價的手採茶仍然得靠人工。",
    "製茶同樣是一門功夫。茶葉採下之後，要經過日光萎凋、室內靜置、攪拌、炒菁、揉捻和乾燥等多道程序，每一步都要依照當天的天氣和茶葉狀況調整。茶農笑說，做茶的人常常一整晚守在製茶廠裡，「茶不睡，人也不能睡。」",
    "一位從都市返鄉接手茶園的年輕茶農說，他剛回來時什麼都不懂，跟著父親從施肥、修剪學起，花了好幾年才敢自己做茶。現在他一邊顧茶園，一邊經營網路商店，把自家的茶直接賣給消費者，收入比過去穩定許多。",
    "地方農會指出，為了提升茶葉的附加價值，近年輔導茶農申請產銷履歷和有機驗證，並透過茶葉評鑑比賽建立品牌。農會也與觀光業者合作，推出採茶體驗和製茶課程，讓遊客親手摘茶、炒茶，認識一杯好茶背後的辛勞。",
    "對於今年的市場，茶農們普遍抱持審慎樂觀的態度。有業者表示，國內消費力道穩定，但進口茶葉的價格競爭仍然激烈，唯有堅持品質，才能讓台灣高山茶在市場上站穩腳步。",
]

JA_TITLE = "ローカル線に新型車両 沿線の観光振興に期待"
JA = [
    "山間部を走るローカル線で、新型車両の運行が今月から始まった。新しい車両は大きな窓と木目調の内装が特徴で、沿線の渓谷や田園風景をゆっくり楽しめるよう設計されている。初日の始発駅には、地元の小学生や鉄道ファンなど約二百人が集まり、記念の横断幕を掲げて出発を見送った。",
    "この路線は、人口減少や自家用車の普及により利用者が年々減少しており、一時は廃線も検討されていた。沿線の自治体と鉄道会社は数年前から協議を重ね、観光客の誘致を柱とする再生計画をまとめた。新型車両の導入はその中心となる取り組みで、総事業費の一部は国の補助金でまかなわれた。",
    "車内では、地元の高校生がデザインした観光マップを配布しているほか、週末には沿線の特産品を使った弁当の車内販売も行う。鉄道会社の担当者は「通学や通院の足を守りながら、全国から訪れたくなる路線にしたい」と話している。",
    "一方で、運行本数の少なさや、駅から観光地までの交通手段が不足していることを課題として挙げる声もある。自治体は今後、駅前での貸し自転車の拡充や、乗り合いタクシーとの接続改善を進める方針だ。",
]

KO_TITLE = "제주 올레길, 가을 걷기 여행객 늘어"
KO = [
    "선선한 가을 날씨가 이어지면서 제주 올레길을 찾는 걷기 여행객이 크게 늘고 있다. 해안을 따라 이어지는 코스에서는 푸른 바다와 오름, 돌담길을 한꺼번에 즐길 수 있어 특히 인기가 높다.",
    "올레길을 운영하는 단체에 따르면 지난달 방문객은 작년 같은 기간보다 약 20퍼센트 증가했다. 최근에는 혼자 여행하는 사람과 중장년층 방문객의 비율이 눈에 띄게 높아졌다.",
    "지역 주민들은 여행객 증가를 반기면서도 쓰레기 문제와 사유지 침범을 우려하고 있다. 단체 측은 \"정해진 길로만 걷고, 가져온 쓰레기는 다시 가져가 달라\"고 당부했다.",
]

EN_TITLE = "What Three Years of Weekend Sourdough Taught Me"
EN = [
    "I started baking sourdough the way many people did: out of boredom, with a jar of flour paste that smelled faintly of nail polish for the first week. Three years and roughly one hundred and fifty loaves later, I still bake almost every Saturday, and I have stopped expecting any two loaves to come out the same.",
    "The first lesson was patience. A young starter is weak, and no amount of clever shaping will rescue dough that has not risen. I wasted a month of flour before I learned to wait until the starter reliably doubled within six hours of feeding. Once it did, everything downstream became easier.",
    "The second lesson was to watch the dough rather than the clock. Recipes give times, but my kitchen is cold in January and humid in August. Bulk fermentation can take four hours in summer and eight in winter. I now look for a dough that has grown by about half, with a domed surface and a few bubbles along the sides of the container.",
    "The third lesson was about flour. Switching brands changed my results more than any technique I read about online. A flour with more protein holds its shape better, while a little whole wheat adds flavour but makes the dough stickier and faster to ferment.",
    "Finally, I learned to enjoy the imperfect loaves. The flat ones still make excellent toast, and the slightly burnt ones disappear just as quickly at breakfast. Bread, it turns out, is forgiving if you are.",
]

RU_TITLE = "Байкал зимой: лёд, ветер и тишина"
RU = [
    "Зимой Байкал превращается в огромное ледяное поле, по которому можно идти часами, не встречая ни одного человека. Толщина льда в феврале достигает метра, и местные жители спокойно ездят по нему на машинах от одного посёлка к другому.",
    "Самое удивительное на озере — прозрачный лёд. В солнечный день сквозь него видно камни на дне, а трещины уходят вглубь, как белые молнии. Ночью лёд трещит и гудит, и этот звук слышен за несколько километров.",
    "Путешественникам стоит помнить, что погода здесь меняется очень быстро. Сильный ветер может подняться за считанные минуты, поэтому выходить на лёд лучше с опытным проводником и с запасом тёплой одежды.",
]

ENZH_TITLE = "Five Mandarin Phrases That Got Me Through My First Month in Chengdu"
ENZH = [
    "When I moved to Chengdu for a teaching job, my Mandarin consisted of exactly two words: 你好 and 谢谢. That turned out to be a decent start, but I quickly had to learn a few more to survive daily life.",
    "The most useful one was 多少钱, which means how much does it cost. I used it at the market every morning, usually followed by a lot of pointing and nodding. Vendors were patient with me, and some of them started teaching me the names of the vegetables.",
    "The second was 不要辣, no spice, which I learned the hard way after my first bowl of noodles. Sichuan food is famous for its heat, and even the dishes that look mild can surprise you. By the end of the month I was brave enough to order a mild hotpot, or 火锅, with colleagues.",
    "The last two were 听不懂, I don't understand, and 慢一点, a little slower. Together they got me through countless conversations with taxi drivers and neighbours. My advice to anyone moving abroad is simple: learn the phrases that let people help you, and the rest will follow.",
]

DEEP_TEXT = "这是一个嵌套层级极深的测试页面。页面正文被包在三千层div标签里面，用来检验解析器会不会因为递归过深而崩溃。正文本身很短，只有这一段说明文字，不构成一篇完整的文章，抽取时可以当作低质量页面丢弃。"

MOJIBAKE_SRC = [
    "关于我们：本公司成立于二〇〇八年，专业从事办公家具的设计、生产和销售，产品远销全国二十多个省市。",
    "公司秉承质量第一、客户至上的经营理念，竭诚为广大客户提供优质的产品和周到的售后服务。",
    "欢迎新老客户来电咨询，洽谈合作，我们将竭诚为您服务。地址：江临市高新区创业大道八十八号。",
]

FLASH = [
    "市气象台发布大风蓝色预警", "城南快速路今晚起分段封闭施工", "全市新增三处口袋公园",
    "高考报名信息确认工作开始", "多家银行下调存款利率", "本周末将迎来明显降温",
    "市民中心开设夜间办事窗口", "省运会火炬传递路线公布", "第二批人才公寓开始申请",
    "跨江大桥主塔顺利封顶", "春季流感进入高发期 专家提醒接种疫苗", "老旧小区加装电梯补贴标准出台",
    "江临机场新开两条国际航线", "农贸市场改造后重新开业", "中小学暑假放假时间确定",
]
RELATED = [
    "地铁6号线首台盾构机始发", "公交线路优化调整方案公示", "中心城区停车收费标准调整",
    "乡村振兴示范村名单出炉", "县域商业体系建设推进会召开", "基层医疗服务能力提升行动启动",
    "长江流域禁渔成效明显", "博物馆推出夜场参观服务",
]


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


# ---------------------------------------------------------------------------
# record specs
# ---------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------
# WARC writing
# ---------------------------------------------------------------------------

WARCINFO_FIELDS = (
    "software: curate samples/make_samples.py (synthetic, Common Crawl layout)\r\n"
    "isPartOf: %s\r\n"
    "operator: curate project\r\n"
    "description: Synthetic sample crawl for the curate tests; every page was written for the project\r\n"
    "robots: classic\r\n"
    "hostname: sample-builder\r\n"
    "format: WARC File Format 1.0\r\n"
    "conformsTo: http://bibnum.bnf.fr/WARC/WARC_ISO_28500_version1_latestdraft.pdf\r\n" % CRAWL
)


def warc_record(fields, block):
    head = "WARC/1.0\r\n"
    for k, v in fields:
        if k == "Content-Length":
            v = str(len(block))
        head += "%s: %s\r\n" % (k, v)
    return head.encode("utf-8") + b"\r\n" + block + b"\r\n\r\n"


def http_response_block(spec, i):
    lines = ["HTTP/1.1 %d %s" % (spec["status"], spec["reason"]),
             "Date: %s" % http_date(i),
             "Server: %s" % spec["server"]]
    if spec["ctype"]:
        lines.append("Content-Type: %s" % spec["ctype"])
    lines.append("Content-Length: %d" % len(spec["body"]))
    for k, v in spec["extra_headers"]:
        lines.append("%s: %s" % (k, v))
    lines.append("Connection: close")
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + spec["body"]


def host_of(url):
    return url.split("/")[2]


def ip_for(seed):
    r = random.Random(7000 + seed)
    return "%d.%d.%d.%d" % (r.choice([39, 47, 101, 119, 120, 182, 203]), r.randint(1, 254), r.randint(1, 254), r.randint(1, 254))


def build_warc():
    build_specs()
    n = len(SPECS) + 1
    ids = {"warcinfo": rid(0)}
    for i, s in enumerate(SPECS, start=1):
        ids[s["key"]] = rid(i)
    index = {s["key"]: i for i, s in enumerate(SPECS, start=1)}

    out = []
    truth = []
    info_block = WARCINFO_FIELDS.encode("utf-8")
    out.append(gz(warc_record([
        ("WARC-Type", "warcinfo"), ("WARC-Date", warc_date(0)), ("WARC-Filename", "cc-sample.warc.gz"),
        ("WARC-Record-ID", ids["warcinfo"]), ("Content-Type", "application/warc-fields"),
        ("Content-Length", None)], info_block)))
    truth.append(dict(record_id=ids["warcinfo"], warc_type="warcinfo", url=None, http_status=None,
                      content_type=None, expect="non_response", lang=None, script=None, charset=None,
                      template=None, dup_of=None, title=None, article=None))

    for i, s in enumerate(SPECS, start=1):
        common_tail = [("WARC-Warcinfo-ID", ids["warcinfo"])]
        wt = s["wtype"]
        if wt == "request":
            target = SPECS[index[s["refers"]] - 1]
            path = "/" + s["url"].split("/", 3)[3] if s["url"].count("/") >= 3 else "/"
            block = ("GET %s HTTP/1.1\r\nUser-Agent: CCBot/2.0 (https://commoncrawl.org/faq/)\r\n"
                     "Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8\r\n"
                     "Accept-Language: en-US,en;q=0.5\r\nIf-Modified-Since: %s\r\nAccept-Encoding: br,gzip\r\n"
                     "Host: %s\r\nConnection: Keep-Alive\r\n\r\n" % (path, http_date(i - 3000), host_of(s["url"]))).encode("latin-1")
            fields = [("WARC-Type", "request"), ("WARC-Date", warc_date(index[s["refers"]])),
                      ("WARC-Record-ID", ids[s["key"]]), ("Content-Length", None),
                      ("Content-Type", "application/http; msgtype=request")] + common_tail + [
                      ("WARC-IP-Address", ip_for(index[s["refers"]])), ("WARC-Target-URI", s["url"]),
                      ("WARC-Block-Digest", sha1_b32(block))]
            truth.append(dict(record_id=ids[s["key"]], warc_type="request", url=s["url"], http_status=None,
                              content_type=None, expect="non_response", lang=None, script=None, charset=None,
                              template=None, dup_of=None, title=None, article=None))
            _ = target
        elif wt == "metadata":
            ref = index[s["refers"]]
            block = ("fetchTimeMs: 412\r\ncharset-detected: UTF-8\r\n"
                     'languages-cld2: {"reliable":true,"text-bytes":4173,"languages":[{"code":"zh","code-iso-639-3":"zho","text-covered":0.97,"score":1934.0,"name":"Chinese"}]}\r\n').encode("utf-8")
            fields = [("WARC-Type", "metadata"), ("WARC-Date", warc_date(ref)), ("WARC-Record-ID", ids[s["key"]]),
                      ("Content-Length", None), ("Content-Type", "application/warc-fields")] + common_tail + [
                      ("WARC-Concurrent-To", ids[s["refers"]]), ("WARC-Target-URI", s["url"]),
                      ("WARC-Block-Digest", sha1_b32(block))]
            truth.append(dict(record_id=ids[s["key"]], warc_type="metadata", url=s["url"], http_status=None,
                              content_type=None, expect="non_response", lang=None, script=None, charset=None,
                              template=None, dup_of=None, title=None, article=None))
        elif wt == "revisit":
            ref = SPECS[index[s["refers"]] - 1]
            block = ("HTTP/1.1 304 Not Modified\r\nDate: %s\r\nServer: nginx\r\nETag: \"65df1a2b-4f3c\"\r\n"
                     "Cache-Control: max-age=60\r\nConnection: close\r\n\r\n" % http_date(i)).encode("latin-1")
            fields = [("WARC-Type", "revisit"), ("WARC-Date", warc_date(i)), ("WARC-Record-ID", ids[s["key"]]),
                      ("Content-Length", None), ("Content-Type", "application/http; msgtype=response")] + common_tail + [
                      ("WARC-IP-Address", ip_for(index[s["refers"]])), ("WARC-Target-URI", s["url"]),
                      ("WARC-Profile", "http://netpreserve.org/warc/1.0/revisit/server-not-modified"),
                      ("WARC-Refers-To-Target-URI", ref["url"]),
                      ("WARC-Refers-To-Date", warc_date(index[s["refers"]])),
                      ("WARC-Block-Digest", sha1_b32(block))]
            truth.append(dict(record_id=ids[s["key"]], warc_type="revisit", url=s["url"], http_status=304,
                              content_type=None, expect="non_response", lang=None, script=None, charset=None,
                              template=None, dup_of=None, title=None, article=None))
        else:
            if s["raw_block"] is not None:
                block = s["raw_block"]
                payload = block
            else:
                block = http_response_block(s, i)
                payload = s["body"]
            concurrent = []
            req = [x for x in SPECS if x["wtype"] == "request" and x["refers"] == s["key"]]
            if req:
                concurrent = [("WARC-Concurrent-To", ids[req[0]["key"]])]
            fields = [("WARC-Type", "response"), ("WARC-Date", warc_date(i)), ("WARC-Record-ID", ids[s["key"]]),
                      ("Content-Length", None), ("Content-Type", "application/http; msgtype=response")] + common_tail + concurrent + [
                      ("WARC-IP-Address", ip_for(i)), ("WARC-Target-URI", s["url"]),
                      ("WARC-Payload-Digest", sha1_b32(payload)), ("WARC-Block-Digest", sha1_b32(block))]
            if s["ctype"]:
                fields.append(("WARC-Identified-Payload-Type", s["ctype"].split(";")[0].strip().lower()))
            truth.append(dict(record_id=ids[s["key"]], warc_type="response", url=s["url"],
                              http_status=s["status"], content_type=s["ctype"], expect=s["expect"],
                              lang=s["lang"], script=s["script"], charset=s["charset"], template=s["template"],
                              dup_of=ids[s["dup_of"]] if s["dup_of"] else None, title=s["title"],
                              article=s["article"]))
        member = gz(warc_record(fields, block))
        if s["truncate"]:
            assert i == n - 1, "truncated record must be last"
            member = member[: int(len(member) * 0.6)]
        out.append(member)

    with open(WARC_PATH, "wb") as f:
        f.write(b"".join(out))
    with open(TRUTH_PATH, "w", encoding="utf-8") as f:
        json.dump(truth, f, ensure_ascii=False, indent=1)
        f.write("\n")
    return ids


# ---------------------------------------------------------------------------
# WET
# ---------------------------------------------------------------------------

def build_wet(ids):
    by_key = {s["key"]: (i, s) for i, s in enumerate(SPECS, start=1)}
    picks = [
        ("subway", "zho", "江临日报网 首页 要闻 本地 社会 财经 教育 健康 视频 数字报", "关于我们 | 联系我们 | 广告服务 | 免责声明 | 网站地图\nCopyright © 2008-2024 江临日报网 版权所有"),
        ("kiwi", "zho", "青川在线 首页 要闻 本地 社会 财经", "Copyright © 2008-2024 青川在线 版权所有 蜀ICP备15007788号"),
        ("tea", "zho", "公众号文章聚合 > 茶知道 > 正文 登录 · RSS订阅", "— END —\n长按识别二维码 · 扫码关注公众号\n阅读原文 阅读 2.1万 赞 318 在看 96\nRead More\n正文完\n评论(没有评论)\nGenerated by Feedzy"),
        ("hant_utf8", "zho", "寶島新聞網 政治 社會 生活 地方 國際 體育 會員登入", "延伸閱讀\n寶島新聞網 版權所有 © 2024 本網站內容未經授權不得轉載"),
        ("en", "eng", "Crumb & Crust Home Recipes About Contact", "© 2024 Crumb & Crust. Powered by Ghost."),
        ("ja", "jpn", "地域新聞デジタル トップ 地域 社会 経済 スポーツ", "© 地域新聞社 無断転載を禁じます"),
    ]
    out = []
    info_id = rid(500)
    info = ("Software-Info: curate samples/make_samples.py (synthetic, Common Crawl WET layout)\r\n"
            "Extracted-Date: Sat, 02 Mar 2024 09:00:00 GMT\r\n"
            "robots: classic\r\nisPartOf: %s\r\noperator: curate project\r\n"
            "description: Synthetic sample WET for the curate tests\r\n" % CRAWL).encode("utf-8")
    out.append(gz(warc_record([("WARC-Type", "warcinfo"), ("WARC-Date", warc_date(0)),
                               ("WARC-Filename", "cc-sample.warc.wet.gz"), ("WARC-Record-ID", info_id),
                               ("Content-Type", "application/warc-fields"), ("Content-Length", None)], info)))
    for n, (key, lang, nav, foot) in enumerate(picks, start=1):
        i, s = by_key[key]
        text = "\n".join([s["title"], nav] + s["article"] + [foot])
        block = text.encode("utf-8")
        fields = [("WARC-Type", "conversion"), ("WARC-Target-URI", s["url"]), ("WARC-Date", warc_date(i)),
                  ("WARC-Record-ID", rid(500 + n)), ("WARC-Refers-To", ids[key]),
                  ("WARC-Block-Digest", sha1_b32(block)), ("WARC-Identified-Content-Language", lang),
                  ("Content-Type", "text/plain"), ("Content-Length", None)]
        out.append(gz(warc_record(fields, block)))
    os.makedirs(os.path.dirname(WET_PATH), exist_ok=True)
    with open(WET_PATH, "wb") as f:
        f.write(b"".join(out))


def main():
    ids = build_warc()
    build_wet(ids)
    for p in (WARC_PATH, TRUTH_PATH, WET_PATH):
        print("%-45s %8d bytes" % (os.path.relpath(p, os.path.dirname(HERE)), os.path.getsize(p)))


if __name__ == "__main__":
    main()
