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
a about above across after again against all almost along already also although always am
among an and another any anyone anything are around as at away back be because been before
being below beside besides between both but by can cannot could did do does doing done down
during each either else enough even ever every everyone everything for from further get gets
getting give gives go goes going got had has have having he her here hers herself him
himself his how however i if in inside into is it its itself just keep keeps kept let lets
like made make makes making many may me might more most much must my myself near need needs
neither never next no nor not now of off often on once one only onto or other others our
ours ourselves out over own per perhaps put quite rather really same see seem seems she
should since so some someone something sometimes still such than that the their theirs them
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
feeling feels fine first fit fits fun functional gift gifts good gorgeous great happy heart
high highly home ideal impressive incredible innovative life lifestyle look looking looks
love loved lovely lover lovers luxurious luxury magic memorable modern moment moments
must-have need neat new nice one's option options outstanding perfect perfectly piece
pleasure polished popular practical premium pretty pride proud pure quality ready refined
remarkable right routine season seasons set simple simply sleek smart smooth solution
special spirit splendid standout statement style styles stylish stunning superb superior
sure taste timeless top touch treat trendy true truly ultimate unique upgrade value
versatile vibe warm welcome wonderful world year years you'll add adds bring brings brought
choose come comes discover enjoy explore find help helps introduce introducing look meet
offer offers order perfect provide provides providing shop try buy today now why product
products item items thing everyone anyone people person someone occasion occasions
""".split()
)

STOP_ZH = frozenset(
    """
的 了 和 与 及 或 是 在 有 为 以 让 把 被 也 都 就 还 又 更 很 最 非常 十分 这 那 这款 那款
这个 那个 一款 一个 一种 我们 您 你 你的 您的 我们的 它 它的 其 之 而 并 且 并且 同时 以及
还有 不仅 而且 因为 所以 如果 可以 能够 能 会 将 使 使得 让您 给 给您 对 对于 从 到 上 下 中
里 时 时候 每 每个 各种 多种 所有 一切 已经 正在 只 只要 就是 不 没有 无论 什么 如何 怎样 哪
吗 呢 吧 啊 个 件 款 种 些 份 这些 那些 其中 之一 之中 来 去 着 过 得 地 您可以 我们的
""".split()
)

PRAISE_ZH = frozenset(
    """
完美 优雅 时尚 精致 舒适 美观 漂亮 简约 高品质 品质 优质 高级 经典 独特 理想 首选 必备 好物
日常 生活 体验 享受 喜爱 喜欢 心仪 惊喜 礼物 送礼 选择 设计 风格 外观 颜值 质感 细节 品味
温暖 温馨 贴心 实用 方便 便捷 轻松 自在 美好 出色 卓越 优秀 精美 可爱 百搭 大方 高端 奢华
新品 推荐 值得 拥有 带来 打造 呈现 展现 彰显 提升 增添 点缀 满足 需求 不二之选 好帮手 宝贝
""".split()
)

WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]|\d+(?:[.,/]\d+)*")


def stem(word: str) -> str:
    """A light English stem: plural, -ing, -ed, -ly folded (pockets → pocket, brewing → brew)."""
    w = word.lower().strip("'-")
    if len(w) <= 3:
        return w
    for suffix, keep in (
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
    lowered = word.lower()
    return lowered in STOP_EN or lowered in PRAISE_EN or stem(lowered) in PRAISE_EN


def is_filler_zh(word: str) -> bool:
    """True for Chinese words that state no claim."""
    return word in STOP_ZH or word in PRAISE_ZH or len(word.strip()) == 0
