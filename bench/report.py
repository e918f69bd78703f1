"""The human-readable table of a benchmark document (``bench/run.py`` without ``--json``)."""

from __future__ import annotations

from typing import Any


def _fmt(value: Any, unit: str = "") -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.2f}{unit}" if value < 10 else f"{value:.1f}{unit}"
    return f"{value}{unit}"


def _ratio(a: Any, b: Any) -> str:
    if not a or not b:
        return "n/a"
    return f"{a / b:.2f}x"


def render(doc: dict[str, Any]) -> str:
    """One table: each figure for ShopScribe, generate(), llama.cpp, the limit, and ratios."""
    d = doc["decode_tok_s"]
    det = doc.get("details", {})
    dec = det.get("decode", {})
    lla = det.get("llama_cpp") or {}
    lim = det.get("limits_tok_s") or {}
    lines = [
        f"ShopScribe benchmark · model {doc['model']} · {doc['dtype']} · {doc['threads']} thread(s)"
        f" · prompt {dec.get('prompt_tokens', '?')} tokens, {dec.get('new_tokens', '?')} new",
        "",
        f"{'figure':34s} {'ShopScribe':>11s} {'generate()':>11s} {'llama.cpp':>11s} "
        f"{'limit':>9s} {'vs llama':>9s} {'vs gen':>8s}",
    ]

    def row(
        name: str, ours: Any, gen: Any, ref: Any, limit: Any, lower_better: bool = False
    ) -> None:
        vs_ref = _ratio(ref, ours) if lower_better else _ratio(ours, ref)
        vs_gen = _ratio(gen, ours) if lower_better else _ratio(ours, gen)
        lines.append(
            f"{name:34s} {_fmt(ours):>11s} {_fmt(gen):>11s} {_fmt(ref):>11s} {_fmt(limit):>9s} "
            f"{vs_ref:>9s} {vs_gen:>8s}"
        )

    tok = dec.get("tok_s", {})
    row(f"decode tok/s (default: {dec.get('decoder', '?')})", d["shopscribe"], d["generate"],
        d["llama_cpp"], d["limit"])  # fmt: skip
    if "torch_int8" in tok and dec.get("decoder", "").startswith("llama"):
        row("decode tok/s (torch int8 loop)", tok["torch_int8"], d["generate"], d["llama_cpp"],
            d["limit"])  # fmt: skip
    row("decode tok/s 16-bit (bf16 loop/f16)", tok.get("shopscribe_bf16"), d["generate"],
        (lla.get("f16") or {}).get("tok_s"), lim.get("bf16"))  # fmt: skip
    ttft = dec.get("ttft_ms", {})
    row("time to first token ms", doc["ttft_ms"], ttft.get("generate"),
        det.get("llama_ttft_ms"), None, lower_better=True)  # fmt: skip
    var = det.get("variants", {})
    ours_v = var.get("shopscribe", {})
    gen_v = var.get("generate", {})
    row("5 variants wall ÷ 1 variant wall", ours_v.get("ratio"), gen_v.get("ratio"), None, None,
        lower_better=True)  # fmt: skip
    if var.get("torch_int8"):
        row("5 ÷ 1 variants (torch int8 loop)", var["torch_int8"].get("ratio"),
            gen_v.get("ratio"), None, None, lower_better=True)  # fmt: skip
    for path, v in var.items():
        lines.append(f"  variants {path:12s} 1 in {v.get('one_s')} s, 5 in {v.get('5_s')} s")
    ui = doc["ui_lateness_ms"]
    for phase in ("load", "generate", "train", "idle"):
        if ui.get(phase):
            lines.append(
                f"UI lateness while {phase:8s} ms      p99 {_fmt(ui[phase]['p99'])}  "
                f"max {_fmt(ui[phase]['max'])}   (target p99 < 16, max < 50)"
            )
    lines.append(
        f"window on screen s (process start)  {_fmt(doc['window_shown_s'])}  (target < 1.5)"
    )
    lora = doc["lora_tok_s"]
    lines.append(
        f"train tok/s LoRA / full finetune     {_fmt(lora['shopscribe'])} / "
        f"{_fmt(lora['baseline'])}  = {_ratio(lora['shopscribe'], lora['baseline'])}"
        " (target ≥ 1.5x)"
    )
    match = dec.get("greedy_match_vs_generate", {})
    for path, m in match.items():
        lines.append(
            f"greedy agreement {path:16s} {m['matching_tokens']}/{m['reference_tokens']} "
            "leading tokens equal to generate() bf16"
        )
    for path, share in (dec.get("teacher_forced_agreement") or {}).items():
        if path != "reference_tokens":
            lines.append(f"teacher-forced top-1 agreement with bf16 generate(): {path} {share}")
    if det.get("llama_greedy_match"):
        lines.append(f"greedy agreement llama.cpp          {det['llama_greedy_match']}")
    bw = det.get("bandwidth_gbs")
    if bw:
        lines.append(f"memory read bandwidth {bw:.1f} GB/s → limits tok/s {lim}")
    lines.append(f"peak RSS MB: {doc.get('peak_rss_mb')}")
    for key, note in doc.get("notes", {}).items():
        lines.append(f"note [{key}]: {note}")
    return "\n".join(lines)
