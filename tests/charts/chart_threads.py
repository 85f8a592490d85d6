"""The hand-built threads the figure tests draw (shared by tests/charts/test_*.py)."""

from conftest import make_thread

from analytics.enrich import enrich
from analytics.loaders import Corpus, LoadReport

HOSTILE = "<img src=x onerror=alert(1)>"


def analyse(rows, **kwargs):
    articles, comments = make_thread(rows, **kwargs)
    return enrich(Corpus(articles, comments, LoadReport()))


def hand_thread():
    """Five comments by three commenters: replies, a mention of someone absent, one undated, one not English."""
    return analyse(
        [
            {"author": "geha", "text": "A great plan, truly wonderful.", "timestamp": "2013-02-20 18:18"},
            {"author": "realist", "text": "@geha a horrible, awful idea", "timestamp": "2013-02-20 18:30"},
            {"author": "geha", "text": "@realist you are wrong", "timestamp": "2013-02-20 19:11"},
            {"author": "geha", "text": "@ghost where did you go?", "timestamp": "2013-02-20 19:40"},
            {"author": "trueself", "text": "يسقط النظام", "timestamp": None},
        ]
    )


def trace(fig, name):
    return next(t for t in fig.data if t.name == name)
