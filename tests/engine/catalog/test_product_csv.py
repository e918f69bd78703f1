"""Shopify / WooCommerce CSV reading, and byte-identical writing of untouched cells."""

import csv
import io
from pathlib import Path

import pytest

from engine.catalog.product_csv import read_catalog, write_catalog
from engine.catalog.splice import parse
from engine.core.errors import UserError
from tests.conftest import DATA as DATA_DIR

WOO = DATA_DIR / "woocommerce_products.csv"


@pytest.fixture
def shopify(shopify_template: Path) -> Path:
    return shopify_template


def cells(path: Path) -> list[list[str]]:
    return list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline="")))


def differing_bytes(a: bytes, b: bytes) -> tuple[int, int]:
    """Length of the common prefix and suffix of two byte strings."""
    prefix = 0
    while prefix < min(len(a), len(b)) and a[prefix] == b[prefix]:
        prefix += 1
    suffix = 0
    while suffix < min(len(a), len(b)) - prefix and a[-1 - suffix] == b[-1 - suffix]:
        suffix += 1
    return prefix, suffix


def test_shopify_template_is_three_products_not_seventeen_rows(shopify):
    catalog = read_catalog(shopify)
    assert catalog.kind == "shopify"
    assert catalog.rows == 17
    assert [p.key for p in catalog.products] == ["example-shirt", "example-pants", "example-hat"]
    shirt, pants, hat = catalog.products
    assert shirt.title == "Example T-Shirt"
    assert shirt.description_html.startswith("<p>This t-shirt is as simple")
    assert shirt.tags == ["Made to Order", "Shirt Tag"]
    assert shirt.vendor == "Acme"
    assert shirt.category == "Shirts"
    assert shirt.options == {"Color": ["Green", "Blue", "Gray", "Purple"], "Size": ["S", "M", "L"]}
    assert (shirt.row_index, pants.row_index, hat.row_index) == (0, 12, 16)
    assert hat.options == {}  # "Title: Default Title" is Shopify's way of saying no options
    assert shirt.seo_title == "Example T-Shirt | Test Store"


def test_facts_from_a_product(shopify):
    facts = read_catalog(shopify).products[0].facts(lang="zh")
    assert facts.title == "Example T-Shirt"
    assert facts.lang == "zh"
    assert facts.attributes["Color"] == "Green, Blue, Gray, Purple"
    assert facts.attributes["brand"] == "Acme"
    assert any("insanely comfortable" in f for f in facts.features)
    assert "<p>" not in " ".join(facts.features)


def test_round_trip_without_changes_is_byte_identical(shopify, tmp_path):
    for source in (shopify, WOO):
        out = tmp_path / source.name
        write_catalog(read_catalog(source), out, {})
        assert out.read_bytes() == source.read_bytes()


def test_changing_one_body_changes_only_that_cell(shopify, tmp_path):
    catalog = read_catalog(shopify)
    new = '<p>Soft, "breathable" cotton.</p>'
    out = tmp_path / "out.csv"
    write_catalog(catalog, out, {"example-pants": {"Body (HTML)": new}})
    before, after = shopify.read_bytes(), out.read_bytes()
    old_cell = '"' + catalog.products[1].description_html + '"'
    new_cell = '"<p>Soft, ""breathable"" cotton.</p>"'
    assert after == before.replace(old_cell.encode(), new_cell.encode())
    prefix, suffix = differing_bytes(before, after)
    assert before[prefix : len(before) - suffix].decode() in old_cell
    old_rows, new_rows = cells(shopify), cells(out)
    changed = [
        (r, c)
        for r, (a, b) in enumerate(zip(old_rows, new_rows, strict=True))
        for c, (x, y) in enumerate(zip(a, b, strict=True))
        if x != y
    ]
    assert changed == [(13, old_rows[0].index("Body (HTML)"))]
    assert new_rows[13][2] == new


def test_seo_columns_change_on_the_main_row(shopify, tmp_path):
    out = tmp_path / "out.csv"
    write_catalog(
        read_catalog(shopify),
        out,
        {"example-hat": {"SEO Title": "Grey beanie", "SEO Description": "Warm, soft, recycled."}},
    )
    rows = cells(out)
    header = rows[0]
    assert rows[17][header.index("SEO Title")] == "Grey beanie"
    assert rows[17][header.index("SEO Description")] == "Warm, soft, recycled."
    assert out.read_bytes().count(b'"Warm, soft, recycled."') == 1


def test_woocommerce_fixture_products_and_variations():
    catalog = read_catalog(WOO)
    assert catalog.kind == "woocommerce"
    assert catalog.rows == 9
    assert [p.key for p in catalog.products] == ["101", "110", "120", "130"]
    hoodie, mug, shirt, card = catalog.products
    assert hoodie.title == "Organic Cotton Hoodie"
    assert hoodie.options == {"Color": ["Forest", "Oat"], "Size": ["S", "M", "L"]}
    assert hoodie.rows == [0, 1, 2, 3]  # variations found through Parent = id:101
    assert shirt.rows == [5, 6, 7]  # variations found through Parent = SKU
    assert shirt.tags == ["linen", "亚麻"]
    assert mug.title == "Stoneware Mug, 350 ml"
    assert mug.category == "Mugs"
    assert card.description_html == "A gift card for any product in the shop."


def test_woocommerce_description_change_keeps_bom_crlf_and_quoting(tmp_path):
    catalog = read_catalog(WOO)
    out = tmp_path / "woo.csv"
    write_catalog(catalog, out, {"130": {"Description": "<p>Give the gift of choice.</p>"}})
    before, after = WOO.read_bytes(), out.read_bytes()
    assert after.startswith(b"\xef\xbb\xbf")
    assert after.count(b"\r\n") == before.count(b"\r\n")
    assert b',"Gift Card",' in after  # an untouched, needlessly quoted cell stays quoted
    assert after == before.replace(
        b"shop.,,", b"shop.,<p>Give the gift of choice.</p>,", 1
    )  # an empty unquoted cell gets the new text, unquoted (nothing in it needs quotes)


def test_unknown_key_or_column_is_a_user_error(shopify, tmp_path):
    catalog = read_catalog(shopify)
    with pytest.raises(UserError, match="no product 'nope'"):
        write_catalog(catalog, tmp_path / "o.csv", {"nope": {"Body (HTML)": "x"}})
    with pytest.raises(UserError, match="no column 'Colour'"):
        write_catalog(catalog, tmp_path / "o.csv", {"example-hat": {"Colour": "x"}})
    assert not (tmp_path / "o.csv").exists()


def write(tmp_path: Path, data: bytes, name: str = "bad.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


SHOP_HEADER = b"Handle,Title,Body (HTML),Vendor\n"


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "is empty"),
        (b"\n\n", "is empty"),
        (SHOP_HEADER + b"a,T\xe9shirt,<p>x</p>,Acme\n", r"not UTF-8 text \(row 2"),
        (b"\xff\xfeH\x00a\x00", "UTF-16"),
        (SHOP_HEADER + b"a,Tee,<p>x</p>,Acme,extra\n", "row 2: 5 cells but the header has 4"),
        (
            SHOP_HEADER + b"a,Tee,<p>x</p>,Acme\nb,Cap\n",
            "row 3: 2 cells .* column 'Body \\(HTML\\)'",
        ),
        (SHOP_HEADER + b'a,Tee,"<p>x</p>,Acme\n', "row 2, column 'Body \\(HTML\\)': a quoted cell"),
        (SHOP_HEADER + b'a,"Tee"s,x,Acme\n', "row 2, column 'Title': text after a closing quote"),
        (b"Handle,Name,Body (HTML)\na,b,c\n", "row 1: Shopify file without a 'Title' column"),
        (b"ID,Type,SKU,Title\n1,simple,x,y\n", "row 1: WooCommerce file without a 'Name' column"),
        (b"name,price\nmug,3\n", "row 1: not a Shopify or WooCommerce product CSV"),
        (SHOP_HEADER + b"a,,<p>x</p>,Acme\n", "row 2, column 'Title': product 'a' has no title"),
        (SHOP_HEADER + b",Tee,<p>x</p>,Acme\n", "row 2, column 'Handle'"),
        (SHOP_HEADER, "no product rows"),
    ],
)
def test_bad_csvs_name_the_row_and_column(tmp_path, data, expected):
    with pytest.raises(UserError, match=expected):
        read_catalog(write(tmp_path, data))


def test_over_50_mb_is_refused_before_reading(tmp_path):
    big = tmp_path / "big.csv"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024 + 1)
    with pytest.raises(UserError, match="larger than the 50 MB limit"):
        read_catalog(big)


def test_over_50_mb_in_memory_is_refused_too():
    from engine.catalog.splice import read_raw

    with pytest.raises(UserError, match=r"x\.csv is larger than the 50 MB limit"):
        read_raw(b"a" * (50 * 1024 * 1024 + 1), "x.csv")


def test_missing_file_is_a_user_error(tmp_path):
    with pytest.raises(UserError, match="file not found"):
        read_catalog(tmp_path / "nope.csv")


def test_nothing_is_left_at_the_out_path_on_failure(shopify, tmp_path, monkeypatch):
    catalog = read_catalog(shopify)
    out = tmp_path / "out.csv"
    out.write_bytes(b"previous export")

    def broken_replace(src: str, dst: str) -> None:
        raise OSError("disk full")

    monkeypatch.setattr("engine.core.files.os.replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        write_catalog(catalog, out, {"example-hat": {"Body (HTML)": "<p>new</p>"}})
    assert out.read_bytes() == b"previous export"
    assert [p.name for p in tmp_path.iterdir()] == ["out.csv"]  # no temp file left behind


def test_input_changed_to_a_bad_file_leaves_no_output(shopify, tmp_path):
    source = write(tmp_path, shopify.read_bytes(), "in.csv")
    catalog = read_catalog(source)
    source.write_bytes(SHOP_HEADER + b"a,Tee\n")
    with pytest.raises(UserError, match="row 2"):
        write_catalog(catalog, tmp_path / "out.csv", {})
    assert not (tmp_path / "out.csv").exists()


def test_parser_keeps_spans_for_quoted_multiline_cells():
    text = 'a,"b\r\n""c"",d",e\r\nf,,\n'
    records = parse(text, "x.csv")
    assert [r.values for r in records] == [["a", 'b\r\n"c",d', "e"], ["f", "", ""]]
    start, end = records[0].spans[1]
    assert text[start:end] == '"b\r\n""c"",d"'
    assert records[1].number == 2


def test_written_cells_are_neutralised_against_formulas_untouched_ones_are_not(tmp_path):
    source = tmp_path / "products.csv"
    source.write_bytes(
        b"Handle,Title,Body (HTML),Vendor\r\n"
        b"mug,Mug,<p>old</p>,=SUM(A1:A9)\r\n"  # a cell the merchant's file already had
        b"cap,Cap,<p>old</p>,Acme\r\n"
    )
    catalog = read_catalog(source)
    out = tmp_path / "out.csv"
    changes = {
        "mug": {"Title": '=HYPERLINK("http://evil.example","click")'},
        "cap": {"Title": "@cmd", "Body (HTML)": "-2+3"},
    }
    write_catalog(catalog, out, changes)
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"), newline="")))
    assert rows[1][1] == '\'=HYPERLINK("http://evil.example","click")'
    assert rows[1][3] == "=SUM(A1:A9)"  # not written by the app: byte-identical
    assert rows[2][1:3] == ["'@cmd", "'-2+3"]
    assert out.read_bytes().count(b"=SUM(A1:A9)") == 1
