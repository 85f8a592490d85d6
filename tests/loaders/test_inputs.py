"""One walk of the inputs (analytics/loaders/inputs.py): links followed but never looped, no file
read twice, hidden entries left out, and every entry met either listed or named in ``skipped``."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import analytics
from analytics.loaders import inputs
from analytics.loaders.inputs import DigestMemo, file_digests, fingerprint, list_inputs

SAMPLE_TEXT = analytics.SAMPLE.read_text(encoding="utf-8")


def page(path: Path, title: str) -> Path:
    """A saved naharnet page (the sample) under another title: another article."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        SAMPLE_TEXT.replace("Lavrov Warns Syria Rivals Risk 'Mutual Destruction'", title, 1), encoding="utf-8"
    )
    return path


def names(listing) -> list[str]:
    return [f.name for f in listing.files]


def test_files_come_in_the_order_rglob_sorts_them(tmp_path):
    for name in ("a/b/x.txt", "a/c.txt", "a-b/y.txt", "top.csv"):
        page(tmp_path / name, name)
    listing = list_inputs(tmp_path)
    assert [f.path for f in listing.files] == sorted(f for f in tmp_path.rglob("*") if f.is_file())
    assert names(listing) == ["a/b/x.txt", "a/c.txt", "a-b/y.txt", "top.csv"]  # part by part: a/ before a-b/
    assert all(f.in_folder and f.given == 0 for f in listing.files) and listing.skipped == []
    assert listing.folders == [0]


def test_a_file_given_is_read_whatever_its_name(tmp_path):
    hidden = page(tmp_path / ".draft.dat", "Draft")
    listing = list_inputs([hidden])
    assert [(f.path, f.name, f.in_folder, f.supported) for f in listing.files] == [(hidden, "", False, False)]
    assert listing.folders == []


def test_a_missing_path_or_a_link_to_nothing_given_is_an_error(tmp_path):
    with pytest.raises(analytics.LoadError, match="nowhere.txt: no such file or folder"):
        list_inputs([tmp_path / "nowhere.txt"])
    (tmp_path / "dangling").symlink_to(tmp_path / "gone")
    with pytest.raises(analytics.LoadError, match="dangling: no such file or folder"):
        list_inputs(tmp_path / "dangling")


def test_a_link_loop_is_walked_once_and_named(tmp_path):
    page(tmp_path / "data" / "inner" / "a.txt", "A")
    (tmp_path / "data" / "inner" / "up").symlink_to(tmp_path / "data", target_is_directory=True)
    (tmp_path / "data" / "self").symlink_to(".", target_is_directory=True)
    listing = list_inputs(tmp_path / "data")
    assert names(listing) == ["inner/a.txt"]
    assert sorted(listing.skipped) == [
        f"{tmp_path / 'data' / 'inner' / 'up'}: skipped, a link back to {tmp_path / 'data'} (a loop)",
        f"{tmp_path / 'data' / 'self'}: skipped, a link back to {tmp_path / 'data'} (a loop)",
    ]


def test_links_to_a_file_and_a_folder_outside_are_followed(tmp_path):
    far = page(tmp_path / "elsewhere" / "far.txt", "Far")
    page(tmp_path / "elsewhere" / "deep" / "deeper.txt", "Deeper")
    data = tmp_path / "data"
    page(data / "near.txt", "Near")
    (data / "linked.txt").symlink_to(far)
    (data / "shelf").symlink_to(tmp_path / "elsewhere" / "deep", target_is_directory=True)
    listing = list_inputs(data)
    assert names(listing) == ["linked.txt", "near.txt", "shelf/deeper.txt"]
    assert listing.files[0].path == data / "linked.txt"  # named as reached, not by its target
    titles = set(analytics.load(data).articles["title"])
    assert titles == {"Far", "Near", "Deeper"}


def test_the_same_file_reached_twice_is_read_once(tmp_path):
    data = tmp_path / "data"
    original = page(data / "a.txt", "A")
    (data / "b-link.txt").symlink_to(original)
    os.link(original, data / "c-hard.txt")
    (data / "d").symlink_to(data, target_is_directory=True)  # a loop too
    (tmp_path / "other").symlink_to(data, target_is_directory=True)
    listing = list_inputs([data, original, tmp_path / "other"])
    assert [(f.given, f.name) for f in listing.files] == [(0, "a.txt")]
    assert listing.skipped == [
        f"{data / 'd'}: skipped, a link back to {data} (a loop)",
        f"{data / 'b-link.txt'}: skipped, the same file as {original} (read once)",
        f"{data / 'c-hard.txt'}: skipped, the same file as {original} (read once)",
        f"{original}: skipped, the same file as {original} (read once)",
        f"{tmp_path / 'other'}: skipped, the same folder as {data} (read once)",
    ]
    corpus = analytics.load([data, original, tmp_path / "other"])
    assert len(corpus.articles) == 1 and len(corpus.report.files) == 1
    assert not any("already loaded" in w for w in corpus.report.all_warnings)


def test_hidden_files_and_folders_are_left_out_and_named(tmp_path):
    data = tmp_path / "data"
    page(data / "a.txt", "A")
    page(data / ".a-copy.txt", "A copy")
    page(data / ".ipynb_checkpoints" / "a-checkpoint.txt", "A checkpoint")
    page(data / "sub" / ".hidden" / "deep.txt", "Deep")
    listing = list_inputs(data)
    assert names(listing) == ["a.txt"]
    assert listing.skipped == [
        f"{data / '.a-copy.txt'}: skipped, hidden",
        f"{data / '.ipynb_checkpoints'}: skipped, hidden",
        f"{data / 'sub' / '.hidden'}: skipped, hidden",
    ]


def test_broken_links_and_special_files_are_named(tmp_path):
    data = tmp_path / "data"
    page(data / "a.txt", "A")
    (data / "gone.txt").symlink_to(tmp_path / "deleted.txt")
    os.mkfifo(data / "pipe.txt")
    listing = list_inputs(data)
    assert names(listing) == ["a.txt"]
    assert listing.skipped == [
        f"{data / 'gone.txt'}: skipped, a link to nothing ({tmp_path / 'deleted.txt'})",
        f"{data / 'pipe.txt'}: skipped, not a regular file",
    ]


def test_every_entry_met_is_loaded_or_in_the_report(tmp_path):
    """Unsupported types, hidden files, duplicates and loops: each has its line in the load report."""
    data = tmp_path / "data"
    page(data / "a.txt", "A")
    page(data / "sub" / "b.txt", "B")
    (data / "notes.docx").write_bytes(b"PK\x03\x04")
    (data / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (data / "sub" / "again.txt").symlink_to(data / "a.txt")
    (data / "sub" / "loop").symlink_to(data, target_is_directory=True)
    corpus = analytics.load(data)
    warnings = "\n".join(corpus.report.all_warnings)
    entries = [p for p in data.rglob("*") if not (p.is_dir() and not p.is_symlink())]
    loaded = {f.source for f in corpus.report.files}
    assert loaded == {"a.txt", "b.txt"}
    for entry in entries:
        assert entry.name in loaded or f"{entry}: skipped" in warnings, entry
    assert f"{data / 'notes.docx'}: skipped, not a supported file type" in warnings


def test_a_folder_of_only_hidden_or_unsupported_files_is_an_error(tmp_path):
    page(tmp_path / ".hidden.txt", "Hidden")
    (tmp_path / "photo.png").write_bytes(b"\x89PNG")
    with pytest.raises(analytics.LoadError, match="folder holds no supported file"):
        analytics.load(tmp_path)


def test_digests_are_the_files_sha256_and_remembered_once_settled(tmp_path, monkeypatch):
    import hashlib

    files = list_inputs([page(tmp_path / "a.txt", "A"), page(tmp_path / "b.txt", "B")]).files
    assert file_digests(files) == [hashlib.sha256(f.path.read_bytes()).hexdigest() for f in files]
    read: list[str] = []
    real = inputs._file_sha256
    monkeypatch.setattr(inputs, "_file_sha256", lambda p: read.append(os.path.basename(p)) or real(p))
    memo = DigestMemo()
    memo.digests(files)
    memo.digests(files)
    assert sorted(read) == ["a.txt", "a.txt", "b.txt", "b.txt"]  # written a moment ago: not settled
    monkeypatch.setattr(inputs, "SETTLED_NS", 0)
    read.clear()
    memo = DigestMemo()
    memo.digests(files)
    memo.changed = False
    again = memo.digests(files)
    assert sorted(read) == ["a.txt", "b.txt"] and not memo.changed and again == file_digests(files)


def test_the_fingerprint_changes_with_an_edit_an_addition_or_a_rename_and_only_then(tmp_path):
    page(tmp_path / "a.txt", "A")
    before = fingerprint(tmp_path)
    assert fingerprint(tmp_path) == before == fingerprint([tmp_path])
    (tmp_path / "a.txt").rename(tmp_path / "renamed.txt")
    renamed = fingerprint(tmp_path)
    assert renamed != before
    (tmp_path / ".hidden").write_text("x")  # named in what was left out
    assert fingerprint(tmp_path) != renamed
    page(tmp_path / "renamed.txt", "A, edited")
    assert fingerprint(tmp_path) not in (before, renamed)
