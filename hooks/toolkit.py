"""This site's wiring of the toolkit into MkDocs, listed under `hooks:` in mkdocs.yml.

The events live in the installed package (`tce_site.events.Toolkit`); this file makes the one `Toolkit`
that holds the state of the build under way (MkDocs loads a hook file once per process and keeps it
across `mkdocs serve` rebuilds; `on_config` starts each build afresh) and lists its methods as the hook's
`on_*` functions. Another site lists the `tce` plugin under `plugins:` instead, which owns a `Toolkit`
of its own.
"""

from __future__ import annotations

from tce_site.events import Toolkit

toolkit = Toolkit()

on_startup = toolkit.on_startup
on_config = toolkit.on_config
on_files = toolkit.on_files
on_nav = toolkit.on_nav
on_page_markdown = toolkit.on_page_markdown
on_page_content = toolkit.on_page_content
on_env = toolkit.on_env  # at priority -50, as the method is marked
on_page_context = toolkit.on_page_context
on_post_page = toolkit.on_post_page
on_post_template = toolkit.on_post_template
on_post_build = toolkit.on_post_build

__all__ = [
    "on_config",
    "on_env",
    "on_files",
    "on_nav",
    "on_page_content",
    "on_page_context",
    "on_page_markdown",
    "on_post_build",
    "on_post_page",
    "on_post_template",
    "on_startup",
    "toolkit",
]
