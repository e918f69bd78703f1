"""Language and words of policy text: zh or en, lexical tokens (jieba for Chinese), hashes."""

from __future__ import annotations

import hashlib
import logging
import re
import unicodedata
from functools import lru_cache
from typing import Any

from engine.guard.lexicon import STOP_EN, STOP_ZH, stem

CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*[A-Za-z]|[A-Za-z]|\d+(?:[.,]\d+)*")
_QUESTION_WORDS_EN = frozenset(
    "hi hello hey thanks thank please question ask asking wondering know tell anyone shop "
    "store juniper clay guys team dear regards cheers best".split()
)
_STOP_ZH_EXTRA = frozenset(
    "请问 你好 您好 你们 我们 我 他 她 想 要 需要 一下 吗 呢 吧 啊 呀 哦 嗯 谢谢 麻烦 "
    "请 问 能不能 可不可以 是不是 有没有 怎么 怎么样 多少 多久 几 哪些 哪里 什么样".split()
)


def detect_lang(text: str) -> str:
    """``zh`` when the text has Chinese characters in a real share of it, else ``en``.

    A Chinese message often carries Latin tokens (EMS, DHL, order numbers); an English one
    may quote a Chinese word. A Chinese character carries about a word, so Chinese wins when
    its characters are at least 0.7 times the Latin words.
    """
    cjk = len(CJK.findall(text))
    if not cjk:
        return "en"
    latin_words = len(re.findall(r"[A-Za-z]+", text))
    return "zh" if cjk >= 0.7 * latin_words else "en"


def content_hash(title: str, text: str) -> str:
    """What re-import compares: the entry's title and text, whitespace-normalised."""
    norm = " ".join(unicodedata.normalize("NFC", f"{title}\n{text}").split())
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _jieba() -> Any:
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba


def _zh_tokens(chunk: str) -> list[str]:
    out = []
    for word in _jieba().cut_for_search(chunk):
        word = word.strip()
        if not word or word in STOP_ZH or word in _STOP_ZH_EXTRA:
            continue
        if not CJK.search(word):
            out.extend(_en_tokens(word))
            continue
        out.append(word)
    return out


def _en_tokens(text: str) -> list[str]:
    out = []
    for match in _LATIN_WORD.finditer(text):
        word = match.group(0).lower()
        if word in STOP_EN or word in _QUESTION_WORDS_EN or "'" in word:
            continue
        if word[0].isdigit():
            out.append(word)
            continue
        token = stem(word)
        if len(token) > 1:
            out.append(token)
    return out


def tokens(text: str) -> list[str]:
    """Lexical tokens of ``text``: stemmed English words and jieba-segmented Chinese words.

    Function words and greetings are left out, so a match means shared content.
    """
    text = unicodedata.normalize("NFKC", text)
    out: list[str] = []
    for piece in re.split(r"([\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+)", text):
        if not piece:
            continue
        out.extend(_zh_tokens(piece) if CJK.search(piece) else _en_tokens(piece))
    return out
