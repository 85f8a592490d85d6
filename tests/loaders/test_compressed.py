"""Compressed inputs (gzip, bzip2, xz, Zstandard) read as the file inside; zip archives read as folders."""

from __future__ import annotations

import bz2
import gzip
import hashlib
import io
import itertools
import lzma
import stat
import tarfile
import time
import warnings
import zipfile
from pathlib import Path

import pandas as pd
import pytest
import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import analytics
from analytics.loaders import LoadError, load, load_bytes, load_files, preview_table
from analytics.loaders.compressed import CAP_FLOOR, CAP_VARIABLE, Decompressed, decompressed_cap, inner_name
from analytics.loaders.inputs import SUPPORTED_TEXT, file_digests, list_inputs, supported_name
from analytics.output.export import export_corpus
from bench import fuzz

# A comment table as a forum export writes it: CRLF line ends, a quoted comma and a line break
# inside a comment, a naive and a Z time.
TABLE = (
    b"comment_id,parent_id,thread,author,comment,created_at\r\n"
    b'c1,,t-42,Maya K.,"Long overdue, frankly.",2024-03-05 08:15:00\r\n'
    b'c2,c1,t-42,dr_osei,"Agreed.\r\nBut who pays for it?",2024-03-05T09:02:30Z\r\n'
    b"c3,c1,t-42,lin,Not the tenants.,2024-03-05 09:40:00\r\n"
)
AUTHORS = ["Maya K.", "dr_osei", "lin"]
TEXTS = ["Long overdue, frankly.", "Agreed.\nBut who pays for it?", "Not the tenants."]
TIMES = ["2024-03-05 08:15:00", "2024-03-05 09:02:30", "2024-03-05 09:40:00"]

# Pushshift comment objects (the monthly RC_ dumps: JSON Lines, created_utc as int or float seconds).
PUSHSHIFT = (
    b'{"id":"e5x1a2b","name":"t1_e5x1a2b","author":"sunny_day","body":"First thought: this is not new.",'
    b'"created_utc":1554076800,"parent_id":"t3_b7q9zz","link_id":"t3_b7q9zz","subreddit":"AskHistorians",'
    b'"score":12,"permalink":"/r/AskHistorians/comments/b7q9zz/x/e5x1a2b/"}\n'
    b'{"id":"e5x1c3d","name":"t1_e5x1c3d","author":"grey_owl","body":"Agreed, it goes back decades.",'
    b'"created_utc":1554077105.0,"parent_id":"t1_e5x1a2b","link_id":"t3_b7q9zz","subreddit":"AskHistorians",'
    b'"score":3,"permalink":"/r/AskHistorians/comments/b7q9zz/x/e5x1c3d/"}\n'
)


def zstd(raw: bytes) -> bytes:
    return zstandard.ZstdCompressor().compress(raw)


PACK = {"gzip": gzip.compress, "bzip2": bz2.compress, "xz": lzma.compress, "zstandard": zstd}
SUFFIX = {"gzip": ".gz", "bzip2": ".bz2", "xz": ".xz", "zstandard": ".zst"}


def columns(corpus) -> dict[str, list]:
    c = corpus.comments
    return {
        "author": c["author"].tolist(),
        "text": c["text"].tolist(),
        "timestamp": c["timestamp"].astype("string").tolist(),
    }


def sha(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()


def one_line(err: pytest.ExceptionInfo, source: str) -> str:
    message = str(err.value)
    assert message.startswith(f"{source}: ") and "\n" not in message, message
    return message


@pytest.mark.parametrize("kind", list(PACK))
def test_each_format_is_read_as_the_file_inside(tmp_path, kind):
    packed = PACK[kind](TABLE)
    path = tmp_path / f"comments.csv{SUFFIX[kind]}"
    path.write_bytes(packed)
    corpus = load(path)
    plain = load_bytes(TABLE, "comments.csv")
    assert columns(corpus) == {"author": AUTHORS, "text": TEXTS, "timestamp": TIMES}
    assert corpus.comments["source_parent_id"].tolist() == plain.comments["source_parent_id"].tolist()
    report = corpus.report.files[0]
    assert (report.source, report.format) == (path.name, plain.report.files[0].format)
    assert report.sha256 == sha(packed)  # the file as stored: what sha256sum and the cache key hash
    assert report.warnings[0] == f"decompressed ({kind}): {len(packed):,} bytes read as {len(TABLE):,} bytes"
    assert report.warnings[1:] == [w.replace("comments.csv", path.name) for w in plain.report.files[0].warnings]
    assert corpus.report.not_loaded == []


def test_a_pushshift_dump_needs_the_long_window_and_has_no_inner_suffix(tmp_path):
    # zstd --long=31 as Pushshift writes it; here a 256 MiB window (window_log 28), past the
    # library's default limit of 128 MiB, and no content size in the frame (written as a stream).
    params = zstandard.ZstdCompressionParameters.from_level(3, window_log=28, enable_ldm=True)
    out = io.BytesIO()
    with zstandard.ZstdCompressor(compression_params=params).stream_writer(out, closefd=False) as writer:
        writer.write(PUSHSHIFT)
    packed = out.getvalue()
    with pytest.raises(zstandard.ZstdError, match="too much memory"):
        zstandard.ZstdDecompressor().stream_reader(io.BytesIO(packed)).read()
    path = tmp_path / "RC_2019-04.zst"
    path.write_bytes(packed)
    corpus = load(path)
    assert columns(corpus) == {
        "author": ["sunny_day", "grey_owl"],
        "text": ["First thought: this is not new.", "Agreed, it goes back decades."],
        "timestamp": ["2019-04-01 00:00:00", "2019-04-01 00:05:05"],
    }
    assert (
        corpus.report.files[0].warnings[0]
        == f"decompressed (zstandard): {len(packed):,} bytes read as {len(PUSHSHIFT)} bytes"
    )


def test_concatenated_gzip_members_and_zstd_frames_are_read_to_the_end():
    header, rows = TABLE.split(b"\r\n", 1)
    for kind, pack in (("gzip", gzip.compress), ("zstandard", zstd)):
        packed = pack(header + b"\r\n" + rows[:60]) + pack(rows[60:])
        corpus = load_bytes(packed, "comments.csv" + SUFFIX[kind])
        assert columns(corpus)["text"] == TEXTS, kind


def test_compression_is_known_by_content_the_name_only_a_hint():
    corpus = load_bytes(gzip.compress(TABLE), "comments.csv")
    assert corpus.report.files[0].warnings[:2] == [
        "a gzip-compressed file (named .csv): decompressed",
        f"decompressed (gzip): {len(gzip.compress(TABLE)):,} bytes read as {len(TABLE):,} bytes",
    ]
    assert columns(corpus)["text"] == TEXTS
    plain = load_bytes(TABLE, "comments.csv.bz2")
    assert plain.report.files[0].warnings[0] == "named .bz2 but not bzip2-compressed: read as it is"
    assert columns(plain)["text"] == TEXTS


def test_inner_names_and_supported_names():
    assert inner_name("comments.csv.gz") == "comments.csv"
    assert inner_name("RC_2019-04.zst") == "RC_2019-04"
    assert inner_name("archive.ZIP") == "archive.ZIP"
    assert [supported_name(n) for n in ("a.csv.GZ", "b.jsonl.zst", "c.xml.xz", "d.zip", "e.bz2")] == [True] * 5
    assert [supported_name(n) for n in ("photo.png.gz", "notes.md", "x.tar.gz", "x.7z")] == [False] * 4


@pytest.mark.parametrize("kind", list(PACK))
def test_truncated_data_is_a_one_line_error_naming_the_file(tmp_path, kind):
    packed = PACK[kind](TABLE * 50)
    path = tmp_path / f"comments.csv{SUFFIX[kind]}"
    path.write_bytes(packed[: len(packed) // 2])
    with pytest.raises(LoadError) as err:
        load(path)
    message = one_line(err, str(path))
    article = "an" if kind == "xz" else "a"
    assert f"{article} {kind}-compressed file that cannot be decompressed: " in message


@pytest.mark.parametrize(
    "packed, reason",
    [
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03" + b"\xff" * 40, "invalid block type"),
        (b"\xfd7zXZ\x00" + b"\x00" * 40, "an xz-compressed file that cannot be decompressed: Corrupt input data"),
        (b"\x28\xb5\x2f\xfd" + b"\xee" * 40, "zstd decompressor error"),
        (gzip.compress(TABLE) + b"trailing junk", "Not a gzipped file"),
    ],
)
def test_corrupt_data_is_a_one_line_error_naming_the_file(packed, reason):
    with pytest.raises(LoadError, match=reason) as err:
        load_bytes(packed, "posts.csv.gz")
    assert "cannot be decompressed" in one_line(err, "posts.csv.gz")


def test_a_compressed_tar_is_named_as_such():
    tar = io.BytesIO()
    with tarfile.open(fileobj=tar, mode="w") as archive:
        info = tarfile.TarInfo("comments.csv")
        info.size = len(TABLE)
        archive.addfile(info, io.BytesIO(TABLE))
    with pytest.raises(LoadError, match=r"^dump.tar.gz: a tar archive \(gzip-compressed\): extract it, or give it"):
        load_bytes(gzip.compress(tar.getvalue()), "dump.tar.gz")


def test_the_cap_follows_the_compressed_size_and_the_environment(monkeypatch):
    monkeypatch.delenv(CAP_VARIABLE, raising=False)
    assert decompressed_cap(1000)[0] == CAP_FLOOR == 64 << 20
    assert decompressed_cap(10 << 20)[0] == 1000 << 20
    monkeypatch.setenv(CAP_VARIABLE, "20G")
    assert decompressed_cap(1000) == (20 << 30, f"the cap {CAP_VARIABLE}=20G")
    monkeypatch.setenv(CAP_VARIABLE, "1500")
    assert decompressed_cap(1 << 30)[0] == 1500
    monkeypatch.setenv(CAP_VARIABLE, "lots")
    with pytest.raises(LoadError, match=f"^{CAP_VARIABLE}: expected a size such as 20G"):
        decompressed_cap(1)


def test_a_gzip_bomb_stops_at_the_cap_quickly(monkeypatch):
    monkeypatch.delenv(CAP_VARIABLE, raising=False)
    # 100 MiB of one comment cell in 100 KiB: past the 64 MiB floor long before the end.
    bomb = gzip.compress(b"author,text\nann," + b"a" * (100 << 20) + b"\n", compresslevel=9)
    assert len(bomb) < 200_000
    started = time.monotonic()
    with pytest.raises(LoadError) as err:
        load_bytes(bomb, "comments.csv.gz")
    assert time.monotonic() - started < 30
    assert one_line(err, "comments.csv.gz") == (
        "comments.csv.gz: decompresses to more than 64.0 MiB (the cap of 100x the compressed size, at least "
        f"64.0 MiB; {CAP_VARIABLE} sets another); a decompression bomb?"
    )


def test_the_cap_set_in_the_environment_applies(monkeypatch):
    monkeypatch.setenv(CAP_VARIABLE, "1K")
    with pytest.raises(LoadError, match=rf"more than 1.0 KiB \(the cap {CAP_VARIABLE}=1K\)"):
        load_bytes(zstd(TABLE * 20), "comments.csv.zst")
    assert columns(load_bytes(zstd(TABLE), "comments.csv.zst"))["text"] == TEXTS  # 300 bytes: under it


def test_decompressed_reads_are_bounded_and_seek_back_to_the_start():
    stream = Decompressed(io.BytesIO(zstd(b"x" * (10 << 20))), analytics.loaders.compressed.COMPRESSIONS[3], "x", 0)
    assert len(stream.read(1 << 16)) == 1 << 16 and stream.tell() == 1 << 16
    assert stream.seek(0) == 0 and stream.read(3) == b"xxx"
    with pytest.raises(io.UnsupportedOperation):
        stream.seek(5)


# --- zip archives ----------------------------------------------------------------------------


def add(archive: zipfile.ZipFile, name: str, data: bytes, *, mode: int | None = None, flags: int = 0) -> None:
    info = zipfile.ZipInfo(name, date_time=(2024, 3, 5, 10, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    if mode is not None:
        info.external_attr = mode << 16
    archive.writestr(info, data)
    info.flag_bits |= flags


def a_zip(members: dict[str, bytes], **special) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in members.items():
            add(archive, name, data, **special.get(name, {}))
    return out.getvalue()


MORE = b'{"author": "kofi", "text": "Rents doubled here too.", "timestamp": "2024-03-06T07:00:00Z"}\n'


def test_a_zip_is_read_as_a_folder_and_says_what_it_left_out(tmp_path):
    raw = a_zip(
        {
            "export/2024/comments.csv": TABLE,
            "export/more.jsonl.gz": gzip.compress(MORE),
            "export/.DS_Store": b"\x00\x00\x00\x01Bud1",
            "__MACOSX/export/._comments.csv": b"\x00\x05\x16\x07",
            "__MACOSX/export/._more.jsonl.gz": b"\x00\x05\x16\x07",
            "README.md": b"# what this is\n",
            "../outside.csv": TABLE,
            "/etc/absolute.csv": TABLE,
            "inner.zip": a_zip({"x.csv": TABLE}),
            "export/latest.csv": b"2024/comments.csv",
        },
        **{"export/latest.csv": {"mode": stat.S_IFLNK | 0o777}},
    )
    path = tmp_path / "forum.zip"
    path.write_bytes(raw)
    corpus = load(path)
    assert [f.source for f in corpus.report.files] == [
        "forum.zip/export/2024/comments.csv",
        "forum.zip/export/more.jsonl.gz",
    ]
    assert columns(corpus)["author"] == AUTHORS + ["kofi"]
    assert corpus.comments["text"].tolist()[-1] == "Rents doubled here too."
    # Every member's report carries the archive's hash: the cache's key hashes the archive.
    assert {f.sha256 for f in corpus.report.files} == {sha(raw)} == set(file_digests(list_inputs(path).files))
    assert corpus.report.warnings == [
        f"{path}//etc/absolute.csv: skipped, a path outside the archive (not read)",
        f"{path}/../outside.csv: skipped, a path outside the archive (not read)",
        f"{path}/README.md: skipped, not a supported file type",
        f"{path}/__MACOSX: skipped, hidden",
        f"{path}/export/.DS_Store: skipped, hidden",
        f"{path}/export/latest.csv: skipped, a link (not followed)",
        f"{path}/inner.zip: skipped, an archive inside an archive (extract it first)",
    ]
    assert corpus.report.files[1].warnings[0].startswith("decompressed (gzip): ")
    assert corpus.report.not_loaded == []


def test_an_encrypted_member_is_left_out_not_guessed():
    raw = bytearray(a_zip({"a.csv": TABLE, "secret.csv": TABLE}))
    # The encryption flag of secret.csv in its central directory entry (zipfile cannot write one).
    entry = raw.find(b"PK\x01\x02", raw.find(b"PK\x01\x02") + 1)
    raw[entry + 8] |= 0x1
    corpus = load_bytes(bytes(raw), "forum.zip")
    assert corpus.report.warnings == ["forum.zip/secret.csv: skipped, encrypted (not read)"]
    assert len(corpus.comments) == 3


def test_a_broken_member_is_not_loaded_and_reported():
    raw = bytearray(a_zip({"bad.csv": TABLE, "good.csv": TABLE}))
    raw[raw.find(b"PK\x01\x02") + 16] ^= 0xFF  # bad.csv's CRC, in the directory ...
    raw[raw.find(b"PK\x03\x04") + 14] ^= 0xFF  # ... and its local header
    corpus = load_bytes(bytes(raw), "forum.zip")
    assert [f.source for f in corpus.report.files] == ["forum.zip/good.csv"]
    assert corpus.report.not_loaded == [
        "forum.zip/bad.csv: a zip member that cannot be decompressed: Bad CRC-32 for file 'bad.csv'"
    ]
    assert "forum.zip/bad.csv: not loaded: a zip member that cannot be decompressed" in corpus.report.warnings[0]


def test_a_zip_bomb_is_refused_from_its_directory_before_any_member_is_read(monkeypatch):
    monkeypatch.delenv(CAP_VARIABLE, raising=False)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for k in range(3):
            archive.writestr(f"part{k}.csv", b"author,text\n" + b"a" * (40 << 20))
    raw = out.getvalue()
    assert len(raw) < 400_000
    started = time.monotonic()
    with pytest.raises(LoadError) as err:
        load_bytes(raw, "bomb.zip")
    assert time.monotonic() - started < 2
    assert one_line(err, "bomb.zip") == (
        "bomb.zip: its members declare 120.0 MiB decompressed, more than 64.0 MiB (the cap of 100x the compressed "
        f"size, at least 64.0 MiB; {CAP_VARIABLE} sets another); a zip bomb?"
    )


def test_a_member_larger_than_it_declares_stops_at_its_declared_size():
    raw = bytearray(a_zip({"a.csv": TABLE}))
    for signature, offset in ((b"PK\x01\x02", 24), (b"PK\x03\x04", 22)):  # uncompressed size fields
        at = raw.find(signature) + offset
        raw[at : at + 4] = (40).to_bytes(4, "little")
    with pytest.raises(LoadError, match="^forum.zip/a.csv: a zip member that cannot be decompressed: Bad CRC-32"):
        load_bytes(bytes(raw), "forum.zip")


@pytest.mark.parametrize(
    "raw, expected",
    [
        (b"PK\x03\x04 not really a zip", "forum.zip: a zip archive that cannot be read: File is not a zip file"),
        (b"", "forum.zip: a zip archive that cannot be read: File is not a zip file"),
        (a_zip({}), f"forum.zip: zip archive holds no supported file ({SUPPORTED_TEXT})"),
        (a_zip({"notes.md": b"x"}), f"forum.zip: zip archive holds no supported file ({SUPPORTED_TEXT})"),
    ],
)
def test_an_archive_that_cannot_be_read_is_one_line(raw, expected):
    with pytest.raises(LoadError) as err:
        load_bytes(raw, "forum.zip")
    assert one_line(err, "forum.zip") == expected


def test_in_a_folder_a_bad_archive_is_not_loaded_and_the_rest_is(tmp_path):
    (tmp_path / "broken.zip").write_bytes(b"PK\x03\x04 truncated")
    (tmp_path / "comments.csv.xz").write_bytes(lzma.compress(TABLE))
    (tmp_path / "photo.png.gz").write_bytes(gzip.compress(b"\x89PNG"))
    corpus = load(tmp_path)
    assert columns(corpus)["text"] == TEXTS
    assert corpus.report.not_loaded == [
        f"{tmp_path / 'broken.zip'}: a zip archive that cannot be read: File is not a zip file"
    ]
    assert f"{tmp_path / 'photo.png.gz'}: skipped, not a supported file type ({SUPPORTED_TEXT})" in (
        corpus.report.warnings
    )


def test_a_zipped_threadscope_export_is_read_as_the_export(tmp_path):
    export_corpus(load(analytics.SAMPLE), tmp_path / "export")
    members = {f"export/{name}": (tmp_path / "export" / name).read_bytes() for name in ("articles.csv", "comments.csv")}
    corpus = load_bytes(a_zip(members), "export.zip")
    sample = load(analytics.SAMPLE)
    assert [f.format for f in corpus.report.files] == ["threadscope-export", "threadscope-export"]
    assert corpus.comments["text"].tolist() == sample.comments["text"].tolist()
    assert corpus.articles["title"].tolist() == sample.articles["title"].tolist()


def test_uploads_open_compressed_files_and_zips_too():
    corpus = load_files([("comments.csv.gz", gzip.compress(TABLE)), ("more.zip", a_zip({"replies/more.jsonl": MORE}))])
    assert [f.source for f in corpus.report.files] == ["comments.csv.gz", "more.zip/replies/more.jsonl"]
    assert columns(corpus)["author"] == AUTHORS + ["kofi"]
    preview = preview_table(gzip.compress(TABLE), "comments.csv.gz")
    assert isinstance(preview, pd.DataFrame)
    assert preview["author"].tolist() == AUTHORS and preview["comment"].tolist()[1] == TEXTS[1].replace("\n", "\r\n")
    assert preview_table(a_zip({"a.csv": TABLE}), "more.zip") is None


def test_the_dask_path_loads_compressed_files_and_archives_as_units(tmp_path):
    from analytics.store.distributed import input_units

    (tmp_path / "a.csv.gz").write_bytes(gzip.compress(TABLE))
    (tmp_path / "b.zip").write_bytes(a_zip({"b.csv": TABLE}))
    (tmp_path / "c.png.bz2").write_bytes(bz2.compress(b"\x89PNG"))
    units, notes = input_units([tmp_path])
    assert [Path(u.paths[0]).name for u in units] == ["a.csv.gz", "b.zip"]
    assert notes == [f"{tmp_path / 'c.png.bz2'}: skipped, not a supported file type ({SUPPORTED_TEXT})"]


def test_an_uncompressed_input_is_hashed_as_before():
    assert load_bytes(TABLE, "comments.csv").report.files[0].sha256 == sha(TABLE)


# --- the fuzz property (bench.fuzz) over compressed and zipped seeds ------------------------------


def compressed_seeds() -> list[tuple[str, bytes]]:
    seeds = [(name, raw) for name, raw in fuzz.seeds() if not name.startswith("export-")]
    return [(name + SUFFIX[kind], PACK[kind](raw)) for name, raw in seeds for kind in PACK] + [
        (name + ".zip", a_zip({f"in/{name}": raw})) for name, raw in seeds
    ]


@pytest.mark.parametrize("name, raw", compressed_seeds(), ids=[name for name, _ in compressed_seeds()])
def test_every_compressed_seed_loads_and_accounts_for_every_line(name, raw):
    assert fuzz.check(raw, name) == "loaded"


@settings(max_examples=300, deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(st.sampled_from(compressed_seeds()).flatmap(lambda seed: st.tuples(fuzz.mutations(seed[1]), st.just(seed[0]))))
def test_mutated_compressed_files_load_or_are_refused_in_one_line(case):
    raw, name = case
    fuzz.check(raw, name)


# --- real exports (../shared/data/real; skipped when absent) ---------------------------------------

REAL = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "real"
REAL_FILES = sorted(p for p in REAL.rglob("*") if p.suffix in (".csv", ".json", ".xml")) if REAL.is_dir() else []
SAME = ["author", "text", "timestamp", "source_id", "source_parent_id", "is_deleted"]


@pytest.mark.skipif(not REAL.is_dir(), reason="real validation data not present (../shared/data/real)")
def test_real_exports_read_the_same_compressed_and_zipped(tmp_path):
    plain = {p.name: load(p).comments[SAME] for p in REAL_FILES}
    for path, kind in zip(REAL_FILES, itertools.cycle(PACK)):  # every format, each file once
        packed = tmp_path / f"{path.name}{SUFFIX[kind]}"
        packed.write_bytes(PACK[kind](path.read_bytes()))
        pd.testing.assert_frame_equal(load(packed).comments[SAME], plain[path.name], obj=packed.name)
    archive = tmp_path / "real.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as out:
        for path in REAL_FILES:
            out.write(path, path.relative_to(REAL).as_posix())
    corpus = load(archive)
    assert [f.source for f in corpus.report.files] == [f"real.zip/{p.relative_to(REAL).as_posix()}" for p in REAL_FILES]
    assert len(corpus.comments) == sum(len(frame) for frame in plain.values())


def test_the_cache_keeps_an_analysis_of_compressed_and_zipped_inputs(tmp_path):
    from analytics.store.cache import CacheWarning, cache_entries, cached_analysis

    folder = tmp_path / "inputs"
    folder.mkdir()
    (folder / "a.csv.gz").write_bytes(gzip.compress(TABLE))
    (folder / "b.zip").write_bytes(a_zip({"more.jsonl": MORE}))
    with warnings.catch_warnings():
        warnings.simplefilter("error", CacheWarning)  # "input files changed while they were read": not cached
        first = cached_analysis(folder, cache_dir=tmp_path / "cache")
        again = cached_analysis(folder, cache_dir=tmp_path / "cache")
    assert len(cache_entries(cache_dir=tmp_path / "cache")) == 1
    assert again.comments["text"].tolist() == first.comments["text"].tolist() == TEXTS + ["Rents doubled here too."]
