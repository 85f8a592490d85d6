"""The dashboard's pages: one script each in this folder, listed once in :data:`PAGES`.

``app.py`` builds the navigation from :data:`PAGES`, and the page tests (``tests/app``,
``tests/browser``) run every page listed; a script here that is missing from the list fails
``tests/app/test_app.py``. Scripts starting with ``_`` and ``state.py`` are helpers, not pages.
Plain data, no Streamlit: the tests and the benchmark read it without starting a page.
"""

from __future__ import annotations

from typing import NamedTuple

__all__ = ["PAGES", "PageSpec"]


class PageSpec(NamedTuple):
    """One entry of the navigation: ``st.Page(script, title=title, icon=icon, default=default)``."""

    script: str  # the path from the repository root, as st.Page and AppTest.switch_page take it
    title: str  # in the sidebar navigation, and the page's own st.header
    icon: str
    default: bool = False  # the page ``streamlit run app.py`` opens on; exactly one, listed first


#: The pages in the order the navigation shows them.
PAGES: tuple[PageSpec, ...] = (
    PageSpec("app_pages/overview.py", "Overview", ":material/dashboard:", default=True),
    PageSpec("app_pages/sentiment.py", "Sentiment", ":material/mood:"),
    PageSpec("app_pages/commenters.py", "Commenters", ":material/group:"),
    PageSpec("app_pages/replies.py", "Replies and timelines", ":material/forum:"),
    PageSpec("app_pages/comments.py", "Comments", ":material/chat:"),
    PageSpec("app_pages/signals.py", "Signals", ":material/troubleshoot:"),
    PageSpec("app_pages/data.py", "Data", ":material/database:"),
)
