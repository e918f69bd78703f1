"""With the real default model: a brand voice's avoid-words never appear (enforced in decoding)."""

import re
import threading
from collections import Counter

import pytest

from engine.app import open_engine
from engine.catalog.facts import ProductFacts
from engine.history.store import History
from engine.listing.copywriter import CopyRequest, write_copy
from engine.listing.voice import BrandVoice, save_voice

FACTS = {
    "title": "Insulated Steel Bottle",
    "attributes": {"capacity": "750 ml", "material": "18/8 stainless steel"},
    "features": ["keeps drinks cold 24 hours", "leak-proof lid"],
    "audience": "hikers",
}
COMMON = {"with", "that", "this", "your", "will", "from", "have", "their", "they", "into", "more"}


def _words(text):
    return re.findall(r"[a-z]{4,}", text.lower())


def _run(engine, voice_id=0):
    request = CopyRequest(
        facts=ProductFacts.from_dict(FACTS),
        channel="description",
        variants=2,
        seed=11,
        max_new_tokens=56,
        voice_id=voice_id,
    )
    return write_copy(engine, request, lambda v, t: None, threading.Event())


@pytest.mark.slow
def test_preset_avoid_words_never_appear(default_paths):
    engine = open_engine(default_paths, threads=2)
    try:
        baseline = _run(engine)
        counts = Counter(w for v in baseline["variants"] for w in _words(v["text"]))
        # The words the model uses most on its own: banning them is a real test.
        avoid = [w for w, _ in counts.most_common() if w not in COMMON][:4]
        assert len(avoid) == 4
        voice = save_voice(
            engine.store, BrandVoice(name="No repeats", words_to_avoid=avoid, tone="calm")
        )
        result = _run(engine, voice.id)
        for variant in result["variants"]:
            assert variant["text"]
            used = set(_words(variant["text"]))
            assert not used & set(avoid), (avoid, variant["text"])
        item = History(engine.store).get(result["variants"][0]["id"])
        assert item is not None and item.settings["voice"]["name"] == "No repeats"
    finally:
        engine.close()
