"""`tce_toolkit.theme_fixes`: the theme's own markup mended in a finished page, and nothing else.

The chrome below is the theme's markup as Material 9.8.1 and Zensical 0.1.2 write it (their partials
nav-item.html and search.html, rendered); the expected pages are written out here, not computed.
"""

from __future__ import annotations

import pytest
from tce_toolkit.theme_fixes import fix_theme_markup

MATERIAL_SEARCH = '<div class="md-search" data-md-component="search" role="dialog">'
NAMED_SEARCH = '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">'
# The active top-level section under navigation.tabs: nav-item.html's first label, with an empty tabindex.
SECTION = '<label class="md-nav__link" for="__nav_2" id="__nav_2_label" tabindex="">'
SECTION_MENDED = '<label class="md-nav__link" for="__nav_2" id="__nav_2_label">'
FOCUSABLE = '<label class="md-nav__link" for="__nav_3" id="__nav_3_label" tabindex="0">'


def page(chrome: str, content: str = "<p>Text.</p>") -> str:
    """A page in the theme's layout: its chrome (header, sidebars), then the content's article."""
    return (
        "<!doctype html>\n<html><head><title>T</title></head><body>\n"
        f'<header class="md-header">\n{chrome}\n</header>\n'
        '<div class="md-content" data-md-component="content">\n'
        f'<article class="md-content__inner md-typeset">\n{content}\n</article>\n</div>\n'
        '<footer class="md-footer"></footer>\n</body></html>\n'
    )


def fix(html: str, name: str = "Search") -> str:
    return fix_theme_markup(html, search_name=name)


@pytest.mark.parametrize(
    ("chrome", "expected"),
    [
        pytest.param(SECTION, SECTION_MENDED, id="a section's label loses its empty tabindex"),
        pytest.param(
            '<label class="md-nav__link md-nav__link--active" for="__nav_4" id="__nav_4_label" tabindex="">',
            '<label class="md-nav__link md-nav__link--active" for="__nav_4" id="__nav_4_label">',
            id="the toggle beside an active section's index page",
        ),
        pytest.param(
            '<label class="md-nav__link " for="__nav_4_2" id="__nav_4_2_label" tabindex="">',
            '<label class="md-nav__link " for="__nav_4_2" id="__nav_4_2_label">',
            id="the toggle beside an index page that is not the page shown",
        ),
        pytest.param(FOCUSABLE, FOCUSABLE, id="a focusable label keeps its tabindex"),
        pytest.param(MATERIAL_SEARCH, NAMED_SEARCH, id="material's search dialog is named"),
        pytest.param(NAMED_SEARCH, NAMED_SEARCH, id="zensical's named search dialog stays as it is"),
        pytest.param(
            f"{MATERIAL_SEARCH}\n<nav>\n<ul>\n<li>{SECTION}</li>\n<li>{FOCUSABLE}</li>\n</ul>\n</nav>",
            f"{NAMED_SEARCH}\n<nav>\n<ul>\n<li>{SECTION_MENDED}</li>\n<li>{FOCUSABLE}</li>\n</ul>\n</nav>",
            id="both mends in one page",
        ),
    ],
)
def test_the_theme_markup_is_mended(chrome: str, expected: str) -> None:
    assert fix(page(chrome)) == page(expected)


@pytest.mark.parametrize(
    "almost",
    [
        pytest.param('<label class="md-nav__link" for="__nav_2" id="__nav_5_label" tabindex="">', id="another id"),
        pytest.param('<label class="md-nav__title" for="__nav_2" id="__nav_2_label" tabindex="">', id="a title"),
        pytest.param('<span class="md-nav__link" for="__nav_2" id="__nav_2_label" tabindex="">', id="not a label"),
        pytest.param('<div class="md-search" data-md-component="search">', id="a search that is no dialog"),
    ],
)
def test_markup_the_theme_does_not_write_so_is_left_alone(almost: str) -> None:
    assert fix(page(almost)) == page(almost)


def test_the_name_is_the_themes_word_as_text() -> None:
    named = (
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="Suche &amp; &quot;Finden&quot;">'
    )
    assert fix(page(MATERIAL_SEARCH), 'Suche & "Finden"') == page(named)


def test_what_an_author_wrote_stays_byte_for_byte() -> None:
    """The page's content starts at its article: text, code and raw HTML there are never the theme's."""
    content = (
        '<p>Write <code>tabindex=""</code> for nothing.</p>\n'
        '<pre><code>&lt;label tabindex=""&gt; tabindex=""\n</code></pre>\n'
        f"{SECTION}\n{MATERIAL_SEARCH}</div>\n"
        f"<!-- {SECTION} -->\n"
        f"<script>const tag = '{MATERIAL_SEARCH}';</script>\n"
    )
    assert fix(page(f"{MATERIAL_SEARCH}\n{SECTION}", content)) == page(f"{NAMED_SEARCH}\n{SECTION_MENDED}", content)


@pytest.mark.parametrize(
    "other",
    [
        pytest.param(f"{MATERIAL_SEARCH}</div>\n<p>{SECTION}</p>\n", id="a fragment without the theme's article"),
        pytest.param(f'<html><body><main class="tce-sheet">{SECTION}</main></body></html>', id="a worksheet page"),
        pytest.param("", id="empty"),
    ],
)
def test_a_page_not_in_the_themes_layout_is_left_alone(other: str) -> None:
    assert fix(other) == other


def test_a_page_that_is_right_comes_back_as_it_was() -> None:
    right = page(f"{NAMED_SEARCH}\n{SECTION_MENDED}\n{FOCUSABLE}")
    assert fix(right) is right
    mended = fix(page(f"{MATERIAL_SEARCH}\r\n{SECTION}\r\n"))
    assert mended == page(f"{NAMED_SEARCH}\r\n{SECTION_MENDED}\r\n") and fix(mended) == mended
