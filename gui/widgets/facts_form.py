"""The Copy tab's product facts form: facts, words, channel, tone, language, length, brand voice."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Signal, Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QWidget,
)

from engine.listing.prompts import CHANNELS, LENGTHS, get_channel
from engine.listing.voice import BrandVoice
from gui.labels import engine_label

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


def _merge(first: list[str], second: list[str]) -> list[str]:
    out = list(first)
    seen = {w.lower() for w in first}
    for word in second:
        if word.lower() not in seen:
            seen.add(word.lower())
            out.append(word)
    return out


class FactsForm(QWidget):
    """Collects one product's facts and the generation settings."""

    manage_voices = Signal()
    """The merchant asked to manage brand voice presets."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        self.title = QLineEdit()
        self.title.setPlaceholderText(self.tr("e.g. Insulated Steel Bottle"))
        self.category = QLineEdit()
        self.category.setPlaceholderText(self.tr("e.g. Drinkware"))
        self.facts = QPlainTextEdit()
        self.facts.setPlaceholderText(
            self.tr(
                "One fact per line, e.g.\ncapacity: 750 ml\nmaterial: stainless steel\n"
                "keeps drinks cold 24 hours"
            )
        )
        self.facts.setMinimumHeight(110)
        self.audience = QLineEdit()
        self.audience.setPlaceholderText(self.tr("e.g. hikers"))
        self.keywords = QLineEdit()
        self.keywords.setPlaceholderText(self.tr("comma-separated, e.g. water bottle, gym"))
        self.avoid = QLineEdit()
        self.avoid.setPlaceholderText(self.tr("words that must never appear, e.g. cheap"))
        self.channel = QComboBox()
        for name, spec in CHANNELS.items():
            self.channel.addItem(engine_label(spec.label), name)
        self.tone = QComboBox()
        self.tone.setEditable(True)
        self.tone.addItems(TONES)
        self.lang = QComboBox()
        for label, code in LANGS:
            self.lang.addItem(engine_label(label), code)
        self.variants = QSpinBox()
        self.variants.setRange(1, 5)
        self.variants.setValue(1)
        self.length = QComboBox()
        for name, size in LENGTHS.items():
            self.length.addItem(engine_label(size.label), name)
        self.length.setCurrentIndex(self.length.findData("medium"))
        self.format = QComboBox()
        self.format.addItem(self.tr("Plain text"), "plain")
        self.format.addItem(self.tr("HTML paragraphs"), "html")
        self.format.setToolTip(
            self.tr("How the description is copied: HTML for a shop's HTML editor")
        )
        self.voice = QComboBox()
        self.voice.setToolTip(
            self.tr("A saved brand voice: tone, words to use and avoid, examples")
        )
        self.voice_button = QPushButton(self.tr("Manage…"))
        self.voice_button.clicked.connect(self.manage_voices)
        voice_row = QHBoxLayout()
        voice_row.setContentsMargins(0, 0, 0, 0)
        voice_row.addWidget(self.voice, 1)
        voice_row.addWidget(self.voice_button)
        self.voices: dict[int, BrandVoice] = {}
        self.set_voices([])
        self.voice.currentIndexChanged.connect(self._on_voice)
        self.channel.currentIndexChanged.connect(self._on_channel)
        form.addRow(self.tr("Product title*"), self.title)
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.tr("Facts"), self.facts)
        form.addRow(self.tr("Audience"), self.audience)
        form.addRow(self.tr("Keywords"), self.keywords)
        form.addRow(self.tr("Avoid words"), self.avoid)
        form.addRow(self.tr("Channel"), self.channel)
        form.addRow(self.tr("Tone"), self.tone)
        form.addRow(self.tr("Language"), self.lang)
        form.addRow(self.tr("Variants"), self.variants)
        form.addRow(self.tr("Length"), self.length)
        form.addRow(self.tr("Format"), self.format)
        form.addRow(self.tr("Brand voice"), voice_row)
        self.free_writing = QCheckBox(self.tr("Free writing (no fact checking or repair)"))
        self.free_writing.setToolTip(
            self.tr(
                "Grounded (the default): every sentence is checked against your facts; "
                "unsupported ones are rewritten or dropped. Free writing keeps the model's text "
                "as written and only highlights what the facts do not support."
            )
        )
        form.addRow("", self.free_writing)
        self._on_channel()

    def channel_name(self) -> str:
        """The chosen channel's key."""
        return str(self.channel.currentData())

    def length_name(self) -> str:
        """short, medium or long."""
        return str(self.length.currentData())

    def format_name(self) -> str:
        """The output format: ``html`` or ``plain`` (html only where the channel offers it)."""
        fmt = str(self.format.currentData())
        return fmt if fmt in get_channel(self.channel_name()).formats else "plain"

    def grounded(self) -> bool:
        """True unless "free writing" is ticked."""
        return not self.free_writing.isChecked()

    def voice_id(self) -> int:
        """The chosen brand voice preset's id (0 for none)."""
        return int(self.voice.currentData() or 0)

    def set_voices(self, voices: list[BrandVoice]) -> None:
        """Refill the preset picker, keeping the current choice when it still exists."""
        current = self.voice_id() if self.voice.count() else 0
        self.voices = {v.id: v for v in voices}
        self.voice.blockSignals(True)
        self.voice.clear()
        self.voice.addItem(self.tr("(none)"), 0)
        for v in voices:
            self.voice.addItem(v.name, v.id)
        index = self.voice.findData(current)
        self.voice.setCurrentIndex(max(index, 0))
        self.voice.blockSignals(False)

    @Slot()
    def _on_voice(self) -> None:
        """Fill tone, keywords and avoid words from the chosen preset (merged, no duplicates)."""
        voice = self.voices.get(self.voice_id())
        if voice is None:
            return
        if voice.tone:
            self.tone.setCurrentText(voice.tone)
        keywords = _merge(_split_words(self.keywords.text()), voice.words_to_use)
        self.keywords.setText(", ".join(keywords))
        self.avoid.setText(", ".join(_merge(_split_words(self.avoid.text()), voice.words_to_avoid)))

    @Slot()
    def _on_channel(self) -> None:
        self.format.setEnabled(len(get_channel(self.channel_name()).formats) > 1)

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
