"""Kept input columns (``extra_...``) and ``addressed_to`` in ``python -m analytics export`` (the analysed
comments.csv, read back by the loaders) and in the report ZIP's load report."""

from __future__ import annotations

import io
import json
import zipfile

import pandas as pd

import analytics
from analytics.__main__ import main
from analytics.model import schema
from analytics.output.bundle import build_report
from analytics.views.settings import Filters

FOX = (
    '{"title": "No means no", "text": "Merkel would never say NO", "label": 1, "user": "barry", "mentions": ""}\n'
    '{"title": "No means no", "text": "@barry nonsense", "label": 0, "user": "woe", "mentions": "@barry"}\n'
)


def test_cli_export_writes_the_kept_columns_and_they_read_back(tmp_path, capsys):
    path = tmp_path / "fox.jsonl"
    path.write_text(FOX, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["export", str(path), "--out", str(out)]) == 0
    assert "columns kept as extra attributes: label as extra_label (integer)" in capsys.readouterr().err
    written = pd.read_csv(out / "comments.csv", keep_default_na=False)
    assert written["extra_label"].tolist() == [1, 0]
    assert written["addressed_to"].tolist() == ["[]", '["barry"]']
    again = analytics.load(out)
    assert again.comments["extra_label"].dtype == "Int64" and again.comments["extra_label"].tolist() == [1, 0]
    assert again.comments["addressed_to"].tolist() == [[], ["barry"]]
    assert schema.extra_columns(again.comments) == ["extra_label"]


def test_report_zip_load_report_names_the_kept_columns(tmp_path):
    path = tmp_path / "fox.jsonl"
    path.write_text(FOX, encoding="utf-8")
    analysis = analytics.enrich(analytics.load(path))
    raw = build_report(analysis, Filters(), images=False)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        report = json.loads(archive.read("load_report.json"))
    assert "columns kept as extra attributes: label as extra_label (integer)" in json.dumps(report)
