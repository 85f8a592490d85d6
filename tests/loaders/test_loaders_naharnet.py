"""The saved-page layout of naharnet.com: the seed, hand-built pages, generated pages, cut pages."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import analytics
from analytics.loaders import LoadError, load_bytes
from analytics.loaders.naharnet import MONTHS

SEED = analytics.SAMPLE.read_bytes()
ARABIC_LINK = "إقرأ هذا الخبر بالعربية"


def page(
    *comment_blocks: str,
    title="A Title",
    body="First paragraph.\n\nSecond one.",
    declared: int | None = None,
    link: str | None = ARABIC_LINK + " W460",
) -> str:
    parts = [title, ""]
    if link:
        parts += [link, ""]
    parts += [body, ""]
    n = len(comment_blocks) if declared is None else declared
    return "\n".join(parts) + f"\nComments {n}\n" + "\n".join(comment_blocks)


def header(author="geha", *, guest=False, avatar="Thumb", when="20 February 2013, 18:18") -> str:
    return f"{avatar} {author}{' (Guest)' if guest else ''} {when}"


def parse(text: str | bytes, name="page.txt"):
    raw = text.encode("utf-8") if isinstance(text, str) else text
    return load_bytes(raw, name)


def assert_lines_accounted(corpus):
    for f in corpus.report.files:
        assert f.accounted_lines == f.lines, f.line_roles


# --- the seed ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def seed():
    return analytics.load(analytics.SAMPLE)


def test_seed_has_one_article_and_eight_comments(seed):
    assert len(seed.articles) == 1 and len(seed.comments) == 8
    article = seed.articles.iloc[0]
    assert article.declared_comments == article.parsed_comments == 8


def test_seed_authors_in_display_order(seed):
    assert list(seed.comments.author) == [
        "trieself",
        "trueself",
        "trueself",
        "lebnanfirst",
        "geha",
        "geha",
        "geha",
        "realist",
    ]
    assert list(seed.comments.position) == list(range(8))


def test_seed_guests(seed):
    guests = set(seed.comments.loc[seed.comments.is_guest, "author"])
    assert guests == {"trieself", "trueself"}


def test_seed_display_order_is_not_time_order(seed):
    c = seed.comments
    assert c.timestamp[4] == datetime(2013, 2, 20, 19, 11)
    assert c.timestamp[5] == c.timestamp[6] == datetime(2013, 2, 20, 18, 18)


def test_seed_mention_keeps_following_lines(seed):
    lebnanfirst = seed.comments.iloc[3]
    assert lebnanfirst.mentions == ["josh-bustany"]
    assert lebnanfirst.text.splitlines()[0] == "@josh-bustany"
    assert lebnanfirst.text.splitlines()[1].startswith("One man's terrorist")
    assert lebnanfirst.text.splitlines()[2].startswith("Lay off the Sunni hatred")


def test_seed_arabic_link_in_neither_title_nor_body(seed):
    article = seed.articles.iloc[0]
    assert article.title == "Lavrov Warns Syria Rivals Risk 'Mutual Destruction'"
    assert "بالعربية" not in article.title + article.body
    assert "W460" not in article.body
    skipped = seed.report.files[0].skipped
    assert [(s.line, s.text) for s in skipped] == [(3, ARABIC_LINK + " W460")]


def test_seed_every_line_accounted(seed):
    assert_lines_accounted(seed)
    assert seed.report.files[0].lines == SEED.decode().count("\n") + 1


def test_seed_avatars_and_words(seed):
    assert list(seed.comments.avatar) == ["Default-user-icon"] * 3 + ["Thumb"] * 4 + ["Missing"]
    assert seed.comments.n_words.tolist() == [len(t.split()) for t in seed.comments.text]


def test_ids_are_stable_across_reloads(seed):
    again = analytics.load(analytics.SAMPLE)
    assert again.comments.comment_id.tolist() == seed.comments.comment_id.tolist()
    assert again.articles.article_id.tolist() == seed.articles.article_id.tolist()
    assert seed.comments.comment_id.is_unique


# --- layouts and traps seen on other pages of the site ------------------------------------------


def test_arabic_link_glued_to_title_and_paragraphs_without_blank_lines():
    text = (
        f"Geagea Slams Hizbullah{ARABIC_LINK}\nFirst paragraph.\nSecond paragraph.\nComments 1\n"
        f"{header('--karim_m1')}\nok\n"
    )
    corpus = parse(text)
    article = corpus.articles.iloc[0]
    assert article.title == "Geagea Slams Hizbullah"
    assert article.body == "First paragraph.\n\nSecond paragraph."
    assert corpus.comments.author.tolist() == ["--karim_m1"]
    assert_lines_accounted(corpus)


@pytest.mark.parametrize("author", ["+ oua nabka +", "--karim_m1", "andre.jabbour", "Abu Ali 2", "x_y.z+1", "-dash"])
@pytest.mark.parametrize("guest", [False, True])
def test_usernames(author, guest):
    corpus = parse(page(header(author, guest=guest) + "\n\nhello"))
    row = corpus.comments.iloc[0]
    assert (row.author, row.is_guest, row.text) == (author, guest, "hello")


def test_headers_without_blank_lines_give_empty_bodies():
    text = page(header("a"), header("b"), header("c") + "\nlast words")
    corpus = parse(text)
    assert corpus.comments.author.tolist() == ["a", "b", "c"]
    assert corpus.comments.text.tolist() == ["", "", "last words"]
    assert corpus.comments.n_words.tolist() == [0, 0, 2]


def test_multi_paragraph_body_kept_exactly():
    body = "First line\nsecond line\n\n\nthird paragraph  \n  indented"
    corpus = parse(page(header() + "\n\n" + body + "\n\n", header("b") + "\nx"))
    assert corpus.comments.text[0] == body


@pytest.mark.parametrize(
    "text, expected",
    [
        ("@andre.jabbour you are right", ["andre.jabbour"]),
        ("as @geha said, and @josh-bustany.", ["geha", "josh-bustany"]),
        ("mail me at me@example.com", []),
        ("@--karim_m1 hi", ["--karim_m1"]),
    ],
)
def test_mentions(text, expected):
    assert parse(page(header() + "\n\n" + text)).comments.mentions[0] == expected


def test_comments_zero_and_no_comment_section():
    zero = parse(page())
    assert len(zero.comments) == 0 and zero.articles.declared_comments[0] == 0
    none = parse(f"Title\n\n{ARABIC_LINK}\n\nBody only.\n")
    assert len(none.comments) == 0 and none.articles.declared_comments.isna()[0]
    assert any("no 'Comments N' line" in w for w in none.report.all_warnings)


def test_declared_count_mismatch_is_a_warning():
    corpus = parse(page(header("a") + "\n\nx", declared=5))
    assert corpus.articles.declared_comments[0] == 5 and corpus.articles.parsed_comments[0] == 1
    assert any("declares 5 comments but 1 were parsed" in w for w in corpus.report.all_warnings)


def test_arabic_and_mixed_script_kept_byte_for_byte():
    body = "والله يا جماعة ma fi 7al 😡\u200f Assad ‏لازم يرحل"
    corpus = parse(page(header() + "\n\n" + body))
    assert corpus.comments.text[0].encode() == body.encode()


def test_crlf_bom_and_missing_final_newline():
    text = page(header("a") + "\n\nline one\nline two", header("b") + "\n\nend")
    plain = parse(text + "\n")
    crlf = parse(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode())
    assert crlf.comments.text.tolist() == plain.comments.text.tolist() == ["line one\nline two", "end"]
    assert crlf.comments.comment_id.tolist() == plain.comments.comment_id.tolist()
    assert crlf.report.files[0].encoding == "utf-8-sig"
    assert crlf.articles.title[0] == "A Title"


def test_legacy_encoding_decoded_with_warning():
    text = page(
        header() + "\n\nC’est déjà l’été à Beyrouth, n’est-ce pas? « Très » chaud.",
        link=None,
        title="Liban: la chaleur arrive déjà",
        body="Un été très chaud, déjà.",
    )
    corpus = parse(text.encode("cp1252"))
    assert "C’est déjà l’été" in corpus.comments.text[0]
    f = corpus.report.files[0]
    assert f.encoding != "utf-8"
    assert any(f.encoding in w for w in f.warnings)


def test_unknown_avatar_marker_is_warned_and_kept_as_text():
    corpus = parse(page(header("a") + "\n\n" + header("b", avatar="Gravatar")))
    assert corpus.comments.author.tolist() == ["a"]
    assert "Gravatar b" in corpus.comments.text[0]
    assert any("unknown avatar marker 'Gravatar'" in w for w in corpus.report.all_warnings)


def test_impossible_date_keeps_comment_without_timestamp():
    corpus = parse(page(header("a", when="31 February 2013, 25:99") + "\n\nx"))
    assert corpus.comments.author.tolist() == ["a"] and corpus.comments.timestamp.isna()[0]
    assert any("impossible date" in w for w in corpus.report.all_warnings)


def test_text_before_first_header_is_reported():
    text = page(header("a") + "\n\nx").replace("Comments 1\n", "Comments 1\nLoad more comments\n")
    corpus = parse(text)
    skipped = corpus.report.files[0].skipped
    assert [s.text for s in skipped if "first comment header" in s.reason] == ["Load more comments"]
    assert_lines_accounted(corpus)


@pytest.mark.parametrize(
    "raw, expected",
    [
        (b"", "empty file"),
        (b"  \n\n \n", "empty file"),
        (b"just some notes\nwith no structure\n", "not a saved news page"),
        (b"\x00\x01binary\x00", "binary"),
    ],
)
def test_unrecognisable_input_is_a_one_line_error(raw, expected):
    with pytest.raises(LoadError, match=expected) as err:
        parse(raw, "bad.txt")
    assert str(err.value).startswith("bad.txt: ") and "\n" not in str(err.value)


def test_truncated_header_is_reported_not_a_comment():
    full = page(header("a") + "\n\nfirst body\n", header("bbbb", guest=True))
    cut = full[: full.rindex("(Gue")]
    corpus = parse(cut)
    assert corpus.comments.author.tolist() == ["a"]
    assert corpus.comments.text.tolist() == ["first body"]
    assert "truncated save" in corpus.report.files[0].skipped[-1].reason
    assert_lines_accounted(corpus)


# --- the seed cut at every byte offset -----------------------------------------------------------


def test_seed_cut_at_every_byte_never_raises_or_invents(seed):
    authors, stamps, texts = (seed.comments[c].tolist() for c in ("author", "timestamp", "text"))
    comments_line_end = SEED.index(b"Comments 8") + len(b"Comments 8")
    for offset in range(len(SEED) + 1):
        try:
            corpus = load_bytes(SEED[:offset], "cut.txt")
        except LoadError:
            # Only a cut before any landmark of the layout may be refused, and always cleanly.
            assert offset < SEED.index(ARABIC_LINK.encode()) + len(ARABIC_LINK.encode()), offset
            continue
        got = corpus.comments.to_dict("list")
        n = len(got["author"])
        assert got["author"] == authors[:n] and got["timestamp"] == stamps[:n], offset
        complete = max(n - 1, 0)
        assert got["text"][:complete] == texts[:complete], offset
        if n:
            assert texts[n - 1].startswith(got["text"][n - 1]), offset
        if offset >= comments_line_end:
            assert corpus.articles.declared_comments[0] == 8
        assert_lines_accounted(corpus)


# --- generated pages -------------------------------------------------------------------------------

NAME_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._+- "
usernames = (
    st.text(NAME_CHARS, min_size=1, max_size=20).map(str.strip).filter(lambda s: s and not s.endswith("(Guest)"))
)
words = st.sampled_from(
    [
        "the",
        "war",
        "Assad",
        "يا",
        "حبيبي",
        "7abibi",
        "ok",
        "freedom",
        "no!",
        "70K",
        "@geha",
        "@andre.jabbour",
        "@josh-bustany",
        "“quote”",
        "it's",
        ":)",
    ]
)
paragraph = st.lists(words, min_size=1, max_size=12).map(" ".join)
bodies = st.lists(st.lists(paragraph, min_size=1, max_size=3).map("\n".join), max_size=3).map("\n\n".join)
comments = st.lists(
    st.tuples(
        st.sampled_from(["Default-user-icon", "Thumb", "Missing"]),
        usernames,
        st.booleans(),
        st.datetimes(min_value=datetime(2005, 1, 1), max_value=datetime(2030, 12, 31)).map(
            lambda d: d.replace(second=0, microsecond=0)
        ),
        bodies,
    ),
    max_size=200,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    comments=comments, crlf=st.booleans(), bom=st.booleans(), blank_between=st.booleans(), final_newline=st.booleans()
)
def test_generated_pages_give_back_every_comment(comments, crlf, bom, blank_between, final_newline):
    blocks = []
    for avatar, author, guest, when, body in comments:
        stamp = f"{when.day} {MONTHS[when.month - 1]} {when.year}, {when.hour:02d}:{when.minute:02d}"
        blocks.append(
            header(author, guest=guest, avatar=avatar, when=stamp)
            + ("\n\n" + body if body else "")
            + ("\n" if blank_between else "")
        )
    text = page(*blocks) + ("\n" if final_newline else "")
    if crlf:
        text = text.replace("\n", "\r\n")
    raw = (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")
    corpus = load_bytes(raw, "generated.txt")
    got = corpus.comments
    assert len(got) == len(comments) == corpus.articles.declared_comments[0]
    for row, (avatar, author, guest, when, body) in zip(got.itertuples(), comments):
        assert (row.avatar, row.author, row.is_guest, row.timestamp, row.text) == (avatar, author, guest, when, body)
        assert row.mentions == analytics.model.text.mentions(body)
    assert_lines_accounted(corpus)
