"""A small dialog to create, edit and delete brand voice presets.

A preset holds a tone, words to use, words to avoid (never generated) and 1–3 example texts
picked from the merchant's favourites (used as few-shot examples in the prompt).
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.core.errors import UserError
from engine.history.store import History
from engine.listing.voice import MAX_EXAMPLES, BrandVoice, delete_voice, list_voices, save_voice
from engine.store.connection import Store
from gui.theme import colour
from gui.widgets.facts_form import TONES


def _words(text: str) -> list[str]:
    return [w.strip() for w in text.replace("，", ",").split(",") if w.strip()]


class BrandVoiceDialog(QDialog):
    """Presets on the left, the chosen one's fields on the right."""

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Brand voices"))
        self.resize(760, 460)
        self.store = store
        self.current_id = 0
        self.presets = QListWidget()
        self.presets.currentItemChanged.connect(self._on_pick)
        new_button = QPushButton(self.tr("New"))
        new_button.clicked.connect(self.new_voice)
        self.delete_button = QPushButton(self.tr("Delete"))
        self.delete_button.clicked.connect(self.delete_current)
        left = QVBoxLayout()
        left.addWidget(QLabel(self.tr("<b>Presets</b>")))
        left.addWidget(self.presets, 1)
        row = QHBoxLayout()
        row.addWidget(new_button)
        row.addWidget(self.delete_button)
        left.addLayout(row)

        self.name = QLineEdit()
        self.name.setPlaceholderText(self.tr("e.g. Cosy shop"))
        self.tone = QComboBox()
        self.tone.setEditable(True)
        self.tone.addItems(TONES)
        self.use_words = QLineEdit()
        self.use_words.setPlaceholderText(self.tr("comma-separated, e.g. cosy, handcrafted"))
        self.avoid_words = QLineEdit()
        self.avoid_words.setPlaceholderText(self.tr("never generated, e.g. cheap, amazing"))
        self.examples = QListWidget()
        self.examples.setWordWrap(True)
        self.examples.itemChanged.connect(self._on_example_ticked)
        self.error = QLabel()
        self.error.setStyleSheet(f"color:{colour('error')};")
        self.error.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("Name*"), self.name)
        form.addRow(self.tr("Tone"), self.tone)
        form.addRow(self.tr("Words to use"), self.use_words)
        form.addRow(self.tr("Words to avoid"), self.avoid_words)
        form.addRow(
            QLabel(f"Examples: tick 1–{MAX_EXAMPLES} of your favourites (★ in the history)")
        )
        form.addRow(self.examples)
        form.addRow(self.error)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close
        )
        buttons.accepted.connect(self.save_current)
        buttons.rejected.connect(self.accept)
        right = QVBoxLayout()
        right.addLayout(form, 1)
        right.addWidget(buttons)
        layout = QHBoxLayout(self)
        layout.addLayout(left, 1)
        layout.addLayout(right, 3)
        self._fill_examples([])
        self.reload()

    def reload(self, select_id: int = 0) -> None:
        """Refill the preset list, selecting ``select_id`` (or the first)."""
        self.presets.blockSignals(True)
        self.presets.clear()
        for voice in list_voices(self.store):
            item = QListWidgetItem(voice.name)
            item.setData(Qt.ItemDataRole.UserRole, voice)
            self.presets.addItem(item)
            if voice.id == select_id:
                self.presets.setCurrentItem(item)
        self.presets.blockSignals(False)
        if self.presets.currentItem() is None and self.presets.count():
            self.presets.setCurrentRow(0)
        self._on_pick(self.presets.currentItem(), None)

    def _fill_examples(self, chosen: list[str]) -> None:
        """Favourites as tickable rows; a chosen example that is no longer a favourite stays."""
        self.examples.blockSignals(True)
        self.examples.clear()
        texts = [i.text for i in History(self.store).recent(100, favourites_only=True)]
        texts += [t for t in chosen if t not in texts]
        for text in texts:
            item = QListWidgetItem(" ".join(text.split())[:220])
            item.setData(Qt.ItemDataRole.UserRole, text)
            item.setToolTip(text[:800])
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            ticked = Qt.CheckState.Checked if text in chosen else Qt.CheckState.Unchecked
            item.setCheckState(ticked)
            self.examples.addItem(item)
        if not texts:
            hint = QListWidgetItem("No favourites yet: star a variant you like on the Copy tab.")
            hint.setFlags(Qt.ItemFlag.NoItemFlags)
            self.examples.addItem(hint)
        self.examples.blockSignals(False)

    def chosen_examples(self) -> list[str]:
        """The ticked example texts."""
        out = []
        for row in range(self.examples.count()):
            item = self.examples.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                out.append(str(item.data(Qt.ItemDataRole.UserRole)))
        return out

    @Slot(QListWidgetItem)
    def _on_example_ticked(self, item: QListWidgetItem) -> None:
        if len(self.chosen_examples()) > MAX_EXAMPLES:
            self.examples.blockSignals(True)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.examples.blockSignals(False)
            self.error.setText(f"At most {MAX_EXAMPLES} examples.")

    @Slot(QListWidgetItem, QListWidgetItem)
    def _on_pick(self, item: QListWidgetItem | None, _previous: QListWidgetItem | None) -> None:
        voice = item.data(Qt.ItemDataRole.UserRole) if item is not None else None
        if not isinstance(voice, BrandVoice):
            voice = BrandVoice(name="")
        self.current_id = voice.id
        self.name.setText(voice.name)
        self.tone.setCurrentText(voice.tone or "friendly")
        self.use_words.setText(", ".join(voice.words_to_use))
        self.avoid_words.setText(", ".join(voice.words_to_avoid))
        self._fill_examples(voice.examples)
        self.delete_button.setEnabled(voice.id > 0)
        self.error.clear()

    def form_voice(self) -> BrandVoice:
        """The preset as typed in the form."""
        return BrandVoice(
            id=self.current_id,
            name=self.name.text(),
            tone=self.tone.currentText(),
            words_to_use=_words(self.use_words.text()),
            words_to_avoid=_words(self.avoid_words.text()),
            examples=self.chosen_examples(),
        )

    @Slot()
    def new_voice(self) -> None:
        """Clear the form for a new preset."""
        self.presets.blockSignals(True)
        self.presets.setCurrentRow(-1)
        self.presets.blockSignals(False)
        self._on_pick(None, None)
        self.name.setFocus()

    @Slot()
    def save_current(self) -> None:
        """Save the form (a clear message below it when something is wrong)."""
        try:
            voice = save_voice(self.store, self.form_voice())
        except UserError as exc:
            self.error.setStyleSheet(f"color:{colour('error')};")
            self.error.setText(str(exc))
            return
        self.reload(voice.id)
        self.error.setStyleSheet(f"color:{colour('ok')};")
        self.error.setText(f"Saved “{voice.name}”.")

    @Slot()
    def delete_current(self) -> None:
        """Delete the selected preset."""
        if self.current_id:
            delete_voice(self.store, self.current_id)
            self.reload()
