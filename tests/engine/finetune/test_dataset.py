"""Finetune data: formats, cleaning, redaction, deterministic split, preview and masking."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from engine.catalog.facts import ProductFacts
from engine.core.errors import UserError
from engine.finetune.dataset import (
    Example,
    build_dataset,
    clean_examples,
    favourite_examples,
    read_examples,
    redact,
    split_examples,
)
from engine.finetune.tokens import IGNORE, encode, preview
from engine.history.store import History
from engine.listing.prompts import build_listing_prompt
from tests.conftest import DATA as DATA_DIR

DATA = DATA_DIR / "finetune_products.jsonl"


@pytest.fixture(scope="module")
def tokenizer(smollm2_dir: Path):  # type: ignore[no-untyped-def]
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(str(smollm2_dir))


def test_own_jsonl_uses_the_apps_prompt() -> None:
    examples = read_examples(DATA)
    assert len(examples) == 30
    first = json.loads(DATA.read_text().splitlines()[0])
    facts = ProductFacts.from_dict(first["facts"])
    assert examples[0].prompt == build_listing_prompt(facts, "description")
    assert examples[0].completion == first["completion"]


def test_prompt_completion_and_chat_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    rows = [
        {"prompt": "Describe the mug", "completion": "A lovely mug."},
        {
            "messages": [
                {"role": "system", "content": "Be brief."},
                {"role": "user", "content": "Describe the bowl"},
                {"role": "assistant", "content": "A deep bowl."},
            ]
        },
    ]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n\n")
    a, b = read_examples(path)
    assert a.prompt == [{"role": "user", "content": "Describe the mug"}]
    assert a.completion == "A lovely mug."
    assert [m["role"] for m in b.prompt] == ["system", "user"]
    assert b.completion == "A deep bowl."


def test_bad_jsonl_line_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "d.jsonl"
    path.write_text('{"prompt": "a", "completion": "b"}\n{oops\n')
    with pytest.raises(UserError, match="line 2"):
        read_examples(path)
    path.write_text('{"prompt": "a"}\n')
    with pytest.raises(UserError, match="completion"):
        read_examples(path)


def test_txt_blocks_with_titles(tmp_path: Path) -> None:
    path = tmp_path / "texts.txt"
    path.write_text(
        "Blue Mug\nA mug in blue.\nIt holds tea.\n\n\n"
        "A plain paragraph without a title. It is long enough.\n\n"
    )
    a, b = read_examples(path)
    assert "Product: Blue Mug" in a.prompt[-1]["content"]
    assert a.completion == "A mug in blue.\nIt holds tea."
    assert b.completion.startswith("A plain paragraph")


def test_unknown_or_missing_file(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="not found"):
        read_examples(tmp_path / "nope.jsonl")
    other = tmp_path / "x.docx"
    other.write_text("x")
    with pytest.raises(UserError, match=r"\.csv"):
        read_examples(other)


def test_redaction() -> None:
    text, n = redact(
        "Mail jo@shop.example or call +44 20 7946 0958. Order #10234 shipped; "
        "order no. 5521 too. It is 750 ml and 12 x 18 cm, made in 2024."
    )
    assert "jo@shop.example" not in text and "[email]" in text
    assert "7946" not in text and "[phone]" in text
    assert "10234" not in text and "5521" not in text
    assert "750 ml" in text and "12 x 18 cm" in text and "2024" in text
    assert n == 4


def test_cleaning_drops_empties_and_duplicates_and_strips_html() -> None:
    prompt = build_listing_prompt(ProductFacts(title="Mug"))
    examples = [
        Example(prompt, "<p>A <b>handmade</b> mug for slow mornings, glazed in blue.</p>"),
        Example(prompt, "A handmade mug for slow mornings, glazed in blue."),
        Example(prompt, "A handmade mug for slow mornings, glazed in blue!!"),
        Example(prompt, "   "),
        Example(prompt, "<p></p>"),
        Example(
            prompt,
            "A handmade mug for slow mornings, glazed in deep blue by hand in our studio by "
            "the sea, with a big handle and a speckled clay body for your coffee",
        ),
        Example(
            prompt,
            "A handmade mug for slow mornings, glazed in deep blue by hand in our studio by "
            "the sea, with a big handle and a speckled clay body for your morning coffee.",
        ),
        Example(prompt, "A wide bowl for pasta night."),
    ]
    kept, dropped, _ = clean_examples(examples)
    assert kept[0].completion == "A handmade mug for slow mornings, glazed in blue."
    assert dropped["empty"] == 2
    assert dropped["duplicate"] == 2  # same words once tags and punctuation go
    assert dropped["near_duplicate"] == 1
    assert len(kept) == 3


def test_split_is_deterministic_and_stable() -> None:
    examples = read_examples(DATA)
    train, held = split_examples(examples)
    _, again_held = split_examples(list(reversed(examples)))
    assert {e.completion for e in held} == {e.completion for e in again_held}
    assert len(held) == 4 and len(train) == 26
    assert not {e.completion for e in held} & {e.completion for e in train}


def test_tiny_dataset_warns_not_crashes(tmp_path: Path) -> None:
    path = tmp_path / "few.jsonl"
    path.write_text(json.dumps({"prompt": "p", "completion": "Just one good text."}) + "\n")
    dataset = build_dataset(path=path)
    assert dataset.size == 1
    assert any("only 1 texts" in w for w in dataset.warnings)


def test_favourites(fresh_store) -> None:  # type: ignore[no-untyped-def]
    facts = {"title": "Tide Mug", "category": "Mugs"}
    kept = History(fresh_store).add("A mug like the sea.", facts=facts, title="Tide Mug")
    History(fresh_store).add("Not starred.", facts=facts, title="Tide Mug")
    History(fresh_store).set_favourite(kept, True)
    examples = favourite_examples(fresh_store)
    assert [e.completion for e in examples] == ["A mug like the sea."]
    assert examples[0].prompt == build_listing_prompt(ProductFacts.from_dict(facts))
    dataset = build_dataset(store=fresh_store, favourites=True)
    assert dataset.size == 1 and dataset.source == "favourites"


def test_nothing_usable_is_a_user_error(tmp_path: Path) -> None:
    path = tmp_path / "e.txt"
    path.write_text("\n\n   \n")
    with pytest.raises(UserError, match="no usable"):
        build_dataset(path=path)


def test_loss_mask_covers_exactly_the_completion(tokenizer) -> None:  # type: ignore[no-untyped-def]
    example = read_examples(DATA)[0]
    item = encode(tokenizer, example, 512)
    assert item is not None
    prompt_text = tokenizer.apply_chat_template(
        example.prompt, add_generation_prompt=True, tokenize=False
    )
    n_prompt = len(tokenizer(prompt_text, add_special_tokens=False)["input_ids"])
    assert item.labels[:n_prompt] == [IGNORE] * n_prompt
    assert item.labels[n_prompt:] == item.input_ids[n_prompt:]
    decoded = tokenizer.decode(item.input_ids[n_prompt:])
    assert decoded.startswith(example.completion)
    assert decoded.rstrip().endswith("<|im_end|>")
    assert encode(tokenizer, example, 20) is None  # prompt alone is longer


def test_preview(tokenizer) -> None:  # type: ignore[no-untyped-def]
    dataset = build_dataset(path=DATA)
    info = preview(dataset, tokenizer, 384)
    assert (info["kept"], info["train"], info["eval"]) == (30, 26, 4)
    assert 100 < info["tokens"]["min"] <= info["tokens"]["median"] <= info["tokens"]["max"] < 384
    example = info["examples"][0]
    assert example["prompt"].startswith("<|im_start|>system")
    assert example["prompt"].endswith("<|im_start|>assistant\n")
    assert example["completion"].endswith("<|im_end|>\n")
    assert preview(dataset, tokenizer, 150)["truncated"] > 0


def test_shopify_csv_pairs_facts_with_the_owners_description(shopify_template: Path) -> None:
    examples = read_examples(shopify_template)
    assert examples, "the shared template has products"
    first = examples[0]
    assert "Product: Example T-Shirt" in first.prompt[-1]["content"]
    assert "Color: Green" in first.prompt[-1]["content"]
    # the description is the answer, never part of the prompt
    assert "insanely comfortable" in first.completion
    assert "insanely comfortable" not in first.prompt[-1]["content"]
    dataset = build_dataset(path=shopify_template)
    assert "<p>" not in dataset.train[0].completion
    assert any("only" in w for w in dataset.warnings)
