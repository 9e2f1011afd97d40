"""What a page of the site gets, decided once for every engine: the MkDocs adapter (`tce_site.pages`,
`tce_site.outputs`) and the Zensical adapter (`tce_site.zensical`) both ask here, with plain values.

Each function decides; the adapters only render and place what it decides, the way their engine wants.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol, TypeVar

from .errors import AuthorError
from .markup import WORKSHEETS_DIR
from .models import GlossaryEntry, Post
from .text import markdown_text
from .worksheets.insertion import insert_after_element
from .worksheets.names import Paper, sheet_pdf_name

POST_TEMPLATE = "blog-post.html"  # Material's blog post layout
SERIES_TEMPLATE = "series-post.html"  # the same with the series navigation (overrides/)
# A reader who searches for a term finds its entry first (Material's and Zensical's search boost).
ENTRY_SEARCH_BOOST = 2


class _Feed(Protocol):
    @property
    def category(self) -> str | None: ...


FeedT = TypeVar("FeedT", bound=_Feed)


def links_terms(post: Post | None, entry: GlossaryEntry | None, meta: Mapping[str, Any]) -> bool:
    """Whether the page's glossary terms are linked: a post unless it says `glossary: false`, an entry
    unless its front matter says `glossary: false`, no other page."""
    return (post is not None and post.glossary) or (entry is not None and meta.get("glossary") is not False)


def page_template(post: Post | None, template: object) -> object:
    """The layout the page is rendered with: a post of the series that has the blog's post layout gets the
    series layout; every other page keeps `template` (what its front matter or the blog set)."""
    return SERIES_TEMPLATE if post is not None and template == POST_TEMPLATE else template


def entry_meta(entry: GlossaryEntry) -> dict[str, Any]:
    """What a glossary entry's page states about itself unless its front matter does: its summary as the
    description, and a search boost."""
    return {"description": markdown_text(entry.summary), "search": {"boost": ENTRY_SEARCH_BOOST}}


def series_feeds(feeds: Sequence[FeedT]) -> list[FeedT]:
    """The feeds of the whole series (not of one category), in their order."""
    return [feed for feed in feeds if feed.category is None]


def subscribe_context(feeds: Sequence[FeedT]) -> dict[str, list[FeedT]] | None:
    """What the Subscribe line lists: the series feeds, then the category feeds; None (no line) without
    feeds."""
    if not feeds:
        return None
    return {"feeds": series_feeds(feeds), "categories": [feed for feed in feeds if feed.category is not None]}


def worksheet_targets(post: Post, paper: Paper, *, pdf: bool, directory_urls: bool) -> tuple[str, str | None]:
    """The site-relative addresses a post's worksheet link points to: its worksheet page, and its PDF on
    the site's paper (None when the site makes no PDFs)."""
    page = f"{WORKSHEETS_DIR}/{post.slug}/" + ("" if directory_urls else "index.html")
    return page, f"{WORKSHEETS_DIR}/{sheet_pdf_name(post.slug, paper)}" if pdf else None


def after_reflect(html: str, post: Post, fragment: str) -> str | None:
    """The post's HTML with `fragment` right after its Reflect heading; None when no heading has its id."""
    return insert_after_element(html, "h2", post.reflect_anchor, fragment)


def reflect_id_problem(post: Post) -> AuthorError:
    """The author's mistake when the Reflect heading has no id in the page (`after_reflect` gave None)."""
    return AuthorError(
        post.src,
        post.reflect_line,
        f"the Reflect heading has no id '{post.reflect_anchor}' in the page, so its worksheet link has no place",
        "keep the heading as '## Reflect' (an id of your own goes in '{#...}' after it)",
    )
