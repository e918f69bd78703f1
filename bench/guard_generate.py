"""Generate raw texts with the real default model for the fact-guard labelled set.

The output (JSON Lines: facts, channel, seed, text) is labelled by hand afterwards into
``tests/data/guard_labelled.jsonl``; this script records how the English texts were made.
Run: ``python bench/guard_generate.py --out /tmp/guard_raw.jsonl``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from engine.catalog.facts import ProductFacts  # noqa: E402
from engine.decoding.torch_generator import TorchGenerator as Generator  # noqa: E402
from engine.listing.prompts import build_listing_prompt  # noqa: E402
from tests.helpers import real_smollm2_dir, stream  # noqa: E402

PRODUCTS: list[dict[str, object]] = [
    {
        "title": "Insulated Steel Bottle",
        "category": "Drinkware",
        "attributes": {"capacity": "750 ml", "material": "18/8 stainless steel"},
        "features": ["keeps drinks cold 24 hours", "leak-proof lid"],
        "audience": "hikers",
    },
    {
        "title": "Organic Cotton Tote Bag",
        "category": "Bags",
        "attributes": {"material": "100% organic cotton", "size": "38 x 42 cm"},
        "features": ["reinforced handles", "machine washable"],
        "audience": "shoppers",
    },
    {
        "title": "Ceramic Pour-Over Coffee Dripper",
        "category": "Kitchen",
        "attributes": {"material": "ceramic", "fits": "size 02 filters"},
        "features": ["brews 1-4 cups"],
        "audience": "coffee lovers",
    },
    {
        "title": "Merino Wool Hiking Socks",
        "category": "Clothing",
        "attributes": {"material": "merino wool blend", "sizes": "S, M, L"},
        "features": ["cushioned sole"],
        "audience": "walkers",
    },
    {
        "title": "Bamboo Cutting Board",
        "category": "Kitchen",
        "attributes": {"material": "bamboo", "size": "40 x 30 cm"},
        "features": ["juice groove"],
        "audience": "home cooks",
    },
    {
        "title": "LED Desk Lamp",
        "category": "Lighting",
        "attributes": {"power": "8 W", "colour temperature": "3000-6000 K"},
        "features": ["USB charging port", "3 brightness levels"],
        "audience": "students",
    },
    {
        "title": "Silicone Baby Bib",
        "category": "Baby",
        "attributes": {"material": "food-grade silicone"},
        "features": ["BPA-free", "dishwasher safe", "adjustable neck"],
        "audience": "parents",
    },
    {
        "title": "Handmade Soy Candle",
        "category": "Home",
        "attributes": {"wax": "soy wax", "weight": "200 g"},
        "features": ["burns about 40 hours", "lavender scent"],
        "audience": "gift buyers",
    },
    {
        "title": "Leather Card Wallet",
        "category": "Accessories",
        "attributes": {"material": "full-grain leather", "slots": "6 card slots"},
        "features": ["slim design"],
        "audience": "commuters",
    },
    {
        "title": "Yoga Mat",
        "category": "Fitness",
        "attributes": {"thickness": "6 mm", "length": "183 cm"},
        "features": ["non-slip surface", "carry strap"],
        "audience": "yoga beginners",
    },
    {
        "title": "Wireless Earbuds",
        "category": "Electronics",
        "attributes": {"battery": "6 hours per charge", "bluetooth": "5.3"},
        "features": ["charging case", "touch controls"],
        "audience": "runners",
    },
    {
        "title": "Kids Rain Jacket",
        "category": "Kids clothing",
        "attributes": {"sizes": "3-8 years"},
        "features": ["hood", "reflective stripes"],
        "audience": "parents",
    },
]
CHANNELS = ("description", "bullets", "ad")


def main() -> None:
    """Generate a batch of variants per product (channels in turn); write JSON Lines."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--max-new-tokens", type=int, default=80)
    parser.add_argument("--variants", type=int, default=4)
    parser.add_argument("--first", type=int, default=0, help="first product index")
    args = parser.parse_args()
    gen = Generator.load(real_smollm2_dir(), name="smollm2", threads=2)
    with args.out.open("w", encoding="utf-8") as handle:
        for number, product in enumerate(PRODUCTS):
            if number < args.first:
                continue
            facts = ProductFacts.from_dict(product)
            for channel in (CHANNELS[number % len(CHANNELS)],):
                seed = 100 + number
                result = stream(
                    gen,
                    build_listing_prompt(facts, channel),
                    variants=args.variants,
                    max_new_tokens=args.max_new_tokens,
                    temperature=0.8,
                    seed=seed,
                )
                for text in result.texts:
                    row = {"facts": product, "channel": channel, "seed": seed, "text": text}
                    handle.write(json.dumps(row, ensure_ascii=False) + "\n")
                    handle.flush()
                print(number, channel, f"{result.tokens_per_s:.1f} tok/s", flush=True)


if __name__ == "__main__":
    main()
