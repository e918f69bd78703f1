"""customers: contacts, dated notes, grounded profiles, catalogue recommendations, privacy.

May import: engine.core, engine.store, engine.decoding, engine.models, engine.runtime,
engine.catalog, engine.guard, engine.grounding, engine.history, engine.listing, engine.finetune.
"""
