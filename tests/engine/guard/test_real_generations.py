"""Guard v2 on real generations labelled by hand: the held-out split stays above its floors.

tests/data/grounding/labelled.jsonl holds 180 texts the app's own models wrote; the split is
by fact sheet and was frozen before the guard was tuned (on "tune" only). Measured when the
thresholds were frozen (`python bench/grounding_eval.py --split heldout`): recall 0.959 of 145
invented claims, 7.5 % of 228 supported statements flagged; round 1's guard: 0.159 and 0.4 %.
The floors are the issue's targets, with the measured figures well above them.
"""

import importlib.util
import json
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "tests" / "data" / "grounding" / "labelled.jsonl"


def _bench():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location(
        "grounding_eval", ROOT / "bench" / "grounding_eval.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_labelled_set_is_real_big_and_split_by_sheet():
    lines = DATA.read_text(encoding="utf-8").splitlines()
    header = json.loads(lines[0])["header"]
    rows = [json.loads(line) for line in lines[1:] if line.strip()]
    assert "rules" in header and len(rows) >= 150
    assert {r["model"] for r in rows} == {"qwen-coder", "smollm2"}
    assert {r["lang"] for r in rows} == {"en", "zh"}
    assert len({r["channel"] for r in rows}) == 7
    by_sheet = {}
    for row in rows:
        assert by_sheet.setdefault(row["sheet"], row["split"]) == row["split"]  # one split a sheet
        for span in row["invented"] + row["supported"]:
            assert row["text"][span["start"] : span["end"]] == span["span"]
    held = sum(1 for split in by_sheet.values() if split == "heldout")
    assert len(by_sheet) >= 40 and held >= 0.4 * len(by_sheet)


def test_guard_v2_meets_its_targets_on_the_held_out_split():
    bench = _bench()
    _header, texts, sheets = bench.load()
    held = [t for t in texts if t["split"] == "heldout"]
    result = bench.score(held, sheets, bench.guard_v2(bench.ClaimRules(), None))
    assert result["recall"]["all"] >= 0.8, result["recall"]
    assert result["false_flag_rate"] <= 0.15, result["false_flag_rate"]
    assert result["recall"]["lang:zh"] >= 0.8 and result["recall"]["lang:en"] >= 0.8
