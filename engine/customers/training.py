"""Training files the app builds from customer text, and which customers each one holds.

:func:`build_messages_dataset` writes ``<data folder>/datasets/customer-messages-<stamp>.jsonl``
from the saved recommendation messages (the shop's own voice to its customers), one
``{"prompt", "completion", "customer"}`` line each, every completion redacted first (e-mails,
phones, order numbers and addresses become placeholders, the customer's own name ``[name]``).
Which customers went into which file is recorded in ``customer_datasets``; an adapter trained
on a file names it in its manifest (``data``), so forgetting a customer can name the adapters
that learnt from their text and rewrite the files without it.
"""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from engine.core.errors import UserError
from engine.core.files import atomic_write_text
from engine.core.paths import Paths
from engine.customers.redact import redact
from engine.customers.store import Customer, CustomerBook
from engine.models.adapters import AdapterInfo, list_adapters
from engine.store.connection import Store, now

PREFIX = "customer-messages-"


def datasets_dir(paths: Paths) -> Path:
    """Where the app's own training files live."""
    return paths.root / "datasets"


def customer_token(customer_id: int) -> str:
    """The opaque per-line mark of whose text a line holds (meaningless once they are gone)."""
    return f"c{customer_id}"


def hide_name(text: str, customer: Customer) -> str:
    """``text`` with the customer's own name (and its parts) replaced by ``[name]``."""
    parts = sorted({customer.name, *customer.name.split()}, key=len, reverse=True)
    for part in parts:
        if len(part) >= 2:
            text = re.sub(re.escape(part), "[name]", text, flags=re.IGNORECASE)
    return text


def build_messages_dataset(store: Store, paths: Paths) -> dict[str, Any]:
    """Write the training file of saved customer messages; returns its path and counts.

    Raises:
        UserError: when no customer has a saved message yet.

    """
    book = CustomerBook(store)
    lines, customers = [], []
    redactions = 0
    for customer in book.search():
        saved = book.latest_profile(customer.id, "recommendations")
        message = str((saved or {}).get("message") or "").strip()
        if not message:
            continue
        text, found = redact(hide_name(message, customer))
        redactions += len(found)
        titles = ", ".join(i["title"] for i in (saved or {}).get("items", []))
        prompt = f"Write a short, friendly message to a customer suggesting: {titles}."
        if (saved or {}).get("lang") == "zh":
            prompt = f"给顾客写一条简短友好的消息，推荐：{titles}。"
        lines.append(
            json.dumps(
                {"prompt": prompt, "completion": text, "customer": customer_token(customer.id)},
                ensure_ascii=False,
            )
        )
        customers.append(customer.id)
    if not lines:
        raise UserError("no customer has a saved recommendation message yet")
    folder = datasets_dir(paths)
    stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
    path = folder / f"{PREFIX}{stamp}.jsonl"
    atomic_write_text(path, "\n".join(lines) + "\n")
    with store.transaction():
        for cid in customers:
            store.db.execute(
                "INSERT OR IGNORE INTO customer_datasets (path, customer_id, created_at)"
                " VALUES (?,?,?)",
                [path.name, cid, now()],
            )
    return {"path": str(path), "examples": len(lines), "redacted": redactions}


def datasets_with(store: Store, customer_id: int) -> list[str]:
    """File names (in the datasets folder) of training files holding this customer's text."""
    rows = store.db.execute(
        "SELECT path FROM customer_datasets WHERE customer_id = ? ORDER BY path", [customer_id]
    )
    return [str(r[0]) for r in rows]


def adapters_trained_on(paths: Paths, files: list[str]) -> list[AdapterInfo]:
    """Adapters whose manifest says they were trained on one of ``files``."""
    wanted = set(files)
    return [
        info
        for info in list_adapters(paths)
        if wanted & {part.strip() for part in info.data.split("+")}
    ]


def adapters_of_unknown_data(paths: Paths) -> list[AdapterInfo]:
    """Adapters trained on files the app did not build (it cannot know what they held)."""
    return [
        info
        for info in list_adapters(paths)
        if not any(part.strip().startswith(PREFIX) for part in info.data.split("+"))
    ]


def remove_from_datasets(paths: Paths, customer_id: int, files: list[str]) -> list[str]:
    """Rewrite each file without the customer's lines (a file left empty goes); returns them."""
    token = customer_token(customer_id)
    changed = []
    for name in files:
        path = datasets_dir(paths) / name
        if not path.is_file():
            continue
        kept = []
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                owner = json.loads(line).get("customer")
            except (json.JSONDecodeError, AttributeError):
                owner = None
            if line.strip() and owner != token:
                kept.append(line)
        if kept:
            atomic_write_text(path, "\n".join(kept) + "\n")
        else:
            path.unlink()
        changed.append(str(path))
    return changed


def retrain_params(info: AdapterInfo, dataset: str) -> dict[str, Any]:
    """The ``finetune`` job's params that train ``info`` again on the cleaned file."""
    from engine.finetune.config import TrainConfig

    known = set(TrainConfig.__dataclass_fields__)
    advanced = {k: v for k, v in (info.config or {}).items() if k in known}
    return {"data": [dataset], "name": info.name, "preset": "quick", "advanced": advanced}
