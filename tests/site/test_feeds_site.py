"""The built feeds, read back with feedparser and lxml: the real project and variants of the fixture site."""

from __future__ import annotations

import datetime as dt
import json
import os
import posixpath
import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import lxml.etree
import lxml.html
import pytest
import yaml
from PIL import Image
from siteutil import FIXTURE_DOCS, ROOT, Build, FixtureSite, read_post

CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
SITE_URL = CONFIG["site_url"]
BLOG = next(p["blog"] for p in CONFIG["plugins"] if isinstance(p, dict) and "blog" in p)
POSTS = sorted((ROOT / "docs" / "blog" / "posts").glob("*.md"))
RFC_822 = re.compile(r"^(Mon|Tue|Wed|Thu|Fri|Sat|Sun), \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} \+0000$")
CHROME = ("headerlink", "tce-worksheet-link")


def sources() -> list[dict]:
    """Slug, title, part, date and categories of every published post, read straight from the Markdown files;
    "listed" is the title feed readers list: "Part <part>: <title>"."""
    found = []
    for path in POSTS:
        doc = read_post(path)
        if doc.meta.get("draft") or doc.meta["date"] > dt.date.today():
            continue
        found.append(
            {
                "slug": doc.meta["slug"],
                "title": doc.title,
                "part": doc.meta["part"],
                "listed": f"Part {doc.meta['part']}: {doc.title}",
                "date": doc.meta["date"],
                "categories": doc.meta.get("categories", []),
            }
        )
    return found


def parse(path: Path) -> feedparser.FeedParserDict:
    parsed = feedparser.parse(path.read_bytes())
    assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
    return parsed


def site_file(site: Path, url: str) -> Path:
    """The file in the built site that an absolute URL under site_url points at."""
    assert url.startswith(SITE_URL), url
    path = urlsplit(url).path[len(urlsplit(SITE_URL).path) :]
    return site / (path + "index.html" if path.endswith("/") or not path else path)


def is_chrome(element: lxml.html.HtmlElement) -> bool:
    """Site chrome: what the toolkit marks as such (series navigation, related parts...) and permalinks."""
    classes = (element.get("class") or "").split()
    return element.get("data-tce-chrome") is not None or any(name in CHROME for name in classes)


def blocks(root: lxml.html.HtmlElement) -> list[str]:
    """The text of every paragraph, heading and list item below `root`, leaving out site chrome."""
    found = []
    for element in root.iter("p", "h2", "h3", "h4", "li", "blockquote"):
        if is_chrome(element) or any(is_chrome(e) for e in element.iterancestors()):
            continue
        found.append(" ".join(element.text_content().replace("¶", "").split()))
    return found


# --- the real project ----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def feeds(project_build: Build) -> dict[str, feedparser.FeedParserDict]:
    site = project_build.site
    found = {"feed.xml": parse(site / "feed.xml"), "atom.xml": parse(site / "atom.xml")}
    for path in sorted(site.glob("category/*/feed.xml")):
        found[path.relative_to(site).as_posix()] = parse(path)
    return found


def test_feed_formats_and_self_links(feeds: dict[str, feedparser.FeedParserDict], project_build: Build) -> None:
    assert feeds["feed.xml"].version == "rss20" and feeds["atom.xml"].version == "atom10"
    for name, parsed in feeds.items():
        kind = "application/atom+xml" if name == "atom.xml" else "application/rss+xml"
        selves = [link for link in parsed.feed.links if link.rel == "self"]
        assert [(link.href, link.type) for link in selves] == [(SITE_URL + name, kind)]
        assert parsed.feed.title.startswith("Through the Customer's Eyes")
        assert parsed.feed.language == "en"
        assert site_file(project_build.site, parsed.feed.link).is_file()


def test_every_published_post_is_in_the_series_feeds_newest_first(
    feeds: dict[str, feedparser.FeedParserDict], project_build: Build
) -> None:
    posts = sorted(sources(), key=lambda p: p["date"], reverse=True)
    for name in ("feed.xml", "atom.xml"):
        entries = feeds[name].entries
        assert [e.title for e in entries] == [p["listed"] for p in posts]
        for entry, post in zip(entries, posts, strict=True):
            assert entry.link == f"{SITE_URL}blog/{post['slug']}/"
            assert entry.id == entry.link  # the permanent address, as the README says
            assert site_file(project_build.site, entry.link).is_file()
            assert dt.date(*entry.published_parsed[:3]) == post["date"]
            assert [t.term for t in entry.tags] == post["categories"]
            assert entry.author == "The Editors"


def test_json_feed_lists_every_published_post_with_its_part(project_build: Build) -> None:
    posts = sorted(sources(), key=lambda p: p["date"], reverse=True)
    data = json.loads((project_build.site / "feed.json").read_text(encoding="utf-8"))
    assert [item["title"] for item in data["items"]] == [p["listed"] for p in posts]
    # The title changed, the id did not: the post's permanent address, so no reader sees an item as new.
    assert [item["id"] for item in data["items"]] == [f"{SITE_URL}blog/{p['slug']}/" for p in posts]


def test_feeds_show_the_site_logo_as_a_png_of_the_stated_size(project_build: Build) -> None:
    site = project_build.site
    rss_feeds = [site / "feed.xml", *sorted(site.glob("category/*/feed.xml"))]
    urls = set()
    for path in rss_feeds:
        channel = lxml.etree.parse(str(path)).getroot().find("channel")
        image = parse(path).feed.image
        assert image.title == channel.findtext("title") and image.link == channel.findtext("link"), path
        width, height = int(channel.findtext("image/width")), int(channel.findtext("image/height"))
        assert 0 < width <= 144 and 0 < height <= 400  # RSS 2.0's limits
        with Image.open(site_file(site, image.href)) as png:
            assert png.format == "PNG" and png.size == (width, height)
        urls.add(image.href)
    assert len(urls) == 1
    (url,) = urls
    assert parse(site / "atom.xml").feed.logo == url
    assert json.loads((site / "feed.json").read_text(encoding="utf-8"))["icon"] == url
    # It is the site's logo: the SVG's circle colour at its edge, and white (the eye) at its centre.
    svg = lxml.etree.parse(str(ROOT / "docs" / "assets" / "logo.svg")).getroot()
    fill = svg.find("{http://www.w3.org/2000/svg}circle").get("fill").lstrip("#")
    teal = tuple(int(fill[i : i + 2], 16) for i in (0, 2, 4))
    with Image.open(site_file(site, url)) as png:
        rgba = png.convert("RGBA")
        w, h = rgba.size
        assert rgba.getpixel((w // 2, h // 2))[:3] == (255, 255, 255)
        assert all(abs(a - b) <= 2 for a, b in zip(rgba.getpixel((w // 2, h // 14))[:3], teal, strict=True))
        assert rgba.getpixel((0, 0))[3] == 0  # transparent outside the circle


def test_rss_follows_the_validator_rules(project_build: Build) -> None:
    for path in [project_build.site / "feed.xml", *project_build.site.glob("category/*/feed.xml")]:
        channel = lxml.etree.parse(str(path)).getroot().find("channel")
        for name in ("title", "link", "description"):
            assert channel.findtext(name), (path, name)
        assert RFC_822.match(channel.findtext("lastBuildDate"))
        for item in channel.iter("item"):
            guid = item.find("guid")
            assert guid.get("isPermaLink") == "true" and guid.text == item.findtext("link")
            assert RFC_822.match(item.findtext("pubDate"))
    atom = parse(project_build.site / "atom.xml")
    newest = max(dt.date(*e.updated_parsed[:3]) for e in atom.entries)
    assert dt.date(*atom.feed.updated_parsed[:3]) == newest  # the newest post, not the day of the build


def test_content_is_the_whole_post_with_absolute_links(
    feeds: dict[str, feedparser.FeedParserDict], project_build: Build
) -> None:
    for name in ("feed.xml", "atom.xml"):
        for entry in feeds[name].entries:
            html = entry.content[0].value
            content = lxml.html.fragment_fromstring(html, create_parent="div")
            page = lxml.html.parse(str(site_file(project_build.site, entry.link))).getroot()
            article = page.find_class("md-content__inner")[0]
            # Inline SVG diagrams arrive as their title and description (readers lack the site's CSS).
            diagrams = [" ".join(t.text_content().split()) for t in article.iter("title")]
            fallbacks = [text for text in blocks(content) if text.startswith("Diagram: ")]
            assert [text.split(".")[0] for text in fallbacks] == [f"Diagram: {title}" for title in diagrams]
            body = [text for text in blocks(content) if text not in fallbacks]
            # The item ends with the glossary's Key terms: each term the page links, in order of first use.
            linked = list(dict.fromkeys(a.get("title") for a in article.find_class("tce-glossary-term")))
            if linked:
                assert body[-len(linked) - 1] == "Key terms", entry.link
                assert [text.split(": ", 1)[1] for text in body[-len(linked) :]] == linked
                body = body[: -len(linked) - 1]
            assert body == blocks(article), entry.link
            assert content.find(".//svg") is None
            assert content.find(".//h1") is None and "headerlink" not in html and "tce-glossary-term" not in html
            refs = [a.get("href") for a in content.iter("a")] + [img.get("src") for img in content.iter("img")]
            for ref in refs:
                assert urlsplit(ref).scheme in ("https", "http", "mailto"), (entry.link, ref)
                if ref.startswith(SITE_URL):
                    target = site_file(project_build.site, ref.split("#")[0])
                    assert target.is_file(), (entry.link, ref)


def test_category_feeds_hold_their_posts(feeds: dict[str, feedparser.FeedParserDict], project_build: Build) -> None:
    for category in BLOG["categories_allowed"]:
        slug = category.lower().replace(" ", "-")
        parsed = feeds[f"category/{slug}/feed.xml"]
        expected = sorted((p for p in sources() if category in p["categories"]), key=lambda p: p["date"], reverse=True)
        assert [e.title for e in parsed.entries] == [p["listed"] for p in expected]
        assert parsed.feed.title == f"Through the Customer's Eyes: {category}"
        assert parsed.feed.link == f"{SITE_URL}blog/category/{slug}/"
        category_page = lxml.html.parse(str(site_file(project_build.site, parsed.feed.link))).getroot()
        hrefs = category_page.xpath('//head/link[normalize-space(@rel)="alternate"][@type="application/rss+xml"]/@href')
        own = posixpath.normpath(posixpath.join(f"blog/category/{slug}", hrefs[-1]))
        assert own == f"category/{slug}/feed.xml"


def test_every_page_announces_the_feeds(project_build: Build) -> None:
    site = project_build.site
    pages = sorted(site.rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        head = lxml.html.parse(str(page)).getroot().find("head")
        if not head.xpath('meta[@name="generator"][starts-with(@content, "mkdocs-")]'):
            continue  # not a page of the theme (a printable worksheet, say)
        links = {
            (link.get("type"), link.get("href")) for link in head.iterfind("link") if link.get("rel") == "alternate"
        }
        folder = page.parent.relative_to(site).as_posix()
        resolved = {
            (kind, posixpath.normpath(href.lstrip("/") if href.startswith("/") else posixpath.join(folder, href)))
            for kind, href in links
        }
        assert ("application/rss+xml", "feed.xml") in resolved, page
        assert ("application/atom+xml", "atom.xml") in resolved, page


@pytest.mark.parametrize("url", ["", "blog/"])
def test_home_and_blog_index_show_a_subscribe_link(project_build: Build, url: str) -> None:
    page = lxml.html.parse(str(project_build.site / url / "index.html")).getroot()
    box = page.find_class("tce-subscribe")
    assert len(box) == 1 and "Subscribe" in box[0].text_content()
    # The line leads people to the subscribe page, never into raw XML.
    hrefs = [posixpath.normpath(posixpath.join(url, a.get("href"))) for a in box[0].iter("a")]
    assert hrefs == ["subscribe"]
    assert "<!-- subscribe -->" not in (project_build.site / url / "index.html").read_text(encoding="utf-8")


def test_subscribe_page_lists_every_feed_with_its_address(project_build: Build) -> None:
    page = lxml.html.parse(str(project_build.site / "subscribe" / "index.html")).getroot()
    text = " ".join(page.text_content().split())
    written = sorted(p.relative_to(project_build.site).as_posix() for p in project_build.site.rglob("*.xml"))
    written = [path for path in written if path != "sitemap.xml"] + ["feed.json"]
    assert len(written) == 6  # series RSS, Atom, JSON Feed and three categories
    for path in written:
        assert SITE_URL + path in text, path
        assert (project_build.site / path).is_file()
    data = json.loads((project_build.site / "feed.json").read_text(encoding="utf-8"))
    rss = parse(project_build.site / "feed.xml")
    assert [item["id"] for item in data["items"]] == [entry.id for entry in rss.entries]
    assert [item["title"] for item in data["items"]] == [entry.title for entry in rss.entries]


# --- fixture-site variants -------------------------------------------------------------------------------

FIXTURE_POSTS = ("blog/posts/first-steps.md", "blog/posts/second-look.md", "blog/posts/third-part.md")
FEED_FILES = (
    "feed.xml",
    "atom.xml",
    "category/customers/feed.xml",
    "category/service-providers/feed.xml",
    "category/service-culture/feed.xml",
)


def edit_config(site: FixtureSite, old: str, new: str) -> None:
    path = site.root / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def skip_pdfs(site: FixtureSite) -> None:
    """Turn the worksheet PDFs off when the worksheets hook offers it: they play no part in feeds, and are slow."""
    if re.search(r"^    pdf: auto\b", (site.root / "mkdocs.yml").read_text(encoding="utf-8"), re.M):
        edit_config(site, "    pdf: auto", "    pdf: false")


def test_missing_site_url_stops_the_build_with_one_message(fixture_site: FixtureSite) -> None:
    edit_config(fixture_site, f"site_url: {SITE_URL}\n", "")
    build = fixture_site.build()
    assert build.returncode != 0 and "Traceback" not in build.output
    lines = [line for line in build.output.splitlines() if "site_url" in line]
    assert any("mkdocs.yml" in line and "feeds need" in line and "add 'site_url:" in line for line in lines), (
        build.output
    )


def test_feeds_switched_off_need_no_site_url_and_leave_no_trace(fixture_site: FixtureSite) -> None:
    edit_config(fixture_site, f"site_url: {SITE_URL}\n", "")
    edit_config(fixture_site, "  feeds:\n", "  feeds:\n    enabled: false\n")
    skip_pdfs(fixture_site)
    build = fixture_site.build()
    assert build.returncode == 0, build.output
    assert not (build.site / "feed.xml").exists() and not (build.site / "atom.xml").exists()
    assert not (build.site / "category").exists()
    for page in ("index.html", "blog/index.html"):
        html = build.read(page)
        assert "application/rss+xml" not in html and "tce-subscribe" not in html


def test_site_with_only_drafts_writes_valid_empty_feeds(fixture_site: FixtureSite) -> None:
    for post in FIXTURE_POSTS:
        fixture_site.edit(post, "part:", "draft: true\npart:")
    skip_pdfs(fixture_site)
    build = fixture_site.build()
    assert build.returncode == 0, build.output
    for name in FEED_FILES:
        parsed = parse(build.site / name)
        assert parsed.entries == [], name
        assert parsed.feed.link == SITE_URL + "blog/"


SETTINGS_CASES = [
    ("limit: 20 ", "limit: many", "extra.feeds.limit is wrong", "whole number"),
    ("full_content: true", "full_content: true\n    limt: 5", "extra.feeds.limt is not a setting", "use one of"),
    ("limit: 20 ", "rss_path: ../feed.xml\n    limit: 20", "not a plain path", "inside the site"),
    ("limit: 20 ", "image: assets/logo.svg\n    limit: 20", "is not a PNG, GIF or JPEG file", "'' for none"),
    ("limit: 20 ", "image: assets/none.png\n    limit: 20", "'assets/none.png' is not in docs/", "a PNG, GIF or JPEG"),
]


@pytest.mark.parametrize(
    ("old", "new", "what", "fix"), SETTINGS_CASES, ids=["type", "unknown", "path", "image-svg", "image-missing"]
)
def test_bad_feed_settings_name_the_line_in_mkdocs_yml(
    fixture_site: FixtureSite, old: str, new: str, what: str, fix: str
) -> None:
    edit_config(fixture_site, old, new)
    build = fixture_site.build()
    assert build.returncode != 0 and "Traceback" not in build.output
    text = (fixture_site.root / "mkdocs.yml").read_text(encoding="utf-8").splitlines()
    key = new.split(":")[0] if "limt" not in new else "limt"
    line = next(n for n, row in enumerate(text, 1) if row.strip().startswith(key + ":"))
    assert any(f"mkdocs.yml:{line}:" in row and what in row and fix in row for row in build.output.splitlines()), (
        build.output
    )


def test_fixture_without_a_png_logo_has_no_rss_image(fixture_build: Build) -> None:
    # The fixture's logo is an SVG with no PNG beside it: RSS gets no image, Atom the SVG as its logo.
    assert not (FIXTURE_DOCS / "assets" / "logo.png").exists()
    assert lxml.etree.parse(str(fixture_build.site / "feed.xml")).getroot().find("channel/image") is None
    assert parse(fixture_build.site / "atom.xml").feed.logo == SITE_URL + CONFIG["theme"]["logo"]


@pytest.mark.parametrize(("setting", "stated"), [("assets/banner.png", (144, 48)), ("''", None)])
def test_feed_image_setting_chooses_the_image_and_rss_states_its_size(
    fixture_site: FixtureSite, setting: str, stated: tuple[int, int] | None
) -> None:
    banner = fixture_site.docs / "assets" / "banner.png"
    Image.new("RGB", (300, 100), (0, 105, 92)).save(banner)
    edit_config(fixture_site, "  feeds:\n", f"  feeds:\n    image: {setting}\n")
    skip_pdfs(fixture_site)
    build = fixture_site.build()
    assert build.returncode == 0, build.output
    channel = lxml.etree.parse(str(build.site / "feed.xml")).getroot().find("channel")
    if stated is None:
        assert channel.find("image") is None
        return
    assert channel.findtext("image/url") == SITE_URL + setting
    # Larger than RSS allows: stated at 144 wide, in the file's own shape (300 x 100).
    assert (int(channel.findtext("image/width")), int(channel.findtext("image/height"))) == stated
    assert parse(build.site / "atom.xml").feed.logo == SITE_URL + setting
    assert "RSS states it as 144x48" in build.output


def test_bad_front_matter_id_names_file_and_line(fixture_site: FixtureSite) -> None:
    fixture_site.edit(FIXTURE_POSTS[1], "part: 2", "part: 2\nid: part two")
    build = fixture_site.build()
    assert build.returncode != 0 and "Traceback" not in build.output
    assert "docs/blog/posts/second-look.md:4: the feed id 'part two' is not a permanent URI" in build.output


DOUBLE_BUILD = """
import sys
from mkdocs.commands.build import build
from mkdocs.config import load_config

for site_dir in sys.argv[1:]:
    config = load_config("mkdocs.yml", site_dir=site_dir, strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
"""


def test_two_builds_in_one_process_give_identical_feeds(fixture_site: FixtureSite, tmp_path: Path) -> None:
    fixture_site.edit(FIXTURE_POSTS[0], "part: 1", "part: 1\nid: tag:customers-eyes.example,2026:first")
    skip_pdfs(fixture_site)
    first, second = tmp_path / "one", tmp_path / "two"
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    result = subprocess.run(
        [sys.executable, "-c", DOUBLE_BUILD, str(first), str(second)],
        cwd=fixture_site.root,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    for name in FEED_FILES:
        assert (first / name).read_bytes() == (second / name).read_bytes(), name
    assert (first / "index.html").read_bytes() == (second / "index.html").read_bytes()
    entries = parse(first / "feed.xml").entries
    assert len(entries) == 3
    assert entries[-1].id == "tag:customers-eyes.example,2026:first" and not entries[-1].guidislink
    guid = lxml.etree.parse(str(first / "feed.xml")).getroot().findall("channel/item/guid")[-1]
    assert guid.get("isPermaLink") == "false"
