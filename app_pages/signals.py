"""Signals: toxicity, alias suspects (with merge), who and what the comments name, distinctive terms, echoes of the article."""

import pandas as pd
import streamlit as st

from analytics.charts import signals as charts_signals
from analytics.columns.arrow_keys import is_in
from analytics.enrich import Analysis
from analytics.output.export import seeded_sample
from analytics.signals import aliases, echoes, entities, terms, toxicity_stats
from analytics.views.filters import comment_column_names, comment_columns, comment_count, with_comments
from app_pages import _articles, _ui, state

MAX_TERM_GROUPS = 30  # commenters or periods offered in the distinctive-terms chart
MOST_TOXIC = 500  # comments in the most-toxic table (and its CSV), shown a page at a time
TOXIC_PAGE_ROWS = 50


# --- data -----------------------------------------------------------------------------------
@st.cache_resource(show_spinner="Summarising toxicity…", max_entries=state.VIEW_RESULTS)
def toxicity_tables(view: str, _analysis: Analysis) -> tuple[pd.DataFrame, int, pd.DataFrame, pd.DataFrame]:
    """Histogram, unscored count, most toxic comments and per-commenter table of the view."""
    comments = comment_columns(_analysis, ["author", "toxicity"])
    # The other columns (the text among them) of the most toxic rows only.
    top = comment_columns(
        _analysis,
        toxicity_stats.MOST_TOXIC_COLUMNS,
        rows=toxicity_stats.most_toxic_rows(comments["toxicity"], n=MOST_TOXIC),
    )
    return (
        toxicity_stats.toxicity_histogram(comments),
        int(comments["toxicity"].isna().sum()),
        toxicity_stats.most_toxic_comments(top, n=MOST_TOXIC),
        toxicity_stats.toxicity_by_commenter(comments),
    )


@st.cache_resource(show_spinner="Comparing handles…", max_entries=8)
def alias_table(view: str, _analysis: Analysis) -> pd.DataFrame:
    return aliases.alias_suspects(_analysis.comments)


def commented_articles(analysis: Analysis) -> pd.DataFrame:
    """The articles with a comment in view: the others' bodies need no reading (thousands in a large corpus)."""
    articles = analysis.articles
    return articles[is_in(articles["article_id"], analysis.comments["article_id"])]


@st.cache_resource(show_spinner="Finding people, organisations and places…", max_entries=8)
def entity_tables(view: str, _analysis: Analysis) -> tuple[pd.DataFrame, pd.DataFrame]:
    articles = commented_articles(_analysis)
    return (
        entities.entity_mentions(articles, _analysis.comments),
        entities.entity_sentences(articles, _analysis.comments),
    )


@st.cache_resource(show_spinner="Finding distinctive terms…", max_entries=state.VIEW_RESULTS)
def term_table(view: str, by: str, _analysis: Analysis) -> pd.DataFrame:
    return terms.distinctive_terms(_analysis.comments, by=by, max_groups=MAX_TERM_GROUPS)


@st.cache_resource(show_spinner="Comparing comments with their articles…", max_entries=8)
def echo_tables(view: str, _analysis: Analysis) -> tuple[pd.DataFrame, pd.DataFrame]:
    table = echoes.article_echoes(commented_articles(_analysis), _analysis.comments)
    return table, echoes.on_topic_share(table)


@st.cache_resource(show_spinner="Drawing a sample…", max_entries=8)
def sample_of(view: str, size: int, _analysis: Analysis) -> Analysis:
    """``size`` comments of the view drawn at random (seeded: the same sample for the same view)."""
    # with_comments, not dataclasses.replace: the view's threads and commenters are not made for it.
    # The sample's rows are drawn by position, and only they are taken (not every column of the view).
    rows = seeded_sample(pd.DataFrame(index=pd.RangeIndex(comment_count(_analysis))), size).index.to_numpy()
    return with_comments(_analysis, comment_columns(_analysis, comment_column_names(_analysis), rows=rows))


analysis = state.filtered_or_stop()
view = state.view_key()
titles = _articles.article_titles()
merges = list(state.current_merges())

# --- layout ---------------------------------------------------------------------------------
st.header("Signals")
st.subheader("Toxicity")
if "toxicity" not in comment_column_names(analysis):
    st.info(
        "This analysis has no toxicity scores: it was made by an older Threadscope. "
        "Open the input files again (or run `python -m analytics analyze` again) to score them."
    )
else:
    st.caption(
        f"A local model scores each English comment from 0 (harmless) to 1 (toxic): incivility and hate "
        f"towards groups, calibrated so that {toxicity_stats.TOXIC_AT} is as likely toxic as not. Reasons: "
        "the insults, slurs and threats found, then the words that raise the score most. A pointer for "
        "reading, not a verdict."
    )
    # Read from scores computed once by enrich and aggregated in vectorised steps: on every comment of
    # the view, however large (the signals below may need a sample).
    histogram, unscored, most_toxic, by_commenter = toxicity_tables(view, analysis)
    _ui.chart(charts_signals.fig_toxicity_histogram(histogram, unscored=unscored), "Toxicity")
    st.subheader("Most toxic comments")
    if most_toxic.empty:
        st.info("No comment has a toxicity score (none is in English).")
    else:
        st.caption(f"The {len(most_toxic):,} highest scores, highest first, with the reasons the model gives.")
        _ui.table(
            most_toxic.assign(article=most_toxic["article_id"].map(titles))[
                ["toxicity", "toxicity_reasons", "author", "timestamp", "article", "text", "comment_id"]
            ],
            "Most toxic comments",
            page_rows=TOXIC_PAGE_ROWS,
            key=view + "#toxic",
            column_config={
                "toxicity": st.column_config.NumberColumn(format="%.2f"),
                "toxicity_reasons": st.column_config.TextColumn("reasons"),
                "text": st.column_config.TextColumn(width="large"),
                "comment_id": None,
            },
        )
    st.subheader("Toxicity by commenter")
    st.caption(
        f"Mean and highest score of each commenter's English comments; toxic: scored "
        f"{toxicity_stats.TOXIC_AT} or more. Most toxic comments first."
    )
    _ui.chart(charts_signals.fig_toxicity_by_commenter(by_commenter), "Toxicity by commenter")
    _ui.table(
        by_commenter,
        "Toxicity by commenter table",
        key=view + "#toxic-by",
        column_config={
            "mean_toxicity": st.column_config.NumberColumn(format="%.2f"),
            "max_toxicity": st.column_config.NumberColumn(format="%.2f"),
            "toxic_share": st.column_config.NumberColumn(format="percent"),
        },
    )

n_comments = comment_count(analysis)
if n_comments > state.SIGNALS_AUTO_ROWS:
    # Pure-Python text analysis (about half a millisecond a comment): on a large view it runs only
    # when asked, and on a sample above SIGNALS_SAMPLE comments, so a filter change never waits for it.
    sampled = n_comments > state.SIGNALS_SAMPLE
    if sampled:
        st.caption(
            f"{n_comments:,} comments match the filters: the signals below are computed on a "
            f"random sample of {state.SIGNALS_SAMPLE:,} of them (the same sample each time for the same "
            "filters), so counts are the sample's. Narrow the filters to below "
            f"{state.SIGNALS_SAMPLE:,} comments to compute them on every comment."
        )
    else:
        st.caption(
            f"{n_comments:,} comments match the filters: the signals below take a few seconds "
            f"to compute (automatic up to {state.SIGNALS_AUTO_ROWS:,} comments)."
        )
    asked = st.session_state.setdefault("signals_views", [])
    if view not in asked:
        label = f"on a sample of {state.SIGNALS_SAMPLE:,} comments" if sampled else f"on the {n_comments:,} comments"
        if not st.button(f"Compute the signals {label}", key="signals_compute", icon=":material/play_arrow:"):
            st.stop()
        asked.append(view)
        del asked[:-8]  # the last few views asked for (their results are cached as long)
    if sampled:
        analysis = sample_of(view, state.SIGNALS_SAMPLE, analysis)
        view += f"&sample={state.SIGNALS_SAMPLE}"

st.subheader("Alias suspects")
st.caption(
    "Pairs of handles that may be one person, strongest first. Score = 0.45 x handle similarity "
    "+ 0.25 x writing similarity + 0.15 x hour-of-day similarity + 0.15 if both are guests. "
    "Evidence, not proof: merge only what you have checked."
)
suspects = alias_table(view, analysis)
if suspects.empty:
    st.info("No pair of handles reaches the suspicion threshold.")
else:
    _ui.table(
        suspects,
        "Alias suspects",
        column_config={
            "score": st.column_config.NumberColumn(format="%.2f"),
            "handle_similarity": st.column_config.NumberColumn(format="%.2f"),
            "hour_profile_similarity": st.column_config.NumberColumn(format="%.2f"),
            "writing_similarity": st.column_config.NumberColumn(format="%.2f"),
            "evidence": st.column_config.TextColumn(width="large"),
        },
    )
    pairs = list(zip(suspects["author_b"], suspects["author_a"]))
    labels = [f"{alias}  →  {kept}" for alias, kept in pairs]  # not a lambda of the page: see replies.py
    chosen = st.selectbox(
        "Pair to merge (the first handle is counted as the second)",
        range(len(pairs)),
        format_func=labels.__getitem__,
        key="signals_merge_pair",
    )
    if st.button("Merge this pair", key="signals_merge"):
        st.session_state[state.MERGES_KEY] = merges + [pairs[chosen]]
        st.rerun()
if merges:
    st.caption("Merges in effect on every page and in every export (undo one to count both handles apart again)")
    for k, (alias, kept) in enumerate(merges):
        left, right = st.columns([4, 1])
        left.text(f"{alias}  →  {kept}")
        if right.button("Undo", key=f"signals_undo_{k}"):
            st.session_state[state.MERGES_KEY] = merges[:k] + merges[k + 1 :]
            st.rerun()

st.subheader("Who and what the comments name")
st.caption(
    "People, organisations and places of the article and the comments, spellings brought together; "
    "colour: mean TextBlob polarity of the comment sentences naming each (English comments)."
)
mentions, sentences = entity_tables(view, analysis)
_ui.chart(charts_signals.fig_entity_mentions(mentions), "Entity mentions")
_ui.table(
    mentions.assign(article=mentions["article_id"].map(titles)).drop(columns="article_id"),
    "Entities",
    column_config={"mean_sentiment": st.column_config.NumberColumn(format="%+.3f")},
)
named = sorted(pd.unique(sentences["entity"])) if len(sentences) else []
if named:
    entity = st.selectbox("Sentences naming", named, key="signals_entity")
    _ui.table(
        sentences.loc[sentences["entity"] == entity, ["author", "matched", "sentiment", "sentence"]],
        "Entity sentences",
        column_config={"sentence": st.column_config.TextColumn(width="large")},
    )

st.subheader("Distinctive terms")
st.caption(
    "Words a commenter or a period uses more than the rest (log-odds with an informative Dirichlet "
    f"prior; the {MAX_TERM_GROUPS} most active commenters or the periods in time order)."
)
by = st.radio(
    "Per",
    ["author", "period"],
    horizontal=True,
    key="signals_terms_by",
    format_func={"author": "commenter", "period": "period"}.get,
)
distinctive = term_table(view, by, analysis)
groups = list(dict.fromkeys(distinctive["group"]))
if groups:
    group = st.selectbox("Commenter" if by == "author" else "Period", groups, key=f"signals_terms_{by}")
    _ui.chart(charts_signals.fig_distinctive_terms(distinctive, group), "Distinctive terms")
    _ui.table(distinctive, "Distinctive terms table")
else:
    st.info("No term stands out: too few comments to compare.")

st.subheader("Echoes of the article")
st.caption(
    f"Quote: {echoes.QUOTE_MIN_WORDS}+ words in a row from the article (title or body), or a quoted span "
    "found in it; "
    f"paraphrase: a sentence with cosine >= {echoes.PARAPHRASE_MIN} to an article sentence; on topic: "
    f"at least {echoes.ON_TOPIC_MIN_OVERLAP:.0%} of the comment's content words occur in the article."
)
echo, shares = echo_tables(view, analysis)
_ui.chart(charts_signals.fig_on_topic(shares, article_titles=titles), "On topic")
_ui.table(
    shares.assign(article=shares["article_id"].map(titles)).drop(columns="article_id"),
    "On-topic share",
    column_config={"on_topic_share": st.column_config.NumberColumn(format="percent")},
)
texts = dict(zip(analysis.comments["comment_id"], analysis.comments["text"]))
echoing = echo[echo["echo"] != "none"]
if len(echoing):
    st.caption("Comments that quote or paraphrase their article")
    _ui.table(
        echoing.assign(text=echoing["comment_id"].map(texts))[
            ["author", "echo", "echo_words", "echo_text", "paraphrase_similarity", "text"]
        ],
        "Echoing comments",
        column_config={"text": st.column_config.TextColumn(width="large")},
    )

# Not kept by this run's globals, which outlive the run (see the end of app_pages/replies.py).
del analysis
