"""Data: what is loaded, how it was read, and the comments as plain text."""

import pandas as pd
import streamlit as st

from analytics.loaders import SUPPORTED_SUFFIXES, TABLE_FIELDS, LoadError, load_files, preview_table
from analytics.loaders.platforms import column_roles
from app_pages import _ui, state

# Every extension the loaders read (one list: a format added there is offered here), and the
# same compressed (comments.csv.gz: the browser filters by the last suffix) or in a zip.
UPLOAD_TYPES = [suffix.lstrip(".") for suffix in SUPPORTED_SUFFIXES] + ["gz", "bz2", "xz", "zst", "zip"]
# Fields offered in the column-mapping form (the others are rarely named differently).
MAPPED_FIELDS = [
    f
    for f in TABLE_FIELDS
    if f.name in ("text", "author", "timestamp", "id", "parent", "reply_to_author", "article", "title")
]
AUTOMATIC, NONE = "(automatic)", "(none)"
MAX_ARTICLES = 20  # article cards; every article is in the table below them


@st.cache_data(show_spinner="Reading the first rows…", max_entries=8, ttl=state.CORPUS_TTL)
def _preview(raw: bytes, name: str, header: bool | None = None) -> pd.DataFrame | str | None:
    """First rows of a table upload, None for other formats, or the error as text."""
    try:
        return preview_table(raw, name, header=header)
    except LoadError as err:
        return str(err)


@st.cache_data(show_spinner="Reading upload…", max_entries=4, ttl=state.CORPUS_TTL)
def _load_uploads(
    files: tuple[tuple[str, bytes], ...], mapping: tuple[tuple[str, str], ...], header: bool | None = None
):
    return load_files(list(files), mapping=dict(mapping), header=header)


def _mapping_form(previews: dict[str, pd.DataFrame]) -> dict[str, str]:
    """Selectboxes naming the column of each field; returns the fields the user set by hand."""
    columns = list(dict.fromkeys(c for frame in previews.values() for c in frame.columns))
    # The roles loading will use: a platform's (Reddit's link_id, not its permalink) before the usual names.
    _, found = column_roles(columns)
    mapping = {}
    st.caption("Which column holds what. Automatic uses the usual column names; pick a column to override.")
    for field in MAPPED_FIELDS:
        automatic = f"{AUTOMATIC}: {found[field.name]}" if field.name in found else f"{AUTOMATIC}: none found"
        choice = st.selectbox(f"{field.name} ({field.meaning})", [automatic] + columns, key=f"map-{field.name}")
        if choice != automatic:
            mapping[field.name] = choice
    return mapping


# --- data -----------------------------------------------------------------------------------
corpus = state.current_corpus()
report = corpus.report

# --- layout ---------------------------------------------------------------------------------
st.header("Data")

with st.expander("Open other data", expanded=False):
    uploads = st.file_uploader(
        "Upload files: saved pages (.txt, .html), tables (.csv, .tsv, .json, .jsonl, .xlsx), Disqus, WordPress "
        "or Blogger exports (.xml, .atom), or the articles.csv and comments.csv of a Threadscope export; any of "
        "them compressed (.gz, .bz2, .xz, .zst) or in a .zip",
        type=UPLOAD_TYPES,
        accept_multiple_files=True,
    )
    st.caption(
        f"Up to {st.get_option('server.maxUploadSize')} MB per file (a bigger one is marked red and not "
        "read; see SECURITY.md). Open larger corpora with `streamlit run app.py -- PATH`."
    )
    if uploads:
        files = tuple((u.name, u.getvalue()) for u in uploads)
        # Outside the form: the previews (and the columns offered below) change with it.
        header = (
            False
            if st.checkbox("CSV/TSV tables have no header row (columns are then named 1, 2 …)", key="no-header")
            else None
        )
        previews = {name: _preview(raw, name, header) for name, raw in files}
        tables = {name: p for name, p in previews.items() if isinstance(p, pd.DataFrame)}
        with st.form("load-uploads"):
            for name, preview in previews.items():
                # File names, column names and cells are user content: st.text and st.dataframe only.
                if isinstance(preview, pd.DataFrame):
                    st.text(f"{name}: the first rows")
                    st.dataframe(preview, hide_index=True)
                elif isinstance(preview, str):
                    st.text(f"⚠ {preview}")
            mapping = _mapping_form(tables) if tables else {}
            submitted = st.form_submit_button("Load these files")
        if submitted:
            try:
                st.session_state[state.UPLOAD_KEY] = _load_uploads(files, tuple(sorted(mapping.items())), header)
                st.rerun()
            except LoadError as err:
                st.error("These files could not be loaded.")
                st.text(str(err))
    if state.UPLOAD_KEY in st.session_state and st.button("Back to the files given at start"):
        del st.session_state[state.UPLOAD_KEY]
        st.rerun()

st.subheader("Articles")
for article in corpus.articles.head(MAX_ARTICLES).itertuples():
    with st.container(border=True):
        # User text goes through st.text, never markdown: titles and bodies are shown literally.
        st.text(article.title)
        declared = "not stated" if pd.isna(article.declared_comments) else int(article.declared_comments)
        st.caption(f"{article.parsed_comments} comments parsed · declared by the page: {declared}")
        with st.expander("Article text"):
            st.text(article.body)
if len(corpus.articles) > MAX_ARTICLES:
    st.caption(f"The first {MAX_ARTICLES} of {len(corpus.articles):,} articles; all of them in this table:")
    _ui.table(
        corpus.articles[["title", "published", "declared_comments", "parsed_comments", "source", "article_id"]],
        "Articles",
        key=state.analysis_key(),
    )

st.subheader("Load report")
st.dataframe(
    pd.DataFrame(
        [
            {
                "file": f.source,
                "format": f.format,
                "encoding": f.encoding,
                "lines": f.lines,
                "articles": f.articles,
                "declared comments": f.declared_comments,
                "parsed comments": f.parsed_comments,
                "lines skipped": len(f.skipped),
                "warnings": len(f.warnings),
            }
            for f in report.files
        ]
    ),
    hide_index=True,
)
skipped = pd.DataFrame(
    [{"file": f.source, "line": s.line, "reason": s.reason, "text": s.text} for f in report.files for s in f.skipped],
    columns=["file", "line", "reason", "text"],
)
if len(skipped):
    st.caption("Lines that went into neither an article nor a comment")
    st.dataframe(skipped, hide_index=True)
for warning in report.all_warnings:
    st.text(f"⚠ {warning}")

st.subheader("Comments")
comments = corpus.comments
shown = ["position", "author", "is_guest", "timestamp", "text", "mentions", "n_words"]
# Input ids and flags only where the input had them (exports and tables).
shown += [c for c in ("source_id", "source_parent_id") if c in comments and comments[c].notna().any()]
shown += [c for c in ("is_deleted", "is_spam", "is_pingback") if c in comments and comments[c].any()]


def mentions_as_text(rows: pd.DataFrame) -> pd.DataFrame:
    """The rows as shown: handles joined by spaces (for the page shown; the CSV keeps the lists)."""
    return rows.assign(mentions=rows["mentions"].map(" ".join))


_ui.table(
    comments[shown],
    "Loaded comments",
    key=state.analysis_key(),
    decorate=mentions_as_text,
    csv=comments[shown],
    column_config={"text": st.column_config.TextColumn(width="large")},
)
