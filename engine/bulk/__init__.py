"""bulk: bulk runs over a product CSV, saved product by product, resumable, exported.

May import: the layers below features, and engine.catalog, engine.guard, engine.history,
engine.listing.
"""
