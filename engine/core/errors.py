"""The error family: what a merchant can act on versus a bug."""

from __future__ import annotations


class UserError(Exception):
    """Bad input or a missing resource; the message is shown to the merchant as is."""

    exit_code = 2


class NoModelError(UserError):
    """No usable model is installed or the chosen one cannot be loaded."""

    exit_code = 3


class DiskFull(UserError, OSError):
    """The disk (or the database's size limit) is full; what was saved before is intact.

    Also an :class:`OSError`, so code that handles a failed write handles this one too.
    """


class Cancelled(Exception):
    """A long operation was stopped by the user."""
