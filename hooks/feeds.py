"""Feeds hook: RSS 2.0 and Atom feeds of the series, one RSS feed per category, and the links to them.

Settings live under `extra: feeds:` in mkdocs.yml (see `FeedSettings`). The feeds are built in
`on_env`, once every page has been rendered, and written in `on_post_build`.
"""

from __future__ import annotations

import os
import posixpath
import re
from dataclasses import dataclass, field
from typing import Any

import tce_site
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.plugins import get_plugin_logger
from mkdocs.utils import write_file
from tce_toolkit.errors import AuthorError
from tce_toolkit.feeds import (
    CategoryInfo,
    FeedFile,
    FeedItem,
    FeedOptions,
    Person,
    SiteInfo,
    absolute_url,
    build_feeds,
    build_item,
    check_entry_id,
    check_unique_ids,
    html_to_text,
)
from tce_toolkit.meta import line_of_key
from tce_toolkit.posts import slugify

SUBSCRIBE_MARKER = "<!-- subscribe -->"
log = get_plugin_logger("feeds")


class FeedSettings(base.Config):
    """`extra.feeds` in mkdocs.yml. Every setting has a default; none is required."""

    enabled = c.Type(bool, default=True)
    title = c.Type(str, default="")  # empty: the site_name
    description = c.Type(str, default="")  # empty: the site_description
    limit = c.Type(int, default=20)  # newest items per feed; 0 keeps every published post
    full_content = c.Type(bool, default=True)  # false: each item carries only the post's description
    rss_path = c.Type(str, default="feed.xml")
    atom_path = c.Type(str, default="atom.xml")
    category_path = c.Type(str, default="category/{slug}/feed.xml")  # empty: no category feeds
    email = c.Type(str, default="")  # the managing editor's address, shown to feed readers


@dataclass
class FeedBuild:
    """What this hook learns during one build; replaced by `on_config` for every build."""

    config: Any
    enabled: bool
    options: FeedOptions | None = None
    email: str = ""
    html: dict[str, str] = field(default_factory=dict)  # post src_uri -> rendered HTML
    ids: dict[str, str] = field(default_factory=dict)  # post src_uri -> front-matter `id:`
    problems: list[AuthorError] = field(default_factory=list)
    feeds: list[FeedFile] = field(default_factory=list)
    page_feeds: dict[str, list[FeedFile]] = field(default_factory=dict)  # page URL -> its own feeds


_build: FeedBuild | None = None


def on_config(config):
    """Check the settings; a build without site_url cannot write feeds."""
    global _build
    settings, problems = _read_settings(config)
    tce_site.raise_if_errors(problems)
    _build = FeedBuild(config=config, enabled=settings.enabled, email=settings.email.strip())
    if not settings.enabled:
        return config
    if not config.site_url:
        tce_site.raise_if_errors(
            [
                AuthorError(
                    _config_src(config),
                    None,
                    "site_url is not set, and the feeds need the site's public address for every link in them",
                    "add 'site_url: https://your-site.example/' to mkdocs.yml "
                    "(or switch the feeds off with 'enabled: false' under 'extra: feeds:')",
                )
            ]
        )
    _build.options = FeedOptions(
        title=settings.title.strip() or config.site_name,
        description=" ".join((settings.description or config.site_description or "").split()),
        limit=settings.limit,
        full_content=settings.full_content,
        rss_path=settings.rss_path,
        atom_path=settings.atom_path,
        category_path=settings.category_path,
    )
    return config


def on_page_content(html, page, config, files):
    """Keep each post's finished HTML (this hook is listed last, so other hooks have had their turn)."""
    build = _current(config)
    if not build.enabled:
        return html
    src_uri = page.file.src_uri
    if tce_site.state(config).post_at(src_uri) is not None:
        build.html[src_uri] = html
        if page.meta.get("id") is not None:
            value = page.meta["id"]
            line = line_of_key(page.file.content_string, "id", default=None)
            problem = check_entry_id(value, tce_site.project_path(config, page.file.abs_src_path), line)
            if problem:
                build.problems.append(problem)
            else:
                build.ids[src_uri] = value.strip()
    return html


def on_env(env, config, files):
    """Build every feed, offer them to the templates and fill the Subscribe markers."""
    build = _current(config)
    env.globals["tce_feed_links"] = []
    if build.enabled and build.options is not None:
        items = _items(build, config)
        tce_site.raise_if_errors(build.problems + check_unique_ids(items))
        categories, category_pages = _categories(config, files)
        site = _site_info(config, files, build.email)
        build.feeds = build_feeds(site, build.options, items, tce_site.state(config).now, categories)
        env.globals["tce_feed_links"] = [feed for feed in build.feeds if feed.category is None]
        for feed in build.feeds:
            if feed.category in category_pages:
                build.page_feeds.setdefault(category_pages[feed.category], []).append(feed)
    template = env.get_template("partials/subscribe.html")
    for file in files.documentation_pages():
        page = file.page
        if page is None or not page.content or SUBSCRIBE_MARKER not in page.content:
            continue
        links = ""
        if build.feeds:
            links = template.render(
                feeds=[feed for feed in build.feeds if feed.category is None],
                categories=[feed for feed in build.feeds if feed.category is not None],
                page=page,
                config=config,
                base_url=_base_url(page),
            )
        page.content = page.content.replace(SUBSCRIBE_MARKER, links)
    return env


def on_page_context(context, page, config, nav):
    """A category's page also announces that category's own feed."""
    build = _current(config)
    own = build.page_feeds.get(page.url)
    if own:
        context["tce_page_feeds"] = own
    return context


def on_post_build(config):
    """Write the feeds into the built site (never into docs/)."""
    build = _current(config)
    for feed in build.feeds:
        write_file(feed.content, os.path.join(config.site_dir, *feed.path.split("/")))
    if build.feeds:
        log.info(f"Wrote {len(build.feeds)} feeds: {', '.join(feed.path for feed in build.feeds)}")


# --- adapters: MkDocs and Material objects in, the feed core's dataclasses out ---------------------


def _current(config) -> FeedBuild:
    """This build's feed state (a fresh, empty one if on_config has not seen this config)."""
    global _build
    if _build is None or _build.config is not config:
        _build = FeedBuild(config=config, enabled=False)
    return _build


def _items(build: FeedBuild, config) -> list[FeedItem]:
    site_url = config.site_url
    authors = _authors(config)
    return [
        build_item(
            post,
            site_url,
            build.html.get(post.src_uri, ""),
            entry_id=build.ids.get(post.src_uri),
            authors=[authors.get(key) or Person(key) for key in post.authors],
        )
        for post in tce_site.state(config).posts
    ]


def _authors(config) -> dict[str, Person]:
    """Bylines from docs/blog/.authors.yml, by key."""
    blog = tce_site.blog_plugin(config)
    if blog is None or not blog.config.authors:
        return {}
    found = {}
    for key, author in (getattr(blog, "authors", None) or {}).items():
        uri = absolute_url(config.site_url, author.url) if author.url else None
        found[key] = Person(author.name, uri=uri)
    return found


def _site_info(config, files, email: str) -> SiteInfo:
    site_url = config.site_url
    blog = tce_site.blog_plugin(config)
    home = site_url
    if blog is not None:
        index = files.get_file_from_path(posixpath.join(blog.config.blog_dir, "index.md"))
        if index is not None:
            home = absolute_url(site_url, index.url)
    theme = config.theme
    icon, logo = theme.get("favicon"), theme.get("logo")
    return SiteInfo(
        url=site_url,
        home=home,
        language=theme.get("language") or None,
        author=Person(config.site_author or config.site_name, email=email or None),
        copyright=html_to_text(config.copyright or "") or None,
        icon=absolute_url(site_url, icon) if icon else None,
        logo=absolute_url(site_url, logo) if logo else None,
    )


def _categories(config, files) -> tuple[list[CategoryInfo], dict[str, str]]:
    """Every category a post may use, and the URL of each page Material's blog made for one."""
    blog = tce_site.blog_plugin(config)
    names = set(blog.config.categories_allowed or []) if blog is not None else set()
    names.update(name for post in tce_site.state(config).posts for name in post.categories)
    if blog is None:
        return [CategoryInfo(name, slugify(name), config.site_url) for name in sorted(names)], {}
    index = files.get_file_from_path(posixpath.join(blog.config.blog_dir, "index.md"))
    found, pages = [], {}
    for name in sorted(names):
        slug = blog.config.categories_slugify(name, blog.config.categories_slugify_separator)
        path = posixpath.normpath(blog.config.categories_url_format.format(slug=slug).strip("/"))
        page = files.get_file_from_path(posixpath.join(blog.config.blog_dir, path + ".md"))
        if page is not None:
            pages[name] = page.url
        # A category with no published post yet has no page: its feed points at the blog index.
        link = page.url if page is not None else (index.url if index is not None else "")
        found.append(CategoryInfo(name, slug, absolute_url(config.site_url, link)))
    return found, pages


def _base_url(page) -> str:
    """Relative path from a page back to the site root, as MkDocs templates use it."""
    depth = page.url.count("/") if page.url else 0
    return "/".join([".."] * depth) or "."


def _config_src(config) -> str:
    return tce_site.project_path(config, config.config_file_path or "mkdocs.yml")


_FEED_PATH = re.compile(r"^[A-Za-z0-9_.{}/-]+\.xml$")


def _read_settings(config) -> tuple[FeedSettings, list[AuthorError]]:
    """`extra.feeds` checked against `FeedSettings`, with one problem per bad setting."""
    src = _config_src(config)
    raw = (config.extra or {}).get("feeds")
    settings = FeedSettings(config_file_path=config.config_file_path)
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        settings.load_dict({})
        settings.validate()
        return settings, [
            AuthorError(
                src,
                tce_site.setting_line(config, "feeds", None),
                "'feeds' under 'extra' must be a set of settings",
                "write one setting per line below 'feeds:', e.g. '    limit: 20'",
            )
        ]
    settings.load_dict(dict(raw))
    errors, warnings = settings.validate()
    problems = [
        AuthorError(
            src,
            tce_site.setting_line(config, "feeds", key),
            f"the feed setting '{key}' is wrong: {error}",
            _HINTS.get(key, ""),
        )
        for key, error in errors
    ]
    known = [name for name, _ in FeedSettings._schema]
    problems += [
        AuthorError(
            src,
            tce_site.setting_line(config, "feeds", key),
            f"'{key}' is not a feed setting",
            f"use one of: {', '.join(known)}",
        )
        for key, _ in warnings
        if key not in known
    ]
    if problems:
        return settings, problems
    if isinstance(settings.limit, bool) or settings.limit < 0:
        problems.append(
            AuthorError(
                src,
                tce_site.setting_line(config, "feeds", "limit"),
                "the feed limit must be 0 or more",
                _HINTS["limit"],
            )
        )
    paths = {"rss_path": settings.rss_path, "atom_path": settings.atom_path}
    if settings.category_path:
        paths["category_path"] = settings.category_path
    for key, value in paths.items():
        parts = value.split("/")
        if not _FEED_PATH.match(value) or value.startswith("/") or ".." in parts or "" in parts or "." in parts:
            problems.append(
                AuthorError(
                    src,
                    tce_site.setting_line(config, "feeds", key),
                    f"the feed path {value!r} is not a plain path",
                    _HINTS[key],
                )
            )
    if settings.category_path and "{slug}" not in settings.category_path:
        problems.append(
            AuthorError(
                src,
                tce_site.setting_line(config, "feeds", "category_path"),
                "the category feed path has no '{slug}'",
                _HINTS["category_path"],
            )
        )
    if settings.rss_path == settings.atom_path:
        problems.append(
            AuthorError(
                src,
                tce_site.setting_line(config, "feeds", "atom_path"),
                "the RSS and Atom feeds would be written to the same file",
                "give 'rss_path' and 'atom_path' different file names",
            )
        )
    return settings, problems


_HINTS = {
    "enabled": "write 'enabled: true' or 'enabled: false'",
    "title": "write the feed's title as text, or remove the line to use site_name",
    "description": "write one or two sentences, or remove the line to use site_description",
    "limit": "write a whole number such as 'limit: 20' (0 keeps every published post)",
    "full_content": "write 'full_content: true' (the whole post) or 'full_content: false' (its description only)",
    "rss_path": "write a path inside the site ending in .xml, e.g. 'rss_path: feed.xml'",
    "atom_path": "write a path inside the site ending in .xml, e.g. 'atom_path: atom.xml'",
    "category_path": "write a path ending in .xml with '{slug}' in it, e.g. 'category/{slug}/feed.xml', "
    "or '' for no category feeds",
    "email": "write the managing editor's address, e.g. 'email: editors@example.org'",
}
