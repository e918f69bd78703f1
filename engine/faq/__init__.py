"""faq: the policy book (entries, import, index), retrieval, no-answer detection, reply drafts.

May import: engine.core, engine.store, engine.decoding, engine.models, engine.runtime,
engine.catalog, engine.guard, engine.grounding, engine.history.
"""
