# Hand labels, sheets s29 (rest) - s32 (part).
LABELS = {
    "g129": {
        "art": [("other", "青花骨瓷马克杯，香香四溢，创新可贵！")],
        "note": "one line only (no headline + ad text); '香香四溢' (fragrant) is odd for a mug but read as fluff",
    },
    "g130": {
        "art": [("section_label", "1. 一般意图："),
                ("other", "@all"),
                ("cut_off", "11111111111111111111@last")],
        "note": "gibberish with looping digits; the numbers are debris, not product claims",
    },
    "g131": {
        "inv": [("避免长期疲劳", "certification", "health claim (prevents fatigue) not in the facts")],
        "sup": [("信封式开口", "开口: 信封式"), ("桑蚕丝", "材质: 22姆米桑蚕丝"), ("双面设计", "双面真丝")],
        "note": "'温暖', '柔软透气' read as fluff/inherent to silk",
    },
    "g132": {
        "sup": [("家庭纺", "category: 家纺"), ("信封式", "开口: 信封式"), ("阴干", "洗涤: 阴干")],
        "art": [("other", "#22姆米真丝枕套#家庭纺#信封式真丝#阴干洗手")],
        "note": "hashtags only; '洗手' is a garbled '手洗'",
    },
    "g133": {
        "inv": [("在寒冷的冬季里，保持温暖", "feature", "keeps you warm in winter: not in the facts")],
        "art": [("other", "亲爱的你的梦中，")],
        "note": "'我为你精心打造' not labelled as a maker claim",
    },
    "g134": {
        "sup": [("316不锈钢内胆", "材质"), ("400毫升", "容量"), ("保温12小时", "保温: 12小时"), ("3岁以上儿童", "audience"),
                ("带防漏吸管", "带防漏吸管"), ("背带可拆卸", "背带可拆卸")],
    },
    "g135": {
        "sup": [("保温", "title: 保温杯")],
        "art": [("other", "\"童水杯保温神器，让你的宝贝在水中无忧畅快！\""), ("other", "童水杯@1")],
        "note": "quoted; '童水杯' truncated; '在水中无忧畅快' read as garbled, not a use claim",
    },
    "g136": {
        "inv": [("威寒", "other", "invented brand name"),
                ("可以防止孩子滑倒", "certification", "safety claim (prevents slipping) not in the facts")],
        "sup": [("适合3岁以上儿童", "audience"), ("防漏吸管", "带防漏吸管"), ("背带可拆卸", "背带可拆卸")],
        "note": "three bullets instead of five",
    },
    "g137": {
        "inv": [("重量为200克", "number", "facts: 克重 (fabric weight) 200克, not the shirt's weight")],
        "sup": [("100%新疆长绒棉", "面料"), ("宽松版型", "宽松版型")],
        "art": [("other", "颜色是100%新疆长绒棉")],
        "note": "'适合中年女性穿着' read as a suggestion of audience, not labelled (uncertain); 重量 vs 克重 labelled as invented (uncertain)",
    },
    "g138": {
        "sup": [("新疆长绒棉", "面料"), ("100%新疆纯棉", "面料: 100%新疆长绒棉"), ("S-XXL", "尺码"), ("宽松版型", "宽松版型")],
        "art": [("section_label", "标题："), ("over_limit", "标题：新疆长绒棉圆领T恤 | 100%新疆纯棉 | 纯棉T恤 | 长绒棉圆领T恤 | S-XXL版型 | 宽松版型"),
                ("other", "新疆长绒棉圆领T恤 | 100%新疆纯棉 | 纯棉T恤 | 长绒棉圆领T恤 | S-XXL版型 | 宽松版型")],
        "note": "keyword list as SEO title (57 chars > 30), no meta description",
    },
    "g139": {
        "sup": [("新疆长绒棉", "面料")],
        "art": [("other", "\"简约轻盈的T恤，选择新疆长绒棉，让你的家变得独一无二。\""),
                ("over_limit", "\"简约轻盈的T恤，选择新疆长绒棉，让你的家变得独一无二。\"")],
        "note": "quoted single line (27 chars > 20 headline); '轻盈' read as trivial for a T-shirt",
    },
    "g140": {
        "art": [("other", "@all"),
                ("cut_off", "777777777777777777777777777777@last")],
        "note": "gibberish with looping digits",
    },
}
