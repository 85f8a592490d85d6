"""Sentiment: score distributions per engine, over time, by commenter, the strongest comments, engine agreement."""

from functools import partial

import pandas as pd
import streamlit as st

from analytics.charts import sentiment as charts_sentiment
from analytics.charts import style as charts_style
from analytics.enrich import Analysis
from analytics.scoring import sentiment
from analytics.scoring.agreement import engine_comparison, with_ids_and_text
from analytics.views.filters import comment_columns
from app_pages import _ui, state

N_STRONGEST = 10


# --- data -----------------------------------------------------------------------------------
@st.cache_resource(show_spinner="Charting sentiment…", max_entries=state.VIEW_RESULTS)
def sentiment_figures(view: str, _analysis: Analysis, engine: str) -> dict:
    columns = {name: sentiment.ENGINES[name].label_column for name in _analysis.settings["engines"]}
    comments = comment_columns(_analysis, ["timestamp", "author", *columns.values()])
    freq = charts_style.pick_freq(comments["timestamp"])
    return {
        "Sentiment scores": charts_sentiment.fig_score_histograms(comments, columns=columns),
        "Sentiment over time": charts_sentiment.fig_sentiment_over_time(comments, columns=columns, freq=freq),
        "Sentiment by commenter": charts_sentiment.fig_sentiment_by_commenter(comments, column=columns[engine], top=20),
    }


@st.cache_resource(show_spinner="Finding the strongest sentences…", max_entries=state.VIEW_RESULTS)
def strongest_comments(view: str, _analysis: Analysis, engine: str, side: str) -> pd.DataFrame:
    """The ``N_STRONGEST`` comments scoring furthest below (``negative``) or above zero, with their
    strongest sentence on that side."""
    score = sentiment.ENGINES[engine].label_column
    values = comment_columns(_analysis, [score])[score].reset_index(drop=True)  # labels: positions in the view
    picked = (
        values[values < 0].nsmallest(N_STRONGEST) if side == "negative" else values[values > 0].nlargest(N_STRONGEST)
    )
    chosen = comment_columns(
        _analysis, ["comment_id", "author", "timestamp", score, "text", "language"], rows=picked.index.to_numpy()
    )
    sentences = sentiment.strongest_sentences(chosen, engine=engine)
    table = chosen.merge(sentences, on="comment_id", how="left")
    return table[["author", "timestamp", score, f"most_{side}_sentence", f"most_{side}_score", "text"]]


@st.cache_resource(show_spinner="Comparing the engines…", max_entries=state.FILTERED_VIEWS)
def agreement(view: str, _analysis: Analysis):
    """TextBlob against VADER: the share agreeing, the scatter, and the comments labelled differently
    (the scores furthest apart first)."""
    comments = comment_columns(_analysis, ["author", "polarity", "vader_compound"])
    result = engine_comparison(comments, thresholds=_analysis.settings["thresholds"], engines=("textblob", "vader"))
    # The texts of the points drawn only (a sample of a large view), not of every comment in view.
    figure = charts_sentiment.fig_engine_agreement(
        comments,
        x_column="polarity",
        y_column="vader_compound",
        agree=~result.differ,
        text_at=lambda rows: comment_columns(_analysis, ["text"], rows=rows)["text"],
    )
    return result.share, result.n_compared, figure, result.disagreements


def disagreements_as_shown(rows: pd.DataFrame, view: Analysis) -> pd.DataFrame:
    """Rows of the disagreements (indexed by their position in ``view``) with their comment's id
    and text, taken for these rows alone."""
    taken = comment_columns(view, ["comment_id", "text"], rows=rows.index.to_numpy())
    return with_ids_and_text(rows.set_axis(pd.RangeIndex(len(rows))), taken)


analysis = state.filtered_or_stop()
filters = state.current_filters()
view = state.view_key()
engines = list(analysis.settings["engines"])
engine = filters.engine
figures = sentiment_figures(view, analysis, engine)
most_negative = strongest_comments(view, analysis, engine, "negative")
most_positive = strongest_comments(view, analysis, engine, "positive")
both = {"textblob", "vader"} <= set(engines)
if both:
    share, n_compared, agreement_figure, disagreements = agreement(view, analysis)

# --- layout ---------------------------------------------------------------------------------
st.header("Sentiment")
st.caption(
    f"Scores from {', '.join(engines)}; the chosen engine ({engine}) drives the sentiment filter, "
    "the chart by commenter and the strongest comments. Only English comments are scored, and "
    "emoji-only ones by VADER alone (Arabic, Arabizi and other languages are not scored)."
)
for name, figure in figures.items():
    _ui.chart(figure, name)

text_column = {"text": st.column_config.TextColumn("comment", width="large")}
st.subheader("Most negative comments")
_ui.table(most_negative, "Most negative comments", column_config=text_column)
st.subheader("Most positive comments")
_ui.table(most_positive, "Most positive comments", column_config=text_column)

st.subheader("Engine agreement")
if both:
    if n_compared:
        st.caption(
            f"TextBlob and VADER give the same label to {share:.0%} of the {n_compared:,} comments "
            f"both scored; {len(disagreements):,} are labelled differently."
        )
    _ui.chart(agreement_figure, "Engine agreement")
    # Ids and texts for the rows shown (and the CSV when asked): a large view has 400,000 disagreements.
    _ui.table(
        disagreements,
        "Engine disagreements",
        column_config=text_column,
        key=view,
        decorate=partial(disagreements_as_shown, view=analysis),
    )
else:
    st.caption("Engine agreement needs both the textblob and the vader scores.")

# Not kept by this run's globals, which outlive the run (see the end of app_pages/replies.py).
del analysis
