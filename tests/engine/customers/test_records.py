"""Customer records: import (duplicates, ragged rows, encodings), notes, search, export."""

from pathlib import Path

import pytest

from engine.core.errors import UserError
from engine.customers.contacts import read_contacts, write_contacts
from engine.customers.imports import import_contacts, import_file, import_notes
from engine.customers.store import CustomerBook

DATA = Path(__file__).resolve().parents[2] / "data" / "customers"


@pytest.fixture
def book(fresh_store):
    import_contacts(fresh_store, DATA / "customers.csv")
    return CustomerBook(fresh_store)


def test_import_merges_the_two_duplicate_emails(fresh_store):
    result = import_contacts(fresh_store, DATA / "customers.csv")
    assert (result.rows, result.added, result.merged) == (32, 30, 2)
    book = CustomerBook(fresh_store)
    assert book.count() == 30
    harriet = book.by_email(" HARRIET.LOWE@example.com")
    assert harriet is not None and harriet.email == "harriet.lowe@example.com"
    assert harriet.tags == ["repeat", "ceramics", "portland", "newsletter"]
    assert harriet.phone == "+1 503 555 0147" and harriet.other_phones == ["503-555-0147"]
    texts = [n.text for n in book.notes(harriet.id)]
    assert texts == [
        "Regular since 2023, collects the speckled glaze mugs.",
        "Signed up at the Portland winter market.",
    ]
    wang = book.by_email("wangfang88@mail.example.cn")
    assert wang is not None and wang.name == "王芳"
    assert wang.fields["other names"] == "Wang Fang 王芳"
    assert "wholesale-lead" in wang.tags and wang.other_phones == ["+86 138 0013 8000"]


def test_importing_again_doubles_nothing_and_keeps_what_was_added(fresh_store):
    import_contacts(fresh_store, DATA / "customers.csv")
    book = CustomerBook(fresh_store)
    harriet = book.by_email("harriet.lowe@example.com")
    book.add_note(harriet.id, "Asked about the cereal bowl.", when="2025-01-02")
    harriet.tags.append("vip")
    book.update(harriet)
    again = import_contacts(fresh_store, DATA / "customers.csv")
    assert (again.added, again.merged, again.notes_added) == (0, 32, 0)
    assert book.count() == 30
    harriet = book.by_email("harriet.lowe@example.com")
    assert "vip" in harriet.tags and len(book.notes(harriet.id)) == 3


def test_a_ragged_row_is_refused_with_its_row_and_nothing_is_saved(fresh_store):
    with pytest.raises(UserError, match=r"bad_ragged.csv, row 4: 7 cells but the header has 5"):
        import_contacts(fresh_store, DATA / "bad_ragged.csv")
    assert CustomerBook(fresh_store).count() == 0


def test_a_file_without_an_email_column_is_refused(fresh_store):
    with pytest.raises(UserError, match=r"row 1: no 'email' column \(the header is name,phone"):
        import_contacts(fresh_store, DATA / "bad_missing_email_column.csv")


def test_utf16_is_decoded_like_the_utf8_original():
    assert (DATA / "bad_utf16.csv").read_bytes()[:2] == b"\xff\xfe"
    utf16 = read_contacts(DATA / "bad_utf16.csv")
    utf8 = read_contacts(DATA / "customers.csv")
    assert [(r.name, r.email, r.tags) for r in utf16] == [(r.name, r.email, r.tags) for r in utf8]
    assert utf16[1].name == "王芳"


def test_latin1_is_refused_with_row_and_byte():
    with pytest.raises(UserError) as caught:
        read_contacts(DATA / "bad_latin1.csv")
    message = str(caught.value)
    assert "not UTF-8" in message and "row 2" in message and "0xEB" in message
    assert "CSV UTF-8" in message


def test_utf8_with_a_bom_and_other_header_spellings(tmp_path):
    path = tmp_path / "shopify.csv"
    path.write_bytes(
        b"\xef\xbb\xbfFirst Name,Last Name,E-mail,Phone Number,Tags,City\r\n"
        b"Zo\xc3\xab,M\xc3\xbcller,zoe@example.de,+49 30 123,eu,Berlin\r\n"
    )
    (row,) = read_contacts(path)
    assert (row.name, row.email, row.phone, row.tags) == (
        "Zoë Müller",
        "zoe@example.de",
        "+49 30 123",
        ["eu"],
    )
    assert row.fields == {"City": "Berlin"}


def test_a_malformed_email_is_refused_with_row_and_column(tmp_path):
    path = tmp_path / "c.csv"
    path.write_text("name,email,phone,tags,notes\nA,a@example.com,,,\nB,not-an-address,,,\n")
    with pytest.raises(UserError, match=r"row 3, column 'email': 'not-an-address'"):
        read_contacts(path)


def test_notes_timeline_import_and_order(book, fresh_store):
    result = import_notes(fresh_store, DATA / "notes.jsonl")
    assert result.rows == 161 and result.added == 0 and result.notes_added == 161
    kevin = book.by_email("kevin.marsh@example.net")
    notes = book.notes(kevin.id)
    assert [n.date for n in notes] == sorted(n.date for n in notes)
    first = [n for n in notes if n.source == "import:customers.csv"]
    assert [n.text for n in first] == ["First order October 2024."]  # the CSV's note, dated today
    assert {n.kind for n in notes} == {"message", "order_remark", "note"}
    assert len(notes) == 1 + sum(1 for n in notes if n.source == "import:notes.jsonl")
    again = import_notes(fresh_store, DATA / "notes.jsonl")
    assert again.notes_added == 0


def test_search_by_text_in_english_and_chinese_and_by_tag(book, fresh_store):
    import_notes(fresh_store, DATA / "notes.jsonl")
    names = lambda found: sorted(c.name for c in found)  # noqa: E731
    assert "Harriet Lowe" in names(book.search("speckled"))
    assert names(book.search("无香蜡烛")) == ["王芳"]
    assert "陈静" in names(book.search("碗"))  # one character: substring search
    assert names(book.search("", tag="unscented")) == ["Sophie Laurent"]
    assert names(book.search("Lyon", tag="eu")) == ["Sophie Laurent"]
    assert names(book.search("555 0147")) == ["Harriet Lowe"]
    assert book.search("nothing like this anywhere") == []
    assert ("中文", 8) in book.all_tags()  # 9 rows, one of them the duplicate 王芳


def test_resolve_by_id_email_or_name(book):
    harriet = book.by_email("harriet.lowe@example.com")
    assert book.resolve(str(harriet.id)).id == harriet.id
    assert book.resolve("Harriet.Lowe@example.com").id == harriet.id
    assert book.resolve("harriet lowe").id == harriet.id
    with pytest.raises(UserError, match="no customer"):
        book.resolve("nobody@example.com")


def test_export_and_import_round_trip(book, fresh_store, tmp_path, data_paths):
    import_notes(fresh_store, DATA / "notes.jsonl")
    everyone = [(c, book.notes(c.id)) for c in book.search()]
    out = tmp_path / "export.csv"
    assert write_contacts(out, everyone) == 30
    from engine.app import open_store
    from engine.core.paths import Paths

    other = open_store(Paths(tmp_path / "other").ensure())
    try:
        result = import_file(other, out)
        copy = CustomerBook(other)
        assert result.added == 30 and copy.count() == 30
        for customer, notes in everyone:
            twin = copy.by_email(customer.email)
            assert (twin.name, twin.phone, twin.tags) == (
                customer.name,
                customer.phone,
                customer.tags,
            )
            assert [(n.date, n.kind) for n in copy.notes(twin.id)] == [
                (n.date, n.kind) for n in notes
            ]
        assert import_file(other, out).notes_added == 0
    finally:
        other.close()


def test_adding_notes_checks_kind_date_and_text(book):
    harriet = book.by_email("harriet.lowe@example.com")
    with pytest.raises(UserError, match="kind"):
        book.add_note(harriet.id, "x", kind="email")
    with pytest.raises(UserError, match="not a date"):
        book.add_note(harriet.id, "x", when="16/05/2024")
    with pytest.raises(UserError, match="empty"):
        book.add_note(harriet.id, "  ")
    note = book.add_note(harriet.id, "Pasted: thanks!", kind="message", when="2025-02-20")
    assert note in book.notes(harriet.id) and note.date == "2025-02-20"
