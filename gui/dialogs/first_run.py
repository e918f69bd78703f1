"""The first-run guide: the model installed, what each tab does, where data lives, and samples.

Shown once at start (``gui.app.main``) until the merchant ticks "Don't show this again";
Help → Getting started opens it any time. Windows made by ``create_window`` (tests, benches)
never show it on their own, and ``SHOPSCRIBE_NO_GUIDE=1`` keeps ``main`` from showing it too.
"""

from __future__ import annotations

import asyncio
import html
import json
from typing import Any

from PySide6.QtCore import QObject, Slot
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.models.registry import active_model_name
from gui.main_window import MainWindow
from gui.resources import resource_path
from gui.settings import UiSettings

ENV_NO_GUIDE = "SHOPSCRIBE_NO_GUIDE"
SAMPLES = resource_path("samples")


class FirstRunGuide(QDialog):
    """A short welcome with buttons that load a sample product, policies and a customer."""

    def __init__(
        self, window: MainWindow, settings: UiSettings, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent or window)
        self.main = window
        self.settings = settings
        self._tasks: set[asyncio.Future[Any]] = set()
        self.setWindowTitle(self.tr("Welcome to ShopScribe"))
        self.setMinimumWidth(420)
        self.resize(620, 560)
        self.text = QLabel(self._body())
        self.text.setWordWrap(True)
        self.text.setOpenExternalLinks(False)
        self.product_button = QPushButton(self.tr("Load a sample product"))
        self.product_button.setToolTip(self.tr("Fills the Copy tab's form with a handmade mug"))
        self.product_button.clicked.connect(self.load_product)
        self.policies_button = QPushButton(self.tr("Load sample policies"))
        self.policies_button.setToolTip(
            self.tr("Imports a few return, shipping and payment policies into the FAQ tab")
        )
        self.policies_button.clicked.connect(self.load_policies)
        self.customer_button = QPushButton(self.tr("Add sample customers"))
        self.customer_button.setToolTip(self.tr("Imports two customers with notes"))
        self.customer_button.clicked.connect(self.load_customer)
        samples = QHBoxLayout()
        for button in (self.product_button, self.policies_button, self.customer_button):
            samples.addWidget(button)
        self.dont_show = QCheckBox(self.tr("Don't show this again"))
        self.dont_show.setChecked(settings.guide_dismissed())
        self.dont_show.toggled.connect(settings.set_guide_dismissed)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text, 1)
        layout.addWidget(QLabel(self.tr("<b>Try it with samples</b>")))
        layout.addLayout(samples)
        bottom = QHBoxLayout()
        bottom.addWidget(self.dont_show, 1)
        bottom.addWidget(buttons)
        layout.addLayout(bottom)

    def _body(self) -> str:
        model = active_model_name(self.main.paths, self.main.store)
        if model:
            installed = self.tr("The model installed is <b>{model}</b>; File → Models… adds or "
                                "changes it.").format(model=html.escape(model))  # fmt: skip
        else:
            installed = self.tr("No model is installed yet: File → Models… imports one.")
        tabs = [
            self.tr("<b>Copy</b>: type a product's facts, get listing copy checked against them."),
            self.tr("<b>Bulk</b>: write a whole Shopify or WooCommerce CSV, review, export."),
            self.tr("<b>FAQ replies</b>: reply drafts to customers from your own policies."),
            self.tr("<b>Customers</b>: notes, profiles and recommendations from your catalogue."),
            self.tr("<b>Finetune</b>: teach the model your shop's voice from your own texts."),
        ]
        where = self.tr("Everything ShopScribe writes stays on this computer, in {folder}.").format(
            folder=f"<code>{html.escape(str(self.main.paths.root))}</code>"
        )
        items = "".join(f"<li>{line}</li>" for line in tabs)
        return f"<p>{installed}</p><ul>{items}</ul><p>{where}</p>"

    @Slot()
    def load_product(self) -> None:
        """Fill the Copy tab's form with the sample product."""
        facts = json.loads((SAMPLES / "product.json").read_text(encoding="utf-8"))
        self.main.copy_tab.form.load_facts(facts)
        self.main.tabs.setCurrentWidget(self.main.copy_tab)
        self.main.copy_tab.state_label.setText(
            self.tr("A sample product: press Generate (Ctrl+Enter).")
        )

    @Slot()
    def load_policies(self) -> None:
        """Import the sample policies (English, then Chinese) into the FAQ tab's book."""
        self.main.tabs.setCurrentWidget(self.main.faq_tab)
        self._spawn(self._import_policies())

    async def _import_policies(self) -> None:
        book = self.main.faq_tab.book
        for name in ("policies.md", "policies_zh.md"):
            await book.import_path(SAMPLES / name)

    @Slot()
    def load_customer(self) -> None:
        """Import the sample customers into the Customers tab."""
        tab = self.main.customers_tab
        self.main.tabs.setCurrentWidget(tab)
        tab._spawn(tab.import_file(str(SAMPLES / "customer.csv")))

    def _spawn(self, coroutine: Any) -> None:
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)


def should_show(settings: UiSettings, environ: dict[str, str]) -> bool:
    """True unless the guide was dismissed for good or ``SHOPSCRIBE_NO_GUIDE`` is set."""
    return not settings.guide_dismissed() and environ.get(ENV_NO_GUIDE, "") in ("", "0")


class GuideMenu(QObject):
    """Help → Getting started… opens the guide (owned by the window)."""

    def __init__(self, window: MainWindow, settings: UiSettings) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.guide: FirstRunGuide | None = None
        help_menu = window.menuBar().actions()[-1].menu()
        self.action = QAction(self.tr("&Getting started…"), window)
        self.action.triggered.connect(self.open)
        if isinstance(help_menu, QMenu):
            first = help_menu.actions()
            if first:
                help_menu.insertAction(first[0], self.action)  # first in Help
            else:
                help_menu.addAction(self.action)

    @Slot()
    def open(self) -> FirstRunGuide:
        """Show the guide (one at a time) and return it."""
        if self.guide is None:
            self.guide = FirstRunGuide(self.window, self.settings)
        self.guide.show()
        return self.guide
