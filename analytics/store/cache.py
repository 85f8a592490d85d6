"""The corpus cache: analyse a set of files once, reopen the result from Parquet in seconds.

:func:`cached_analysis` is :func:`analytics.load` followed by :func:`analytics.enrich`, with the
result stored as a corpus directory (:mod:`analytics.store.corpus_store`) in a workspace folder:

1. ``cache_dir`` when given, else the environment variable ``THREADSCOPE_CACHE``, else the
   user's cache directory (``$XDG_CACHE_HOME/threadscope`` or ``~/.cache/threadscope`` on
   Linux, ``~/Library/Caches/threadscope`` on macOS, ``%LOCALAPPDATA%\\threadscope\\Cache`` on
   Windows).
2. Each entry is named by its key (:func:`cache_key`): the SHA-256 of every input file's
   content and of the paths as given, the engines with their names, versions and
   implementations, the toxicity model and its weights, the label engine, the thresholds, the
   column mapping, Threadscope's version and a fingerprint of its code. Change any of them and the entry is not used. A file's hash
   is remembered (``file-hashes.json``) while its device, inode, size, modification and change
   times stay those it had when hashed, and only if it had not changed in the two seconds before
   (git's rule for "racily clean" files): any write moves the change time, so an edited file is
   always read again.
3. An entry is written beside its final name and renamed into place when complete; its
   manifest records every file's size, SHA-256 and row count, checked on every read. A
   corrupt, partial or stale entry is never served: it is removed, rebuilt, and a
   :class:`CacheWarning` says so.

Only the ``keep`` most recently used entries are kept.

Examples:
    >>> import tempfile, analytics
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     first = cached_analysis(analytics.SAMPLE, cache_dir=tmp)    # loads and scores
    ...     again = cached_analysis(analytics.SAMPLE, cache_dir=tmp)    # reads the Parquet entry
    ...     entries = len(cache_entries(cache_dir=tmp))
    >>> again.comments.equals(first.comments), entries
    (True, 1)
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import time
import warnings
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path

import pyarrow as pa

from ..enrich import Analysis, enrich, toxicity_model_version
from ..loaders import load
from ..loaders.inputs import DigestMemo, InputFile, file_digests, list_inputs
from ..scoring import sentiment
from . import corpus_store

__all__ = [
    "CACHE_ENV",
    "CacheWarning",
    "cache_root",
    "cache_key",
    "cache_entries",
    "cached_analysis",
    "code_fingerprint",
    "prune_cache",
]

CACHE_ENV = "THREADSCOPE_CACHE"
CACHE_FORMAT = 2  # bump when what goes into an entry changes (2: toxicity columns)
_ENTRIES = "corpora"
_STALE_TEMP_SECONDS = 3600  # staging folders older than this are left over from a crash
_MEMO = "file-hashes.json"  # content hashes of input files, by file identity (see _digests)
_MEMO_FILES = 200_000


class CacheWarning(UserWarning):
    """A cache entry could not be used (corrupt, partial, stale) or written; the result is
    computed afresh and still correct."""


def cache_root(cache_dir: str | Path | None = None) -> Path:
    """The workspace folder: ``cache_dir``, else ``$THREADSCOPE_CACHE``, else the user's cache dir.

    Examples:
        >>> cache_root("/tmp/my-cache")
        PosixPath('/tmp/my-cache')
    """
    if cache_dir is not None:
        return Path(cache_dir)
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    import platformdirs

    return Path(platformdirs.user_cache_dir("threadscope", appauthor=False))


def code_fingerprint() -> str:
    """SHA-256 of Threadscope's analytics code (every ``.py`` file under ``analytics/``).

    Part of the cache key, so an entry made by other code (a new release, or a development
    checkout that changed) is never served, whatever the version number says.
    """
    package = Path(__file__).resolve().parents[1]  # analytics/, from analytics/store/cache.py
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*.py")):
        digest.update(path.relative_to(package).as_posix().encode() + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


def _read_memo(path: Path) -> DigestMemo:
    try:
        memo = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        memo = {}
    ok = isinstance(memo, dict) and memo.get("version") == 1 and isinstance(memo.get("files"), dict)
    return DigestMemo(memo["files"] if ok else {})


def _digests(files: Sequence[InputFile], memo_path: Path | None) -> list[str]:
    """The SHA-256 of each file's content, remembered between calls in ``memo_path`` by file
    identity (:class:`~analytics.loaders.inputs.DigestMemo` says when a remembered hash is used)."""
    if memo_path is None:
        return file_digests(files)
    memo = _read_memo(memo_path)
    out = memo.digests(files)
    if memo.changed:
        known = memo.known
        if len(known) > _MEMO_FILES:  # forget the longest-settled files first
            known = dict(sorted(known.items(), key=lambda item: item[1][6])[-_MEMO_FILES:])
        try:
            memo_path.parent.mkdir(parents=True, exist_ok=True)
            staged = memo_path.with_name(f".tmp-{memo_path.name}-{os.getpid()}-{time.monotonic_ns()}")
            staged.write_text(json.dumps({"version": 1, "files": known}), encoding="utf-8")
            os.replace(staged, memo_path)
        except OSError:
            pass  # remembering is an optimisation: the hashes computed are used all the same
    return out


def _as_paths(paths: Iterable[str | Path] | str | Path) -> list[Path]:
    return [Path(paths)] if isinstance(paths, (str, Path)) else [Path(p) for p in paths]


def _recipe(
    paths: Sequence[Path],
    *,
    engines: Sequence[str],
    label_engine: str,
    thresholds: sentiment.Thresholds,
    mapping: Mapping[str, str] | None,
    include_flagged: bool,
    memo_path: Path | None,
) -> dict:
    from .._version import __version__

    listing = list_inputs(paths)
    inputs = [{"path": str(p), "files": []} for p in paths]
    for f, digest in zip(listing.files, _digests(listing.files, memo_path)):
        inputs[f.given]["files"].append([f.name, digest])
    unknown = [name for name in engines if name not in sentiment.ENGINES]
    if unknown:
        raise ValueError(f"unknown engines {unknown}; registered: {sorted(sentiment.ENGINES)}")
    return {
        "cache_format": CACHE_FORMAT,
        "threadscope": __version__,
        "code": code_fingerprint(),
        "engines": [
            {
                "name": name,
                "version": sentiment.ENGINES[name].version,
                "implementation": f"{type(sentiment.ENGINES[name]).__module__}."
                f"{type(sentiment.ENGINES[name]).__qualname__}",
            }
            for name in engines
        ],
        "toxicity": toxicity_model_version(),
        "label_engine": label_engine,
        "thresholds": dataclasses.asdict(thresholds),
        "include_flagged": include_flagged,
        "mapping": sorted((mapping or {}).items()),
        "inputs": inputs,
        "skipped": listing.skipped,
    }


def _key(recipe: Mapping) -> str:
    return hashlib.sha256(json.dumps(recipe, sort_keys=True, ensure_ascii=False).encode("utf-8")).hexdigest()


def cache_key(
    paths: Iterable[str | Path] | str | Path,
    *,
    engines: Sequence[str] = ("textblob", "vader"),
    label_engine: str = "textblob",
    thresholds: sentiment.Thresholds | None = None,
    mapping: Mapping[str, str] | None = None,
    include_flagged: bool = False,
) -> str:
    """The key (64 hex digits) of the analysis of ``paths`` with these options.

    Reads and hashes every file of the inputs (folders: every file inside, recursively, with
    its name, as :func:`analytics.loaders.inputs.list_inputs` walks them). Raises
    :class:`~analytics.LoadError` for a path that does not exist.

    Examples:
        >>> import analytics
        >>> cache_key(analytics.SAMPLE) == cache_key([analytics.SAMPLE])
        True
        >>> cache_key(analytics.SAMPLE) == cache_key(analytics.SAMPLE, engines=("vader",), label_engine="vader")
        False
    """
    return _key(
        _recipe(
            _as_paths(paths),
            engines=tuple(engines),
            label_engine=label_engine,
            thresholds=thresholds or sentiment.Thresholds(),
            mapping=mapping,
            include_flagged=include_flagged,
            memo_path=None,
        )
    )


def _entries_dir(cache_dir: str | Path | None) -> Path:
    return cache_root(cache_dir) / _ENTRIES


def cache_entries(*, cache_dir: str | Path | None = None) -> list[Path]:
    """The entries in the cache, most recently used first (not checked)."""
    folder = _entries_dir(cache_dir)
    if not folder.is_dir():
        return []
    entries = [p for p in folder.iterdir() if p.is_dir() and not p.name.startswith(".")]
    return sorted(entries, key=lambda p: p.stat().st_mtime_ns, reverse=True)


def prune_cache(*, cache_dir: str | Path | None = None, keep: int = 8) -> list[Path]:
    """Remove all but the ``keep`` most recently used entries, and staging folders left by a
    crash; the paths removed."""
    removed = cache_entries(cache_dir=cache_dir)[max(keep, 0) :]
    folder = _entries_dir(cache_dir)
    if folder.is_dir():
        now = time.time()
        removed += [
            p
            for p in folder.iterdir()
            if p.name.startswith((".tmp-", ".old-")) and now - p.stat().st_mtime > _STALE_TEMP_SECONDS
        ]
    for p in removed:
        shutil.rmtree(p, ignore_errors=True)
    return removed


def _discard(entry: Path, why: str) -> None:
    warnings.warn(f"cache entry {entry} not used and rebuilt: {why}", CacheWarning, stacklevel=4)
    aside = entry.with_name(f".old-{entry.name}-{os.getpid()}-{time.monotonic_ns()}")
    try:
        os.rename(entry, aside)
    except OSError:
        return  # gone already, or replaced by another writer: nothing of ours to remove
    shutil.rmtree(aside, ignore_errors=True)


def cached_analysis(
    paths: Iterable[str | Path] | str | Path,
    *,
    cache_dir: str | Path | None = None,
    engines: Sequence[str] = ("textblob", "vader"),
    label_engine: str = "textblob",
    thresholds: sentiment.Thresholds | None = None,
    mapping: Mapping[str, str] | None = None,
    include_flagged: bool = False,
    keep: int = 8,
    progress: Callable[[int, int], None] | None = None,
) -> Analysis:
    """``analytics.enrich(analytics.load(paths, mapping=mapping), engines=..., ...)``, from the
    cache when a sound entry for exactly these inputs and options exists.

    Otherwise the analysis is computed and stored (see the module docstring for the folder, the
    key and the checks). The result is the same either way, frame for frame and report for
    report. A corrupt or unreadable entry gives a :class:`CacheWarning` and is rebuilt; a
    cache that cannot be written gives a :class:`CacheWarning` and the computed result.
    ``progress(done, total)`` follows the scoring as in :func:`analytics.enrich` (not called
    when the entry is reopened).
    """
    thresholds = thresholds or sentiment.Thresholds()
    engines = tuple(engines)
    paths = _as_paths(paths)
    recipe = _recipe(
        paths,
        engines=engines,
        label_engine=label_engine,
        thresholds=thresholds,
        mapping=mapping,
        include_flagged=include_flagged,
        memo_path=cache_root(cache_dir) / _MEMO,
    )
    key = _key(recipe)
    entry = _entries_dir(cache_dir) / key
    if entry.exists() and (opened := _opened(entry, key)) is not None:
        return opened

    def computed() -> Analysis:
        return enrich(
            load(paths, mapping=mapping),
            engines=engines,
            label_engine=label_engine,
            thresholds=thresholds,
            include_flagged=include_flagged,
            progress=progress,
        )

    analysis = computed()
    read = sorted(f.sha256 for f in analysis.report.files)
    hashed = {digest for item in recipe["inputs"] for _, digest in item["files"]}
    if not set(read) <= hashed:
        warnings.warn("input files changed while they were read; the result is not cached", CacheWarning, stacklevel=2)
        return analysis
    try:
        corpus_store.write_corpus_dir(analysis, entry, key=key, about=recipe, replace=False)
        prune_cache(cache_dir=cache_dir, keep=keep)
    except OSError as err:
        warnings.warn(
            f"cache entry {entry} could not be written ({err}); the result is not cached", CacheWarning, stacklevel=2
        )
        return analysis
    # Handed out as every later open will be, from the entry: its text stays in the file, mapped
    # (a third of a GB of a million comments' text not held by the dashboard). The computed copy
    # is let go first, so that the two are never held together.
    del analysis
    pa.default_memory_pool().release_unused()
    opened = _opened(entry, key)
    # damaged as soon as written (the warning says so): computed again, not cached
    return computed() if opened is None else opened


def _opened(entry: Path, key: str) -> Analysis | None:
    """The analysis stored in ``entry``; None (and the entry discarded, with a warning) when unsound."""
    try:
        analysis = corpus_store.open_corpus_dir(entry, key=key)
    except corpus_store.CorruptCorpus as err:
        _discard(entry, str(err))
        return None
    try:
        os.utime(entry)  # most recently used: the last to be pruned
    except OSError:
        pass
    return analysis
