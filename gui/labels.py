"""The engine's display labels (channels, lengths, line limits) in the window's language.

The engine is Qt-free and names things in English; the window translates those names here.
``QT_TRANSLATE_NOOP`` marks each one for ``pyside6-lupdate`` (context ``engine``).
"""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

ENGINE_LABELS = (
    QT_TRANSLATE_NOOP("engine", "Product description"),
    QT_TRANSLATE_NOOP("engine", "Product title"),
    QT_TRANSLATE_NOOP("engine", "Bullet points"),
    QT_TRANSLATE_NOOP("engine", "SEO title + meta description"),
    QT_TRANSLATE_NOOP("engine", "Ad"),
    QT_TRANSLATE_NOOP("engine", "Social post"),
    QT_TRANSLATE_NOOP("engine", "Email blurb"),
    QT_TRANSLATE_NOOP("engine", "SEO title"),
    QT_TRANSLATE_NOOP("engine", "Meta description"),
    QT_TRANSLATE_NOOP("engine", "Headline"),
    QT_TRANSLATE_NOOP("engine", "Ad text"),
    QT_TRANSLATE_NOOP("engine", "Short"),
    QT_TRANSLATE_NOOP("engine", "Medium"),
    QT_TRANSLATE_NOOP("engine", "Long"),
    QT_TRANSLATE_NOOP("engine", "Customer name"),
    QT_TRANSLATE_NOOP("engine", "Order number"),
    QT_TRANSLATE_NOOP("engine", "Tracking link"),
    QT_TRANSLATE_NOOP("engine", "Refund amount"),
    QT_TRANSLATE_NOOP("engine", "quick"),
    QT_TRANSLATE_NOOP("engine", "thorough"),
    QT_TRANSLATE_NOOP("engine", "English"),
    QT_TRANSLATE_NOOP("engine", "中文 (Chinese)"),
    QT_TRANSLATE_NOOP("engine", "note"),
    QT_TRANSLATE_NOOP("engine", "message"),
    QT_TRANSLATE_NOOP("engine", "order remark"),
)


def engine_label(text: str) -> str:
    """``text`` (an engine label) translated; unknown labels come back as they are."""
    return QCoreApplication.translate("engine", text)
