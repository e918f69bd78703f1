"""The UI language: every .ts entry is translated, the .ts holds every tr() string of gui/, and
in Chinese no visible widget of any tab shows an English string; View → Language switches."""

import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QTabWidget,
    QTextEdit,
    QWidget,
)

from gui.app import create_window
from gui.i18n import install_translation, qm_path, remove_translation, ts_path
from gui.settings import UiSettings

BIN = Path(sys.executable).parent
ALLOWED = {
    # names and formats that stay as they are in Chinese
    "shopscribe", "seo", "csv", "lora", "html", "json", "jsonl", "txt", "gguf", "zip", "api",
    "shopify", "woocommerce", "openai", "vllm", "llama", "cpp", "ollama", "lm", "studio",
    "hugging", "face", "safetensors", "http", "ml", "cm", "vip", "ctrl", "shift", "esc",
    "enter", "tok", "english", "en", "zh", "md", "bf16", "cpu", "gpu", "cuda", "smollm2",
    "qwen", "coder", "instruct", "faq", "alpha", "token", "markdown",
}  # fmt: skip


def _sources(ts: Path) -> list[tuple[str, str, str | None, str | None]]:
    tree = ET.parse(ts)
    out = []
    for context in tree.iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            assert translation is not None
            out.append(
                (name, message.findtext("source") or "", translation.get("type"), translation.text)
            )
    return out


def test_every_ts_entry_is_translated():
    entries = _sources(ts_path("zh_CN"))
    assert len(entries) > 250
    unfinished = [(c, s) for c, s, kind, text in entries if kind in ("unfinished", "obsolete")]
    empty = [(c, s) for c, s, kind, text in entries if not (text or "").strip()]
    assert not unfinished, unfinished
    assert not empty, empty


def test_the_ts_holds_every_tr_string_of_the_window(tmp_path):
    fresh = tmp_path / "fresh.ts"
    files = sorted(str(p) for p in Path("gui").rglob("*.py"))
    subprocess.run(
        [str(BIN / "pyside6-lupdate"), "-silent", *files, "-ts", str(fresh)],
        check=True,
        timeout=120,
    )
    shipped = {(c, s) for c, s, _, _ in _sources(ts_path("zh_CN"))}
    missing = [(c, s) for c, s, _, _ in _sources(fresh) if (c, s) not in shipped]
    assert not missing, f"run `make i18n` and translate: {missing}"


@pytest.fixture
def chinese(tmp_path):
    """The zh_CN translation installed (the .qm make setup built, or one built now)."""
    qm = qm_path("zh_CN")
    if not qm.exists() or qm.stat().st_mtime < ts_path("zh_CN").stat().st_mtime:
        qm = tmp_path / "shopscribe_zh_CN.qm"
        subprocess.run(
            [str(BIN / "pyside6-lrelease"), "-silent", str(ts_path("zh_CN")), "-qm", str(qm)],
            check=True,
            timeout=60,
        )
    app = QApplication.instance()
    translators = install_translation(app, "zh_CN", qm=qm)
    assert translators, "no translation loaded"
    yield
    remove_translation(app, translators)


def _english_words(text: str) -> list[str]:
    text = re.sub(r"<[^>]+>", " ", text)  # markup
    text = re.sub(r"&(?=\w)", "", text)  # mnemonics
    text = re.sub(r"\S+\.(?:csv|jsonl|json|txt|md|gguf|zip|safetensors)\b", " ", text)
    text = re.sub(r"https?://\S+", " ", text)
    words = re.findall(r"[A-Za-z]{2,}", text)
    return [w for w in words if w.lower() not in ALLOWED]


def visible_texts(root: QWidget, skip: tuple[QWidget, ...] = ()) -> list[tuple[str, str]]:
    """(what, text) for every label, button, group box, tab title, placeholder, combo item."""
    found: list[tuple[str, str]] = []
    for widget in [root, *root.findChildren(QWidget)]:
        if any(widget is s or s.isAncestorOf(widget) for s in skip):
            continue
        if isinstance(widget, QLabel):
            found.append((f"label {widget.objectName()}", widget.text()))
        elif isinstance(widget, QAbstractButton):
            found.append(("button", widget.text()))
        elif isinstance(widget, QGroupBox):
            found.append(("group box", widget.title()))
        elif isinstance(widget, QTabWidget):
            found += [("tab", widget.tabText(i)) for i in range(widget.count())]
        elif isinstance(widget, (QLineEdit, QPlainTextEdit, QTextEdit)):
            found.append(("placeholder", widget.placeholderText()))
        elif isinstance(widget, QComboBox) and not widget.isEditable():
            found += [("combo item", widget.itemText(i)) for i in range(widget.count())]
    return found


def test_in_chinese_every_tab_shows_no_english(qtbot, data_paths, chinese):
    window = create_window(str(data_paths.root), load_model=False)
    qtbot.addWidget(window)
    window.show()
    window.copy_tab._make_cards(2)
    texts = visible_texts(window)
    for action in window.menuBar().actions():
        texts.append(("menu", action.text()))
        menu = action.menu()
        for item in menu.actions() if menu else []:
            texts.append(("menu action", item.text()))
            sub = item.menu()
            texts += [("menu action", a.text()) for a in (sub.actions() if sub else [])]
    english = [(what, text) for what, text in texts if _english_words(text)]
    assert not english, english
    assert window.tabs.tabText(0) == "文案"
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles.count("文件(&F)") == 1, titles  # File → Restore joined the one File menu
    window.close()


def test_language_setting_defaults_to_the_system_and_switches(qtbot, data_paths):
    from gui.settings import system_language

    settings = UiSettings(data_paths)
    assert settings.language() == system_language()
    window = create_window(str(data_paths.root), load_model=False)
    qtbot.addWidget(window)
    window.show()
    menu = window.findChild(QWidget, "viewMenu")
    assert menu is not None
    view = window.view_menu
    target = "zh_CN" if settings.language() == "en" else "en"
    view.language_actions[target].trigger()
    assert UiSettings(data_paths).language() == target
    assert "restart" in window.message_bar.text().lower() or "重新启动" in window.message_bar.text()
    window.close()
