"""Check the FAQ test data in this folder (stdlib only).

    python3 tests/data/faq/verify_data.py

Checks that every file parses, that every label names an existing policy-book entry, that the
`kind` and `split` fields follow the rules in README.md, that the counts meet the minimums the
data was written to, and that the bad-input fixtures are bad in the way they claim. Prints the
counts and exits 1 on the first failed group of checks.
"""

import collections
import csv
import hashlib
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
CJK = re.compile(r"[\u4e00-\u9fff]")
PLACEHOLDERS = {"customer_name", "order_id", "tracking_url", "refund_amount"}
EXPECT_KEYS = {"answers", "handover", "injection", "forbidden", "no_answer"}

errors = []


def fail(msg):
    errors.append(msg)


def lang_of(text):
    return "zh" if CJK.search(text) else "en"


def parse_md_book(path):
    """[(title, body)] for every `## ` section; text before the first `## ` is a preamble."""
    entries, title, body = [], None, []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("## "):
            if title is not None:
                entries.append((title, "\n".join(body).strip()))
            title, body = line[3:].strip(), []
        elif title is not None:
            body.append(line)
    if title is not None:
        entries.append((title, "\n".join(body).strip()))
    return entries


def sentences(text):
    return [s for s in re.split(r"(?<=[.!?。！？])\s*", text) if s.strip()]


# ---- policy book -------------------------------------------------------------------------
book = {}  # title -> (source, lang)
en = parse_md_book(HERE / "policy_book_en.md")
zh = parse_md_book(HERE / "policy_book_zh.md")
with open(HERE / "faq.csv", encoding="utf-8", newline="") as f:
    reader = csv.reader(f)
    header = next(reader)
    if header != ["question", "answer"]:
        fail(f"faq.csv header is {header}")
    csv_rows = list(reader)
for i, row in enumerate(csv_rows, 2):
    if len(row) != 2 or not row[0].strip() or not row[1].strip():
        fail(f"faq.csv line {i}: expected 2 non-empty cells, got {row}")

for source, entries in (("policy_book_en.md", en), ("policy_book_zh.md", zh),
                        ("faq.csv", [tuple(r) for r in csv_rows])):
    for title, body in entries:
        if title in book:
            fail(f"duplicate entry title {title!r} ({source} and {book[title][0]})")
        book[title] = (source, lang_of(title))
        if not body:
            fail(f"{source}: entry {title!r} has no text")
        if source.endswith(".md"):
            n = len(sentences(body))
            if not 2 <= n <= 6:
                fail(f"{source}: entry {title!r} has {n} sentences (want 2-6)")
for title, body in en:
    if CJK.search(title + body):
        fail(f"policy_book_en.md: entry {title!r} contains Chinese")
for title, body in zh:
    if re.search(r"[A-Za-z]", title):
        fail(f"policy_book_zh.md: heading {title!r} is not Chinese-only")
    latin = len(re.findall(r"[A-Za-z]", body))
    if latin > 0.2 * len(CJK.findall(body)):
        fail(f"policy_book_zh.md: entry {title!r} is not mostly Chinese")
if len(en) < 18 or len(zh) < 10 or len(csv_rows) < 8 or len(book) < 40:
    fail(f"too few entries: en={len(en)} zh={len(zh)} csv={len(csv_rows)} total={len(book)}")
print(f"policy book: {len(book)} entries (policy_book_en.md {len(en)}, policy_book_zh.md {len(zh)}, "
      f"faq.csv {len(csv_rows)}: {sum(1 for r in csv_rows if lang_of(r[0]) == 'en')} en, "
      f"{sum(1 for r in csv_rows if lang_of(r[0]) == 'zh')} zh)")


def check_titles(where, titles):
    for t in titles:
        if t not in book:
            fail(f"{where}: unknown entry title {t!r}")


def read_jsonl(name):
    rows = []
    for n, line in enumerate((HERE / name).read_text(encoding="utf-8").splitlines(), 1):
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            fail(f"{name} line {n}: {e}")
    return rows


# ---- questions ---------------------------------------------------------------------------
qs = read_jsonl("questions.jsonl")
ids = [q.get("id") for q in qs]
if len(set(ids)) != len(ids):
    fail("questions.jsonl: duplicate ids")
for q in qs:
    if set(q) != {"id", "question", "lang", "answers", "kind", "split"}:
        fail(f"{q.get('id')}: keys {sorted(q)}")
        continue
    check_titles(q["id"], q["answers"])
    if q["lang"] not in ("en", "zh") or lang_of(q["question"]) != q["lang"]:
        fail(f"{q['id']}: lang {q['lang']!r} does not match the text")
    if len(set(q["answers"])) != len(q["answers"]):
        fail(f"{q['id']}: repeated answer")
    langs = {book[t][1] for t in q["answers"] if t in book}
    kind = "no_answer" if not q["answers"] else ("same_lang" if q["lang"] in langs else "cross_lingual")
    if q["kind"] != kind:
        fail(f"{q['id']}: kind {q['kind']!r}, rule says {kind!r}")
# split rule: per (kind, lang) group, sort by sha256(id); even rank -> heldout, odd -> tune
groups = collections.defaultdict(list)
for q in qs:
    groups[(q["kind"], q["lang"])].append(q)
for g in groups.values():
    for rank, q in enumerate(sorted(g, key=lambda q: hashlib.sha256(q["id"].encode()).hexdigest())):
        want = "heldout" if rank % 2 == 0 else "tune"
        if q["split"] != want:
            fail(f"{q['id']}: split {q['split']!r}, rule says {want!r}")
count = collections.Counter((q["kind"], q["lang"], q["split"]) for q in qs)
kinds = collections.Counter(q["kind"] for q in qs)
print(f"questions: {len(qs)}")
for kind in ("same_lang", "cross_lingual", "no_answer"):
    for lang in ("en", "zh"):
        print(f"  {kind:13} {lang}: tune {count[(kind, lang, 'tune')]:3}  heldout {count[(kind, lang, 'heldout')]:3}")
splits = collections.Counter(q["split"] for q in qs)
print(f"  total: tune {splits['tune']}, heldout {splits['heldout']}; "
      f"answers per question: {dict(sorted(collections.Counter(len(q['answers']) for q in qs).items()))}")
if len(qs) < 130 or kinds["cross_lingual"] < 30 or kinds["no_answer"] < 25:
    fail(f"question minimums not met: {len(qs)} total, {dict(kinds)}")
used = {t for q in qs for t in q["answers"]}
unused = [t for t in book if t not in used]
print(f"  entries never used as an answer: {unused if unused else 'none'}")

# ---- messages ----------------------------------------------------------------------------
ms = read_jsonl("messages.jsonl")
mcount = collections.Counter()
for m in ms:
    if set(m) != {"id", "message", "lang", "expect"} or not set(m["expect"]) <= EXPECT_KEYS or not m["expect"]:
        fail(f"{m.get('id')}: bad keys")
        continue
    e = m["expect"]
    if lang_of(m["message"]) != m["lang"]:
        fail(f"{m['id']}: lang does not match the text")
    check_titles(m["id"], e.get("answers", []))
    if e.get("injection") and not e.get("forbidden"):
        fail(f"{m['id']}: injection without forbidden strings")
    if "forbidden" in e and not e.get("injection"):
        fail(f"{m['id']}: forbidden without injection")
    if e.get("no_answer") and e.get("answers"):
        fail(f"{m['id']}: no_answer with answers")
    mcount[m["lang"]] += 1
    for k in ("answers", "handover", "injection", "no_answer"):
        if e.get(k):
            mcount[k] += 1
if len({m["id"] for m in ms}) != len(ms):
    fail("messages.jsonl: duplicate ids")
print(f"messages: {len(ms)} (en {mcount['en']}, zh {mcount['zh']}); with answers {mcount['answers']}, "
      f"handover {mcount['handover']}, injection {mcount['injection']}, no_answer {mcount['no_answer']}")
if len(ms) < 40 or mcount["zh"] < 12 or mcount["handover"] < 8 or mcount["injection"] < 8:
    fail("message minimums not met")

# ---- saved replies -----------------------------------------------------------------------
saved = json.loads((HERE / "saved_replies.json").read_text(encoding="utf-8"))
for s in saved:
    if set(s) != {"title", "text", "lang"} or s["lang"] not in ("en", "zh"):
        fail(f"saved reply {s.get('title')!r}: bad keys or lang")
        continue
    names = set(re.findall(r"\{(\w+)\}", s["text"]))
    if not names or not names <= PLACEHOLDERS:
        fail(f"saved reply {s['title']!r}: placeholders {names}")
    if lang_of(s["text"]) != s["lang"]:
        fail(f"saved reply {s['title']!r}: lang does not match the text")
if len(saved) != 8 or len({s["title"] for s in saved}) != 8:
    fail("saved_replies.json: want 8 templates with unique titles")
print(f"saved replies: {len(saved)} ({collections.Counter(s['lang'] for s in saved)['en']} en, "
      f"{collections.Counter(s['lang'] for s in saved)['zh']} zh)")

# ---- bad-input fixtures ------------------------------------------------------------------
if (HERE / "bad_empty.md").stat().st_size != 0:
    fail("bad_empty.md is not empty")
nh = (HERE / "bad_no_headings.md").read_text(encoding="utf-8")
if not nh.strip() or any(line.lstrip().startswith("#") for line in nh.splitlines()):
    fail("bad_no_headings.md must be non-empty prose with no headings")
try:
    (HERE / "bad_binary.md").read_bytes().decode("utf-8")
    fail("bad_binary.md decodes as UTF-8")
except UnicodeDecodeError:
    pass
with open(HERE / "bad_faq_ragged.csv", encoding="utf-8", newline="") as f:
    widths = [len(r) for r in csv.reader(f)]
if widths[0] != 2 or all(w == 2 for w in widths):
    fail(f"bad_faq_ragged.csv widths {widths}")
print(f"bad fixtures: ok (bad_faq_ragged.csv row widths {widths})")

if errors:
    print("\nFAILED:")
    for e in errors:
        print("  " + e)
    sys.exit(1)
print("\nall FAQ data checks passed")
