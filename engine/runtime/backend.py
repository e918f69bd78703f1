"""Where generation runs: the local engine (default) or an OpenAI-compatible server.

The choice lives in the store's ``backend`` setting as ``{"kind", "base_url", "model"}``;
the API key never does: it is kept in the OS keyring (``keyring``, service ``ShopScribe``,
one entry per server address). ``SHOPSCRIBE_API_KEY`` overrides it for one run (headless
boxes without a keyring); it is read, never written anywhere.
"""

from __future__ import annotations

import logging
import os
from dataclasses import asdict, dataclass
from typing import Any

from engine.core.errors import UserError
from engine.decoding.remote import RemoteConfig
from engine.store.connection import Store

log = logging.getLogger(__name__)

SETTING = "backend"
KEYRING_SERVICE = "ShopScribe"
KEY_ENV = "SHOPSCRIBE_API_KEY"
KINDS = ("local", "remote")
ALIASES = {"openai": "remote"}
"""``--backend openai`` (the command-line contract's name) means the remote backend."""


@dataclass(frozen=True)
class BackendChoice:
    """The backend setting (no key inside: see :func:`read_key`)."""

    kind: str = "local"
    base_url: str = ""
    model: str = ""

    @property
    def remote(self) -> bool:
        """True for an OpenAI-compatible server."""
        return self.kind == "remote"

    def checked(self) -> BackendChoice:
        """Self, normalised, after checking a remote choice names a server and a model.

        Raises:
            UserError: for an unknown kind, a malformed address or a missing model name.

        """
        kind = ALIASES.get(self.kind, self.kind)
        if kind not in KINDS:
            raise UserError(f"unknown backend {self.kind!r}; choose local or remote")
        if kind == "local":
            return BackendChoice("local", self.base_url, self.model)
        if not self.base_url:
            raise UserError("a remote backend needs the server's address (--url / --base-url)")
        if not self.model:
            raise UserError("a remote backend needs the model's name on the server (--model)")
        RemoteConfig(self.base_url, self.model).endpoint()  # refuses a malformed address
        return BackendChoice("remote", self.base_url.strip().rstrip("/"), self.model.strip())

    def to_dict(self) -> dict[str, Any]:
        """Plain dict (what the setting holds)."""
        return asdict(self)


def load_backend(store: Store) -> BackendChoice:
    """The saved choice (local when none or when the saved value is unreadable)."""
    raw = store.get_setting(SETTING, None)
    if not isinstance(raw, dict):
        return BackendChoice()
    try:
        return BackendChoice(
            str(raw.get("kind", "local")), str(raw.get("base_url", "")), str(raw.get("model", ""))
        ).checked()
    except UserError as exc:
        log.warning("ignoring the saved backend setting: %s", exc)
        return BackendChoice()


def save_backend(store: Store, choice: BackendChoice) -> BackendChoice:
    """Check and save ``choice`` (a local choice keeps the last server for next time).

    Raises:
        UserError: for an invalid choice.

    """
    choice = choice.checked()
    if not choice.remote:
        last = load_backend(store)
        choice = BackendChoice("local", last.base_url, last.model)
    store.set_setting(SETTING, choice.to_dict())
    return choice


def _keyring() -> Any:
    import keyring

    return keyring


def read_key(base_url: str) -> str | None:
    """The API key for ``base_url``: ``SHOPSCRIBE_API_KEY``, else the keyring, else None."""
    if os.environ.get(KEY_ENV):
        return os.environ[KEY_ENV]
    try:
        return _keyring().get_password(KEYRING_SERVICE, base_url) or None
    except Exception as exc:  # no keyring backend, a locked one, a D-Bus failure…
        log.warning("the OS keyring could not be read: %s", exc)
        return None


def store_key(base_url: str, key: str) -> None:
    """Keep ``key`` for ``base_url`` in the OS keyring.

    Raises:
        UserError: when there is no usable keyring.

    """
    try:
        _keyring().set_password(KEYRING_SERVICE, base_url, key)
    except Exception as exc:
        raise UserError(
            f"the API key could not be stored: no usable OS keyring ({exc.__class__.__name__}); "
            f"set {KEY_ENV} in the environment instead"
        ) from None


def forget_key(base_url: str) -> None:
    """Remove the key for ``base_url`` from the keyring (nothing when there is none)."""
    try:
        _keyring().delete_password(KEYRING_SERVICE, base_url)
    except Exception as exc:  # PasswordDeleteError when absent, or no keyring at all
        log.info("no key removed for %s: %s", base_url, exc)


def has_key(base_url: str) -> bool:
    """True when a key is known for ``base_url`` (the key itself is never shown)."""
    return bool(base_url) and read_key(base_url) is not None


def remote_config(choice: BackendChoice) -> RemoteConfig:
    """The connection settings for a remote choice, its key read from the keyring."""
    return RemoteConfig(choice.base_url, choice.model, read_key(choice.base_url))


def describe(choice: BackendChoice) -> dict[str, Any]:
    """What ``backend show --json`` prints: the setting and whether a key is stored."""
    return {**choice.to_dict(), "has_key": choice.remote and has_key(choice.base_url)}
