# Hand labels, sheets s41 - s42.
LABELS = {
    "g167": {
        "inv": [("市场上非常受欢迎", "other", "popularity claim not in the facts")],
        "sup": [("燃烧时间约40小时", "燃烧时间"), ("富含白茶和无花果的香气", "香调：白茶与无花果"),
                ("燃烧时间约40小时", "燃烧时间"), ("富含白茶和无花果的香气", "香调：白茶与无花果")],
        "art": [("markdown", "一、"), ("other", "三、这款白茶无花果香薰蜡烛，燃烧时间约40小时。它不仅富含白茶和无花果的香气，还具有浓郁的香调，适合各种场合使用。")],
        "note": "numbered sections; the third repeats the first two; '浓郁的香调' read as an intensifier",
    },
    "g168": {
        "inv": [("低火燃", "feature", "low-flame burning not in the facts")],
        "art": [("other", "白茶无花果香薰蜡烛，低火燃香薰蜡烛，香气浓郁，适合多种场合。")],
        "note": "single line, no meta description",
    },
    "g169": {
        "art": [("other", "香薰蜡烛，香气扑鼻，清凉宜人。")],
        "note": "one line, no ad text; '清凉宜人' read as fluff",
    },
    "g170": {
        "art": [("heading", "白茶无花果香薰蜡烛\n"), ("other", "@from:帮我做"),
                ("cut_off", "99999999999999999999@last")],
        "note": "gibberish with looping digits after the title",
    },
    "g171": {
        "sup": [("适用于电磁炉和燃气灶", "适用电磁炉和燃气灶"), ("无涂层", "无涂层"), ("适合家庭厨房", "audience"), ("1.8公斤", "重量")],
    },
    "g172": {
        "inv": [("电炉", "feature", "facts: 电磁炉 (induction); 电炉 (electric stove) not stated (likely a garbled 电磁炉)")],
        "sup": [("三层复合不锈钢", "材质"), ("燃气灶", "适用电磁炉和燃气灶"), ("适合家庭厨房", "audience")],
        "note": "no hashtags (not labelled as debris, as elsewhere)",
    },
    "g173": {
        "sup": [("电磁炉和燃气灶", "适用电磁炉和燃气灶")],
        "art": [("other", "欢迎来到我的厨房。我为您准备了一款三层钢复合炒锅，您可以在这里轻松使用。")],
        "note": "odd framing (welcome to my kitchen, use it here); '各种' read as loose",
    },
}
