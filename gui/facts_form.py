"""The Copy tab's product facts form: title, category, facts, audience, words, tone, language."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from engine.prompts import CHANNELS

TONES = ["friendly", "professional", "playful", "luxurious", "minimal", "warm"]
LANGS = [("English", "en"), ("中文 (Chinese)", "zh")]


def parse_fact_lines(text: str) -> tuple[dict[str, str], list[str]]:
    """``key: value`` lines become attributes; other lines are features."""
    attributes: dict[str, str] = {}
    features: list[str] = []
    for raw in text.splitlines():
        line = raw.strip().lstrip("-•* ").strip()
        if not line:
            continue
        key, sep, value = line.replace("：", ":").partition(":")
        if sep and key.strip() and value.strip() and len(key) <= 30:
            attributes[key.strip()] = value.strip()
        else:
            features.append(line)
    return attributes, features


def _split_words(text: str) -> list[str]:
    return [w.strip() for w in text.replace("，", ",").split(",") if w.strip()]


class FactsForm(QWidget):
    """Collects one product's facts and the generation settings."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.title = QLineEdit()
        self.title.setPlaceholderText("e.g. Insulated Steel Bottle")
        self.category = QLineEdit()
        self.category.setPlaceholderText("e.g. Drinkware")
        self.facts = QPlainTextEdit()
        self.facts.setPlaceholderText(
            "One fact per line, e.g.\ncapacity: 750 ml\nmaterial: stainless steel\n"
            "keeps drinks cold 24 hours"
        )
        self.facts.setMinimumHeight(110)
        self.audience = QLineEdit()
        self.audience.setPlaceholderText("e.g. hikers")
        self.keywords = QLineEdit()
        self.keywords.setPlaceholderText("comma-separated, e.g. water bottle, gym")
        self.avoid = QLineEdit()
        self.avoid.setPlaceholderText("words that must never appear, e.g. cheap")
        self.channel = QComboBox()
        for name, spec in CHANNELS.items():
            self.channel.addItem(spec.label, name)
        self.tone = QComboBox()
        self.tone.setEditable(True)
        self.tone.addItems(TONES)
        self.lang = QComboBox()
        for label, code in LANGS:
            self.lang.addItem(label, code)
        self.variants = QSpinBox()
        self.variants.setRange(1, 5)
        self.variants.setValue(1)
        form.addRow("Product title*", self.title)
        form.addRow("Category", self.category)
        form.addRow("Facts", self.facts)
        form.addRow("Audience", self.audience)
        form.addRow("Keywords", self.keywords)
        form.addRow("Avoid words", self.avoid)
        form.addRow("Channel", self.channel)
        form.addRow("Tone", self.tone)
        form.addRow("Language", self.lang)
        form.addRow("Variants", self.variants)

    def channel_name(self) -> str:
        """The chosen channel's key."""
        return str(self.channel.currentData())

    def facts_dict(self) -> dict[str, Any]:
        """The form as a facts document (the same shape as the CLI's ``--facts`` file)."""
        attributes, features = parse_fact_lines(self.facts.toPlainText())
        return {
            "title": self.title.text().strip(),
            "category": self.category.text().strip(),
            "attributes": attributes,
            "features": features,
            "audience": self.audience.text().strip(),
            "tone": self.tone.currentText().strip() or "friendly",
            "keywords": _split_words(self.keywords.text()),
            "banned_words": _split_words(self.avoid.text()),
            "lang": str(self.lang.currentData()),
        }

    def load_facts(self, facts: dict[str, Any]) -> None:
        """Fill the form from a stored facts document (e.g. a history item)."""
        self.title.setText(str(facts.get("title", "")))
        self.category.setText(str(facts.get("category", "")))
        lines = [f"{k}: {v}" for k, v in (facts.get("attributes") or {}).items()]
        lines += list(facts.get("features") or [])
        self.facts.setPlainText("\n".join(lines))
        self.audience.setText(str(facts.get("audience", "")))
        self.keywords.setText(", ".join(facts.get("keywords") or []))
        self.avoid.setText(", ".join(facts.get("banned_words") or []))
        self.tone.setCurrentText(str(facts.get("tone") or "friendly"))
        index = self.lang.findData(facts.get("lang", "en"))
        if index >= 0:
            self.lang.setCurrentIndex(index)
