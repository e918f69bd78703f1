"""Matching one customer's notes to the shop's catalogue: embeddings plus shared words.

Each note is cut into sentences; each sentence is embedded as a query (multilingual e5, so a
Chinese note finds an English product) and each product's title, category, tags, options and
description as a passage. A product's score is its best sentence's cosine minus the
product's similarity to a few generic shop sentences (so "thanks, it arrived" does not make
every product fit), plus a small bonus for words the sentence and the product's title share.
The sentence behind the best score is the reason's note. Vectors are cached in the database
(notes in ``customer_note_vectors``, products in ``catalog_vectors``), keyed by a text hash.

A customer's stated exclusions are honoured: after "unscented only" or "对香味敏感", scented
products are out (:data:`AVOID_RULES`). Without the embedder only shared words count.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from engine.catalog.store import Catalogue, ShopProduct
from engine.core.callbacks import ProgressFn, no_progress
from engine.customers.prompts import note_text
from engine.customers.store import Note
from engine.guard.lexicon import is_filler_en, stem
from engine.guard.sentences import split_sentences
from engine.store.connection import Store

FIT = 0.11
"""The least score (cosine above the generic baseline, plus word bonus) that counts as a fit."""
RELATIVE_FIT = 0.55
"""A product must also reach this share of the best product's score."""
LEXICAL_FIT = 0.05
"""The least score without the embedder (half the title's words in one sentence)."""
WORD_BONUS = 0.12

GENERIC = (
    "Thanks, the parcel arrived.",
    "Order shipped with standard delivery.",
    "Customer asked about delivery times.",
    "Paid by card, no problems.",
    "Sent a follow-up email.",
    "She said thank you.",
    "谢谢，包裹收到了。",
    "订单已经发货。",
    "顾客问了什么时候到。",
    "已经回复了顾客的消息。",
)


@dataclass(frozen=True)
class AvoidRule:
    """A stated exclusion: notes matching ``cue`` rule out products matching ``product``."""

    name: str
    cue: re.Pattern[str]
    product: re.Pattern[str]
    unless: re.Pattern[str]


AVOID_RULES = (
    AvoidRule(
        "they want unscented products only",
        re.compile(
            r"unscented|fragrance[- ]free|no (?:perfume|scent|fragrance)|without (?:perfume|scent)"
            r"|scent\w*[^.]{0,30}(?:migraine|headache|allerg)|无香|不要香|没有味道|对香味(?:很)?敏感"
            r"|香味过敏|不要.{0,6}香型",
            re.IGNORECASE,
        ),
        re.compile(
            r"\A(?=.*(?:candle|diffuser|incense|wax melt|蜡烛|香薰))"
            r"(?=.*(?:scent|fragrance|perfume|cedar|fig|lavender|citrus|sea salt|vanilla|rose|"
            r"sandalwood|香))",
            re.IGNORECASE | re.DOTALL,
        ),
        re.compile(r"unscented|fragrance-free|no added fragrance|无香", re.IGNORECASE),
    ),
)


@dataclass
class Match:
    """One product against one customer's notes."""

    product: ShopProduct
    score: float
    note_id: int
    sentence: str
    avoided: str = ""
    """Why the customer's notes rule this product out ("" when they do not)."""

    @property
    def fits(self) -> bool:
        """Not ruled out and scored at all (the threshold is applied by :func:`fitting`)."""
        return not self.avoided and self.score > 0


def sentences_of(note: Note) -> list[str]:
    """The sentences of a note worth matching (at most 8; the whole note when it is short)."""
    text = note_text(note)
    out = [s.text for s in split_sentences(text) if len(s.text) >= 4]
    return out[:8] or [text]


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


GLOSSARY = {
    "蜡烛": "candle",
    "无香": "unscented",
    "香薰": "scented",
    "大豆": "soy",
    "柑橘": "citrus",
    "薰衣草": "lavender",
    "雪松": "cedar",
    "无花果": "fig",
    "海盐": "sea salt",
    "灯芯": "wick",
    "火柴": "matches",
    "马克杯": "mug",
    "杯子": "mug cup",
    "杯": "cup",
    "咖啡": "espresso",
    "碗": "bowl",
    "盘": "plate",
    "餐具": "dinnerware",
    "茶碗": "tea bowl",
    "茶": "tea",
    "花瓶": "vase",
    "壶": "pitcher",
    "釉": "glaze",
    "陶": "stoneware",
    "瓷": "ceramics",
    "孩子": "kids",
    "儿童": "kids",
    "宝宝": "kids",
    "套装": "set",
    "亚麻": "linen",
    "窗帘": "curtain",
    "遮光": "blackout",
    "被套": "duvet cover",
    "床笠": "fitted sheet",
    "床单": "flat sheet",
    "枕套": "pillowcase",
    "桌布": "tablecloth",
    "圆桌": "round table",
    "餐巾": "napkins",
    "桌旗": "table runner",
    "茶巾": "tea towel",
    "围裙": "apron",
    "抱枕": "cushion cover",
    "靠垫": "cushion",
    "毯": "throw blanket",
    "毛巾": "towel",
    "浴巾": "bath towel",
    "面包": "bread",
    "布样": "swatch",
    "皮": "leather",
    "卡包": "card wallet",
    "钱包": "wallet",
    "刻": "engraved personalised",
    "钥匙": "key fob",
    "杯垫": "coaster",
    "眼镜": "glasses case",
    "护照": "passport",
    "笔记本": "notebook",
    "礼品卡": "gift card",
    "礼物": "gift",
    "礼盒": "gift set",
    "花": "dried flowers",
}
"""Chinese shop words → the English of product titles, for the word bonus (the embedder's
cross-lingual matching of short product nouns is weak: 卡包 alone barely finds Card Wallet)."""
_LATIN = re.compile(r"[A-Za-z]+")
_CJK = re.compile(r"[\u4e00-\u9fff]")


def _norm(word: str) -> str:
    base = stem(word)
    return base[:-1] if len(base) > 4 and base.endswith("e") else base


def _content_stems(text: str) -> set[str]:
    """Content-word stems of a text; Chinese shop words add their English (:data:`GLOSSARY`)."""
    words = [w for w in _LATIN.findall(text) if not is_filler_en(w)]
    if _CJK.search(text):
        words += [w for term, english in GLOSSARY.items() if term in text for w in english.split()]
    return {_norm(w) for w in words}


def _idf(titles: Sequence[set[str]]) -> dict[str, float]:
    """How telling each title word is across the catalogue ("wallet" more than "linen")."""
    import math

    count: dict[str, int] = {}
    for title in titles:
        for word in title:
            count[word] = count.get(word, 0) + 1
    return {w: math.log(1 + len(titles) / n) for w, n in count.items()}


def note_vectors(store: Store, notes: Sequence[Note], embedder: Any) -> dict[int, Any]:
    """Note id → [sentences, 384] vectors, from the cache or embedded now (then cached)."""
    import numpy as np

    out: dict[int, Any] = {}
    if not notes:
        return out
    marks = ",".join("?" * len(notes))
    cached = {
        int(nid): (str(h), int(rows), bytes(blob))
        for nid, h, rows, blob in store.db.execute(
            "SELECT note_id, text_hash, rows, vectors FROM customer_note_vectors"
            f" WHERE note_id IN ({marks})",
            [n.id for n in notes],
        )
    }
    todo: list[tuple[Note, list[str]]] = []
    for note in notes:
        sentences = sentences_of(note)
        hit = cached.get(note.id)
        if hit and hit[0] == _hash("\n".join(sentences)):
            out[note.id] = np.frombuffer(hit[2], dtype=np.float32).reshape(hit[1], -1)
        else:
            todo.append((note, sentences))
    if todo:
        flat = [s for _, sentences in todo for s in sentences]
        vectors = np.asarray(embedder.queries(flat), dtype=np.float32)
        row = 0
        with store.transaction():
            for note, sentences in todo:
                part = vectors[row : row + len(sentences)]
                row += len(sentences)
                out[note.id] = part
                store.db.execute(
                    "INSERT OR REPLACE INTO customer_note_vectors (note_id, text_hash, rows,"
                    " vectors) VALUES (?,?,?,?)",
                    [note.id, _hash("\n".join(sentences)), len(sentences), part.tobytes()],
                )
    return out


def product_vectors(store: Store, products: Sequence[ShopProduct], embedder: Any) -> Any:
    """[products, 384] passage vectors, from the cache or embedded now (then cached)."""
    import numpy as np

    catalogue = Catalogue(store)
    cached = catalogue.cached_vectors()
    out = np.zeros((len(products), 384), dtype=np.float32)
    todo = []
    for index, product in enumerate(products):
        hit = cached.get(product.id)
        if hit and hit[0] == product.text_hash():
            out[index] = np.frombuffer(hit[1], dtype=np.float32)
        else:
            todo.append(index)
    if todo:
        fresh = np.asarray(
            embedder.passages([products[i].match_text() for i in todo]), dtype=np.float32
        )
        save = {}
        for index, vector in zip(todo, fresh, strict=True):
            out[index] = vector
            save[products[index].id] = (products[index].text_hash(), vector.tobytes())
        catalogue.save_vectors(save)
    return out


def index_catalogue(
    store: Store, embedder: Any, on_progress: ProgressFn = no_progress, batch: int = 16
) -> int:
    """Embed every product whose vector is missing or stale (after an import); returns how many.

    Doing it at import time, with progress, keeps the first recommendation quick.
    """
    if embedder is None:
        return 0
    catalogue = Catalogue(store)
    cached = catalogue.cached_vectors()
    todo = [p for p in catalogue.products() if cached.get(p.id, ("",))[0] != p.text_hash()]
    for start in range(0, len(todo), batch):
        on_progress(start, len(todo), "indexing the catalogue for recommendations")
        product_vectors(store, todo[start : start + batch], embedder)
    on_progress(len(todo), len(todo), "catalogue indexed")
    return len(todo)


_baseline: dict[int, Any] = {}


def _generic(embedder: Any) -> Any:
    key = id(embedder)
    if key not in _baseline:
        _baseline[key] = embedder.queries(list(GENERIC))
    return _baseline[key]


def active_rules(notes: Sequence[Note]) -> list[AvoidRule]:
    """The exclusions these notes state."""
    said = "\n".join(n.text for n in notes)
    return [rule for rule in AVOID_RULES if rule.cue.search(said)]


def avoided_by(
    notes: Sequence[Note], product: ShopProduct, rules: Sequence[AvoidRule] | None = None
) -> str:
    """Why the notes rule ``product`` out, or "" (see :data:`AVOID_RULES`)."""
    text = product.match_text()
    for rule in active_rules(notes) if rules is None else rules:
        if rule.product.search(text) and not rule.unless.search(text):
            return rule.name
    return ""


def rank_products(
    store: Store, notes: Sequence[Note], products: Sequence[ShopProduct], embedder: Any = None
) -> list[Match]:
    """Every product scored against the notes, best first (ruled-out ones last)."""
    import numpy as np

    if not notes or not products:
        return []
    sentences = [(note, s) for note in notes for s in sentences_of(note)]
    stems = [_content_stems(s) for _, s in sentences]
    title_stems = [_content_stems(f"{p.title} {p.category}") for p in products]
    weight = _idf(title_stems)
    lexical = np.zeros((len(sentences), len(products)), dtype=np.float32)
    for j, title in enumerate(title_stems):
        total = sum(weight[w] for w in title)
        for i, words in enumerate(stems):
            shared = words & title
            if shared and total:
                lexical[i, j] = sum(weight[w] for w in shared) / total
    if embedder is not None:
        vectors = note_vectors(store, notes, embedder)
        query = np.concatenate([vectors[n.id] for n in notes], axis=0)
        passages = product_vectors(store, products, embedder)
        baseline = (_generic(embedder) @ passages.T).mean(axis=0)
        scores = query @ passages.T - baseline[None, :] + WORD_BONUS * lexical
    else:
        scores = WORD_BONUS * lexical
    best = scores.argmax(axis=0)
    rules = active_rules(notes)
    matches = []
    for j, product in enumerate(products):
        i = int(best[j])
        note, sentence = sentences[i]
        matches.append(
            Match(
                product, float(scores[i, j]), note.id, sentence, avoided_by(notes, product, rules)
            )
        )
    return sorted(matches, key=lambda m: (bool(m.avoided), -m.score))


def fitting(matches: Sequence[Match], *, lexical_only: bool = False) -> list[Match]:
    """The matches good enough to recommend, best first (none when nothing fits)."""
    usable = [m for m in matches if not m.avoided]
    if not usable:
        return []
    floor = LEXICAL_FIT if lexical_only else FIT
    top = usable[0].score
    return [m for m in usable if m.score >= floor and m.score >= RELATIVE_FIT * top]
