"""GUI tests run their flows (coroutines) on the qasync loop over the Qt loop."""

import pytest


@pytest.fixture(autouse=True)
def _qasync(qasync_loop):  # type: ignore[no-untyped-def]
    """Every GUI test gets the session's qasync loop."""
    return qasync_loop
