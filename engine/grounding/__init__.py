"""grounding: grounded writing, one mechanism for every tab: shape, check, repair, rank.

May import: engine.core, engine.decoding, engine.models, engine.runtime, engine.catalog,
engine.guard.
"""
