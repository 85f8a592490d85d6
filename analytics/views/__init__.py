"""What the dashboard and the CLI look at: the filter settings and their URL codec, filtered
views of an analysis (``filters``), and paged listings (``listings``). Above ``enrich``.
"""
