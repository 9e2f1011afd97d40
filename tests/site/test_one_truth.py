"""One authority per rule: what Material decides (URLs, slugs, what is shown) is what every feature uses."""

from __future__ import annotations

from urllib.parse import quote

import feedparser
import lxml.html
import pytest
from siteutil import Build, FixtureSite

# Titles without `slug:` whose slugs only Material's own slug function gets right.
TITLES = {
    4: ("Who's there?", "whos-there"),
    5: ("Café culture", "café-culture"),
    6: ("Η φωνή του πελάτη", "η-φωνή-του-πελάτη"),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Build:
    site = FixtureSite(tmp_path_factory.mktemp("truth") / "project")
    template = (site.docs / "blog/posts/second-look.md").read_text(encoding="utf-8")
    for part, (title, _) in TITLES.items():
        text = template.replace("part: 2", f"part: {part}").replace("slug: second-look\n", "")
        text = text.replace("date: 2026-01-12", f"date: 2026-02-0{part}").replace("# A second look", f"# {title}")
        site.write(f"blog/posts/extra-{part}.md", text)
    # A Reflect heading with an id of its own, and shortcuts on a post that is not linked.
    site.edit("blog/posts/second-look.md", "## Reflect\n", "## Reflect {#questions}\n")
    site.edit("blog/posts/second-look.md", "part: 2", "part: 2\nglossary: false")
    site.edit(
        "blog/posts/second-look.md",
        "Each service provider passes",
        "Ask [[internal customer|a colleague]] and [[!customer]]. Each service provider passes",
    )
    site.edit("blog/posts/second-look.md", "2. Who is the next link", "2. Who is the next [[internal customer]]")
    build = site.build()
    assert build.returncode == 0, build.output
    return build


@pytest.mark.parametrize("part", sorted(TITLES))
def test_posts_without_slug_get_material_slug_everywhere(built: Build, part: int) -> None:
    title, slug = TITLES[part]
    page = lxml.html.fromstring(built.read(f"blog/{slug}/index.html"))
    assert " ".join(page.xpath("string(//*[@data-series-part])").split()).endswith(f"Part {part} of 6")
    sheet = lxml.html.fromstring(built.read(f"worksheets/{slug}/index.html"))
    assert sheet.xpath("string(//h1)").strip() == title
    assert (built.site / "worksheets" / f"{slug}-a4.pdf").is_file()
    link = page.xpath('//p[contains(@class, "tce-worksheet-link")]//a/@href')
    assert link and link[0].rstrip("/").endswith(f"worksheets/{slug}")
    feed = feedparser.parse(str(built.site / "feed.xml"))
    # Feeds carry URIs: the slug percent-encoded, as MkDocs writes the page's URL.
    listed = f"Part {part}: {title}"  # as feed readers list it
    assert any(entry.title == listed and entry.link.endswith(f"/blog/{quote(slug)}/") for entry in feed.entries)


def test_reflect_heading_with_its_own_id_keeps_the_worksheet_link(built: Build) -> None:
    page = lxml.html.fromstring(built.read("blog/second-look/index.html"))
    heading = page.get_element_by_id("questions")
    following = heading.getnext()
    assert following is not None and "tce-worksheet-link" in following.get("class", "")


def test_shortcuts_are_words_where_nothing_is_linked(built: Build) -> None:
    page = built.read("blog/second-look/index.html")
    text = " ".join(lxml.html.fromstring(page).text_content().split())
    assert "[[" not in page and "Ask a colleague and customer." in text
    assert "tce-glossary-term" not in page  # glossary: false
    sheet = built.read("worksheets/second-look/index.html")
    assert "[[" not in sheet and "Who is the next internal customer" in " ".join(sheet.split())
    for name in ("feed.xml", "atom.xml"):
        for entry in feedparser.parse(str(built.site / name)).entries:
            assert "[[" not in entry.get("content", [{"value": ""}])[0]["value"]


def test_without_the_toolkit_hook_every_page_says_so(fixture_site: FixtureSite) -> None:
    config = fixture_site.root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("  - hooks/toolkit.py\n", ""), encoding="utf-8")
    strict = fixture_site.build()
    assert strict.returncode != 0 and "worksheets/index.md" in strict.output  # the pages it would have made
    build = fixture_site.build(strict=False)
    assert build.returncode == 0, build.output
    for path in ("index.html", "blog/first-steps/index.html", "glossary/internal-customer/index.html"):
        alert = lxml.html.fromstring(build.read(path)).find_class("tce-missing-toolkit")
        assert alert and "hooks/toolkit.py" in alert[0].text_content(), path


def test_with_the_toolkit_hook_no_page_shows_the_warning(built: Build) -> None:
    for path in built.site.rglob("*.html"):
        assert "tce-missing-toolkit" not in path.read_text(encoding="utf-8"), path
