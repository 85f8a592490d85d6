"""The dashboard's figures: ``fig_*`` builders returning ``plotly.graph_objects.Figure``, one module per page topic.

* :mod:`.overview`: comments over time, sentiment labels;
* :mod:`.sentiment`: score distributions, sentiment over time and by commenter, engine agreement;
* :mod:`.commenters`: comments per commenter (on the Overview too), activity by weekday and hour,
  one commenter's comments;
* :mod:`.replies`: the reply network, a conversation timeline, reply latency;
* :mod:`.signals`: toxicity, entities, distinctive terms, on-topic shares;
* :mod:`.style`: what they share (the template, colour scales, :func:`.style.escape_label`,
  :func:`.style.pick_freq`, notes and empty figures).

Each builder takes the frames of :mod:`analytics` (filtered or not) and returns a figure, so
pages only show them and tests inspect ``fig.data`` without Streamlit. Callers import the module
of their topic (``from analytics.charts import replies as reply_charts``).

Two rules hold for every figure here:

* **Aggregated on the server.** Histograms are counted with numpy, volumes and means per
  period with pandas; scatter plots draw at most ``max_points`` points (a seeded random sample,
  said so in the title). No figure carries one point per comment of a large corpus.
* **User text is escaped.** Plotly renders a subset of HTML in titles, axis labels, legend
  entries and hover labels, so every comment text, name or title that reaches a figure goes
  through :func:`.style.escape_label` (``<``, ``>`` and ``&`` become entities, which plotly
  shows as the characters). Figure titles hold only our own words and numbers.

Traces are handed to figures as dicts (``dict(type="scatter", ...)``), not as ``go.Scatter``
objects: plotly checks a trace object again, item by item, when a figure takes it. Large arrays
go as object arrays (:func:`.style._objects`).
"""
