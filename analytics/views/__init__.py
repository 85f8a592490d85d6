"""What the dashboard and the CLI look at: the filter settings, each described once (``settings``,
with the kinds of setting in ``kinds``), their URL query string and descriptions (``codec``),
filtered views of an analysis (``filters``, with the comment codes they are cut by in ``keys``),
and paged listings (``listings``). Above ``enrich``.
"""
