"""Signals on top of scores and threads: alias suspects and merges, entities, distinctive terms,
echoes of the article, toxicity statistics. Imports ``model``, ``columns``, ``scoring`` and
``threads``.
"""
