"""One `Build` per MkDocs build: made in `on_config`, replaced (never appended to) by the next build.

MkDocs keeps hook modules loaded across `mkdocs serve` rebuilds; only `on_startup` is once per process.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from tce_toolkit import worksheets as sheets_core
from tce_toolkit.errors import AuthorError
from tce_toolkit.feeds import FeedFile, Person
from tce_toolkit.linker import Linker
from tce_toolkit.models import GlossaryEntry, Post, Series

_command = "build"
_build: Build | None = None


@dataclass
class Build:
    """What the toolkit knows during one build."""

    config: Any
    is_serve: bool
    root: Path  # the project folder (where mkdocs.yml is)
    feed_settings: Any
    sheet_settings: Any
    templates: sheets_core.Templates
    posts: list[Post] = field(default_factory=list)  # read and checked, before the engine places them
    entries: list[GlossaryEntry] = field(default_factory=list)
    series: Series | None = None
    linker: Linker | None = None
    authors: dict[str, Person] = field(default_factory=dict)
    related: dict[str, tuple] = field(default_factory=dict)  # post src_uri -> related parts
    post_terms: dict[str, list[str]] = field(default_factory=dict)  # post src_uri -> entry slugs, first use first
    post_html: dict[str, str] = field(default_factory=dict)  # post src_uri -> rendered HTML, for the feeds
    problems: list[AuthorError] = field(default_factory=list)  # found while pages render
    feeds: list[FeedFile] = field(default_factory=list)
    page_feeds: dict[str, list[FeedFile]] = field(default_factory=dict)  # page URL -> its own feeds
    sheets: list[sheets_core.Worksheet] = field(default_factory=list)
    sheet_html: dict[str, str] = field(default_factory=dict)
    sheet_stylesheet: str = ""  # the one stylesheet every worksheet page links
    pdfs: Any = None  # sheets_core.PdfBuild when PDFs were made
    pdf_cache: Any = None
    qr_cache: Any = None
    sheet_site: Any = None  # sheets_core.SheetSite
    fragments: Any = None  # fragments.Fragments, made in on_env

    def model(self) -> Series:
        """The model of the series; a clear stop (never an empty output) when it was not read."""
        if self.series is None:
            raise PluginError(
                "The toolkit has no model of the series for this build: hooks/toolkit.py's on_files and "
                "on_nav did not run. Check that 'hooks/toolkit.py' is listed under 'hooks:' in mkdocs.yml "
                "and that the blog plugin is enabled."
            )
        return self.series


def set_command(command: str) -> None:
    """Remember whether this process builds or serves (MkDocs tells `on_startup` once per process)."""
    global _command
    _command = command


def begin(config, **fields: Any) -> Build:
    """A fresh `Build` for `config` (a new build starts)."""
    global _build
    root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    _build = Build(config=config, is_serve=_command == "serve", root=root, **fields)
    return _build


def current(config) -> Build:
    """The build `config` belongs to; a clear stop when `on_config` did not see it."""
    if _build is None or _build.config is not config:
        raise PluginError(
            "The toolkit's on_config did not run for this build: list 'hooks/toolkit.py' under 'hooks:' in mkdocs.yml."
        )
    return _build
