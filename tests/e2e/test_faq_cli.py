"""``shopscribe faq``: the contract's commands and JSON shapes, bad input, and one real reply."""

import json

import pytest

from tests.cli import cli, shopscribe
from tests.engine.faq.book_cache import FAQ_DATA, install_book
from tests.engine.faq.marks import needs_embedder


def test_import_list_search_delete_and_their_json(data_paths):
    root = data_paths.root
    install_book(data_paths)
    listed = cli("faq", "list", "--json", data_dir=root).json()
    assert len(listed) == 46 and all({"id", "title", "text"} <= set(e) for e in listed)
    assert all(e["id"] == e["title"] for e in listed)
    again = cli("faq", "import", str(FAQ_DATA / "faq.csv"), data_dir=root)
    assert again.code == 0 and "0 added, 0 updated, 10 unchanged" in again.err
    found = cli(
        "faq",
        "search",
        "how long does shipping to Canada take",
        "--k",
        "2",
        "--json",
        data_dir=root,
    )
    hits = found.json()["hits"]
    assert found.code == 0 and len(hits) == 2
    assert all(set(h) >= {"id", "title", "text", "score"} for h in hits)
    assert isinstance(hits[0]["score"], float) and hits[0]["score"] >= hits[1]["score"]
    assert {h["id"] for h in listed} >= {h["id"] for h in hits}
    cross = cli("--json", "faq", "search", "Can I pay with WeChat?", data_dir=root).json()
    assert cross["hits"][0]["id"] == "支付宝和微信支付" and cross["no_policy"] is False
    gone = cli("faq", "delete", "Gift cards", data_dir=root)
    assert gone.code == 0 and "deleted 'Gift cards'" in gone.err
    assert len(cli("faq", "list", "--json", data_dir=root).json()) == 45
    assert cli("faq", "delete", "Gift cards", data_dir=root).code == 2


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        # the dense verdict's catch: without vectors "bowls" looks like the ceramics entries
        pytest.param("Do you sell dog bowls?", "你们卖狗碗吗？", marks=needs_embedder),
        ("Do you sell teapots?", "你们卖茶壶吗？"),
    ],
)
def test_no_policy_reply_needs_no_model(data_paths, english, chinese):
    root = data_paths.root
    install_book(data_paths)
    run = cli("faq", "reply", english, "--variants", "2", "--json", data_dir=root)
    assert run.code == 0, run.err
    out = run.json()
    assert out["no_policy"] is True and out["language"] == "en"
    assert len(out["drafts"]) == 2 and all(d["sources"] == [] for d in out["drafts"])
    assert all(set(d) >= {"text", "sources"} for d in out["drafts"])
    zh = cli("faq", "reply", chinese, "--json", data_dir=root).json()
    assert zh["no_policy"] and zh["language"] == "zh"


def test_an_answerable_reply_without_a_model_exits_3(data_paths):
    install_book(data_paths)
    run = cli("faq", "reply", "Can I pay with Alipay?", "--json", data_dir=data_paths.root)
    assert run.code == 3 and run.out == ""


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("bad_empty.md", "is empty"),
        ("bad_faq_ragged.csv", "row 2"),
        ("bad_binary.md", "not a text file"),
    ],
)
def test_bad_input_exits_2_with_one_line_and_keeps_the_book(data_paths, name, words):
    install_book(data_paths)
    run = cli("faq", "import", str(FAQ_DATA / name), data_dir=data_paths.root)
    assert run.code == 2 and words in run.err and len(run.err.strip().splitlines()) == 1
    assert len(cli("faq", "list", "--json", data_dir=data_paths.root).json()) == 46
    assert cli("faq", "search", "  ", "--json", data_dir=data_paths.root).code == 2


def test_saved_replies_fill_names_what_is_missing(data_paths):
    root = data_paths.root
    assert (
        cli("faq", "saved", "import", str(FAQ_DATA / "saved_replies.json"), data_dir=root).code == 0
    )
    missing = cli(
        "faq",
        "saved",
        "fill",
        "Order shipped",
        "--value",
        "customer_name=Ana",
        "--json",
        data_dir=root,
    )
    assert missing.code == 2 and missing.json()["missing"] == ["order_id", "tracking_url"]
    filled = cli(
        "faq",
        "saved",
        "fill",
        "Order shipped",
        "--value",
        "customer_name=Ana",
        "--value",
        "order_id=1042",
        "--value",
        "tracking_url=https://t.example/1",
        data_dir=root,
    )
    assert filled.code == 0 and "Hi Ana," in filled.out and "{" not in filled.out


@pytest.mark.slow
@pytest.mark.qwen
def test_real_model_replies_from_the_policy_and_cites_it(qwen_paths):
    """The subprocess the outside checks run: Qwen answers from the policy it retrieved."""
    install_book(qwen_paths)
    run = shopscribe(
        "faq",
        "reply",
        "Can I pay for my order with Alipay?",
        "--max-new-tokens",
        "40",
        "--seed",
        "1",
        "--json",
        data_dir=qwen_paths.root,
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert out["no_policy"] is False and out["language"] == "en" and len(out["drafts"]) == 1
    draft = out["drafts"][0]
    assert out["hits"][0]["id"] == "支付宝和微信支付"
    assert draft["text"].strip() and set(draft["sources"]) <= {h["id"] for h in out["hits"]}
    assert "{" not in draft["text"] and "<<<" not in draft["text"]
