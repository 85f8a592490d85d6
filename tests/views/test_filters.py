"""The global filters: which comments pass, and what is recomputed from them."""

import dataclasses
from datetime import datetime

import pandas as pd
import pytest
from conftest import make_thread, memory_of

from analytics.enrich import enrich
from analytics.loaders import Corpus, LoadReport
from analytics.views.filters import Filters, apply_filters, filter_mask


def analyse(rows, **kwargs):
    articles, comments = make_thread(rows, **kwargs)
    return enrich(Corpus(articles, comments, LoadReport()))


#: realist answers geha, geha answers realist.
EXCHANGE = [
    {"author": "geha", "text": "A great plan, truly wonderful.", "timestamp": "2013-02-20 18:18"},
    {"author": "realist", "text": "@geha a horrible idea (really)", "timestamp": "2013-02-20 18:30"},
    {"author": "geha", "text": "@realist you are wrong", "timestamp": "2013-02-20 19:11"},
]


@pytest.fixture(scope="module")
def thread():
    """Four commenters: the exchange, one guest, one undated, one Arabic."""
    return analyse(
        EXCHANGE
        + [
            {"author": "trueself", "text": "يسقط النظام", "timestamp": "2013-02-20 20:00", "is_guest": True},
            {"author": "lebnanfirst", "text": "No time on this one, sadly.", "timestamp": None},
        ]
    )


def authors(analysis):
    return analysis.comments["author"].tolist()


def test_default_filters_keep_every_comment(thread):
    assert len(apply_filters(thread, Filters()).comments) == 5


def test_commenter_filter_keeps_their_comments_only(thread):
    assert authors(apply_filters(thread, Filters(commenters=("geha",)))) == ["geha", "geha"]


def test_commenters_and_threads_are_recomputed_from_the_filtered_comments(thread):
    result = apply_filters(thread, Filters(commenters=("geha",)))
    assert result.commenters[["author", "comments"]].values.tolist() == [["geha", 2]]
    assert int(result.threads["size"].sum()) == 2


def test_replies_keep_edges_whose_child_passes_with_the_parent_filtered_out(thread):
    replies = apply_filters(thread, Filters(commenters=("geha",))).replies
    assert replies[["child_author", "parent_author"]].values.tolist() == [["geha", "realist"]]
    assert replies.loc[0, "latency"] == pd.Timedelta("41min")  # measured on the whole corpus


def test_replies_drop_edges_whose_child_is_filtered_out(thread):
    replies = apply_filters(thread, Filters(commenters=("realist",))).replies
    assert replies["child_author"].tolist() == ["realist"]


def test_replies_received_count_only_replies_that_pass(thread):
    commenters = apply_filters(thread, Filters(commenters=("geha",))).commenters
    assert commenters.loc[0, "replies_received"] == 0
    assert apply_filters(thread, Filters()).commenters.set_index("author").loc["geha", "replies_received"] == 1


def test_article_filter_restricts_articles_and_comments():
    first = analyse([{"author": "a", "text": "one"}], title="First")
    second = analyse([{"author": "b", "text": "two"}], title="Second")
    both = first.__class__(
        **{
            **first.__dict__,
            "articles": pd.concat([first.articles, second.articles], ignore_index=True),
            "comments": pd.concat([first.comments, second.comments], ignore_index=True),
        }
    )
    result = apply_filters(both, Filters(articles=(second.articles.loc[0, "article_id"],)))
    assert result.articles["title"].tolist() == ["Second"]
    assert authors(result) == ["b"]


def test_time_range_leaves_out_undated_comments_once_set(thread):
    result = apply_filters(thread, Filters(start=datetime(2013, 2, 20, 18, 20), end=datetime(2013, 2, 20, 19, 11)))
    assert authors(result) == ["realist", "geha"]


@pytest.mark.parametrize(
    "start, end, expected",
    [
        (datetime(2013, 2, 20, 19, 0), None, ["geha", "trueself"]),
        (None, datetime(2013, 2, 20, 18, 18), ["geha"]),
    ],
)
def test_open_ended_time_range(thread, start, end, expected):
    assert authors(apply_filters(thread, Filters(start=start, end=end))) == expected


def test_full_sentiment_range_keeps_unscored_comments(thread):
    assert "trueself" in authors(apply_filters(thread, Filters(sentiment=(-1, 1))))


def test_narrowed_sentiment_range_leaves_out_unscored_comments(thread):
    result = apply_filters(thread, Filters(sentiment=(-1, 0.99)))
    assert "trueself" not in authors(result)
    assert result.comments["polarity"].notna().all()


def test_sentiment_range_reads_the_chosen_engine(thread):
    scored = thread.comments[thread.comments["vader_compound"].notna()]
    expected = scored.loc[scored["vader_compound"] <= -0.05, "comment_id"].tolist()
    negative = apply_filters(thread, Filters(sentiment=(-1, -0.05), engine="vader")).comments
    assert expected and negative["comment_id"].tolist() == expected


def test_sentiment_range_includes_its_ends(thread):
    polarity = thread.comments.loc[0, "polarity"]
    result = apply_filters(thread, Filters(sentiment=(polarity, polarity)))
    assert result.comments["comment_id"].tolist() == [thread.comments.loc[0, "comment_id"]]


def test_minimum_toxicity_keeps_comments_at_or_above_it_and_never_unscored_ones(thread):
    scores = thread.comments.set_index("author")["toxicity"]
    assert scores.isna().tolist().count(True) == 1  # the Arabic comment is not scored
    threshold = float(thread.comments["toxicity"].dropna().sort_values().iloc[2])  # the third lowest
    kept = apply_filters(thread, Filters(min_toxicity=threshold)).comments
    assert len(kept) == 2 and (kept["toxicity"] >= threshold).all()
    assert threshold in kept["toxicity"].tolist()  # its end included
    tiny = apply_filters(thread, Filters(min_toxicity=1e-9)).comments
    assert "trueself" not in set(tiny["author"]) and len(tiny) == 4
    assert "trueself" in authors(apply_filters(thread, Filters(min_toxicity=0)))  # 0 filters nothing


def test_minimum_toxicity_needs_the_column_only_when_set(thread):
    comments = thread.comments.drop(columns=["toxicity", "toxicity_reasons"])
    assert filter_mask(comments, Filters()).all()
    with pytest.raises(ValueError, match="toxicity"):
        filter_mask(comments, Filters(min_toxicity=0.5))


def test_search_ignores_case_and_is_not_a_pattern(thread):
    assert authors(apply_filters(thread, Filters(search="IDEA (REALLY"))) == ["realist"]


@pytest.mark.parametrize(
    "status, expected", [("guest", ["trueself"]), ("registered", ["geha", "realist", "geha", "lebnanfirst"])]
)
def test_guest_or_registered(thread, status, expected):
    assert authors(apply_filters(thread, Filters(status=status))) == expected


def test_flagged_comments_are_left_out_by_default():
    analysis = analyse(
        [
            {"author": "a", "text": "kept"},
            {"author": "b", "text": "spam!", "is_spam": True},
            {"author": "c", "text": "gone", "is_deleted": True},
        ]
    )
    assert authors(apply_filters(analysis, Filters())) == ["a"]
    assert authors(apply_filters(analysis, Filters(include_flagged=True))) == ["a", "b", "c"]


def test_an_unknown_commenter_gives_an_empty_result_not_an_error(thread):
    result = apply_filters(thread, Filters(commenters=("nobody",)))
    assert result.comments.empty and result.commenters.empty and result.replies.empty and result.threads.empty


def test_the_input_is_not_changed(thread):
    before = thread.comments.copy()
    apply_filters(thread, Filters(commenters=("geha",), search="plan"))
    pd.testing.assert_frame_equal(thread.comments, before)


def test_filters_are_recorded_in_settings(thread):
    filters = Filters(commenters=("geha",))
    result = apply_filters(thread, filters)
    assert result.settings["filters"] == filters
    assert result.settings["engines"] == thread.settings["engines"]


def test_missing_columns_are_listed(thread):
    with pytest.raises(ValueError, match=r"\['is_guest'\]"):
        filter_mask(thread.comments.drop(columns="is_guest"), Filters())


def test_missing_score_column_is_listed_when_the_range_is_narrowed(thread):
    with pytest.raises(ValueError, match="vader_compound"):
        filter_mask(thread.comments.drop(columns="vader_compound"), Filters(sentiment=(0, 1), engine="vader"))


def test_unknown_engine_is_refused_when_it_matters(thread):
    with pytest.raises(ValueError, match="unknown sentiment engine"):
        filter_mask(thread.comments, Filters(sentiment=(0, 1), engine="nope"))


@pytest.fixture(scope="module")
def with_spam():
    return analyse(
        [
            {"author": "geha", "text": "first", "timestamp": "2013-02-20 18:00"},
            {"author": "bot", "text": "@geha buy now", "timestamp": "2013-02-20 18:05", "is_spam": True},
        ]
    )


def test_including_flagged_comments_counts_them_in_the_summaries(with_spam):
    result = apply_filters(with_spam, Filters(include_flagged=True))
    assert sorted(result.commenters["author"]) == ["bot", "geha"]
    assert int(result.threads["size"].sum()) == 2


def test_including_flagged_comments_brings_back_their_reply_edges(with_spam):
    assert with_spam.replies.empty  # enrich leaves the spam's edge out by default
    replies = apply_filters(with_spam, Filters(include_flagged=True)).replies
    assert replies[["child_author", "parent_author"]].values.tolist() == [["bot", "geha"]]


def test_flagged_comments_stay_out_of_the_summaries_by_default(with_spam):
    result = apply_filters(with_spam, Filters())
    assert result.commenters["author"].tolist() == ["geha"] and result.replies.empty


def test_contiguous_puts_chunked_arrow_columns_in_one_piece_with_the_same_values():
    import dataclasses

    import pyarrow as pa

    import analytics
    from analytics.views.filters import contiguous

    seed = enrich(analytics.load(analytics.SAMPLE))
    text = pd.Series(
        pd.array(
            pa.chunked_array(
                [seed.comments["text"].iloc[:3].tolist(), seed.comments["text"].iloc[3:].tolist()], pa.large_string()
            ),
            dtype="str",
        ),
        index=seed.comments.index,
    )
    chunked = dataclasses.replace(seed, comments=seed.comments.assign(text=text))
    assert chunked.comments["text"].array._pa_array.num_chunks == 2 and chunked.comments["text"].dtype == "str"
    result = contiguous(chunked)
    assert result.comments["text"].array._pa_array.num_chunks == 1
    pd.testing.assert_frame_equal(result.comments, chunked.comments)
    assert chunked.comments["text"].array._pa_array.num_chunks == 2  # the input is not changed
    assert result.replies is seed.replies  # nothing to join: the same frame


@pytest.mark.parametrize(
    "filters",
    [
        Filters(commenters=("geha", "realist")),
        Filters(sentiment=(-0.2, 1.0)),
        Filters(search="the"),
        Filters(status="guest"),
        Filters(start=datetime(2013, 2, 20, 16, 0)),
        Filters(include_flagged=True),
        Filters(commenters=("nobody",)),
        Filters(sentiment=(0.0, 0.0), search="a"),
    ],
)
def test_filtered_summaries_equal_the_summaries_of_the_comments_that_pass(filters):
    import analytics
    from analytics.columns.arrow_keys import is_in
    from analytics.threads import activity, timeline

    seed = enrich(analytics.load(analytics.SAMPLE))
    # flag a comment whose reply has a parent outside the filters: keyed and plain paths must agree
    flagged = seed.comments["reply_to"].notna().to_numpy().nonzero()[0][:1]
    seed.comments.loc[seed.comments.index[flagged], "is_spam"] = True
    result = apply_filters(seed, filters)
    comments = seed.comments[filter_mask(seed.comments, filters).to_numpy()]
    pd.testing.assert_frame_equal(result.comments, comments)
    pd.testing.assert_frame_equal(result.commenters, activity.commenter_activity(comments))
    pd.testing.assert_frame_equal(result.threads, timeline.thread_summary(comments))
    edges = seed.replies if not filters.include_flagged else analytics.threads.replies.reply_edges(seed.comments)
    passing = edges[is_in(edges["child_id"], comments["comment_id"])].reset_index(drop=True)
    pd.testing.assert_frame_equal(result.replies, passing)


def served_and_plain():
    import analytics
    from analytics.views.filters import for_views

    plain = enrich(analytics.load(analytics.SAMPLE))
    return for_views(plain), plain


@pytest.mark.parametrize(
    "filters",
    [
        Filters(),
        Filters(sentiment=(-0.2, 1.0)),
        Filters(search="THE"),
        Filters(search="ال"),
        Filters(commenters=("geha",), search="a"),
    ],
)
def test_a_view_of_the_served_analysis_equals_the_view_of_the_analysis_as_made(filters):
    served, plain = served_and_plain()
    from_served, from_plain = apply_filters(served, filters), apply_filters(plain, filters)
    from analytics.views.filters import PYTHON_STRING_COLUMNS

    held = [c for c in PYTHON_STRING_COLUMNS if c in from_served.comments]
    assert "language" in held and all(from_served.comments[c].dtype == "str" for c in held)
    assert {from_served.comments[c].dtype.storage for c in held} == {"python"}
    assert from_served.comments["text"].dtype.storage == "pyarrow"  # the text as read: Arrow strings
    pd.testing.assert_frame_equal(from_served.comments.astype(dict.fromkeys(held, "str")), from_plain.comments)
    for table in ("commenters", "replies", "threads"):
        pd.testing.assert_frame_equal(getattr(from_served, table), getattr(from_plain, table))


def test_the_search_filter_of_a_served_analysis_reads_the_arrow_text_and_agrees_with_pandas():
    from analytics.views.keys import keys_of

    served, plain = served_and_plain()
    assert keys_of(served).text is not None and keys_of(plain).text is not None
    for term in ("the", "HIZBULLAH", "(", "é", "zzzz"):
        expected = plain.comments["text"].str.contains(term, case=False, regex=False, na=False).sum()
        assert len(apply_filters(served, Filters(search=term)).comments) == expected


def test_the_summaries_of_a_view_are_made_once_when_first_read_even_by_two_threads_at_once():
    import threading
    import time

    from analytics.views.filters import FilteredAnalysis

    calls = []

    def slow_commenters():
        calls.append(1)
        time.sleep(0.2)
        return pd.DataFrame({"author": ["geha"]})

    served, _ = served_and_plain()
    view = FilteredAnalysis(
        articles=served.articles,
        comments=served.comments,
        commenters=slow_commenters,
        replies=served.replies,
        threads=served.threads,
        report=served.report,
    )
    assert calls == []  # not made until read
    seen = []
    readers = [threading.Thread(target=lambda: seen.append(view.commenters)) for _ in range(2)]
    for r in readers:
        r.start()
    for r in readers:
        r.join()
    assert calls == [1] and seen[0] is seen[1] and view.commenters["author"].tolist() == ["geha"]


def test_an_analysis_derived_from_a_served_one_searches_the_arrow_text_it_is_given():
    from analytics.signals.merges import merged_analysis
    from analytics.views.filters import for_views
    from analytics.views.keys import keys_of

    served, plain = served_and_plain()
    merged = for_views(merged_analysis(served, [("trieself", "trueself")]), search_text=keys_of(served).text)
    assert keys_of(merged).text is keys_of(served).text
    expected = plain.comments["text"].str.contains("the", case=False, regex=False, na=False).sum()
    assert len(apply_filters(merged, Filters(search="THE")).comments) == expected
    assert apply_filters(merged, Filters(commenters=("trueself",))).commenters["comments"].tolist() == [3]
    with pytest.raises(ValueError, match="texts for"):
        for_views(served, search_text=keys_of(served).text.slice(1))


def test_a_served_analysis_holds_each_distinct_list_of_mentions_once_with_the_same_values():
    served, plain = served_and_plain()
    mentions = served.comments["mentions"]
    assert mentions.tolist() == plain.comments["mentions"].tolist()
    empty = [m for m in mentions if m == []]
    assert len(empty) > 1 and all(m is empty[0] for m in empty)
    assert len({id(m) for m in mentions}) == len({tuple(m) for m in mentions})


def test_the_search_reads_the_arrow_text_of_a_served_analysis_as_it_is_not_a_copy():
    from analytics.views.keys import keys_of

    served, plain = served_and_plain()
    text = keys_of(served).text
    assert text is served.comments["text"].array._pa_array
    assert text.to_pylist() == plain.comments["text"].tolist()


def test_the_arrow_text_of_python_strings_is_made_once_with_missing_texts_null():
    import pyarrow as pa

    from analytics.views.filters import PYTHON_STRINGS, for_views
    from analytics.views.keys import keys_of

    _, plain = served_and_plain()
    python = dataclasses.replace(
        plain,
        comments=plain.comments.assign(
            text=pd.Series(["Yes", None] + ["x"] * (len(plain.comments) - 2), dtype=PYTHON_STRINGS)
        ),
    )
    served = for_views(python)
    assert served.comments["text"].dtype.storage == "python" and served.comments["text"].isna().sum() == 1
    text = keys_of(served).text
    assert text is keys_of(served).text  # made once, then kept
    assert text.to_pylist()[:3] == ["Yes", None, "x"] and text.type == pa.large_string()


def test_a_served_analysis_holds_one_python_string_per_distinct_label_and_keeps_missing_ones():
    from analytics.views.filters import for_views

    served, plain = served_and_plain()
    language = served.comments["language"]
    assert language.tolist() == plain.comments["language"].tolist()
    assert len({id(v) for v in language.array.to_numpy() if isinstance(v, str)}) == language.nunique()
    missing = dataclasses.replace(
        plain,
        comments=plain.comments.assign(language=pd.Series([None] + ["en"] * (len(plain.comments) - 1), dtype="str")),
    )
    assert for_views(missing).comments["language"].isna().tolist()[:2] == [True, False]


def test_with_comments_leaves_the_summaries_of_a_view_unmade_until_read_and_then_as_replace_gives():
    from analytics.views.filters import with_comments

    served, _ = served_and_plain()
    view = apply_filters(served, Filters(sentiment=(0.0, 1.0)))
    few = with_comments(view, view.comments.head(3))
    assert all(callable(few.__dict__[name]) for name in ("commenters", "replies", "threads"))
    expected = dataclasses.replace(view, comments=view.comments.head(3))
    assert few.comments.equals(expected.comments) and few.articles.equals(expected.articles)
    for name in ("commenters", "replies", "threads"):
        pd.testing.assert_frame_equal(getattr(few, name), getattr(expected, name))
    plain = with_comments(served, served.comments.head(2))
    assert len(plain.comments) == 2 and plain.threads is served.threads


def test_the_search_filter_of_a_served_analysis_folds_case_as_pandas_does_not_as_arrow():
    # Arrow's own case-insensitive search finds "ß" for "ss" no more and the Kelvin sign for "k":
    # the dashboard (served analysis, Arrow text) must keep what filter_mask keeps in a notebook.
    import dataclasses

    import analytics
    from analytics.views.filters import PYTHON_STRINGS, filter_mask, for_views

    plain = enrich(analytics.load(analytics.SAMPLE))
    odd = [
        "Die Straße ist zu",
        "STRASSE",
        "\u212a for kelvin",
        "kafka",
        "dotless \u0131 here",
        "a lone \ud800 surrogate",
        "what?",
    ]
    # Python strings: only they can hold a lone surrogate (hostile input), which Arrow cannot.
    text = plain.comments["text"].astype(PYTHON_STRINGS)
    text.iloc[: len(odd)] = odd
    plain = dataclasses.replace(plain, comments=plain.comments.assign(text=text))
    served = for_views(plain)
    for term in ("strasse", "ß", "K", "kelvin", "I", "?", "\ud800", "zzzz"):
        expected = filter_mask(plain.comments, Filters(search=term))
        got = apply_filters(served, Filters(search=term)).comments
        assert got.index.tolist() == plain.comments.index[expected.to_numpy()].tolist(), term


@pytest.fixture(scope="module")
def flagged_thread():
    """The exchange and a comment flagged spam, so that even the default filters make a view."""
    return analyse(
        EXCHANGE + [{"author": "spammer", "text": "buy now", "timestamp": "2013-02-20 20:00", "is_spam": True}]
    )


def test_a_view_hands_out_columns_of_its_comments_without_making_the_others(flagged_thread):
    import numpy as np

    from analytics.views.filters import comment_column_names, comment_columns, comment_count

    view = apply_filters(flagged_thread, Filters())
    picked = comment_columns(view, ["polarity", "author"])
    assert callable(view.__dict__["comments"])  # not made: only two columns were taken
    assert comment_count(view) == 3 and comment_column_names(view).equals(flagged_thread.comments.columns)
    # asked again, a view hands out the values it took, not a second copy
    assert np.shares_memory(
        comment_columns(view, ["text", "polarity"])["polarity"].to_numpy(), picked["polarity"].to_numpy()
    )
    whole = view.comments  # made when read, from the columns taken and the others
    pd.testing.assert_frame_equal(whole, flagged_thread.comments.iloc[:3])
    pd.testing.assert_frame_equal(picked, whole[["polarity", "author"]])
    pd.testing.assert_frame_equal(comment_columns(view, ["author"]), whole[["author"]])


def test_columns_at_some_rows_of_a_view_are_those_rows_of_its_comments_with_their_labels(flagged_thread):
    from analytics.views.filters import comment_columns

    view = apply_filters(flagged_thread, Filters(commenters=("geha", "spammer"), include_flagged=True))
    pd.testing.assert_frame_equal(
        comment_columns(view, ["text", "author"], rows=[2, 0]), flagged_thread.comments[["text", "author"]].take([3, 0])
    )
    assert comment_columns(view, ["text"], rows=[]).empty
    # an analysis that is not a view answers from its frame alike
    pd.testing.assert_frame_equal(
        comment_columns(flagged_thread, ["author"], rows=[3, 1]), flagged_thread.comments[["author"]].take([3, 1])
    )
    with pytest.raises(KeyError, match="nope"):
        comment_columns(view, ["author", "nope"])
    with pytest.raises(KeyError):
        comment_columns(flagged_thread, ["nope"])


def test_an_empty_view_hands_out_empty_columns_and_empty_summaries(flagged_thread):
    from analytics.views.filters import comment_columns, comment_count

    view = apply_filters(flagged_thread, Filters(commenters=("nobody",)))
    taken = comment_columns(view, ["author", "timestamp"])
    assert comment_count(view) == 0 and taken.empty
    assert taken.dtypes.equals(flagged_thread.comments[["author", "timestamp"]].dtypes)
    assert view.commenters.empty and view.threads.empty and view.replies.empty


def test_a_served_text_read_in_pieces_stays_in_them_and_gives_the_rows_asked_for():
    import pyarrow as pa

    from analytics.views.filters import comment_columns, for_views
    from analytics.views.keys import keys_of

    _, plain = served_and_plain()
    texts = plain.comments["text"].tolist()
    pieces = pa.chunked_array([texts[:3], texts[3:3], texts[3:]], type=pa.large_string())
    served = for_views(
        dataclasses.replace(
            plain,
            comments=plain.comments.assign(text=pd.Series(pd.array(pieces, dtype="str"), index=plain.comments.index)),
        )
    )
    assert served.comments["text"].array._pa_array.num_chunks == 3 and keys_of(served).text.num_chunks == 3
    view = apply_filters(served, Filters(sentiment=(-0.5, 1.0)))
    rows = [len(view.comments) - 1, 0, 2]
    pd.testing.assert_frame_equal(
        comment_columns(view, ["author", "text"], rows=rows), view.comments[["author", "text"]].take(rows)
    )
    assert comment_columns(served, ["text"], rows=[4, 1])["text"].tolist() == [texts[4], texts[1]]


def test_a_view_hands_out_columns_of_its_replies_without_making_the_others(flagged_thread):
    from analytics.views.filters import reply_columns, reply_count

    view = apply_filters(flagged_thread, Filters(commenters=("realist",)))
    picked = reply_columns(view, ["child_author", "latency"])
    assert callable(view.__dict__["replies"]) and reply_count(view) == len(picked) == 1
    whole = view.replies  # made when read, from the columns taken and the others
    expected = flagged_thread.replies[flagged_thread.replies["child_author"] == "realist"].reset_index(drop=True)
    pd.testing.assert_frame_equal(whole, expected)
    pd.testing.assert_frame_equal(picked, whole[["child_author", "latency"]])
    assert reply_columns(flagged_thread, ["method"]).equals(flagged_thread.replies[["method"]])
    with pytest.raises(KeyError, match="nope"):
        reply_columns(view, ["nope"])


def test_a_released_view_lets_go_of_what_it_took_and_gives_the_same_values_again(flagged_thread):
    import gc
    import weakref

    from analytics.views.filters import comment_columns, reply_columns

    view = apply_filters(flagged_thread, Filters(commenters=("geha", "realist")))
    before = (
        comment_columns(view, ["author", "polarity"]).copy(),
        reply_columns(view, ["child_author"]).copy(),
        view.threads.copy(),
        view.commenters.copy(),
    )
    taken = memory_of(comment_columns(view, ["polarity"])["polarity"])
    threads = weakref.ref(view.threads)
    gc.collect()
    assert taken() is not None and threads() is not None  # the view keeps what it took and made
    view.release()
    gc.collect()
    assert taken() is None and threads() is None  # nothing but the view held them
    again = (
        comment_columns(view, ["author", "polarity"]),
        reply_columns(view, ["child_author"]),
        view.threads,
        view.commenters,
    )
    for old, new in zip(before, again):
        pd.testing.assert_frame_equal(new, old)
