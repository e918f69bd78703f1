"""Saved replies: the merchant's templates with placeholders, filled from given values.

Placeholders are written ``{customer_name}`` (``{{customer_name}}`` works too). Values come
from a plain dict (the window asks for them; the Customers tab will pass a customer's). A
missing value is never left as braces: :func:`fill` returns the names still needed and no
text to copy until every one is given.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.core.errors import UserError
from engine.faq.text import detect_lang
from engine.store.connection import Store, now

PLACEHOLDERS = ("customer_name", "order_id", "tracking_url", "refund_amount")
"""The placeholders the window knows how to ask for (any ``{name}`` works)."""
LABELS = {
    "customer_name": "Customer name",
    "order_id": "Order number",
    "tracking_url": "Tracking link",
    "refund_amount": "Refund amount",
}
_FIELD = re.compile(r"\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}|\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}")


@dataclass
class SavedReply:
    """One saved reply template."""

    id: int
    title: str
    text: str
    lang: str

    @property
    def placeholders(self) -> list[str]:
        """The placeholder names it uses, in order of first use."""
        return placeholders(self.text)

    def to_json(self) -> dict[str, Any]:
        """For the CLI and the window."""
        return {
            "id": self.id,
            "title": self.title,
            "text": self.text,
            "lang": self.lang,
            "placeholders": self.placeholders,
        }


@dataclass
class Filled:
    """A template with values put in."""

    text: str
    """The reply to copy; empty while any value is missing."""
    missing: list[str]
    preview: str
    """The text with each missing value shown as ⟨name⟩ (for the window, never copied)."""

    def to_json(self) -> dict[str, Any]:
        """``{"text", "missing", "preview", "complete"}``."""
        return {
            "text": self.text,
            "missing": self.missing,
            "preview": self.preview,
            "complete": not self.missing,
        }


def placeholders(text: str) -> list[str]:
    """Placeholder names in ``text``, once each, in order."""
    names: list[str] = []
    for match in _FIELD.finditer(text):
        name = match.group(1) or match.group(2)
        if name not in names:
            names.append(name)
    return names


def fill(text: str, values: dict[str, Any] | None) -> Filled:
    """Put ``values`` into the template ``text``; blank values count as missing."""
    given = {k: str(v).strip() for k, v in (values or {}).items() if str(v or "").strip()}
    missing = [n for n in placeholders(text) if n not in given]

    def put(match: re.Match[str], shown: bool) -> str:
        name = match.group(1) or match.group(2)
        if name in given:
            return given[name]
        return f"⟨{name}⟩" if shown else ""

    preview = _FIELD.sub(lambda m: put(m, True), text)
    complete = "" if missing else _FIELD.sub(lambda m: put(m, False), text)
    complete = complete.replace("{", "(").replace("}", ")")  # never a raw brace
    return Filled(complete, missing, preview)


class SavedReplies:
    """The saved replies over one store (its thread's)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.db = store.db

    def all(self) -> list[SavedReply]:
        """Every saved reply, by title."""
        rows = self.store.rows("SELECT * FROM faq_saved_replies ORDER BY lang, title")
        return [SavedReply(r["id"], r["title"], r["text"], r["lang"]) for r in rows]

    def get(self, ref: int | str) -> SavedReply | None:
        """One saved reply by id or title."""
        rows = self.store.rows(
            "SELECT * FROM faq_saved_replies WHERE title = ? COLLATE NOCASE", [str(ref)]
        )
        if not rows and str(ref).isdigit():
            rows = self.store.rows("SELECT * FROM faq_saved_replies WHERE id = ?", [int(ref)])
        return (
            SavedReply(**{k: rows[0][k] for k in ("id", "title", "text", "lang")}) if rows else None
        )

    def save(self, title: str, text: str, lang: str | None = None) -> SavedReply:
        """Add a saved reply, or replace the text of the one with this title.

        Raises:
            UserError: for an empty title or text.

        """
        title, text = " ".join(str(title).split()), str(text).strip()
        if not title or not text:
            raise UserError("a saved reply needs a title and a text")
        lang = lang or detect_lang(text)
        stamp = now()
        with self.store.transaction():
            self.db.execute(
                "INSERT INTO faq_saved_replies (title, text, lang, created_at, updated_at)"
                " VALUES (?,?,?,?,?) ON CONFLICT(title) DO UPDATE SET text = excluded.text,"
                " lang = excluded.lang, updated_at = excluded.updated_at",
                [title, text, lang, stamp, stamp],
            )
        saved = self.get(title)
        assert saved is not None
        return saved

    def delete(self, ref: int | str) -> None:
        """Remove a saved reply.

        Raises:
            UserError: when there is no such saved reply.

        """
        saved = self.get(ref)
        if saved is None:
            raise UserError(f"no saved reply {ref!r}")
        self.db.execute("DELETE FROM faq_saved_replies WHERE id = ?", [saved.id])

    def import_json(self, path: Path | str) -> list[SavedReply]:
        """Add the saved replies of a JSON file: ``[{"title", "text", "lang"?}, ...]``.

        Raises:
            UserError: for a file that is not such a list (nothing is saved then).

        """
        path = Path(path)
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise UserError(f"{path} does not exist") from None
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise UserError(f"{path.name} is not a JSON file of saved replies ({exc})") from None
        if not isinstance(data, list) or not all(
            isinstance(d, dict) and d.get("title") and d.get("text") for d in data
        ):
            raise UserError(f'{path.name} must be a list of {{"title": ..., "text": ...}} objects')
        with self.store.transaction():
            saved = [self.save(d["title"], d["text"], d.get("lang")) for d in data]
        return saved
