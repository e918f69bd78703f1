"""A shop's voice lines: learnt from the texts it recurs in, evidence while its adapter writes."""

from __future__ import annotations

from pathlib import Path

from engine.catalog.facts import ProductFacts
from engine.finetune.voice import voice_lines
from engine.grounding.writer import Grounder
from engine.guard.evidence import EvidenceSet
from engine.models.adapters import read_voice_lines, write_voice_lines

TEXTS = [
    f"The {name} is turned from {wood}. From our workshop in Porto. Made slowly, to last."
    for name, wood in [
        ("Oak Bowl", "oak"),
        ("Ash Spoon", "ash"),
        ("Walnut Board", "walnut"),
        ("Cherry Cup", "cherry"),
        ("Beech Tray", "beech"),
    ]
] + ["A plain note about a cedar box, 20 cm wide."]


def test_recurring_sentences_are_the_voice_and_product_lines_are_not() -> None:
    lines = voice_lines(TEXTS)
    assert lines == ["From our workshop in Porto.", "Made slowly, to last."]
    assert voice_lines(TEXTS[:2]) == []  # two texts are not enough to call it a voice


def test_voice_lines_are_kept_with_the_adapter(tmp_path: Path) -> None:
    write_voice_lines(tmp_path, ["从我们的工作室出发。", "Made slowly, to last."])
    assert read_voice_lines(tmp_path) == ["从我们的工作室出发。", "Made slowly, to last."]
    assert read_voice_lines(tmp_path / "older") == []


def test_a_voice_line_is_supported_only_while_the_voice_writes() -> None:
    facts = ProductFacts.from_dict({"title": "Olive Wood Bowl", "attributes": {"wood": "olive"}})
    text = "The Olive Wood Bowl is made of olive wood. From our workshop in Porto."
    plain = Grounder(EvidenceSet.from_facts(facts)).check(text)
    voiced = EvidenceSet.from_facts(facts).with_voice(voice_lines(TEXTS))
    report = Grounder(voiced).check(text)
    assert plain.unsupported >= 1
    assert report.unsupported == 0
    assert [i.kind for i in voiced.items if i.id.startswith("voice:")] == ["context", "context"]
    assert report.missing == plain.missing  # voice lines are never facts to cover
