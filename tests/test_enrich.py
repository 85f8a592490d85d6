"""The one entry point, on the seed: the numbers issue 3 promises, identical to the libraries."""

import pandas as pd
import pytest
from textblob import TextBlob
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

import analytics
from analytics.model.schema import ENRICHED_COMMENT_COLUMNS


@pytest.fixture(scope="module")
def result():
    return analytics.enrich(analytics.load(analytics.SAMPLE))


def test_five_commenters_with_their_counts(result):
    counts = dict(zip(result.commenters.author, result.commenters.comments))
    assert counts == {"trieself": 1, "trueself": 2, "lebnanfirst": 1, "geha": 3, "realist": 1}


def test_lebnanfirst_answers_absent_josh_bustany(result):
    row = result.comments.set_index("author").loc["lebnanfirst"]
    assert (row.reply_method, row.reply_to_author) == ("mention-external", "josh-bustany")
    assert is_missing(row.reply_to)


def is_missing(value):
    """None or NaN: the only value unequal to itself."""
    return value is None or value != value


def test_realist_quotes_the_article(result):
    row = result.comments.set_index("author").loc["realist"]
    assert row.quotes_article.lower() == "mutual destruction"


def test_scores_equal_the_libraries(result):
    vader = SentimentIntensityAnalyzer()
    for text, polarity, subjectivity, compound in result.comments[
        ["text", "polarity", "subjectivity", "vader_compound"]
    ].itertuples(index=False):
        expected = TextBlob(text).sentiment
        assert polarity == pytest.approx(expected.polarity, abs=1e-12)
        assert subjectivity == pytest.approx(expected.subjectivity, abs=1e-12)
        assert compound == pytest.approx(vader.polarity_scores(text)["compound"], abs=1e-12)


def test_every_documented_enriched_column_is_there(result):
    assert [c.name for c in ENRICHED_COMMENT_COLUMNS if c.name not in result.comments] == []


def test_corpus_is_not_changed():
    corpus = analytics.load(analytics.SAMPLE)
    before = corpus.comments.copy()
    analytics.enrich(corpus)
    assert list(corpus.comments.columns) == list(before.columns)
    assert corpus.comments.equals(before)


def test_reply_edges_and_threads_cover_the_thread(result):
    assert result.replies["method"].tolist() == ["mention-external"]
    assert result.threads["size"].sum() == len(result.comments)


def test_flagged_comments_are_kept_but_left_out_of_summaries():
    from conftest import make_thread

    articles, comments = make_thread(
        [
            {"author": "geha", "text": "first", "timestamp": "2013-02-20 18:18"},
            {"author": "spammer", "text": "buy now", "timestamp": "2013-02-20 18:19", "is_spam": True},
            {"author": "realist", "text": "@spammer no", "timestamp": "2013-02-20 18:20"},
        ]
    )
    corpus = analytics.Corpus(articles, comments, analytics.LoadReport())
    result = analytics.enrich(corpus)
    assert len(result.comments) == 3
    assert set(result.commenters.author) == {"geha", "realist"}
    assert result.replies["child_author"].tolist() == ["realist"]
    assert result.threads["size"].sum() == 2
    everything = analytics.enrich(corpus, include_flagged=True)
    assert set(everything.commenters.author) == {"geha", "spammer", "realist"}


def test_flagged_comment_without_any_reply_keeps_the_edge_columns():
    from conftest import make_thread

    articles, comments = make_thread(
        [
            {"author": "geha", "text": "first"},
            {"author": "spammer", "text": "buy now", "is_spam": True},
        ]
    )
    result = analytics.enrich(analytics.Corpus(articles, comments, analytics.LoadReport()))
    assert result.replies.empty and "child_id" in result.replies.columns


def test_progress_follows_scoring_up_to_every_english_comment():
    corpus = analytics.load(analytics.SAMPLE)
    calls = []
    result = analytics.enrich(corpus, progress=lambda done, total: calls.append((done, total)))
    english = int((result.comments["language"] == "en").sum())
    assert calls[0] == (0, english) and calls[-1] == (english, english)
    assert all(total == english for _, total in calls)
    done = [d for d, _ in calls]
    assert done == sorted(done)


def test_toxicity_on_a_hand_built_thread_missing_where_not_english():
    from conftest import make_thread

    articles, comments = make_thread(
        [
            {"author": "geha", "text": "Shut up, you pathetic idiot."},
            {"author": "realist", "text": "Thank you for the careful reporting."},
            {"author": "lebnanfirst", "text": "يسقط النظام"},
            {"author": "ghost", "text": ""},
            {"author": "geha", "text": "Shut up, you pathetic idiot."},  # the same text, scored once, alike
        ]
    )
    got = analytics.enrich(analytics.Corpus(articles, comments, analytics.LoadReport())).comments
    tox, why = got["toxicity"].tolist(), got["toxicity_reasons"].tolist()
    assert 0 <= tox[1] < 0.5 < tox[0] <= 1 and tox[4] == tox[0]
    assert why[0].split("; ")[:2] == ["shut up", "idiot"] and why[1] == ""
    assert got["toxicity"].iloc[2:4].isna().all() and got["toxicity_reasons"].iloc[2:4].isna().all()


def test_toxicity_columns_equal_the_toxicity_module_and_the_same_on_every_core():
    from analytics.enrich import toxicity_columns
    from analytics.scoring import toxicity

    texts = [
        "You are a disgusting liar.",
        "Lovely photos, thanks.",
        "Go back to your country, you filthy animals",
        "What a stupid idea",
        "A fine summary of the budget.",
    ] * 90
    comments = pd.DataFrame({"text": texts, "language": "en"}, index=[7] * len(texts))  # a repeated label
    one = toxicity_columns(comments, workers=1)
    two = toxicity_columns(comments, workers=2, min_parallel=0)
    pd.testing.assert_frame_equal(one, two)
    assert list(one.index) == [7] * len(texts)
    expected = toxicity.toxicity_scores(comments.reset_index(drop=True))
    assert one["toxicity"].tolist() == pytest.approx(expected["toxicity"].tolist(), abs=1e-12)
    assert one["toxicity_reasons"].tolist() == ["; ".join(r) for r in expected["toxicity_reasons"]]


def test_progress_gives_the_sentiment_step_its_share_and_toxicity_the_rest():
    from conftest import make_thread

    from analytics.enrich import SENTIMENT_SHARE

    articles, comments = make_thread(
        [{"author": f"user{k}", "text": f"Comment number {k} is a fine one."} for k in range(50)]
    )
    calls = []
    analytics.enrich(
        analytics.Corpus(articles, comments, analytics.LoadReport()),
        progress=lambda done, total: calls.append((done, total)),
    )
    done = [d for d, _ in calls]
    assert done == sorted(done) and calls[-1] == (50, 50)
    # the sentiment step ends at its share, not at the end: toxicity scoring is still to come
    assert int(50 * SENTIMENT_SHARE) in done and 0 < int(50 * SENTIMENT_SHARE) < 50
