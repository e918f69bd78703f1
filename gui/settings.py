"""The window's own settings (size, position, tab, UI language, first-run guide) in an INI file.

They live in the data folder (``window.ini``) beside everything else ShopScribe writes, so a
test's throwaway data folder has throwaway settings and the merchant's are never touched.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, QLocale, QSettings

from engine.core.paths import Paths

LANGUAGES = ("en", "zh_CN")
"""The UI languages shipped (``resources/i18n/shopscribe_<lang>.qm``; English is the source)."""


class UiSettings:
    """Typed access to ``window.ini`` in a data folder."""

    def __init__(self, paths: Paths) -> None:
        self.qsettings = QSettings(str(paths.root / "window.ini"), QSettings.Format.IniFormat)

    def language(self) -> str:
        """The chosen UI language, or the system locale's when none was chosen."""
        chosen = str(self.qsettings.value("ui/language", "") or "")
        return chosen if chosen in LANGUAGES else system_language()

    def set_language(self, language: str) -> None:
        """Remember ``language`` (one of :data:`LANGUAGES`); it applies at the next start."""
        if language not in LANGUAGES:
            raise ValueError(f"unknown UI language {language!r}")
        self.qsettings.setValue("ui/language", language)
        self.qsettings.sync()

    def geometry(self) -> QByteArray | None:
        """The window geometry saved at the last close, if any."""
        value = self.qsettings.value("window/geometry")
        return value if isinstance(value, QByteArray) and not value.isEmpty() else None

    def set_geometry(self, geometry: QByteArray) -> None:
        """Remember the window geometry (``QWidget.saveGeometry``)."""
        self.qsettings.setValue("window/geometry", geometry)

    def tab(self) -> int:
        """The tab that was current at the last close (0 when none)."""
        try:
            return int(self.qsettings.value("window/tab", 0))  # type: ignore[call-overload]
        except (TypeError, ValueError):
            return 0

    def set_tab(self, index: int) -> None:
        """Remember the current tab."""
        self.qsettings.setValue("window/tab", int(index))

    def guide_dismissed(self) -> bool:
        """True once the merchant chose not to see the first-run guide again."""
        return str(self.qsettings.value("guide/dismissed", "false")).lower() == "true"

    def set_guide_dismissed(self, dismissed: bool) -> None:
        """Remember whether the first-run guide is dismissed for good."""
        self.qsettings.setValue("guide/dismissed", "true" if dismissed else "false")
        self.qsettings.sync()

    def sync(self) -> None:
        """Write pending changes to disk."""
        self.qsettings.sync()


def system_language() -> str:
    """``zh_CN`` when the system locale is Chinese, else ``en``."""
    locale = QLocale.system()
    return "zh_CN" if locale.language() == QLocale.Language.Chinese else "en"
