"""The theme's markup mended in real `mkdocs build --strict` runs (`tce_toolkit.theme_fixes`), read back with
lxml: no label of the navigation with an empty tabindex and a named search dialog on every page the theme
lays out (the 404 page too), while what an author wrote, `tabindex=""` and the theme's own tags in code and
in raw HTML, stays as written."""

from __future__ import annotations

from pathlib import Path

import lxml.html
import pytest
from siteutil import Build, FixtureSite

# In the theme's chrome: anything outside the article that holds the page's content.
OUTSIDE_CONTENT = 'not(ancestor::article[contains(concat(" ", normalize-space(@class), " "), " md-content__inner ")])'
RAW_LABEL = '<label class="md-nav__link" for="__nav_9" id="__nav_9_label" tabindex="">Raw</label>'
RAW_SEARCH = '<div class="md-search" data-md-component="search" role="dialog"></div>'
AUTHOR = f"""

Write `tabindex=""` for no tabindex, and `<div role="dialog">` for a dialog.

```html
<label class="md-nav__link" for="__nav_2" id="__nav_2_label" tabindex="">
```

<div class="tce-raw">{RAW_LABEL}{RAW_SEARCH}</div>
"""


def theme_pages(site: Path) -> list[tuple[str, lxml.html.HtmlElement]]:
    """Every page the theme laid out (the worksheet pages are the toolkit's own), parsed."""
    found = []
    for path in sorted(site.rglob("*.html")):
        tree = lxml.html.fromstring(path.read_bytes())
        if tree.find_class("md-header"):
            found.append((path.relative_to(site).as_posix(), tree))
    return found


def assert_chrome_mended(site: Path) -> None:
    pages = theme_pages(site)
    assert "404.html" in [name for name, _ in pages]
    sections = 0
    for name, tree in pages:
        labels = tree.xpath(f'//label[contains(@class, "md-nav__link")][{OUTSIDE_CONTENT}]')
        assert [label.get("id") for label in labels if label.get("tabindex") == ""] == [], name
        sections += sum(1 for label in labels if label.get("id", "").endswith("_label") and "tabindex" not in label.attrib)
        dialogs = tree.xpath(f'//*[@role="dialog"][{OUTSIDE_CONTENT}]')
        assert [dialog.get("aria-label") for dialog in dialogs] == ["Search"], name
    # The active top-level section's label, which the theme writes with tabindex="": there is one to mend.
    assert sections > 0


def test_every_page_of_the_project_has_the_theme_markup_mended(project_build: Build) -> None:
    assert_chrome_mended(project_build.site)


@pytest.fixture(scope="module")
def written(tmp_path_factory: pytest.TempPathFactory) -> Build:
    site = FixtureSite(tmp_path_factory.mktemp("theme-fixes") / "project")
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("    pdf: auto", "    pdf: false"), encoding="utf-8")
    about = site.docs / "about.md"
    about.write_text(about.read_text(encoding="utf-8") + AUTHOR, encoding="utf-8")
    build = site.build()
    assert build.returncode == 0, build.output
    return build


def test_the_fixture_site_has_the_theme_markup_mended(written: Build) -> None:
    assert_chrome_mended(written.site)


def test_what_an_author_wrote_stays_as_written(written: Build) -> None:
    text = written.read("about/index.html")
    assert '<code>tabindex=""</code>' in text  # Python-Markdown keeps the quotes of inline code as they are
    assert RAW_LABEL in text and RAW_SEARCH in text  # raw HTML, byte for byte
    article = lxml.html.fromstring(text).xpath('//article[contains(@class, "md-content__inner")]')[0]
    assert article.get_element_by_id("__nav_9_label").get("tabindex") == ""
    assert article.xpath('.//*[@role="dialog"]')[0].get("aria-label") is None
    assert '"md-nav__link"' in article.xpath("string(.//pre)") and 'tabindex=""' in article.xpath("string(.//pre)")
