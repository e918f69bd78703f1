"""history: every generated text in SQLite (full-text search) and its export.

May import: engine.core, engine.store.
"""
