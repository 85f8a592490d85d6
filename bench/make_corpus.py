"""A deterministic benchmark corpus: many articles with realistic comment threads.

    python -m bench.make_corpus --comments 100000 --out /tmp/corpus-100k

writes ``OUT/pages/article-NNNNNN.txt`` in the naharnet saved-page layout (title, body,
``Comments N``, then ``<avatar> <user>[ (Guest)] <D Month YYYY>, <HH:MM>`` headers each followed by
the comment text), the same comments as ``OUT/comments.csv`` (one row per comment, with a
``parent_comment_id`` for replies), and ``OUT/corpus.json`` (parameters and counts).

Comment text is resampled sentence by sentence from real comments: the validation files in
``../shared/data/real`` when present, else the bundled sample. Lengths follow a log-normal
(median about 35 words, from 2 words to several hundred); about a third of the comments answer an
earlier one with an ``@name`` and some quote a line of it; a few quote the article. The same
arguments and sources give the same bytes.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import math
import random
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import accumulate
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
REAL = REPO.parent / "shared" / "data" / "real"
VERSION = 1  # bump when the generator's output changes

MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
_SPACE = re.compile(r"[^\S\n]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


@dataclass
class Sources:
    """Sentences to build comments from, article titles and paragraphs, and what they came from."""

    sentences: list[str]
    titles: list[str]
    paragraphs: list[str]
    origin: str
    digest: str


@dataclass
class Comment:
    comment_id: str
    author: str
    guest: bool
    timestamp: datetime
    text: str
    parent: str | None = None


@dataclass
class Article:
    article_id: str
    title: str
    body: list[str]
    published: datetime
    comments: list[Comment] = field(default_factory=list)


def _clean(text: str) -> str:
    return _SPACE.sub(" ", _CONTROL.sub(" ", text.replace("\r\n", "\n").replace("\r", "\n"))).strip()


def _sentences(texts: list[str]) -> list[str]:
    out = []
    for text in texts:
        for line in _clean(text).split("\n"):
            out.extend(s.strip() for s in _SENTENCE_END.split(line) if s.strip())
    return out


def _real_sources(real: Path) -> tuple[list[str], list[str]] | None:
    """Comment texts and article titles of the real validation files, or None if absent."""
    files = {
        "sfu": real / "sfu_ctc" / "SFU_constructiveness_toxicity.csv",
        "fox": real / "fox_news_comments" / "fox-news-comments.json",
        "reddit": real / "reddit_trump_parody" / "reddit_trump_comments_all_splits.csv",
    }
    if not all(p.exists() for p in files.values()):
        return None
    texts: list[str] = []
    titles: list[str] = []
    with files["sfu"].open(newline="", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            texts.append(row["comment"])
            titles.append(row["title"])
    with files["fox"].open(encoding="utf-8") as f:
        for line in f:
            if line.strip():
                row = json.loads(line)
                texts.append(row["text"])
                titles.append(row["title"])
    with files["reddit"].open(newline="", encoding="utf-8") as f:
        texts.extend(row["content"] for row in csv.DictReader(f))
    return texts, sorted(set(t.strip() for t in titles if t.strip()))


def load_sources(real: Path | None = REAL) -> Sources:
    """Sentences from the real files when present, else from the bundled sample."""
    import analytics

    sample = analytics.load(analytics.SAMPLE)
    paragraphs = [p for p in sample.articles["body"].iloc[0].split("\n\n") if p.strip()]
    found = _real_sources(real) if real is not None else None
    if found is not None:
        texts, titles = found
        origin = f"real comments ({real})"
    else:
        texts = list(sample.comments["text"]) + paragraphs
        titles = list(sample.articles["title"])
        origin = f"bundled sample ({analytics.SAMPLE.name})"
    sentences = _sentences(texts)
    digest = hashlib.sha256("\x1e".join(sentences + ["\x1d"] + titles).encode("utf-8")).hexdigest()[:16]
    return Sources(sentences, titles, paragraphs, origin, digest)


_SYLLABLES = (
    "ka",
    "lo",
    "mi",
    "ra",
    "te",
    "su",
    "na",
    "vi",
    "do",
    "ber",
    "zel",
    "han",
    "tor",
    "ly",
    "qu",
    "an",
    "el",
    "is",
    "mo",
    "ri",
    "sa",
    "ph",
    "ex",
    "ol",
)


def _name(rng: random.Random, taken: set[str]) -> str:
    while True:
        name = "".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(2, 4)))
        if rng.random() < 0.3:
            name += str(rng.randint(1, 999))
        if rng.random() < 0.1:
            name = name[:3] + "-" + name[3:]
        if name not in taken and len(name) >= 3:
            taken.add(name)
            return name


def _length(rng: random.Random) -> int:
    """Words in a comment: log-normal, median 35, from 2 to 600."""
    return max(2, min(600, round(math.exp(rng.gauss(math.log(35), 0.9)))))


def _text(rng: random.Random, sentences: list[str], words: int) -> str:
    parts: list[str] = []
    count = 0
    while count < words:
        sentence = rng.choice(sentences)
        tokens = sentence.split(" ")
        if count + len(tokens) > words + 5:
            tokens = tokens[: max(1, words - count)]
            sentence = " ".join(tokens)
        if parts:
            r = rng.random()
            parts.append("\n\n" if r < 0.06 else "\n" if r < 0.12 else " ")
        parts.append(sentence)
        count += len(tokens)
    return "".join(parts)


def _safe_lines(text: str) -> str:
    """Keep every line of a comment from reading as a page landmark (a comment header or a
    ``Comments N`` line), which would cut the comment in two."""
    from analytics.loaders import naharnet

    lines = text.split("\n")
    for i, line in enumerate(lines):
        tail = line.rstrip(" \t")
        could_be_header = len(tail) > 4 and tail[-3] == ":" and tail[-2:].isdigit()  # ends like 17:55
        if (could_be_header and naharnet.HEADER_ANY_AVATAR.match(line)) or (
            "Comments" in line and naharnet.COMMENTS_LINE.match(line)
        ):
            lines[i] = line + " ."
    return "\n".join(lines).strip() or "ok"


def build(n_comments: int, *, seed: int = 0, sources: Sources | None = None) -> list[Article]:
    """The articles and comments of a corpus of ``n_comments`` comments."""
    sources = sources or load_sources()
    rng = random.Random(f"threadscope-bench-{VERSION}-{seed}")
    taken: set[str] = set()
    authors = [_name(rng, taken) for _ in range(max(30, n_comments // 15))]
    guests = {a for a in authors if rng.random() < 0.3}
    cum_weights = list(accumulate(1 / (rank + 1) ** 0.9 for rank in range(len(authors))))
    body_pool = sources.sentences + sources.paragraphs
    articles: list[Article] = []
    made = 0
    start = datetime(2013, 1, 1, 8, 0)
    while made < n_comments:
        k = len(articles)
        size = min(n_comments - made, max(1, min(3000, round(math.exp(rng.gauss(math.log(30), 1.1))))))
        title = f"{rng.choice(sources.titles)} ({k + 1})"
        body = [
            _safe_lines(_text(rng, body_pool, rng.randint(25, 70)).replace("\n", " ")) for _ in range(rng.randint(3, 8))
        ]
        published = start + timedelta(hours=3 * k, minutes=rng.randint(0, 59))
        article = Article(f"bench-a{k + 1:06d}", title, body, published)
        when = published
        for j in range(size):
            when += timedelta(minutes=rng.choice((0, 1, 2, 3, 5, 8, 13, 21, 34, 55)))
            author = rng.choices(authors, cum_weights=cum_weights)[0]
            text = _text(rng, sources.sentences, _length(rng))
            parent = None
            if j and rng.random() < 0.35:
                parent = article.comments[rng.randint(max(0, j - 12), j - 1)]
                mention = f"@{parent.author}"
                if rng.random() < 0.2:
                    quoted = parent.text.split("\n")[0].split(". ")[0][:160]
                    text = f'"{quoted}"\n{text}'
                text = f"{mention}\n{text}" if rng.random() < 0.5 else f"{mention} {text}"
            elif rng.random() < 0.03:
                text = f'"{rng.choice(body)[:120]}" {text}'
            article.comments.append(
                Comment(
                    f"bench-c{made + j + 1:07d}",
                    author,
                    author in guests,
                    when,
                    _safe_lines(text),
                    parent.comment_id if parent else None,
                )
            )
        made += size
        articles.append(article)
    return articles


def _header(c: Comment) -> str:
    avatar = "Default-user-icon" if c.guest else "Thumb"
    guest = " (Guest)" if c.guest else ""
    t = c.timestamp
    return f"{avatar} {c.author}{guest} {t.day} {MONTHS[t.month - 1]} {t.year}, {t.hour:02d}:{t.minute:02d}"


def page(article: Article) -> str:
    """One article in the naharnet saved-page layout."""
    lines = [article.title, ""]
    for paragraph in article.body:
        lines += [paragraph, ""]
    lines.append(f"Comments {len(article.comments)}")
    for c in article.comments:
        lines += [_header(c), "", c.text, ""]
    return "\n".join(lines)


def write(articles: list[Article], out: Path, *, sources: Sources, seed: int) -> dict:
    """Write the pages, the CSV and ``corpus.json`` under ``out``; returns what corpus.json says."""
    pages = out / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    text_bytes = 0
    for k, article in enumerate(articles):
        raw = page(article).encode("utf-8")
        text_bytes += len(raw)
        (pages / f"article-{k + 1:06d}.txt").write_bytes(raw)
    with (out / "comments.csv").open("w", newline="", encoding="utf-8") as f:
        w = csv.writer(f)
        w.writerow(
            [
                "comment_id",
                "article",
                "article_title",
                "author",
                "is_guest",
                "avatar",
                "timestamp",
                "text",
                "parent_comment_id",
            ]
        )
        for a in articles:
            for c in a.comments:
                w.writerow(
                    [
                        c.comment_id,
                        a.article_id,
                        a.title,
                        c.author,
                        "true" if c.guest else "false",
                        "Default-user-icon" if c.guest else "Thumb",
                        c.timestamp.isoformat(sep=" "),
                        c.text,
                        c.parent or "",
                    ]
                )
    n = sum(len(a.comments) for a in articles)
    words = sum(len(c.text.split()) for a in articles for c in a.comments)
    info = {
        "generator_version": VERSION,
        "seed": seed,
        "comments": n,
        "articles": len(articles),
        "replies": sum(c.parent is not None for a in articles for c in a.comments),
        "mean_words": round(words / n, 1) if n else 0.0,
        "page_bytes": text_bytes,
        "source": sources.origin,
        "source_digest": sources.digest,
    }
    (out / "corpus.json").write_text(json.dumps(info, indent=2) + "\n", encoding="utf-8")
    return info


def make_corpus(n_comments: int, out: Path, *, seed: int = 0, real: Path | None = REAL) -> dict:
    """Build and write a corpus of ``n_comments`` comments; returns its ``corpus.json``."""
    if n_comments < 1:
        raise ValueError(f"--comments must be at least 1, got {n_comments}")
    sources = load_sources(real)
    return write(build(n_comments, seed=seed, sources=sources), Path(out), sources=sources, seed=seed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.make_corpus", description=__doc__.split("\n\n")[0])
    parser.add_argument("--comments", type=int, required=True, help="number of comments")
    parser.add_argument("--out", required=True, help="folder to write pages/, comments.csv, corpus.json")
    parser.add_argument("--seed", type=int, default=0, help="another seed gives another corpus")
    parser.add_argument(
        "--sample-only", action="store_true", help="build from the bundled sample even when the real files are present"
    )
    args = parser.parse_args(argv)
    try:
        info = make_corpus(args.comments, Path(args.out), seed=args.seed, real=None if args.sample_only else REAL)
    except ValueError as err:
        parser.error(str(err))
    print(json.dumps(info, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
