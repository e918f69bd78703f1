"""Summary counts of labelled.jsonl (markdown, as in the README), including the old guard's
overlap with the labels (flags recorded in generations.jsonl as old_guard_flags).

    python tests/data/grounding/tools/stats.py
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from pathlib import Path

DATA = Path(__file__).resolve().parent.parent


def load(name: str) -> list[dict]:
    return [json.loads(x) for x in (DATA / name).read_text("utf-8").splitlines() if x.strip()]


def overlaps(a: dict, flags: list[dict]) -> bool:
    return any(f["start"] < a["end"] and a["start"] < f["end"] for f in flags)


def table(title: str, header: list[str], rows: list[list]) -> str:
    out = [f"**{title}**", "", "| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    out += ["| " + " | ".join(str(c) for c in r) + " |" for r in rows]
    return "\n".join(out) + "\n"


def pct(a: int, b: int) -> str:
    return f"{a}/{b} ({100 * a / b:.0f} %)" if b else "0/0"


def main() -> None:
    lines = load("labelled.jsonl")
    rows = [r for r in lines if "header" not in r]
    flags = {g["id"]: g["old_guard_flags"] for g in load("generations.jsonl")}
    parts = []
    splits = ["tune", "heldout"]

    c = Counter((r["model"], r["lang"], r["split"]) for r in rows)
    parts.append(table("Texts per model, language and split", ["model", "lang", "tune", "heldout", "all"],
                       [[m, l, c[(m, l, "tune")], c[(m, l, "heldout")], c[(m, l, "tune")] + c[(m, l, "heldout")]]
                        for m in ("qwen-coder", "smollm2") for l in ("en", "zh")]
                       + [["all", "", sum(v for k, v in c.items() if k[2] == "tune"),
                           sum(v for k, v in c.items() if k[2] == "heldout"), len(rows)]]))
    channels = ["description", "title", "bullets", "seo", "ad", "social", "email"]
    c = Counter((r["model"], r["channel"]) for r in rows)
    parts.append(table("Texts per channel and model", ["channel", "qwen-coder", "smollm2", "all"],
                       [[ch, c[("qwen-coder", ch)], c[("smollm2", ch)], c[("qwen-coder", ch)] + c[("smollm2", ch)]]
                        for ch in channels]))

    types = list(next(r for r in lines if "header" in r)["header"]["claim_types"])
    inv = Counter((x["type"], r["split"]) for r in rows for x in r["invented"])
    parts.append(table("Invented claims per type", ["type", "tune", "heldout", "all"],
                       [[t, inv[(t, "tune")], inv[(t, "heldout")], inv[(t, "tune")] + inv[(t, "heldout")]] for t in types]
                       + [["all", sum(v for k, v in inv.items() if k[1] == "tune"),
                           sum(v for k, v in inv.items() if k[1] == "heldout"), sum(inv.values())]]))

    per = []
    for m in ("qwen-coder", "smollm2"):
        for l in ("en", "zh", "all"):
            rs = [r for r in rows if r["model"] == m and (l == "all" or r["lang"] == l)]
            if not rs:
                continue
            n_inv = sum(len(r["invented"]) for r in rs)
            with_inv = sum(1 for r in rs if r["invented"])
            n_sup = sum(len(r["supported"]) for r in rs)
            with_art = sum(1 for r in rs if r["artifacts"])
            pub = sum(1 for r in rs if r["publishable"])
            per.append([m, l, len(rs), n_inv, f"{n_inv / len(rs):.2f}", pct(with_inv, len(rs)), n_sup,
                        pct(with_art, len(rs)), pct(pub, len(rs))])
    rs = rows
    per.append(["all", "all", len(rs), sum(len(r["invented"]) for r in rs),
                f"{sum(len(r['invented']) for r in rs) / len(rs):.2f}", pct(sum(1 for r in rs if r["invented"]), len(rs)),
                sum(len(r["supported"]) for r in rs), pct(sum(1 for r in rs if r["artifacts"]), len(rs)),
                pct(sum(1 for r in rs if r["publishable"]), len(rs))])
    parts.append(table("Per model and language", ["model", "lang", "texts", "invented", "invented/text",
                                                  "texts with invented", "supported spans", "texts with artifacts",
                                                  "publishable"], per))

    ch_rows = []
    for ch in channels:
        rs = [r for r in rows if r["channel"] == ch]
        ch_rows.append([ch, len(rs), f"{sum(len(r['invented']) for r in rs) / max(1, len(rs)):.2f}",
                        pct(sum(1 for r in rs if r["artifacts"]), len(rs)), pct(sum(1 for r in rs if r["publishable"]), len(rs))])
    parts.append(table("Per channel", ["channel", "texts", "invented/text", "texts with artifacts", "publishable"], ch_rows))

    atypes = list(next(r for r in lines if "header" in r)["header"]["artifact_types"])
    inst = Counter(a["type"] for r in rows for a in r["artifacts"])
    texts_with = Counter(t for r in rows for t in {a["type"] for a in r["artifacts"]})
    by_model = Counter((r["model"], t) for r in rows for t in {a["type"] for a in r["artifacts"]})
    parts.append(table("Artifacts per type", ["type", "instances", "texts with it", "qwen-coder texts", "smollm2 texts"],
                       [[t, inst[t], texts_with[t], by_model[("qwen-coder", t)], by_model[("smollm2", t)]] for t in atypes]))

    og = []
    for sp in splits + ["all"]:
        rs = [r for r in rows if sp == "all" or r["split"] == sp]
        n_inv = sum(len(r["invented"]) for r in rs)
        caught = sum(1 for r in rs for x in r["invented"] if overlaps(x, flags[r["id"]]))
        n_sup = sum(len(r["supported"]) for r in rs)
        sup_flagged = sum(1 for r in rs for x in r["supported"] if overlaps(x, flags[r["id"]]))
        n_flags = sum(len(flags[r["id"]]) for r in rs)
        on_inv = sum(1 for r in rs for f in flags[r["id"]] if overlaps(f, r["invented"]))
        on_sup_only = sum(1 for r in rs for f in flags[r["id"]]
                          if not overlaps(f, r["invented"]) and overlaps(f, r["supported"]))
        on_art_only = sum(1 for r in rs for f in flags[r["id"]]
                          if not overlaps(f, r["invented"]) and not overlaps(f, r["supported"])
                          and overlaps(f, r["artifacts"]))
        elsewhere = n_flags - on_inv - on_sup_only - on_art_only
        t_inv = [r for r in rs if r["invented"]]
        t_flagged = sum(1 for r in t_inv if flags[r["id"]])
        t_clean = [r for r in rs if not r["invented"]]
        t_clean_flagged = sum(1 for r in t_clean if flags[r["id"]])
        og.append([sp, pct(caught, n_inv), pct(sup_flagged, n_sup), n_flags, pct(on_inv, n_flags),
                   on_sup_only, on_art_only, elsewhere, pct(t_flagged, len(t_inv)),
                   pct(t_clean_flagged, len(t_clean))])
    parts.append(table("Old guard (flags from the CLI) against the labels",
                       ["split", "recall: invented spans overlapped by a flag", "supported spans flagged",
                        "flags", "flags on an invented span", "flags on a supported span only",
                        "flags on debris only", "flags on other unlabelled text",
                        "texts with invented claims that got a flag", "texts without invented claims that got a flag"], og))

    rec = []
    for t in types:
        xs = [(r, x) for r in rows for x in r["invented"] if x["type"] == t]
        row = [t]
        for sp in splits:
            ys = [(r, x) for r, x in xs if r["split"] == sp]
            row.append(pct(sum(1 for r, x in ys if overlaps(x, flags[r["id"]])), len(ys)))
        rec.append(row)
    parts.append(table("Old guard recall per claim type", ["type", "tune", "heldout"], rec))

    lang_rec = []
    for l in ("en", "zh"):
        row = [l]
        for sp in splits:
            rs = [r for r in rows if r["split"] == sp and r["lang"] == l]
            n_inv = sum(len(r["invented"]) for r in rs)
            caught = sum(1 for r in rs for x in r["invented"] if overlaps(x, flags[r["id"]]))
            n_sup = sum(len(r["supported"]) for r in rs)
            sf = sum(1 for r in rs for x in r["supported"] if overlaps(x, flags[r["id"]]))
            row += [pct(caught, n_inv), pct(sf, n_sup)]
        lang_rec.append(row)
    parts.append(table("Old guard per language", ["lang", "tune recall", "tune supported flagged",
                                                   "heldout recall", "heldout supported flagged"], lang_rec))
    print("\n".join(parts))


if __name__ == "__main__":
    main()
