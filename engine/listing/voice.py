"""Brand voice presets: tone, words to use and avoid, and 1–3 example texts, stored in SQLite.

A preset is applied to a copy request by :func:`apply_voice`: its tone replaces the form's, its
words to use join the keywords, its words to avoid join the banned words (enforced during
decoding), and its examples become few-shot turns in the prompt.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass, field, replace
from typing import Any

import sqlite_utils

from engine.catalog.facts import ProductFacts
from engine.core.errors import UserError
from engine.store.connection import Store
from engine.store.connection import now as _now
from engine.store.migrations import MigrationSet

MAX_EXAMPLES = 3
MAX_EXAMPLE_CHARS = 1500


schema = MigrationSet("listing")
"""The copy studio's own tables: brand voice presets."""


@schema(name="001-brand-voices")
def _brand_voices_table(db: sqlite_utils.Database) -> None:
    db.execute(
        """CREATE TABLE brand_voices (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            tone TEXT NOT NULL DEFAULT '',
            words_to_use_json TEXT NOT NULL DEFAULT '[]',
            words_to_avoid_json TEXT NOT NULL DEFAULT '[]',
            examples_json TEXT NOT NULL DEFAULT '[]',
            updated_at TEXT NOT NULL
        )"""
    )


def _clean_words(words: list[str]) -> list[str]:
    seen: dict[str, str] = {}
    for word in words:
        word = str(word).strip()
        if word and word.lower() not in seen:
            seen[word.lower()] = word
    return list(seen.values())


@dataclass
class BrandVoice:
    """One saved preset."""

    name: str
    tone: str = ""
    words_to_use: list[str] = field(default_factory=list)
    words_to_avoid: list[str] = field(default_factory=list)
    examples: list[str] = field(default_factory=list)
    id: int = 0

    def validated(self) -> BrandVoice:
        """A cleaned copy.

        Raises:
            UserError: without a name, or with more than three examples.

        """
        name = self.name.strip()
        if not name:
            raise UserError("a brand voice needs a name")
        examples = [e.strip()[:MAX_EXAMPLE_CHARS] for e in self.examples if e.strip()]
        if len(examples) > MAX_EXAMPLES:
            raise UserError(f"a brand voice takes at most {MAX_EXAMPLES} example texts")
        return replace(
            self,
            name=name,
            tone=self.tone.strip(),
            words_to_use=_clean_words(self.words_to_use),
            words_to_avoid=_clean_words(self.words_to_avoid),
            examples=examples,
        )

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (job params, JSON)."""
        return {
            "id": self.id,
            "name": self.name,
            "tone": self.tone,
            "words_to_use": list(self.words_to_use),
            "words_to_avoid": list(self.words_to_avoid),
            "examples": list(self.examples),
        }


def _from_row(row: tuple[Any, ...]) -> BrandVoice:
    return BrandVoice(
        id=int(row[0]),
        name=str(row[1]),
        tone=str(row[2]),
        words_to_use=json.loads(row[3]),
        words_to_avoid=json.loads(row[4]),
        examples=json.loads(row[5]),
    )


_COLUMNS = "id, name, tone, words_to_use_json, words_to_avoid_json, examples_json"


def list_voices(store: Store) -> list[BrandVoice]:
    """Every preset, by name."""
    rows = store.db.execute(f"SELECT {_COLUMNS} FROM brand_voices ORDER BY name COLLATE NOCASE")
    return [_from_row(r) for r in rows.fetchall()]


def get_voice(store: Store, voice_id: int) -> BrandVoice | None:
    """One preset by id."""
    row = store.db.execute(
        f"SELECT {_COLUMNS} FROM brand_voices WHERE id = ?", [voice_id]
    ).fetchone()
    return _from_row(row) if row else None


def save_voice(store: Store, voice: BrandVoice) -> BrandVoice:
    """Insert (id 0) or update a preset; returns it with its id.

    Raises:
        UserError: for a missing name, too many examples, or a name another preset has.

    """
    voice = voice.validated()
    values = [
        voice.name,
        voice.tone,
        json.dumps(voice.words_to_use, ensure_ascii=False),
        json.dumps(voice.words_to_avoid, ensure_ascii=False),
        json.dumps(voice.examples, ensure_ascii=False),
        _now(),
    ]
    try:
        with store.transaction():
            if voice.id:
                store.db.execute(
                    "UPDATE brand_voices SET name=?, tone=?, words_to_use_json=?,"
                    " words_to_avoid_json=?, examples_json=?, updated_at=? WHERE id=?",
                    [*values, voice.id],
                )
                return voice
            cursor = store.db.execute(
                "INSERT INTO brand_voices (name, tone, words_to_use_json, words_to_avoid_json,"
                " examples_json, updated_at) VALUES (?,?,?,?,?,?)",
                values,
            )
    except sqlite3.IntegrityError as exc:
        raise UserError(f"there is already a brand voice called {voice.name!r}") from exc
    return replace(voice, id=int(cursor.lastrowid or 0))


def delete_voice(store: Store, voice_id: int) -> None:
    """Remove a preset."""
    store.db.execute("DELETE FROM brand_voices WHERE id = ?", [voice_id])


def apply_voice(facts: ProductFacts, voice: BrandVoice | None) -> tuple[ProductFacts, list[str]]:
    """Facts with the preset merged in, and the few-shot examples to use.

    The preset's tone wins over the form's; words are merged without duplicates.
    """
    if voice is None:
        return facts, []
    merged = replace(
        facts,
        tone=voice.tone or facts.tone,
        keywords=_clean_words([*facts.keywords, *voice.words_to_use]),
        banned_words=_clean_words([*facts.banned_words, *voice.words_to_avoid]),
    )
    return merged, list(voice.examples[:MAX_EXAMPLES])
