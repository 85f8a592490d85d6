"""Commenter activity: who comments, how much, how they feel and whom they answer.

Commenters are identified by their displayed name within one corpus (a site's user names are
unique; guests can pick any name, which is why alias suspects get their own analysis).
"""
from __future__ import annotations

import pandas as pd

from ._checks import require_columns

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

ACTIVITY_COLUMNS = ("author", "comments", "articles", "words", "first_seen", "last_seen",
                    "mean_polarity", "median_polarity", "share_negative", "replies_made",
                    "replies_received", "mentions_received", "status")


def commenter_activity(comments: pd.DataFrame) -> pd.DataFrame:
    """One row per commenter, most active first.

    Columns: ``author``; ``comments``; ``articles`` (distinct articles commented on); ``words``;
    ``first_seen`` / ``last_seen`` (timestamps, missing where none known); ``mean_polarity`` /
    ``median_polarity`` (TextBlob, over scored comments only); ``share_negative`` (share of
    labelled comments labelled negative); ``replies_made`` (comments found to answer someone,
    any method but ``none``); ``replies_received`` (comments by others answering this author);
    ``mentions_received`` (``@handles`` by others naming this author exactly, ignoring case);
    ``status``: ``guest``, ``registered`` or ``both`` (the name was used both ways).

    Needs the enriched columns (``analytics.enrich``).

    Examples:
        >>> import pandas as pd
        >>> frame = pd.DataFrame({
        ...     "comment_id": ["c1", "c2", "c3"], "article_id": ["a", "a", "a"],
        ...     "author": ["geha", "realist", "geha"], "is_guest": [False, False, False],
        ...     "timestamp": pd.to_datetime(["2013-02-20 18:18", "2013-02-20 18:20", "2013-02-20 19:11"]),
        ...     "n_words": [10, 5, 7], "mentions": [[], ["Geha"], []],
        ...     "polarity": [0.5, -0.5, None], "sentiment_label": ["positive", "negative", None],
        ...     "reply_method": ["none", "mention", "none"], "reply_to_author": [None, "geha", None]})
        >>> commenter_activity(frame)[["author", "comments", "words", "replies_received", "mentions_received"]]
            author  comments  words  replies_received  mentions_received
        0     geha         2     17                 1                  1
        1  realist         1      5                 0                  0
    """
    require_columns(comments, ("author", "article_id", "is_guest", "timestamp", "n_words", "mentions",
                               "polarity", "sentiment_label", "reply_method", "reply_to_author"),
                    what="commenter_activity", hint="run analytics.enrich first")
    if comments.empty:
        return pd.DataFrame({c: pd.Series(dtype=object) for c in ACTIVITY_COLUMNS})
    c = comments
    grouped = c.groupby("author", sort=False)
    labelled = c["sentiment_label"].notna()
    table = pd.DataFrame({
        "comments": grouped.size(),
        "articles": grouped["article_id"].nunique(),
        "words": grouped["n_words"].sum(),
        "first_seen": grouped["timestamp"].min(),
        "last_seen": grouped["timestamp"].max(),
        "mean_polarity": grouped["polarity"].mean(),
        "median_polarity": grouped["polarity"].median(),
        "share_negative": (c["sentiment_label"].eq("negative") & labelled).groupby(c["author"]).sum()
        / labelled.groupby(c["author"]).sum().where(lambda n: n > 0),
        "replies_made": c["reply_method"].ne("none").groupby(c["author"]).sum(),
        "guest_comments": grouped["is_guest"].sum(),
    })
    # Replies received: by others only; a self-reply is not attention received.
    answered = c.loc[c["reply_to_author"].notna() & c["reply_to_author"].ne(c["author"]), "reply_to_author"]
    table["replies_received"] = answered.value_counts().reindex(table.index, fill_value=0)
    mentioned = c[["author", "mentions"]].explode("mentions").dropna()
    mentioned = mentioned[mentioned["mentions"].str.lower() != mentioned["author"].str.lower()]
    received = mentioned["mentions"].str.lower().value_counts()
    table["mentions_received"] = [int(received.get(a.lower(), 0)) for a in table.index]
    table["status"] = [
        "guest" if g == n else "registered" if g == 0 else "both"
        for g, n in zip(table["guest_comments"], table["comments"])]
    table = table.drop(columns="guest_comments").reset_index(names="author")
    return table.sort_values(["comments", "words"], ascending=False, kind="stable").reset_index(drop=True)


def activity_by_hour_weekday(comments: pd.DataFrame) -> pd.DataFrame:
    """Comments per weekday and hour of day: all 7 x 24 cells, long form, zeros included.

    Columns ``weekday`` (Monday first, an ordered categorical), ``hour`` (0-23) and ``comments``.
    Comments without a timestamp are not counted (the load report counts them).

    Examples:
        >>> import pandas as pd
        >>> grid = activity_by_hour_weekday(pd.DataFrame({"timestamp": pd.to_datetime(
        ...     ["2013-02-20 18:18", "2013-02-20 18:40", None])}))
        >>> len(grid), int(grid["comments"].sum())
        (168, 2)
        >>> grid.query("comments > 0").to_dict("records")
        [{'weekday': 'Wednesday', 'hour': 18, 'comments': 2}]
    """
    require_columns(comments, ("timestamp",), what="activity_by_hour_weekday")
    stamps = comments["timestamp"].dropna()
    cells = pd.MultiIndex.from_product([range(7), range(24)], names=["weekday", "hour"])
    counts = (pd.Series(1, index=pd.MultiIndex.from_arrays(
        [stamps.dt.day_of_week.to_numpy(), stamps.dt.hour.to_numpy()], names=["weekday", "hour"]))
        .groupby(level=["weekday", "hour"]).sum().reindex(cells, fill_value=0))
    grid = counts.rename("comments").reset_index()
    grid["weekday"] = pd.Categorical.from_codes(grid["weekday"], categories=list(WEEKDAYS), ordered=True)
    grid["comments"] = grid["comments"].astype("int64")
    return grid
