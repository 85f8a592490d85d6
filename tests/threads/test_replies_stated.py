"""Reply reconstruction from what the input states: addressees (``addressed_to``), explicit
parents that make a blank parent top-level, and the article's headline as article text."""

from __future__ import annotations

import json
import warnings

import pandas as pd
import pytest
from conftest import REAL_DATA, make_thread
from hypothesis import given, settings
from hypothesis import strategies as st
from test_replies import link, replied  # the same tiny-thread helpers as the other reply tests

import analytics
from analytics.model import schema
from analytics.threads.replies import addressed_names, explicitly_threaded, reconstruct_replies, reply_edges

# --- addressed_to: the input names whom a comment answers ---------------------------------------


def test_addressed_author_is_answered_like_a_handle():
    out = replied(
        [
            {"author": "quickfix", "text": "What does an AK sound like?"},
            {"author": "TLinTN", "text": "Something else."},
            {"author": "quickfix", "text": "Anyone?"},
            {"author": "davidfair", "text": "GLOCK", "addressed_to": ["quickfix"]},
        ]
    )
    assert link(out, 3) == ("mention", 2, "quickfix")  # the latest earlier comment of that author
    assert [link(out, p)[0] for p in range(3)] == ["none", "none", "none"]


def test_addressed_name_with_at_sign_and_other_case_resolves():
    out = replied(
        [{"author": "DAB123", "text": "50 states"}, {"author": "Danica70", "text": "all?", "addressed_to": ["@dab123"]}]
    )
    assert link(out, 1) == ("mention", 0, "DAB123")


def test_addressed_author_absent_from_the_article_is_external():
    out = replied(
        [{"author": "ann", "text": "hi"}, {"author": "bob", "text": "no", "addressed_to": ["woetothegutless"]}]
    )
    assert link(out, 1) == ("mention-external", None, "woetothegutless")


def test_addressed_author_who_only_comments_later_is_no_link():
    out = replied([{"author": "bob", "text": "no", "addressed_to": ["ann"]}, {"author": "ann", "text": "hi"}])
    assert link(out, 0) == ("none", None, None)


def test_addressed_to_comes_before_the_handles_of_the_text():
    out = replied(
        [
            {"author": "ann", "text": "one"},
            {"author": "cat", "text": "two"},
            {"author": "bob", "text": "@cat agreed with her", "addressed_to": ["ann"]},
        ]
    )
    assert link(out, 2) == ("mention", 0, "ann")


def test_addressed_to_naming_the_writer_skips_to_the_text_handle():
    out = replied(
        [{"author": "ann", "text": "one"}, {"author": "bob", "text": "@ann yes", "addressed_to": ["Bob"]}],
    )
    assert link(out, 1) == ("mention", 0, "ann")


def test_a_name_in_the_text_and_in_addressed_to_counts_once():
    articles, comments = make_thread(
        [{"author": "ann", "text": "one"}, {"author": "bob", "text": "@Ann yes @zed", "addressed_to": ["ann"]}]
    )
    assert addressed_names(comments["mentions"], comments["addressed_to"]).tolist() == [[], ["ann", "zed"]]
    edges = reply_edges(reconstruct_replies(comments, articles=articles))
    assert edges[["child_author", "parent_author", "method"]].values.tolist() == [["bob", "ann", "mention"]]


def test_addressed_names_without_addressees_are_the_mentions():
    mentions = pd.Series([["ann"], []])
    assert addressed_names(mentions, pd.Series([[], []])).tolist() == [["ann"], []]
    assert addressed_names(mentions).tolist() == [["ann"], []]


def test_a_frame_without_addressed_to_is_still_read():
    articles, comments = make_thread([{"author": "ann", "text": "one"}, {"author": "bob", "text": "@ann yes"}])
    out = reconstruct_replies(comments.drop(columns="addressed_to"), articles=articles)
    assert out["reply_method"].tolist() == ["none", "mention"]


# --- explicit parents are authoritative -------------------------------------------------------


def test_blank_parent_in_a_threaded_input_is_top_level_and_its_quote_is_recorded():
    out = replied(
        [
            {"author": "ann", "text": "Kamala slept her way to the top, they say", "source_id": "c1"},
            {"author": "bob", "text": "so what", "parent": 0, "source_id": "c2", "source_parent_id": "c1"},
            {"author": "cat", "text": "Who says 'slept her way to the top' anyway?", "source_id": "c3"},
        ]
    )
    assert [link(out, p) for p in range(3)] == [("none", None, None), ("parent", 0, "ann"), ("none", None, None)]
    assert out.loc[2, "quotes_comment"] == "slept her way to the top"
    assert out["thread_id"].nunique() == 2


def test_blank_parent_in_a_threaded_input_takes_no_mention_guess():
    out = replied(
        [
            {"author": "ann", "text": "one", "source_id": "c1"},
            {"author": "bob", "text": "two", "parent": 0, "source_parent_id": "c1"},
            {"author": "cat", "text": "@ann no", "addressed_to": ["bob"]},
            {"author": "dan", "text": "@nobody there"},
        ]
    )
    assert [link(out, p)[0] for p in range(4)] == ["none", "parent", "none", "none"]


def test_same_quote_without_stated_parents_is_a_reply():
    out = replied(
        [
            {"author": "ann", "text": "Kamala slept her way to the top, they say"},
            {"author": "cat", "text": "Who says 'slept her way to the top' anyway?"},
        ]
    )
    assert link(out, 1) == ("quote", 0, "ann")
    assert out.loc[1, "quotes_comment"] == "slept her way to the top"
    assert pd.isna(out.loc[0, "quotes_comment"])


def test_an_article_of_a_threaded_file_without_replies_is_threaded_too():
    first_articles, first = make_thread(
        [{"author": "ann", "text": "hi"}, {"author": "bob", "text": "yo", "parent": 0}],
        title="One",
        source="export.xml",
    )
    second_articles, second = make_thread(
        [{"author": "ann", "text": "the good old days"}, {"author": "bob", "text": "'good old days' indeed"}],
        title="Two",
        source="export.xml",
    )
    page_articles, page = make_thread(
        [{"author": "ann", "text": "the good old days"}, {"author": "bob", "text": "'good old days' indeed"}],
        title="Three",
        source="page.txt",
    )
    articles = pd.concat([first_articles, second_articles, page_articles], ignore_index=True)
    comments = pd.concat([first, second, page], ignore_index=True)
    assert explicitly_threaded(comments, articles).tolist() == [True, True, True, True, False, False]
    out = reconstruct_replies(comments, articles=articles)
    assert out["reply_method"].tolist() == ["none", "parent", "none", "none", "none", "quote"]
    assert out["quotes_comment"].fillna("-").tolist()[3:] == ["good old days", "-", "good old days"]


def test_source_parent_id_alone_marks_the_input_threaded():
    out = replied(
        [
            {"author": "ann", "text": "the good old days"},
            {"author": "bob", "text": "'good old days' indeed"},
            {"author": "cat", "text": "lost", "source_parent_id": "t1_deleted"},  # an orphan: parent_id missing
        ]
    )
    assert out["reply_method"].tolist() == ["none", "none", "none"]
    assert out.loc[1, "quotes_comment"] == "good old days"


def test_orphan_in_a_threaded_input_stays_top_level_without_guesses():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = replied(
            [
                {"author": "ann", "text": "the good old days"},
                {"author": "bob", "text": "@ann 'good old days'", "parent_id": "gone"},
            ]
        )
    assert link(out, 1) == ("none", None, None)
    assert pd.isna(out.loc[1, "quotes_comment"])


# --- the headline is article text ---------------------------------------------------------------


def test_quoting_the_headline_is_article_text_not_a_reply():
    title = "German lawmakers approve 'no means no' rape law after Cologne assaults"
    out = replied(
        [
            {"author": "ann", "text": "Approve 'no means no rape law'? Finally."},
            {"author": "bob", "text": "What does 'no means no rape law' change?"},
        ],
        title=title,
        body="",
    )
    assert [link(out, p) for p in range(2)] == [("none", None, None), ("none", None, None)]
    assert out["quotes_article"].tolist() == ["no means no rape law", "no means no rape law"]
    assert out["quotes_comment"].isna().all()


def test_quoting_the_lead_in_the_body_is_article_text():
    out = replied(
        [
            {"author": "ann", "text": "'easier for victims' they say"},
            {"author": "bob", "text": "'easier for victims' is right"},
        ],
        title="A law",
        body="The bill will make it easier for victims of sex crimes to file complaints.\n\nMore text.",
    )
    assert out["reply_method"].tolist() == ["none", "none"]
    assert out["quotes_article"].tolist() == ["easier for victims", "easier for victims"]


def test_quote_beyond_the_headline_still_answers_the_commenter():
    out = replied(
        [
            {"author": "ann", "text": "This law is a joke and a disgrace."},
            {"author": "bob", "text": "Not 'a joke and a disgrace' at all. 'No means no' is fine"},
        ],
        title="No means no law",
    )
    assert link(out, 1) == ("quote", 0, "ann")
    assert out.loc[1, "quotes_article"] == "No means no"


def test_quotes_comment_is_in_the_contract():
    names = [c.name for c in schema.ENRICHED_COMMENT_COLUMNS]
    assert names.index("quotes_comment") == names.index("quotes_article") + 1
    out = replied([{"author": "ann", "text": "hi"}])
    assert pd.api.types.is_string_dtype(out["quotes_comment"])


# --- real files ---------------------------------------------------------------------------------

FOX = REAL_DATA / "fox_news_comments" / "fox-news-comments.json"
REDDIT = REAL_DATA / "reddit_trump_parody" / "reddit_trump_comments_all_splits.csv"


def _real(path):
    if not path.exists():
        pytest.skip(f"real validation data not present ({path})")
    return path


def test_real_fox_addressees_set_by_hand_give_800_mention_edges():
    corpus = analytics.load(_real(FOX))
    raw = [json.loads(line) for line in FOX.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(raw) == len(corpus.comments)
    comments = corpus.comments.copy()
    comments["addressed_to"] = [r["mentions"].split() for r in raw]  # "@name" as the file has it
    assert (comments["text"].tolist()[:3]) == [r["text"] for r in raw[:3]]
    edges = reply_edges(reconstruct_replies(comments, articles=corpus.articles))
    mentions = edges[edges["method"] == "mention"]
    assert len(mentions) >= 800
    assert (mentions["parent_position"] < mentions["child_position"]).all()


def test_real_fox_mentions_column_mapped_as_reply_to_author_gives_800_mention_edges():
    # Passes once the loaders read a reply_to_author field (issue 17 item 10, the cols branch).
    corpus = analytics.load(_real(FOX), mapping={"reply_to_author": "mentions"})
    replied_ = reconstruct_replies(corpus.comments, articles=corpus.articles)
    assert int((replied_["reply_method"] == "mention").sum()) >= 800


def test_real_reddit_blank_parents_take_no_quote_edge_and_793_threads():
    corpus = analytics.load(_real(REDDIT))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        out = reconstruct_replies(corpus.comments, articles=corpus.articles)
    blank = out["source_parent_id"].isna()
    assert (out.loc[blank, "reply_method"] == "none").all()
    assert out["reply_method"].value_counts().to_dict() == {"none": 793, "parent": 595}
    assert out["thread_id"].nunique() == 793
    assert int(out.loc[blank, "quotes_comment"].notna().sum()) == 4  # the quotes once taken for replies
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        analysis = analytics.enrich(corpus)
    assert analysis.comments["thread_id"].nunique() == 793
    assert set(analysis.replies["method"]) == {"parent"}


def test_addressed_to_broken_values_are_read_or_ignored():
    mentions = pd.Series([["ann"], [], [], ["bob"]])
    addressed = pd.Series([None, "@cat", ["@", " ", "dan"], float("nan")], dtype=object)
    assert addressed_names(mentions, addressed).tolist() == [["ann"], ["cat"], ["dan"], ["bob"]]


DISQUS = """<?xml version="1.0" encoding="utf-8"?>
<disqus xmlns="http://disqus.com" xmlns:dsq="http://disqus.com/disqus-internals">
  <thread dsq:id="10">
    <id>article-10</id>
    <link>https://news.example/beirut-port</link>
    <title>Beirut port 'reopens for business' after blast</title>
    <message><![CDATA[<p>The port reopened on Monday.</p>]]></message>
    <createdAt>2020-08-10T08:00:00Z</createdAt>
  </thread>
  <post dsq:id="100">
    <message><![CDATA[<p>The cranes were never really broken.</p>]]></message>
    <createdAt>2020-08-10T09:15:00Z</createdAt>
    <author><name>Rania</name><isAnonymous>false</isAnonymous><username>rania</username></author>
    <thread dsq:id="10" />
  </post>
  <post dsq:id="101">
    <message><![CDATA[<p>@rania agreed.</p>]]></message>
    <createdAt>2020-08-10T10:00:00Z</createdAt>
    <author><name>Karim</name><isAnonymous>false</isAnonymous><username>karim_b</username></author>
    <thread dsq:id="10" />
    <parent dsq:id="100" />
  </post>
  <post dsq:id="102">
    <message><![CDATA[<p>"never really broken" says who? @Karim</p>]]></message>
    <createdAt>2020-08-10T11:00:00Z</createdAt>
    <author><name>Maya</name><isAnonymous>false</isAnonymous><username>maya</username></author>
    <thread dsq:id="10" />
  </post>
  <post dsq:id="103">
    <message><![CDATA[<p>'Reopens for business' my foot.</p>]]></message>
    <createdAt>2020-08-10T12:00:00Z</createdAt>
    <author><name>Omar</name><isAnonymous>false</isAnonymous><username>omar</username></author>
    <thread dsq:id="10" />
  </post>
</disqus>
"""


def test_disqus_top_level_posts_keep_no_guessed_parent():
    corpus = analytics.load_bytes(DISQUS.encode(), "export.xml")
    out = reconstruct_replies(corpus.comments, articles=corpus.articles)
    assert out[["author", "reply_method", "reply_to_author"]].fillna("-").values.tolist() == [
        ["Rania", "none", "-"],
        ["Karim", "parent", "Rania"],
        ["Maya", "none", "-"],  # a quote of Rania and a handle of Karim, but no parent: top-level
        ["Omar", "none", "-"],
    ]
    assert out["quotes_comment"].fillna("-").tolist() == ["-", "-", "never really broken", "-"]
    assert out["quotes_article"].fillna("-").tolist() == ["-", "-", "-", "Reopens for business"]
    assert out["thread_id"].nunique() == 3


TABLE = (
    "comment_id,parent_comment_id,user_id,content\n"
    "lle4yn4,,76,Imagine Trump saying something that bites him later on\n"
    'lle7nv8,lle4yn4,193,"So far, no consequences..."\n'
    'llf0aa1,,88,"""Bites him later on"" is the story of his life"\n'
    "llf0aa2,,89,@193 there are never consequences\n"
)


def test_table_with_a_parent_column_blank_rows_are_top_level():
    corpus = analytics.load_bytes(TABLE.encode(), "comments.csv")
    out = reconstruct_replies(corpus.comments, articles=corpus.articles)
    assert out[["author", "reply_method"]].values.tolist() == [
        ["76", "none"],
        ["193", "parent"],
        ["88", "none"],
        ["89", "none"],
    ]
    assert out.loc[2, "quotes_comment"] == "Bites him later on"
    assert out["thread_id"].nunique() == 3


# --- properties ---------------------------------------------------------------------------------

NAMES = ["ann", "Bob", "cat", "dan"]
TEXTS = ["hi", "@ann no", "@bob 'the good old days'", "the good old days are gone", "'the good old days' @zed", ""]


@st.composite
def threads(draw):
    n = draw(st.integers(1, 8))
    rows = []
    for k in range(n):
        row = {"author": draw(st.sampled_from(NAMES)), "text": draw(st.sampled_from(TEXTS))}
        row["addressed_to"] = draw(st.lists(st.sampled_from([*NAMES, "@ann", "zed"]), max_size=2))
        if k and draw(st.booleans()):
            row["parent"] = draw(st.integers(0, k - 1))
        rows.append(row)
    return rows


@settings(max_examples=60, deadline=None)
@given(threads())
def test_threaded_inputs_only_ever_link_stated_parents(rows):
    out = replied(rows)
    stated = [r.get("parent") is not None for r in rows]
    if any(stated):
        assert out["reply_method"].tolist() == ["parent" if s else "none" for s in stated]
    else:
        assert set(out["reply_method"]) <= {"none", "mention", "mention-external", "quote"}
    assert out["quotes_comment"].notna().sum() <= sum(not s for s in stated)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.lists(st.sampled_from(NAMES + ["@Ann", "BOB"]), max_size=3), min_size=1, max_size=5), st.data())
def test_addressed_names_hold_each_stated_name_once_and_the_other_handles_as_written(addressed, data):
    mentions = [data.draw(st.lists(st.sampled_from(NAMES), max_size=3)) for _ in addressed]
    out = addressed_names(pd.Series(mentions), pd.Series(addressed)).tolist()
    for names, stated, handles in zip(out, addressed, mentions):
        first = list(dict.fromkeys(a.lstrip("@").casefold() for a in stated))
        assert [n.casefold() for n in names[: len(first)]] == first
        assert names[len(first) :] == [h for h in handles if h.casefold() not in first]
