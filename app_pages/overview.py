"""Overview: the articles, key figures, comment volume, sentiment labels and the most active commenters."""

import itertools

import pandas as pd
import streamlit as st

from analytics.charts import commenters as charts_commenters
from analytics.charts import overview as charts_overview
from analytics.charts import style as charts_style
from analytics.enrich import Analysis
from analytics.scoring import sentiment
from analytics.scoring.agreement import label_categories
from analytics.threads import activity, timeline
from analytics.views.codec import describe_filters
from analytics.views.filters import comment_columns, comment_count, reply_columns, reply_count
from app_pages import _articles, _ui, state

MAX_CARDS = 12


# --- data -----------------------------------------------------------------------------------
@st.cache_resource(show_spinner="Counting comments over time…", max_entries=state.VIEW_RESULTS)
def volume_figure(view: str, _analysis: Analysis, _titles: dict[str, str]):
    comments = comment_columns(_analysis, ["article_id", "timestamp"])
    volume = timeline.comment_volume(comments, freq=charts_style.pick_freq(comments["timestamp"]))
    return charts_overview.fig_comment_volume(volume, article_titles=_titles)


@st.cache_resource(show_spinner="Labelling sentiment…", max_entries=state.VIEW_RESULTS)
def sentiment_summary(view: str, _analysis: Analysis, engine: str):
    """The label chart, the share of scored comments labelled negative, comments per article and
    the median reply latency of the view: counted once per view, not on every rerun."""
    score = sentiment.ENGINES[engine].label_column
    comments = comment_columns(_analysis, [score, "article_id"])
    labels = label_categories(comments[score], _analysis.settings["thresholds"].for_engine(engine))
    labelled = int(labels.notna().sum())
    share_negative = int((labels == "negative").sum()) / labelled if labelled else None
    latency = reply_columns(_analysis, ["latency"])["latency"].dropna()
    return (
        charts_overview.fig_sentiment_labels(labels, engine=engine),
        share_negative,
        comments["article_id"].value_counts(),
        latency.median() if len(latency) else None,
    )


@st.cache_resource(show_spinner=False, max_entries=state.VIEW_RESULTS)
def commenters_summary(view: str, _analysis: Analysis):
    """How many commenters (None when the comments name none: anonymous), and the top commenters
    chart: from their counts alone (the view's whole activity table takes several times longer,
    and the Commenters page makes it if visited)."""
    taken = comment_columns(_analysis, ["author", "n_words", "is_guest"])
    counts = activity.commenter_counts(taken)
    anonymous = counts.empty and activity.anonymous_comments(taken["author"])
    return (
        None if anonymous else len(counts),
        charts_commenters.fig_comments_per_commenter(counts, top=15, anonymous=anonymous),
    )


analysis = state.filtered_or_stop()
filters = state.current_filters()
view = state.view_key()
engine = filters.engine
titles = _articles.article_titles()
n_commenters, top_commenters_figure = commenters_summary(view, analysis)
labels_figure, share_negative, per_article, median_latency = sentiment_summary(view, analysis, engine)
articles = analysis.articles.set_index("article_id")

# --- layout ---------------------------------------------------------------------------------
st.header("Overview")
for line in describe_filters(filters, article_titles=titles):
    _ui.user_text(f"Filter · {line}")  # names and titles: shown literally

cols = st.columns(5)
cols[0].metric("Comments", f"{comment_count(analysis):,}")
cols[1].metric(
    "Commenters",
    "–" if n_commenters is None else f"{n_commenters:,}",
    help=charts_commenters.ANONYMOUS_NOTE if n_commenters is None else None,
)
cols[2].metric("Articles", f"{len(per_article):,}")
cols[3].metric(
    "Reply links",
    f"{reply_count(analysis):,}",
    help="Replies found from explicit parents, @handles and quotes (see the Replies page).",
)
cols[4].metric(
    f"Negative ({engine})",
    "–" if share_negative is None else f"{share_negative:.0%}",
    help="Share of scored comments labelled negative by the chosen engine.",
)
if median_latency is not None:
    st.caption(f"Median time to a reply: {median_latency}.")

st.subheader("Articles")
shown = list(itertools.islice((a for a in per_article.index if a in articles.index), MAX_CARDS))
for article_id in shown:
    article = articles.loc[article_id]
    with st.container(border=True):
        _ui.user_text(article["title"])
        published = "not stated" if pd.isna(article["published"]) else f"{article['published']:%Y-%m-%d %H:%M}"
        st.caption(
            f"{int(per_article[article_id]):,} comments match the filters · "
            f"{int(article['parsed_comments']):,} parsed · published {published}"
        )
if len(per_article) > len(shown):
    st.caption(f"The {len(shown)} articles with most matching comments, of {len(per_article):,}.")

left, right = st.columns([3, 2])
with left:
    _ui.chart(volume_figure(view, analysis, titles), "Comments over time")
with right:
    _ui.chart(labels_figure, "Sentiment labels")
_ui.chart(top_commenters_figure, "Top commenters")

# Not kept by this run's globals, which outlive the run (see the end of app_pages/replies.py).
del analysis
