"""The toolkit's site fragments (`fragments/tce/*.html`): one Jinja set-up and one set of listings.

Both the MkDocs adapter (over the theme's loader and filters) and the Python-Markdown extension (over the
`overrides/` folder, with a `url` filter of its own) render the same templates through `environment()`:
autoescape on, so author text is escaped wherever it lands, and only HTML the toolkit built is safe.
"""

from __future__ import annotations

import posixpath
from collections.abc import Mapping, Sequence
from typing import Any

import jinja2
from markupsafe import Markup

from . import markup
from .glossary import relations
from .models import Post, Series
from .text import inline_html

FOLDER = "fragments/tce"


def environment(
    loader: jinja2.BaseLoader,
    filters: Mapping[str, Any] = {},
    globals: Mapping[str, Any] = {},
    extensions: Sequence[Any] = (),
) -> jinja2.Environment:
    """The fragments' Jinja environment: autoescape, StrictUndefined, the toolkit's names as `tce`."""
    env = jinja2.Environment(
        loader=loader, autoescape=True, undefined=jinja2.StrictUndefined, extensions=list(extensions)
    )
    env.filters.update(filters)
    env.globals.update(globals)
    env.filters["tce_inline"] = lambda text: Markup(inline_html(str(text)))
    env.globals["tce"] = {
        "chrome": Markup(markup.CHROME_ATTR),
        "glossary_dir": markup.GLOSSARY_DIR,
        "worksheets_dir": markup.WORKSHEETS_DIR,
    }
    return env


def render(env: jinja2.Environment, name: str, **context: Any) -> Markup:
    """One fragment, as HTML that is safe to print. Join it to page HTML with `str()`."""
    return Markup(env.get_template(f"{FOLDER}/{name}.html").render(**context))


def relative_url(target: str, page_url: str) -> str:
    """A link from the page at `page_url` (site-relative) to the site-relative `target`."""
    if target.startswith(("http://", "https://", "mailto:", "#", "/")):
        return target
    base = posixpath.dirname(page_url) if not page_url.endswith("/") else page_url.rstrip("/")
    href = posixpath.relpath(target.split("#")[0] or ".", base or ".")
    if target.endswith("/") and not href.endswith("/"):
        href += "/"
    fragment = target.split("#", 1)[1] if "#" in target else ""
    return href + (f"#{fragment}" if fragment else "")


def appears_in(series: Series, post_terms: Mapping[str, Sequence[str]]) -> dict[str, list[Post]]:
    """For each entry (by slug), the posts that use it, in series order."""
    found: dict[str, list[Post]] = {entry.slug: [] for entry in series.entries}
    for post in series.posts:
        for slug in post_terms.get(post.src_uri, ()):
            if slug in found and post not in found[slug]:
                found[slug].append(post)
    return found


def entry_contexts(series: Series, post_terms: Mapping[str, Sequence[str]]) -> dict[str, dict[str, Any]]:
    """What `glossary-entry.html` shows below each entry (by slug): related entries, Appears in,
    previous and next. The relation graph and the uses are worked out once for all entries."""
    entries = list(series.entries)
    related, appears = relations(entries), appears_in(series, post_terms)
    return {
        entry.slug: {
            "entry": entry,
            "related": [series.entry(slug) for slug in related[entry.slug]],
            "appears_in": appears[entry.slug],
            "previous": entries[at - 1] if at > 0 else None,
            "next": entries[at + 1] if at + 1 < len(entries) else None,
        }
        for at, entry in enumerate(entries)
    }


def listings(series: Series) -> dict[str, dict[str, Any]]:
    """The listings a page asks for with a marker, by marker name, and what each template gets."""
    return {
        "series-list": {"series": list(series.posts)},
        "glossary-index": {"entries": list(series.entries)},
    }
