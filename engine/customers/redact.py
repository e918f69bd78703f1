"""Redaction of customer text (e-mails, phones, order numbers, addresses): see engine.core.redact.

The rules live in :mod:`engine.core.redact` so the remote decoder (which may import only the
core) applies the very same redaction to everything it sends; this module keeps the name the
customers package, its tests and ``bench/customers_redaction.py`` import.
"""

from __future__ import annotations

from engine.core.redact import PLACEHOLDERS, Found, find_pii, redact, redact_messages

__all__ = ["PLACEHOLDERS", "Found", "find_pii", "redact", "redact_messages"]
