"""Comment tables exported from platforms: which platform a table is from, and its rules.

A platform is one :class:`Platform` record: the columns that give it away (``signatures``),
which column holds which field (``roles``, before the generic names of :mod:`.table_columns`),
columns never to take a role by their generic name (Reddit's per-comment ``permalink`` is no
article), how its ids name parents and articles (Reddit's ``t1_``/``t3_`` fullnames, Facebook's
``POSTID_COMMENTID``, YouTube's ``PARENT.REPLY``, Hacker News' story id as a parent) and the
markers it writes for deleted comments. Field names follow each platform's documentation:
YouTube Data API v3 ``comments`` resource (and the youtube-comment-downloader scraper), Reddit
API / Pushshift comment objects, Facebook Graph API ``Comment`` and Hacker News' Algolia search
API. Adding a platform is one record in :data:`PLATFORMS`.

:class:`PlatformRows` applies the rules to a table's rows chunk by chunk and words what it did
for the load report.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import pandas as pd

from ..model.load_report import FileReport
from .table_columns import FIELD_NAMES, MAPPING_ALIASES, recognised_columns

__all__ = ["PLATFORMS", "Platform", "PlatformRows", "column_roles", "norm", "recognise"]


def norm(name: object) -> str:
    """A column name compared without case, spaces, dots or underscores (``from.name`` is ``fromname``).

    Examples:
        >>> norm("publishedAt") == norm("published_at") == "publishedat"
        True
    """
    return "".join(ch for ch in str(name).lower() if ch.isalnum())


# A wrapper object whose fields a flattened JSON record names ``snippet.textOriginal``: a list of
# YouTube Data API ``comment`` resources (``comments.list``) flattened by the table reader.
_WRAPPERS = ("snippet.",)


def _bare(name: object) -> str:
    """:func:`norm` of a column name without a wrapper object's prefix (``snippet.publishedAt``)."""
    name = str(name)
    for wrapper in _WRAPPERS:
        name = name.removeprefix(wrapper)
    return norm(name)


@dataclass(frozen=True)
class Platform:
    """One platform's comment table: how it is recognised and the rules its ids follow."""

    name: str  # as the report says it: "YouTube comments"
    signatures: tuple[frozenset[str], ...]  # normalised column names; any one set all present recognises it
    telltale: tuple[str, ...]  # normalised names the report lists as the reason
    roles: Mapping[str, tuple[str, ...]]  # field -> column names, most telling first
    ignored: tuple[str, ...] = ()  # columns never given a role by a generic name, with the reason
    ignored_why: str = ""
    id_prefix: str = ""  # the comments' own fullname prefix, dropped from ids and parents ("t1_")
    top_level_prefix: str = ""  # a parent with this prefix is the article itself ("t3_")
    parent_is_article: bool = False  # a parent equal to the row's article key answers the article
    parent_from_id: str = ""  # a reply's id is PARENT + this + OWN (YouTube scraper "Ugx.Ugy")
    article_from_id: str = ""  # a comment's id is ARTICLE + this + OWN (Facebook "POSTID_COMMENTID")
    # In an ignored link column, the article's id (one group) and the prefix its key takes: Reddit's
    # permalink /r/SUB/comments/POSTID/SLUG/COMMENTID/ names the submission t3_POSTID.
    article_in_link: tuple[str, str, str] = ("", "", "")  # (pattern, key prefix, the pattern as shown)
    deleted_markers: tuple[str, ...] = ()  # author or text meaning the comment was deleted
    notes: tuple[str, ...] = field(default=())  # what the report says about the rules applied

    @property
    def short(self) -> str:
        """The platform alone: ``"YouTube"`` for ``"YouTube comments (youtube-comment-downloader)"``."""
        return self.name.split(" comments")[0]


PLATFORMS: tuple[Platform, ...] = (
    Platform(
        "Reddit comments",
        signatures=(frozenset({"body", "linkid"}), frozenset({"body", "subreddit"})),
        telltale=("body", "linkid", "parentid", "subreddit", "createdutc", "name"),
        roles={
            "text": ("body",),
            "author": ("author",),
            "timestamp": ("created_utc", "created"),
            "id": ("id", "name"),
            "parent": ("parent_id",),
            "article": ("link_id",),
            "title": ("link_title", "submission_title"),
        },
        ignored=("permalink",),
        ignored_why="each comment's own link",
        id_prefix="t1_",
        top_level_prefix="t3_",
        article_in_link=(r"/comments/([0-9a-z]+)/", "t3_", "/comments/ID/"),
        deleted_markers=("[deleted]", "[removed]"),
        notes=("t1_ fullnames name comments by their id",),
    ),
    Platform(
        "Hacker News comments (Algolia)",
        signatures=(frozenset({"objectid", "storyid"}), frozenset({"commenttext", "storyid"})),
        telltale=("objectid", "commenttext", "storyid", "createdati"),
        roles={
            "text": ("comment_text",),
            "author": ("author",),
            "timestamp": ("created_at_i", "created_at"),
            "id": ("objectID",),
            "parent": ("parent_id",),
            "article": ("story_id",),
            "title": ("story_title",),
        },
        parent_is_article=True,
    ),
    Platform(
        "Facebook comments (Graph API)",
        signatures=(frozenset({"message", "createdtime"}), frozenset({"message", "fromname"})),
        telltale=("message", "fromname", "createdtime", "parentid", "parent"),
        roles={
            "text": ("message",),
            "author": ("from.name", "from_name", "from"),
            "timestamp": ("created_time",),
            "id": ("id", "comment_id"),
            "parent": ("parent.id", "parent_id", "parent"),
            "article": ("post_id", "post.id", "object_id"),
        },
        ignored=("permalink_url", "permalink"),
        ignored_why="each comment's own link",
        article_from_id="_",
    ),
    Platform(
        "YouTube comments (youtube-comment-downloader)",
        signatures=(frozenset({"cid", "votes"}), frozenset({"cid", "heart"}), frozenset({"cid", "timeparsed"})),
        telltale=("cid", "timeparsed", "votes", "heart", "reply"),
        roles={
            "text": ("text",),
            "author": ("author",),
            "timestamp": ("time_parsed", "time"),
            "id": ("cid",),
            "article": ("video_id", "videoId"),
        },
        parent_from_id=".",
    ),
    Platform(
        "YouTube comments",
        signatures=(
            frozenset({"textoriginal"}),
            frozenset({"textdisplay"}),
            frozenset({"authordisplayname"}),
            frozenset({"videoid", "publishedat"}),
        ),
        telltale=("commentid", "textoriginal", "textdisplay", "authordisplayname", "publishedat", "videoid"),
        roles={
            "text": ("textOriginal", "textDisplay", "text", "comment"),
            "author": ("authorDisplayName", "author"),
            "timestamp": ("publishedAt",),
            "id": ("commentId", "id", "comment_id"),
            "parent": ("parentId",),
            "article": ("videoId",),
            "title": ("videoTitle",),
        },
    ),
)


def recognise(columns: Sequence[str]) -> tuple[Platform, list[str]] | None:
    """The platform whose signature the ``columns`` hold, and the columns that gave it away.

    Examples:
        >>> found, why = recognise(["commentId", "textOriginal", "publishedAt", "likeCount"])
        >>> found.name, why
        ('YouTube comments', ['commentId', 'textOriginal', 'publishedAt'])
        >>> recognise(["comment_id", "parent_comment_id", "user_id", "content"]) is None
        True
    """
    present = {_bare(c) for c in columns}
    for platform in PLATFORMS:
        if any(signature <= present for signature in platform.signatures):
            return platform, [c for c in columns if _bare(c) in platform.telltale]
    return None


def _mapped_fields(mapping: Mapping[str, str]) -> set[str]:
    return {MAPPING_ALIASES.get(key.strip(), key.strip()) for key in mapping}


def column_roles(
    columns: Sequence[str], mapping: Mapping[str, str] | None = None
) -> tuple[Platform | None, dict[str, str]]:
    """The platform the table is from (or None) and which column holds which field: the
    ``mapping`` first, then the platform's roles, then the generic names of :mod:`.table_columns`
    (never for the platform's ignored columns).

    Raises ``ValueError`` as :func:`.table_columns.recognised_columns` does.

    Examples:
        >>> column_roles(["id", "body", "author", "permalink", "link_id", "parent_id"])[1]
        {'text': 'body', 'author': 'author', 'id': 'id', 'parent': 'parent_id', 'article': 'link_id'}
    """
    columns = [str(c) for c in columns]
    mapping = dict(mapping or {})
    found = recognise(columns)
    if found is None:
        return None, recognised_columns(columns, mapping=mapping)
    platform = found[0]
    by_norm: dict[str, str] = {}
    for c in columns:
        by_norm.setdefault(_bare(c), c)
    taken = _mapped_fields(mapping)
    used = set(mapping.values())
    chosen: dict[str, str] = {}
    for name in FIELD_NAMES:
        for candidate in platform.roles.get(name, ()) if name not in taken else ():
            column = by_norm.get(norm(candidate))
            if column is not None and column not in used:
                chosen[name] = column
                used.add(column)
                break
    hidden = {c for c in columns if norm(c) in {norm(i) for i in platform.ignored} and c not in used}
    roles = recognised_columns([c for c in columns if c not in hidden], mapping={**chosen, **mapping})
    return platform, roles


def _blank(values: pd.Series) -> pd.Series:
    return values.astype("str").fillna("").str.strip()


@dataclass
class PlatformRows:
    """A platform's rules applied to one table's rows, chunk by chunk, and what they changed."""

    report: FileReport
    platform: Platform | None
    evidence: list[str] = field(default_factory=list)
    counts: Counter = field(default_factory=Counter)
    # hash of (id, text) -> the record that first had it
    seen: pd.Series = field(default_factory=lambda: pd.Series([], dtype="int64", index=pd.Index([], dtype="uint64")))

    @property
    def derived_articles(self) -> bool:
        """Whether articles were read from ids or links (the table having no article column)."""
        return bool(self.counts["articles_from_ids"] or self.counts["articles_from_links"])

    def repeats(self, ids: pd.Series | None, texts: pd.Series, numbers: Sequence[int]) -> pd.Series:
        """Mask of rows repeating an earlier record's id and text (a dump repeating a page): each
        is listed as skipped, naming the record it repeats. Rows without an id are never repeats.

        Records are compared by a 64-bit hash of (id, text), kept 16 bytes a record across chunks:
        a set of the strings would cost a dump of a million comments hundreds of megabytes.
        """
        repeated = pd.Series(False, index=texts.index)
        own = None if ids is None else _blank(ids)
        if own is None or not (given := (own != "").to_numpy()).any():
            return repeated
        keys = pd.util.hash_pandas_object(pd.DataFrame({"id": own, "text": texts.astype("str")}), index=False)
        rows = pd.DataFrame({"key": keys.to_numpy()[given], "number": pd.Series(numbers).to_numpy()[given]})
        earlier = self.seen.reindex(rows["key"]).to_numpy()
        first = rows.groupby("key", sort=False)["number"].transform("first").to_numpy().copy()
        known = ~pd.isna(earlier)
        first[known] = earlier[known]
        again = first != rows["number"].to_numpy()
        fresh = rows[~known].drop_duplicates("key")
        self.seen = pd.concat([self.seen, pd.Series(fresh["number"].to_numpy(), index=fresh["key"].to_numpy())])
        if again.any():
            positions = given.nonzero()[0][again]
            repeated.iloc[positions] = True
            for position, number in zip(positions, first[again]):
                stated = own.iloc[position]
                self.report.skip(
                    int(numbers[position]), f"repeat of record {int(number)}: same id {stated!r} and text", ""
                )
            self.counts["repeats"] += int(again.sum())
        return repeated

    def own_keys(self, ids: pd.Series | None) -> pd.Series | None:
        """The ids replies name a comment by (Reddit's ``t1_abc`` is ``abc``); None without ids."""
        if ids is None:
            return None
        keys = _blank(ids)
        prefix = self.platform.id_prefix if self.platform else ""
        if prefix:
            keys = keys.where(~keys.str.startswith(prefix), keys.str.slice(len(prefix)))
        return keys.astype(object).where(keys != "", None)

    def stated_parents(self, parents: pd.Series | None, ids: pd.Series | None) -> pd.Series | None:
        """The parents as the input states them; for a platform whose reply ids hold their parent's
        (YouTube's scraper: ``PARENT.REPLY``), read from the ids where no parent column is given."""
        sep = self.platform.parent_from_id if self.platform else ""
        if parents is not None or not sep or ids is None:
            return parents
        keys = _blank(ids)
        reply = keys.str.contains(sep, regex=False)
        self.counts["parents_from_ids"] += int(reply.sum())
        return keys.str.rpartition(sep)[0].where(reply, "")

    def parent_keys(self, parents: pd.Series | None, article_keys: pd.Series | None) -> pd.Series | None:
        """The ids of the comments answered, to match :meth:`own_keys`: None where the platform's
        parent is the article itself (Reddit's ``t3_``, Hacker News' story id): top-level, no orphan."""
        if parents is None:
            return None
        keys = _blank(parents)
        platform = self.platform
        top = keys == "__never__"
        if platform and platform.top_level_prefix:
            top |= keys.str.startswith(platform.top_level_prefix)
        if platform and platform.parent_is_article and article_keys is not None:
            top |= (keys == _blank(article_keys)) & (keys != "")
        self.counts["answer_article"] += int(top.sum())
        if platform and platform.id_prefix:
            keys = keys.where(~keys.str.startswith(platform.id_prefix), keys.str.slice(len(platform.id_prefix)))
        return keys.astype(object).where((keys != "") & ~top, None)

    def article_keys(self, ids: pd.Series | None, parents: pd.Series | None, chunk: pd.DataFrame) -> pd.Series | None:
        """Article keys read from comment ids or links where the table names no article (Facebook:
        the post id before ``_``, a reply's from its parent's id; Reddit: the submission in the
        permalink); None where the platform has no such rule."""
        platform = self.platform
        sep = platform.article_from_id if platform else ""
        if sep and ids is not None:
            own = _blank(ids)
            if parents is not None:
                stated = _blank(parents)
                own = stated.where(stated != "", own)
            keys = own.str.partition(sep)[0].where(own.str.contains(sep, regex=False), "")
            self.counts["articles_from_ids"] += int((keys != "").sum())
            return keys.rename(ids.name)
        pattern, prefix, _ = platform.article_in_link if platform else ("", "", "")
        links = [c for c in chunk.columns if pattern and norm(c) in {norm(i) for i in platform.ignored}]
        if not links:
            return None
        found = chunk[links[0]].str.extract(pattern, expand=False)
        self.counts["articles_from_links"] += int(found.notna().sum())
        return (prefix + found).fillna("").rename(links[0])

    def deleted(self, authors: pd.Series, texts: pd.Series) -> tuple[pd.Series, pd.Series]:
        """``(deleted mask, authors)``: rows whose author or text is a deleted marker, and the authors
        with markers left empty (so ``[deleted]`` is not one prolific commenter)."""
        markers = self.platform.deleted_markers if self.platform else ()
        if not markers:
            return pd.Series(False, index=authors.index), authors
        marked_author = authors.isin(markers)
        mask = marked_author | texts.str.strip().isin(markers)
        self.counts["deleted"] += int(mask.sum())
        self.counts["deleted_authors"] += int(marked_author.sum())
        return mask, authors.where(~marked_author, "")

    def warnings(self, spec: Mapping[str, str], columns: Sequence[str]) -> list[str]:
        """What the report says about the platform and its rules (empty for no platform, no repeats)."""
        out: list[str] = []
        platform, counts = self.platform, self.counts
        if platform is not None:
            out.append(f"recognised as {platform.name}: columns {', '.join(self.evidence)}")
            article = spec.get("article")
            done = ([f"{article} is the article"] if article else []) + list(platform.notes)
            ignored = [c for c in columns if norm(c) in {norm(i) for i in platform.ignored}]
            if counts["articles_from_links"] and "article" not in spec:
                done.append(
                    f"articles read from the submission id in {ignored[0]} ({platform.article_in_link[2]}), "
                    f"not from the whole link ({platform.ignored_why})"
                )
            elif ignored and spec.get("article") not in ignored:
                done.append(f"{', '.join(ignored)} not read as the article ({platform.ignored_why})")
            if counts["answer_article"]:
                done.append(f"{counts['answer_article']} comment(s) answer the {_parent_word(platform)}: top-level")
            if counts["parents_from_ids"]:
                sep = platform.parent_from_id
                done.append(f"{counts['parents_from_ids']} reply parent(s) read from the ids (PARENT{sep}REPLY)")
            if counts["articles_from_ids"] and "article" not in spec:
                sep = platform.article_from_id
                done.append(f"articles read from the comment ids (POST{sep}COMMENT, a reply's from its parent's)")
            if counts["deleted"]:
                done.append(
                    f"{counts['deleted']} comment(s) marked deleted by {' or '.join(platform.deleted_markers)} "
                    f"(author or text): flagged is_deleted, {counts['deleted_authors']} author(s) left empty"
                )
            if norm(spec.get("timestamp", "")) == "timeparsed":
                done.append("time_parsed is the scraper's estimate from times like '2 years ago'")
            if done:
                out.append(f"{platform.short} rules: " + "; ".join(done))
        if counts["repeats"]:
            out.append(
                f"{counts['repeats']} repeated record(s) dropped: same id and text as an earlier record "
                "(a dump repeating a page); each listed as skipped"
            )
        return out


def _parent_word(platform: Platform) -> str:
    return "submission (t3_ parent)" if platform.top_level_prefix else "story itself (parent is the story id)"
