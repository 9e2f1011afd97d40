"""Series hook: reads and checks every post, numbers the parts, adds "Part N of M" navigation."""

from __future__ import annotations

import dataclasses
import posixpath

import tce_site
from mkdocs.plugins import event_priority
from tce_toolkit.posts import is_published, parse_post
from tce_toolkit.series import order_series, place_in_series

SERIES_MARKER = "<!-- series-list -->"


def on_startup(command: str, dirty: bool) -> None:
    tce_site.set_command(command)


def on_config(config):
    tce_site.state(config)  # a fresh state for this build
    return config


def on_files(files, config):
    """Read and check every post before the blog plugin does (priority 0 runs before its -50)."""
    state = tce_site.state(config)
    blog = tce_site.blog_plugin(config)
    if blog is None:
        return files
    posts_dir = posixpath.normpath(blog.config.post_dir.format(blog=blog.config.blog_dir))
    authors = getattr(blog, "authors", None) if blog.config.authors else None
    known = set(authors) if authors is not None else None
    allowed = list(blog.config.categories_allowed or [])
    posts, problems = [], []
    for file in files.documentation_pages():
        if not file.src_uri.startswith(posts_dir + "/"):
            continue
        src = tce_site.project_path(config, file.abs_src_path)
        with open(file.abs_src_path, encoding="utf-8-sig") as handle:
            text = handle.read()
        post, report = parse_post(text, src, file.src_uri, known_authors=known, allowed_categories=allowed)
        problems += report.errors
        state.report.warnings += report.warnings
        if post is not None:
            posts.append(post)
    # Drafts and scheduled posts are part of the series only in live preview.
    shown = posts if state.is_serve else [post for post in posts if is_published(post, state.now)]
    # A post that could not be read would show up again as a gap in the parts: report it alone.
    tce_site.raise_if_errors(problems)
    ordered, series_problems = order_series(shown)
    tce_site.raise_if_errors(series_problems)
    tce_site.warn(state.report.warnings)
    state.posts = ordered
    return files


@event_priority(-100)
def on_nav(nav, config, files):
    """Once the blog plugin has placed the posts, learn their URLs and each one's neighbours."""
    state = tce_site.state(config)
    placed = []
    for post in state.posts:
        file = files.get_file_from_path(post.src_uri)
        placed.append(dataclasses.replace(post, url=file.url if file else post.url))
    state.posts = placed
    state.places = place_in_series(placed)
    return nav


def on_page_markdown(markdown, page, config, files):
    state = tce_site.state(config)
    if page.file.src_uri in state.places and page.meta.get("template") == "blog-post.html":
        page.meta["template"] = "series-post.html"
    return markdown


def on_page_context(context, page, config, nav):
    state = tce_site.state(config)
    place = state.places.get(page.file.src_uri)
    if place is not None:
        context["series_place"] = place
        # Only `mkdocs serve` shows unpublished posts: label them so nobody mistakes them for live ones.
        post = state.post_at(page.file.src_uri)
        if post.draft:
            context["series_status"] = "Draft"
        elif not is_published(post, state.now):
            context["series_status"] = f"Scheduled for {post.date:%Y-%m-%d}"
    return context


@event_priority(-50)
def on_env(env, config, files):
    """Put the list of parts wherever a page holds the series marker (the home page)."""
    state = tce_site.state(config)
    template = env.get_template("partials/series-list.html")
    for file in files.documentation_pages():
        page = file.page
        if page is None or not page.content or SERIES_MARKER not in page.content:
            continue
        listing = template.render(series=state.posts, page=page, config=config, base_url=_base_url(page))
        page.content = page.content.replace(SERIES_MARKER, listing)
    return env


def _base_url(page) -> str:
    """Relative path from a page back to the site root, as MkDocs templates use it."""
    depth = page.url.count("/") if page.url else 0
    return "/".join([".."] * depth) or "."
