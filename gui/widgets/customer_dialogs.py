"""Dialogs of the Customers tab: forget (naming adapters), "add them again?", edit, new product."""

from __future__ import annotations

import html
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from engine.customers.store import Customer, split_tags
from gui.theme import colour


def forget_text(plan: dict[str, Any]) -> str:
    """What the confirmation says: what goes, which adapters learnt from their text."""
    customer = plan["customer"]
    name = html.escape(customer["name"] or customer["email"])
    parts = [
        f"<p><b>Forget {name}</b> ({html.escape(customer['email'])}) everywhere in ShopScribe's "
        "data folder?</p><ul>",
        f"<li>the record, tags and {plan['notes']} note(s)</li>",
        f"<li>{plan['profiles']} saved summary/recommendation set(s)</li>",
        f"<li>{plan['history']} history item(s) made for them or mentioning them</li>",
    ]
    if plan["datasets"]:
        parts.append(f"<li>their lines in {len(plan['datasets'])} training file(s)</li>")
    if plan["backups"]:
        parts.append(f"<li>their rows in {len(plan['backups'])} backup(s)</li>")
    parts.append(
        "</ul><p>Only a scrambled fingerprint of the address is kept, so importing it "
        "again asks first. This cannot be undone.</p>"
    )
    if plan["adapters"]:
        names = ", ".join(f"<b>{html.escape(a['name'])}</b>" for a in plan["adapters"])
        parts.append(
            f"<p>⚠ Adapter(s) {names} were trained on a file that held their text; the weights "
            "may still reflect it. Retrain them without this customer (below) or delete them "
            "in the Finetune tab.</p>"
        )
    if plan["unknown_adapters"]:
        names = ", ".join(html.escape(a["name"]) for a in plan["unknown_adapters"])
        parts.append(
            f"<p style='color:{colour('muted')}'>Adapter(s) {names} were trained on your own "
            "files; "
            "ShopScribe cannot know whether those held this customer's text.</p>"
        )
    return "".join(parts)


class ForgetDialog(QDialog):
    """Confirm forgetting one customer; offers to retrain the adapters without them."""

    def __init__(self, plan: dict[str, Any], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        self.setWindowTitle(self.tr("Forget this customer"))
        layout = QVBoxLayout(self)
        self.text = QLabel(forget_text(plan))
        self.text.setWordWrap(True)
        self.text.setMinimumWidth(440)
        layout.addWidget(self.text)
        retrainable = [a for a in plan["adapters"] if a.get("retrain")]
        self.retrain = QCheckBox(
            "Retrain " + ", ".join(a["name"] for a in retrainable) + " without them afterwards"
        )
        self.retrain.setChecked(bool(retrainable))
        self.retrain.setVisible(bool(retrainable))
        layout.addWidget(self.retrain)
        buttons = QDialogButtonBox()
        name = plan["customer"]["name"] or plan["customer"]["email"]
        self.forget_button = QPushButton(f"Forget {name}")
        self.forget_button.setStyleSheet(f"color:{colour('error')};font-weight:bold;")
        buttons.addButton(self.forget_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def retrain_params(self) -> list[dict[str, Any]]:
        """The finetune jobs to run afterwards (empty when not wanted)."""
        if not self.retrain.isChecked():
            return []
        return [a["retrain"] for a in self.plan["adapters"] if a.get("retrain")]


class ReaddDialog(QDialog):
    """Asks whether to add again the customers an import met whom the merchant had forgotten."""

    def __init__(self, forgotten: list[dict[str, Any]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.forgotten = forgotten
        self.setWindowTitle(self.tr("Customers you asked to forget"))
        layout = QVBoxLayout(self)
        rows = "".join(
            f"<li>row {r['row']}: {html.escape(r['email'].strip())} (forgotten "
            f"{html.escape(str(r['forgotten_at'])[:10])})</li>"
            for r in forgotten[:12]
        )
        label = QLabel(
            f"<p>This file holds {len(forgotten)} row(s) for customers you asked ShopScribe to "
            f"forget:</p><ul>{rows}</ul><p>Add them again?</p>"
        )
        label.setWordWrap(True)
        layout.addWidget(label)
        buttons = QDialogButtonBox()
        self.add_button = QPushButton(self.tr("Add them again"))
        buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.skip_button = QPushButton(self.tr("Leave them out"))
        buttons.addButton(self.skip_button, QDialogButtonBox.ButtonRole.RejectRole)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def emails(self) -> list[str]:
        """The addresses to add again."""
        return [str(r["email"]) for r in self.forgotten]


def _fields_text(fields: dict[str, str]) -> str:
    return "\n".join(f"{k}: {v}" for k, v in fields.items())


def _parse_fields(text: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in text.splitlines():
        key, sep, value = line.replace("：", ":").partition(":")
        if sep and key.strip() and value.strip():
            out[key.strip()] = value.strip()
    return out


class CustomerEditDialog(QDialog):
    """Add a customer by hand or edit one: name, e-mail, phone, tags, free fields."""

    def __init__(self, customer: Customer | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.customer = customer
        self.setWindowTitle("Edit customer" if customer else "New customer")
        form = QFormLayout(self)
        self.name = QLineEdit(customer.name if customer else "")
        self.email = QLineEdit(customer.email if customer else "")
        self.phone = QLineEdit(customer.phone if customer else "")
        self.tags = QLineEdit("; ".join(customer.tags) if customer else "")
        self.tags.setPlaceholderText(self.tr("separated by ; e.g. vip; linen"))
        self.fields = QPlainTextEdit(_fields_text(customer.fields) if customer else "")
        self.fields.setPlaceholderText(
            self.tr("one per line, e.g.\ncity: Portland\nbirthday: 3 May")
        )
        self.fields.setFixedHeight(80)
        form.addRow(self.tr("Name"), self.name)
        form.addRow(self.tr("E-mail"), self.email)
        form.addRow(self.tr("Phone"), self.phone)
        form.addRow(self.tr("Tags"), self.tags)
        form.addRow(self.tr("Fields"), self.fields)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def values(self) -> dict[str, Any]:
        """What was typed: ``name``, ``email``, ``phone``, ``tags``, ``fields``."""
        return {
            "name": self.name.text().strip(),
            "email": self.email.text().strip(),
            "phone": self.phone.text().strip(),
            "tags": split_tags(self.tags.text()),
            "fields": _parse_fields(self.fields.toPlainText()),
        }


class ProductDialog(QDialog):
    """Add one product to the catalogue by hand."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Add a product to the catalogue"))
        form = QFormLayout(self)
        self.title = QLineEdit()
        self.category = QLineEdit()
        self.facts = QPlainTextEdit()
        self.facts.setPlaceholderText(
            self.tr("One fact per line, e.g.\nmaterial: linen\n140 cm wide")
        )
        self.facts.setFixedHeight(90)
        self.tags = QLineEdit()
        self.tags.setPlaceholderText(self.tr("comma-separated, e.g. linen, curtains"))
        self.price = QLineEdit()
        form.addRow(self.tr("Title*"), self.title)
        form.addRow(self.tr("Category"), self.category)
        form.addRow(self.tr("Facts"), self.facts)
        form.addRow(self.tr("Tags"), self.tags)
        form.addRow(self.tr("Price"), self.price)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def params(self) -> dict[str, Any]:
        """The ``catalog_add`` job's params."""
        from gui.widgets.facts_form import parse_fact_lines

        attributes, features = parse_fact_lines(self.facts.toPlainText())
        facts = {
            "title": self.title.text().strip(),
            "category": self.category.text().strip(),
            "attributes": attributes,
            "features": features,
            "keywords": [t.strip() for t in self.tags.text().split(",") if t.strip()],
        }
        return {"facts": facts, "price": self.price.text().strip()}
