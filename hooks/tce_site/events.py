"""The toolkit's MkDocs events: the series model, glossary, feeds and worksheets.

`Toolkit` holds the per-build state (`state.Build`, made afresh in `on_config`) and the `on_*` methods;
each calls the adapter (`tce_site`) and the core (`tce_toolkit`). A site wires them in with the `tce`
plugin (`tce_site.plugin`, one line under `plugins:`, which owns one `Toolkit`), or, as this project
does, with a hook file that makes one and lists its methods (`hooks/toolkit.py`, listed under `hooks:`).
MkDocs keeps both loaded across `mkdocs serve` rebuilds, so each holds one `Toolkit` for the process.
Event map: on_config (settings, fresh state) -> on_files (read and check every source, before
Material's blog at -50) -> on_nav (the model, once Material has placed the posts) -> on_page_markdown ->
on_page_content -> on_env at -50 (listings, feeds, worksheets) -> on_page_context -> on_post_page (the
theme's markup mended in each page written; on_post_template for the 404 page) -> on_post_build.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from tce_toolkit.errors import AuthorError
from tce_toolkit.shortcuts import ShortcutExtension
from tce_toolkit.titles import TitleTextExtension
from tce_toolkit.worksheets.templates import load_site_templates

from . import model, outputs, pages
from .fragments import add_packaged_overrides
from .problems import raise_problems
from .settings import FeedSettings, WorksheetSettings, read_settings
from .state import Build, project_root

if TYPE_CHECKING:
    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page


class Toolkit:
    """The toolkit's events and the state of the build under way; one per plugin or hook file."""

    def __init__(self) -> None:
        self.command = "build"  # or "serve": told once per process, by on_startup
        self.build: Build | None = None  # the build under way, replaced in on_config

    def current(self, config: MkDocsConfig) -> Build:
        """The build `config` belongs to; a clear stop when `on_config` did not see it."""
        if self.build is None or self.build.config is not config:
            raise PluginError(
                "The toolkit's on_config did not run for this build:"
                " list 'hooks/toolkit.py' under 'hooks:' in mkdocs.yml."
            )
        return self.build

    def on_startup(self, command: str, dirty: bool) -> None:
        """Remember whether this process builds or serves."""
        self.command = command

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        """Check the settings and compile the worksheet templates (a mistake stops the build now); start
        a fresh build.

        The site's own `worksheets/` and `overrides/` come first; the toolkit's packaged ones fill in.
        """
        self.build = None
        feeds, problems = read_settings(config, "feeds", FeedSettings)
        sheets, more = read_settings(config, "worksheets", WorksheetSettings)
        problems += more
        if feeds.enabled and not config.site_url:
            problems.append(
                AuthorError(
                    "mkdocs.yml",
                    None,
                    "site_url is not set, and the feeds need the site's public address for every link in them",
                    "add 'site_url: https://your-site.example/' to mkdocs.yml "
                    "(or switch the feeds off with 'enabled: false' under 'extra: feeds:')",
                )
            )
        root = project_root(config)
        templates = None
        try:
            templates = load_site_templates(root)
        except AuthorError as problem:
            problems.append(problem)
        raise_problems(problems)
        assert templates is not None  # else raise_problems stopped the build
        add_packaged_overrides(config)
        is_serve = self.command == "serve"
        make_pdfs = sheets.pdf is True or (sheets.pdf == "auto" and not is_serve)
        build = Build(
            config=config,
            is_serve=is_serve,
            root=root,
            feed_settings=feeds,
            sheet_settings=sheets,
            templates=templates,
            sheet_site=outputs.sheet_site(config, sheets, make_pdfs),
        )
        self.build = build
        # Titles as text and [[...]] shortcuts, in every Markdown conversion (pages and the blog's excerpts),
        # resolved by this build's linker (made in on_nav).
        config.markdown_extensions.append(TitleTextExtension())
        config.markdown_extensions.append(
            ShortcutExtension(lambda wording: build.linker.resolve(wording) if build.linker is not None else None)
        )
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        """Read and check every post and glossary entry; add the pages the toolkit makes."""
        model.read_sources(self.current(config), files)
        return files

    def on_nav(self, nav: Navigation, config: MkDocsConfig, files: Files) -> Navigation:
        """Build the model of the series once Material's blog has placed the posts."""
        build = self.current(config)
        model.place_posts(build, files)
        model.place_entries(build, nav, files)
        return nav

    def on_page_markdown(self, markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A page's Markdown, before it is converted."""
        return pages.on_markdown(self.current(config), page, markdown)

    def on_page_content(self, html: str, page: Page, config: MkDocsConfig, files: Files) -> str:
        """A page's HTML: glossary links, the worksheet link, what the feeds take."""
        return pages.on_content(self.current(config), page, html)

    @event_priority(-50)
    def on_env(self, env: Environment, config: MkDocsConfig, files: Files) -> Environment:
        """Listings, feeds and worksheets, once every page is rendered."""
        outputs.on_env(self.current(config), env, files)
        return env

    def on_page_context(
        self, context: dict[str, Any], page: Page, config: MkDocsConfig, nav: Navigation
    ) -> dict[str, Any]:
        """What the theme gets for a page: series navigation, related parts, feeds."""
        return pages.on_context(self.current(config), context, page)

    def on_post_page(self, output: str, page: Page, config: MkDocsConfig) -> str:
        """A finished page: the theme's own markup mended (no empty tabindex, a named search dialog)."""
        return pages.on_output(self.current(config), output)

    def on_post_template(self, output_content: str, template_name: str, config: MkDocsConfig) -> str:
        """A page made from a template alone (the 404 page): mended as every other page is."""
        if not template_name.endswith(".html"):
            return output_content  # sitemap.xml
        return pages.on_output(self.current(config), output_content)

    def on_post_build(self, config: MkDocsConfig) -> None:
        """Write the feeds and collect the worksheet PDFs."""
        outputs.on_post_build(self.current(config))


def build_of(config: MkDocsConfig) -> Build:
    """The build of `config`, from the `Toolkit` its plugins hold (the `tce` plugin's, or a hook file's
    `toolkit`), for code that runs the events without being one (`tce check`)."""
    for plugin in config.plugins.values():
        toolkit = getattr(plugin, "toolkit", None)
        if isinstance(toolkit, Toolkit) and toolkit.build is not None and toolkit.build.config is config:
            return toolkit.build
    raise PluginError(
        "The toolkit's on_config did not run for this build: list 'hooks/toolkit.py' under 'hooks:' in mkdocs.yml."
    )
