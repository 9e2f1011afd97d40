"""The toolkit's MkDocs hook: the series model, glossary, feeds and worksheets.

Only `on_*` functions live here; each calls the adapter (`tce_site`) and the core (`tce_toolkit`).
Event map: on_config (settings, fresh state) -> on_files (read and check every source, before
Material's blog at -50) -> on_nav (the model, once Material has placed the posts) -> on_page_markdown ->
on_page_content -> on_env at -50 (listings, feeds, worksheets) -> on_page_context -> on_post_build.
"""

from __future__ import annotations

from mkdocs.plugins import event_priority
from tce_site import model, outputs, pages, state
from tce_site.problems import raise_problems
from tce_site.settings import FeedSettings, WorksheetSettings, read_settings
from tce_toolkit import worksheets as sheets_core
from tce_toolkit.errors import AuthorError
from tce_toolkit.shortcuts import ShortcutExtension
from tce_toolkit.titles import TitleTextExtension


def on_startup(command: str, dirty: bool) -> None:
    state.set_command(command)


def on_config(config):
    """Check the settings and compile the worksheet templates (a mistake stops the build now)."""
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
        build.templates = sheets_core.load_templates(build.root / "worksheets")
    except AuthorError as problem:
        problems.append(problem)
    raise_problems(problems)
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
    model.read_sources(state.current(config), files)
    return files


def on_nav(nav, config, files):
    model.place_posts(state.current(config), files)
    model.place_entries(state.current(config), nav, files)
    return nav


def on_page_markdown(markdown, page, config, files):
    return pages.on_markdown(state.current(config), page, markdown)


def on_page_content(html, page, config, files):
    return pages.on_content(state.current(config), page, html)


@event_priority(-50)
def on_env(env, config, files):
    outputs.on_env(state.current(config), env, files)
    return env


def on_page_context(context, page, config, nav):
    return pages.on_context(state.current(config), context, page)


def on_post_build(config):
    outputs.on_post_build(state.current(config))
