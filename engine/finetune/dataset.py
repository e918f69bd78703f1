"""Training pairs from what a shop owner has: product CSVs, favourites, JSON Lines, plain text.

Every pair is a chat prompt (the same one the app uses when it writes copy) and the owner's own
text as the completion. Texts are cleaned (HTML stripped, contact details and order numbers
redacted, empties and duplicates dropped) and split deterministically into train and eval.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from engine.catalog.facts import ProductFacts
from engine.core.errors import UserError
from engine.core.textfmt import html_to_text
from engine.history.store import History
from engine.listing.house_prompts import copy_messages
from engine.listing.prompts import Message, build_listing_prompt
from engine.store.connection import Store

MIN_EXAMPLES = 10
"""Fewer pairs than this still train, with a warning."""

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_PHONE = re.compile(r"(?<![\w#])\+?\(?\d[\d\s().-]{6,}\d(?!\w)")
_ORDER = re.compile(
    r"(?i)\b(?:order|invoice|receipt)\s*(?:no\.?|number|num\.?|id)?\s*[:#]?\s*#?\d{3,}\b|#\d{4,}\b"
)
_TAG = re.compile(r"<[a-zA-Z/][^>]*>")
_WORD = re.compile(r"\w+")


@dataclass
class Example:
    """One training pair: chat prompt messages and the owner's completion text."""

    prompt: list[Message]
    completion: str
    source: str = ""

    def key(self) -> str:
        """A stable hash of the pair (drives the deterministic split)."""
        raw = json.dumps([self.prompt, self.completion], ensure_ascii=False, sort_keys=True)
        return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@dataclass
class Dataset:
    """Cleaned pairs split into train and eval, with what cleaning did."""

    train: list[Example]
    eval: list[Example]
    loaded: int = 0
    dropped: dict[str, int] = field(default_factory=dict)
    redacted: int = 0
    warnings: list[str] = field(default_factory=list)
    source: str = ""

    @property
    def size(self) -> int:
        """Kept pairs, train and eval together."""
        return len(self.train) + len(self.eval)


def redact(text: str) -> tuple[str, int]:
    """Replace emails, phone numbers and order numbers; returns the text and how many went."""
    count = 0

    def sub(pattern: re.Pattern[str], token: str, value: str) -> str:
        nonlocal count
        value, n = pattern.subn(token, value)
        count += n
        return value

    text = sub(_EMAIL, "[email]", text)
    text = sub(_ORDER, "[order]", text)

    def phone(match: re.Match[str]) -> str:
        nonlocal count
        digits = sum(ch.isdigit() for ch in match.group(0))
        if digits < 8:
            return match.group(0)
        count += 1
        return "[phone]"

    text = _PHONE.sub(phone, text)
    return text, count


def clean_text(text: str) -> str:
    """Plain text from an owner's text: HTML to text, whitespace tidied."""
    if _TAG.search(text):
        text = html_to_text(text)
    lines = [re.sub(r"[ \t]+", " ", line).strip() for line in text.replace("\r", "").split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _shingles(text: str) -> set[str]:
    words = _WORD.findall(text.lower())
    if len(words) < 3:
        return {" ".join(words)}
    return {" ".join(words[i : i + 3]) for i in range(len(words) - 2)}


def _norm(text: str) -> str:
    return " ".join(_WORD.findall(text.lower()))


def listing_prompt(facts: ProductFacts, channel: str, style: str = "classic") -> list[Message]:
    """The prompt the app writes ``channel`` with on a model of prompt ``style``.

    A merchant's finetune trains on the prompt the app will write with: the short house
    prompt on the house model (:mod:`engine.listing.house_prompts`), the plain listing prompt
    on any other.
    """
    if style == "house":
        return copy_messages(facts, channel, facts.lang)
    return build_listing_prompt(facts, channel)


def _prompt_for_title(title: str, style: str = "classic") -> list[Message]:
    return listing_prompt(ProductFacts(title=title), "description", style)


# -- readers -----------------------------------------------------------------------------------
def _jsonl_examples(path: Path, style: str = "classic") -> list[Example]:
    out: list[Example] = []
    for number, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UserError(f"{path.name} line {number} is not valid JSON ({exc.msg})") from None
        out.append(_jsonl_row(row, f"{path.name}:{number}", style))
    return out


def _jsonl_row(row: Any, where: str, style: str = "classic") -> Example:
    if not isinstance(row, dict):
        raise UserError(f"{where}: each line must be a JSON object")
    if "messages" in row:
        messages = row["messages"]
        ok = isinstance(messages, list) and all(
            isinstance(m, dict) and isinstance(m.get("content"), str) and m.get("role")
            for m in messages
        )
        if not ok or not messages or messages[-1]["role"] != "assistant":
            raise UserError(
                f"{where}: 'messages' must be a list of {{role, content}} ending with an "
                "assistant message"
            )
        prompt = [{"role": str(m["role"]), "content": m["content"]} for m in messages[:-1]]
        return Example(prompt, messages[-1]["content"], where)
    completion = row.get("completion")
    if not isinstance(completion, str):
        raise UserError(f"{where}: needs a 'completion' text (or chat 'messages')")
    if isinstance(row.get("facts"), dict):
        facts = ProductFacts.from_dict(row["facts"])
        channel = str(row.get("channel") or "description")
        return Example(listing_prompt(facts, channel, style), completion, where)
    text = row.get("prompt")
    if not isinstance(text, str):
        raise UserError(f"{where}: needs a 'prompt' text, 'facts' or chat 'messages'")
    return Example([{"role": "user", "content": text}], completion, where)


def _txt_examples(path: Path, style: str = "classic") -> list[Example]:
    text = path.read_text(encoding="utf-8-sig")
    out: list[Example] = []
    for index, block in enumerate(re.split(r"\n\s*\n", text), start=1):
        block = block.strip()
        if not block:
            continue
        lines = block.splitlines()
        first = lines[0].strip()
        # A short first line without a full stop reads as the product's name.
        if len(lines) > 1 and len(first) <= 80 and not first.endswith((".", "!", "?")):
            prompt = _prompt_for_title(first, style)
            out.append(Example(prompt, "\n".join(lines[1:]), f"block {index}"))
        else:
            out.append(Example(_prompt_for_title("our product", style), block, f"block {index}"))
    return out


def _csv_examples(path: Path, style: str = "classic") -> list[Example]:
    """Shopify / WooCommerce export: facts from title, type, tags, options → the description.

    The catalog's facts also quote the existing description as features; those are dropped
    here, or the model would learn to copy its prompt instead of writing.
    """
    from engine.catalog.product_csv import read_catalog

    catalog = read_catalog(path)
    out: list[Example] = []
    for product in catalog.products:
        facts = product.facts("en")
        facts.features = []
        out.append(
            Example(
                listing_prompt(facts, "description", style),
                product.description_html or "",
                f"{path.name} row {product.row_index + 2}",
            )
        )
    return out


def favourite_examples(store: Store, limit: int = 2000, style: str = "classic") -> list[Example]:
    """Pairs from history items the owner starred (their facts and channel → the text)."""
    out: list[Example] = []
    for item in History(store).recent(limit, favourites_only=True):
        if item.kind.startswith("customer"):
            continue  # customer text trains only through the app's recorded, redacted files
        try:
            facts = ProductFacts.from_dict(item.facts or {"title": item.title or "our product"})
            prompt = listing_prompt(facts, item.channel or "description", style)
        except UserError:
            prompt = _prompt_for_title(item.title or "our product", style)
        out.append(Example(prompt, item.text, f"favourite #{item.id}"))
    return out


def read_examples(path: Path | str, style: str = "classic") -> list[Example]:
    """Raw pairs from a file (.csv, .jsonl, .json lines, .txt), by its extension.

    ``style`` is the prompt style of the model that will be trained (see
    :func:`listing_prompt`).

    Raises:
        UserError: for a missing file, an unknown format or a malformed line.

    """
    path = Path(path)
    if not path.is_file():
        raise UserError(f"training data file not found: {path}")
    suffix = path.suffix.lower()
    try:
        if suffix in (".jsonl", ".json"):
            return _jsonl_examples(path, style)
        if suffix in (".txt", ".md"):
            return _txt_examples(path, style)
        if suffix == ".csv":
            return _csv_examples(path, style)
    except UnicodeDecodeError:
        raise UserError(f"{path.name} is not UTF-8 text") from None
    raise UserError(f"{path.name}: use a product .csv, a .jsonl or a .txt file")


# -- cleaning and split --------------------------------------------------------------------------
def clean_examples(examples: list[Example]) -> tuple[list[Example], dict[str, int], int]:
    """Clean, redact and de-duplicate; returns (kept, dropped counts by reason, redactions)."""
    dropped = {"empty": 0, "duplicate": 0, "near_duplicate": 0}
    redactions = 0
    kept: list[Example] = []
    seen: set[str] = set()
    shingles: list[set[str]] = []
    for example in examples:
        text = clean_text(example.completion)
        text, n = redact(text)
        redactions += n
        if len(_norm(text)) < 3:
            dropped["empty"] += 1
            continue
        norm = _norm(text)
        if norm in seen:
            dropped["duplicate"] += 1
            continue
        grams = _shingles(text)
        if len(kept) <= 3000 and any(
            len(grams & other) / max(1, len(grams | other)) >= 0.85 for other in shingles
        ):
            dropped["near_duplicate"] += 1
            continue
        seen.add(norm)
        shingles.append(grams)
        prompt = []
        for message in example.prompt:
            content, n = redact(message["content"])
            redactions += n
            prompt.append({"role": message["role"], "content": content})
        kept.append(Example(prompt, text, example.source))
    return kept, dropped, redactions


def split_examples(
    examples: list[Example], eval_fraction: float = 0.15
) -> tuple[list[Example], list[Example]]:
    """Deterministic train / eval split by each pair's hash (stable as data is added)."""
    if len(examples) < 2:
        return list(examples), []
    ranked = sorted(examples, key=lambda e: e.key())
    n_eval = min(len(examples) - 1, max(1, round(len(examples) * eval_fraction)))
    eval_keys = {e.key() for e in ranked[:n_eval]}
    train = [e for e in examples if e.key() not in eval_keys]
    held = [e for e in examples if e.key() in eval_keys]
    return train, held


def build_dataset(
    *,
    path: Path | str | list[Path | str] | list[str] | None = None,
    store: Store | None = None,
    favourites: bool = False,
    eval_fraction: float = 0.15,
    prompt_style: str = "classic",
) -> Dataset:
    """Load, clean and split the owner's training data.

    Raises:
        UserError: when there is nothing to train on.

    """
    raw: list[Example] = []
    source = []
    for one in path if isinstance(path, list) else [path] if path else []:
        raw.extend(read_examples(one, prompt_style))
        source.append(Path(one).name)
    if favourites:
        if store is None:
            raise UserError("favourites need the history store")
        raw.extend(favourite_examples(store, style=prompt_style))
        source.append("favourites")
    if not source:
        raise UserError("choose a data file or use your favourites")
    kept, dropped, redacted = clean_examples(raw)
    if not kept:
        raise UserError(
            f"no usable texts in {' + '.join(source)} ({len(raw)} read, all empty or duplicates)"
        )
    train, held = split_examples(kept, eval_fraction)
    warnings = []
    if len(kept) < MIN_EXAMPLES:
        warnings.append(
            f"only {len(kept)} texts: the model will mostly memorise them; "
            f"{MIN_EXAMPLES * 3}+ give a better result"
        )
    if not held:
        warnings.append("too few texts to hold any back: perplexity is measured on training data")
    return Dataset(train, held, len(raw), dropped, redacted, warnings, " + ".join(source))
