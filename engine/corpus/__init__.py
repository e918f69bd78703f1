"""The corpus we write (``corpus/``): loading, the frozen split, rendering, checks, the house model.

May import every feature package (listing, faq, customers, guard, finetune) and below; only
``app``, ``jobs`` and ``cli`` may import it.
"""
