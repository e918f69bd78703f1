"""Product facts: what the merchant tells us about one product, validated."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from engine.core.errors import UserError

LANGS = ("en", "zh")


def _str_list(value: Any, name: str) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return [part.strip() for part in value.replace("\n", ",").split(",") if part.strip()]
    if isinstance(value, list) and all(isinstance(v, str | int | float) for v in value):
        return [str(v).strip() for v in value if str(v).strip()]
    raise UserError(f"'{name}' must be a list of texts")


@dataclass
class ProductFacts:
    """Facts for one product. Only ``title`` is required."""

    title: str
    category: str = ""
    attributes: dict[str, str] = field(default_factory=dict)
    features: list[str] = field(default_factory=list)
    audience: str = ""
    tone: str = "friendly"
    keywords: list[str] = field(default_factory=list)
    banned_words: list[str] = field(default_factory=list)
    lang: str = "en"

    @classmethod
    def from_dict(cls, data: Any) -> ProductFacts:
        """Validate a decoded facts document and build the facts.

        Raises:
            UserError: when a field is missing or of the wrong kind.

        """
        if not isinstance(data, dict):
            raise UserError('the facts must be a JSON object such as {"title": "..."}')
        title = str(data.get("title") or "").strip()
        if not title:
            raise UserError("the facts need a product title ('title')")
        attributes = data.get("attributes") or {}
        if not isinstance(attributes, dict):
            raise UserError("'attributes' must be an object of name: value pairs")
        lang = str(data.get("lang") or "en").strip().lower()
        if lang not in LANGS:
            raise UserError(f"'lang' must be one of {', '.join(LANGS)}, not {lang!r}")
        return cls(
            title=title,
            category=str(data.get("category") or "").strip(),
            attributes={str(k).strip(): str(v).strip() for k, v in attributes.items() if k},
            features=_str_list(data.get("features"), "features"),
            audience=str(data.get("audience") or "").strip(),
            tone=str(data.get("tone") or "friendly").strip(),
            keywords=_str_list(data.get("keywords"), "keywords"),
            banned_words=_str_list(data.get("banned_words"), "banned_words"),
            lang=lang,
        )

    @classmethod
    def from_file(cls, path: Path | str) -> ProductFacts:
        """Read a facts JSON file (see the CLI contract).

        Raises:
            UserError: when the file is missing or not valid JSON.

        """
        path = Path(path)
        try:
            raw = path.read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise UserError(f"facts file not found: {path}") from None
        except UnicodeDecodeError:
            raise UserError(f"facts file is not UTF-8 text: {path}") from None
        try:
            data = json.loads(raw)
        except json.JSONDecodeError as exc:
            raise UserError(
                f"facts file {path} is not valid JSON (line {exc.lineno}, column {exc.colno})"
            ) from None
        return cls.from_dict(data)

    def to_dict(self) -> dict[str, Any]:
        """Plain dict for storage and JSON."""
        return asdict(self)
