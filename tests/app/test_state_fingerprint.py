"""The dashboard's look at its input files (app_pages/state.py): the files the loaders read
(:func:`analytics.loaders.inputs.list_inputs`), and a new fingerprint when one of them changes."""

import os
from pathlib import Path

from analytics.loaders import inputs
from app_pages import state


def tree(root: Path) -> Path:
    for name, text in {"a/b/x.txt": "1", "a/c.txt": "2", "a-b/y.txt": "3", "top.csv": "4"}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    (root / "links").mkdir()
    os.symlink(root / "a", root / "links" / "folder")  # followed, but its files are read once
    os.symlink(root / "a" / "c.txt", root / "links" / "file.txt")
    return root


def test_the_fingerprint_is_the_loaders_listing_hashed(tmp_path):
    root = tree(tmp_path)
    assert state._fingerprint_now((str(root),)) == inputs.fingerprint([root])
    assert state._fingerprint_now((str(root / "top.csv"),)) == inputs.fingerprint([root / "top.csv"])
    assert state._fingerprint_now((str(root),)) != state._fingerprint_now((str(root / "top.csv"),))


def test_the_fingerprint_changes_with_a_nested_file_and_only_then(tmp_path):
    root = tree(tmp_path)
    before = state._fingerprint_now((str(root),))
    assert state._fingerprint_now((str(root),)) == before
    (root / "a" / "b" / "x.txt").write_text("edited")
    assert state._fingerprint_now((str(root),)) != before


def test_the_fingerprint_follows_links_to_folders_outside(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "far.txt").write_text("far")
    root = tree(tmp_path / "root")
    os.symlink(outside, root / "links" / "outside")
    before = state._fingerprint_now((str(root),))
    (outside / "far.txt").write_text("edited far away")
    assert state._fingerprint_now((str(root),)) != before


def test_a_missing_input_has_a_fingerprint_naming_it_and_loading_says_why(tmp_path):
    missing = str(tmp_path / "missing")
    assert state._fingerprint_now((missing,)) == f"unlisted:{missing}: no such file or folder"
