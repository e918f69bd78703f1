"""The header of labelled.jsonl: the labelling rules in full (also copied into the README)."""

SPLIT_RULE = (
    "Decided before any text was generated and never changed: within each language, sort the "
    "fact sheets by id and cut them into consecutive blocks of 5 (the last block may be "
    "shorter); in each block the ceil(0.4 x block size) sheets with the smallest "
    "sha256(id).hexdigest() are 'heldout', the others 'tune' (tools/make_sheets.py). English "
    "s01-s28 (12 heldout), Chinese s29-s44 (7 heldout): 19 of 44 sheets (43 %). Every text "
    "inherits its sheet's split."
)

RULES = [
    "Unit of labelling: one generated text (variants[0].text of one CLI call) read against the "
    "fact sheet it was written from. The prompt's facts are: title, category, attributes, "
    "features and audience. tone, keywords and banned_words are instructions, not facts.",
    "INVENTED claim: a phrase that states something about THIS product (or its sale) that the "
    "facts do not support, or that contradicts them. Test: could a customer complain about or "
    "return the item because the statement is false? If yes it is a claim; if the facts do not "
    "support it, it is invented. Each invented claim gets one of the claim types.",
    "Numbers: any number, size, amount, count, duration, temperature or percentage not in the "
    "facts, or different from them, is invented ('758 ml' when the facts say 750 ml; '5 cards' "
    "when they say 6; a unit changed so the value changes). A correct unit conversion or a "
    "rounding that keeps the meaning ('750 ml' -> '0.75 L') is supported. A range stated as a "
    "single value (facts '1 to 4 cups', text '4 cups') is supported only where the text keeps "
    "the meaning ('up to 4 cups').",
    "Features and performance: a property or capability not in the facts and not a plain "
    "logical consequence of them is invented: 'keeps drinks hot' when the facts only say cold; "
    "'waterproof' when the facts say water-resistant; 'non-slip', 'moisture-wicking', "
    "'odour-resistant', 'noise cancelling', 'rust-proof', 'scratch-resistant', 'lightweight' "
    "for a heavy item or one whose weight the facts do not address (unless trivially true for "
    "the product type, e.g. a card wallet), 'compact', 'adjustable', 'reversible', 'fits "
    "a 15-inch laptop'. Well-known inherent properties of a stated material are implied, not "
    "invented (linen 'breathable', wool 'warm', cotton 'soft', silver 'shiny').",
    "Material: any material or component material not in the facts or different from them "
    "('cotton' for a linen apron, 'silicone seal', 'gold-plated').",
    "Product type: calling the product something it is not, or a category the facts do not "
    "give ('a kitchen appliance' for an apron, 'mug' for a bottle, 'set' for a single item). "
    "Synonyms and keyword product names are fine ('water bottle' for an insulated bottle).",
    "Use / suitability: a purpose the product is not stated or plainly fit for ('keeps your "
    "hands warm' for a card wallet, '可以用来洗头' for a pillowcase, 'use it as a trivet'), and "
    "factual suitability claims about bodies, ages, skins or settings ('suitable for sensitive "
    "skin', 'safe for children under 3', 'microwave safe'). Ordinary uses that every item of "
    "the type has (a tote carries groceries, a bottle goes on a hike) and suggestions of who "
    "might like it ('great for coffee lovers') are not claims.",
    "Accessory / what is included: any item said to come with the product (lid, filter, gift "
    "box, strap, case, manual, spare parts) that the facts do not list.",
    "Price / offer: prices, discounts, free or fast shipping, warranties, guarantees, returns, "
    "stock or time limits ('limited edition', 'while stocks last').",
    "Care: cleaning or maintenance properties not in the facts ('easy to clean', 'dishwasher "
    "safe', 'machine washable', 'wipe clean', 'low maintenance', '易于清洁'), or care "
    "instructions different from the facts.",
    "Origin: where or how it is made or sourced, when not in the facts ('made in Italy', "
    "'handmade', 'hand-poured', 'locally sourced', 'small-batch', 'artisan-made').",
    "Certification / safety / health / environment: certifications, tests and standards, and "
    "safety, health or green claims not in the facts ('BPA-free', 'non-toxic', 'food-safe', "
    "'hypoallergenic', 'FDA approved', 'eco-friendly', 'sustainable', 'organic', 'dermatologist "
    "tested').",
    "Other: factual claims that fit no type above: awards, bestseller or popularity claims "
    "('loved by thousands'), claims about the shop or maker, comparisons with named products.",
    "Claims are labelled wherever they appear, also inside debris (meta text, a second "
    "version), because a checker reads the whole text.",
    "NOT a claim: generic praise and subjective marketing ('stylish', 'beautiful', 'a perfect "
    "gift', 'you'll love it', 'elevate your kitchen', 'high quality', 'durable', 'comfortable', "
    "'cosy'); vague value words with no figure or promise ('affordable', 'great value', 'a "
    "luxury that has nothing to do with the price'); poetic or nonsensical phrases that assert "
    "nothing checkable; calls to action ('order now', 'shop today'); restating facts in other words or in "
    "the other language (facts 'stainless steel' support '不锈钢', '750 ml' supports '0.75 L'); "
    "plain logical consequences ('leak-proof lid' supports 'won't spill in your bag'); "
    "suggestions of use that every item of the type allows.",
    "SUPPORTED span: a phrase that correctly states one of the sheet's facts (attributes, "
    "features, audience, category; title words when used as a statement about the product, "
    "e.g. 'insulated'); the `fact` field names which fact. Every occurrence is marked, also "
    "repeated ones. A verbatim repetition of the full product title (the name) is not marked. "
    "A fact stated wrongly (wrong number, weakened or strengthened) is invented, not supported.",
    "Span granularity: the shortest phrase that carries the claim or fact ('dishwasher safe', "
    "'made in Italy', '$220 per pack', 'porcelain'), not the whole sentence. start/end are "
    "Python str offsets into `text` with text[start:end] == span.",
    "ARTIFACTS (format debris), each with its type and span: heading (a title line above the "
    "copy: 'Product Description:', '# ...', '**Title:**'); markdown (asterisks, '#', "
    "bold/italic markers, markdown bullets or numbered lists where plain text is wanted; '- ' "
    "bullets are requested in the bullets channel and are not debris there); section_label "
    "(inline field labels the merchant must delete: 'Pros:', 'Price:', 'Features:', 'SEO "
    "Title:', 'Meta Description:', 'Headline:', '标题：'); multiple_texts (two or more "
    "descriptions/titles/posts in one output); cut_off (ends mid-sentence or mid-word; span = "
    "the unfinished tail); meta_text (talks to the user or about the task: 'Here is your "
    "description', 'I hope this helps', notes, translations, explanations, the prompt "
    "echoed); wrong_language (English in a Chinese request or vice versa, beyond brand names "
    "and units); over_limit (a title over 80 characters / 40 Chinese characters, an SEO title "
    "over 60 / 30 characters, a meta description over 160 / 80, an ad headline over 40 / 20: "
    "the channel's own limits); other (a banned word used, wrapping quotes around a whole "
    "title, hashtags outside the social channel, garbled or looping text, the wrong structure "
    "for the channel such as a paragraph where bullets or a single title were asked).",
    "publishable = no invented claim and no artifact: would a careful merchant publish it as "
    "written. Grammar slips alone do not make a text unpublishable.",
    "Every text was read in full against its fact sheet by the labeller; the old guard's flags "
    "were not shown while labelling. `notes` records doubts about a label.",
]

CLAIM_TYPES = {
    "product_type": "wrong product type or category, or one not given",
    "material": "a material or component material not in the facts or different from them",
    "use": "a purpose or factual suitability (body, age, skin, setting, appliance) not supported",
    "accessory": "something said to be included that the facts do not list",
    "price_offer": "price, discount, shipping, warranty, guarantee, stock or time limit",
    "care": "cleaning/maintenance property or instruction not in the facts",
    "origin": "place or manner of making/sourcing (made in X, handmade, small-batch)",
    "certification": "certification, test, standard, safety, health or environmental claim",
    "number": "a number, size, amount, count, duration or percentage not in the facts or different",
    "feature": "a property, capability or performance not in the facts nor plainly implied",
    "other": "any other factual claim: awards, popularity, claims about the maker or shop",
}

ARTIFACT_TYPES = {
    "heading": "a title/heading line above the copy",
    "markdown": "markdown markers (**, #, _, markdown list markers where plain text is wanted)",
    "section_label": "inline field labels the merchant must remove (Price:, Features:, SEO Title:)",
    "multiple_texts": "more than one version of the requested copy in one output",
    "cut_off": "ends mid-sentence or mid-word",
    "meta_text": "talk to the user or about the task, notes, translations, echoed prompt",
    "wrong_language": "text in the other language than requested",
    "over_limit": "over the channel's character limit for a title / SEO line / headline",
    "other": "banned word, wrapping quotes, stray hashtags, garbled/looping text, wrong structure",
}

HEADER = {
    "rules": RULES,
    "claim_types": CLAIM_TYPES,
    "artifact_types": ARTIFACT_TYPES,
    "split_rule": SPLIT_RULE,
    "made_by": (
        "Fact sheets written by hand; texts generated with bench/grounding_generate.py from the "
        "app's own CLI (frozen snapshot of ShopScribe at commit 671bbad, default settings, "
        "models qwen-coder (Qwen2.5-Coder-0.5B-Instruct) and smollm2, llama.cpp 8-bit decoder "
        "on CPU); every text labelled by hand by one labeller (an AI assistant acting as a "
        "merchant/editor) following these rules."
    ),
    "date": "2026-12-02",
}
