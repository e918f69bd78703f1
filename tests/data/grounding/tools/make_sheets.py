"""Write fact_sheets.jsonl from the hand-written sheets below and assign the split.

Split rule (fixed before any text was generated): within each language, sort the sheets by id
and cut them into consecutive blocks of 5 (the last block may be shorter); in each block the
ceil(0.4 * block size) sheets with the smallest sha256(id) hex digest are `heldout`, the rest
`tune`. Run: python tests/data/grounding/tools/make_sheets.py
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "fact_sheets.jsonl"

EN = [
    {
        "title": "Insulated Steel Bottle",
        "category": "Drinkware",
        "attributes": {"capacity": "750 ml", "material": "18/8 stainless steel"},
        "features": ["keeps drinks cold 24 hours", "leak-proof lid"],
        "audience": "hikers",
        "tone": "friendly",
        "keywords": ["water bottle"],
        "banned_words": ["cheap"],
    },
    {
        "title": "Linen Kitchen Apron",
        "category": "Kitchen textiles",
        "attributes": {
            "material": "100% European linen",
            "colour": "sage green",
            "size": "one size, 86 x 70 cm",
            "origin": "made in Lithuania",
            "care": "machine wash cold, line dry",
        },
        "features": ["adjustable neck strap", "two front pockets", "long waist ties"],
        "audience": "home cooks and bakers",
        "tone": "warm",
    },
    {
        "title": "Porcelain Pour-Over Coffee Dripper",
        "category": "Coffee equipment",
        "attributes": {
            "material": "porcelain",
            "fits": "size 02 paper filters",
            "brews": "1 to 4 cups",
            "origin": "made in Arita, Japan",
        },
        "features": ["single hole for a slower extraction", "spiral ribs inside"],
        "tone": "calm, precise",
        "keywords": ["pour over", "coffee dripper"],
    },
    {
        "title": "Merino Wool Crew Socks",
        "category": "Socks",
        "attributes": {
            "material": "70% merino wool, 28% nylon, 2% elastane",
            "sizes": "S (EU 36-38), M (EU 39-42), L (EU 43-46)",
            "care": "machine wash warm, do not tumble dry",
        },
        "features": ["cushioned sole", "reinforced heel and toe"],
        "audience": "hikers and everyday wear",
        "tone": "friendly",
        "keywords": ["wool socks"],
    },
    {
        "title": "Leather Card Wallet",
        "attributes": {"material": "vegetable-tanned cowhide leather"},
        "features": ["holds 6 cards"],
    },
    {
        "title": "Fig & Cedar Soy Candle",
        "category": "Candles",
        "attributes": {
            "weight": "200 g",
            "wax": "100% soy wax",
            "wick": "cotton wick",
            "burn time": "about 45 hours",
            "jar": "amber glass jar",
            "origin": "hand-poured in Bristol, UK",
        },
        "features": [
            "scent notes: fig, cedarwood, black pepper",
            "trim the wick to 5 mm before each burn",
        ],
        "tone": "cosy",
        "keywords": ["soy candle"],
        "banned_words": ["toxic"],
    },
    {
        "title": "Wooden Stacking Rainbow",
        "category": "Toys",
        "attributes": {
            "material": "beech wood",
            "paint": "water-based paints",
            "pieces": "7 arches",
            "size": "28 x 14 cm",
            "certification": "EN 71 tested",
            "age": "3 years and up",
        },
        "features": ["open-ended play", "stacks, balances or lines up as a tunnel"],
        "audience": "toddlers and preschoolers",
        "tone": "playful",
    },
    {
        "title": "Orthopedic Memory Foam Dog Bed",
        "category": "Pet supplies",
        "attributes": {
            "size": "L, 100 x 70 cm",
            "filling": "10 cm memory foam",
            "cover": "polyester",
            "care": "removable cover, machine washable at 30 °C",
        },
        "features": ["non-slip base", "raised bolster on three sides"],
        "audience": "senior and large dogs",
        "tone": "caring",
        "keywords": ["dog bed"],
    },
    {
        "title": "Bamboo Cutting Board Set",
        "category": "Kitchen",
        "attributes": {
            "material": "bamboo",
            "pieces": "3 boards: 25 x 18 cm, 33 x 23 cm, 38 x 28 cm",
            "care": "hand wash only, oil monthly with food-safe mineral oil",
        },
        "features": ["juice groove on the large board"],
        "tone": "practical",
        "keywords": ["cutting board"],
        "banned_words": ["plastic"],
    },
    {
        "title": "Trail Lite Running Shoes",
        "category": "Shoes",
        "attributes": {
            "upper": "recycled polyester mesh",
            "weight": "260 g (UK size 8)",
            "heel-to-toe drop": "6 mm",
            "lugs": "4 mm",
            "sizes": "UK 5 to 12",
        },
        "features": ["water-resistant upper", "rock plate under the forefoot"],
        "audience": "trail runners",
        "tone": "energetic",
        "keywords": ["trail running shoes"],
    },
    {
        "title": "Heavy Canvas Tote Bag",
        "attributes": {"material": "12 oz cotton canvas"},
        "features": ["inner zip pocket"],
        "tone": "simple",
    },
    {
        "title": "Sterling Silver Hoop Earrings",
        "category": "Jewellery",
        "attributes": {
            "material": "925 sterling silver",
            "diameter": "20 mm",
            "closure": "hinged",
            "origin": "made in Portugal",
        },
        "features": ["nickel-free", "arrives in a gift box"],
        "tone": "elegant",
        "keywords": ["silver hoops"],
    },
    {
        "title": "Turkish Cotton Waffle Towel",
        "category": "Bath towels",
        "attributes": {
            "material": "100% Turkish cotton",
            "size": "70 x 140 cm",
            "weight": "450 gsm",
            "colour": "stone",
            "origin": "woven in Denizli, Turkey",
            "care": "machine wash at 40 °C",
        },
        "features": ["waffle weave", "hanging loop"],
        "tone": "relaxed",
        "keywords": ["bath towel", "waffle towel"],
    },
    {
        "title": "Solid Oak Side Table",
        "category": "Furniture",
        "attributes": {
            "material": "solid European oak",
            "diameter": "45 cm",
            "height": "55 cm",
            "finish": "natural oil finish",
        },
        "features": ["ships flat-packed", "assembly tools included"],
        "audience": "small living rooms",
        "tone": "understated",
        "keywords": ["side table"],
    },
    {
        "title": "Vitamin C Brightening Serum",
        "category": "Skincare",
        "attributes": {
            "volume": "30 ml",
            "key ingredients": "15% vitamin C (ascorbic acid), hyaluronic acid",
            "certification": "Leaping Bunny certified cruelty-free",
            "shelf life": "6 months after opening",
        },
        "features": ["fragrance-free", "vegan formula"],
        "audience": "dull or uneven skin",
        "tone": "clear, honest",
        "keywords": ["vitamin c serum"],
        "banned_words": ["cure", "miracle"],
    },
    {
        "title": "Stoneware Plant Pot with Saucer",
        "category": "Garden",
        "attributes": {"material": "stoneware", "diameter": "15 cm", "glaze": "matte white"},
        "features": ["drainage hole"],
        "tone": "fresh",
    },
    {
        "title": "A5 Dot Grid Notebook",
        "category": "Stationery",
        "attributes": {
            "pages": "160 numbered pages",
            "paper": "100 gsm, FSC certified",
            "binding": "lay-flat thread binding",
            "origin": "made in Germany",
        },
        "features": ["5 mm dot grid", "two ribbon markers", "back pocket"],
        "audience": "bullet journalers",
        "tone": "friendly",
        "keywords": ["dot grid notebook"],
    },
    {
        "title": "Braided USB-C to USB-C Cable",
        "category": "Electronics accessories",
        "attributes": {
            "length": "2 m",
            "jacket": "braided nylon",
            "charging": "up to 100 W (USB Power Delivery)",
            "data": "480 Mbps",
        },
        "features": ["tested to 10,000 bends"],
        "tone": "straightforward",
        "keywords": ["usb-c cable"],
    },
    {
        "title": "Natural Rubber Yoga Mat",
        "category": "Sports",
        "attributes": {
            "material": "natural rubber base, PU top layer",
            "size": "183 x 68 cm",
            "thickness": "4 mm",
            "weight": "2.5 kg",
            "care": "wipe with a damp cloth",
        },
        "features": ["grippy even when wet", "carry strap included"],
        "audience": "hot yoga and everyday practice",
        "tone": "encouraging",
        "keywords": ["yoga mat"],
    },
    {
        "title": "Ethiopia Yirgacheffe Coffee Beans",
        "category": "Coffee",
        "attributes": {
            "weight": "250 g",
            "form": "whole bean",
            "roast": "light roast",
            "process": "washed",
            "origin": "Yirgacheffe, Ethiopia",
            "roasted in": "small batches in Leeds",
        },
        "features": ["tasting notes: jasmine, lemon, black tea", "roast date printed on the bag"],
        "audience": "filter coffee lovers",
        "tone": "enthusiastic",
        "keywords": ["single origin coffee"],
    },
    {
        "title": "Organic Cotton Baby Sleeping Bag",
        "category": "Baby",
        "attributes": {
            "material": "GOTS certified organic cotton",
            "tog": "2.5 TOG",
            "sizes": "0-6 months, 6-18 months",
            "room temperature": "16-20 °C",
        },
        "features": ["two-way zip for easy nappy changes", "no sleeves"],
        "audience": "new parents",
        "tone": "gentle",
        "keywords": ["baby sleeping bag"],
    },
    {
        "title": "24-Bit Precision Screwdriver Set",
        "category": "Tools",
        "attributes": {"bits": "24 S2 steel bits", "handle": "aluminium, magnetic bit holder"},
        "features": ["storage case with lid"],
        "audience": "phone, laptop and watch repairs",
        "tone": "practical",
    },
    {
        "title": "Ultralight Two-Person Tent",
        "category": "Outdoor",
        "attributes": {
            "weight": "2.1 kg",
            "waterproof rating": "3000 mm hydrostatic head",
            "poles": "aluminium",
            "packed size": "45 x 15 cm",
        },
        "features": ["freestanding", "two doors and two vestibules"],
        "audience": "backpackers",
        "tone": "adventurous",
        "keywords": ["2 person tent"],
    },
    {
        "title": "Earl Grey Loose Leaf Tea",
        "attributes": {"contents": "100 g tin", "blend": "black tea with bergamot oil"},
    },
    {
        "title": "Lambswool Throw Blanket",
        "category": "Home textiles",
        "attributes": {
            "material": "100% lambswool",
            "size": "130 x 180 cm",
            "origin": "woven in Wales",
            "care": "dry clean or hand wash cold",
        },
        "features": ["fringed edges", "herringbone weave"],
        "tone": "cosy",
        "keywords": ["wool throw"],
    },
    {
        "title": "Stainless Steel Cat Water Fountain",
        "category": "Pet supplies",
        "attributes": {
            "capacity": "2 litres",
            "tray": "stainless steel",
            "power": "USB powered pump",
            "filter": "replace every 2-4 weeks",
        },
        "features": ["quiet pump, under 30 dB", "three flow modes"],
        "audience": "cats",
        "tone": "friendly",
        "keywords": ["cat fountain"],
    },
    {
        "title": "Pre-Seasoned Cast Iron Skillet",
        "category": "Cookware",
        "attributes": {
            "diameter": "26 cm",
            "weight": "2.4 kg",
            "seasoning": "pre-seasoned with vegetable oil",
            "care": "hand wash, dry at once and rub with oil; not dishwasher safe",
        },
        "features": [
            "works on induction, gas, electric and in the oven",
            "pouring lips on both sides",
        ],
        "tone": "hearty",
        "keywords": ["cast iron pan"],
    },
    {
        "title": "Clear Case for iPhone 15",
        "attributes": {"material": "clear TPU"},
        "features": ["raised edge around the camera"],
    },
]

ZH = [
    {
        "title": "青花骨瓷马克杯",
        "category": "杯具",
        "attributes": {"容量": "350毫升", "材质": "骨瓷", "产地": "景德镇"},
        "features": ["手绘青花图案", "可用微波炉加热"],
        "tone": "典雅",
        "keywords": ["马克杯"],
    },
    {
        "title": "22姆米真丝枕套",
        "category": "家纺",
        "attributes": {
            "材质": "22姆米桑蚕丝",
            "尺寸": "51 x 76 厘米",
            "开口": "信封式",
            "洗涤": "冷水手洗，阴干",
        },
        "features": ["双面真丝"],
        "audience": "注重睡眠的人",
        "tone": "温柔",
    },
    {
        "title": "儿童吸管保温杯",
        "category": "杯具",
        "attributes": {"材质": "316不锈钢内胆", "容量": "400毫升", "保温": "12小时"},
        "features": ["带防漏吸管", "背带可拆卸"],
        "audience": "3岁以上儿童",
        "tone": "活泼",
        "keywords": ["儿童水杯"],
    },
    {
        "title": "长绒棉圆领T恤",
        "category": "服装",
        "attributes": {"面料": "100%新疆长绒棉", "克重": "200克", "尺码": "S-XXL"},
        "features": ["圆领", "宽松版型"],
        "tone": "简洁",
        "keywords": ["纯棉T恤"],
    },
    {
        "title": "橄榄油冷制手工皂",
        "category": "个护",
        "attributes": {"重量": "100克", "工艺": "冷制", "主要成分": "橄榄油"},
        "features": ["无香精"],
        "audience": "干性皮肤",
        "tone": "自然",
        "banned_words": ["治疗"],
    },
    {
        "title": "瓦楞纸猫抓板",
        "category": "宠物用品",
        "attributes": {"材质": "瓦楞纸", "尺寸": "45 x 25 厘米"},
        "features": ["附赠猫薄荷一包", "两面可用"],
        "audience": "猫咪",
        "tone": "可爱",
    },
    {"title": "手工竹编收纳篮", "attributes": {"材质": "天然竹子", "尺寸": "30 x 20 x 15 厘米"}},
    {
        "title": "明前西湖龙井",
        "category": "茶叶",
        "attributes": {
            "产地": "杭州西湖",
            "采摘": "2024年明前",
            "净含量": "250克罐装",
            "冲泡": "80°C水温",
        },
        "features": ["扁平光滑的茶叶", "豆花香"],
        "audience": "绿茶爱好者",
        "tone": "雅致",
        "keywords": ["龙井茶", "绿茶"],
    },
    {
        "title": "入耳式蓝牙耳机",
        "category": "数码配件",
        "attributes": {"蓝牙": "5.3", "续航": "单次6小时，配合充电盒共24小时", "防水": "IPX4"},
        "features": ["通话降噪", "触控操作"],
        "audience": "通勤族",
        "tone": "干脆",
        "keywords": ["蓝牙耳机"],
    },
    {
        "title": "高腰侧袋瑜伽裤",
        "category": "运动服饰",
        "attributes": {"面料": "75%锦纶，25%氨纶"},
        "features": ["高腰设计", "两侧口袋可放手机"],
        "tone": "有活力",
    },
    {
        "title": "榉木积木100块",
        "category": "玩具",
        "attributes": {
            "材质": "榉木",
            "数量": "100块",
            "涂料": "水性漆",
            "适用年龄": "3岁以上",
            "认证": "3C认证",
        },
        "features": ["附收纳袋"],
        "audience": "幼儿",
        "tone": "温暖",
        "keywords": ["积木"],
    },
    {
        "title": "帆布双肩包",
        "category": "箱包",
        "attributes": {"面料": "16盎司帆布", "容量": "20升", "电脑仓": "可放15.6英寸笔记本电脑"},
        "features": ["防泼水", "胸前扣带"],
        "audience": "学生和上班族",
        "tone": "随性",
        "keywords": ["双肩包"],
        "banned_words": ["便宜"],
    },
    {
        "title": "白茶无花果香薰蜡烛",
        "category": "香薰",
        "attributes": {"蜡": "大豆蜡", "重量": "180克", "燃烧时间": "约40小时"},
        "features": ["香调：白茶与无花果", "棉芯"],
        "tone": "安静",
        "keywords": ["香薰蜡烛"],
    },
    {
        "title": "三层钢复合炒锅",
        "category": "厨具",
        "attributes": {"材质": "三层复合不锈钢", "直径": "32厘米", "重量": "1.8公斤"},
        "features": ["适用电磁炉和燃气灶", "无涂层"],
        "audience": "家庭厨房",
        "tone": "实在",
        "keywords": ["炒锅"],
    },
    {
        "title": "六层纱布口水巾5条装",
        "category": "母婴",
        "attributes": {
            "材质": "100%纯棉纱布",
            "层数": "六层",
            "数量": "5条",
            "尺寸": "30 x 30 厘米",
            "洗涤": "可机洗",
        },
        "features": ["柔软吸水"],
        "audience": "新生儿",
        "tone": "温柔",
    },
    {
        "title": "园艺修枝剪",
        "attributes": {"刀片": "SK5钢", "全长": "20厘米"},
        "features": ["安全锁扣"],
    },
]


def split_for(ids: list[str]) -> dict[str, str]:
    """The split rule: blocks of 5 by id, ceil(0.4 n) smallest sha256(id) held out."""
    out: dict[str, str] = {}
    ids = sorted(ids)
    for i in range(0, len(ids), 5):
        block = ids[i : i + 5]
        k = math.ceil(0.4 * len(block))
        held = sorted(block, key=lambda s: hashlib.sha256(s.encode()).hexdigest())[:k]
        for s in block:
            out[s] = "heldout" if s in held else "tune"
    return out


def main() -> None:
    rows = []
    for lang, sheets, first in (("en", EN, 1), ("zh", ZH, len(EN) + 1)):
        ids = [f"s{first + i:02d}" for i in range(len(sheets))]
        split = split_for(ids)
        for sid, facts in zip(ids, sheets, strict=True):
            facts = dict(facts)
            facts["lang"] = lang
            rows.append({"id": sid, "split": split[sid], "facts": facts})
    with OUT.open("w", encoding="utf-8") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    print(f"{len(rows)} sheets -> {OUT}")


if __name__ == "__main__":
    main()
