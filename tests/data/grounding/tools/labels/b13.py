# Hand labels, sheets s33 - s34 (part).
LABELS = {
    "g141": {
        "inv": [("深受广大皮肤用户的喜爱", "other", "popularity claim not in the facts"),
                ("温和而滋润", "feature", "gentle/moisturising efficacy not in the facts"),
                ("让皮肤表面更加光滑和健康", "feature", "skin efficacy claim not in the facts"),
                ("提高皮肤的抵抗力和弹性和光泽度", "feature", "skin efficacy claim not in the facts"),
                ("冷热处理方式", "origin", "facts: 冷制 (cold process) only"),
                ("保护皮肤免受外界影响，如高温、低温等", "feature", "protective claim not in the facts"),
                ("通常在100元到200元之间", "price_offer", "price not in the facts"),
                ("独特的冷却效果", "feature", "cooling effect not in the facts")],
        "sup": [("无香精", "无香精"), ("主要由橄榄油制成", "主要成分: 橄榄油"), ("冷处理", "工艺: 冷制"), ("特别适合干性皮肤", "audience: 干性皮肤")],
        "note": "'温和而滋润' labelled like 'gentle' elsewhere (uncertain: audience is dry skin)",
    },
    "g142": {
        "inv": [("温和", "feature", "gentleness not in the facts (uncertain)")],
        "sup": [("无香精", "无香精"), ("适合干性皮肤", "audience"), ("手工艺", "title: 手工皂")],
        "art": [("heading", "【健康与美容】"), ("other", "茄榄油")],
        "note": "'茄榄油' misspells 橄榄油",
    },
    "g143": {
        "inv": [("温和", "feature", "gentleness not in the facts (uncertain)"),
                ("很好的保湿效果", "feature", "moisturising efficacy not in the facts")],
        "sup": [("无香精", "无香精")],
    },
    "g144": {
        "inv": [("防虫", "feature", "insect-proof not in the facts"), ("防水", "feature", "waterproof not in the facts"),
                ("白色", "feature", "colour not in the facts"),
                ("健康的小零食", "use", "catnip presented as a healthy snack")],
        "sup": [("瓦楞纸", "材质"), ("它有两个面可选", "两面可用"), ("附赠猫薄荷一包", "附赠猫薄荷一包")],
        "art": [("heading", "产品：可爱猫咪抓板"), ("meta_text", "希望这些建议对你有所帮助！")],
        "note": "'轻便' trivially true for cardboard; '小玩具' read as acceptable",
    },
    "g145": {
        "note": "'香满温馨' read as fluff",
    },
    "g146": {
        "sup": [("附赠猫薄荷一包", "附赠猫薄荷一包"), ("两面可用", "两面可用")],
        "note": "three bullets; '多用途' read as fluff",
    },
}
