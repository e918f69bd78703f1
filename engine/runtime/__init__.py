"""runtime: the Engine, one data folder's store and its loaded model (with the active adapter).

May import: engine.core, engine.store, engine.decoding, engine.models.
"""
