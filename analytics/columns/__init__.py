"""Arrow column helpers, the storage and speed internals under every stage: keys and takes of
Arrow columns (``arrow_keys``), memory-mapped text (``mapped``) and integer sort orders
(``orders``). Imports no other part of ``analytics``.
"""
