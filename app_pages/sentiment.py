"""Sentiment: score distributions per engine, over time, by commenter, the strongest comments, engine agreement."""
import pandas as pd
import streamlit as st

from analytics import charts, sentiment
from app_pages import _ui, state

N_STRONGEST = 10

# --- data -----------------------------------------------------------------------------------
analysis = state.filtered_or_stop()
filters = state.current_filters()
comments = analysis.comments
thresholds = analysis.settings["thresholds"]
engines = list(analysis.settings["engines"])
columns = {name: sentiment.ENGINES[name].label_column for name in engines}
engine, score = filters.engine, columns[filters.engine]
freq = charts.pick_freq(comments["timestamp"])


@st.cache_data(show_spinner="Finding the strongest sentences…", max_entries=32)
def strongest(selected: pd.DataFrame, engine: str) -> pd.DataFrame:
    """The selected comments with their most negative and most positive sentence."""
    sentences = sentiment.strongest_sentences(selected[["comment_id", "text", "language"]], engine=engine)
    return selected.merge(sentences, on="comment_id", how="left")


def extremes(side: str) -> pd.DataFrame:
    """The ``N_STRONGEST`` comments scoring furthest below (or above) zero."""
    picked = comments[comments[score] < 0].nsmallest(N_STRONGEST, score) if side == "negative" else \
        comments[comments[score] > 0].nlargest(N_STRONGEST, score)
    table = strongest(picked[["comment_id", "author", "timestamp", score, "text", "language"]], engine)
    return table[["author", "timestamp", score, f"most_{side}_sentence", f"most_{side}_score", "text"]]


most_negative, most_positive = extremes("negative"), extremes("positive")
both = {"textblob", "vader"} <= set(engines)
if both:
    agreement = sentiment.engine_agreement(comments, thresholds=thresholds, engines=("textblob", "vader"))
    tb = sentiment.labels(comments["polarity"], thresholds.for_engine("textblob"))
    vd = sentiment.labels(comments["vader_compound"], thresholds.for_engine("vader"))
    disagreements = agreement.disagreements.merge(comments[["comment_id", "text"]], on="comment_id", how="left")

# --- layout ---------------------------------------------------------------------------------
st.header("Sentiment")
st.caption(f"Scores from {', '.join(engines)}; the chosen engine ({engine}) drives the sentiment filter, "
           "the charts by commenter and the strongest comments. Only English comments are scored.")

_ui.chart(charts.fig_score_histograms(comments, columns=columns), "Sentiment scores")
_ui.chart(charts.fig_sentiment_over_time(comments, columns=columns, freq=freq), "Sentiment over time")
_ui.chart(charts.fig_sentiment_by_commenter(comments, column=score, top=20), "Sentiment by commenter")

text_column = {"text": st.column_config.TextColumn("comment", width="large")}
st.subheader("Most negative comments")
_ui.table(most_negative, "Most negative comments", column_config=text_column)
st.subheader("Most positive comments")
_ui.table(most_positive, "Most positive comments", column_config=text_column)

st.subheader("Engine agreement")
if both:
    if agreement.n_compared:
        st.caption(f"TextBlob and VADER give the same label to {agreement.share:.0%} of the "
                   f"{agreement.n_compared:,} comments both scored.")
    _ui.chart(charts.fig_engine_agreement(comments, x_column="polarity", y_column="vader_compound",
                                          agree=tb.eq(vd)), "Engine agreement")
    st.caption(f"{len(disagreements):,} comments labelled differently")
    _ui.table(disagreements, "Engine disagreements", column_config=text_column)
else:
    st.caption("Engine agreement needs both the textblob and vader scores.")
