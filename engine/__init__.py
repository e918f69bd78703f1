"""ShopScribe engine: everything a merchant's work needs, with no Qt import.

Packages by concern, dependencies pointing one way (each package's docstring says what it may
import): core → store → decoding → models → runtime → features (catalog, guard, history,
listing, bulk, finetune) → jobs → cli; ``engine.app`` is the composition root.
"""

__version__ = "0.2.0"
