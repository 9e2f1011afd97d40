"""The toolkit as a MkDocs plugin, `tce`: one line under `plugins:` in another site's mkdocs.yml.

It calls the same events this project's `hooks/toolkit.py` lists (`tce_site.events`), with the same
priorities; the settings stay under `extra:` (`feeds:`, `worksheets:`), read by those events.
"""

from __future__ import annotations

from mkdocs.plugins import BasePlugin, event_priority

from . import events


class ToolkitPlugin(BasePlugin):
    """The series model, glossary, feeds and worksheets for a Material blog (`plugins: - tce`)."""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        """Remember whether this process builds or serves."""
        events.on_startup(command, dirty)

    def on_config(self, config):
        """Read the settings and start a fresh build."""
        return events.on_config(config)

    def on_files(self, files, /, *, config):
        """Read and check every source; add the pages the toolkit makes."""
        return events.on_files(files, config)

    def on_nav(self, nav, /, *, config, files):
        """The model of the series, once Material's blog has placed the posts."""
        return events.on_nav(nav, config, files)

    def on_page_markdown(self, markdown: str, /, *, page, config, files) -> str:
        """A page's Markdown, before it is converted."""
        return events.on_page_markdown(markdown, page, config, files)

    def on_page_content(self, html: str, /, *, page, config, files) -> str:
        """A page's HTML: glossary links, the worksheet link, what the feeds take."""
        return events.on_page_content(html, page, config, files)

    @event_priority(-50)
    def on_env(self, env, /, *, config, files):
        """Listings, feeds and worksheets, once every page is rendered (after Material's blog)."""
        return events.on_env(env, config, files)

    def on_page_context(self, context, /, *, page, config, nav):
        """What the theme gets for a page."""
        return events.on_page_context(context, page, config, nav)

    def on_post_build(self, *, config) -> None:
        """Write the feeds and collect the worksheet PDFs."""
        events.on_post_build(config)
