"""Write README.md: the narrative below, the rules from header.py and the counts from stats.py.

    python tests/data/grounding/tools/make_readme.py
"""

from __future__ import annotations

import contextlib
import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import stats  # noqa: E402
from header import HEADER  # noqa: E402

INTRO = """# Grounding evaluation set: real ShopScribe outputs, labelled by hand

An honest evaluation set for a fact checker ("guard"): **180 real texts** written by the app's
own two local models (qwen-coder = Qwen2.5-Coder-0.5B-Instruct, smollm2) from **44 hand-written
fact sheets** (28 English, 16 Chinese), each text read against its sheet and labelled by hand
with its invented claims, its correctly stated facts, its format debris and whether a careful
merchant would publish it.

| file | what |
|---|---|
| `fact_sheets.jsonl` | 44 sheets `{"id", "split", "facts"}`; `facts` is the app's facts format |
| `generations.jsonl` | 180 raw CLI outputs `{"id", "sheet", "split", "model", "channel", "lang", "seed", "text", "old_guard_flags", "tokens_per_s", "decoder", "device", "stopped", "reported_model"}` |
| `labelled.jsonl` | line 1: `{"header": {...}}` with the rules in full; then one labelled text per line |
| `tools/make_sheets.py` | the sheets as Python data + the split rule; writes `fact_sheets.jsonl` |
| `tools/labels/b*.py` | the hand labels as written (spans as strings, offsets resolved by the builder) |
| `tools/build_labels.py` | resolves and checks offsets (`text[start:end] == span`), writes `labelled.jsonl` |
| `tools/header.py` | the header (rules, types, split rule) |
| `tools/show.py`, `tools/review.py`, `tools/coverage.py` | labelling helpers: a text with its sheet (old guard flags hidden), labels in context, fact values left unlabelled |
| `tools/stats.py`, `tools/make_readme.py` | the counts below; this README |

A labelled line: `{"id", "sheet", "split", "model", "channel", "lang", "text", "invented":
[{"start", "end", "span", "type", "why"}], "supported": [{"start", "end", "span", "fact"}],
"artifacts": [{"type", "span", "start", "end"}], "publishable", "notes"}`. `notes` (145 of 180
texts) records doubts and decisions about what was *not* labelled.

## How it was made

**Sheets** (written by hand, then `python tests/data/grounding/tools/make_sheets.py`): kitchen,
drinkware, coffee gear, socks, wallet, candles, toys, pet supplies, shoes, tote, jewellery,
towels, furniture, skincare, garden, stationery, cables, yoga, coffee beans, baby, tools, tent,
tea, throw, cat fountain, cookware, phone case; Chinese: mug, silk pillowcase, kids' bottle,
T-shirt, soap, cat scratcher, bamboo basket, Longjing tea, earbuds, yoga pants, blocks,
backpack, candle, wok, muslin bibs, pruning shears. Richness varies from 2 facts (card wallet,
tote, tea, phone case, basket, shears) to 8-10; numbers with units, materials, origins, care on
some sheets only, certifications on a few, and deliberate traps (water-resistant vs waterproof,
cold-only insulation, slower extraction, 通话降噪 vs 降噪, 防泼水 vs 防水, 克重, 全长).

**Generations** (`bench/grounding_generate.py`, stdlib + subprocess):

```
python bench/grounding_generate.py --sheets tests/data/grounding/fact_sheets.jsonl \\
    --out tests/data/grounding/generations.jsonl --data-dir /tmp/gen-data \\
    --cli "PYTHONPATH=/work/snap /work/main/.venv/bin/python -m engine.cli"   # the default
```

Each text is one call of the app's CLI exactly as a user would make it, from a frozen snapshot
of the code (commit 671bbad), with default settings except channel, language and seed:
`engine.cli --data-dir D --model M --json copy --facts FACTS.json --channel C --lang L --seed S`
(defaults: 1 variant, temperature 0.7, medium length, plain format, no brand voice, automatic
decoder). All 180 ran on CPU with the llama.cpp 8-bit (q8_0) decoder; none failed. The text is
`variants[0].text`; `variants[0].flags` is kept as `old_guard_flags` (the guard that shipped
in that snapshot). Plan (deterministic, `plan()` in the script): per sheet qwen-coder writes a
description plus two other channels rotated over title, bullets, seo, ad, social, email; smollm2
writes one text on every English sheet (description on 3 of 4) plus a second on every other
English sheet, and one text on every third Chinese sheet (6). Text `gNNN` is the NNN-th plan
item and uses seed `1000 + NNN`. The script appends and resumes (skips ids already present).
`tokens_per_s` is not a speed benchmark: the 2-core machine was shared with other jobs during
the run (median 8.5 tokens/s, range 0.4-70).

**Labels**: every text was read in full against its fact sheet with `tools/show.py` (which does
not show the old guard's flags), labelled in `tools/labels/b*.py`, checked in context with
`tools/review.py`, given a second full read of all 180 texts (`tools/coverage.py` lists fact
values no span covers), and built with `python tests/data/grounding/tools/build_labels.py`.
After labelling, the old guard's flags that overlapped no label were looked at once: that led
to 3 added invented spans that had been missed under the rules (g045 "help support sustainable
practices", g067 "make sustainability their own", g147 "节能环保"; all three are flagged by the
old guard, so its recall is ~1 point higher than without that pass) and to widening the debris
span of 5 gibberish texts to the whole text. No label was removed or changed to agree with the
guard.

## Split

{split_rule}

Sheets per split: English tune 16 / heldout 12, Chinese tune 9 / heldout 7. Held-out sheets:
s03 coffee dripper, s05 card wallet, s07 stacking toy, s08 dog bed, s13 towel, s15 serum, s16
plant pot, s18 cable, s23 tent, s25 throw, s27 skillet, s28 phone case; s30 pillowcase, s31
kids' bottle, s34 cat scratcher, s35 basket, s39 blocks, s43 bibs, s44 shears.

## Labelling rules (identical to the header of labelled.jsonl)

{rules}

Claim types: {claim_types}

Artifact types: {artifact_types}

## Summary counts

Produced by `python tests/data/grounding/tools/stats.py`. "Caught": an old-guard flag overlaps
the invented span (character overlap). "Supported spans flagged": an old-guard flag overlaps a
correctly stated fact.

{stats}

## What the texts look like

- **Invention is the norm, not the exception.** 99 of 180 texts (55 %) contain at least one
  invented claim; only 14 (8 %) are publishable as written. smollm2 invents about twice as much
  per text as qwen-coder (2.6 vs 1.4) and its 6 Chinese outputs are gibberish (looping digits,
  random characters); qwen-coder's Chinese is fluent but invents as much as its English.
- **Most inventions are features and uses, not numbers.** Invented features/performance (113)
  dominate: functions given to listed parts ("the inner zip pocket ensures the tote stays in
  place", the carry strap "lets you grip the mat with your foot", a case that "ensures every
  shot is crisp"), contradictions of the facts (faster extraction for a slow-extraction dripper,
  drinks kept *warm*, waterproof for water-resistant, 防水 for 防泼水, 降噪 for 通话降噪, gas
  burners/power outlets on a skillet that *works on* gas/electric), variants and customisation
  that do not exist, and weather/temperature protection. Then health, safety and green claims
  (51: eco-friendly, sustainable, non-toxic, "promotes baby development", 避免长期疲劳),
  numbers (40: 80 Mbps for 480, 10 mm grid for 5 mm, 2000 g for 260 g, invented years and
  prices, and numbers attached to the wrong thing: "200 grams of black pepper", blade length =
  total length, 重量 for 克重), other (25: invented brands, makers, partners, popularity,
  bestseller lists), uses (23: cutting bamboo, bathing the cat, wearing a towel, cooking in a
  mug), product types (16: a bottle called "a refreshing drink", a candle "this toy", a case
  "an iPhone"), materials (15: 银瓷 for 骨瓷, wood and bamboo for cast iron, gold), care (11),
  price/offers (10: discounts, warranties, "limited edition", 100元到200元), origin (9:
  bespoke, handcrafted, made in the USA) and accessories (5).
- **Debris is everywhere**: 136 texts (76 %) have at least one artifact. Typical: whole texts
  wrapped in quotes (28, mostly ads, SEO lines and titles); SEO answers with only one line (14 of
  18, 9 of them over 60 characters) and ads with no separate headline (15 of 20); the prompt's
  facts echoed as labelled fields ("Category: Toys", "Features: ...", "材质：", "【价格】");
  markdown headings and bold in plain channels; two or more versions in one output
  ("**Product Description 1/2**", "Second Paragraph:", repeated blocks); cut-off endings (36 texts, 19 of
  them descriptions: the channel's token limit); meta text ("Here's a product description for
  your order", "Feel free to customize", "希望这些建议对你有所帮助！", "Tone: cosy"); letters
  with placeholders ("Dear [Customer's Name]", "[insert contact information]"); hashtag-only
  social posts.
- **The old guard** catches numbers (~55 %) and listed claim words (certifications, eco words,
  waterproof/防水) but almost none of the feature, use, product-type, care-phrasing and
  maker/popularity claims that make up most inventions: recall 21 % on tune, 16 % on held-out.
  It almost never flags a correctly stated fact (2 of 552 supported spans: "made in the UK" for
  "woven in Wales", and 手工 in "手工绘制了青花图案", a correct restatement of 手绘青花图案).
  About half its flags land on debris (mostly digits in gibberish) rather than on claims.

## Caveats

- One labeller (an AI assistant acting as a careful merchant/editor), no second annotator, so
  no agreement figure. Borderline decisions are written in `notes`; the main recurring ones:
  "gentle"/温和/滋润 on skincare labelled as claims; "lightweight" labelled only where the
  weight is not addressed and lightness is not trivial for the type; maker phrasing ("We have
  crafted", "We produce", 我为你精心打造) *not* labelled; vague value words (affordable, great
  value, 性价比高, 价格实惠) not labelled while concrete prices/discounts/warranties are;
  hashtags that assert a property or material labelled (#WaterSafe, #925GoldEarrings) while
  odd ones that assert nothing clear were not; numbers inside gibberish treated as debris, not
  claims; educational benefits of building blocks (培养动手能力) not labelled.
- Span boundaries are a judgement: a checker's span may overlap a claim only partly; the
  overlap metric counts any character overlap.
- `publishable` is derived (no invented claim and no artifact), so it inherits every debris
  decision, e.g. wrapping quotes or a missing SEO meta line make a text unpublishable.
- Missing content (facts not mentioned, fewer bullets or hashtags than asked) is not labelled.
- The set measures these two 0.5B/135M-class models at default settings on CPU with the 8-bit
  decoder; other decoders, adapters or brand voices write different texts.
"""


def main() -> None:
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        stats.main()
    rules = "\n".join(f"{i}. {r}" for i, r in enumerate(HEADER["rules"], start=1))
    claim_types = "; ".join(f"`{k}` ({v})" for k, v in HEADER["claim_types"].items())
    artifact_types = "; ".join(f"`{k}` ({v})" for k, v in HEADER["artifact_types"].items())
    text = (
        INTRO.replace("{split_rule}", HEADER["split_rule"])
        .replace("{rules}", rules)
        .replace("{claim_types}", claim_types)
        .replace("{artifact_types}", artifact_types)
        .replace("{stats}", buf.getvalue().strip())
    )
    (HERE.parent / "README.md").write_text(text, encoding="utf-8")
    print("wrote README.md")


if __name__ == "__main__":
    main()
