import re
import threading

import pytest

from engine.core.errors import UserError
from engine.decoding.torch_generator import TorchGenerator as Generator
from tests.helpers import stream

MESSAGES = [{"role": "user", "content": "Write a title for a steel bottle."}]


@pytest.fixture(scope="module")
def tiny(tiny_model_dir):
    return Generator.load(tiny_model_dir, name="tiny", threads=1)


def test_stream_pieces_add_up_to_the_result(tiny):
    pieces: list[tuple[int, str]] = []
    result = stream(
        tiny, MESSAGES, max_new_tokens=12, seed=1, on_text=lambda v, t: pieces.append((v, t))
    )
    assert result.new_tokens > 0 and len(pieces) > 1 and result.texts[0]
    assert "".join(t for _, t in pieces).strip() == result.texts[0]


def test_seeded_sampling_repeats(tiny):
    a = stream(tiny, MESSAGES, max_new_tokens=10, seed=5).texts
    b = stream(tiny, MESSAGES, max_new_tokens=10, seed=5).texts
    c = stream(tiny, MESSAGES, max_new_tokens=10, seed=6).texts
    assert a == b and a[0] and a != c


@pytest.mark.slow
def test_greedy_is_deterministic(default_model):
    a = stream(default_model, MESSAGES, max_new_tokens=10, temperature=0).texts
    b = stream(default_model, MESSAGES, max_new_tokens=10, temperature=0).texts
    assert a == b and a[0]


def test_variants_stream_separately(tiny):
    seen: dict[int, str] = {}

    def on_text(variant: int, text: str) -> None:
        seen[variant] = seen.get(variant, "") + text

    result = stream(tiny, MESSAGES, variants=3, max_new_tokens=10, seed=3, on_text=on_text)
    assert len(result.texts) == 3
    assert {k: v.strip() for k, v in seen.items()} == {
        i: t for i, t in enumerate(result.texts) if t
    }


def test_stop_flag_ends_within_one_token(tiny):
    stop = threading.Event()
    count = 0

    def on_text(variant: int, text: str) -> None:
        nonlocal count
        count += 1
        if count == 3:
            stop.set()

    result = stream(tiny, MESSAGES, max_new_tokens=200, seed=1, on_text=on_text, stop=stop)
    assert result.stopped and result.finished_rows == [False]
    assert result.new_tokens <= 4


def test_a_flag_raised_at_the_last_token_is_not_a_stop(tiny):
    """``stopped`` says what ended the text, not whether the flag is up afterwards."""
    stop = threading.Event()
    seen = 0

    def on_text(variant: int, text: str) -> None:
        nonlocal seen
        seen += 1

    result = stream(tiny, MESSAGES, max_new_tokens=3, seed=1, on_text=on_text, stop=stop)
    assert result.new_tokens == 3 and not result.stopped
    stop.set()  # raised once the text was complete
    late = stream(tiny, MESSAGES, max_new_tokens=3, seed=1, on_text=lambda v, t: stop.set())
    assert late.new_tokens == 3 and not late.stopped


@pytest.mark.slow
def test_banned_words_never_decoded(default_model):
    # Greedy output of the real model, then ban its words: they must not come back.
    words = [
        w.strip(".,:!\"'")
        for w in stream(default_model, MESSAGES, max_new_tokens=12, temperature=0).texts[0].split()
    ]
    banned = [w for w in words if len(w) > 3][:3]
    assert banned
    again = stream(default_model, MESSAGES, max_new_tokens=40, temperature=0, banned_words=banned)
    lowered = again.texts[0].lower()
    assert again.texts[0]
    for word in banned:  # "word." and "word," count too
        assert not re.search(rf"(?<![\w]){re.escape(word.lower())}(?![\w])", lowered), word


def test_settings_are_checked(tiny):
    with pytest.raises(UserError):
        stream(tiny, MESSAGES, variants=0)
    with pytest.raises(UserError):
        stream(tiny, MESSAGES, max_new_tokens=0)


def test_loading_a_folder_without_weights_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="cannot load"):
        Generator.load(tmp_path, name="empty")
