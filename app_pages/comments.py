"""Comments: the comments that match the filters, with their full text, scores and reply links."""

from functools import partial

import numpy as np
import pandas as pd
import streamlit as st

from analytics.enrich import Analysis
from analytics.model.text import CaseSearch
from analytics.views.filters import comment_column_names, comment_columns, comment_count
from analytics.views.keys import keys_of
from app_pages import _articles, _ui, state

COLUMNS = [
    "timestamp",
    "article",
    "author",
    "is_guest",
    "text",
    "language",
    "polarity",
    "subjectivity",
    "vader_compound",
    "sentiment_label",
    "toxicity",
    "toxicity_reasons",
    "reply_to_author",
    "reply_method",
    "reply_confidence",
    "position",
    "comment_id",
    "thread_id",
]


# --- data -----------------------------------------------------------------------------------
def text_marks(served: Analysis) -> CaseSearch | None:
    """The marks "find" needs on the served analysis's text (made once, shared with the sidebar's
    search); None when it has no Arrow text (a view's rows are then searched in the frame)."""
    index = served.comments.index
    # A view keeps the served comments' index: with the default one, its labels are positions in this text.
    if not index.equals(pd.RangeIndex(len(index))):
        return None
    return keys_of(served).search_marks


@st.cache_resource(show_spinner="Finding…", max_entries=state.FILTERED_VIEWS)
def found(view: str, find: str, _analysis: Analysis, _served: Analysis) -> np.ndarray:
    """Positions in the view ``_analysis`` of the comments whose text or author contains ``find``, ignoring case."""
    names = comment_columns(_analysis, ["author"])
    marks = text_marks(_served)
    if marks is None:
        text = comment_columns(_analysis, ["text"])["text"]
        in_text = text.str.contains(find, case=False, regex=False, na=False).to_numpy(dtype=bool)
    else:  # the served text at the view's rows, searched where it is
        in_text = marks.contains(
            keys_of(_served).text, find, rows=names.index.to_numpy(), originals=_served.comments["text"]
        )
    by = names["author"].str.contains(find, case=False, regex=False, na=False).to_numpy(dtype=bool)
    return np.flatnonzero(in_text | by)


analysis = state.filtered_or_stop()
view = state.view_key()
titles = _articles.article_titles()
find = st.session_state.get("comments_find", "")
present = comment_column_names(analysis)
shown_columns = [c if c != "article" else "article_id" for c in COLUMNS if c in present or c == "article"]
# The table lists positions in the view; the columns shown are taken for the page shown (or the
# CSV, or every row when sorted by one): a view of a million comments is never copied whole.
listed = pd.DataFrame(index=pd.RangeIndex(comment_count(analysis)))
if find:
    listed = pd.DataFrame(index=found(view, find, analysis, state.current_analysis()))


def as_shown(rows: pd.DataFrame, view: Analysis) -> pd.DataFrame:
    """The comments at ``rows`` (positions in ``view``) as shown: the article's title in place of its id."""
    taken = comment_columns(view, shown_columns, rows=rows.index.to_numpy())
    return taken.assign(article_id=taken["article_id"].map(titles)).rename(columns={"article_id": "article"})


# --- layout ---------------------------------------------------------------------------------
st.header("Comments")
st.text_input(
    "Find in these comments (text or name)",
    key="comments_find",
    help="Narrows this table only; the sidebar's text filter applies to every page.",
)
st.caption(f"{len(listed):,} of the {comment_count(analysis):,} comments that match the filters.")
_ui.table(
    listed,
    "Comments",
    height=600,
    key=f"{view}&find={find}",
    decorate=partial(as_shown, view=analysis),
    column_config={
        "text": st.column_config.TextColumn("comment", width="large"),
        "polarity": st.column_config.NumberColumn(format="%+.3f"),
        "subjectivity": st.column_config.NumberColumn(format="%.3f"),
        "vader_compound": st.column_config.NumberColumn(format="%+.3f"),
    },
)

# Not kept by this run's globals, which outlive the run (see the end of app_pages/replies.py).
del analysis
