"""Redaction on the labelled notes: every e-mail and phone caught, orders and addresses too,
and the hard negatives (quantities, sizes, prices, dates, times, SKUs, barcodes) left alone.

Measured when the redactor was written (on this same file, so these are development figures):
email, phone, order and address recall 1.0 (47, 55, 47, 43 spans), 0 false redactions. The
e-mail and phone floors are the issue's 100 %; orders and addresses keep a few spans of slack.
The held-out lines below were written afterwards, by hand, in formats the file does not use.
"""

import importlib.util
from pathlib import Path

import pytest

from engine.customers.redact import find_pii, redact, redact_messages

ROOT = Path(__file__).resolve().parents[3]


def _evaluate():
    spec = importlib.util.spec_from_file_location(
        "customers_redaction", ROOT / "bench" / "customers_redaction.py"
    )
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.evaluate()


def test_every_email_and_phone_is_caught_and_no_hard_negative_is_touched():
    result = _evaluate()
    recall = result["recall"]
    assert recall["email"]["gold"] == 47 and recall["phone"]["gold"] == 55
    assert recall["email"]["recall"] == 1.0, result["missed"]
    assert recall["phone"]["recall"] == 1.0, result["missed"]
    assert recall["order"]["recall"] >= 0.95, result["missed"]
    assert recall["address"]["recall"] >= 0.9, result["missed"]
    assert result["false_redactions"] <= 3, result["false_list"]


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Call me on 0412 345 678 tomorrow", ["phone"]),
        ("Deliver to 10 Downing Street, London SW1A 2AA please", ["address"]),
        ("She wrote from Ana.Ruiz+tienda@correo.example.es yesterday", ["email"]),
        ("顾客手机是 186 0000 1111，地址杭州市滨江区江南大道 3588 号。", ["phone", "address"]),
        ("Order no. 55512 left on 2024-12-01 at 10:30, 3 mugs", ["order"]),
        ("发货单号：SO-2025-00017，共 2 件", ["order"]),
    ],
)
def test_formats_the_labelled_file_does_not_use(text, kinds):
    assert [f.kind for f in find_pii(text)] == kinds


@pytest.mark.parametrize(
    "text",
    [
        "We sold 1,234 mugs in 2024 for $12,345.00",
        "Meeting 2024-12-01 10:30-11:30, room 12",
        "Curtains 140 x 250 cm, 2 panels, 20% off, ready in 3 weeks",
        "SKU LN-CUR-140-250-OAT and barcode 0845123000127",
        "双十一 下午3点 发货，桌布 160 × 320 厘米，¥1,280",
    ],
)
def test_numbers_that_are_not_personal_stay(text):
    assert redact(text) == (text, [])


def test_placeholders_and_messages():
    text, found = redact("Ring +44 20 7946 0321 or write to m.okafor@example.org re #1100.")
    assert text == "Ring [phone] or write to [email] re [order]."
    assert [f.text for f in found] == ["+44 20 7946 0321", "m.okafor@example.org", "#1100"]
    messages = redact_messages([{"role": "user", "content": "联系我abc@example.com谢谢"}])
    assert messages == [{"role": "user", "content": "联系我[email]谢谢"}]
