"""Round trip: what ``python -m analytics export`` writes loads back to the same frames."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pandas as pd
import pytest

import analytics
from analytics.__main__ import main
from analytics.loaders import LoadError, load, load_files
from analytics.model import schema
from analytics.output.export import export_corpus

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
TABLE = (
    b"comment_id,parent,thread,title,author,created_at,text\n"
    b'1,,t1,First,ann,2013-02-20T18:18:00.123456Z,"hello @bob\nsecond line"\n'
    b'2,1,t1,First,bob,1381432829,"re: ""hello"""\n'
    b"3,9,t2,Second,,,\n"
)


@pytest.fixture(scope="module")
def original(tmp_path_factory) -> analytics.Corpus:
    folder = tmp_path_factory.mktemp("inputs")
    shutil.copy(analytics.SAMPLE, folder)
    for name in ("disqus_traps.xml", "wxr_traps.xml", "wordpress_page.txt"):
        shutil.copy(FIXTURES / name, folder)
    (folder / "table.csv").write_bytes(TABLE)
    return load(folder)


def assert_same(a: analytics.Corpus, b: analytics.Corpus) -> None:
    for name, columns in schema.FRAMES.items():
        names = [c.name for c in columns]
        pd.testing.assert_frame_equal(getattr(a, name)[names], getattr(b, name)[names])


def test_export_folder_loads_back_to_equal_frames(original, tmp_path):
    export_corpus(original, tmp_path)
    back = load(tmp_path)
    assert_same(original, back)
    assert [f.format for f in back.report.files] == ["threadscope-export"] * 2


def test_the_two_csvs_named_directly_load_back(original, tmp_path):
    export_corpus(original, tmp_path)
    assert_same(original, load([tmp_path / "comments.csv", tmp_path / "articles.csv"]))


def test_cli_export_with_analysis_loads_back_ignoring_extra_columns_and_files(original, tmp_path):
    source = tmp_path / "in"
    export_corpus(original, source)
    out = tmp_path / "out"
    assert main(["export", str(source), "--out", str(out)]) == 0
    assert {"commenters.csv", "replies.csv", "threads.csv", "report.json"} <= {p.name for p in out.iterdir()}
    back = load(out)
    assert_same(original, back)
    warnings = "\n".join(back.report.all_warnings)
    assert "commenters.csv: ignored, part of a Threadscope export" in warnings
    assert "columns beyond the contract ignored: language" in warnings


def test_uploaded_pair_loads_back(original, tmp_path):
    export_corpus(original, tmp_path)
    files = [(name, (tmp_path / name).read_bytes()) for name in ("articles.csv", "comments.csv")]
    assert_same(original, load_files(files))


def test_report_accounts_for_every_record(original, tmp_path):
    export_corpus(original, tmp_path)
    for f in load(tmp_path).report.files:
        assert f.lines == f.accounted_lines > 1


def test_export_written_before_the_source_and_flag_columns_loads_with_defaults(original, tmp_path):
    export_corpus(original, tmp_path)
    comments = pd.read_csv(tmp_path / "comments.csv", dtype=str, keep_default_na=False)
    old = ["source_id", "source_parent_id", "is_deleted", "is_spam", "is_pingback"]
    comments.drop(columns=old).to_csv(tmp_path / "comments.csv", index=False)
    back = load(tmp_path)
    assert back.comments["source_id"].isna().all() and not back.comments["is_spam"].any()
    assert back.comments["comment_id"].tolist() == original.comments["comment_id"].tolist()


def test_comment_of_an_unknown_article_is_skipped_with_a_reason(original, tmp_path):
    export_corpus(original, tmp_path)
    comments = pd.read_csv(tmp_path / "comments.csv", dtype=str, keep_default_na=False)
    comments.loc[0, "article_id"] = "a-nowhere"
    comments.to_csv(tmp_path / "comments.csv", index=False)
    back = load(tmp_path)
    assert len(back.comments) == len(original.comments) - 1
    skipped = [s for f in back.report.files for s in f.skipped]
    assert [(s.line, s.reason) for s in skipped] == [(2, "article_id 'a-nowhere' not in articles.csv")]
    assert "recounted" in "\n".join(back.report.all_warnings)


def test_missing_contract_column_lists_what_is_missing(original, tmp_path):
    export_corpus(original, tmp_path)
    comments = pd.read_csv(tmp_path / "comments.csv", dtype=str, keep_default_na=False)
    comments.drop(columns=["n_words"]).to_csv(tmp_path / "comments.csv", index=False)
    # Without n_words the file is no longer recognised as an export: it loads as a plain table.
    back = load(tmp_path / "comments.csv")
    assert back.report.files[0].format == "csv"


def test_broken_value_is_a_one_line_error(original, tmp_path):
    export_corpus(original, tmp_path)
    comments = pd.read_csv(tmp_path / "comments.csv", dtype=str, keep_default_na=False)
    comments.loc[2, "position"] = "third"
    comments.to_csv(tmp_path / "comments.csv", index=False)
    with pytest.raises(
        LoadError,
        match=r"comments.csv: column position: expected whole numbers, found 'third' "
        r"in row 3",
    ) as err:
        load(tmp_path)
    assert "\n" not in str(err.value)


def test_round_trip_keeps_awkward_text(tmp_path):
    text = 'a,b\n"quoted"\r\n\ttab, =SUM(A1), <b>x</b>, null, NA, ١٢٣ ,'
    raw = io.BytesIO()
    pd.DataFrame([{"author": "NA", "text": text}, {"author": "", "text": ""}]).to_csv(raw, index=False)
    original = load_files([("awkward.csv", raw.getvalue())])
    export_corpus(original, tmp_path)
    assert_same(original, load(tmp_path))
