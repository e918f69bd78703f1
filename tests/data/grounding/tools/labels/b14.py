# Hand labels, sheets s35 - s37 (part).
LABELS = {
    "g147": {
        "inv": [("所有竹子均经过严格检验", "certification", "inspection/standard claim not in the facts"),
                ("环保材料", "certification", "environmental claim not in the facts"),
                ("可以选择不同类型的竹编收纳篮，比如双层、单层等多种设计", "feature", "variants not in the facts"),
                ("内置电池袋", "feature", "a battery pouch in a bamboo basket: not in the facts"),
                ("节能环保", "certification", "energy-saving/eco claim (bullet heading) not in the facts"),
                ("可再生能源技术", "certification", "renewable-energy claim not in the facts"),
                ("电池袋", "feature", "battery pouch again, in the price section"),
                ("建议在木质材料下放置", "care", "storage instruction not in the facts"),
                ("及时更换损坏部分", "care", "maintenance/spare parts not in the facts")],
        "sup": [("天然竹子", "材质")],
        "art": [("heading", "【手工竹编收纳篮】"), ("section_label", "【产品特点】"), ("markdown", "1. **无破损**"),
                ("section_label", "【优势】"), ("section_label", "【价格】"), ("section_label", "【注意事项】"),
                ("section_label", "【联系方式】"), ("cut_off", "如果您有任何问题或")],
        "note": "'价格适中', '性价比较高' read as vague value words",
    },
    "g148": {
        "sup": [("30 x 20 x 15 厘米", "尺寸"), ("自然竹子", "材质: 天然竹子")],
        "art": [("over_limit", "【手工竹编收纳篮】30 x 20 x 15 厘米，自然竹子，轻松收纳。"),
                ("other", "【手工竹编收纳篮】30 x 20 x 15 厘米，自然竹子，轻松收纳。")],
        "note": "single 35-char line (> 30), no meta description",
    },
    "g149": {
        "art": [("other", "手工竹编收纳篮，让你轻松收纳各种物品。")],
        "note": "one sentence, no headline line",
    },
    "g150": {
        "art": [("other", "@all"), ("cut_off", "20232023@last")],
        "note": "gibberish with looping numbers",
    },
    "g151": {
        "sup": [("适合绿茶爱好者", "audience"), ("薄平光滑的茶叶", "扁平光滑的茶叶"), ("豆花香", "豆花香"), ("绿茶爱好者@2", "audience")],
        "note": "'浓郁的' (rich) read as an intensifier",
    },
    "g152": {
        "inv": [("红茶", "product_type", "Longjing is a green tea, not 红茶 (black tea)")],
        "sup": [("西湖", "产地: 杭州西湖"), ("绿茶爱好者", "audience")],
        "art": [("other", "#西湖龙井茶，绿茶爱好者，绿茶节，冲泡红茶")],
        "note": "a single comma-joined hashtag, no sentences",
    },
    "g153": {
        "art": [("other", "\"挑选一颗适合你的心灵品质的龙井茶，带回家享受清新的香料和优雅的口感。!\"")],
        "note": "quoted single sentence; '香料' read as a misused word for aroma, not a claim of added spices (uncertain)",
    },
    "g154": {
        "sup": [("5.3版本", "蓝牙: 5.3"), ("6小时续航", "续航: 单次6小时"), ("防水", "防水: IPX4"), ("通话降噪", "通话降噪"),
                ("触控操作", "触控操作"), ("适合通勤族", "audience")],
        "note": "unqualified '防水' kept as supported because the facts' own field is 防水: IPX4",
    },
    "g155": {
        "inv": [("降噪", "feature", "facts: 通话降噪 (call noise reduction) only; unqualified 降噪 in a title reads as noise cancelling")],
        "sup": [("通勤族", "audience")],
    },
    "g156": {
        "inv": [("老款", "other", "says it is an old model; not in the facts"),
                ("高防水性能", "feature", "IPX4 is splash resistance; 'high waterproof performance' overstates it")],
        "sup": [("支持5.3蓝牙", "蓝牙: 5.3")],
        "note": "'价格实惠' read as vague value word; '续航长' as vague",
    },
}
