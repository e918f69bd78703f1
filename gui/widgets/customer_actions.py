"""The Customers tab's file and privacy flows: imports, exports, forget, new and edited records.

A mixin of :class:`gui.tabs.customers_tab.CustomersTab` (which owns the widgets, the signals and
``_job``); each flow is a coroutine that reads top to bottom, its dialogs awaited without
blocking the event loop.
"""

from __future__ import annotations

import asyncio
from collections.abc import Coroutine
from typing import Any

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QFileDialog, QLabel, QWidget
from qasync import asyncSlot

from engine.core.errors import UserError
from engine.customers.forgotten import forgotten_at, welcome_back
from engine.customers.store import Customer, CustomerBook
from gui.widgets.customer_dialogs import (
    CustomerEditDialog,
    ForgetDialog,
    ProductDialog,
    ReaddDialog,
)


class CustomerActions:
    """Imports, exports, forgetting and editing, for the tab that mixes this in."""

    book: CustomerBook
    current: Customer | None
    dialog: QDialog | None
    state_label: QLabel
    message: Any
    imported: Any
    catalogue_imported: Any
    exported: Any
    forgotten: Any
    _tasks: set[asyncio.Future[None]]

    async def _job(self, name: str, params: dict[str, Any], state: str, **kw: Any) -> Any:
        raise NotImplementedError

    def refresh(self) -> None:
        """List the customers again."""
        raise NotImplementedError

    def reload_tags(self) -> None:
        """Refill the tag filter."""
        raise NotImplementedError

    def choose(self, customer_id: int) -> None:
        """Select one customer."""
        raise NotImplementedError

    def show_customer(self, customer: Customer | None) -> None:
        """Show one customer."""
        raise NotImplementedError

    def _parent(self) -> QWidget:
        assert isinstance(self, QWidget)
        return self

    def _spawn(self, coroutine: Coroutine[Any, Any, None]) -> None:
        """Run a flow in the background, keeping a reference until it ends."""
        task = asyncio.ensure_future(coroutine)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _ask(self, dialog: QDialog) -> bool:
        """Open a dialog without blocking the loop; True when it was accepted."""
        future: asyncio.Future[int] = asyncio.get_event_loop().create_future()

        def done(code: int) -> None:
            if not future.done():
                future.set_result(int(code))

        dialog.finished.connect(done)
        self.dialog = dialog
        dialog.open()
        code = await future
        self.dialog = None
        return code == int(QDialog.DialogCode.Accepted)

    # -- imports ---------------------------------------------------------------------------
    def choose_import(self) -> None:
        """Pick a contacts CSV or notes JSONL to import."""
        path, _ = QFileDialog.getOpenFileName(
            self._parent(),
            QCoreApplication.translate("CustomerActions", "Import customers"),
            "",
            QCoreApplication.translate(
                "CustomerActions", "Contacts or notes (*.csv *.jsonl);;All (*)"
            ),
        )
        if path:
            self._spawn(self.import_file(path))

    async def import_file(self, path: str) -> None:
        """Import contacts or notes; ask before adding forgotten customers again."""
        result = await self._job(
            "customers_import",
            {"path": path},
            QCoreApplication.translate("CustomerActions", "Importing…"),
        )
        forgotten = result["forgotten"] if result else []
        if forgotten and await self._ask(ReaddDialog(forgotten, self._parent())):
            emails = [r["email"] for r in forgotten]
            more = await self._job(
                "customers_import",
                {"path": path, "readd": emails},
                QCoreApplication.translate("CustomerActions", "Adding them again…"),
            )
            result = more or result
        if result:
            self.message.emit(result["summary"], "info")
            self.reload_tags()
            self.refresh()
            if self.current is not None:
                self.show_customer(self.book.get(self.current.id))
        self.imported.emit(result or {})

    def choose_catalogue(self) -> None:
        """Pick the shop's product CSV."""
        path, _ = QFileDialog.getOpenFileName(
            self._parent(),
            QCoreApplication.translate("CustomerActions", "Import the catalogue"),
            "",
            QCoreApplication.translate("CustomerActions", "Product CSV (*.csv);;All files (*)"),
        )
        if path:
            self._spawn(self.import_catalogue(path))

    async def import_catalogue(self, path: str) -> None:
        """Import (or update) the catalogue from a Shopify/WooCommerce product CSV."""
        result = await self._job(
            "catalog_import",
            {"path": path},
            QCoreApplication.translate("CustomerActions", "Importing the catalogue…"),
        )
        if result:
            self.message.emit(
                f"Catalogue: {result['added']} product(s) added, {result['updated']} updated; "
                f"{result['total']} in all ({result['unavailable']} draft or unpublished, never "
                "recommended).",
                "info",
            )
            self.refresh()
        self.catalogue_imported.emit(result or {})

    @asyncSlot()
    async def add_product(self) -> None:
        """Add one product to the catalogue by hand."""
        dialog = ProductDialog(self._parent())
        if not await self._ask(dialog):
            return
        params = dialog.params()
        result = await self._job(
            "catalog_add",
            params,
            QCoreApplication.translate("CustomerActions", "Adding the product…"),
        )
        if result:
            self.message.emit(f"Added {result['title']} to the catalogue.", "info")
            self.refresh()

    # -- records ---------------------------------------------------------------------------
    @asyncSlot()
    async def new_customer(self) -> None:
        """Add a customer by hand (asks first when the address was forgotten)."""
        dialog = CustomerEditDialog(None, self._parent())
        if not await self._ask(dialog):
            return
        values = dialog.values()
        store = self.book.store
        if forgotten_at(store, values["email"]):
            self.message.emit(
                f"{values['email']} belongs to a customer you asked to forget; added again.",
                "warning",
            )
            welcome_back(store, values["email"])
        try:
            customer = self.book.add(
                values["name"], values["email"], values["phone"], values["tags"], values["fields"]
            )
        except UserError as exc:
            self.message.emit(str(exc), "warning")
            return
        self.reload_tags()
        self.refresh()
        self.choose(customer.id)

    @asyncSlot()
    async def edit_customer(self) -> None:
        """Edit the chosen customer's name, e-mail, phone, tags and fields."""
        if self.current is None:
            return
        customer = self.current
        dialog = CustomerEditDialog(customer, self._parent())
        if not await self._ask(dialog):
            return
        values = dialog.values()
        customer.name, customer.email, customer.phone = (
            values["name"],
            values["email"],
            values["phone"],
        )
        customer.tags, customer.fields = values["tags"], values["fields"]
        try:
            self.book.update(customer)
        except UserError as exc:
            self.message.emit(str(exc), "warning")
            return
        self.reload_tags()
        self.refresh()
        self.show_customer(self.book.get(customer.id))

    # -- exports and forget ----------------------------------------------------------------
    def choose_export(self) -> None:
        """Pick where to write everything about the chosen customer."""
        if self.current is None:
            return
        path, _ = QFileDialog.getSaveFileName(
            self._parent(),
            QCoreApplication.translate("CustomerActions", "Export customer"),
            f"customer-{self.current.id}.json",
            QCoreApplication.translate("CustomerActions", "JSON (*.json)"),
        )
        if path:
            self._spawn(self.export_to(path))

    async def export_to(self, path: str) -> None:
        """Write everything about the chosen customer as JSON."""
        if self.current is None:
            return
        params = {"customer_id": self.current.id, "out": path}
        result = await self._job(
            "customer_export", params, QCoreApplication.translate("CustomerActions", "Exporting…")
        )
        if result:
            self.message.emit(f"Exported everything about {self.current.label} to {path}.", "info")
        self.exported.emit(result or {})

    def choose_export_csv(self) -> None:
        """Pick where to write all contacts as a CSV."""
        path, _ = QFileDialog.getSaveFileName(
            self._parent(),
            QCoreApplication.translate("CustomerActions", "Export contacts"),
            "customers.csv",
            QCoreApplication.translate("CustomerActions", "CSV (*.csv)"),
        )
        if path:
            self._spawn(self.export_csv(path))

    async def export_csv(self, path: str) -> None:
        """Write every customer as a contacts CSV (the import's format)."""
        result = await self._job(
            "customers_export_csv",
            {"out": path},
            QCoreApplication.translate("CustomerActions", "Exporting contacts…"),
        )
        if result:
            self.message.emit(f"Exported {result['count']} customer(s) to {path}.", "info")
        self.exported.emit(result or {})

    @asyncSlot()
    async def confirm_forget(self) -> None:
        """Show what forgetting removes (and which adapters), then forget when confirmed."""
        if self.current is None:
            return
        customer = self.current
        plan = await self._job(
            "customer_forget_plan",
            {"customer_id": customer.id},
            QCoreApplication.translate("CustomerActions", "Checking…"),
        )
        if not plan:
            self.forgotten.emit({})
            return
        dialog = ForgetDialog(plan, self._parent())
        if not await self._ask(dialog):
            self.state_label.setText(
                QCoreApplication.translate("CustomerActions", "Nothing was forgotten.")
            )
            self.forgotten.emit({})
            return
        retrain = dialog.retrain_params()
        result = await self._job(
            "customer_forget",
            {"customer_id": customer.id},
            QCoreApplication.translate("CustomerActions", "Forgetting…"),
        )
        if result:
            still = result["still_found"]
            text = f"{customer.label} was forgotten everywhere in the data folder."
            if still:
                text = f"{customer.label} was forgotten, but their address is still in: "
                text += ", ".join(still)
            self.message.emit(text, "warning" if still else "info")
            self.current = None
            self.reload_tags()
            self.refresh()
            self.show_customer(None)
            for params in retrain:
                await self._job(
                    "finetune",
                    params,
                    QCoreApplication.translate(
                        "CustomerActions", "Retraining {name} without them…"
                    ).format(name=params["name"]),
                )
        self.forgotten.emit(result or {})
