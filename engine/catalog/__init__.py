"""catalog: product facts, Shopify / WooCommerce product CSVs and the byte-exact CSV splice.

May import: engine.core, engine.store.
"""
