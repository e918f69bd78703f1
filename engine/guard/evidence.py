"""Evidence sets: what a text may rest on (product facts, policy passages, a customer's notes).

Every check takes an :class:`EvidenceSet`; each item has a stable id (shown when a sentence is
hovered, cited by FAQ drafts, traced to a note in a customer profile) and a label a merchant
recognises ("capacity: 750 ml", a policy's title, a note's date). ``context`` items (the
product's title and category, a policy's title) are evidence too but are not counted as facts
the text should cover.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace

from engine.catalog.facts import ProductFacts


@dataclass(frozen=True)
class EvidenceItem:
    """One thing the text may say: an attribute, a feature, a passage, a note."""

    id: str
    text: str
    label: str = ""
    kind: str = "fact"
    """``fact`` (should be covered), ``context`` (title, category: may be said, not counted),
    ``policy`` or ``note``."""

    @property
    def shown(self) -> str:
        """How the item is named to the merchant."""
        return self.label or self.text

    def to_json(self) -> dict[str, str]:
        """For the CLI and the window."""
        return {"id": self.id, "text": self.text, "label": self.shown, "kind": self.kind}


@dataclass(frozen=True)
class EvidenceSet:
    """Everything one text may rest on, in one or two languages."""

    items: tuple[EvidenceItem, ...]
    lang: str = "en"
    allowed_terms: tuple[str, ...] = field(default=())
    """Words the text may use that state no fact (the keywords the merchant asked for)."""

    def __iter__(self) -> Iterator[EvidenceItem]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def get(self, item_id: str) -> EvidenceItem | None:
        """The item with ``item_id``."""
        return next((item for item in self.items if item.id == item_id), None)

    @property
    def facts(self) -> list[EvidenceItem]:
        """The items a text should cover (not context)."""
        return [item for item in self.items if item.kind != "context"]

    def with_voice(self, lines: Sequence[str]) -> EvidenceSet:
        """The same evidence plus a shop's voice lines, as context (said, never to cover)."""
        if not lines:
            return self
        extra = tuple(
            EvidenceItem(f"voice:{i}", line, f"our voice: {line}", "context")
            for i, line in enumerate(lines)
        )
        return replace(self, items=self.items + extra)

    def all_text(self) -> str:
        """Every item's text, one per line (for lexical lookups)."""
        return "\n".join([*(item.text for item in self.items), *self.allowed_terms])

    @classmethod
    def from_facts(cls, facts: ProductFacts) -> EvidenceSet:
        """The merchant's product facts as evidence (never a brand voice's words)."""
        items: list[EvidenceItem] = [
            EvidenceItem("title", facts.title, f"title: {facts.title}", "context")
        ]
        if facts.category:
            label = f"category: {facts.category}"
            items.append(EvidenceItem("category", facts.category, label, "context"))
        for key, value in facts.attributes.items():
            items.append(EvidenceItem(f"attr:{key}", f"{key}: {value}", f"{key}: {value}"))
        for index, feature in enumerate(facts.features):
            items.append(EvidenceItem(f"feature:{index}", feature, feature))
        if facts.audience:
            label = f"for {facts.audience}"
            items.append(EvidenceItem("audience", facts.audience, label, "fact"))
        return cls(tuple(items), facts.lang, tuple(facts.keywords))

    @classmethod
    def from_passages(
        cls, passages: Sequence[tuple[str, str, str]], lang: str = "en", kind: str = "policy"
    ) -> EvidenceSet:
        """Evidence from ``(id, label, text)`` passages (policies, notes)."""
        return cls(tuple(EvidenceItem(i, text, label, kind) for i, label, text in passages), lang)
