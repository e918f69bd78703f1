"""finetune: LoRA on the owner's own text: dataset, session, training loop, checkpoints, judging.

May import: the layers below features, and engine.catalog, engine.history, engine.listing.
"""
