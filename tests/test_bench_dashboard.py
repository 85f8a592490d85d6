"""bench.dashboard on a few hundred comments: every page reruns without error and the rows fit
``python -m bench``'s table (a smoke test: no timing is asserted)."""

import sys

from analytics.store import cache
from bench import dashboard
from bench.__main__ import table
from bench.cases import corpus


def test_page_rerun_seconds_measures_every_page(tmp_path, monkeypatch):
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "cache"))
    argv = list(sys.argv)
    folder = corpus(300, tmp_path / "work")
    rows = dashboard.page_rerun_seconds(folder / "comments.csv", timeout=300)
    assert sys.argv == argv  # put back
    measures = [r["measure"] for r in rows]
    for name in dashboard.PAGES:
        assert f"dashboard: {name} page, rerun after a filter change" in measures
    assert measures[0].startswith("dashboard: cold start") and measures[-1].startswith("dashboard: filter change")
    serving = [r for r in rows if r["measure"].startswith("dashboard: serving")]
    assert len(serving) == 1 and serving[0]["unit"] == "MiB" and serving[0]["rss"].endswith(" MiB")
    for row in rows:
        assert set(row) == {"measure", "input", "value", "unit", "compare", "rss"}
        assert row["value"] > 0 and row["unit"] == ("MiB" if row in serving else "s") and "300 comments" in row["input"]
    assert rows[-1]["rss"].endswith(" MiB")
    for row in rows:
        if " page, " in row["measure"]:  # each page's memory: now, and the peak it is part of
            now, peak = (float(part.split(" MiB")[0].replace(",", "")) for part in row["rss"].split(", "))
            assert 0 < now <= peak
    assert "| dashboard: Data page" in table(rows)
