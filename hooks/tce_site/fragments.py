"""The toolkit's site fragments: theme templates under `overrides/fragments/tce/`, rendered with autoescape.

MkDocs' theme environment does not escape, so the fragments get their own environment over the same
loader (a site owner's `custom_dir` still overrides them), filters and globals, with autoescape on: author
text is escaped wherever it lands, and only HTML the toolkit built itself is marked safe.
"""

from __future__ import annotations

from collections.abc import Callable

import jinja2
from markupsafe import Markup
from mkdocs.utils import get_relative_url
from tce_toolkit import markup
from tce_toolkit.text import inline_html

FOLDER = "fragments/tce"


def base_url(page) -> str:
    """The relative path from a page back to the site root, as MkDocs templates use it."""
    return get_relative_url(".", page.url)


class Fragments:
    """Renders `fragments/tce/<name>.html` for a page."""

    def __init__(self, theme_env: jinja2.Environment, config) -> None:
        self.config = config
        self.env = jinja2.Environment(
            loader=theme_env.loader,
            autoescape=True,
            undefined=jinja2.StrictUndefined,
            extensions=list(theme_env.extensions),
        )
        self.env.filters.update(theme_env.filters)
        self.env.globals.update(theme_env.globals)
        self.env.filters["tce_inline"] = lambda text: Markup(inline_html(str(text)))
        self.env.globals["tce"] = {
            "chrome": Markup(f"{markup.CHROME_ATTR}"),
            "glossary_dir": markup.GLOSSARY_DIR,
            "worksheets_dir": markup.WORKSHEETS_DIR,
        }

    def render(self, name: str, page, **context: object) -> Markup:
        """One fragment, rendered for `page`, as HTML that is safe to print (Markup).

        Join it to a page's content with `str()`: adding a Markup to a plain string escapes the string.
        """
        template = self.env.get_template(f"{FOLDER}/{name}.html")
        return Markup(template.render(page=page, config=self.config, base_url=base_url(page), **context))


def fill_markers(files, fills: dict[str, Callable[[object], str]]) -> None:
    """Replace each marker (`<!-- name -->`) in every rendered page by what `fills[marker](page)` makes."""
    for file in files.documentation_pages():
        page = file.page
        if page is None or not page.content or "<!--" not in page.content:
            continue
        for marker, fill in fills.items():
            if marker in page.content:
                page.content = page.content.replace(marker, fill(page))
