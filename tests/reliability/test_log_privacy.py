"""Logs never hold a customer's e-mail or phone: an import, a summary job and a bug's traceback.

The customers are imported through the CLI, the summary runs as the window's job with a
scripted generator (no model), and a failing job logs its traceback with the address in the
exception's message: the log file must name none of it. Debug logging keeps records whole.
"""

from __future__ import annotations

import logging

import pytest

from engine.core.callbacks import ProgressFn, no_progress
from engine.core.logs import DEBUG_ENV, setup_logging
from engine.core.paths import Paths
from engine.decoding.protocol import Generator
from engine.jobs.context import JobContext
from engine.jobs.registry import run_job
from engine.runtime.engine import Engine
from tests.cli import cli
from tests.engine.customers.scripted import ScriptedGenerator

EMAIL = "harriet.lowe@example.com"
PHONE = "+44 7700 900123"
NOTE = "Loves the speckled glaze mugs; her cereal bowl arrived chipped."


class _ScriptedEngine(Engine):
    def __init__(self, paths: Paths) -> None:
        from engine.app import SCHEMAS

        super().__init__(paths, schema=SCHEMAS)
        reply = "Harriet loves the speckled glaze mugs. Her cereal bowl arrived chipped."
        self.scripted = ScriptedGenerator(lambda messages, prefix: "" if prefix else reply)

    def generator(self, on_progress: ProgressFn = no_progress) -> Generator:
        return self.scripted  # type: ignore[return-value]


def _import_and_summarise(paths: Paths) -> str:
    contacts = paths.root / "customers.csv"
    contacts.write_text(
        f"name,email,phone,tags,notes\nHarriet Lowe,{EMAIL},{PHONE},vip,{NOTE}\n",
        encoding="utf-8",
    )
    imported = cli("customers", "import", str(contacts), data_dir=paths.root)
    assert imported.code == 0, imported.err
    engine = _ScriptedEngine(paths)
    try:
        result = run_job(engine, "customer_summary", {"customer": EMAIL}, JobContext())
    finally:
        engine.close()
    assert "speckled" in result["summary"]
    try:  # a bug whose message holds the address, logged with its traceback
        raise RuntimeError(f"could not match {EMAIL} (phone {PHONE})")
    except RuntimeError:
        logging.getLogger("engine.jobs").exception("job customer_summary failed for %s", EMAIL)
    for handler in logging.getLogger().handlers:
        handler.flush()
    return paths.log_file.read_text(encoding="utf-8")


def test_the_log_holds_no_email_phone_or_note_text(data_paths, monkeypatch):
    monkeypatch.delenv(DEBUG_ENV, raising=False)
    setup_logging(data_paths)
    log = _import_and_summarise(data_paths)
    assert "job customer_summary failed for [email]" in log  # the bug is still logged
    assert "RuntimeError: could not match [email] (phone [phone])" in log  # traceback too
    assert EMAIL not in log and "harriet.lowe" not in log
    assert "7700 900123" not in log and "7700900123" not in log
    assert NOTE not in log and "speckled glaze" not in log  # no note or prompt is logged


@pytest.mark.parametrize("level", ["1"])
def test_debug_logging_keeps_records_whole_and_says_so(data_paths, monkeypatch, level):
    monkeypatch.setenv(DEBUG_ENV, level)
    setup_logging(data_paths)
    try:
        logging.getLogger("engine.jobs").warning("looking at %s", EMAIL)
        for handler in logging.getLogger().handlers:
            handler.flush()
        log = data_paths.log_file.read_text(encoding="utf-8")
        assert "debug logging: records are not redacted" in log and EMAIL in log
    finally:
        monkeypatch.delenv(DEBUG_ENV)
        setup_logging(data_paths)
