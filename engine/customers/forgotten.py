"""Forgotten customers: a salted hash of their e-mail address, to ask before adding them again.

The salt is random per data folder (kept in settings), so the hash cannot be matched against
a list of addresses elsewhere; the address itself is never stored once a customer is forgotten.
"""

from __future__ import annotations

import hashlib
import secrets

from engine.customers.store import email_key
from engine.store.connection import Store, now

SALT_KEY = "customers.forget_salt"


def _salt(store: Store) -> str:
    salt = store.get_setting(SALT_KEY)
    if not salt:
        salt = secrets.token_hex(16)
        store.set_setting(SALT_KEY, salt)
    return str(salt)


def email_hash(store: Store, email: str) -> str:
    """The salted SHA-256 of an address (trimmed, lower-cased)."""
    return hashlib.sha256((_salt(store) + email_key(email)).encode("utf-8")).hexdigest()


def remember_forgotten(store: Store, email: str) -> None:
    """Record that this address was forgotten (its salted hash only)."""
    if email.strip():
        store.db.execute(
            "INSERT OR REPLACE INTO customer_forgotten (hash, forgotten_at) VALUES (?, ?)",
            [email_hash(store, email), now()],
        )


def forgotten_at(store: Store, email: str) -> str | None:
    """When this address was forgotten, or None when it never was."""
    if not email.strip():
        return None
    row = store.db.execute(
        "SELECT forgotten_at FROM customer_forgotten WHERE hash = ?", [email_hash(store, email)]
    ).fetchone()
    return str(row[0]) if row else None


def welcome_back(store: Store, email: str) -> None:
    """The merchant chose to add a forgotten customer again: drop the hash."""
    store.db.execute("DELETE FROM customer_forgotten WHERE hash = ?", [email_hash(store, email)])
