"""Brand voice presets: repository, merging into a request, few-shot prompt turns."""

import pytest

from engine.app import open_store
from engine.catalog.facts import ProductFacts
from engine.core.errors import UserError
from engine.listing.prompts import build_listing_prompt, max_new_tokens_for
from engine.listing.voice import (
    BrandVoice,
    apply_voice,
    delete_voice,
    get_voice,
    list_voices,
    save_voice,
)


def test_save_list_update_delete(fresh_store):
    saved = save_voice(
        fresh_store,
        BrandVoice(
            name=" Cosy ",
            tone="warm",
            words_to_use=["cosy", "cosy", "handcrafted"],
            words_to_avoid=["cheap", "Cheap"],
            examples=["Our mugs are made for slow mornings."],
        ),
    )
    assert saved.id > 0 and saved.name == "Cosy"
    again = get_voice(fresh_store, saved.id)
    assert again is not None
    assert again.words_to_use == ["cosy", "handcrafted"] and again.words_to_avoid == ["cheap"]
    assert again.examples == ["Our mugs are made for slow mornings."]
    again.tone = "playful"
    save_voice(fresh_store, again)
    assert [v.tone for v in list_voices(fresh_store)] == ["playful"]
    delete_voice(fresh_store, saved.id)
    assert list_voices(fresh_store) == []


def test_bad_presets_are_user_errors(fresh_store):
    with pytest.raises(UserError, match="name"):
        save_voice(fresh_store, BrandVoice(name="  "))
    with pytest.raises(UserError, match="at most 3"):
        save_voice(fresh_store, BrandVoice(name="x", examples=["a", "b", "c", "d"]))
    save_voice(fresh_store, BrandVoice(name="Shop"))
    with pytest.raises(UserError, match="already"):
        save_voice(fresh_store, BrandVoice(name="shop"))


def test_voice_survives_reopen(data_paths):

    store = open_store(data_paths)
    save_voice(store, BrandVoice(name="Bold", words_to_avoid=["cheap"]))
    store.close()
    store = open_store(data_paths)
    assert [v.name for v in list_voices(store)] == ["Bold"]
    store.close()


def test_apply_voice_merges_words_tone_and_examples():
    facts = ProductFacts.from_dict({"title": "Mug", "keywords": ["mug"], "banned_words": ["cheap"]})
    voice = BrandVoice(
        name="v",
        tone="luxurious",
        words_to_use=["artisan"],
        words_to_avoid=["CHEAP", "deal"],
        examples=["Example one.", "Example two."],
    )
    merged, examples = apply_voice(facts, voice)
    assert merged.tone == "luxurious"
    assert merged.keywords == ["mug", "artisan"]
    assert merged.banned_words == ["cheap", "deal"]
    assert examples == ["Example one.", "Example two."]
    assert facts.banned_words == ["cheap"]  # the original is untouched
    assert apply_voice(facts, None) == (facts, [])


def test_examples_become_few_shot_turns():
    facts = ProductFacts.from_dict({"title": "Mug", "banned_words": ["cheap"]})
    messages = build_listing_prompt(facts, "description", ["Shot A.", "Shot B."])
    roles = [m["role"] for m in messages]
    assert roles == ["system", "user", "assistant", "user", "assistant", "user"]
    assert messages[2]["content"] == "Shot A." and messages[4]["content"] == "Shot B."
    assert "same voice" in messages[-1]["content"] and "Product: Mug" in messages[-1]["content"]
    assert "cheap" in messages[0]["content"]


def test_length_changes_instruction_and_budget():
    facts = ProductFacts.from_dict({"title": "Mug"})
    short = build_listing_prompt(facts, "description", length="short")[-1]["content"]
    long = build_listing_prompt(facts, "description", length="long")[-1]["content"]
    assert "short" in short and "longer" in long
    assert max_new_tokens_for("description", "short") < max_new_tokens_for("description")
    assert max_new_tokens_for("description") < max_new_tokens_for("description", "long")
    with pytest.raises(UserError, match="length"):
        max_new_tokens_for("description", "huge")


def test_brand_voice_words_are_not_evidence_for_the_guard(tiny_paths):
    """A voice's words to use steer the writing; they never make an invented claim true."""
    from engine.app import open_engine
    from engine.catalog.facts import ProductFacts
    from engine.decoding.protocol import GenerationResult
    from engine.listing.copywriter import CopyRequest, write_copy

    class Scripted:
        """Writes one fixed text, as a model that took the voice's words as facts would."""

        name, backend, adapter = "tiny", "scripted", None

        class choice:
            device, dtype_name = "cpu", "none"

        def stream(self, messages, settings, *, on_text=None, stop=None, prefix=""):  # type: ignore[no-untyped-def]
            text = "A mug of organic cotton, made in Italy."
            return GenerationResult([text], 10, 0.1, 0.01, finished_rows=[True])

    engine = open_engine(tiny_paths)
    try:
        eco = BrandVoice("Eco", words_to_use=["organic cotton", "Italy"])
        voice = save_voice(engine.store, eco)
        engine.generator = lambda *a, **k: Scripted()  # type: ignore[method-assign]
        facts = ProductFacts.from_dict({"title": "Mug", "attributes": {"material": "cotton"}})
        request = CopyRequest(facts, voice_id=voice.id, grounded=False)  # flags, no repair
        result = write_copy(engine, request, lambda v, t: None, None)
        spans = [f["span"] for f in result["variants"][0]["flags"]]
        assert "organic cotton" in spans and "made in Italy" in spans
    finally:
        engine.close()
