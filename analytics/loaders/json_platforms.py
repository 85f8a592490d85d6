"""Platform API documents read as comment trees: Reddit listings, YouTube comment threads, Hacker
News items (Firebase and Algolia), the Twitter/X archive's ``tweet.js``, Facebook scraper dumps and
Duoshuo exports.

Each reader takes a parsed JSON document and returns a :class:`.tree_records.Tree`, or None when
the document is not its shape (:data:`READERS`, tried in order). Field names, id prefixes, time
formats and deleted markers follow each platform's documentation.
"""

from __future__ import annotations

from datetime import datetime
from urllib.parse import parse_qs, urlencode, urlsplit

from .platforms import PLATFORMS
from .tree_records import Tree, comment, epoch_time, extras, scalar


def _list(value: object) -> list:
    """``value`` if it is an array, else an empty one: a damaged file never breaks a reader."""
    return value if isinstance(value, list) else []


def _dict(value: object) -> dict:
    return value if isinstance(value, dict) else {}


# --- Reddit ---------------------------------------------------------------------------------------------

#: What Reddit writes for the author or body of a deleted (by its author) or removed (by a moderator)
#: comment: the markers of its table platform record, so both routes flag the same comments.
REDDIT_DELETED = frozenset(next(p for p in PLATFORMS if p.short == "Reddit").deleted_markers)
_REDDIT_USED = frozenset({"body", "author", "created_utc", "id", "name", "parent_id", "link_id", "replies"})


def _listing(value: object) -> bool:
    return isinstance(value, dict) and value.get("kind") == "Listing" and isinstance(value.get("data"), dict)


def _bare(fullname: object) -> str:
    """A Reddit id without its kind prefix: ``t1_abc`` -> ``abc``."""
    text = scalar(fullname)
    return text.split("_", 1)[1] if text[:1] == "t" and text[1:2].isdigit() and "_" in text else text


def reddit(document: object, source: str = "") -> Tree | None:
    """A Reddit API thread listing (``[submission Listing, comments Listing]``) or one Listing."""
    listings = document if isinstance(document, list) else [document]
    if not listings or not all(_listing(x) for x in listings):
        return None
    tree = Tree(
        "a Reddit comment listing",
        fields="t1 body as text, author, created_utc as timestamp, id, parent_id as parent (t1_ prefix dropped; "
        "t3_ means top-level; else the comment it is nested under), link_id as article; the t3 submission's "
        "title, selftext and created_utc as the article; [deleted]/[removed] author or body as deleted",
    )
    more: list[int] = []
    for listing in listings:
        _reddit_children(tree, listing, "", "", more)
    comments = len(tree.records)
    note = f"read as {tree.shape}: {comments} comment(s), {tree.roles['article']} submission(s) as article(s)"
    if more:
        note += (
            f"; {len(more)} more-comments stub(s) not loaded: their comments ({sum(more)} by Reddit's count) "
            "are not in the file"
        )
    tree.notes.insert(0, note)
    return tree


def _reddit_children(tree: Tree, listing: dict, parent: str, article: str, more: list[int]) -> None:
    for child in _list(listing["data"].get("children")):
        number = tree.number()
        kind = child.get("kind") if isinstance(child, dict) else None
        data = child.get("data") if isinstance(child, dict) else None
        if not isinstance(data, dict):
            tree.skip(number, "not a Reddit thing (no kind and data)", child)
        elif kind == "t3":
            tree.roles["article"] += 1
            key = scalar(data.get("name") or f"t3_{scalar(data.get('id'))}")
            tree.article(
                key, data.get("title") or key, data.get("selftext"), epoch_time(data.get("created_utc")), node=True
            )
        elif kind == "t1":
            own = _reddit_comment(tree, data, number, parent, article)
            replies = data.get("replies")
            if _listing(replies):
                _reddit_children(tree, replies, own, scalar(data.get("link_id")) or article, more)
        elif kind == "more":
            tree.roles["more-stub"] += 1
            count = data.get("count")
            more.append(count if isinstance(count, int) else len(_list(data.get("children"))))
        else:
            tree.skip(number, f"a Reddit {kind!r} thing, not a comment (t1) or submission (t3)", child)


def _reddit_comment(tree: Tree, data: dict, number: int, parent: str, article: str) -> str:
    own = _bare(data.get("id") or data.get("name"))
    named = scalar(data.get("parent_id"))
    # A t3_ parent is the submission: the comment is top-level.
    parent = "" if named.startswith("t3_") else (_bare(named) if named else parent)
    author, body = scalar(data.get("author")), scalar(data.get("body"))
    deleted = author in REDDIT_DELETED or body in REDDIT_DELETED
    article = scalar(data.get("link_id")) or article or "(no link_id)"
    tree.article(article, data.get("link_title"))
    tree.add(
        comment(
            extras(data, _REDDIT_USED),
            text=body,
            author="" if author in REDDIT_DELETED else author,
            timestamp=epoch_time(data.get("created_utc")),
            id=own,
            parent=parent,
            article=article,
            is_deleted=deleted,
        ),
        number,
    )
    return own


# --- YouTube --------------------------------------------------------------------------------------------

_YOUTUBE_LISTS = ("youtube#commentThreadListResponse", "youtube#commentListResponse")
_YOUTUBE_USED = frozenset({"textOriginal", "textDisplay", "authorDisplayName", "publishedAt", "parentId", "videoId"})


def youtube(document: object, source: str = "") -> Tree | None:
    """YouTube Data API ``commentThreads`` / ``comments`` list responses, one or a list of pages."""
    pages = document if isinstance(document, list) else [document]
    if not pages or not all(isinstance(p, dict) and p.get("kind") in _YOUTUBE_LISTS for p in pages):
        return None
    tree = Tree(
        "YouTube Data API comment pages",
        fields="snippet.textOriginal (else textDisplay) as text, authorDisplayName as author, publishedAt as "
        "timestamp, id, parentId (else the thread's topLevelComment) as parent, videoId as article",
    )
    state = {"display": 0, "declared": {}, "replies": {}}
    for page in pages:
        for item in _list(page.get("items")):
            _youtube_item(tree, item, state)
    by_id = {r["id"]: r for r in tree.records}
    for record in tree.records:  # comments.list replies may not name the video: their thread's comment does
        if not record["article"] and record["parent"] in by_id:
            record["article"] = by_id[record["parent"]]["article"]
    for record in tree.records:
        record["article"] = record["article"] or "(video not named)"
        tree.article(record["article"])
    missing = sum(max(0, n - len(state["replies"].get(t, ()))) for t, n in state["declared"].items())
    tree.notes.insert(
        0,
        f"read as {tree.shape} ({len(pages)} page(s)): {len(tree.records)} comment(s) on "
        f"{len(tree.articles)} video(s); articles are named by videoId (the API gives no video title)",
    )
    if state["display"]:
        tree.notes.append(f"{state['display']} comment(s) without textOriginal: their textDisplay (HTML) is read")
    if missing:
        tree.notes.append(
            f"{missing} repl(y/ies) the threads' totalReplyCount declares are not in the file "
            "(commentThreads returns only some replies; comments.list with parentId has the rest)"
        )
    return tree


def _youtube_item(tree: Tree, item: object, state: dict) -> None:
    number = tree.number()
    if not isinstance(item, dict):
        tree.skip(number, "not a YouTube resource", item)
        return
    if item.get("kind") == "youtube#comment":
        _youtube_comment(tree, item, number, "", "", state)
        return
    snippet = _dict(item.get("snippet"))
    top = snippet.get("topLevelComment")
    if not isinstance(top, dict):
        tree.skip(number, "a YouTube comment thread without its topLevelComment", item)
        return
    video = scalar(snippet.get("videoId"))
    top_id = _youtube_comment(tree, top, number, "", video, state)
    declared = snippet.get("totalReplyCount")
    if isinstance(declared, int):
        state["declared"][top_id] = declared
    for reply in _list(_dict(item.get("replies")).get("comments")):
        _youtube_comment(tree, reply, tree.number(), top_id, video, state)


def _youtube_comment(tree: Tree, node: object, number: int, parent: str, video: str, state: dict) -> str:
    snippet = node.get("snippet") if isinstance(node, dict) else None
    if not isinstance(snippet, dict):
        tree.skip(number, "a YouTube comment without a snippet", node)
        return ""
    own = scalar(node.get("id"))
    parent = scalar(snippet.get("parentId")) or parent
    if "textOriginal" not in snippet:
        state["display"] += 1
    if parent:
        state["replies"].setdefault(parent, set()).add(own)
    tree.add(
        comment(
            extras(snippet, _YOUTUBE_USED),
            text=snippet.get("textOriginal", snippet.get("textDisplay")),
            author=snippet.get("authorDisplayName"),
            timestamp=snippet.get("publishedAt"),
            id=own,
            parent=parent,
            article=scalar(snippet.get("videoId")) or video,
            is_deleted=False,
        ),
        number,
    )
    return own


# --- Hacker News ----------------------------------------------------------------------------------------

_HN_TYPES = frozenset({"story", "comment", "job", "poll", "pollopt"})
_HN_ARTICLES = frozenset({"story", "job", "poll"})
_HN_USED = frozenset(
    {"id", "by", "author", "text", "comment_text", "story_text", "time", "created_at", "created_at_i", "parent"}
    | {"parent_id", "story_id", "kids", "children", "type", "title", "story_title", "deleted", "dead", "objectID"}
    | {"_tags", "_highlightResult", "story_url"}
)


def _hn_node(node: object) -> bool:
    if not isinstance(node, dict):
        return False
    firebase = scalar(node.get("type")) in _HN_TYPES and "id" in node and ("time" in node or "deleted" in node)
    algolia = "created_at_i" in node and ("author" in node or "children" in node)
    return firebase or algolia or ("objectID" in node and ("comment_text" in node or "story_title" in node))


def _hn_nodes(document: object) -> list | None:
    if isinstance(document, dict) and isinstance(document.get("hits"), list):
        document = [document]
    if isinstance(document, list) and document and all(isinstance(p, dict) and "hits" in p for p in document):
        hits = [h for page in document for h in _list(page.get("hits"))]
        return hits if hits and all(_hn_node(h) for h in hits) else None
    nodes = document if isinstance(document, list) else [document]
    return nodes if nodes and all(_hn_node(n) for n in nodes) else None


def hacker_news(document: object, source: str = "") -> Tree | None:
    """Hacker News items: Firebase items (an array, or nested through ``kids``), an Algolia item
    tree (``children``) or Algolia search results (``hits``, one page or a list of pages)."""
    nodes = _hn_nodes(document)
    if nodes is None:
        return None
    tree = Tree(
        "Hacker News items",
        fields="text or comment_text as text, by or author as author, time, created_at or created_at_i as "
        "timestamp, id or objectID, parent or parent_id as parent (the story means top-level), story_id or the "
        "chain of parents as article; a story's title, text and time as the article",
    )
    flat: list[tuple[int, dict, str]] = []
    stack = [(n, "") for n in reversed(nodes)]
    while stack:  # document order, each node with the id of the node it is nested under
        node, above = stack.pop()
        flat.append((tree.number(), node, above))
        below = [k for k in _list(node.get("kids")) + _list(node.get("children")) if isinstance(k, dict)]
        stack += [(k, scalar(node.get("id", node.get("objectID")))) for k in reversed(below)]
    items = [_hn_item(node, above) for _, node, above in flat]
    stories = {i["id"] for i in items if i["type"] in _HN_ARTICLES}
    parents = {i["id"]: i["parent"] for i in items if i["type"] == "comment"}
    for (number, node, _), item in zip(flat, items):
        if item["type"] in _HN_ARTICLES:
            tree.roles["article"] += 1
            tree.article(
                item["id"], item["title"] or f"Hacker News item {item['id']}", item["text"], item["time"], node=True
            )
        elif item["type"] == "comment":
            _hn_comment(tree, node, number, item, _hn_story(item, stories, parents))
        else:
            tree.skip(number, f"a Hacker News {item['type'] or 'untyped'} item, not a comment or story", node)
    tree.notes.insert(
        0,
        f"read as {tree.shape}: {len(tree.records)} comment(s) under {len(tree.articles)} stor(y/ies); "
        "deleted and dead (killed) comments, and Algolia's comments with neither author nor text, are flagged deleted",
    )
    return tree


def _hn_item(node: dict, above: str) -> dict[str, str]:
    """One item's fields under common names, whichever API wrote it."""
    kind = node.get("type")
    if kind is None and "objectID" in node:  # a search hit: its tags say what it is
        tags = _list(node.get("_tags"))
        kind = "story" if "story" in tags and node.get("comment_text") is None else "comment"
    when = node.get("created_at") or epoch_time(node.get("created_at_i", node.get("time")))
    text = node.get("text")
    if text is None:
        text = node.get("comment_text") if node.get("comment_text") is not None else node.get("story_text")
    return {
        "id": scalar(node.get("id", node.get("objectID"))),
        "type": scalar(kind),
        "author": scalar(node.get("by", node.get("author"))),
        "text": scalar(text),
        "time": scalar(when),
        "parent": scalar(node.get("parent", node.get("parent_id"))) or above,
        "story": scalar(node.get("story_id")),
        "title": scalar(node.get("title") or node.get("story_title")),
    }


def _hn_story(item: dict[str, str], stories: set[str], parents: dict[str, str]) -> str:
    """The story a comment is under: the one it names, else the end of its chain of parents."""
    if item["story"]:
        return item["story"]
    seen, at = set(), item["parent"]
    while at in parents and at not in seen:
        seen.add(at)
        at = parents[at]
    return at or "(no story)"


def _hn_comment(tree: Tree, node: dict, number: int, item: dict[str, str], story: str) -> None:
    # Algolia keeps a deleted comment as an item with neither author nor text.
    deleted = bool(node.get("deleted") or node.get("dead")) or not (item["author"] or item["text"])
    tree.article(story, node.get("story_title") or f"Hacker News item {story}")
    tree.add(
        comment(
            extras(node, _HN_USED),
            text=item["text"],
            author="" if node.get("deleted") else item["author"],
            timestamp=item["time"],
            id=item["id"],
            parent="" if item["parent"] == story else item["parent"],
            article=story,
            is_deleted=deleted,
            dead=bool(node.get("dead")),
        ),
        number,
    )


# --- Twitter/X archive ----------------------------------------------------------------------------------

_TWEET_USED = frozenset({"id_str", "id", "full_text", "text", "created_at", "in_reply_to_status_id_str"})
_TWEET_USED |= {"in_reply_to_status_id", "in_reply_to_screen_name", "user"}


def _tweet(node: object) -> dict | None:
    inner = node.get("tweet") if isinstance(node, dict) and isinstance(node.get("tweet"), dict) else node
    if isinstance(inner, dict) and "id_str" in inner and ("full_text" in inner or "text" in inner):
        return inner
    return None


def _tweet_time(value: object) -> str:
    """Twitter's ``Wed Oct 10 20:19:24 +0000 2018`` as ISO 8601 (other values as they are)."""
    try:
        return datetime.strptime(scalar(value), "%a %b %d %H:%M:%S %z %Y").isoformat()
    except ValueError:
        return scalar(value)


def twitter(document: object, source: str = "") -> Tree | None:
    """The Twitter/X archive's ``tweet.js`` (``[{"tweet": {...}}, ...]``, its JS prefix removed)."""
    if not isinstance(document, list) or not document or _tweet(document[0]) is None:
        return None
    tree = Tree(
        "a Twitter/X archive (tweet.js)",
        fields="full_text as text, created_at as timestamp, id_str as id, in_reply_to_status_id_str as parent, "
        "in_reply_to_screen_name as reply_to_author, user.screen_name (where present) as author",
    )
    tweets: list[tuple[int, dict]] = []
    for node in document:
        number = tree.number()
        tweet = _tweet(node)
        if tweet is None:
            tree.skip(number, "not a tweet (no id_str and full_text)", node)
        else:
            tweets.append((number, tweet))
    parent = {scalar(t["id_str"]): scalar(t.get("in_reply_to_status_id_str")) for _, t in tweets}
    answered = {p for p in parent.values() if p in parent}

    def root(at: str) -> str:
        seen = set()
        while parent.get(at) in parent and at not in seen:
            seen.add(at)
            at = parent[at]
        return at if not parent.get(at) and at in answered else ""

    whole = f"{source or 'tweet.js'} (tweets whose conversation is not in the archive)"
    by_id = {scalar(t["id_str"]): t for _, t in tweets}
    owner = "" if any(isinstance(t.get("user"), dict) for t in by_id.values()) else _archive_owner(by_id, parent)
    by_root = 0
    for number, tweet in tweets:
        own = scalar(tweet["id_str"])
        top = root(own)
        by_root += bool(top)
        if top and top not in tree.articles:
            tree.article(top, scalar(by_id[top].get("full_text")).split("\n", 1)[0][:80] or top)
        user = tweet.get("user") if isinstance(tweet.get("user"), dict) else {}
        tree.add(
            comment(
                extras(tweet, _TWEET_USED),
                text=tweet.get("full_text", tweet.get("text")),
                author=user.get("screen_name", owner),
                timestamp=_tweet_time(tweet.get("created_at")),
                id=own,
                parent=parent[own],
                article=top or whole,
                is_deleted=False,
                reply_to_author=tweet.get("in_reply_to_screen_name"),
            ),
            number,
        )
    tree.notes.insert(
        0,
        f"read as {tree.shape}: {len(tree.records)} tweet(s); {by_root} in conversations whose first tweet "
        f"is in the archive (one article each, named by that tweet), the others as one article named "
        f"after the file",
    )
    if owner:
        tree.notes.append(
            f"the archive's tweets name no author: all are taken as by {owner!r}, the account its replies "
            "to its own tweets answer"
        )
    elif not any(isinstance(t.get("user"), dict) for t in by_id.values()):
        tree.notes.append("the archive's tweets name no author (account.js does): authors left empty")
    return tree


def _archive_owner(by_id: dict[str, dict], parent: dict[str, str]) -> str:
    """The archive owner's handle: the one name its replies to tweets of the archive answer (an
    archive holds its owner's tweets only), or "" when there is none or more than one."""
    names = {scalar(t.get("in_reply_to_screen_name")) for own, t in by_id.items() if parent[own] in by_id} - {""}
    return names.pop() if len(names) == 1 else ""


# --- Facebook scraper -----------------------------------------------------------------------------------

_FB_USED = frozenset({"comment_id", "comment_url", "commenter_name", "comment_text", "comment_time", "replies"})
_FB_KEEP_QUERY = ("story_fbid", "fbid", "id", "v")


def _fb_comment_node(node: object) -> bool:
    return isinstance(node, dict) and "comment_url" in node and ("comment_text" in node or "commenter_name" in node)


def _fb_post(node: object) -> bool:
    return isinstance(node, dict) and isinstance(node.get("comments_full"), list) and "post_id" in node


def facebook(document: object, source: str = "") -> Tree | None:
    """facebook-scraper output: posts with ``comments_full``, or comment records, where a comment's
    own id and its parent are in its ``comment_url`` (``comment_id``, ``reply_comment_id``)."""
    nodes = document if isinstance(document, list) else [document]
    if not nodes or not (all(_fb_post(n) for n in nodes) or all(_fb_comment_node(n) for n in nodes)):
        return None
    tree = Tree(
        "Facebook scraper JSON",
        fields="comment_text as text, commenter_name as author, comment_time as timestamp; from comment_url: "
        "reply_comment_id (else comment_id) as id, comment_id of a reply as parent, the URL without the comment's "
        "parameters (or post_id) as article",
    )
    for node in nodes:
        number = tree.number()
        if _fb_post(node):
            tree.roles["article"] += 1
            key = scalar(node["post_id"])
            text = scalar(node.get("post_text", node.get("text")))
            when = epoch_time(node["timestamp"]) if node.get("timestamp") else node.get("time")
            tree.article(key, text.split("\n", 1)[0][:80] or key, text, when or "", node=True)
            for reply in node["comments_full"]:
                _fb_comment(tree, reply, tree.number(), "", key)
        else:
            _fb_comment(tree, node, number, "", "")
    unnamed = f"{source or 'the file'} (comments whose comment_url names no post)"
    for record in tree.records:
        record["article"] = record["article"] or unnamed
    if unnamed in {r["article"] for r in tree.records}:
        tree.notes.append(f"comments whose comment_url names no post form one article, {unnamed!r}")
    tree.notes.insert(
        0,
        f"read as {tree.shape}: {len(tree.records)} comment(s); ids and parents read from each comment_url "
        "(reply_comment_id is a reply's own id, comment_id its parent)",
    )
    return tree


def _fb_comment(tree: Tree, node: object, number: int, above: str, post: str) -> None:
    if not isinstance(node, dict):
        tree.skip(number, "not a Facebook comment object", node)
        return
    try:
        url = urlsplit(scalar(node.get("comment_url")))
    except ValueError:  # e.g. an unbalanced [ in the host
        url = urlsplit("")
    query = parse_qs(url.query)
    reply_id, comment_id = (query.get(k, [""])[0] for k in ("reply_comment_id", "comment_id"))
    if reply_id:  # a reply: its own id, and its parent's (else the comment it is nested under)
        own, parent = reply_id, comment_id or above
    else:
        own, parent = comment_id or scalar(node.get("comment_id")), above
    kept = urlencode([(k, v[0]) for k, v in query.items() if k in _FB_KEEP_QUERY])
    # The post is the URL without the comment's parameters; a bare https://facebook.com/<id> names none.
    named = "comment_id" in query or kept
    article = post or (f"{url.scheme}://{url.netloc}{url.path}" + (f"?{kept}" if kept else "") if named else "")
    if article:
        tree.article(article)
    tree.add(
        comment(
            extras(node, _FB_USED),
            text=node.get("comment_text"),
            author=node.get("commenter_name"),
            timestamp=node.get("comment_time"),
            id=own,
            parent=parent,
            article=article,
            is_deleted=False,
        ),
        number,
    )
    for reply in _list(node.get("replies")):
        _fb_comment(tree, reply, tree.number(), own, article)


# --- Duoshuo export -------------------------------------------------------------------------------------

_DUOSHUO_USED = frozenset({"post_id", "thread_id", "message", "author_name", "created_at", "parents"})


def duoshuo(document: object, source: str = "") -> Tree | None:
    """A Duoshuo export (``{"generator": "duoshuo", "threads": [...], "posts": [...]}``): posts name their
    thread and their ancestors (``parents``, the nearest last)."""
    if not isinstance(document, dict) or not isinstance(document.get("posts"), list):
        return None
    posts = document["posts"]
    if document.get("generator") != "duoshuo" and not (posts and all(_dict(p).get("post_id") for p in posts)):
        return None
    tree = Tree(
        "a Duoshuo export",
        fields="message as text, author_name as author, created_at as timestamp, post_id as id, the last of "
        "parents as parent, thread_id as article (threads: title, created_at)",
    )
    for thread in _list(document.get("threads")):
        if isinstance(thread, dict) and thread.get("thread_id") is not None:
            key = scalar(thread["thread_id"])
            tree.article(key, thread.get("title") or thread.get("url") or key, "", thread.get("created_at"), node=True)
    for post in posts:
        number = tree.number()
        if not isinstance(post, dict):
            tree.skip(number, "not a Duoshuo post object", post)
            continue
        parents = _list(post.get("parents"))
        article = scalar(post.get("thread_id")) or "(no thread_id)"
        tree.article(article)
        tree.add(
            comment(
                extras(post, _DUOSHUO_USED),
                text=post.get("message"),
                author=post.get("author_name"),
                timestamp=post.get("created_at"),
                id=post.get("post_id"),
                parent=parents[-1] if parents else "",
                article=article,
                is_deleted=post.get("status") == "deleted",
            ),
            number,
        )
    tree.notes.insert(
        0,
        f"read as {tree.shape}: {len(tree.records)} post(s) in {len(tree.articles)} thread(s); a post's parent "
        "is the last of its parents; times state no zone and are read as written",
    )
    return tree


#: The readers, tried in order on a parsed document (or the first value of a top-level array).
READERS = (reddit, youtube, hacker_news, twitter, facebook, duoshuo)
