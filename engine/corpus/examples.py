"""Corpus examples: read from ``corpus/``, validated against the README's schema, split.

The held-out split is the one ``corpus/split.json`` froze before any training: a copy example
is held out by a hash of its category, a reply or profile by its shop.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.core.errors import UserError

ROOT = Path(__file__).resolve().parents[2] / "corpus"
TASKS = ("copy", "faq", "profile", "recommend")
CHANNELS = ("description", "title", "bullets", "seo", "ad", "social", "email")
LANGS = ("en", "zh")
NOTE_KINDS = {"note": "note", "message": "message", "order": "order_remark"}


@dataclass(frozen=True)
class CorpusExample:
    """One example: its task, language, the group the split is by, and the raw record."""

    id: str
    task: str
    lang: str
    group: str
    """The category (copy) or the shop (the others): what the held-out split is by."""
    record: dict[str, Any] = field(repr=False, hash=False, compare=False)
    where: str = ""

    @property
    def channel(self) -> str:
        """The copy channel, or the task for the others."""
        return str(self.record.get("channel", self.task))

    @property
    def output(self) -> Any:
        """The written text (a list of picks for recommendations)."""
        return self.record["output"]


@dataclass(frozen=True)
class Split:
    """The frozen held-out rule (copy) and held-out shops (replies, profiles)."""

    modulus: int
    faq_shops: frozenset[str]
    profile_shops: frozenset[str]

    @classmethod
    def load(cls, root: Path = ROOT) -> Split:
        """Read ``split.json``."""
        data = json.loads((root / "split.json").read_text(encoding="utf-8"))
        rule = str(data["copy"]["rule"])
        modulus = int(rule.split("%")[1].split("==")[0])
        return cls(
            modulus,
            frozenset(data["faq"]["heldout_shops"]),
            frozenset(data["profiles"]["heldout_shops"]),
        )

    def heldout(self, example: CorpusExample) -> bool:
        """True when ``example`` belongs to the held-out split."""
        if example.task == "copy":
            digest = hashlib.sha256(example.group.encode("utf-8")).hexdigest()
            return int(digest, 16) % self.modulus == 0
        shops = self.faq_shops if example.task == "faq" else self.profile_shops
        return example.group in shops


def _require(record: dict[str, Any], keys: tuple[str, ...], where: str) -> None:
    missing = [k for k in keys if k not in record]
    if missing:
        raise UserError(f"{where}: missing {', '.join(missing)}")


def parse(record: Any, where: str) -> CorpusExample:
    """Validate one decoded line and wrap it.

    Raises:
        UserError: naming the file and line, when the record does not fit the schema.

    """
    if not isinstance(record, dict):
        raise UserError(f"{where}: not a JSON object")
    _require(record, ("id", "task", "lang", "output"), where)
    task, lang = record["task"], record["lang"]
    if task not in TASKS or lang not in LANGS:
        raise UserError(f"{where}: unknown task {task!r} or lang {lang!r}")
    if task == "copy":
        _require(record, ("channel", "category", "facts"), where)
        if record["channel"] not in CHANNELS or not record["facts"].get("title"):
            raise UserError(f"{where}: unknown channel or facts without a title")
        group = str(record["category"]).strip().lower()
    elif task == "faq":
        _require(record, ("shop", "question", "tone", "intent", "policies", "sources"), where)
        group = str(record["shop"])
    else:
        _require(record, ("shop", "customer"), where)
        if not record["customer"].get("notes"):
            raise UserError(f"{where}: a customer without notes")
        if task == "recommend":
            _require(record, ("catalogue",), where)
        group = str(record["shop"])
    return CorpusExample(str(record["id"]), task, lang, group, record, where)


def load(root: Path = ROOT) -> list[CorpusExample]:
    """Every example under ``root`` (copy, faq, profiles), in file order; ids must be unique.

    Raises:
        UserError: for a line that is not JSON, does not fit the schema, or repeats an id.

    """
    found: list[CorpusExample] = []
    seen: set[str] = set()
    for path in sorted(root.glob("*/*.jsonl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip():
                continue
            where = f"{path.relative_to(root)}:{number}"
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UserError(f"{where}: not JSON ({exc.msg})") from None
            example = parse(record, where)
            if example.id in seen:
                raise UserError(f"{where}: the id {example.id} is used twice")
            seen.add(example.id)
            found.append(example)
    return found


def split(examples: list[CorpusExample], rule: Split) -> tuple[list[CorpusExample], ...]:
    """(train, held-out) by the frozen rule."""
    held = [e for e in examples if rule.heldout(e)]
    train = [e for e in examples if not rule.heldout(e)]
    return train, held
