"""Kept input columns (``extra_...``) and ``addressed_to`` through the corpus store, the Dask path and the
dashboard's filtering: the types the loaders gave come back, also when files keep different columns."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

import analytics
from analytics.model import schema
from analytics.store import corpus_store
from analytics.views.filters import apply_filters, for_views
from analytics.views.settings import Filters

A = "title,author,text,label,flag,mentions\nThread A,ann,hello there,1,true,\nThread A,bob,@ann hi,0,false,@ann\n"
B = "title,author,text,label,score,posted\nThread B,carl,yo,0.5,7,2024-01-05T10:00:00Z\nThread B,dan,hey,,3,\n"


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("two")
    (root / "a.csv").write_text(A, encoding="utf-8")
    (root / "b.csv").write_text(B, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def analysis(folder):
    return analytics.enrich(analytics.load(folder))


def kept(frame: pd.DataFrame) -> pd.DataFrame:
    return frame[["comment_id", "addressed_to", *schema.extra_columns(frame)]]


def test_the_loaders_type_what_they_keep(analysis):
    got = kept(analysis.comments)
    assert list(got.columns[2:]) == ["extra_label", "extra_flag", "extra_score"]
    assert list(got.dtypes.astype(str)[2:]) == ["float64", "boolean", "Int64"]
    assert got["extra_label"].tolist()[:3] == [1.0, 0.0, 0.5]
    assert got["addressed_to"].tolist() == [[], ["ann"], [], []]


def test_the_corpus_store_gives_them_back(analysis, tmp_path):
    again = corpus_store.open_corpus_dir(corpus_store.write_corpus_dir(analysis, tmp_path / "c"))
    assert_frame_equal(again.comments, analysis.comments)


def test_filtering_keeps_them(analysis):
    view = apply_filters(for_views(analysis), Filters(commenters=("bob", "carl")))
    got = kept(view.comments)
    want = kept(analysis.comments)
    assert_frame_equal(
        got.reset_index(drop=True), want[want["comment_id"].isin(got["comment_id"])].reset_index(drop=True)
    )
    assert len(got) == 2


def test_the_dask_path_gives_the_same_columns_and_types(folder, analysis, tmp_path):
    from distributed import Client, LocalCluster

    from analytics.store.distributed import analyze_to_corpus_dir

    with (
        LocalCluster(processes=False, n_workers=1, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        out = analyze_to_corpus_dir([folder], out=tmp_path / "d", client=client, partition_comments=2)
    got = corpus_store.open_corpus_dir(out).comments.set_index("comment_id")
    want = analysis.comments.set_index("comment_id").loc[got.index]
    columns = ["addressed_to", *schema.extra_columns(analysis.comments)]
    assert list(got[columns].dtypes) == list(want[columns].dtypes)
    assert_frame_equal(got[columns], want[columns])


def test_the_dask_path_reads_files_without_a_header_row(tmp_path):
    from distributed import Client, LocalCluster

    from analytics.store.distributed import analyze_to_corpus_dir

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "short.csv").write_text("ann,hello\nbob,hi there\n", encoding="utf-8")
    with (
        LocalCluster(processes=False, n_workers=1, threads_per_worker=1, dashboard_address=None) as cluster,
        Client(cluster) as client,
    ):
        out = analyze_to_corpus_dir(
            [tmp_path / "in"], out=tmp_path / "d", client=client, mapping={"text": "2", "author": "1"}, header=False
        )
    got = corpus_store.open_corpus_dir(out).comments
    assert got[["author", "text"]].values.tolist() == [["ann", "hello"], ["bob", "hi there"]]
