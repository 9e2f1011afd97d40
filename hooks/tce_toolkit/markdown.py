"""The glossary and the series as a Python-Markdown extension, for any Python-Markdown pipeline.

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
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import jinja2
from markdown import Markdown
from markdown.extensions import Extension
from markdown.postprocessors import Postprocessor

from . import fragments
from .linker import Linker
from .markup import MARKERS
from .meta import parse_document
from .models import Series
from .shortcuts import ShortcutExtension
from .titles import TitleTextExtension

# After raw HTML and comments are put back (30), before anything that might come late.
PRIORITY = 5


@dataclass
class Page:
    """The page being converted: its site-relative URL and its source path relative to docs/."""

    url: str
    src_uri: str
    meta: Mapping[str, Any] = field(default_factory=dict)


class _SeriesPostprocessor(Postprocessor):
    def __init__(self, md: Markdown, extension: ToolkitExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        return self.extension.finish_page(text)


class ToolkitExtension(Extension):
    """Titles as text, shortcuts, term links, series navigation and listings from one `Series`."""

    def __init__(
        self,
        series: Series,
        *,
        templates: Path,
        site_name: str = "",
        post_terms: Mapping[str, Sequence[str]] | None = None,
    ) -> None:
        super().__init__()
        self.series = series
        self.linker = Linker.build(series.entries)
        self.page: Page | None = None
        self.post_terms: dict[str, list[str]] = {key: list(value) for key, value in (post_terms or {}).items()}
        config = SimpleNamespace(site_name=site_name)
        self._config = config
        self.env = fragments.environment(
            jinja2.FileSystemLoader(str(templates)),
            filters={"url": jinja2.pass_context(lambda context, target: self._url(target))},
        )

    def _url(self, target: str) -> str:
        return fragments.relative_url(target, self.page.url if self.page else "")

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        TitleTextExtension().extendMarkdown(md)
        ShortcutExtension(self.linker.resolve).extendMarkdown(md)
        md.postprocessors.register(_SeriesPostprocessor(md, self), "tce_series", PRIORITY)

    def page_source(self, src_uri: str, docs: Path = Path("docs")) -> str:
        """Set the page to the post or entry `src_uri` and return its Markdown body (front matter off)."""
        post = self.series.post(src_uri)
        entry = next((e for e in self.series.entries if e.src_uri == src_uri), None)
        url = post.url if post else (entry.url if entry else "")
        text = (docs / src_uri).read_text(encoding="utf-8")
        document = parse_document(text, src_uri)
        self.page = Page(url, src_uri, document.meta)
        return document.body

    def _render(self, name: str, **context: Any) -> str:
        return str(fragments.render(self.env, name, page=self.page, config=self._config, **context))

    def finish_page(self, html: str) -> str:
        """Link terms, add the series navigation and fill the markers of the page being converted."""
        page = self.page
        if page is None:
            return html
        series = self.series
        post = series.post(page.src_uri)
        entry = next((e for e in series.entries if e.src_uri == page.src_uri), None)
        if (post is not None and post.glossary) or (entry is not None and page.meta.get("glossary") is not False):
            skip = [entry.slug] if entry is not None else []
            html, used, _ = self.linker.link(html, self._url, skip=skip)
            if post is not None:
                self.post_terms[post.src_uri] = used
        place = series.place(page.src_uri)
        if place is not None:
            nav = self._render("series-nav", series_place=place, series_status=None)
            html = nav + html + self._render("series-pager", series_place=place)
        for name, context in fragments.listings(series).items():
            if MARKERS[name] in html:
                html = html.replace(MARKERS[name], self._render(name, **context))
        if entry is not None:
            html += self._render("glossary-entry", **fragments.entry_context(series, entry, self.post_terms))
        return html
