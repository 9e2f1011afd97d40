"""Feeds: the published posts as RSS 2.0 and Atom 1.0 documents, written with feedgen.

Pure functions: frozen dataclasses in, bytes out. The hook (hooks/feeds.py) gathers the posts, their
rendered HTML and the site's settings; everything here is deterministic, so two builds from the
same sources give byte-identical feeds.
"""

from __future__ import annotations

import datetime as dt
import functools
import html
import posixpath
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urljoin

from feedgen.feed import FeedGenerator

from .errors import AuthorError
from .feed_html import clean_post_html
from .feed_image import FeedImage
from .jsonfeed import JSON_FEED_TYPE, render_json_feed
from .models import Post

RSS_TYPE = "application/rss+xml"
ATOM_TYPE = "application/atom+xml"
# An empty feed still needs a date, and the clock is not allowed: a fixed day long past (validators
# reject dates before 1990 as implausible).
EMPTY_FEED_DATE = dt.datetime(2000, 1, 1, tzinfo=dt.UTC)


@dataclass(frozen=True)
class Person:
    """An author or editor as feeds name them."""

    name: str
    email: str | None = None
    uri: str | None = None


@dataclass(frozen=True)
class SiteInfo:
    """What every feed of the site says about the site."""

    url: str  # site_url, absolute
    home: str  # absolute URL of the page that lists the posts (the series feed's <link>)
    language: str | None = None
    author: Person | None = None
    copyright: str | None = None  # plain text
    icon: str | None = None  # absolute URL of a small square image
    logo: str | None = None  # absolute URL of the site logo
    image: FeedImage | None = None  # a PNG, GIF or JPEG: RSS's <image>, Atom's <logo>, JSON Feed's icon


@dataclass(frozen=True)
class FeedOptions:
    """The feed settings of mkdocs.yml (`extra.feeds`), already checked."""

    title: str
    description: str
    limit: int  # items per feed; 0 means every published post
    full_content: bool  # the whole post in each item, or only its description
    rss_path: str
    atom_path: str
    json_path: str  # "" writes no JSON Feed
    category_path: str  # "" writes no category feeds


@dataclass(frozen=True)
class CategoryInfo:
    """A category of the blog, for its own feed."""

    name: str
    slug: str
    link: str  # absolute URL of the category's page (or the blog index when it has none yet)


@dataclass(frozen=True)
class FeedItem:
    """One post as the feeds carry it."""

    post: Post
    url: str  # absolute permalink
    id: str  # RSS guid and Atom id
    is_permalink: bool  # whether `id` is the permalink itself
    body: str = field(default="", repr=False)  # the post's HTML as the site shows it
    authors: tuple[Person, ...] = ()
    key_terms: tuple[KeyTermLink, ...] = ()

    # Worked out when a feed first carries the item, once: with a limit on the feeds most posts are in
    # none, and cleaning a post's HTML is most of what an item costs.
    @functools.cached_property
    def html(self) -> str:
        """The post body, cleaned, every link absolute, then the key terms it uses."""
        return clean_post_html(self.body, self.url) + _key_terms_html(self.key_terms)

    @property
    def title(self) -> str:
        """The item's title as feed readers list it: the part of the series, then the post's title
        ("Part 3: Internal customers"), so a reader's list shows where each post sits in the series.
        Only the title: the id stays the post's own, so no reader sees an item as new."""
        return item_title(self.post)

    @property
    def changed(self) -> dt.datetime:
        """When the post last changed: its update date, or its publication date."""
        return max(self.post.date, self.post.updated or self.post.date)


@dataclass(frozen=True)
class FeedFile:
    """One written feed: where it goes, what it is called, and its bytes."""

    path: str  # relative to the site folder, e.g. feed.xml
    url: str  # absolute
    kind: Literal["rss", "atom", "json"]
    title: str
    label: str  # a short name for a Subscribe link: "RSS", "Atom" or the category
    content: bytes
    category: str | None = None

    @property
    def media_type(self) -> str:
        """The MIME type that autodiscovery links announce."""
        return {"rss": RSS_TYPE, "atom": ATOM_TYPE, "json": JSON_FEED_TYPE}[self.kind]


def item_title(post: Post) -> str:
    """A post's title in every feed (RSS, Atom, JSON Feed, category feeds): "Part <n>: <title>"."""
    return f"Part {post.part}: {post.title}"


def absolute_url(site_url: str, path: str) -> str:
    """`path` (site-relative, or already absolute) as an absolute URL under `site_url`."""
    base = site_url if site_url.endswith("/") else site_url + "/"
    return urljoin(base, path)


def check_unique_ids(items: Iterable[FeedItem]) -> list[AuthorError]:
    """Problems for posts that share one feed id (feed readers would merge them)."""
    seen: dict[str, FeedItem] = {}
    problems = []
    for item in items:
        other = seen.setdefault(item.id, item)
        if other is not item:
            problems.append(
                AuthorError(
                    item.post.src,
                    None,
                    f"the feed id '{item.id}' is also used by {other.post.src}",
                    "give each post its own 'id:' (or remove it to use the post's address)",
                )
            )
    return problems


def build_item(
    post: Post,
    site_url: str,
    html_body: str = "",
    *,
    authors: Sequence[Person] = (),
    key_terms: Sequence[KeyTermLink] = (),
) -> FeedItem:
    """A post as a feed item: absolute permalink, stable id and its HTML body (cleaned when a feed
    first carries the item).

    The id is the post's permanent address (site_url + its URL, from the engine) unless the post sets `id:`.
    """
    url = absolute_url(site_url, post.url)
    custom = post.feed_id
    return FeedItem(
        post=post,
        url=url,
        id=custom or url,
        is_permalink=custom is None,
        body=html_body,
        authors=tuple(authors),
        key_terms=tuple(key_terms),
    )


@dataclass(frozen=True)
class KeyTermLink:
    """A glossary term a post uses, for the "Key terms" list that ends its feed item."""

    term: str
    summary: str  # plain text
    url: str  # absolute URL of the entry


def _key_terms_html(terms: Sequence[KeyTermLink]) -> str:
    """What the site's tooltips give, for feed readers: each term, its summary and a link to its entry."""
    if not terms:
        return ""
    rows = "".join(
        f'<li><a href="{html.escape(t.url)}">{html.escape(t.term)}</a>: {html.escape(t.summary)}</li>' for t in terms
    )
    return f"<h2>Key terms</h2><ul>{rows}</ul>"


def select_items(items: Iterable[FeedItem], limit: int = 0, category: str | None = None) -> list[FeedItem]:
    """The published items (no drafts, nothing scheduled), newest first, at most `limit`."""
    chosen = [item for item in items if item.post.published and (category is None or category in item.post.categories)]
    chosen.sort(key=lambda item: (item.post.date, item.post.part, item.url), reverse=True)
    return chosen[:limit] if limit > 0 else chosen


def last_change(items: Sequence[FeedItem]) -> dt.datetime:
    """The feed's own date: the newest change among its items, never the clock."""
    return max((item.changed for item in items), default=EMPTY_FEED_DATE)


def render_rss(
    site: SiteInfo, title: str, description: str, link: str, self_url: str, items: Sequence[FeedItem], *, full: bool
) -> bytes:
    """An RSS 2.0 document with `items` in the given order (newest first)."""
    fg = FeedGenerator()
    fg.load_extension("dc", atom=False, rss=True)
    fg.title(title)
    fg.description(description or title)
    # feedgen uses the last link given as the RSS <link>, and the rel=self one for <atom:link>.
    fg.link(href=self_url, rel="self", type=RSS_TYPE)
    fg.link(href=link, rel="alternate")
    if site.language:
        fg.language(site.language)
    if site.copyright:
        fg.copyright(site.copyright)
    if site.author and site.author.email:
        fg.managingEditor(f"{site.author.email} ({site.author.name})")
    elif site.author:
        fg.dc.dc_creator(site.author.name)
    if site.image:
        image = site.image
        fg.image(url=image.url, title=title, link=link, width=str(image.width), height=str(image.height))
    fg.lastBuildDate(last_change(items))
    if items:
        fg.pubDate(max(item.post.date for item in items))
    for item in items:
        entry = fg.add_entry(order="append")
        entry.title(item.title)
        entry.link(href=item.url)
        entry.guid(item.id, permalink=item.is_permalink)
        entry.pubDate(item.post.date)
        # Readers treat <description> as HTML: escape it so author text stays text.
        entry.description(_as_html(item.post.description))
        if full and item.html:
            entry.content(item.html)
        for category in item.post.categories:
            entry.category(term=category)
        for author in item.authors:
            entry.dc.dc_creator(author.name)
    # The RSS Best Practices Profile asks for "&" and "<" as hexadecimal references, which every
    # parser reads the same way. lxml writes them as &amp; and &lt;, and writes no CDATA here.
    return fg.rss_str(pretty=True).replace(b"&amp;", b"&#x26;").replace(b"&lt;", b"&#x3C;")


def render_atom(
    site: SiteInfo, title: str, description: str, link: str, self_url: str, items: Sequence[FeedItem], *, full: bool
) -> bytes:
    """An Atom 1.0 document with `items` in the given order (newest first)."""
    fg = FeedGenerator()
    fg.id(self_url)
    fg.title(title)
    if description:
        fg.subtitle(description)
    fg.link(href=link, rel="alternate", type="text/html")
    fg.link(href=self_url, rel="self", type=ATOM_TYPE)
    if site.language:
        fg.language(site.language)
    if site.copyright:
        fg.rights(site.copyright)
    if site.author:
        fg.author(_atom_person(site.author))
    if site.icon:
        fg.icon(site.icon)
    # Atom takes any image as its logo: the feeds' image when there is one, else the theme's logo.
    if site.image or site.logo:
        fg.logo(site.image.url if site.image else site.logo)
    fg.updated(last_change(items))
    for item in items:
        entry = fg.add_entry(order="append")
        entry.id(item.id)
        entry.title(item.title)
        entry.link(href=item.url, rel="alternate", type="text/html")
        entry.published(item.post.date)
        entry.updated(item.changed)
        entry.summary(_as_html(item.post.description), type="html")
        if full and item.html:
            entry.content(item.html, type="html")
        for category in item.post.categories:
            entry.category(term=category, label=category)
        for author in item.authors:
            entry.author(_atom_person(author))
    return fg.atom_str(pretty=True)


def _as_html(text: str) -> str:
    """Plain author text as HTML that shows exactly that text (the way readers treat summaries)."""
    return html.escape(text, quote=False)


def _atom_person(person: Person) -> dict[str, str]:
    found = {"name": person.name}
    if person.email:
        found["email"] = person.email
    if person.uri:
        found["uri"] = person.uri
    return found


def category_feed_path(options: FeedOptions, slug: str) -> str:
    """Where a category's RSS feed is written, relative to the site folder."""
    return posixpath.normpath(options.category_path.format(slug=slug))


def build_feeds(
    site: SiteInfo,
    options: FeedOptions,
    items: Iterable[FeedItem],
    categories: Sequence[CategoryInfo] = (),
) -> list[FeedFile]:
    """Every feed of the site: the series as RSS and Atom, then one RSS feed per category.

    Drafts and scheduled posts are left out; items run newest first.
    """
    items = list(items)
    chosen = select_items(items, options.limit)
    full = options.full_content
    rss_url = absolute_url(site.url, options.rss_path)
    atom_url = absolute_url(site.url, options.atom_path)
    title, description = options.title, options.description
    feeds = [
        FeedFile(
            options.rss_path,
            rss_url,
            "rss",
            title,
            "RSS",
            render_rss(site, title, description, site.home, rss_url, chosen, full=full),
        ),
        FeedFile(
            options.atom_path,
            atom_url,
            "atom",
            title,
            "Atom",
            render_atom(site, title, description, site.home, atom_url, chosen, full=full),
        ),
    ]
    if options.json_path:
        json_url = absolute_url(site.url, options.json_path)
        content = render_json_feed(site, title, description, site.home, json_url, chosen, full=full)
        feeds.append(FeedFile(options.json_path, json_url, "json", title, "JSON Feed", content))
    if not options.category_path:
        return feeds
    for category in sorted(categories, key=lambda c: c.slug):
        path = category_feed_path(options, category.slug)
        url = absolute_url(site.url, path)
        in_category = select_items(items, options.limit, category=category.name)
        category_title = f"{title}: {category.name}"
        category_description = f"The posts of {title} filed under {category.name}."
        content = render_rss(site, category_title, category_description, category.link, url, in_category, full=full)
        feeds.append(FeedFile(path, url, "rss", category_title, category.name, content, category.name))
    return feeds
