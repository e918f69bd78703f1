"""Marks for FAQ tests whose behaviour is the embedder's own.

The FAQ tests run twice: normally, and with ``SHOPSCRIBE_EMBEDDER=off`` (the lexical path a
machine without an embedder takes). A test marked :data:`needs_embedder` asserts something
only dense retrieval does (vectors made and kept, e5 scores within one language, the dense
no-answer model's catches); it is skipped, with that reason, when there is no embedder.
"""

from __future__ import annotations

import pytest

from engine.models.embedder import available

NO_EMBEDDER = (
    "needs the multilingual embedder (none is installed here, or SHOPSCRIBE_EMBEDDER=off): "
    "it checks dense behaviour; the lexical path is covered by test_no_embedder.py"
)
needs_embedder = pytest.mark.skipif(not available(), reason=NO_EMBEDDER)
"""Skip when no embedder can be had (decided when the tests are collected)."""
