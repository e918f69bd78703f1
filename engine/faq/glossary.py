"""A bilingual glossary of shop and customer-service concepts: the bridge between languages.

Each concept has English phrases (matched on stemmed words, so "refunds" and "refunded" are
"refund") and Chinese words (matched as substrings). A text's concepts become extra lexical
tokens (``~refund``), shared by an English question and a Chinese policy that say the same
thing, so cross-lingual questions match lexically as well as by embedding. The list is general
shop vocabulary (orders, money, delivery, after-sales, goods), not one shop's policies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from engine.guard.lexicon import stem

_RAW = """
*order|orders|purchase|bought|buy|checkout = 订单|下单|下的单|购买|买的
cancel|cancellation|call off = 取消|撤销
change order|modify|amend|edit order|add to order|forgot to add = 修改|更改|改一下|加购|补单
address|shipping address|delivery address|wrong address = 地址|收货地址
return|send back|sent back|returning|take back = 退货|退回|寄回|退还|退掉|退吗
refund|money back|reimburse = 退款|退钱|退回款|钱退
exchange|swap|trade|replace with|different size|different colour|instead = 换货|调换|更换|换成|
+ 换一个|换吗
return window|within days|days of delivery|how long to return = 退货期限|天内退|天之内
return label|prepaid label|return postage|return shipping = 退货标签|退货运费|寄回运费|退货的运费
final sale|non-returnable|cannot be returned = 不退不换|不能退|不可退|概不退换
store credit = 店铺余额|购物金|余额
sale|clearance|discounted|markdown|last chance|seconds = 打折|特价|清仓|促销|折扣商品|折扣区|
+ 瑕疵品
discount|coupon|promo code|discount code|percent off = 优惠|折扣|优惠码|打折|折|减免
first order|new customer|welcome = 首单|第一次下单|新客|新顾客
*student|nurse|teacher|military = 学生|护士|教师|军人
damaged|broken|cracked|crack|chipped|shattered|arrived broken = 破损|损坏|裂|碎|摔坏|磕|坏了
faulty|defect|defective|flaw|fault = 质量问题|瑕疵|缺陷|故障
*photo|picture|photograph = 照片|拍照|图片
lost|missing|never arrived|not arrived|stuck|no update = 丢失|丢件|没收到|没到|未送达|没有更新|
+ 不更新
late|delayed|delay|taking long = 延误|延迟|晚到|迟迟
*parcel|package|box|shipment = 包裹|快递|箱子|外箱
tracking|track|tracking number = 物流|追踪|单号|跟踪|查询物流
claim|investigation = 索赔|理赔|调查
shipping|postage|delivery cost|shipping cost|shipping rate|ship = 运费|邮费|配送|寄送|邮寄|发货
free shipping|ship free = 包邮|免运费|免邮
delivery time|how long|arrive|arrival|business day|transit = 多久|几天|到货|送达|工作日|时效|
+ 多长时间
*domestic|within the us|in the us|united states|usa|america = 美国|美国境内
*alaska|hawaii = 阿拉斯加|夏威夷
*international|abroad|overseas|worldwide|country = 国际|海外|国外|境外
*canada = 加拿大
*uk|united kingdom|britain|england|london = 英国|伦敦
*europe|eu|european = 欧洲|欧盟
*australia = 澳大利亚|澳洲
*japan = 日本
*brazil = 巴西
*china|mainland china|chinese|shanghai|beijing|shenzhen|guangzhou = 中国|大陆|内地|国内|上海|
+ 北京|深圳|广州|杭州|成都
*hong kong|macau|taiwan = 香港|澳门|台湾
customs|duty|duties|import tax|import fee|clearance fee|fee at the door = 关税|清关|海关|进口税
id number|identity|passport = 身份证|证件|身份证号
express|expedited|faster|rush|overnight|next day|priority|ems = 加急|快递加急|特快|加快|次日达|
+ 顺丰
pickup|collect in person|visit|studio visit|showroom = 自提|到店|参观|门店|线下店
holiday|christmas|new year|chinese new year|spring festival|closed = 节假日|圣诞|新年|春节|过年|
+ 元旦|放假|休息
cut-off|deadline|latest order = 截止|截单|最晚
invoice|receipt|vat|fapiao|tax invoice = 发票|收据|开票|增值税|专票|普票
*company|business|corporate|employee|staff|conference = 公司|企业|团购|员工|单位|会议
wholesale|stockist|retailer|resale|bulk order = 批发|经销|零售商|代理|大批量
custom|personalised|personalized|bespoke|made to order|commission = 定制|定做|订做|个性化
engrave|engraving|monogram|initial|letters|name on = 刻字|刻名字|刻上|字母|姓名缩写
logo|branding|brand colour|print = 标志|印logo|品牌色|印刷|印字
gift wrap|wrapping|wrapped|gift note|gift message = 礼品包装|包装|贺卡|留言|礼盒
gift card|voucher|e-gift|gift certificate = 礼品卡|礼券|购物卡|代金券
price|cost|how much|charge|fee|expensive = 价格|多少钱|费用|收费|价钱
payment|pay|paying|credit card|debit card|bank card|visa|mastercard|amex|american express|paypal|
+ apple pay = 付款|支付|信用卡|银行卡|刷卡
alipay|wechat pay|wechat|weixin = 支付宝|微信|微信支付
instalment|installment|split payment|pay later|spread the cost|klarna|pay over time = 分期|
+ 分期付款|先买后付
currency|exchange rate|conversion|dollar|euro|pound|yuan|rmb = 货币|汇率|美元|欧元|英镑|人民币|
+ 换算
points|loyalty|reward|membership|member = 积分|会员|奖励|点数
warranty|guarantee|guaranteed = 保修|质保|保修期|保证
repair|fix|mend|restitch|stitching|re-stitch = 维修|修理|修补|缝线|线开|能修|修好
*ceramic|ceramics|stoneware|porcelain|pottery = 陶瓷|陶器|瓷器|粗陶
*mug|cup = 杯子|马克杯|杯
*plate|dish|bowl|dinnerware|tableware|dinner set = 盘子|碟|碗|餐具|盘
*vase|jug|pitcher|planter = 花瓶|水壶|花盆
*teapot = 茶壶
*glaze|colour|color|finish = 釉|釉色|颜色
dishwasher|microwave|oven|freezer|hob|stove = 洗碗机|微波炉|烤箱|冰箱|电磁炉|炉
care|clean|wash|washing|look after = 保养|清洁|清洗|洗|打理
*linen|flax = 亚麻
shrink|shrinkage = 缩水|收缩
dry cleaning|tumble dry|iron = 干洗|烘干|熨烫|熨
*bedding|duvet|duvet cover|sheet|fitted sheet|pillowcase|pillow = 床品|被套|床单|床笠|枕套|枕头
size|sizes|dimension|measure|measurement|width|wide|length = 尺寸|大小|规格|尺码|宽|长度
*king|queen|twin|double|single = 双人|单人|特大|大床
*table linen|tablecloth|napkin|runner|table runner = 桌布|餐巾|桌旗
*curtain|drape|blackout|panel = 窗帘|遮光|帘
sample|swatch|fabric sample|sample tile = 布样|样品|小样|色卡
*candle|candles|wax|soy = 蜡烛|蜡|大豆蜡|香薰
wick|trim = 烛芯|灯芯|修剪
burn|burning|burn time = 燃烧|点燃|燃|烧
scent|fragrance|smell|unscented|perfume = 香型|香味|香氛|无香|气味|味道
melt|melting|hot weather|summer = 融化|高温|夏天|炎热
safety|fire|allergy|asthma = 安全|火灾|着火|过敏|哮喘
*leather|card holder|wallet|keyring|key ring|leather goods = 皮具|皮革|卡包|钱包|钥匙扣|皮夹
rain|wet|stain = 雨|淋湿|湿了|污渍
material|made of|made from|origin|made in|where made|produce = 材质|材料|产地|产自|原料|生产
lead|food safe|toxic = 铅|食品级|无毒|有毒
pre-order|preorder|backorder = 预售|预订|预定
restock|back in stock|sold out|out of stock|notify me = 补货|缺货|售罄|卖完|到货通知|断货
privacy|personal data|data|gdpr|sell my data = 隐私|个人信息|数据
unsubscribe|marketing email|newsletter|mailing list|promotional email = 退订|营销邮件|订阅|
+ 推广邮件
customer service|support|contact|phone|call|opening hours|human|real person = 客服|联系|电话|
+ 人工|邮箱|工作时间|服务时间
reply|response|respond|answer = 回复|答复|回应
"""


OBJECT_WEIGHT = 0.4
"""A concept marked ``*`` names a thing (a mug, linen, a country) rather than what the customer
wants done with it (return, repair, pay later): it says less about which policy answers."""


@dataclass(frozen=True)
class Concept:
    """One glossary line: its token, English phrases (as stems), Chinese words, weight."""

    key: str
    phrases: tuple[tuple[str, ...], ...]
    zh: tuple[str, ...]
    weight: float = 1.0


@lru_cache(maxsize=1)
def concepts() -> tuple[Concept, ...]:
    """The glossary, parsed once."""
    out = []
    lines: list[str] = []
    for line in _RAW.strip().splitlines():  # a line starting "+ " continues the one before
        if line.startswith("+ ") and lines:
            lines[-1] += line[2:]
        else:
            lines.append(line)
    for line in lines:
        weight = OBJECT_WEIGHT if line.startswith("*") else 1.0
        en, zh = (side.strip() for side in line.lstrip("*").split("="))
        phrases = [p.strip() for p in en.split("|") if p.strip()]
        key = "~" + phrases[0].replace(" ", "_")
        stems = tuple(tuple(stem(w) for w in re.findall(r"[a-z0-9-]+", p)) for p in phrases)
        words = tuple(w.strip().lower() for w in zh.split("|") if w.strip())
        out.append(Concept(key, tuple(s for s in stems if s), words, weight))
    return tuple(out)


@lru_cache(maxsize=1)
def weights() -> dict[str, float]:
    """Each concept token's weight in a query."""
    return {c.key: c.weight for c in concepts()}


def _has_phrase(words: list[str], phrase: tuple[str, ...]) -> bool:
    """``phrase`` in ``words``; two-word phrases may have up to two words between them."""
    n = len(phrase)
    for i, word in enumerate(words):
        if word != phrase[0]:
            continue
        if words[i : i + n] == list(phrase):
            return True
        if n == 2 and phrase[1] in words[i + 2 : i + 4]:
            return True  # "send it back", "send the napkins back"
    return False


def concept_tokens(text: str) -> list[str]:
    """The glossary concepts ``text`` names, as lexical tokens (``~refund``), once each."""
    lowered = text.lower()
    words = [stem(w) for w in re.findall(r"[a-z0-9][a-z0-9'-]*", lowered)]
    found = []
    for concept in concepts():
        if any(w in lowered for w in concept.zh) or any(
            _has_phrase(words, p) for p in concept.phrases
        ):
            found.append(concept.key)
    return found
