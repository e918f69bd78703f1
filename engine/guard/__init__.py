"""guard: checks a text against its evidence (numbers with units, materials, claims).

May import: engine.core, engine.catalog.
"""
