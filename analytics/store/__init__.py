"""Where analyses are kept and made at scale: corpus directories (``corpus_store``), the cache of
analysed inputs (``cache``) and the Dask path (``distributed``). Above ``enrich``.
"""
