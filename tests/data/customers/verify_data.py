"""Check the customer test data in this folder (stdlib only).

    python3 tests/data/customers/verify_data.py

Checks that every file parses, that notes and expectations point at existing customers and
products, that every PII span is an exact substring of its note, that the catalogue has the
Shopify header, and that the bad-input fixtures are bad in the way they claim. Prints the
counts and exits 1 if anything failed.
"""

import collections
import csv
import datetime
import json
import re
import sys
from decimal import Decimal, InvalidOperation
from pathlib import Path

HERE = Path(__file__).resolve().parent
CJK = re.compile(r"[\u4e00-\u9fff]")
# Shopify's product CSV header, as in tests/data/shopify_product_template.csv
SHOPIFY_HEADER = (
    "Handle,Title,Body (HTML),Vendor,Product Category,Type,Tags,Published,Option1 Name,Option1 Value,"
    "Option2 Name,Option2 Value,Option3 Name,Option3 Value,Variant SKU,Variant Grams,"
    "Variant Inventory Tracker,Variant Inventory Qty,Variant Inventory Policy,Variant Fulfillment Service,"
    "Variant Price,Variant Compare At Price,Variant Requires Shipping,Variant Taxable,Variant Barcode,"
    "Image Src,Image Position,Image Alt Text,Gift Card,SEO Title,SEO Description,"
    "Google Shopping / Google Product Category,Google Shopping / Gender,Google Shopping / Age Group,"
    "Google Shopping / MPN,Google Shopping / Condition,Google Shopping / Custom Product,Variant Image,"
    "Variant Weight Unit,Variant Tax Code,Cost per item,Included / United States,Price / United States,"
    "Compare At Price / United States,Included / International,Price / International,"
    "Compare At Price / International,Status"
).split(",")
INJECTIONS = ("ignore previous instructions", "忽略之前的指令")

errors = []


def fail(msg):
    errors.append(msg)


def norm(email):
    return email.strip().lower()


def read_jsonl(name):
    rows = []
    for n, line in enumerate((HERE / name).read_text(encoding="utf-8").splitlines(), 1):
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as e:
            fail(f"{name} line {n}: {e}")
    return rows


# ---- customers ---------------------------------------------------------------------------
with open(HERE / "customers.csv", encoding="utf-8", newline="") as f:
    reader = csv.DictReader(f)
    if reader.fieldnames != ["name", "email", "phone", "tags", "notes"]:
        fail(f"customers.csv header {reader.fieldnames}")
    customers = list(reader)
seen, dups = {}, []
for i, c in enumerate(customers, 2):
    if None in c or any(v is None for v in c.values()):
        fail(f"customers.csv line {i}: wrong number of cells")
        continue
    if not all(c[k].strip() for k in ("name", "email", "phone", "notes")):
        fail(f"customers.csv line {i}: empty field")
    if "@" not in c["email"]:
        fail(f"customers.csv line {i}: bad email {c['email']!r}")
    e = norm(c["email"])
    if e in seen:
        dups.append((i, c["email"], seen[e]))
    else:
        seen[e] = i
if len(dups) != 2 or any(raw == raw.strip().lower() for _, raw, _ in dups):
    fail(f"want exactly 2 duplicate-email rows that differ in case/whitespace, got {dups}")
zh_names = sum(1 for c in customers if CJK.search(c["name"]))
print(f"customers.csv: {len(customers)} rows, {len(seen)} distinct emails after trim+lowercase "
      f"({len(dups)} duplicate rows: " + ", ".join(f"line {i} {raw!r} = line {j}" for i, raw, j in dups)
      + f"); {zh_names} rows with Chinese names")

# ---- notes -------------------------------------------------------------------------------
notes = read_jsonl("notes.jsonl")
for n, r in enumerate(notes, 1):
    if set(r) != {"email", "date", "kind", "text"}:
        fail(f"notes.jsonl line {n}: keys {sorted(r)}")
        continue
    if norm(r["email"]) not in seen:
        fail(f"notes.jsonl line {n}: unknown customer {r['email']!r}")
    try:
        datetime.date.fromisoformat(r["date"])
    except ValueError:
        fail(f"notes.jsonl line {n}: bad date {r['date']!r}")
    if r["kind"] not in ("note", "message", "order_remark") or not r["text"].strip():
        fail(f"notes.jsonl line {n}: bad kind or empty text")
per = collections.Counter(norm(r["email"]) for r in notes)
kinds = collections.Counter(r["kind"] for r in notes)
inj = {norm(r["email"]) for r in notes for s in INJECTIONS if s in r["text"].lower()}
if len(notes) < 150:
    fail(f"only {len(notes)} notes")
if len(inj) != 1:
    fail(f"prompt-injection text should belong to exactly one customer, found {inj}")
no_notes = [e for e in seen if e not in per]
print(f"notes.jsonl: {len(notes)} notes ({dict(kinds)}), {min(per.values())}-{max(per.values())} per customer, "
      f"dates {min(r['date'] for r in notes)}..{max(r['date'] for r in notes)}; "
      f"customers without notes: {no_notes or 'none'}; injection text only in {sorted(inj)}")

# ---- catalogue ---------------------------------------------------------------------------
with open(HERE / "catalog.csv", encoding="utf-8", newline="") as f:
    rows = list(csv.reader(f))
header, body = rows[0], rows[1:]
template = HERE.parent / "shopify_product_template.csv"
if template.exists():
    with open(template, encoding="utf-8", newline="") as f:
        if next(csv.reader(f)) != SHOPIFY_HEADER:
            fail("SHOPIFY_HEADER in this script differs from shopify_product_template.csv")
if header != SHOPIFY_HEADER:
    fail("catalog.csv header is not Shopify's")
products, variants = {}, collections.Counter()
for i, r in enumerate(body, 2):
    if len(r) != len(header):
        fail(f"catalog.csv line {i}: {len(r)} cells")
        continue
    d = dict(zip(header, r))
    h = d["Handle"]
    if d["Title"]:
        if h in products:
            fail(f"catalog.csv line {i}: second title row for {h}")
        products[h] = d
    elif h not in products:
        fail(f"catalog.csv line {i}: variant row before the product row for {h}")
    variants[h] += 1
    try:
        Decimal(d["Variant Price"])
    except InvalidOperation:
        fail(f"catalog.csv line {i}: price {d['Variant Price']!r}")
    if not d["Variant SKU"]:
        fail(f"catalog.csv line {i}: no SKU")
skus = [r[header.index("Variant SKU")] for r in body]
if len(set(skus)) != len(skus):
    fail("catalog.csv: duplicate SKUs")
if len(products) < 60:
    fail(f"only {len(products)} products")
multi = sum(1 for v in variants.values() if v > 1)
print(f"catalog.csv: {len(products)} products, {len(body)} rows, {multi} products with several variant rows, "
      f"{len(header)} Shopify columns")

# ---- profile expectations ----------------------------------------------------------------
for p in read_jsonl("profile_expectations.jsonl"):
    if norm(p["email"]) not in seen:
        fail(f"profile_expectations: unknown customer {p['email']}")
    for h in p.get("recommend", []) + p.get("avoid", []):
        if h not in products:
            fail(f"profile_expectations {p['email']}: unknown handle {h}")

# ---- redaction ---------------------------------------------------------------------------
red = read_jsonl("redaction.jsonl")
pc = collections.Counter()
langs = collections.Counter()
for r in red:
    if set(r) != {"id", "lang", "text", "pii"} or r["lang"] not in ("en", "zh"):
        fail(f"redaction {r.get('id')}: bad keys or lang")
        continue
    langs[r["lang"]] += 1
    if r["lang"] == "zh" and not CJK.search(r["text"]) or r["lang"] == "en" and CJK.search(r["text"]):
        fail(f"redaction {r['id']}: lang does not match the text")
    for p in r["pii"]:
        if p.get("type") not in ("email", "phone", "order", "address"):
            fail(f"redaction {r['id']}: bad type {p.get('type')!r}")
        if p.get("text") not in r["text"]:
            fail(f"redaction {r['id']}: {p.get('text')!r} is not a substring")
        elif r["text"].count(p["text"]) != 1:
            fail(f"redaction {r['id']}: {p['text']!r} occurs more than once (offset ambiguous)")
        pc[(r["lang"], p["type"])] += 1
if len({r["id"] for r in red}) != len(red):
    fail("redaction.jsonl: duplicate ids")
if len(red) < 160 or abs(langs["en"] - langs["zh"]) > 2:
    fail(f"redaction: {dict(langs)}")
print(f"redaction.jsonl: {len(red)} notes (en {langs['en']}, zh {langs['zh']}), "
      f"{sum(1 for r in red if not r['pii'])} with no PII, {sum(pc.values())} PII spans")
for t in ("email", "phone", "order", "address"):
    print(f"  {t:8} en {pc[('en', t)]:3}  zh {pc[('zh', t)]:3}")

# ---- bad-input fixtures ------------------------------------------------------------------
with open(HERE / "bad_ragged.csv", encoding="utf-8", newline="") as f:
    widths = [len(r) for r in csv.reader(f)]
if widths[0] != 5 or widths[3] <= 5 or sum(w != 5 for w in widths) != 1:
    fail(f"bad_ragged.csv widths {widths} (want one long row: data row 3)")
raw = (HERE / "bad_utf16.csv").read_bytes()
if raw[:2] not in (b"\xff\xfe", b"\xfe\xff") or raw.decode("utf-16") != open(
        HERE / "customers.csv", encoding="utf-8", newline="").read():
    fail("bad_utf16.csv is not customers.csv in UTF-16 with a BOM")
lat = (HERE / "bad_latin1.csv").read_bytes()
try:
    lat.decode("utf-8")
    fail("bad_latin1.csv decodes as UTF-8")
except UnicodeDecodeError:
    if not re.search(r"[À-ÿ]", lat.decode("latin-1")):
        fail("bad_latin1.csv has no accented Latin-1 letters")
with open(HERE / "bad_missing_email_column.csv", encoding="utf-8", newline="") as f:
    h = next(csv.reader(f))
if "email" in h:
    fail("bad_missing_email_column.csv has an email column")
print(f"bad fixtures: ok (bad_ragged.csv widths {widths}, bad_missing_email_column.csv header {h})")

if errors:
    print("\nFAILED:")
    for e in errors:
        print("  " + e)
    sys.exit(1)
print("\nall customer data checks passed")
