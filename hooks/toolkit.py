"""This site's wiring of the toolkit into MkDocs, listed under `hooks:` in mkdocs.yml.

The events live in the installed package (`tce_site.events`); another site lists the `tce` plugin under
`plugins:` instead, which calls the same functions.
"""

from __future__ import annotations

from tce_site.events import (
    on_config,
    on_env,
    on_files,
    on_nav,
    on_page_content,
    on_page_context,
    on_page_markdown,
    on_post_build,
    on_startup,
)

__all__ = [
    "on_config",
    "on_env",
    "on_files",
    "on_nav",
    "on_page_content",
    "on_page_context",
    "on_page_markdown",
    "on_post_build",
    "on_startup",
]
