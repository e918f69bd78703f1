"""One generated variant: editable text, counters, grounding shown, its actions.

Hovering a sentence shows the facts it rests on (or what in it the facts do not support);
unsupported phrases are highlighted, each with one-click "Remove sentence" and "Rewrite";
a coverage line says which facts the text uses and which it leaves out. Actions: pick it,
regenerate just this one, favourite, copy (HTML + plain text). Edits are saved to history a
moment after the merchant stops typing (and checked again).
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QEvent, QMimeData, QObject, QTimer, Signal, Slot
from PySide6.QtGui import QGuiApplication, QHelpEvent, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTextEdit,
    QToolTip,
    QVBoxLayout,
    QWidget,
)

from engine.core.textfmt import to_html
from engine.listing.prompts import Channel
from gui.theme import colour, qcolour
from gui.widgets.counters import limit_report, ok_style
from gui.widgets.flow_layout import flow_row

EDIT_SAVE_MS = 700
CARD_MIN_WIDTH = 240
"""A card is never narrower (side by side they scroll instead); never wider by its text."""
__all__ = ["CARD_MIN_WIDTH", "EDIT_SAVE_MS", "VariantCard", "limit_report"]


class VariantCard(QWidget):
    """A variant's text, editable in place, with its counters and actions."""

    copied = Signal(str)
    favourite_toggled = Signal(int, bool)
    edited = Signal(int, int, str)
    """(card index, history id, new text) after the merchant edited the text."""
    chosen = Signal(int)
    regenerate_requested = Signal(int)
    remove_requested = Signal(int, int, int)
    """(card index, sentence start, sentence end): drop that sentence."""
    rewrite_requested = Signal(int, int, int)
    """(card index, sentence start, sentence end): write that sentence again."""

    def __init__(
        self, index: int, channel: Channel, fmt: str = "plain", parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("variantCard")
        self.index = index
        self.channel = channel
        self.fmt = fmt
        self.history_id = 0
        self.rank = index
        """Where this variant ranks, best first (its index until the guard ranked them)."""
        self.flags: list[dict[str, Any]] = []
        self.sentences: list[dict[str, Any]] = []
        self.labels: dict[str, str] = {}
        """Evidence id → what the merchant calls it ("capacity: 750 ml")."""
        self._programmatic = False
        self.over_limit = False
        self._save_timer = QTimer(self)
        self._save_timer.setSingleShot(True)
        self._save_timer.setInterval(EDIT_SAVE_MS)
        self._save_timer.timeout.connect(self.save_edit)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        header = QHBoxLayout()
        badge = f" <span style='color:{colour('muted')}'>· HTML</span>" if fmt == "html" else ""
        self.title = QLabel(self.tr("<b>Variant {n}</b>").format(n=index + 1) + badge)
        self.counter = QLabel()
        self.counter.setWordWrap(True)
        header.addWidget(self.title)
        header.addStretch(1)
        layout.addLayout(header)
        layout.addWidget(self.counter)
        self.editor = QTextEdit()
        self.editor.setAcceptRichText(False)
        self.editor.setPlaceholderText(self.tr("The text appears here as it is written…"))
        self.editor.textChanged.connect(self._update_counter)
        self.editor.textChanged.connect(self._on_text_changed)
        layout.addWidget(self.editor, 1)
        self.editor.viewport().installEventFilter(self)
        self.editor.viewport().setMouseTracking(True)
        self.coverage_label = QLabel()
        self.coverage_label.setWordWrap(True)
        self.coverage_label.hide()
        layout.addWidget(self.coverage_label)
        self.flags_label = QLabel()
        self.flags_label.setWordWrap(True)
        self.flags_label.hide()
        layout.addWidget(self.flags_label)
        self.fix_box = QVBoxLayout()
        self.fix_box.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self.fix_box)
        self.copy_button = QPushButton(self.tr("Copy to clipboard"))
        self.copy_button.setToolTip(
            self.tr("Copies HTML and plain text (Ctrl+Shift+C copies the chosen or best variant)")
        )
        self.copy_button.setAccessibleName(self.tr("Copy this variant to the clipboard"))
        self.copy_button.clicked.connect(self.copy_to_clipboard)
        self.fav_button = QPushButton(self.tr("☆ Favourite"))
        self.fav_button.setAccessibleName(self.tr("Favourite this variant"))
        self.fav_button.setCheckable(True)
        self.fav_button.setEnabled(False)
        self.fav_button.toggled.connect(self._on_favourite)
        self.choose_button = QPushButton(self.tr("Use this"))
        self.choose_button.setCheckable(True)
        self.choose_button.setAccessibleName(self.tr("Use this variant"))
        self.choose_button.setEnabled(False)
        self.choose_button.setToolTip(self.tr("Mark this variant as the one you picked"))
        self.choose_button.clicked.connect(self._on_choose)
        self.regen_button = QPushButton(self.tr("↻ Regenerate"))
        self.regen_button.setAccessibleName(self.tr("Regenerate this variant"))
        self.regen_button.setToolTip(self.tr("Write this variant again; the others stay"))
        self.regen_button.setEnabled(False)
        self.regen_button.clicked.connect(self._on_regenerate)
        # The buttons wrap onto a second line in a narrow card instead of widening it.
        layout.addWidget(
            flow_row(self.copy_button, self.fav_button, self.choose_button, self.regen_button)
        )
        self.setMinimumWidth(CARD_MIN_WIDTH)
        self._update_counter()

    def text(self) -> str:
        """The current (possibly edited) text."""
        return self.editor.toPlainText()

    def append(self, text: str) -> None:
        """Add streamed text at the end without disturbing the merchant's scroll position."""
        self._programmatic = True
        try:
            cursor = QTextCursor(self.editor.document())
            cursor.movePosition(QTextCursor.MoveOperation.End)
            cursor.insertText(text)
        finally:
            self._programmatic = False

    def clear_for_regeneration(self) -> None:
        """Empty the card while its new text streams in."""
        self._save_timer.stop()
        self._programmatic = True
        try:
            self.editor.clear()
        finally:
            self._programmatic = False
        self.history_id = 0
        self.set_flags([])
        self.set_actions_enabled(False)
        self.set_chosen(False)
        self.fav_button.setChecked(False)

    def set_result(
        self,
        text: str,
        flags: list[dict[str, Any]],
        history_id: int,
        check: dict[str, Any] | None = None,
    ) -> None:
        """Show the final text, its check (flags, sentences, coverage), its history row."""
        self.set_text(text)
        self.history_id = history_id
        self.set_actions_enabled(True)
        self.set_check({**(check or {}), "flags": flags})

    def set_rank(self, rank: int) -> None:
        """Say where this variant ranks (best first: fewest unsupported, most facts)."""
        self.rank = rank
        badge = (
            f" <span style='color:{colour('muted')}'>· HTML</span>" if self.fmt == "html" else ""
        )
        best = (
            f" <span style='color:{colour('ok')}'>· " + self.tr("best match") + "</span>"
            if rank == 0
            else ""
        )
        self.title.setText(self.tr("<b>Variant {n}</b>").format(n=self.index + 1) + best + badge)

    def set_text(self, text: str) -> None:
        """Replace the text without counting it as the merchant's edit."""
        if self.editor.toPlainText() != text:
            self._programmatic = True
            try:
                self.editor.setPlainText(text)
            finally:
                self._programmatic = False

    def set_check(self, check: dict[str, Any]) -> None:
        """Show a guard report: highlighted flags, hover grounding, coverage, fix buttons."""
        self.sentences = list(check.get("sentences") or [])
        self.labels = {e["id"]: e["label"] for e in check.get("evidence") or []}
        coverage = check.get("coverage")
        if coverage:
            used, missing = coverage.get("used", []), coverage.get("missing", [])
            line = self.tr("Uses {used} of {total} facts").format(
                used=len(used), total=len(used) + len(missing)
            )
            if missing:
                line += self.tr(" · missing: ") + "; ".join(missing)
            self.coverage_label.setText(line)
            self.coverage_label.setStyleSheet(ok_style())
            self.coverage_label.show()
        else:
            self.coverage_label.hide()
        self.set_flags(list(check.get("flags") or []))
        self._fill_fixes()

    def sentence_at(self, offset: int) -> dict[str, Any] | None:
        """The checked sentence covering character ``offset``, if any."""
        return next((s for s in self.sentences if s["start"] <= offset < s["end"]), None)

    def grounding_text(self, offset: int) -> str:
        """What hovering character ``offset`` shows: the facts its sentence rests on."""
        sentence = self.sentence_at(offset)
        if sentence is None:
            return ""
        if not sentence["supported"]:
            inside = [
                f for f in self.flags if sentence["start"] <= f.get("start", -1) < sentence["end"]
            ]
            said = "; ".join(f"“{f['span']}”: {f['reason']}" for f in inside)
            not_in = self.tr("Not in your facts")
            return f"{not_in}: {said}" if said else not_in
        labels = [self.labels.get(e, e) for e in sentence["evidence"]]
        if not labels:
            return self.tr("General wording, no fact stated")
        return self.tr("Rests on: ") + "; ".join(labels)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Hovering the text shows the grounding of the sentence under the mouse."""
        if watched is self.editor.viewport() and event.type() == QEvent.Type.ToolTip:
            assert isinstance(event, QHelpEvent)
            offset = self.editor.cursorForPosition(event.pos()).position()
            tip = self.grounding_text(offset)
            if tip:
                QToolTip.showText(event.globalPos(), tip, self.editor)
            else:
                QToolTip.hideText()
            return True
        return super().eventFilter(watched, event)

    def _fill_fixes(self) -> None:
        """One row per unsupported sentence: what is wrong, Remove sentence, Rewrite."""
        while self.fix_box.count():
            old = self.fix_box.takeAt(0)
            widget = old.widget() if old is not None else None
            if widget is not None:
                widget.deleteLater()
        for sentence in [s for s in self.sentences if not s["supported"]][:4]:
            row = QWidget()
            line = QHBoxLayout(row)
            line.setContentsMargins(0, 0, 0, 0)
            shown = sentence["text"] if len(sentence["text"]) <= 60 else sentence["text"][:57] + "…"
            label = QLabel(f"⚠ “{shown}”")
            label.setWordWrap(True)
            label.setToolTip(self.grounding_text(sentence["start"]))
            remove = QPushButton(self.tr("Remove sentence"))
            rewrite = QPushButton(self.tr("Rewrite"))
            start, end = int(sentence["start"]), int(sentence["end"])
            remove.clicked.connect(lambda _=False, a=start, b=end: self._remove(a, b))
            rewrite.clicked.connect(lambda _=False, a=start, b=end: self._rewrite(a, b))
            line.addWidget(label, 1)
            line.addWidget(remove)
            line.addWidget(rewrite)
            self.fix_box.addWidget(row)

    def fix_buttons(self) -> list[tuple[QPushButton, QPushButton]]:
        """(Remove, Rewrite) per unsupported sentence shown (for tests)."""
        out = []
        for i in range(self.fix_box.count()):
            item = self.fix_box.itemAt(i)
            widget = item.widget() if item is not None else None
            if widget is not None:
                buttons = widget.findChildren(QPushButton)
                out.append((buttons[0], buttons[1]))
        return out

    def _remove(self, start: int, end: int) -> None:
        self.remove_requested.emit(self.index, start, end)

    def _rewrite(self, start: int, end: int) -> None:
        self.rewrite_requested.emit(self.index, start, end)

    def set_actions_enabled(self, enabled: bool) -> None:
        """Favourite, pick and regenerate need a finished, saved text."""
        saved = enabled and self.history_id > 0
        self.fav_button.setEnabled(saved)
        self.choose_button.setEnabled(saved)
        self.regen_button.setEnabled(enabled)

    def set_chosen(self, chosen: bool) -> None:
        """Show (or clear) the 'picked' mark."""
        self.choose_button.setChecked(chosen)
        self.choose_button.setText(self.tr("✓ Chosen") if chosen else self.tr("Use this"))
        self.setStyleSheet(
            f"QWidget#variantCard QTextEdit{{border:2px solid {colour('chosen')};}}"
            if chosen
            else ""
        )

    def is_chosen(self) -> bool:
        """True when this variant is the picked one."""
        return self.choose_button.isChecked()

    def set_flags(self, flags: list[dict[str, Any]]) -> None:
        """Highlight unsupported statements and list them under the text."""
        self.flags = flags
        selections = []
        content = self.editor.toPlainText()
        for flag in flags:
            start = int(flag.get("start", content.find(flag["span"])))
            if start < 0:
                continue
            selection = QTextEdit.ExtraSelection()
            fmt = QTextCharFormat()
            fmt.setBackground(qcolour("flag_bg"))  # a light/dark pair: readable in both
            fmt.setForeground(qcolour("flag_fg"))
            fmt.setToolTip(flag["reason"])
            selection.format = fmt
            cursor = QTextCursor(self.editor.document())
            cursor.setPosition(start)
            cursor.setPosition(start + len(flag["span"]), QTextCursor.MoveMode.KeepAnchor)
            selection.cursor = cursor
            selections.append(selection)
        self.editor.setExtraSelections(selections)
        if flags:
            items = "; ".join(f"“{f['span']}”: {f['reason']}" for f in flags[:6])
            if len(flags) > 6:
                items += self.tr("; and {n} more").format(n=len(flags) - 6)
            self.flags_label.setText(
                self.tr("⚠ Check before publishing: {items}").format(items=items)
            )
            self.flags_label.setStyleSheet(f"color:{colour('warning')};")
            self.flags_label.show()
        else:
            self.flags_label.hide()

    @Slot()
    def copy_to_clipboard(self) -> None:
        """Put the text on the clipboard as HTML and as plain text."""
        text = self.text().strip()
        mime = QMimeData()
        markup = to_html(text)
        # With the HTML format the plain-text flavour is the markup too, for HTML editors.
        mime.setText(markup if self.fmt == "html" else text)
        mime.setHtml(markup)
        QGuiApplication.clipboard().setMimeData(mime)
        self.copied.emit(text)

    @Slot()
    def _update_counter(self) -> None:
        report, over = limit_report(self.text(), self.channel)
        self.over_limit = over
        self.counter.setText(report)
        self.counter.setStyleSheet(
            f"color:{colour('error')};font-weight:bold;" if over else ok_style()
        )

    @Slot()
    def _on_text_changed(self) -> None:
        if not self._programmatic and self.history_id:
            self._save_timer.start()

    @Slot()
    def save_edit(self) -> None:
        """Send the edited text to be saved (and re-checked) now."""
        self._save_timer.stop()
        if self.history_id:
            self.edited.emit(self.index, self.history_id, self.text().strip())

    @Slot()
    def _on_choose(self) -> None:
        self.chosen.emit(self.index)

    @Slot()
    def _on_regenerate(self) -> None:
        self.regenerate_requested.emit(self.index)

    @Slot(bool)
    def _on_favourite(self, checked: bool) -> None:
        self.fav_button.setText(self.tr("★ Favourite") if checked else self.tr("☆ Favourite"))
        if self.history_id:
            self.favourite_toggled.emit(self.history_id, checked)
