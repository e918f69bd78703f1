"""numpy token choice (llama.cpp decoder) follows the torch decoder's rules exactly."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from engine.decoding.sampling import (
    TOP_CANDIDATES,
    TextBan,
    ban_completions_np,
    penalise_repeats_np,
    pick_tokens_np,
)
from engine.decoding.torch_loop import DecodeSettings, _ban_mask, penalise_repeats


def test_penalty_and_bans_equal_the_torch_versions() -> None:
    rng = np.random.default_rng(0)
    logits = rng.normal(size=(3, 500)).astype(np.float32)
    history = [[1, 5, 5, 499], [], [7, 8]]
    bad = [[8, 9], [42], [5, 6, 7]]
    ours = logits.copy()
    penalise_repeats_np(ours, history, 1.3)
    ban_completions_np(ours, history, bad)
    ref = penalise_repeats(torch.from_numpy(logits.copy()), history, 1.3)
    ref = ref.masked_fill(_ban_mask(history, bad, 500), float("-inf"))
    np.testing.assert_allclose(ours, ref.numpy(), rtol=1e-6)


@pytest.mark.parametrize("spread", [8.0, 0.01])  # peaked (fast path) and flat (full sort)
def test_top_p_keeps_exactly_the_nucleus(spread: float) -> None:
    rng = np.random.default_rng(1)
    vocab = 4 * TOP_CANDIDATES
    logits = (rng.normal(size=(1, vocab)) * spread).astype(np.float32)
    probs = np.exp(logits[0] - logits[0].max())
    probs /= probs.sum()
    order = np.argsort(-probs)
    nucleus = set(order[: int(np.searchsorted(np.cumsum(probs[order]), 0.9)) + 1].tolist())
    settings = DecodeSettings(temperature=1.0, top_p=0.9)
    seen = {pick_tokens_np(logits, settings, [[]], rng)[0] for _ in range(300)}
    assert seen <= nucleus
    if len(nucleus) > 1:
        assert len(seen) > 1


def test_greedy_is_argmax() -> None:
    logits = np.array([[0.1, 3.0, 2.0], [5.0, 1.0, 0.0]], dtype=np.float32)
    picked = pick_tokens_np(logits, DecodeSettings(temperature=0), [[], []], None)
    assert picked == [1, 0]


def test_text_ban_sees_words_spelled_by_several_tokens() -> None:
    ban = TextBan(["cheap", "便宜"], rows=2)
    ban.accept(0, b"ultra-che")
    assert ban.refuses(0, b"aper")  # ultra-cheaper
    assert not ban.refuses(0, b"rry")  # ultra-cherry
    ban.accept(1, "超便".encode())
    assert ban.refuses(1, "宜".encode())  # no word boundaries in Chinese
    plain = TextBan(["eco"], rows=1)
    plain.accept(0, b"an ")
    assert not plain.refuses(0, b"deco lamp")  # inside another word: allowed
    assert plain.refuses(0, b"Eco-friendly")
    assert not TextBan([" "], rows=1)


def test_numbers_are_never_penalised() -> None:
    """A penalised "2" made Qwen write "two4 hours" for the second "24 hours"."""
    logits = np.array([[2.0, 2.0, 2.0, -1.0]], dtype=np.float32)
    ours = logits.copy()
    penalise_repeats_np(ours, [[0, 1, 3]], 2.0, exempt=frozenset({1}))
    assert ours.tolist() == [[1.0, 2.0, 2.0, -2.0]]
    ref = penalise_repeats(torch.from_numpy(logits.copy()), [[0, 1, 3]], 2.0, frozenset({1}))
    assert ref.tolist() == ours.tolist()


def test_penalty_free_tokens_of_the_real_tokenizer(default_model) -> None:  # type: ignore[no-untyped-def]
    numbers = default_model.penalty_free_ids()
    encode = default_model.tokenizer.encode
    for text in ("2", "4", "7", "0", " "):
        ids = encode(text, add_special_tokens=False)
        assert len(ids) == 1 and ids[0] in numbers
    for text in (" hours", "\n"):
        assert encode(text, add_special_tokens=False)[0] not in numbers


def test_text_ban_sees_a_chinese_word_split_across_byte_tokens() -> None:
    """Byte-level tokens can end mid-character; the ban must see the whole character."""
    data = "超便宜".encode()  # 超 e8b685, 便 e4bebf, 宜 e5ae9c
    pieces = [data[:3], data[3:5], data[5:7], data[7:]]  # 便 and 宜 each cut in two
    ban = TextBan(["便宜"], rows=1)
    refused = []
    for piece in pieces:
        refused.append(ban.refuses(0, piece))
        if not refused[-1]:
            ban.accept(0, piece)
    assert refused == [False, False, False, True]  # the piece completing 宜 is refused
    other = TextBan(["便宜"], rows=1)
    for piece in "超便利".encode()[:7], "超便利".encode()[7:]:
        assert not other.refuses(0, piece)
        other.accept(0, piece)
