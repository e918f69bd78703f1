"""The fact guard's vocabulary: materials and claims (English and Chinese) with what each implies.

Each :class:`Concept` has aliases in both languages, so facts written in English support a Chinese
text that says the same thing (``stainless steel`` supports ``不锈钢``). ``implies`` lists weaker
concepts a stronger one supports (``stainless steel`` supports ``steel``; ``waterproof`` supports
``water-resistant``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Concept:
    """One material or claim the guard looks for."""

    key: str
    kind: str
    aliases: tuple[str, ...]
    implies: tuple[str, ...] = ()


def _m(key: str, aliases: str, implies: str = "") -> Concept:
    return Concept(key, "material", tuple(aliases.split("|")), tuple(filter(None, implies.split())))


def _c(key: str, kind: str, aliases: str, implies: str = "") -> Concept:
    return Concept(key, kind, tuple(aliases.split("|")), tuple(filter(None, implies.split())))


CONCEPTS: tuple[Concept, ...] = (
    # -- materials ---------------------------------------------------------------------------
    _m("stainless", "stainless steel|stainless|18/8 steel|304 steel|不锈钢", "steel"),
    _m("steel", "steel|钢制|钢材"),
    _m("aluminium", "aluminium|aluminum|铝合金|铝制|铝"),
    _m("titanium", "titanium|钛合金|钛"),
    _m("copper", "copper|纯铜|紫铜"),
    _m("brass", "brass|黄铜"),
    _m("iron", "cast iron|铸铁"),
    _m("bamboo", "bamboo|竹制|竹子|竹", "wood"),
    _m("wood", "wood|wooden|solid wood|木质|实木|木制|原木"),
    _m("oak", "oak|橡木", "wood"),
    _m("walnut", "walnut|胡桃木", "wood"),
    _m("acacia", "acacia|相思木", "wood"),
    _m("beech", "beech|榉木", "wood"),
    _m(
        "pure_cotton",
        r"re:100\s*%\s*(?:organic\s+)?cotton|re:100\s*%\s*(?:有机)?棉|pure cotton|纯棉|全棉",
        "cotton",
    ),
    _m("organic_cotton", "organic cotton|有机棉", "cotton organic"),
    _m("cotton", "cotton|棉质|棉"),
    _m("linen", "linen|亚麻"),
    _m("merino", "merino|美利奴", "wool"),
    _m("wool", "wool|woollen|woolen|羊毛"),
    _m("cashmere", "cashmere|羊绒"),
    _m("silk", "silk|真丝|丝绸|蚕丝"),
    _m("vegan_leather", "vegan leather|faux leather|pu leather|人造革|pu皮"),
    _m("leather", "leather|genuine leather|full-grain leather|真皮|皮革|牛皮"),
    _m("polyester", "polyester|涤纶|聚酯纤维"),
    _m("nylon", "nylon|尼龙"),
    _m("spandex", "spandex|elastane|lycra|氨纶"),
    _m("silicone", "silicone|硅胶"),
    _m("rubber", "rubber|natural rubber|橡胶"),
    _m("glass", "glass|玻璃"),
    _m("borosilicate", "borosilicate|高硼硅", "glass"),
    _m("ceramic", "ceramic|ceramics|陶瓷"),
    _m("porcelain", "porcelain|stoneware|瓷器|骨瓷", "ceramic"),
    _m("plastic", "plastic|塑料"),
    _m("acrylic", "acrylic|亚克力"),
    _m("synthetics", "tpe|pvc|eva|abs plastic|polypropylene|pp材质|tpu"),
    _m("soy_wax", "soy wax|大豆蜡", "wax"),
    _m("beeswax", "beeswax|蜂蜡", "wax"),
    _m("wax", "wax|蜡质"),
    _m("marble", "marble|大理石"),
    _m("cork", "cork|软木"),
    _m("down", "goose down|duck down|羽绒"),
    _m("gold", "solid gold|gold-plated|gold plated|18k gold|14k gold|纯金|镀金"),
    _m("silver", "sterling silver|925 silver|纯银|925银"),
    _m("microfiber", "microfiber|microfibre|超细纤维"),
    # -- care and safety -----------------------------------------------------------------------
    _c(
        "dishwasher",
        "care",
        "dishwasher safe|dishwasher friendly|dishwasher proof|可洗碗机|"
        "可用洗碗机|洗碗机可洗|可放入洗碗机|支持洗碗机|洗碗机清洗",
    ),
    _c(
        "microwave",
        "care",
        "microwave safe|microwave friendly|可微波|微波炉可用|可用微波炉|"
        "可放入微波炉|微波炉适用|微波炉加热",
    ),
    _c("oven", "care", "oven safe|oven proof|可进烤箱|烤箱可用"),
    _c(
        "easy_clean",
        "care",
        "easy to clean|easy clean|easy-clean|easy to wash|easy to care for|easy care|"
        "low maintenance|wipe clean|wipes clean|stain resistant|易于清洁|易清洁|容易清洁|"
        "易清洗|方便清洗|清洗方便|好打理|易打理|免打理|不沾|防污",
    ),
    _c("freezer", "care", "freezer safe|可冷冻"),
    _c("machine_wash", "care", "machine washable|machine wash|可机洗|机洗|机器洗"),
    _c("waterproof", "claim", "waterproof|water proof|防水", "water_resistant"),
    _c(
        "water_resistant",
        "claim",
        "water resistant|water repellent|splash proof|splash resistant|防泼水|抗水|防溅",
    ),
    _c("ip_rating", "certification", r"re:ip[x\d]\d"),
    _c("windproof", "claim", "windproof|wind resistant|防风"),
    _c(
        "leak_proof",
        "claim",
        "leak proof|leakproof|spill proof|spillproof|防漏|不漏水|防溢|密封不漏",
    ),
    _c(
        "insulated",
        "claim",
        "insulated|vacuum insulated|double wall|double walled|保温|保冷|真空隔热",
    ),
    _c("bpa_free", "safety", "bpa free|free of bpa|free from bpa|无双酚a|不含双酚a|不含bpa|无bpa"),
    _c("non_toxic", "safety", "non toxic|nontoxic|无毒"),
    _c("food_grade", "safety", "food grade|food safe|食品级"),
    _c("hypoallergenic", "safety", "hypoallergenic|低敏|防过敏|抗过敏"),
    _c("antibacterial", "claim", "antibacterial|antimicrobial|抗菌|抑菌"),
    _c("non_slip", "claim", "non slip|nonslip|anti slip|slip resistant|防滑"),
    _c("shatterproof", "claim", "shatterproof|shatter proof|unbreakable|防摔|不易碎"),
    _c("scratch", "claim", "scratch resistant|scratch proof|耐刮|防刮"),
    _c("rust", "claim", "rust proof|rustproof|rust resistant|防锈|不生锈"),
    _c(
        "odor",
        "claim",
        "odor resistant|odour resistant|anti odor|anti odour|odorless|odourless|防臭|抑臭|无异味",
    ),
    _c(
        "wrinkle",
        "claim",
        "wrinkle resistant|wrinkle free|anti wrinkle|resistant to wrinkles|crease resistant|"
        "免烫|抗皱",
    ),
    _c(
        "shrink",
        "claim",
        "shrink resistant|won't shrink|doesn't shrink|does not shrink|pre shrunk|preshrunk|"
        "不缩水|防缩水",
    ),
    _c("weatherproof", "claim", "weatherproof|weather proof|weather resistant|all weather|全天候"),
    _c("colourfast", "claim", "colourfast|colorfast|fade resistant|不掉色|不褪色"),
    _c("mould", "claim", "mould resistant|mold resistant|防霉|不易发霉"),
    _c("eye_care", "claim", "eye care|eye protection|flicker free|护眼|无频闪"),
    _c("smokeless", "claim", "smokeless|smoke free|无烟"),
    _c("uv", "claim", "uv protection|uv resistant|uv blocking|防紫外线"),
    _c("quick_dry", "claim", "quick dry|quick drying|fast drying|速干"),
    _c("noise_cancel", "claim", "noise cancelling|noise canceling|noise cancellation|降噪"),
    _c("wireless_charging", "claim", "wireless charging|无线充电"),
    _c("fast_charging", "claim", "fast charging|quick charge|快充"),
    _c(
        "machine_made",
        "claim",
        "handmade|hand made|handcrafted|hand crafted|hand poured|纯手工|手工|手作",
    ),
    # -- eco, certification, origin, offers -----------------------------------------------------
    _c("organic", "certification", "organic|re:有机(?!会)"),
    _c("vegan", "claim", "vegan|cruelty free|纯素|零残忍"),
    _c("recyclable", "claim", "recyclable|recycled|可回收|再生材料"),
    _c("biodegradable", "claim", "biodegradable|compostable|可降解|可堆肥"),
    _c(
        "eco",
        "claim",
        "eco friendly|eco conscious|environmentally friendly|environment friendly|sustainable|"
        "sustainably|sustainability|plastic free|环保|无塑",
    ),
    _c("natural", "claim", "all natural|100% natural|纯天然|天然"),
    _c(
        "certified",
        "certification",
        "certified|certification|fda approved|fda|ce certified|"
        "ul listed|oeko tex|gots|fsc|iso 9001|认证|检测合格|质检",
    ),
    _c(
        "clinical",
        "certification",
        "clinically proven|clinically tested|dermatologist tested|"
        "scientifically proven|lab tested|临床验证|临床证明|实验室检测",
    ),
    _c("gluten_free", "claim", "gluten free|无麸质"),
    _c("fair_trade", "certification", "fair trade|公平贸易"),
    _c(
        "warranty",
        "offer",
        "warranty|guarantee|guaranteed|money back|lifetime warranty|保修|质保|包换|包退|终身保",
    ),
    _c(
        "free_shipping",
        "offer",
        "free shipping|free delivery|free returns|buy one get one|包邮|免运费|买一送一",
    ),
    _c("award", "claim", "award winning|award-winning|获奖|屡获殊荣"),
    _c(
        "best_selling",
        "claim",
        "best selling|bestseller|best seller|#1|number one|销量第一|热销|爆款",
    ),
    _c("made_in", "origin", r"re:made in (?:the )?[a-z]+|进口|原装进口|中国制造|日本制造|德国制造"),
)

KIND_REASON = {
    "material": "material not in the facts",
    "care": "care claim not in the facts",
    "safety": "safety claim not in the facts",
    "certification": "certification not in the facts",
    "origin": "origin not in the facts",
    "offer": "offer or warranty not in the facts",
    "claim": "claim not in the facts",
}

_CJK = re.compile(r"[\u4e00-\u9fff]")


def alias_pattern(alias: str) -> str:
    """A regex for one alias: spaces and hyphens interchangeable, word edges for Latin text."""
    if alias.startswith("re:"):
        body = alias[3:]
    else:
        parts = re.split(r"[\s-]+", alias)
        body = r"[\s-]?".join(re.escape(p) for p in parts)
    if _CJK.search(alias):
        return body
    return r"(?<![A-Za-z0-9_-])" + body + r"(?![A-Za-z0-9_])"


def compile_concept(concept: Concept) -> re.Pattern[str]:
    """One regex matching any alias of ``concept`` (longest alias first)."""
    aliases = sorted(concept.aliases, key=len, reverse=True)
    return re.compile("|".join(f"(?:{alias_pattern(a)})" for a in aliases), re.IGNORECASE)


COMPILED: tuple[tuple[Concept, re.Pattern[str]], ...] = tuple(
    (c, compile_concept(c)) for c in CONCEPTS
)
BY_KEY: dict[str, Concept] = {c.key: c for c in CONCEPTS}


def supported_concepts(facts_text: str) -> set[str]:
    """Concept keys the facts state, closed under ``implies``."""
    found = {c.key for c, pattern in COMPILED if pattern.search(facts_text)}
    stack = list(found)
    while stack:
        concept = BY_KEY.get(stack.pop())
        for weaker in concept.implies if concept else ():
            if weaker not in found:
                found.add(weaker)
                stack.append(weaker)
    return found
