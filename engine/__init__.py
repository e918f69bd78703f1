"""ShopScribe engine: everything a merchant's work needs, with no Qt import."""

__version__ = "0.1.0"
