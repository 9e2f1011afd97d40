"""Page events: what the toolkit does to each page while MkDocs renders it, and to the page it writes."""

from __future__ import annotations

import posixpath

from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url
from tce_toolkit.errors import AuthorError
from tce_toolkit.facilitator import has_notes, strip_notes
from tce_toolkit.markup import GLOSSARY_DIR, UNKNOWN_ATTR, WORKSHEET_LINK_MARKER
from tce_toolkit.page import after_reflect, entry_meta, links_terms, page_template, reflect_id_problem
from tce_toolkit.shortcuts import unknown_problems
from tce_toolkit.theme_fixes import fix_theme_markup

from .problems import project_path
from .state import Build


def _entry(build: Build, page):
    if posixpath.dirname(page.file.src_uri) != GLOSSARY_DIR:
        return None
    return build.model().entry(page.file.name)


def on_markdown(build: Build, page, markdown: str) -> str:
    """Posts of the series get the series layout; glossary entries describe themselves by their summary.

    Facilitator notes leave the Markdown here, before it is converted: no page, feed or search index
    ever holds them (the worksheets take them from the model).
    """
    series = build.model()
    if "template" in page.meta:
        page.meta["template"] = page_template(series.post(page.file.src_uri), page.meta["template"])
    entry = _entry(build, page)
    if entry is not None:
        for key, value in entry_meta(entry).items():
            page.meta.setdefault(key, value)
    return strip_notes(markdown) if has_notes(markdown) else markdown


def on_content(build: Build, page, html: str) -> str:
    """Link glossary terms, mark the worksheet link's place, and hand the theme the title as text."""
    series = build.model()
    post, entry = series.post(page.file.src_uri), _entry(build, page)
    if UNKNOWN_ATTR in html:
        build.problems += _unknown_problems(build, page, html)
    if links_terms(post, entry, page.meta) and build.linker is not None:
        skip = [entry.slug] if entry is not None else []
        html, used = build.linker.link(html, lambda target: get_relative_url(target, page.url), skip=skip)
        if post is not None:
            build.post_terms[post.src_uri] = used
    if post is not None and post.has_worksheet:
        marked = after_reflect(html, post, WORKSHEET_LINK_MARKER)
        if marked is None:
            build.problems.append(reflect_id_problem(post))
        else:
            html = marked
    if post is not None and post.published:
        build.post_html[post.src_uri] = html
    # MkDocs' theme prints titles without escaping: from here on the title is escaped text.
    title = post.title if post is not None else page.title
    if isinstance(title, str) and not isinstance(title, Markup):
        page.title = escape(title)
    return html


def _unknown_problems(build: Build, page, html: str) -> list[AuthorError]:
    src = project_path(build.config, page.file.abs_src_path) if page.file.abs_src_path else page.file.src_uri
    return unknown_problems(html, page.file.content_string or "", src)


def on_context(build: Build, context: dict, page) -> dict:
    """ "Part N of M" and a Draft/Scheduled label for posts; descriptions handed to the theme as text."""
    series = build.model()
    place = series.place(page.file.src_uri)
    if place is not None:
        post = series.post(page.file.src_uri)
        context["series_place"] = place
        # Only `mkdocs serve` shows unpublished posts: label them so nobody mistakes them for live ones.
        status = None
        if post.status == "draft":
            status = "Draft"
        elif post.status == "scheduled":
            status = f"Scheduled for {post.date:%Y-%m-%d}"
        fragments = build.fragments
        context["tce_series_nav"] = fragments.render("series-nav", page, series_place=place, series_status=status)
        context["tce_series_pager"] = fragments.render("series-pager", page, series_place=place)
        related = build.related.get(page.file.src_uri)
        context["tce_related"] = fragments.render("related-parts", page, related=related) if related else None
        page.meta["description"] = escape(post.description)
    elif isinstance(page.meta.get("description"), str) and not isinstance(page.meta["description"], Markup):
        page.meta["description"] = escape(" ".join(page.meta["description"].split()))
    if isinstance(page.meta.get("title"), str) and not isinstance(page.meta["title"], Markup):
        page.meta["title"] = escape(page.meta["title"])
    own = build.page_feeds.get(page.url)
    if own:
        context["tce_page_feeds"] = own
    return context


def on_output(build: Build, output: str) -> str:
    """A finished page, as MkDocs writes it: the theme's own markup mended (`tce_toolkit.theme_fixes`)."""
    if build.search_name is None:
        raise PluginError("The toolkit's on_env did not run before the pages were written: it reads the theme's words.")
    return fix_theme_markup(output, search_name=build.search_name)
