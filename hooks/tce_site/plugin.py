"""The toolkit as a MkDocs plugin, `tce`: one line under `plugins:` in another site's mkdocs.yml.

The plugin owns one `events.Toolkit` (its events and the state of the build under way, made afresh in
`on_config`, as Material's plugins keep theirs) and calls the same events this project's
`hooks/toolkit.py` lists, with the same priorities; the settings stay under `extra:` (`feeds:`,
`worksheets:`), read by those events.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mkdocs.plugins import BasePlugin, event_priority

from .events import Toolkit

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page


class ToolkitPlugin(BasePlugin):
    """The series model, glossary, feeds and worksheets for a Material blog (`plugins: - tce`)."""

    def __init__(self) -> None:
        super().__init__()
        self.toolkit = Toolkit()

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this process builds or serves."""
        self.toolkit.on_startup(command, dirty)

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Read the settings and start a fresh build."""
        return self.toolkit.on_config(config)

    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files:
        """Read and check every source; add the pages the toolkit makes."""
        return self.toolkit.on_files(files, config)

    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> Navigation:
        """The model of the series, once Material's blog has placed the posts."""
        return self.toolkit.on_nav(nav, config, files)

    def on_page_markdown(self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A page's Markdown, before it is converted."""
        return self.toolkit.on_page_markdown(markdown, page, config, files)

    def on_page_content(self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A page's HTML: glossary links, the worksheet link, what the feeds take."""
        return self.toolkit.on_page_content(html, page, config, files)

    @event_priority(-50)
    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> Environment:
        """Listings, feeds and worksheets, once every page is rendered (after Material's blog)."""
        return self.toolkit.on_env(env, config, files)

    def on_page_context(
        self, context: dict[str, Any], /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        """What the theme gets for a page."""
        return self.toolkit.on_page_context(context, page, config, nav)

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str:
        """A finished page: the theme's own markup mended."""
        return self.toolkit.on_post_page(output, page, config)

    def on_post_template(self, output_content: str, /, *, template_name: str, config: MkDocsConfig) -> str:
        """A page made from a template alone (the 404 page): mended as every other page is."""
        return self.toolkit.on_post_template(output_content, template_name, config)

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Write the feeds and collect the worksheet PDFs."""
        self.toolkit.on_post_build(config)
