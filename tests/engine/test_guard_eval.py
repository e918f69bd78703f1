"""The fact guard's precision and recall on the labelled set stay above their floors.

Floors sit a few points under the figures measured when the set was built (see the report in
bench/guard_eval.py's output), so any regression that costs more than a couple of spans fails.
"""

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data" / "guard_labelled.jsonl"
FLOORS = {
    "all": (0.88, 0.78),
    "en": (0.72, 0.55),
    "zh": (0.92, 0.85),
    "heldout": (0.85, 0.55),
}


def _evaluate():
    spec = importlib.util.spec_from_file_location("guard_eval", ROOT / "bench" / "guard_eval.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.evaluate(DATA)


def test_labelled_set_is_big_enough_and_well_formed():
    rows = [json.loads(line) for line in DATA.read_text(encoding="utf-8").splitlines()]
    assert len(rows) >= 40
    assert {r["lang"] for r in rows} == {"en", "zh"}
    assert sum(r["source"].startswith("generated") for r in rows) >= 20
    assert len({r["id"] for r in rows}) == len(rows)
    for row in rows:
        assert row["facts"]["title"] and row["text"]
        assert all(span in row["text"] for span in row["gold"])


def test_precision_and_recall_stay_above_their_floors():
    result = _evaluate()
    for key, (precision, recall) in FLOORS.items():
        assert result[key]["precision"] >= precision, (key, result[key])
        assert result[key]["recall"] >= recall, (key, result[key])
