"""Words that state nothing about a product (function words, generic praise), and word forms.

The claim check looks for content words a sentence adds beyond its evidence; these lists say
which words carry no claim at all: "the", "stylish", "perfect", "experience", "你的", "完美".
A word here can never make a sentence unsupported. Stems fold English inflections so "pockets"
matches "pocket" and "brewing" matches "brews".
"""

from __future__ import annotations

import re

STOP_EN = frozenset(
    """
it's they're we're you're that's there's here's let's don't doesn't won't can't isn't aren't
i'm you'll it'll we've you've they've what's who's hold holds holding held specifically
overall addition additional additionally moreover furthermore however thanks ability create
creates consider considering focus various variety whole combination feature features
featured featuring provide provides provided providing include includes included including
allow allows allowing ensure ensures ensuring support supports supported offer offers
offered offering available equipped equip come comes came coming option options choice
choices type types kind kinds version set sets material materials product products piece
pieces item items part parts also plus each every either whether both one a about above
across after again against all almost along already also although always am among an and
another any anyone anything are around as at away back be because been before being below
beside besides between both but by can cannot could did do does doing done down during each
either else enough even ever every everyone everything for from further get gets getting
give gives go goes going got had has have having he her here hers herself him himself his
how however i if in inside into is it its itself just keep keeps kept let lets like made
make makes making many may me might more most much must my myself near need needs neither
never next no nor not now of off often on once one only onto or other others our ours
ourselves out over own per perhaps put quite rather really same see seem seems she should
since so some someone something sometimes still such than that the their theirs them
themselves then there these they thing things this those though through throughout thus to
together too toward towards under until up upon us use used uses using very via want wants
was way ways we well were what whatever when whenever where whether which while who whole
whom whose why will with within without would yet you your yours yourself yourselves s t d
ll m re ve
""".split()
)

PRAISE_EN = frozenset(
    """
amazing attractive awesome beautiful beautifully beauty best better big bold brilliant
charming chic choice classic comfort comfortable comfortably comforting complete cool cosy
cozy crafted creative cute daily day days delight delightful design designed designs detail
details distinctive easy easily effortless effortlessly elegant elegance elevate elevates
enhance enhances enjoy enjoyable enjoying essential everyday excellent exceptional
experience experiences exquisite extra fabulous fan fans fantastic favorite favourite feel
feeling feels fine first fun functional gift gifts good gorgeous great happy heart high
highly home ideal impressive incredible innovative life lifestyle look looking looks love
loved lovely lover lovers luxurious luxury magic memorable modern moment moments must-have
need neat new nice one's option options outstanding perfect perfectly piece pleasure
polished popular practical premium pretty pride proud pure quality ready refined remarkable
right routine season seasons set simple simply sleek smart smooth solution special spirit
splendid standout statement style styles stylish stunning superb superior sure taste
timeless top touch treat trendy true truly ultimate unique upgrade value versatile vibe
welcome wonderful world year years you'll add adds bring brings brought choose come comes
discover enjoy explore find help helps introduce introducing look meet offer offers order
perfect provide provides providing shop try buy today now why product products item items
thing everyone anyone people person someone occasion occasions suit suits suited suitable
""".split()
)

STOP_ZH = frozenset(
    """
场合 无论是 此外 另外 特点 非常适合 总之 总的来说 因此 无论 以便 从而 为了 通过 进行 能够让
适合 适用 具有 拥有 提供 支持 采用 使用 功能 产品 商品 主要 结合 搭配 经过 带有 选用 制成
制作 由 作为 成为 属于 包括 包含 以及 等 各 种类 款式 版本 方面 之外 之一 一体 整体 特别
尤其 为主 严格 的 了 和 与 及 或 是 在 有 为 以 让 把 被 也 都 就 还 又 更 很 最 非常 十分
这 那 这款 那款 这个 那个 一款 一个 一种 我们 您 你 你的 您的 我们的 它 它的 其 之 而 并 且
并且 同时 以及 还有 不仅 而且 因为 所以 如果 可以 能够 能 会 将 使 使得 让您 给 给您 对 对于
从 到 上 下 中 里 时 时候 每 每个 各种 多种 所有 一切 已经 正在 只 只要 就是 不 没有 无论
什么 如何 怎样 哪 吗 呢 吧 啊 个 件 款 种 些 份 这些 那些 其中 之一 之中 来 去 着 过 得 地
您可以 我们的
""".split()
)

PRAISE_ZH = frozenset(
    """
浓郁 性价比 香醇 清新 细腻 耐看 大气 完美 优雅 时尚 精致 舒适 美观 漂亮 简约 高品质 品质
优质 高级 经典 独特 理想 首选 必备 好物 日常 生活 体验 享受 喜爱 喜欢 心仪 惊喜 礼物 送礼
选择 设计 风格 外观 颜值 质感 细节 品味 温暖 温馨 贴心 实用 方便 便捷 轻松 自在 美好 出色
卓越 优秀 精美 可爱 百搭 大方 高端 奢华 新品 推荐 值得 拥有 带来 打造 呈现 展现 彰显 提升
增添 点缀 满足 需求 不二之选 好帮手 宝贝
""".split()
)

WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]|\d+(?:[.,/]\d+)*")
_CAMEL = re.compile(r"[A-Z]{2,}(?=[A-Z][a-z]|\d|$)|[A-Z]?[a-z]+|[A-Z]+|\d+(?:\.\d+)?")

NUMBER_WORDS = frozenset(
    """
zero one two three four five six seven eight nine ten eleven twelve twenty thirty forty
fifty hundred dozen single double triple twin pair first second third half
""".split()
)
"""Counts are the amount check's business; as words they add no content of their own."""

SPELLINGS = {
    "aluminium": "aluminum", "colour": "color", "colours": "colors", "grey": "gray",
    "jewellery": "jewelry", "centre": "center", "fibre": "fiber", "metre": "meter",
    "litre": "liter", "mould": "mold", "odour": "odor", "favourite": "favorite",
    "cosy": "cozy", "organise": "organize", "moisturise": "moisturize", "minimise": "minimize",
    "personalised": "personalized", "customised": "customized", "catalogue": "catalog",
    "storey": "story", "tyre": "tire", "plough": "plow", "woollen": "woolen",
    "practise": "practice",
}  # fmt: skip
"""British spellings folded to one form, so "aluminium" facts support "aluminum"."""


def split_tag(token: str) -> list[str]:
    """A hashtag's words: #GOTSCertifiedOrganicCotton → GOTS, Certified, Organic, Cotton."""
    return _CAMEL.findall(token.lstrip("#"))


def stem(word: str) -> str:
    """A light English stem: plural, -ing, -ed, -ly, -ation folded (pockets → pocket)."""
    w = word.lower().strip("'-")
    w = SPELLINGS.get(w, w)
    if w.endswith("'s"):
        w = w[:-2]
    if len(w) <= 3:
        return w
    for suffix, keep in (
        ("ations", ""),
        ("ation", ""),
        ("ies", "y"),
        ("ing", ""),
        ("edly", ""),
        ("ed", ""),
        ("ly", ""),
        ("es", ""),
        ("s", ""),
    ):
        if w.endswith(suffix) and len(w) - len(suffix) >= 3:
            base = w[: -len(suffix)] + keep
            if suffix == "es" and not base.endswith(("s", "x", "z", "ch", "sh")):
                base = w[:-1]
            if suffix in ("ing", "ed") and len(base) > 3 and base[-1] == base[-2]:
                base = base[:-1]  # stopped → stop
            return base
    return w


def is_filler_en(word: str) -> bool:
    """True for English words that state no claim (function words, generic praise)."""
    lowered = word.lower().replace("’", "'")
    base = lowered[:-2] if lowered.endswith("'s") else lowered
    return any(w in STOP_EN or w in PRAISE_EN for w in (lowered, base)) or stem(base) in PRAISE_EN


def is_filler_zh(word: str) -> bool:
    """True for Chinese words that state no claim."""
    return word in STOP_ZH or word in PRAISE_ZH or len(word.strip()) == 0
