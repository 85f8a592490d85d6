"""The corpus cache: served only when sound and current, rebuilt otherwise, equal either way."""

from __future__ import annotations

import os
import shutil
import time
import warnings
from pathlib import Path

import pytest
from pandas.testing import assert_frame_equal

import analytics
import analytics._version
from analytics.loaders import inputs
from analytics.scoring.sentiment import Cutoffs, Thresholds
from analytics.store import cache
from analytics.store.cache import CacheWarning, cache_key, cached_analysis

SAMPLE_TEXT = analytics.SAMPLE.read_text(encoding="utf-8")
REAL_FINGERPRINT = cache.code_fingerprint


def write_pages(folder: Path) -> list[Path]:
    """Three saved naharnet pages: the sample and two copies under other titles (other articles)."""
    folder.mkdir(parents=True, exist_ok=True)
    pages = {
        "lavrov.txt": SAMPLE_TEXT,
        "talks.txt": SAMPLE_TEXT.replace(
            "Lavrov Warns Syria Rivals Risk 'Mutual Destruction'", "Syria Talks Stall Again", 1
        ),
        "aleppo.txt": SAMPLE_TEXT.replace(
            "Lavrov Warns Syria Rivals Risk 'Mutual Destruction'", "Aleppo Shelled", 1
        ).replace("mutual destruction", "total ruin"),
    }
    for name, text in pages.items():
        (folder / name).write_text(text, encoding="utf-8")
    return [folder / name for name in pages]


def assert_analysis_equal(got: analytics.Analysis, want: analytics.Analysis) -> None:
    for name, frame in want.tables().items():
        assert_frame_equal(got.tables()[name], frame, check_exact=True, obj=name)
    assert got.report == want.report
    assert got.settings == want.settings


class Counting:
    """Stands in for ``analytics.store.cache.enrich``, counting the analyses actually computed."""

    def __init__(self):
        self.calls = 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return analytics.enrich(*args, **kwargs)


@pytest.fixture(autouse=True)
def fixed_code(monkeypatch):
    """The code fingerprint held still: in a shared checkout someone may edit a module mid-test."""
    monkeypatch.setattr(cache, "code_fingerprint", lambda: "code under test")


def test_the_code_fingerprint_changes_with_any_source_file(tmp_path, monkeypatch):
    package = tmp_path / "analytics"
    (package / "loaders").mkdir(parents=True)
    (package / "cache.py").write_text("x = 1\n")
    (package / "loaders" / "pages.py").write_text("y = 2\n")
    monkeypatch.setattr(cache, "__file__", str(package / "cache.py"))
    before = REAL_FINGERPRINT()
    assert len(before) == 64 and REAL_FINGERPRINT() == before
    (package / "loaders" / "pages.py").write_text("y = 3\n")
    assert REAL_FINGERPRINT() != before


@pytest.fixture
def counting(monkeypatch) -> Counting:
    counter = Counting()
    monkeypatch.setattr(cache, "enrich", counter)
    return counter


@pytest.fixture
def pages(tmp_path) -> list[Path]:
    return write_pages(tmp_path / "pages")


def _entry(cache_dir: Path) -> Path:
    (entry,) = cache.cache_entries(cache_dir=cache_dir)
    return entry


def test_the_second_call_reads_the_entry_and_equals_the_fresh_analysis(pages, tmp_path, counting):
    fresh = analytics.enrich(analytics.load(pages))
    first = cached_analysis(pages, cache_dir=tmp_path / "cache")
    again = cached_analysis(pages, cache_dir=tmp_path / "cache")
    assert counting.calls == 1
    assert_analysis_equal(first, fresh)
    assert_analysis_equal(again, fresh)
    assert _entry(tmp_path / "cache").name == cache_key(pages)


def test_the_first_call_hands_out_the_stored_entry_with_its_text_mapped(pages, tmp_path):
    from analytics.columns import mapped

    first = cached_analysis(pages, cache_dir=tmp_path / "cache")
    assert mapped.is_mapped(first.comments["text"])
    assert not mapped.is_mapped(analytics.enrich(analytics.load(pages)).comments["text"])


def test_an_entry_unreadable_as_soon_as_written_gives_the_computed_result_and_a_warning(
    pages, tmp_path, counting, monkeypatch
):
    def unreadable(path, **kwargs):
        raise cache.corpus_store.CorruptCorpus(f"{path}: unreadable for this test")

    monkeypatch.setattr(cache.corpus_store, "open_corpus_dir", unreadable)
    with pytest.warns(CacheWarning, match="unreadable for this test"):
        got = cached_analysis(pages, cache_dir=tmp_path / "cache")
    assert counting.calls == 2  # computed again: the first result was let go for the entry's
    assert_analysis_equal(got, analytics.enrich(analytics.load(pages)))


def test_a_folder_and_options_are_passed_through(pages, tmp_path, counting):
    options = {"engines": ("textblob",), "thresholds": Thresholds(textblob=Cutoffs(-0.3, 0.3))}
    want = analytics.enrich(analytics.load(pages[0].parent), **options)
    for _ in range(2):
        assert_analysis_equal(cached_analysis(pages[0].parent, cache_dir=tmp_path / "cache", **options), want)
    assert counting.calls == 1
    assert "vader_compound" not in want.comments.columns


def test_the_cache_folder_comes_from_the_argument_then_the_environment_then_the_user_cache(
    pages, tmp_path, monkeypatch
):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv(cache.CACHE_ENV, raising=False)
    assert cache.cache_root() == tmp_path / "xdg" / "threadscope"
    cached_analysis(pages[0])
    assert _entry(tmp_path / "xdg" / "threadscope").parent == tmp_path / "xdg" / "threadscope" / "corpora"
    monkeypatch.setenv(cache.CACHE_ENV, str(tmp_path / "env"))
    cached_analysis(pages[0])
    assert _entry(tmp_path / "env")
    assert cache.cache_root(tmp_path / "arg") == tmp_path / "arg"


KEY_CHANGES = {
    "a file's content": lambda pages, kw: pages[0].write_text(SAMPLE_TEXT.replace("Lavrov", "Lavrof"), "utf-8"),
    "a file's name": lambda pages, kw: pages.__setitem__(0, pages[0].rename(pages[0].with_name("renamed.txt"))),
    "the file order": lambda pages, kw: pages.reverse(),
    "the engines": lambda pages, kw: kw.update(engines=("textblob",)),
    "the label engine": lambda pages, kw: kw.update(label_engine="vader"),
    "the thresholds": lambda pages, kw: kw.update(thresholds=Thresholds(textblob=Cutoffs(-0.1, 0.1))),
    "the column mapping": lambda pages, kw: kw.update(mapping={"author": "user"}),
    "counting flagged comments": lambda pages, kw: kw.update(include_flagged=True),
}


@pytest.mark.parametrize("change", KEY_CHANGES)
def test_the_key_changes_with_every_input_and_option(pages, change):
    before = cache_key(pages)
    options: dict = {}
    KEY_CHANGES[change](pages, options)
    assert cache_key(pages, **options) != before


@pytest.mark.parametrize("what", ["engine version", "engine implementation", "code", "version", "toxicity model"])
def test_the_key_changes_with_the_software(pages, monkeypatch, what):
    before = cache_key(pages)
    engine = analytics.scoring.sentiment.ENGINES["vader"]
    if what == "engine version":
        monkeypatch.setattr(engine, "version", engine.version + ".post1")
    elif what == "engine implementation":
        fast = type("FastVader", (type(engine),), {})
        monkeypatch.setitem(analytics.scoring.sentiment.ENGINES, "vader", fast())
    elif what == "code":
        monkeypatch.setattr(cache, "code_fingerprint", lambda: "0" * 64)
    elif what == "toxicity model":  # other weights (analytics/scoring/models/ holds no code the fingerprint reads)
        monkeypatch.setattr(cache, "toxicity_model_version", lambda: "combined-0000000000000000")
    else:
        monkeypatch.setattr(analytics._version, "__version__", "99.0")  # where the cache reads it
    assert cache_key(pages) != before


def test_an_edited_input_is_analysed_again_never_served_stale(pages, tmp_path, counting):
    cached_analysis(pages, cache_dir=tmp_path / "cache")
    pages[1].write_text(
        SAMPLE_TEXT.replace("Lavrov Warns Syria Rivals Risk 'Mutual Destruction'", "New Title", 1), encoding="utf-8"
    )
    got = cached_analysis(pages, cache_dir=tmp_path / "cache")
    assert counting.calls == 2
    assert "New Title" in set(got.articles["title"])
    assert_analysis_equal(got, analytics.enrich(analytics.load(pages)))


def _flip_middle(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[len(data) // 2] ^= 0xFF
    path.write_bytes(bytes(data))


DAMAGE = {
    "corrupt": lambda e: _flip_middle(e / "comments" / "part-00000.parquet"),
    "truncated": lambda e: (e / "threads" / "part-00000.parquet").write_bytes(
        (e / "threads" / "part-00000.parquet").read_bytes()[:50]
    ),
    "partial (no manifest)": lambda e: (e / "manifest.json").unlink(),
    "partial (a table missing)": lambda e: shutil.rmtree(e / "replies"),
    "stale (written for other inputs)": lambda e: _rekey(e),
}


def _rekey(entry: Path) -> None:
    """Make the entry claim another key, as an entry copied in from elsewhere would."""
    manifest = entry / "manifest.json"
    manifest.write_text(manifest.read_text().replace(entry.name, "0" * 64))


@pytest.mark.parametrize("damage", DAMAGE)
def test_a_damaged_entry_is_rebuilt_with_a_warning_never_served(pages, tmp_path, counting, damage):
    want = cached_analysis(pages, cache_dir=tmp_path / "cache")
    DAMAGE[damage](_entry(tmp_path / "cache"))
    with pytest.warns(CacheWarning, match="not used and rebuilt"):
        got = cached_analysis(pages, cache_dir=tmp_path / "cache")
    assert counting.calls == 2
    assert_analysis_equal(got, want)
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the rebuilt entry is sound
        assert_analysis_equal(cached_analysis(pages, cache_dir=tmp_path / "cache"), want)
    assert counting.calls == 2
    assert [p.name for p in (tmp_path / "cache" / "corpora").iterdir()] == [cache_key(pages)]


def test_a_left_over_staging_folder_is_ignored_and_pruned(pages, tmp_path, counting, monkeypatch):
    folder = tmp_path / "cache" / "corpora"
    stale = folder / f".tmp-{cache_key(pages)}-dead"
    stale.mkdir(parents=True)
    (stale / "comments").mkdir()
    monkeypatch.setattr(cache, "_STALE_TEMP_SECONDS", -1)
    cached_analysis(pages, cache_dir=tmp_path / "cache")
    assert counting.calls == 1
    assert not stale.exists()


def test_only_the_most_recently_used_entries_are_kept(pages, tmp_path, counting):
    for page in pages:  # three entries, one per file
        cached_analysis(page, cache_dir=tmp_path / "cache", keep=2)
    kept = cache.cache_entries(cache_dir=tmp_path / "cache")
    assert [p.name for p in kept] == [cache_key(pages[2]), cache_key(pages[1])]


def test_a_cache_that_cannot_be_written_gives_the_result_and_a_warning(pages, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the cache folder should be")
    with pytest.warns(CacheWarning, match="could not be written"):
        got = cached_analysis(pages, cache_dir=blocker)
    assert_analysis_equal(got, analytics.enrich(analytics.load(pages)))


def test_an_input_changed_while_read_is_not_cached(pages, tmp_path, monkeypatch):
    def load_after_an_edit(paths, **kwargs):
        pages[0].write_text(SAMPLE_TEXT + "\n", encoding="utf-8")
        return analytics.load(paths, **kwargs)

    monkeypatch.setattr(cache, "load", load_after_an_edit)
    with pytest.warns(CacheWarning, match="changed while they were read"):
        cached_analysis(pages, cache_dir=tmp_path / "cache")
    assert cache.cache_entries(cache_dir=tmp_path / "cache") == []


def test_a_missing_input_is_the_loaders_error(tmp_path):
    with pytest.raises(analytics.LoadError, match="no such file or folder"):
        cached_analysis(tmp_path / "nowhere.txt", cache_dir=tmp_path / "cache")


def test_folders_are_hashed_through_symbolic_links_and_survive_loops(pages, tmp_path):
    outside = tmp_path / "outside"
    write_pages(outside)
    (pages[0].parent / "linked").symlink_to(outside, target_is_directory=True)
    (outside / "loop").symlink_to(outside, target_is_directory=True)
    before = cache_key(pages[0].parent)
    (outside / "talks.txt").write_text(SAMPLE_TEXT.replace("Lavrov", "Lavrof"), encoding="utf-8")
    assert cache_key(pages[0].parent) != before


class CountingHashes:
    """Stands in for ``analytics.store.inputs._file_sha256``, recording the files actually read."""

    def __init__(self):
        self.read: list[str] = []
        self.real = inputs._file_sha256

    def __call__(self, path):
        self.read.append(Path(path).name)
        return self.real(path)


@pytest.fixture
def hashes(monkeypatch) -> CountingHashes:
    counter = CountingHashes()
    monkeypatch.setattr(inputs, "_file_sha256", counter)
    return counter


def test_settled_files_are_not_read_again_to_be_hashed(pages, tmp_path, hashes, monkeypatch, counting):
    monkeypatch.setattr(inputs, "SETTLED_NS", 0)  # the pages were written a moment ago
    cached_analysis(pages, cache_dir=tmp_path / "cache")
    assert sorted(hashes.read) == sorted(p.name for p in pages)
    hashes.read.clear()
    cached_analysis(pages, cache_dir=tmp_path / "cache")
    assert hashes.read == [] and counting.calls == 1
    assert (tmp_path / "cache" / "file-hashes.json").is_file()


def test_a_file_written_again_is_hashed_again_even_with_its_old_size_and_times(
    pages, tmp_path, hashes, monkeypatch, counting
):
    monkeypatch.setattr(inputs, "SETTLED_NS", 0)
    first = cached_analysis(pages, cache_dir=tmp_path / "cache")
    old = pages[1].stat()
    edited = pages[1].read_text(encoding="utf-8").replace("Syria Talks Stall Again", "Syria Talks Stall Later")
    assert len(edited) == len(pages[1].read_text(encoding="utf-8"))
    time.sleep(0.01)
    pages[1].write_text(edited, encoding="utf-8")
    os.utime(pages[1], ns=(old.st_atime_ns, old.st_mtime_ns))  # same size, same mtime: only ctime moved
    hashes.read.clear()
    got = cached_analysis(pages, cache_dir=tmp_path / "cache")
    assert hashes.read == [pages[1].name]
    assert counting.calls == 2
    assert "Syria Talks Stall Later" in set(got.articles["title"]) and not got.articles.equals(first.articles)


def test_a_file_changed_just_before_it_was_hashed_is_hashed_again(pages, tmp_path, hashes):
    cached_analysis(pages, cache_dir=tmp_path / "cache")  # written a moment ago: not settled
    hashes.read.clear()
    cached_analysis(pages, cache_dir=tmp_path / "cache")
    assert sorted(hashes.read) == sorted(p.name for p in pages)


def test_a_garbled_hash_memo_is_ignored(pages, tmp_path, hashes, monkeypatch, counting):
    monkeypatch.setattr(inputs, "SETTLED_NS", 0)
    (tmp_path / "cache").mkdir()
    (tmp_path / "cache" / "file-hashes.json").write_text("{not json")
    want = analytics.enrich(analytics.load(pages))
    assert_analysis_equal(cached_analysis(pages, cache_dir=tmp_path / "cache"), want)
    assert_analysis_equal(cached_analysis(pages, cache_dir=tmp_path / "cache"), want)
    assert counting.calls == 1


def test_progress_follows_the_scoring_and_is_quiet_when_reopened(pages, tmp_path):
    calls: list[tuple[int, int]] = []
    cached_analysis(pages, cache_dir=tmp_path / "cache", progress=lambda done, total: calls.append((done, total)))
    total = calls[-1][1]
    assert total > 0 and calls[0] == (0, total) and calls[-1] == (total, total)
    calls.clear()
    cached_analysis(pages, cache_dir=tmp_path / "cache", progress=lambda done, total: calls.append((done, total)))
    assert calls == []
