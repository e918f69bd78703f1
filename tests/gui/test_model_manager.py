import json
import pickle

import pytest
from PySide6.QtWidgets import QMessageBox

from engine.app import open_store
from engine.models.registry import read_manifest, write_manifest
from gui.app import create_window
from gui.dialogs.model_manager import ModelManagerDialog
from gui.worker.client import EngineClient
from tests.helpers import link_model


class SentinelPayload:
    def __init__(self, path):
        self.path = str(path)

    def __reduce__(self):
        return (open, (self.path, "w"))


@pytest.fixture
def two_model_paths(tiny_paths, tiny_model_dir):
    target = link_model(tiny_model_dir, tiny_paths, name="tiny2")
    info = read_manifest(target)
    assert info is not None
    info.name, info.display, info.languages = "tiny2", "tiny2", ["en", "zh"]
    write_manifest(info)  # atomic replace: the linked original keeps its own manifest
    return tiny_paths


@pytest.fixture
def dialog(qtbot, two_model_paths):
    client = EngineClient(two_model_paths, threads=1)
    store = open_store(two_model_paths)
    dialog = ModelManagerDialog(two_model_paths, store, client)
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.refreshed, timeout=30_000):
        dialog.show()  # the first scan runs on the engine thread
    yield dialog
    client.shutdown()
    store.close()


def cell(dialog, row, col):
    return dialog.table.item(row, col).text()


def test_lists_models_with_details(dialog):
    assert dialog.table.rowCount() == 2
    names = [cell(dialog, r, 1) for r in range(2)]
    assert names == ["tiny test model (tiny)", "tiny2"]
    assert cell(dialog, 0, 0) == "★"  # first by name is active when nothing is chosen
    assert cell(dialog, 1, 4) == "en, zh"
    assert cell(dialog, 0, 2).endswith(" M") and "MB" in cell(dialog, 0, 3)
    assert cell(dialog, 0, 6).startswith("≈ ")
    assert "Free memory now" in dialog.free_label.text()


def test_activate_persists_and_asks_for_reload(qtbot, dialog):
    dialog.table.selectRow(1)
    assert dialog.use_button.isEnabled()
    with qtbot.waitSignal(dialog.reload_requested, timeout=5_000):
        dialog.use_button.click()
    assert cell(dialog, 1, 0) == "★" and cell(dialog, 0, 0) == ""
    reopened = open_store(dialog.paths)
    assert reopened.get_setting("active_model") == "tiny2"
    reopened.close()


def test_delete_confirms_then_removes(qtbot, dialog, monkeypatch):
    dialog.table.selectRow(1)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    dialog.delete_button.click()
    qtbot.wait(50)
    assert dialog.delete_job == 0 and dialog.table.rowCount() == 2  # said no: nothing happens
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    with qtbot.waitSignal(dialog.refreshed, timeout=30_000):
        dialog.delete_button.click()
    assert dialog.table.rowCount() == 1
    assert not (dialog.paths.models / "tiny2").exists()
    assert "Deleted tiny2" in dialog.status.text()


def test_device_choice_is_saved(qtbot, dialog):
    with qtbot.waitSignal(dialog.reload_requested, timeout=5_000):
        dialog.device_combo.setCurrentIndex(dialog.device_combo.findData("cpu"))
    reopened = open_store(dialog.paths)
    assert reopened.get_setting("device") == "cpu"
    reopened.close()


def test_import_error_is_shown_in_the_dialog(qtbot, dialog, tmp_path):
    sentinel = tmp_path / "PWNED"
    folder = tmp_path / "evil"
    folder.mkdir()
    (folder / "config.json").write_text(json.dumps({"architectures": ["LlamaForCausalLM"]}))
    (folder / "pytorch_model.bin").write_bytes(pickle.dumps(SentinelPayload(sentinel)))
    with qtbot.waitSignal(dialog.import_finished, timeout=30_000) as done:
        dialog.start_import(str(folder))
    assert done.args == [False]
    assert dialog.error_label.isVisible()
    assert "Import failed" in dialog.error_label.text()
    assert "pickle" in dialog.error_label.text()
    assert dialog.import_folder_button.isEnabled() and dialog.progress.isHidden()
    assert not sentinel.exists()


def test_import_folder_adds_a_row(qtbot, dialog, tiny_model_dir, tmp_path):
    import shutil

    source = tmp_path / "imported"
    shutil.copytree(tiny_model_dir, source)
    (source / "shopscribe.json").unlink()
    dialog.name_edit.setText("my model")
    with qtbot.waitSignal(dialog.import_finished, timeout=60_000) as done:
        dialog.start_import(str(source))
    assert done.args == [True]
    assert dialog.table.rowCount() == 3
    assert "Imported my-model" in dialog.status.text()
    assert not dialog.error_label.isVisible()


def test_models_menu_opens_the_dialog_and_active_choice_reloads(qtbot, two_model_paths):
    window = create_window(str(two_model_paths.root), load_model=False)
    qtbot.addWidget(window)
    window.show()
    action = next(a for a in window.menuBar().actions()[0].menu().actions() if "Models" in a.text())
    action.trigger()
    manager = window.model_manager
    assert manager.isVisible()
    qtbot.waitSignal(manager.refreshed, timeout=30_000).wait()
    manager.table.selectRow(1)
    with qtbot.waitSignal(window.model_loaded, timeout=60_000):
        manager.use_button.click()
    qtbot.waitUntil(lambda: window.model_label.text().startswith("tiny2"), timeout=10_000)
    manager.close()
    window.close()


def test_device_note_is_said_loudly_once(qtbot, tiny_paths, monkeypatch):
    from engine.models import memory
    from engine.models.registry import find_model

    need = memory.estimate_memory(find_model(tiny_paths, "tiny")).total
    monkeypatch.setattr(memory, "available_bytes", lambda device: int(need * 1.1))
    window = create_window(str(tiny_paths.root), load_model=False)
    qtbot.addWidget(window)
    window.show()
    with qtbot.waitSignal(window.model_loaded, timeout=60_000):
        window.load_model()
    assert window.message_bar.level == "warning"
    assert "may run slowly" in window.message_bar.text()
    window.message_bar.hide()
    with qtbot.waitSignal(window.model_loaded, timeout=60_000):
        window.load_model()
    assert window.message_bar.isHidden()  # the same reason is not repeated
    assert window.model_label.text().startswith("tiny")
    window.close()
