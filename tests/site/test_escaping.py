"""A hostile fixture: markup in every author field, and no element or attribute of it in any output.

Each field holds `<tce-evil data-evil="…">` (an element no real page has) plus an `onerror` image, so a
parser can tell for certain whether author text went live: no `tce-evil` element, no `data-evil` or
`onerror` attribute may exist in any page, feed (item HTML included) or worksheet; the text itself must
still be there, as text.
"""

from __future__ import annotations

import json
from pathlib import Path

import feedparser
import lxml.etree
import lxml.html
import pytest
from pypdf import PdfReader
from siteutil import FIXTURE_DOCS, Build, FixtureSite, read_post

EVIL = '<tce-evil data-evil="{field}">{field}</tce-evil><img src=x onerror="alert(1)">'
FIELDS = ("title", "description", "category", "author", "term", "alias", "summary", "question")
SLUG = "first-steps"


def evil(field: str) -> str:
    # A question is Markdown in the post body, where raw HTML is the author's right: no image there.
    return EVIL.format(field=field).split("<img")[0] if field == "question" else EVIL.format(field=field)


def _yaml(text: str) -> str:
    return json.dumps(text)  # a JSON string is a valid YAML scalar


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> Build:
    site = FixtureSite(tmp_path_factory.mktemp("hostile") / "project")
    config = site.root / "mkdocs.yml"
    category = f"Care {evil('category')}"
    text = config.read_text(encoding="utf-8").replace("        - Customers\n", f"        - {_yaml(category)}\n")
    config.write_text(text, encoding="utf-8")
    site.edit("blog/.authors.yml", "name: The Editors", f"name: {_yaml('Eds ' + evil('author'))}")
    post = f"blog/posts/{SLUG}.md"
    site.edit(post, "# First steps", f"# First *steps* {evil('title')}")
    site.edit(
        post,
        "description: The first fixture post, about the people who rely on your work. It has two sentences.",
        f"description: {_yaml('Rely & trust ' + evil('description'))}",
    )
    site.edit(post, "  - Customers", f"  - {_yaml(category)}")
    site.edit(post, "## Who relies on you\n", "## Who relies on you\n\nAsk [[internal-customer|a colleague]].\n")
    site.edit(post, "4. What is one thing", f"4. Which {evil('question')} thing")
    for other in ("blog/posts/second-look.md", "blog/posts/third-part.md"):
        if "  - Customers" in (site.docs / other).read_text(encoding="utf-8"):
            site.edit(other, "  - Customers", f"  - {_yaml(category)}")
    entry = "glossary/internal-customer.md"
    site.edit(entry, "term: Internal customer", f"term: {_yaml('Inner ' + evil('term'))}")
    site.edit(entry, "  - internal customers", f"  - {_yaml('inside ' + evil('alias'))}\n  - internal customers")
    site.edit(
        entry,
        "summary: A colleague who depends on your work to do their own job.",
        f"summary: {_yaml(evil('summary') + ' A colleague')}",
    )
    build = site.build()
    assert build.returncode == 0, build.output
    return build


def _live(tree: lxml.etree._Element, allowed: str = "") -> list[str]:
    """Elements and attributes that came from author markup (`allowed`: a field whose markup may be live)."""
    found = []
    for element in tree.iter(lxml.etree.Element):
        if element.tag == "tce-evil" and element.get("data-evil") == allowed:
            continue
        if element.tag == "tce-evil":
            found.append(f"<tce-evil data-evil={element.get('data-evil')!r}>")
        found += [f"{element.tag}[{name}]" for name in element.attrib if name == "onerror"]
    return found


def _html_files(site: Path) -> list[Path]:
    return sorted(site.rglob("*.html"))


def test_no_page_holds_author_markup(hostile: Build) -> None:
    pages = _html_files(hostile.site)
    assert len(pages) > 10
    for path in pages:
        tree = lxml.html.fromstring(path.read_bytes())
        # The post body is the author's own Markdown, where raw HTML is allowed: its question may be
        # live there (and only there: never on a worksheet, the catalogue or another page).
        is_post = path.parent.name == SLUG and path.parent.parent.name == "blog"
        live = _live(tree, allowed="question" if is_post else "")
        assert not live, f"{path.relative_to(hostile.site)}: {live}"


def test_author_text_is_still_there_as_text(hostile: Build) -> None:
    post = lxml.html.fromstring(hostile.read(f"blog/{SLUG}/index.html"))
    title_text = "First steps " + evil("title")
    assert post.findtext(".//title").startswith(title_text)
    assert " ".join(post.xpath("string(//h1)").split()).startswith(title_text.replace("  ", " ")[:40])
    assert post.xpath('//meta[@name="description"]/@content') == ["Rely & trust " + evil("description")]
    home = lxml.html.fromstring(hostile.read("index.html"))
    assert title_text in home.text_content() and "Rely & trust " + evil("description") in home.text_content()
    glossary = lxml.html.fromstring(hostile.read("glossary/index.html"))
    assert "Inner " + evil("term") in glossary.text_content()
    assert evil("summary") + " A colleague" in glossary.text_content()


def test_feeds_carry_author_text_as_text(hostile: Build) -> None:
    for name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse(str(hostile.site / name))
        assert not parsed.bozo, parsed.get("bozo_exception")
        titles = [entry.title for entry in parsed.entries]
        # Feed readers list each item as "Part <n>: <title>" (the part from the post's front matter).
        part = read_post(FIXTURE_DOCS / "blog" / "posts" / f"{SLUG}.md").meta["part"]
        assert f"Part {part}: First steps " + evil("title") in titles, titles
        for entry in parsed.entries:
            summary = lxml.html.fromstring(f"<div>{entry.summary}</div>")
            assert not _live(summary), (name, entry.title)
            if entry.title.startswith(f"Part {part}: First steps"):
                assert summary.text_content() == "Rely & trust " + evil("description")


def test_worksheets_carry_author_text_as_text(hostile: Build) -> None:
    sheet = lxml.html.fromstring(hostile.read(f"worksheets/{SLUG}/index.html"))
    assert not _live(sheet)
    text = " ".join(sheet.text_content().split())
    for field in ("title", "description", "question", "term", "summary"):
        assert evil(field) in text, field
    pdf = " ".join(
        " ".join(page.extract_text() for page in PdfReader(hostile.site / "worksheets" / f"{SLUG}-a4.pdf").pages).split()
    )
    assert "tce-evil" in pdf and "First steps" in pdf
    catalogue = lxml.html.fromstring(hostile.read("worksheets/index.html"))
    assert not _live(catalogue)
