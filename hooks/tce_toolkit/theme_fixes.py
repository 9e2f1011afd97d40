"""Two mends to the theme's own markup in a finished page, written once for every engine.

Material for MkDocs 9.8.1 and Zensical 0.1 write markup in every page that is not valid or not
accessible. Rather than keep copies of their partials with one line changed (to be compared with every
new release of either), each adapter passes the finished page through `fix_theme_markup`: the MkDocs
adapter as MkDocs writes each page (`tce_site.events`: `on_post_page`, and `on_post_template` for the
404 page), the Zensical adapter over the built site (`tce theme-fixes --site DIR`, `tce_site.built_site`).

- The label that opens a section of the navigation carries `tabindex=""` where the theme means no
  tabindex (partials/nav-item.html sets `tabindex = "0" if not is_section`, empty for the active
  top-level section with navigation.tabs): an empty tabindex is not valid HTML. The attribute goes, so
  the label is not focusable, as the theme means and as browsers treat an empty tabindex alike.
- Material's search dialog (`role="dialog"`, partials/search.html) has no accessible name (axe:
  aria-dialog-name). It gets `aria-label` with the theme's word for search, the name Zensical's own
  search dialog has already (that one is left as it is).

Neither mend can reach what an author wrote. Only a page of the theme's layout is read, and only its
chrome: the part before its first `<article`, where the page's content starts (the header with the
search and the sidebars with the navigation come before it; every author's text is in or after it).
There, only the start tags the theme writes, with their attributes exactly as it writes them, are
changed; everything else is kept byte for byte, so text such as `tabindex=""` in a code block stays.
"""

from __future__ import annotations

import html
import re

# Where the page's content starts in Material's and Zensical's layouts (`md-content__inner`): the end of
# the theme's chrome. A page without it is not one of the theme's pages and is left alone.
CONTENT_START = "<article"

# A navigation section's label with an empty tabindex, as nav-item.html writes it in both places (a section
# without an index page, and the toggle beside a section's index page, whose class may follow).
_EMPTY_TABINDEX = re.compile(r'(<label class="md-nav__link(?: [^"<>]*)?" for="([^"<>]+)" id="\2_label") tabindex="">')
# Material's search dialog without a name (Zensical's has `aria-label` after `role="dialog"`).
UNNAMED_SEARCH = '<div class="md-search" data-md-component="search" role="dialog">'


def fix_theme_markup(page: str, *, search_name: str) -> str:
    """`page` (a whole HTML page) with the theme's empty tabindex attributes removed and its search dialog
    named `search_name` (plain text: the theme's word for search, such as Material's `lang.t("search")`).

    Only the theme's chrome is changed, and only where it needs it: a page that is already right, or not
    one of the theme's pages, comes back as it was.
    """
    end = page.find(CONTENT_START)
    if end < 0:
        return page
    chrome = page[:end]
    fixed = _EMPTY_TABINDEX.sub(r"\1>", chrome) if 'tabindex=""' in chrome else chrome
    if UNNAMED_SEARCH in fixed:
        named = f'{UNNAMED_SEARCH[:-1]} aria-label="{html.escape(search_name, quote=True)}">'
        fixed = fixed.replace(UNNAMED_SEARCH, named)
    return page if fixed == chrome else fixed + page[end:]
