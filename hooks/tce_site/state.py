"""One `Build` per MkDocs build: made in `on_config` and held by the adapter's own object (`events.Toolkit`),
which replaces it (never appends to it) when the next build starts.

MkDocs keeps hook modules and plugins loaded across `mkdocs serve` rebuilds; only `on_startup` is once
per process. No module of the adapter keeps per-build state of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from tce_toolkit import worksheets as sheets_core
from tce_toolkit.errors import AuthorError
from tce_toolkit.feeds import FeedFile, Person
from tce_toolkit.linker import Linker
from tce_toolkit.models import GlossaryEntry, Post, Series
from tce_toolkit.related import Related

if TYPE_CHECKING:  # types only: the settings and the fragments are read and made by the events
    from mkdocs.config.defaults import MkDocsConfig

    from .fragments import Fragments
    from .settings import FeedSettings, WorksheetSettings


def project_root(config: MkDocsConfig) -> Path:
    """The project folder: where mkdocs.yml is."""
    return Path(config.config_file_path or "mkdocs.yml").resolve().parent


@dataclass
class Build:
    """What the toolkit knows during one build."""

    config: MkDocsConfig
    is_serve: bool
    root: Path  # the project folder (where mkdocs.yml is)
    feed_settings: FeedSettings
    sheet_settings: WorksheetSettings
    templates: sheets_core.Templates
    sheet_site: sheets_core.SheetSite
    posts: list[Post] = field(default_factory=list)  # read and checked, before the engine places them
    entries: list[GlossaryEntry] = field(default_factory=list)
    series: Series | None = None
    linker: Linker | None = None
    authors: dict[str, Person] = field(default_factory=dict)
    related: dict[str, tuple[Related, ...]] = field(default_factory=dict)  # post src_uri -> related parts
    post_terms: dict[str, list[str]] = field(default_factory=dict)  # post src_uri -> entry slugs, first use first
    post_html: dict[str, str] = field(default_factory=dict)  # post src_uri -> rendered HTML, for the feeds
    problems: list[AuthorError] = field(default_factory=list)  # found while pages render
    feeds: list[FeedFile] = field(default_factory=list)
    page_feeds: dict[str, list[FeedFile]] = field(default_factory=dict)  # page URL -> its own feeds
    sheets: list[sheets_core.Worksheet] = field(default_factory=list)
    sheet_html: dict[str, str] = field(default_factory=dict)
    sheet_stylesheet: str = ""  # the one stylesheet every worksheet page links
    pdfs: sheets_core.PdfBuild | None = None  # when PDFs were made
    pdf_cache: sheets_core.PdfCache | None = None
    qr_cache: sheets_core.QrCache | None = None
    fragments: Fragments | None = None  # made in on_env
    search_name: str | None = None  # the theme's word for search, read in on_env: the search dialog's name

    def model(self) -> Series:
        """The model of the series; a clear stop (never an empty output) when it was not read."""
        if self.series is None:
            raise PluginError(
                "The toolkit has no model of the series for this build: hooks/toolkit.py's on_files and "
                "on_nav did not run. Check that 'hooks/toolkit.py' is listed under 'hooks:' in mkdocs.yml "
                "and that the blog plugin is enabled."
            )
        return self.series
