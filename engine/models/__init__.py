"""models: the model registry, packs, import and safety checks, memory estimates, adapters.

May import: engine.core, engine.store, engine.decoding.
"""
