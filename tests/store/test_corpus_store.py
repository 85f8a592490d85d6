"""Corpus directories: exact round trips, several parts per table, and every kind of damage refused."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from pandas.testing import assert_frame_equal

import analytics
from analytics.enrich import Analysis
from analytics.scoring.sentiment import Cutoffs, Thresholds
from analytics.store import corpus_store
from analytics.store.corpus_store import CorruptCorpus, open_corpus_dir, write_corpus_dir


@pytest.fixture(scope="module")
def sample() -> Analysis:
    return analytics.enrich(analytics.load(analytics.SAMPLE))


def assert_analysis_equal(got: Analysis, want: Analysis) -> None:
    for name, frame in want.tables().items():
        assert_frame_equal(got.tables()[name], frame, check_exact=True, obj=name)
    assert got.report == want.report
    assert got.settings == want.settings


def test_the_enriched_sample_reads_back_equal(sample, tmp_path):
    path = write_corpus_dir(sample, tmp_path / "corpus")
    assert corpus_store.is_corpus_dir(path)
    assert_analysis_equal(open_corpus_dir(path), sample)


def _awkward() -> Analysis:
    """Tables holding what Parquet gets wrong most easily: lists (empty ones too), timedeltas
    (negative, missing), nullable integers, missing strings and times, and empty tables."""
    comments = pd.DataFrame(
        {
            "comment_id": pd.Series(["c1", "c2", "c3", "c4"], dtype="str"),
            "mentions": [["geha", "andre.jabbour"], [], ["josh-bustany"], ["ünïcødé", "geha", "geha"]],
            "avatar": pd.Series(["Thumb", None, None, "Missing"], dtype="str"),
            "timestamp": pd.Series(
                [
                    pd.Timestamp("2013-02-20 18:18:00.123456"),
                    pd.NaT,
                    pd.Timestamp("1970-01-01"),
                    pd.Timestamp("2030-12-31"),
                ],
                dtype="datetime64[us]",
            ),
            "n_words": np.array([3, 0, 7, 1], dtype="int64"),
            "parent_position": pd.array([1, None, 0, None], dtype="Int64"),
            "polarity": [0.1, np.nan, -1.0, 1e-17],
            "is_guest": [True, False, False, True],
        }
    )
    replies = pd.DataFrame(
        {
            "child_id": pd.Series(["c2", "c3", "c4"], dtype="str"),
            "latency": pd.Series(
                [pd.Timedelta("25min 3us"), pd.NaT, pd.Timedelta("-2 days 1us")], dtype="timedelta64[us]"
            ),
            "latency_negative": [False, False, True],
        }
    )
    articles = pd.DataFrame(
        {"article_id": pd.Series(["a1"], dtype="str"), "declared_comments": pd.array([None], dtype="Int64")}
    )
    empty_lists = pd.DataFrame({"thread_id": pd.Series(["t1", "t2", "t3"], dtype="str"), "mentions": [[], None, []]})
    commenters = pd.DataFrame({"author": pd.Series(dtype=object), "comments": pd.Series(dtype=object)})
    report = analytics.load(analytics.SAMPLE).report
    report.warnings.append("a corpus-level warning")
    report.files[0].warnings.append("a file-level warning")
    settings = {
        "engines": ["textblob"],
        "label_engine": "textblob",
        "thresholds": Thresholds(others=(("other", Cutoffs(-0.2, 0.3)),)),
    }
    return Analysis(
        articles=articles,
        comments=comments,
        commenters=commenters,
        replies=replies,
        threads=empty_lists,
        report=report,
        settings=settings,
    )


def test_lists_timedeltas_and_missing_values_round_trip_exactly(tmp_path):
    original = _awkward()
    again = open_corpus_dir(write_corpus_dir(original, tmp_path / "c"))
    assert_analysis_equal(again, original)
    assert all(type(v) is list for v in again.comments["mentions"])
    assert again.threads["mentions"].tolist() == [[], None, []]
    assert str(again.replies["latency"].dtype) == "timedelta64[us]"


def test_tables_of_several_parts_read_back_in_order(sample, tmp_path):
    root = tmp_path / "parts"
    first, second = sample.comments.iloc[:5].reset_index(drop=True), sample.comments.iloc[5:].reset_index(drop=True)
    second = second.assign(mentions=[[] for _ in range(len(second))])  # a part whose lists are all empty
    parts = {
        name: [corpus_store.write_table_part(frame, root, name, 0)]
        for name, frame in sample.tables().items()
        if name != "comments"
    }
    parts["comments"] = [
        corpus_store.write_table_part(first, root, "comments", 0),
        corpus_store.write_table_part(second, root, "comments", 1),
    ]
    corpus_store.write_corpus_metadata(root, parts=parts, report=sample.report, settings=sample.settings)
    got = open_corpus_dir(root)
    assert_frame_equal(got.comments, pd.concat([first, second], ignore_index=True), check_exact=True)
    assert_frame_equal(got.articles, sample.articles)


def test_a_frame_without_the_default_index_is_refused(sample, tmp_path):
    with pytest.raises(ValueError, match="default index"):
        corpus_store.write_table_part(sample.comments.iloc[2:], tmp_path, "comments", 0)


def _flip(path: Path, at: float = 0.5) -> None:
    data = bytearray(path.read_bytes())
    data[int(len(data) * at)] ^= 0x55
    path.write_bytes(bytes(data))


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[:-100])


def _rewrite_manifest(root: Path, change) -> None:
    manifest = json.loads((root / "manifest.json").read_text())
    change(manifest)
    (root / "manifest.json").write_text(json.dumps(manifest))


DAMAGE = {
    "a flipped byte in a part": (lambda r: _flip(r / "comments/part-00000.parquet"), "SHA-256"),
    "a truncated part": (lambda r: _truncate(r / "comments/part-00000.parquet"), "bytes"),
    "a missing part": (lambda r: (r / "replies/part-00000.parquet").unlink(), "cannot be read"),
    "no manifest (half written)": (lambda r: (r / "manifest.json").unlink(), "no manifest"),
    "a garbled manifest": (lambda r: (r / "manifest.json").write_text('{"format": '), "unreadable"),
    "another format version": (
        lambda r: _rewrite_manifest(r, lambda m: m.update(format_version=99)),
        "format version 99",
    ),
    "a flipped byte in the text": (lambda r: _flip(r / "comments/part-00000.text.arrow", at=0.6), "SHA-256"),
    "a truncated text file": (lambda r: _truncate(r / "comments/part-00000.text.arrow"), "bytes"),
    "a missing text file": (lambda r: (r / "comments/part-00000.text.arrow").unlink(), "cannot be read"),
    "a text file of another part": (
        lambda r: _rewrite_manifest(
            r,
            lambda m: m["tables"]["comments"]["parts"][0]["mapped"][0].update(
                file="comments/part-00000.source_id.arrow"
            ),
        ),
        "bytes",
    ),
    "an edited report": (
        lambda r: (r / "report.json").write_text((r / "report.json").read_text().replace("utf-8", "utf-9")),
        "SHA-256",
    ),
    "a row count that disagrees": (
        lambda r: _rewrite_manifest(r, lambda m: m["tables"]["threads"]["parts"][0].update(rows=3)),
        "rows",
    ),
    "a table left out of the manifest": (
        lambda r: _rewrite_manifest(r, lambda m: m["tables"].pop("threads")),
        "tables",
    ),
}


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_corpus_dir_is_refused(sample, tmp_path, damage):
    root = write_corpus_dir(sample, tmp_path / "c")
    harm, message = DAMAGE[damage]
    harm(root)
    with pytest.raises(CorruptCorpus, match=message):
        open_corpus_dir(root)


def test_page_checksums_catch_a_flipped_byte_without_the_full_hash(sample, tmp_path):
    root = write_corpus_dir(sample, tmp_path / "c")
    part = root / "comments/part-00000.parquet"
    stored = pq.ParquetFile(part).schema_arrow.names  # the text is stored apart (MAPPED_COLUMNS)
    chunk = pq.ParquetFile(part).metadata.row_group(0).column(stored.index("author"))
    start = chunk.dictionary_page_offset or chunk.data_page_offset
    size = part.stat().st_size
    _flip(part, at=(start + chunk.total_compressed_size * 0.6) / size)  # inside the authors' page body
    with pytest.raises(CorruptCorpus, match="comments/part-00000.parquet"):
        open_corpus_dir(root, verify=False)


def test_a_corpus_written_for_another_key_is_refused(sample, tmp_path):
    root = write_corpus_dir(sample, tmp_path / "c", key="k1")
    assert open_corpus_dir(root, key="k1").comments.equals(sample.comments)
    with pytest.raises(CorruptCorpus, match="another input"):
        open_corpus_dir(root, key="k2")


def test_a_folder_that_is_not_a_corpus_is_never_replaced(sample, tmp_path):
    precious = tmp_path / "thesis"
    precious.mkdir()
    (precious / "chapter1.md").write_text("years of work")
    with pytest.raises(FileExistsError, match="not a Threadscope corpus"):
        write_corpus_dir(sample, precious)
    assert (precious / "chapter1.md").read_text() == "years of work"
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".tmp-")]


def test_an_existing_corpus_dir_is_replaced_whole(sample, tmp_path):
    root = write_corpus_dir(sample, tmp_path / "c")
    (root / "comments" / "part-00007.parquet").write_bytes(b"left over")
    smaller = Analysis(**{**sample.__dict__, "comments": sample.comments.iloc[:3].copy()})
    write_corpus_dir(smaller, root)
    assert not (root / "comments" / "part-00007.parquet").exists()
    assert len(open_corpus_dir(root).comments) == 3
    assert [p.name for p in tmp_path.iterdir()] == ["c"]


def test_is_corpus_dir_says_no_to_other_folders(tmp_path):
    assert not corpus_store.is_corpus_dir(tmp_path)
    (tmp_path / "manifest.json").write_text("[]")
    assert not corpus_store.is_corpus_dir(tmp_path)


def test_the_text_is_stored_apart_and_mapped_not_copied(tmp_path):
    """The comments' text sits in an Arrow file beside the Parquet part, and opening the corpus
    leaves it there: Arrow's allocator holds less than the text's size afterwards."""
    import pyarrow as pa

    many = analytics.enrich(analytics.load(analytics.SAMPLE))
    big = "word " * 20_000  # 100 KB per comment: the text dwarfs every other column
    comments = many.comments.assign(text=[big + t for t in many.comments["text"]])
    analysis = Analysis(
        **{
            **{f: getattr(many, f) for f in ("articles", "commenters", "replies", "threads", "report", "settings")},
            "comments": comments,
        }
    )
    root = write_corpus_dir(analysis, tmp_path / "c")
    part = json.loads((root / "manifest.json").read_text())["tables"]["comments"]["parts"][0]
    assert [m["column"] for m in part["mapped"]] == [
        c for c in corpus_store.MAPPED_COLUMNS["comments"] if c in comments
    ]
    assert "text" not in pq.ParquetFile(root / part["file"]).schema_arrow.names
    before = pa.total_allocated_bytes()
    again = open_corpus_dir(root)
    held = pa.total_allocated_bytes() - before
    text_bytes = sum(len(t.encode()) for t in comments["text"])
    assert held < text_bytes / 4, (held, text_bytes)
    assert_frame_equal(again.comments, comments, check_exact=True)


def test_a_corpus_dir_of_format_version_1_still_opens(sample, tmp_path, monkeypatch):
    """Version 1 kept the text in the Parquet parts: written so, it reads back equal."""
    monkeypatch.setattr(corpus_store, "MAPPED_COLUMNS", {})
    root = write_corpus_dir(sample, tmp_path / "old")
    _rewrite_manifest(root, lambda m: m.update(format_version=1))
    monkeypatch.undo()
    assert not list(root.glob("*/*.arrow"))
    assert_analysis_equal(open_corpus_dir(root), sample)
