"""One error family (analytics/errors.py): every error class under analytics/ is a ThreadscopeError,
the old names still import from where users import them, and the CLI turns any of them into one line."""

from __future__ import annotations

import importlib
import pickle
import pkgutil

import pandas as pd
import pytest

import analytics
from analytics import errors
from analytics.__main__ import main
from analytics.model import schema

ALL_MODULES = [m.name for m in pkgutil.walk_packages(analytics.__path__, "analytics.")]


def error_classes() -> list[type]:
    """Every exception class defined in a module of the package (warnings are not errors)."""
    found = []
    for name in ALL_MODULES:
        module = importlib.import_module(name)
        found += [
            value
            for value in vars(module).values()
            if isinstance(value, type)
            and issubclass(value, BaseException)
            and not issubclass(value, Warning)
            and value.__module__ == name
        ]
    return found


def test_every_error_class_under_analytics_is_a_threadscope_error():
    classes = error_classes()
    assert {errors.LoadError, errors.ContractError, errors.ExportError, errors.CorruptCorpus} <= set(classes)
    strays = [f"{c.__module__}.{c.__qualname__}" for c in classes if not issubclass(c, errors.ThreadscopeError)]
    assert not strays, f"derive these from analytics.errors.ThreadscopeError: {strays}"


def test_every_error_class_is_defined_in_errors_and_reexported_where_it_was():
    from analytics.loaders import LoadError as loaders_load_error
    from analytics.model.load_report import LoadError as report_load_error
    from analytics.output.bundle import ExportError
    from analytics.store.corpus_store import CorruptCorpus

    assert analytics.LoadError is report_load_error is loaders_load_error is errors.LoadError
    assert analytics.ContractError is schema.ContractError is errors.ContractError
    assert ExportError is errors.ExportError and CorruptCorpus is errors.CorruptCorpus
    assert {c.__module__ for c in error_classes()} == {"analytics.errors"}


def test_the_kinds_keep_their_built_in_bases():
    with pytest.raises(ValueError, match="missing columns"):
        schema.validate(pd.DataFrame(), pd.DataFrame())
    assert issubclass(errors.ExportError, RuntimeError) and issubclass(errors.CorruptCorpus, ValueError)


def test_a_load_error_is_one_line_and_survives_pickling():
    err = errors.LoadError("bad\nname.txt", "empty file")
    assert str(err) == "bad\\nname.txt: empty file"
    again = pickle.loads(pickle.dumps(err))
    assert (type(again), again.source, again.expected, str(again)) == (
        errors.LoadError,
        err.source,
        err.expected,
        str(err),
    )


def run(capsys, *args) -> tuple[int, str, str]:
    code = main([*map(str, args)])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def assert_one_line(code: int, err: str, expected: str) -> None:
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error: ") and expected in err, err
    assert "Traceback" not in err


def test_the_cli_prints_a_bad_file_as_one_line(tmp_path, capsys):
    bad = tmp_path / "input.csv"
    bad.write_bytes(b"%PDF-1.7\n")
    code, out, err = run(capsys, "export", bad, "--out", tmp_path / "out")
    assert_one_line(code, err, f"{bad}: expected ")
    assert out == "" and not (tmp_path / "out").exists()


def test_the_cli_prints_a_contract_error_as_one_line(tmp_path, capsys, monkeypatch):
    def broken_load(paths, mapping=None, header=None):  # a loader that hands over frames breaking the contract
        schema.validate(pd.DataFrame({"article_id": ["a"]}), pd.DataFrame())

    monkeypatch.setattr("analytics.__main__.load", broken_load)
    code, _, err = run(capsys, "export", analytics.SAMPLE, "--out", tmp_path / "out")
    assert_one_line(code, err, "articles: missing columns")


def test_the_cli_prints_an_export_error_as_one_line(tmp_path, capsys, monkeypatch):
    def no_drawing(*args, **kwargs):
        raise errors.ExportError("drawing the chart as PNG failed: the browser went away")

    monkeypatch.setattr("analytics.__main__.find_browser", lambda: "/usr/bin/true")
    monkeypatch.setattr("analytics.__main__.build_report", no_drawing)
    code, _, err = run(capsys, "report", analytics.SAMPLE, "--out", tmp_path / "r.zip")
    assert code == 2 and "drawing the chart as PNG failed" in err.splitlines()[-1]
    assert "Traceback" not in err and not (tmp_path / "r.zip").exists()
