"""The shop's catalogue: imported once from Shopify or WooCommerce, updated, added by hand."""

from pathlib import Path

import pytest

from engine.catalog.facts import ProductFacts
from engine.catalog.store import Catalogue, slugify
from engine.core.errors import UserError

DATA = Path(__file__).resolve().parents[2] / "data"


def test_shopify_import_keeps_drafts_out_of_what_can_be_offered(fresh_store):
    catalogue = Catalogue(fresh_store)
    done = catalogue.import_file(DATA / "customers" / "catalog.csv")
    assert (done.kind, done.added, done.updated, done.unavailable) == ("shopify", 65, 0, 1)
    draft = catalogue.get("winter-market-mug-2023")
    assert draft is not None and draft.status == "draft" and not draft.available
    assert catalogue.get("pouring-pitcher").available  # a pre-order is still for sale
    assert len(catalogue.products(available_only=True)) == 64
    curtain = catalogue.get("linen-curtain-panel")
    assert curtain.options == {"Drop": ["220 cm", "250 cm"], "Colour": ["Oat", "Flax"]}
    assert curtain.price == "120.00" and curtain.source == "import:catalog.csv"  # first variant
    facts = curtain.product_facts("zh")
    assert facts.title == "Linen Curtain Panel" and facts.lang == "zh"
    assert facts.attributes["Drop"] == "220 cm, 250 cm" and "curtains" in facts.keywords
    assert "140 cm" in curtain.match_text()


def test_importing_again_updates_and_never_doubles(fresh_store, tmp_path):
    catalogue = Catalogue(fresh_store)
    catalogue.import_file(DATA / "customers" / "catalog.csv")
    catalogue.add(ProductFacts(title="Hand-bound Sketchbook", category="Stationery"))
    source = (DATA / "customers" / "catalog.csv").read_text(encoding="utf-8")
    changed = tmp_path / "catalog.csv"
    changed.write_text(source.replace("Speckled Glaze Mug,", "Speckled Glaze Mug (new),", 1))
    again = catalogue.import_file(changed)
    assert (again.added, again.updated) == (0, 65)
    assert catalogue.count() == 66
    assert catalogue.get("speckled-glaze-mug").title == "Speckled Glaze Mug (new)"
    assert catalogue.get("hand-bound-sketchbook") is not None


def test_woocommerce_products_get_handles_from_their_names(fresh_store):
    catalogue = Catalogue(fresh_store)
    done = catalogue.import_file(DATA / "woocommerce_products.csv")
    assert done.kind == "woocommerce" and done.added == 4
    hoodie = catalogue.get("organic-cotton-hoodie")
    assert hoodie is not None and hoodie.options["Size"] == ["S", "M", "L"]
    assert catalogue.find("Stoneware Mug, 350 ml").handle == "stoneware-mug-350-ml"


def test_find_by_handle_or_title_and_nothing_else(fresh_store):
    catalogue = Catalogue(fresh_store)
    catalogue.import_file(DATA / "customers" / "catalog.csv")
    assert catalogue.find("TEA-BOWL").handle == "tea-bowl"
    assert catalogue.find("  ash glaze   tea bowl ").handle == "tea-bowl"
    assert catalogue.find("Ceramic Teapot") is None
    assert catalogue.find("tea") is None


def test_a_bad_file_changes_nothing(fresh_store):
    catalogue = Catalogue(fresh_store)
    with pytest.raises(UserError, match="not a Shopify or WooCommerce"):
        catalogue.import_file(DATA / "customers" / "customers.csv")
    assert catalogue.count() == 0


def test_hand_added_products_cannot_take_an_imported_handle(fresh_store):
    catalogue = Catalogue(fresh_store)
    catalogue.import_file(DATA / "customers" / "catalog.csv")
    with pytest.raises(UserError, match="already has 'tea-bowl'"):
        catalogue.add(ProductFacts(title="Tea Bowl"), handle="tea-bowl")
    assert slugify("Linen Café Curtain") == "linen-caf-curtain" and slugify("茶碗").startswith(
        "product-"
    )


def test_vector_cache_round_trip(fresh_store):
    catalogue = Catalogue(fresh_store)
    catalogue.import_file(DATA / "customers" / "catalog.csv")
    mug = catalogue.get("speckled-glaze-mug")
    catalogue.save_vectors({mug.id: (mug.text_hash(), b"\x00" * 8)})
    assert catalogue.cached_vectors() == {mug.id: (mug.text_hash(), b"\x00" * 8)}
    assert catalogue.delete("speckled-glaze-mug") and catalogue.cached_vectors() == {}
