"""store: the SQLite connection (WAL, explicit transactions, settings) and the migration runner.

Each feature owns its schema as one named migration set; the composition root (engine.app)
hands every set to the store. May import: engine.core.
"""
