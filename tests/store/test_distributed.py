"""The Dask path: on a local cluster of 2 worker processes, the single-process result row for row."""

from __future__ import annotations

import gzip
import json
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal, assert_series_equal

import analytics
from analytics.__main__ import main
from analytics.store import corpus_store, distributed
from analytics.store.distributed import Unit, analyze_to_corpus_dir, input_units

SAMPLE_TEXT = analytics.SAMPLE.read_text(encoding="utf-8")
TITLE = "Lavrov Warns Syria Rivals Risk 'Mutual Destruction'"
KEYS = {
    "articles": "article_id",
    "comments": "comment_id",
    "commenters": "author",
    "replies": "child_id",
    "threads": "thread_id",
}


FORUM = (
    "title,author,text,timestamp,is_spam,is_deleted\n"
    "Forum thread,ann,Great idea!,2013-02-20 10:00,false,false\n"
    "Forum thread,bob,@ann buy cheap pills,2013-02-20 10:05,true,false\n"
    "Forum thread,cy,@ann agreed,2013-02-20 10:10,false,true\n"
    "Forum thread,ann,Thanks all,2013-02-20 10:20,false,false\n"
)


def write_pages(folder: Path, *, repeat: bool = False, extras: bool = False, flagged: bool = False) -> Path:
    """Saved naharnet pages of three articles (the sample under three titles). ``repeat`` adds a
    second copy of the first article with one more comment (the loaders merge it); ``extras`` a
    file of another type and an HTML page, which the loaders report and skip; ``flagged`` a
    table whose spam and deleted comments analysis leaves out by default."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "a-lavrov.txt").write_text(SAMPLE_TEXT, encoding="utf-8")
    (folder / "b-talks.txt").write_text(SAMPLE_TEXT.replace(TITLE, "Syria Talks Stall Again", 1), encoding="utf-8")
    (folder / "c-aleppo.txt").write_text(
        SAMPLE_TEXT.replace(TITLE, "Aleppo Shelled", 1).replace("mutual destruction", "total ruin"), encoding="utf-8"
    )
    if repeat:
        (folder / "d-lavrov-again.txt").write_text(
            SAMPLE_TEXT.replace("Comments 8", "Comments 9")
            + "\nThumb newcomer 21 February 2013, 09:00\n\n@geha I do not agree with you at all.\n",
            encoding="utf-8",
        )
    if flagged:
        (folder / "e-forum.csv").write_text(FORUM, encoding="utf-8")
    if extras:
        (folder / "README.md").write_text("how these pages were saved\n", encoding="utf-8")
        (folder / "b2-broken.txt").write_text("<html><body>saved as HTML</body></html>\n", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def client():
    from distributed import Client, LocalCluster

    with (
        LocalCluster(
            processes=True, n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None
        ) as cluster,
        Client(cluster) as c,
    ):
        yield c


def assert_same(got: analytics.Analysis, want: analytics.Analysis, *, sort: bool) -> None:
    for name, frame in want.tables().items():
        mine = got.tables()[name]
        if sort:
            mine, frame = (f.sort_values(KEYS[name], ignore_index=True) for f in (mine, frame))
        if name == "comments":
            # Toxicity runs a float32 network over batches of texts, and a partition is another
            # batch than the whole corpus: the last bits may round apart. Every other column is exact.
            assert_series_equal(mine["toxicity"], frame["toxicity"], check_exact=False, rtol=0, atol=1e-6)
            mine, frame = mine.drop(columns="toxicity"), frame.drop(columns="toxicity")
        assert_frame_equal(mine, frame, check_exact=True, obj=name)
    assert got.report == want.report
    assert got.settings == want.settings


def test_a_corpus_with_a_repeated_article_and_bad_files_equals_the_single_process_path(client, tmp_path):
    pages = write_pages(tmp_path / "pages", repeat=True, extras=True, flagged=True)
    out = analyze_to_corpus_dir([pages], out=tmp_path / "corpus", client=client, partition_comments=10)
    got = corpus_store.open_corpus_dir(out)
    want = analytics.enrich(analytics.load([pages]))
    assert_same(got, want, sort=True)
    assert len(got.comments) == 29 and len(got.articles) == 4
    assert not got.commenters["author"].isin(["bob", "cy"]).any()  # only spam and a deleted post
    assert any("not loaded" in w for w in got.report.warnings)
    assert got.report.not_loaded == [
        f"{pages / 'b2-broken.txt'}: an HTML page of no layout Threadscope reads: expected a WordPress page "
        "(a line 'N thoughts on \"TITLE\"', comments ending 'Posted by NAME | Month D, YYYY, h:mm am/pm') or a "
        "naharnet page (a 'Comments N' line, comment headers like 'Thumb name 20 February 2013, 17:55')"
    ]
    assert any("already loaded" in w for w in got.report.warnings)
    # Several parts, and no article split between two of them.
    manifest = corpus_store.read_manifest(out)
    files = [p["file"] for p in manifest["tables"]["comments"]["parts"]]
    assert len(files) == 4
    owners = pd.concat([pd.read_parquet(out / f, columns=["article_id"]).assign(part=f) for f in files])
    assert (owners.groupby("article_id")["part"].nunique() == 1).all()


def test_without_repeated_articles_even_the_row_order_is_the_same(client, tmp_path):
    pages = write_pages(tmp_path / "pages", flagged=True)
    paths = sorted(pages.iterdir())
    out = analyze_to_corpus_dir(
        paths, out=tmp_path / "corpus", client=client, partition_comments=20, include_flagged=True
    )
    assert len(corpus_store.read_manifest(out)["tables"]["comments"]["parts"]) == 2  # 8 + 8 | 8 + 4
    want = analytics.enrich(analytics.load(paths), include_flagged=True)
    assert_same(corpus_store.open_corpus_dir(out), want, sort=False)
    assert want.commenters["author"].isin(["bob", "cy"]).sum() == 2


def test_the_command_line_writes_a_corpus_dir_the_dashboard_opens(client, tmp_path, capsys):
    pages = write_pages(tmp_path / "pages")
    out = tmp_path / "corpus"
    code = main(["analyze", str(pages), "--out", str(out), "--scheduler", client.scheduler.address])
    captured = capsys.readouterr()
    assert code == 0, captured.err
    assert captured.out.strip() == str(out)
    assert "24/24 comments" in captured.err
    assert "24 comments" in captured.err
    assert_same(corpus_store.open_corpus_dir(out), analytics.enrich(analytics.load(pages)), sort=False)
    # Again over the same folder: the corpus is replaced, not mixed with the old one.
    (pages / "c-aleppo.txt").unlink()
    assert main(["analyze", str(pages), "--out", str(out), "--scheduler", client.scheduler.address]) == 0
    assert len(corpus_store.open_corpus_dir(out).articles) == 2
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "pages"]


def test_the_command_line_exits_3_when_files_were_not_loaded_unless_told_to_keep_going(client, tmp_path, capsys):
    pages = write_pages(tmp_path / "pages", extras=True)
    # A compressed page and a zip of a table are read on the workers as the loaders read them.
    (pages / "f-homs.txt.gz").write_bytes(gzip.compress(SAMPLE_TEXT.replace(TITLE, "Homs Besieged", 1).encode()))
    with zipfile.ZipFile(pages / "g-forum.zip", "w") as archive:
        archive.writestr("forum/e-forum.csv", FORUM)
    run = ["analyze", str(pages), "--scheduler", client.scheduler.address]
    assert main([*run, "--out", str(tmp_path / "corpus")]) == 3
    assert capsys.readouterr().err.splitlines()[-1].startswith("error: 1 file(s) could not be loaded")
    got = corpus_store.open_corpus_dir(tmp_path / "corpus")  # written all the same
    assert got.articles["title"].tolist()[-2:] == ["Homs Besieged", "Forum thread"]
    assert_same(got, analytics.enrich(analytics.load(pages)), sort=True)
    assert main([*run, "--out", str(tmp_path / "kept"), "--keep-going"]) == 0


def test_a_file_named_directly_that_cannot_be_read_stops_the_run(client, tmp_path):
    pages = write_pages(tmp_path / "pages", extras=True)
    with pytest.raises(analytics.LoadError, match="b2-broken.txt: an HTML page") as raised:
        analyze_to_corpus_dir([pages / "a-lavrov.txt", pages / "b2-broken.txt"], out=tmp_path / "corpus", client=client)
    with pytest.raises(analytics.LoadError) as single:
        analytics.load([pages / "a-lavrov.txt", pages / "b2-broken.txt"])
    assert str(raised.value) == str(single.value)
    assert list(tmp_path.iterdir()) == [pages]  # nothing half written


def test_input_units_split_folders_into_files_as_the_loaders_read_them(tmp_path):
    pages = write_pages(tmp_path / "pages", extras=True)
    units, notes = input_units([pages])
    assert [Path(u.paths[0]).name for u in units] == ["a-lavrov.txt", "b-talks.txt", "b2-broken.txt", "c-aleppo.txt"]
    assert all(u.in_folder for u in units)
    assert notes == [
        f"{pages / 'README.md'}: skipped, not a supported file type ({analytics.loaders.inputs.SUPPORTED_TEXT})"
    ]
    assert notes == analytics.load([pages]).report.warnings[:1]


def test_a_threadscope_export_is_one_unit(tmp_path):
    export = tmp_path / "export"
    analytics.output.export.export_corpus(analytics.load(analytics.SAMPLE), export)
    assert input_units([export]) == ([Unit((str(export),), str(export), False)], [])
    units, _ = input_units([export / "articles.csv", export / "comments.csv"])
    assert units == [
        Unit((str(export / "articles.csv"), str(export / "comments.csv")), str(export / "articles.csv"), False)
    ]


@pytest.mark.parametrize(
    "given, message", [("nowhere", "no such file or folder"), ("empty", "folder holds no supported file")]
)
def test_missing_inputs_are_the_loaders_errors(tmp_path, given, message):
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.md").write_text("nothing to load")
    with pytest.raises(analytics.LoadError, match=message):
        input_units([tmp_path / given])


def test_partitions_hold_whole_articles_in_input_order():
    articles = [[("a1", 5), ("a2", 30), ("a3", 1)], [("b1", 2)], [("c1", 4), ("c2", 4)]]
    plan = distributed._partitions(articles, 10)
    assert plan == [[(0, ["a1"])], [(0, ["a2"])], [(0, ["a3"]), (1, None), (2, ["c1"])], [(2, ["c2"])]]
    assert distributed._partitions([[("a1", 3)], [("b1", 3)]], 100) == [[(0, None), (1, None)]]
    assert distributed._partitions([[]], 100) == [[(0, None)]]


def test_an_out_folder_that_is_not_a_corpus_is_refused_before_any_work(tmp_path):
    (tmp_path / "thesis").mkdir()
    (tmp_path / "thesis" / "chapter.md").write_text("keep me")
    with pytest.raises(FileExistsError, match="not a Threadscope corpus"):
        analyze_to_corpus_dir([analytics.SAMPLE], out=tmp_path / "thesis", client=object())
    assert json.dumps(sorted(p.name for p in (tmp_path / "thesis").iterdir())) == '["chapter.md"]'
