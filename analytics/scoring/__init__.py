"""Per-comment scores: sentiment engines (``sentiment``, exact and fast through ``fastscore``),
their agreement, the language flag that says which texts are scored, and toxicity.
Imports ``model`` and ``columns`` only.
"""
