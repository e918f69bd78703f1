"""Dark mode: the window follows the colour scheme; the semantic colours (the guard's
highlight, message bars, counters) come in light/dark pairs that stay readable; no hex colour
is hard-coded in gui/ outside gui/theme.py; icon-only buttons have accessible names."""

import re
from pathlib import Path

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QAbstractButton, QApplication

from gui import theme
from gui.app import create_window

HEX = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|QColor\(\"")


def _contrast(a: str, b: str) -> float:
    def lum(c: str) -> float:
        rgb = QColor(c)
        out = []
        for v in (rgb.redF(), rgb.greenF(), rgb.blueF()):
            out.append(v / 12.92 if v <= 0.03928 else ((v + 0.055) / 1.055) ** 2.4)
        return 0.2126 * out[0] + 0.7152 * out[1] + 0.0722 * out[2]

    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)


@pytest.fixture
def dark(monkeypatch):
    """The dark scheme forced, as SHOPSCRIBE_COLOR_SCHEME=dark does; light again afterwards."""
    app = QApplication.instance()
    before = QPalette(app.palette())
    monkeypatch.setenv(theme.ENV_SCHEME, "dark")
    follower = theme.SchemeFollower(app)
    yield follower
    app.setPalette(before)
    follower.deleteLater()


def test_the_guard_highlight_and_bars_are_readable_in_both_schemes():
    dark_base = theme.dark_palette().color(QPalette.ColorRole.Base).name()
    for index, background in ((0, "#ffffff"), (1, dark_base)):
        flag_bg, flag_fg = (theme.PAIRS[r][index] for r in ("flag_bg", "flag_fg"))
        assert _contrast(flag_bg, flag_fg) >= 7, (index, flag_bg, flag_fg)
        for role in ("muted", "error", "ok", "warning"):
            assert _contrast(theme.PAIRS[role][index], background) >= 4.5, (role, index)
        for bar in ("error_bar", "warning_bar", "info_bar"):
            colours = dict(re.findall(r"(background|color):(#\w+)", theme.PAIRS[bar][index]))
            assert _contrast(colours["background"], colours["color"]) >= 7, (bar, index)


def test_forced_dark_scheme_turns_the_window_dark(qtbot, data_paths, dark):
    assert theme.is_dark()
    window = create_window(str(data_paths.root), load_model=False)
    qtbot.addWidget(window)
    window.show()
    card = window.copy_tab.cards[0]
    card.set_result("Keeps drinks cold for 48 hours.", [{"span": "48 hours", "reason": "x"}], 0)
    selection = card.editor.extraSelections()[0]
    assert selection.format.background().color().name() == theme.PAIRS["flag_bg"][1]
    window.show_message("Saved.", "info")
    assert theme.PAIRS["info_bar"][1] in window.message_bar.styleSheet()
    window.close()


def test_following_the_system_back_to_light(dark, monkeypatch):
    monkeypatch.setenv(theme.ENV_SCHEME, "light")
    dark.apply()
    assert not theme.is_dark()
    assert theme.colour("flag_bg") == theme.PAIRS["flag_bg"][0]


def test_no_hard_coded_colours_in_the_window_code():
    found = []
    for path in sorted(Path("gui").rglob("*.py")):
        if path.name == "theme.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if HEX.search(line.split("QFrame#")[0].split("QWidget#")[0]):
                found.append(f"{path}:{number}: {line.strip()}")
    assert not found, "\n".join(found)


def test_symbol_buttons_have_accessible_names(qtbot, data_paths):
    window = create_window(str(data_paths.root), load_model=False)
    qtbot.addWidget(window)
    unnamed = [
        b.text()
        for b in window.findChildren(QAbstractButton)
        if b.text()
        and not re.search(r"[A-Za-z\u4e00-\u9fff]{2}", b.text().split(" ")[0])
        and not b.accessibleName()
    ]
    assert not unnamed, unnamed
    window.close()
