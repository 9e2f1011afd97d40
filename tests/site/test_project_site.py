"""The real project, built with `mkdocs build --strict`, read back with an independent HTML parser."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest
from siteutil import ROOT, Build, read_post

POSTS = sorted((ROOT / "docs" / "blog" / "posts").glob("*.md"))


def series_sources() -> list[tuple[int, str, str]]:
    """(part, slug, title) of every post, read straight from the Markdown files."""
    found = []
    for path in POSTS:
        doc = read_post(path)
        found.append((doc.meta["part"], doc.meta["slug"], doc.title))
    return sorted(found)


def page(build: Build, url: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(build.read(url.rstrip("/") + "/index.html" if url else "index.html"))


def resolve(from_url: str, href: str) -> str:
    """A relative link on the page at `from_url` as a site-relative folder URL."""
    parts = [p for p in from_url.split("/") if p]
    for piece in href.split("/"):
        if piece == "..":
            parts.pop()
        elif piece and piece != ".":
            parts.append(piece)
    return "/".join(parts) + "/" if parts else ""


def test_at_least_eight_parts_numbered_from_one() -> None:
    parts = [part for part, _, _ in series_sources()]
    assert len(parts) >= 8
    assert parts == list(range(1, len(parts) + 1))


@pytest.mark.parametrize("path", POSTS, ids=lambda p: p.stem)
def test_post_length_and_reflect_section(path: Path) -> None:
    doc = read_post(path)
    prose = re.sub(r"<figure.*?</figure>", "", doc.body, flags=re.S)  # diagrams are not prose
    words = len(re.findall(r"[A-Za-z0-9’']+", prose))
    assert 800 <= words <= 1500, f"{path.name} has {words} words"
    assert {"date", "description", "categories", "authors", "part"} <= set(doc.meta)
    assert "<!-- more -->" in doc.body
    reflect = doc.body.split("## Reflect", 1)[1]
    assert 4 <= len(re.findall(r"^\d+\. ", reflect, re.M)) <= 6


def test_every_post_page_has_title_and_part(project_build: Build) -> None:
    sources = series_sources()
    total = len(sources)
    for part, slug, title in sources:
        tree = page(project_build, f"blog/{slug}/")
        assert tree.findtext(".//h1").strip() == title
        kicker = tree.find_class("tce-series-part")[0].text_content()
        assert f"Part {part} of {total}" in " ".join(kicker.split())


def test_previous_and_next_links_walk_the_series(project_build: Build) -> None:
    sources = series_sources()
    for index, (_, slug, _) in enumerate(sources):
        url = f"blog/{slug}/"
        tree = page(project_build, url)
        prev_links = tree.xpath('//nav[@class="tce-series-pager"]/a[@rel="prev"]')
        next_links = tree.xpath('//nav[@class="tce-series-pager"]/a[@rel="next"]')
        if index == 0:
            assert prev_links == []
        else:
            assert resolve(url, prev_links[0].get("href")) == f"blog/{sources[index - 1][1]}/"
            assert sources[index - 1][2] in prev_links[0].text_content()
        if index == len(sources) - 1:
            assert next_links == []
        else:
            assert resolve(url, next_links[0].get("href")) == f"blog/{sources[index + 1][1]}/"


def test_home_page_lists_all_parts_in_order(project_build: Build) -> None:
    tree = page(project_build, "")
    links = tree.xpath('//ol[@class="tce-series-list"]/li/a')
    assert [resolve("", a.get("href")) for a in links] == [f"blog/{slug}/" for _, slug, _ in series_sources()]
    assert "<!-- series-list -->" not in project_build.read("index.html")


def test_dateless_post_urls_and_blog_views(project_build: Build) -> None:
    assert (project_build.site / "blog" / "who-is-your-customer" / "index.html").is_file()
    assert not list(project_build.site.glob("blog/20*"))
    index = page(project_build, "blog/")
    assert len(index.find_class("md-post--excerpt")) >= 8
    assert (project_build.site / "blog" / "archive" / "2026" / "index.html").is_file()
    assert (project_build.site / "blog" / "category" / "customers" / "index.html").is_file()


def test_byline_is_the_editorial_team(project_build: Build) -> None:
    tree = page(project_build, "blog/external-customers/")
    assert "The Editors" in tree.find_class("md-post__authors")[0].text_content()


def test_every_post_has_description_and_open_graph_tags(project_build: Build) -> None:
    for path in POSTS:
        doc = read_post(path)
        tree = page(project_build, f"blog/{doc.meta['slug']}/")

        def meta(attribute: str, name: str, tree: lxml.html.HtmlElement = tree) -> str:
            return tree.xpath(f'//head/meta[@{attribute}="{name}"]/@content')[0]

        description = " ".join(doc.meta["description"].split())
        assert meta("name", "description") == description
        assert meta("property", "og:description") == description
        assert meta("property", "og:title") == doc.title
        assert meta("property", "og:type") == "article"
        assert meta("property", "og:url") == f"https://customers-eyes.example/blog/{doc.meta['slug']}/"


def test_home_page_title_is_the_site_name_once(project_build: Build) -> None:
    assert page(project_build, "").findtext(".//title") == "Through the Customer's Eyes"
    assert page(project_build, "blog/external-customers/").findtext(".//title") == (
        "External customers - Through the Customer's Eyes"
    )


def test_no_page_shows_its_own_markup_as_text(project_build: Build) -> None:
    """Fragments joined to a page must stay HTML: escaped page content would show its tags to readers."""
    tag = re.compile(r"</?(?:p|h[1-6]|ul|ol|li|a|div|span|section|nav|dl|dt|dd)(?:\s[^>]*)?>")
    for path in sorted(project_build.site.rglob("*.html")):
        body = lxml.html.fromstring(path.read_bytes()).find("body")
        for script in body.iter("script", "style", "code", "pre"):
            script.drop_tree()
        assert not tag.search(body.text_content()), path.relative_to(project_build.site)
