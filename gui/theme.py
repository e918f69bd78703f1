"""Light and dark: the window follows the system's colour scheme (Qt 6.5+ ``colorScheme``).

Widgets take their colours from the palette; the few semantic colours (the guard's highlight,
message bars, over-limit counters, status colours) come from :func:`colour`, which picks the
light or the dark member of each pair by the palette in use, so they stay readable in both.
``SHOPSCRIBE_COLOR_SCHEME=dark`` (or ``light``) forces a scheme, e.g. for screenshots.
"""

from __future__ import annotations

import os

from PySide6.QtCore import QObject, Qt, Slot
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

ENV_SCHEME = "SHOPSCRIBE_COLOR_SCHEME"

# role: (on a light background, on a dark background)
PAIRS: dict[str, tuple[str, str]] = {
    "muted": ("#666666", "#a8a8a8"),
    "error": ("#c0392b", "#ff8a80"),
    "ok": ("#2e7d32", "#81c784"),
    "warning": ("#8a5a00", "#ffcc66"),
    "flag_bg": ("#ffe08a", "#5c4600"),  # the guard's highlight behind unsupported words
    "flag_fg": ("#000000", "#fff4cc"),
    "chosen": ("#2e8b57", "#66cc99"),
    "error_bar": ("background:#fde8e8;border:1px solid #f5a3a3;color:#7a1212;",
                  "background:#4a1c1c;border:1px solid #a34848;color:#ffd6d6;"),
    "warning_bar": ("background:#fff6db;border:1px solid #f0d27a;color:#6b4e00;",
                    "background:#3f3410;border:1px solid #8f7726;color:#ffe9a8;"),
    "info_bar": ("background:#e8f1fd;border:1px solid #a3c4f5;color:#12397a;",
                 "background:#182c47;border:1px solid #40679e;color:#d2e4ff;"),
    "tag_bg": ("#e8eef7", "#2c3a4d"),
    "evidence_a": ("#eef5ff", "#1f2d40"),
    "evidence_b": ("#f6f1ff", "#2e2440"),
    "mood_positive": ("#e9f6ea", "#1f3a22"),
    "mood_negative": ("#fdecea", "#45201d"),
    "kind_note": ("#1f4e79", "#8fc1ef"),
    "kind_message": ("#2e6b30", "#8fd39a"),
    "kind_order_remark": ("#6b4e00", "#e8c66a"),
    "status_pending": ("#777777", "#9a9a9a"),
    "status_running": ("#1f5fbf", "#82b1ff"),
    "status_done": ("#222222", "#e6e6e6"),
    "status_failed": ("#b3261e", "#ff8a80"),
    "status_accepted": ("#1b7f3b", "#81c784"),
    "review": ("#b06000", "#ffb74d"),
    "chart_bg": ("#ffffff", "#1e1e1e"),
    "chart_fg": ("#333333", "#dddddd"),
    "train": ("#1f77b4", "#64b5f6"),
    "held_out": ("#d62728", "#ff7961"),
}  # fmt: skip


def is_dark() -> bool:
    """True when the palette in use is dark (its window darker than its text)."""
    palette = QGuiApplication.palette()
    return (
        palette.color(QPalette.ColorRole.Window).lightness()
        < palette.color(QPalette.ColorRole.WindowText).lightness()
    )


def colour(role: str) -> str:
    """The colour (or style) for ``role`` in the scheme in use (see :data:`PAIRS`)."""
    light, dark = PAIRS[role]
    return dark if is_dark() else light


def qcolour(role: str) -> QColor:
    """:func:`colour` as a ``QColor``."""
    return QColor(colour(role))


def dark_palette() -> QPalette:
    """A dark Fusion palette (used when the system is dark but its style has no dark palette)."""
    p = QPalette()
    base, window, text = QColor("#1e1e1e"), QColor("#2b2b2b"), QColor("#e6e6e6")
    for role, value in (
        (QPalette.ColorRole.Window, window),
        (QPalette.ColorRole.WindowText, text),
        (QPalette.ColorRole.Base, base),
        (QPalette.ColorRole.AlternateBase, QColor("#262626")),
        (QPalette.ColorRole.ToolTipBase, QColor("#333333")),
        (QPalette.ColorRole.ToolTipText, text),
        (QPalette.ColorRole.PlaceholderText, QColor("#8c8c8c")),
        (QPalette.ColorRole.Text, text),
        (QPalette.ColorRole.Button, QColor("#353535")),
        (QPalette.ColorRole.ButtonText, text),
        (QPalette.ColorRole.BrightText, QColor("#ff6b6b")),
        (QPalette.ColorRole.Highlight, QColor("#3d6fb4")),
        (QPalette.ColorRole.HighlightedText, QColor("#ffffff")),
        (QPalette.ColorRole.Link, QColor("#7fb2ff")),
        (QPalette.ColorRole.Light, QColor("#4a4a4a")),
        (QPalette.ColorRole.Midlight, QColor("#3c3c3c")),
        (QPalette.ColorRole.Mid, QColor("#2f2f2f")),
        (QPalette.ColorRole.Dark, QColor("#181818")),
        (QPalette.ColorRole.Shadow, QColor("#000000")),
    ):
        p.setColor(role, value)
    for role in (
        QPalette.ColorRole.Text,
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.ButtonText,
    ):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return p


def wanted_scheme() -> Qt.ColorScheme:
    """The forced scheme (``SHOPSCRIBE_COLOR_SCHEME``) or else the system's."""
    forced = os.environ.get(ENV_SCHEME, "").strip().lower()
    if forced == "dark":
        return Qt.ColorScheme.Dark
    if forced == "light":
        return Qt.ColorScheme.Light
    return QGuiApplication.styleHints().colorScheme()


class SchemeFollower(QObject):
    """Applies the colour scheme now and again whenever the system's changes (owned by app)."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.app = app
        self.light = QPalette(app.palette())
        self.ours = False
        """True while the dark palette set here is in use."""
        self.apply()
        app.styleHints().colorSchemeChanged.connect(self.apply)

    @Slot()
    def apply(self) -> None:
        """Use a dark palette when the scheme is dark and the style did not already."""
        dark = wanted_scheme() == Qt.ColorScheme.Dark
        if dark and not is_dark():
            self.app.setPalette(dark_palette())
            self.ours = True
        elif not dark and self.ours:
            self.app.setPalette(self.light)
            self.ours = False
