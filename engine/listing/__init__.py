"""listing: copy for one product: channel prompts, brand voices and the copywriter.

May import: engine.core, engine.store, engine.decoding, engine.models, engine.runtime,
engine.catalog, engine.guard, engine.grounding, engine.history.
"""
