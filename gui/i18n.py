"""The UI language: Qt Linguist translations (``resources/i18n/shopscribe_<lang>.qm``).

English is the source language; ``zh_CN`` ships as a ``.ts`` (edited with Qt Linguist) built
into a ``.qm`` by ``make setup`` (``pyside6-lrelease``). Qt's own dialogs (file pickers,
message box buttons) take Qt's ``qtbase`` translation of the same language.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from gui.resources import resource_path

I18N = resource_path("i18n")
SOURCES = ("gui",)
"""Folders ``pyside6-lupdate`` scans for ``tr()`` calls (see :func:`ts_path`)."""


def ts_path(language: str) -> Path:
    """The Linguist source file of ``language``."""
    return I18N / f"shopscribe_{language}.ts"


def qm_path(language: str) -> Path:
    """The compiled translation of ``language``."""
    return I18N / f"shopscribe_{language}.qm"


def install_translation(
    app: QCoreApplication, language: str, *, qm: Path | None = None
) -> list[QTranslator]:
    """Install ``language``'s translations into ``app`` (none for English).

    Args:
        app: the application; the translators are parented to it.
        language: ``en`` or ``zh_CN``.
        qm: the compiled translation to load (default: the shipped one, :func:`qm_path`).

    Returns:
        The installed translators (empty for English or when no ``.qm`` exists).

    """
    installed: list[QTranslator] = []
    if language == "en":
        return installed
    QLocale.setDefault(QLocale(language))
    ours = QTranslator(app)
    if ours.load(str(qm or qm_path(language))):
        app.installTranslator(ours)
        installed.append(ours)
    qt = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if qt.load(f"qtbase_{language}", folder):
        app.installTranslator(qt)
        installed.append(qt)
    return installed


def remove_translation(app: QCoreApplication, translators: list[QTranslator]) -> None:
    """Take translators out again (tests switch back to English)."""
    for translator in translators:
        app.removeTranslator(translator)
    QLocale.setDefault(QLocale(QLocale.Language.English))
