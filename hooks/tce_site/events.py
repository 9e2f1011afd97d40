"""The toolkit's MkDocs events: the series model, glossary, feeds and worksheets.

Only `on_*` functions live here; each calls the adapter (`tce_site`) and the core (`tce_toolkit`). A site
wires them in with the `tce` plugin (`tce_site.plugin`, one line under `plugins:`), or, as this project
does, with a hook file that imports them (`hooks/toolkit.py`, listed under `hooks:`).
Event map: on_config (settings, fresh state) -> on_files (read and check every source, before
Material's blog at -50) -> on_nav (the model, once Material has placed the posts) -> on_page_markdown ->
on_page_content -> on_env at -50 (listings, feeds, worksheets) -> on_page_context -> on_post_build.
"""

from __future__ import annotations

from mkdocs.plugins import event_priority
from tce_toolkit.errors import AuthorError
from tce_toolkit.shortcuts import ShortcutExtension
from tce_toolkit.titles import TitleTextExtension
from tce_toolkit.worksheets.templates import load_site_templates

from . import model, outputs, pages, state
from .fragments import add_packaged_overrides
from .problems import raise_problems
from .settings import FeedSettings, WorksheetSettings, read_settings


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this process builds or serves."""
    state.set_command(command)


def on_config(config):
    """Check the settings and compile the worksheet templates (a mistake stops the build now).

    The site's own `worksheets/` and `overrides/` come first; the toolkit's packaged ones fill in.
    """
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
    build = state.begin(config, feed_settings=feeds, sheet_settings=sheets, templates=None)
    try:
        build.templates = load_site_templates(build.root)
    except AuthorError as problem:
        problems.append(problem)
    raise_problems(problems)
    add_packaged_overrides(config)
    make_pdfs = sheets.pdf is True or (sheets.pdf == "auto" and not build.is_serve)
    build.sheet_site = outputs.sheet_site(config, sheets, make_pdfs)
    # Titles as text and [[...]] shortcuts, in every Markdown conversion (pages and the blog's excerpts).
    config.markdown_extensions.append(TitleTextExtension())
    config.markdown_extensions.append(ShortcutExtension(lambda wording: _resolve(config, wording)))
    return config


def _resolve(config, wording: str) -> str | None:
    linker = state.current(config).linker
    return linker.resolve(wording) if linker is not None else None


def on_files(files, config):
    """Read and check every post and glossary entry; add the pages the toolkit makes."""
    model.read_sources(state.current(config), files)
    return files


def on_nav(nav, config, files):
    """Build the model of the series once Material's blog has placed the posts."""
    model.place_posts(state.current(config), files)
    model.place_entries(state.current(config), nav, files)
    return nav


def on_page_markdown(markdown, page, config, files):
    """A page's Markdown, before it is converted."""
    return pages.on_markdown(state.current(config), page, markdown)


def on_page_content(html, page, config, files):
    """A page's HTML: glossary links, the worksheet link, what the feeds take."""
    return pages.on_content(state.current(config), page, html)


@event_priority(-50)
def on_env(env, config, files):
    """Listings, feeds and worksheets, once every page is rendered."""
    outputs.on_env(state.current(config), env, files)
    return env


def on_page_context(context, page, config, nav):
    """What the theme gets for a page: series navigation, related parts, feeds."""
    return pages.on_context(state.current(config), context, page)


def on_post_build(config):
    """Write the feeds and collect the worksheet PDFs."""
    outputs.on_post_build(state.current(config))
