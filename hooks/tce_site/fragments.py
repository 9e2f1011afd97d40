"""The toolkit's site fragments in MkDocs: theme templates under `overrides/fragments/tce/`.

MkDocs' theme environment does not escape, so the fragments get the core's environment
(`tce_toolkit.fragments.environment`) over the theme's loader (a site owner's `custom_dir` still
overrides them), filters and globals: the same set-up the Python-Markdown extension uses. The theme's
folders get the toolkit's packaged `overrides/` after the site's own `custom_dir`, so a site without
those templates still has them.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import jinja2
from markupsafe import Markup
from mkdocs.utils import get_relative_url
from tce_toolkit import fragments as core
from tce_toolkit.packaged import OVERRIDES, packaged_folder


def add_packaged_overrides(config) -> None:
    """Put the toolkit's packaged `overrides/` among the theme's folders: after the site's own `custom_dir`
    (which still overrides any of them) and before the theme's, unless it is that folder already."""
    folder = packaged_folder(OVERRIDES)
    dirs = config.theme.dirs
    if any(Path(existing).resolve() == folder for existing in dirs):
        return
    dirs.insert(1 if config.theme.custom_dir else 0, str(folder))


def base_url(page) -> str:
    """The relative path from a page back to the site root, as MkDocs templates use it."""
    return get_relative_url(".", page.url)


class Fragments:
    """Renders `fragments/tce/<name>.html` for a page."""

    def __init__(self, theme_env: jinja2.Environment, config) -> None:
        self.config = config
        self.env = core.environment(theme_env.loader, theme_env.filters, theme_env.globals, list(theme_env.extensions))
        # Made for one build (in on_env), so the next build reads edited templates again: within the
        # build, no file's time is looked at again before each of the page's fragments.
        self.env.auto_reload = False

    def render(self, name: str, page, **context: object) -> Markup:
        """One fragment, rendered for `page`, as HTML that is safe to print (Markup).

        Join it to a page's content with `str()`: adding a Markup to a plain string escapes the string.
        """
        return core.render(self.env, name, page=page, config=self.config, base_url=base_url(page), **context)


def fill_markers(files, fills: dict[str, Callable[[object], str]]) -> None:
    """Replace each marker (`<!-- name -->`) in every rendered page by what `fills[marker](page)` makes."""
    for file in files.documentation_pages():
        page = file.page
        if page is None or not page.content or "<!--" not in page.content:
            continue
        for marker, fill in fills.items():
            if marker in page.content:
                page.content = page.content.replace(marker, str(fill(page)))
