"""The dashboard's look at its input files (app_pages/state.py): every file the loaders would
read, in their order, and a new fingerprint when one of them changes."""
import os
from pathlib import Path

from app_pages import state


def tree(root: Path) -> Path:
    for name, text in {"a/b/x.txt": "1", "a/c.txt": "2", "a-b/y.txt": "3", "top.csv": "4"}.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)
    (root / "links").mkdir()
    os.symlink(root / "a", root / "links" / "folder")  # rglob does not follow it: nor does the look
    os.symlink(root / "a" / "c.txt", root / "links" / "file.txt")
    return root


def test_the_files_looked_at_are_those_rglob_lists_in_its_order(tmp_path):
    root = tree(tmp_path)
    expected = [str(f) for f in sorted(root.rglob("*")) if f.is_file()]
    assert [f[0] for f in state._files_under(root)] == expected
    assert expected.index(str(root / "a" / "c.txt")) < expected.index(str(root / "a-b" / "y.txt"))  # parts order
    assert [f[0] for f in state._files_under(root / "top.csv")] == [str(root / "top.csv")]
    assert state._files_under(root / "missing") == []


def test_the_fingerprint_changes_with_a_nested_file_and_only_then(tmp_path):
    root = tree(tmp_path)
    before = state._fingerprint_now((str(root),))
    assert state._fingerprint_now((str(root),)) == before
    (root / "a" / "b" / "x.txt").write_text("edited")
    assert state._fingerprint_now((str(root),)) != before
