"""The toolkit's adapter to Zensical: the glossary and the series as a Python-Markdown extension.

    series, problems = load_series(...)          # or the MkDocs adapter's model
    ext = ToolkitExtension(series, templates=Path("overrides"), site_name="Through the Customer's Eyes")
    md = markdown.Markdown(extensions=["attr_list", "pymdownx.superfences", ext])
    html = md.convert(ext.page_source("blog/posts/x.md"))  # or set ext.page = Page(...) yourself

For each page it does what the MkDocs hook does, with the same core code: titles as text, `[[...]]`
shortcuts, the glossary linker (first use of each term, with its summary as tooltip), "Part N of M" with
previous and next on a post, and the listings its markers ask for (series list, glossary index, and
under an entry its related entries, "Appears in" and previous/next entry), rendered from the same
templates (`fragments/tce/*.html` below `templates`) with autoescape on. Terms used by the posts are
remembered as posts are converted, so convert the posts before the glossary entries ("Appears in").

It imports the core only (no MkDocs, no Zensical), save for the one case `_model_in_process` names.

**Zensical.** Listed under `markdown_extensions` as `tce_toolkit.markdown` (with `model: FILE`; that
module hands over to this one), `makeExtension` serves Zensical, which reads mkdocs.yml but runs no MkDocs hooks: Zensical hands
each page's URL, source path and front matter to extensions through a preprocessor named
`rendering_context` (found here by duck typing). With one there, the page gets everything the hook gives
it under MkDocs, from a `SiteModel` (the series as Material's blog placed it, the terms each post uses,
the feeds) that the MkDocs adapter writes with `python -m tce_toolkit model --output FILE`. The series
navigation and the feed links reach the theme through the page's metadata (`page.meta`): see
`overrides/series-post.html` and `overrides/partials/feed-links.html`. Without that preprocessor (MkDocs,
or any other pipeline) `makeExtension` adds nothing at all: under MkDocs the hook does the work.
`make build-zensical` lists the extension in a configuration of its own (`tce zensical-config`), not in
mkdocs.yml, which MkDocs builds.
"""

from __future__ import annotations

import os
import posixpath
import threading
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor
from tce_toolkit import fragments
from tce_toolkit.facilitator import has_notes, strip_notes
from tce_toolkit.linker import Linker
from tce_toolkit.markup import MARKERS
from tce_toolkit.meta import parse_document
from tce_toolkit.models import GlossaryEntry, Post, Series
from tce_toolkit.page import (
    after_reflect,
    entry_meta,
    links_terms,
    page_template,
    series_feeds,
    subscribe_context,
    worksheet_targets,
)
from tce_toolkit.shortcuts import ShortcutExtension
from tce_toolkit.site_model import FeedRef, ModelError, SiteModel, read_model
from tce_toolkit.titles import TitleTextExtension
from tce_toolkit.worksheets.names import Paper

# After raw HTML and comments are put back (30), before anything that might come late.
PRIORITY = 5
RENDERING_CONTEXT = "rendering_context"  # Zensical's preprocessor with `.page` (url, path, meta)


@dataclass
class Page:
    """The page being converted: its site-relative URL and its source path relative to docs/."""

    url: str
    src_uri: str
    meta: Mapping[str, Any] = field(default_factory=dict)


@jinja2.pass_context
def _url(context: Any, target: str) -> str:
    page = context.get("page")
    return fragments.relative_url(str(target), page.url if page is not None else "")


class _Site:
    """What every page of one site shares: the model, the glossary linker and the fragments' templates."""

    def __init__(self, model: SiteModel, templates: Path | Sequence[Path]) -> None:
        self.model = model
        self.linker = Linker.build(model.series.entries)
        self.entries = {entry.src_uri: entry for entry in model.series.entries}
        folders = [templates] if isinstance(templates, str | Path) else list(templates)
        loader = jinja2.FileSystemLoader([str(folder) for folder in folders])
        self.env = fragments.environment(loader, filters={"url": _url})


class _Start(Preprocessor):
    def __init__(self, md: Markdown, extension: ToolkitExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        self.extension._document = False
        # Facilitator notes are for the worksheets only: no page ever holds them.
        text = "\n".join(lines)
        return strip_notes(text).split("\n") if has_notes(text) else lines


class _Document(Treeprocessor):
    """Marks the moment the whole page is serialised next: `toc` runs the postprocessors on each heading
    before this (for the table of contents), and the page is finished only once, on the whole page."""

    def __init__(self, md: Markdown, extension: ToolkitExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: Any) -> None:
        self.extension._document = True


class _SeriesPostprocessor(Postprocessor):
    def __init__(self, md: Markdown, extension: ToolkitExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        if not self.extension._document:
            return text  # a heading for the table of contents, not the page
        self.extension._document = False
        return self.extension.finish_page(text)


class ToolkitExtension(Extension):
    """Titles as text, shortcuts, term links, series navigation and listings from one `Series`."""

    def __init__(
        self,
        series: Series,
        *,
        templates: Path | Sequence[Path],
        site_name: str = "",
        post_terms: Mapping[str, Sequence[str]] | None = None,
        _site: _Site | None = None,
    ) -> None:
        super().__init__()
        self.site = _site or _Site(SiteModel(series, site_name), templates)
        self.series = self.site.model.series
        self.linker = self.site.linker
        self.env = self.site.env
        self.post_terms: dict[str, list[str]] = {
            key: list(value) for key, value in (post_terms or self.site.model.post_terms).items()
        }
        self._config = SimpleNamespace(site_name=self.site.model.site_name)
        self._page: Page | None = None
        self._document = False

    @property
    def page(self) -> Page | None:
        """The page being converted."""
        return self._page

    @page.setter
    def page(self, page: Page | None) -> None:
        self._page = page

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        TitleTextExtension().extendMarkdown(md)
        ShortcutExtension(self.linker.resolve).extendMarkdown(md)
        md.preprocessors.register(_Start(md, self), "tce_start", 1000)
        # Last of all treeprocessors (toc is 5, unescape 0).
        md.treeprocessors.register(_Document(md, self), "tce_document", -100)
        md.postprocessors.register(_SeriesPostprocessor(md, self), "tce_series", PRIORITY)

    def page_source(self, src_uri: str, docs: Path = Path("docs")) -> str:
        """Set the page to the post or entry `src_uri` and return its Markdown body (front matter off)."""
        post = self.series.post(src_uri)
        entry = self.site.entries.get(src_uri)
        url = post.url if post else (entry.url if entry else "")
        text = (docs / src_uri).read_text(encoding="utf-8")
        document = parse_document(text, src_uri)
        self.page = Page(url, src_uri, document.meta)
        return document.body

    def _link_base(self) -> str:
        """The URL that links in the page's HTML are relative to: the page's own."""
        return self.page.url if self.page else ""

    def _render(self, name: str, **context: Any) -> str:
        """A fragment for the page's HTML, its links relative to `_link_base()`."""
        page = self.page
        at = Page(self._link_base(), page.src_uri, page.meta) if page is not None else None
        return str(fragments.render(self.env, name, page=at, config=self._config, **context))

    def _rel(self, target: str) -> str:
        return fragments.relative_url(target, self._link_base())

    def _link_terms(self, html: str, post: Post | None, entry: GlossaryEntry | None) -> str:
        page = self.page
        if links_terms(post, entry, page.meta):
            skip = [entry.slug] if entry is not None else []
            html, used = self.linker.link(html, self._rel, skip=skip)
            if post is not None:
                self.post_terms[post.src_uri] = used
        return html

    def _fill_listings(self, html: str) -> str:
        for name, context in fragments.listings(self.series).items():
            if MARKERS[name] in html:
                html = html.replace(MARKERS[name], self._render(name, **context))
        return html

    def _entry_section(self, entry: GlossaryEntry) -> str:
        return self._render("glossary-entry", **fragments.entry_contexts(self.series, self.post_terms)[entry.slug])

    def finish_page(self, html: str) -> str:
        """Link terms, add the series navigation and fill the markers of the page being converted."""
        page = self.page
        if page is None:
            return html
        post, entry = self.series.post(page.src_uri), self.site.entries.get(page.src_uri)
        html = self._link_terms(html, post, entry)
        place = self.series.place(page.src_uri)
        if place is not None:
            nav = self._render("series-nav", series_place=place, series_status=None)
            html = nav + html + self._render("series-pager", series_place=place)
        html = self._fill_listings(html)
        if entry is not None:
            html += self._entry_section(entry)
        return html


class ZensicalExtension(ToolkitExtension):
    """The toolkit for one page that Zensical renders: its context is Zensical's `rendering_context`."""

    def __init__(self, site: _Site, context: Any) -> None:
        super().__init__(site.model.series, templates=(), _site=site)
        self.context = context

    @property
    def page(self) -> Page | None:
        page = self.context.page
        return Page(page.url, page.path, page.meta)

    @page.setter
    def page(self, page: Page | None) -> None:
        raise AttributeError("under Zensical the page is Zensical's own")

    def _paper(self) -> Paper:
        """The site's paper, the one the worksheet link offers: `extra.worksheets.paper` as the settings'
        reader read and checked it when the model was written (an unknown paper stops `tce model` there,
        with the MkDocs build's message), never a guess."""
        paper = self.site.model.worksheet_paper
        if paper is None:
            raise ModelError(
                "The model of the series names no worksheet paper, which the worksheet links need:"
                " write it with `python -m tce_toolkit model --output FILE`."
            )
        return paper

    def _link_base(self) -> str:
        # Zensical reads every relative link in a page's HTML as relative to its source file, as in
        # Markdown (`[x](../glossary/x.md)`), and writes it again for the page's URL: so links in the HTML
        # start from the source's folder (blog/posts/ for blog/x/, glossary/ for glossary/x/).
        folder = posixpath.dirname(self.context.page.path)
        return folder + "/" if folder else ""

    def _render_for_theme(self, name: str, **context: Any) -> str:
        """A fragment that the theme puts in the page (page.meta), its links relative to the page's URL."""
        return str(fragments.render(self.env, name, page=self.page, config=self._config, **context))

    def _feed_links(self, feeds: Sequence[FeedRef]) -> list[dict[str, str]]:
        return [{"path": f.path, "title": f.title, "media_type": f.media_type} for f in feeds]

    def _worksheet_link(self, html: str, post: Post) -> str:
        model = self.site.model
        sheet, pdf = worksheet_targets(
            post, self._paper(), pdf=model.worksheet_pdfs, directory_urls=model.directory_urls
        )
        link = self._render(
            "worksheet-link", worksheet_href=self._rel(sheet), pdf_href=self._rel(pdf) if pdf is not None else None
        )
        # `tce model` has checked that every post has its Reflect heading's id.
        return after_reflect(html, post, link) or html

    def _fill_feeds(self, html: str) -> str:
        feeds = self.site.model.feeds
        if MARKERS["subscribe"] in html:
            context = subscribe_context(feeds)
            line = self._render("subscribe", **context) if context is not None else ""
            html = html.replace(MARKERS["subscribe"], line)
        if MARKERS["subscribe-page"] in html:
            html = html.replace(MARKERS["subscribe-page"], self._render("subscribe-page", feeds=list(feeds)))
        return html

    def finish_page(self, html: str) -> str:
        """What the hook does to a page under MkDocs, with the series navigation handed to the theme."""
        page, model = self.page, self.site.model
        meta: dict = page.meta  # Zensical's own dict: what is set here reaches the templates as page.meta
        post, entry = self.series.post(page.src_uri), self.site.entries.get(page.src_uri)
        html = self._link_terms(html, post, entry)
        if post is not None and post.has_worksheet:
            html = self._worksheet_link(html, post)
        html = self._fill_feeds(self._fill_listings(html))  # the worksheet catalogue: `worksheets --site`
        if entry is not None:
            html += self._entry_section(entry)
            for key, value in entry_meta(entry).items():
                meta.setdefault(key, value)
        own = model.page_feeds.get(page.url, ())
        for feed in own:  # a category page: its own Subscribe line and feed link
            html += self._render("category-subscribe", feed=feed, category=feed.category)
        meta["tce_toolkit"] = True
        meta["tce_feed_links"] = self._feed_links(series_feeds(model.feeds))
        if own:
            meta["tce_page_feeds"] = self._feed_links(own)
        place = self.series.place(page.src_uri)
        if post is not None and place is not None:
            if "template" in meta:
                meta["template"] = page_template(post, meta["template"])
            meta["description"] = post.description
            meta["tce_series_place"] = {"part": place.part, "total": place.total}
            meta["tce_published"] = post.date.isoformat()
            meta["tce_series_nav"] = self._render_for_theme("series-nav", series_place=place, series_status=None)
            meta["tce_series_pager"] = self._render_for_theme("series-pager", series_place=place)
            related = model.related.get(post.src_uri)
            if related:
                meta["tce_related"] = self._render_for_theme("related-parts", related=related)
        return html


class _Registration(Extension):
    """What `makeExtension` gives: the toolkit where Zensical renders the page, nothing anywhere else
    (under MkDocs the hook already does the work)."""

    def __init__(self, **kwargs: Any) -> None:
        self.config = {"model": ["", "the file `python -m tce_toolkit model --output FILE` wrote"]}
        super().__init__(**kwargs)

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        context = _rendering_context(md)
        if context is not None:
            ZensicalExtension(_site_for(context, self.getConfig("model")), context).extendMarkdown(md)


def _rendering_context(md: Markdown) -> Any:
    """Zensical's rendering context on this Markdown instance, or None (duck typing: no Zensical import)."""
    if RENDERING_CONTEXT not in md.preprocessors:
        return None
    context = md.preprocessors[RENDERING_CONTEXT]
    page = getattr(context, "page", None)
    return context if page is not None and hasattr(page, "url") and hasattr(page, "path") else None


_sites: dict[tuple, _Site] = {}  # process-wide: one entry, for the model file as it is now
_sites_lock = threading.Lock()


def _template_dirs(config: Mapping[str, Any]) -> list[Path]:
    """The theme's template folders as Zensical searches them (the site's custom_dir first)."""
    root = Path(config.get("root_dir") or ".")
    theme = config.get("theme") or {}
    folders = [root / theme["custom_dir"]] if theme.get("custom_dir") else []
    return folders + [root / folder for folder in config.get("theme_dirs") or ()]


def _site_for(context: Any, path: str) -> _Site:
    """The site's model and templates, read once per Zensical process (again if the model file changes)."""
    config = getattr(context, "config", None) or {}
    folders = _template_dirs(config)
    if path:
        try:
            stat = os.stat(path)
        except OSError:
            raise ModelError(
                f"{path} does not exist: write it with `python -m tce_toolkit model --output {path}`"
            ) from None
        key: tuple = (path, stat.st_mtime_ns, stat.st_size, *folders)
    else:
        key = ("mkdocs.yml", config.get("root_dir"), *folders)
    with _sites_lock:
        site = _sites.get(key)
        if site is None:
            model = read_model(path) if path else _model_in_process(Path(config.get("root_dir") or "."))
            _sites.clear()
            site = _sites[key] = _Site(model, folders)
        return site


def _model_in_process(root: Path) -> SiteModel:
    """Without a model file: read it here, when MkDocs and Material are installed beside Zensical."""
    try:
        from tce_site.built_site import load_site_model  # the MkDocs adapter; imported only in this case
    except ImportError as error:
        raise ModelError(
            "The toolkit's Markdown extension runs under Zensical but has no model of the series"
            f" ({error}). Build with `make build-zensical`, or write the model with `python -m tce_toolkit"
            " model --output FILE` where MkDocs is installed and give the extension `model: FILE`."
        ) from None
    return load_site_model(str(root / "mkdocs.yml"))


def makeExtension(**config: Any) -> Extension:  # noqa: N802 - Python-Markdown's name
    """The extension as `markdown_extensions` names it: active only where Zensical renders the page."""
    return _Registration(**config)
