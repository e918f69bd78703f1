"""Files the window ships with (icon, About text), found beside the code in ``resources/``."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QIcon

RESOURCES = Path(__file__).resolve().parent.parent / "resources"


def resource_path(name: str) -> Path:
    """The path of a shipped resource file."""
    return RESOURCES / name


def app_icon() -> QIcon:
    """The application icon."""
    return QIcon(str(resource_path("icon.png")))


def about_html(**values: str) -> str:
    """The About box text with ``{version}`` and ``{data}`` filled in."""
    return resource_path("about.html").read_text(encoding="utf-8").format(**values)
