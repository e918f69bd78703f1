"""Dropping files: a CSV onto Copy (opens in Bulk), Bulk, Customers or Finetune, a policy file
onto FAQ replies, a model folder or .gguf onto the model manager; other files are refused."""

import asyncio

import pytest
from PySide6.QtCore import QMimeData, QPoint, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from gui.app import create_window
from gui.worker.client import JobFailed


@pytest.fixture
def window(qtbot, data_paths):
    window = create_window(str(data_paths.root), load_model=False)
    qtbot.addWidget(window)
    window.show()
    calls = []

    def start(name, params=None, **kw):
        calls.append((name, params or {}))
        future = asyncio.get_event_loop().create_future()
        future.set_exception(JobFailed("not in this test", "cancelled"))
        return len(calls), future

    window.client.start = start
    window.calls = calls
    yield window
    del window.client.start
    window.close()


def drop(widget, *paths):
    """Drag ``paths`` over ``widget`` and drop them; True when the drag was accepted."""
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(p)) for p in paths])
    where = QPoint(10, 10)
    enter = QDragEnterEvent(
        where, Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton, Qt.KeyboardModifier(0)
    )
    QApplication.sendEvent(widget, enter)
    if not enter.isAccepted():
        return False
    event = QDropEvent(
        where.toPointF(),
        Qt.DropAction.CopyAction,
        mime,
        Qt.MouseButton.LeftButton,
        Qt.KeyboardModifier(0),
    )
    QApplication.sendEvent(widget, event)
    return event.isAccepted()


def _file(tmp_path, name, text="x\n"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _jobs(qtbot, window, name):
    qtbot.waitUntil(lambda: any(n == name for n, _ in window.calls))
    return [p for n, p in window.calls if n == name]


def test_a_csv_on_bulk_opens_a_run(qtbot, window, tmp_path):
    csv = _file(tmp_path, "products.csv")
    assert drop(window.bulk_tab, csv)
    assert _jobs(qtbot, window, "bulk_open")[0]["path"] == str(csv)


def test_a_csv_on_copy_opens_in_the_bulk_tab(qtbot, window, tmp_path):
    csv = _file(tmp_path, "products.csv")
    assert drop(window.copy_tab, csv)
    assert _jobs(qtbot, window, "bulk_open")[0]["path"] == str(csv)
    assert window.tabs.currentWidget() is window.bulk_tab
    assert "products.csv" in window.message_bar.text()


def test_a_csv_on_customers_imports_contacts(qtbot, window, tmp_path):
    csv = _file(tmp_path, "contacts.csv", "name,email\nAnn,ann@example.com\n")
    assert drop(window.customers_tab, csv)
    assert _jobs(qtbot, window, "customers_import")[0]["path"] == str(csv)


def test_texts_on_finetune_are_previewed(qtbot, window, tmp_path):
    texts = _file(tmp_path, "texts.jsonl", '{"prompt": "a", "completion": "b"}\n')
    assert drop(window.finetune_panel, texts)
    assert window.finetune_panel.data.text() == str(texts)
    assert _jobs(qtbot, window, "finetune_preview")[0]["data"] == str(texts)


def test_a_policy_file_on_faq_goes_into_the_book(qtbot, window, tmp_path):
    policy = _file(tmp_path, "returns.md", "# Returns\n\nWithin 30 days.\n")
    assert drop(window.faq_tab, policy)
    assert _jobs(qtbot, window, "faq_import")[0]["path"] == str(policy)


def test_other_files_are_refused(window, tmp_path):
    assert not drop(window.bulk_tab, _file(tmp_path, "notes.txt"))
    assert not drop(window.faq_tab, _file(tmp_path, "image.png"))
    assert not drop(window.copy_tab, tmp_path)  # a folder
    assert window.calls == [] or all(n != "bulk_open" for n, _ in window.calls)


def test_a_gguf_or_a_folder_on_the_model_manager_is_imported(qtbot, window, tmp_path):
    window.open_model_manager()
    dialog = window.model_manager
    gguf = _file(tmp_path, "tiny.gguf")
    assert drop(dialog, gguf)
    assert _jobs(qtbot, window, "import_model")[0]["path"] == str(gguf)
    folder = tmp_path / "my-model"
    folder.mkdir()
    assert drop(dialog, folder)
    qtbot.waitUntil(lambda: len(_jobs(qtbot, window, "import_model")) == 2)
    assert _jobs(qtbot, window, "import_model")[1]["path"] == str(folder)
    assert not drop(dialog, _file(tmp_path, "readme.txt"))
    dialog.reject()
