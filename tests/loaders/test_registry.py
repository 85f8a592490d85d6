"""The loaders' registry (analytics/loaders/registry.py): every format one record, chosen by content,
precedence as data, and a new format dispatched to once registered."""

from __future__ import annotations

import pytest

import analytics
from analytics.loaders import registry, sniff
from analytics.loaders.registry import Head, Loader
from analytics.model import schema

FORMATS = {
    "naharnet-page",
    "wordpress-page",
    "csv",
    "tsv",
    "json",
    "jsonl",
    "xlsx",
    "disqus-xml",
    "wordpress-wxr",
    "blogger-atom",
}


def test_every_format_is_registered_once_with_its_parts():
    assert {loader.name for loader in registry.LOADERS} == FORMATS
    assert len(registry.LOADERS) == len(FORMATS)
    for loader in registry.LOADERS:
        assert callable(loader.sniff) and callable(loader.parse), loader.name
        assert loader.suffixes and all(s.startswith(".") and s == s.lower() for s in loader.suffixes), loader.name
        assert loader.kind and loader.what, loader.name
    assert [loader.priority for loader in registry.LOADERS] == sorted(
        (x.priority for x in registry.LOADERS), reverse=True
    )


def test_every_suffix_a_loader_expects_is_one_a_folder_is_read_for():
    from analytics.loaders import SUPPORTED_SUFFIXES

    assert {s for loader in registry.LOADERS for s in loader.suffixes} == set(SUPPORTED_SUFFIXES)


def test_a_page_with_both_layouts_landmarks_goes_by_the_count_line():
    naharnet = "Title\n\nBody.\n\nComments 1\n\nThumb ann 20 February 2013, 17:55\nhi\n"
    both = naharnet + "Posted by bob | February 20, 2013, 5:55 pm\n"
    assert sniff.choose_page(naharnet, "p.txt").name == "naharnet-page"
    assert sniff.choose_page(both, "p.txt").name == "naharnet-page"  # 'Posted by' alone loses
    assert sniff.choose_page('2 thoughts on "Title"\n' + both, "p.txt").name == "wordpress-page"


def test_equal_confidence_goes_to_the_higher_priority(monkeypatch):
    monkeypatch.setattr(registry, "LOADERS", [])
    low = registry.register(Loader("low", "x", "X", (".x",), sniff=lambda head: 0.5, parse=None, priority=1))
    high = registry.register(Loader("high", "x", "X", (".x",), sniff=lambda head: 0.5, parse=None, priority=2))
    assert registry.LOADERS == [high, low]
    assert registry.best(Head(b"x", "a.x", ".x", "x")) is high
    registry.register(Loader("low", "x", "X", (".x",), sniff=lambda head: 0.9, parse=None, priority=1))
    assert registry.best(Head(b"x", "a.x", ".x", "x")).name == "low"  # re-registered: replaced, not doubled
    assert [loader.name for loader in registry.LOADERS] == ["high", "low"]


@pytest.fixture
def fake_format():
    """A format no loader knows: lines ``FAKE author: text``, one comment each."""

    def parse(binary, report, head):
        lines = binary.read().decode().splitlines()
        report.lines = len(lines)
        report.line_roles["comment"] += len(lines)
        article = {
            "article_id": "fake-1",
            "title": "Fake",
            "body": "",
            "source": report.source,
            "published": None,
            "declared_comments": None,
            "parsed_comments": len(lines),
        }
        comments = [
            {
                "article_id": "fake-1",
                "comment_id": f"fake-1-{k}",
                "position": k,
                "author": line[5:].split(":")[0],
                "is_guest": False,
                "avatar": None,
                "timestamp": None,
                "text": line.split(": ", 1)[1],
                "mentions": [],
                "n_words": 1,
                "parent_id": None,
            }
            for k, line in enumerate(lines)
        ]
        report.articles, report.parsed_comments = 1, len(comments)
        return schema.articles_frame([article]), schema.comments_frame(comments)

    loader = registry.register(
        Loader(
            "fake-lines",
            "fake",
            "a fake export",
            (".fake",),
            priority=95,
            parse=parse,
            sniff=lambda head: 1.0 if head.raw.startswith(b"FAKE ") else 0.0,
        )
    )
    yield loader
    registry.unregister(loader.name)


def test_a_registered_loader_is_dispatched_to(fake_format):
    corpus = analytics.load_bytes(b"FAKE ann: hello\nFAKE bob: hi\n", "talk.fake")
    assert corpus.report.files[0].format == "fake-lines" and corpus.report.all_warnings == []
    assert corpus.comments["author"].tolist() == ["ann", "bob"]
    assert corpus.comments["text"].tolist() == ["hello", "hi"]
    named_otherwise = analytics.load_bytes(b"FAKE ann: hello\n", "talk.txt")
    assert "named .txt but holds a fake export" in named_otherwise.report.all_warnings[0]


def test_a_registered_loader_leaves_the_registry_as_it_was(fake_format):
    registry.unregister(fake_format.name)
    assert {loader.name for loader in registry.LOADERS} == FORMATS
    with pytest.raises(analytics.LoadError, match="talk.fake: not a saved news page"):
        analytics.load_bytes(b"FAKE ann: hello\n", "talk.fake")
