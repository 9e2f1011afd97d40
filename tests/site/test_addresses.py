"""Addresses are promises: every address the site has ever published still answers, with what it named.

The list below holds every kind of address the site has published, from its first feeds and worksheets
on (the README's tables and the history of the outputs' names), including the ones later outputs were
renamed from. It is expanded from the sources (posts, categories, glossary entries, papers), fetched
over HTTP from a real build of the project, and each answer is read with an independent reader: pages
with lxml, feeds with feedparser, PDFs with pypdf.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import urllib.error
import urllib.request
from datetime import date

import feedparser
import lxml.etree
import lxml.html
import pypdf
import pytest
from siteutil import ROOT, Build, FixtureSite, read_post

POSTS = [read_post(path) for path in sorted((ROOT / "docs" / "blog" / "posts").glob("*.md"))]
PUBLISHED = [post for post in POSTS if not post.meta.get("draft") and post.meta["date"] <= date.today()]
CONFIG = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
SITE_NAME = re.search(r"^site_name:\s*(.+?)\s*$", CONFIG, re.M).group(1)
_PAPER = re.search(r"^\s+paper:\s*(a4|letter)\b", CONFIG, re.M)
SITE_PAPER = _PAPER.group(1) if _PAPER else "a4"  # the README's default
PAPERS = ("a4", "letter")

# Every kind of address the site has published, and what answers there. {slug}: each published post,
# {category}: each category, {year}: each year with a post, {term}: each glossary entry, {paper}: a4
# and letter.
ADDRESSES = [
    ("", "html"),
    ("about/", "html"),
    ("404.html", "html"),
    ("sitemap.xml", "xml"),
    ("blog/", "html"),
    ("blog/{slug}/", "html"),
    ("blog/category/{category}/", "html"),
    ("blog/archive/{year}/", "html"),
    ("glossary/", "html"),
    ("glossary/{term}/", "html"),
    ("subscribe/", "html"),
    ("feed.xml", "rss"),
    ("atom.xml", "atom"),
    ("feed.json", "json feed"),
    ("category/{category}/feed.xml", "rss"),
    ("worksheets/", "html"),
    ("worksheets/{slug}/", "html"),
    ("worksheets/{slug}.pdf", "pdf"),  # the first worksheets' address, before both papers were made
    ("worksheets/workshop-pack.pdf", "pdf"),  # the first workshop pack's
    ("worksheets/{slug}-{paper}.pdf", "pdf"),
    ("worksheets/{slug}-facilitator-{paper}.pdf", "pdf"),
    ("worksheets/workshop-pack-{paper}.pdf", "pdf"),
    ("worksheets/facilitator-pack-{paper}.pdf", "pdf"),
    ("worksheets/facilitator-plan.json", "json"),
]

# The first addresses answer with the file on the site's paper, in the participants' edition.
FIRST_NAMES = {
    "worksheets/{slug}.pdf": "worksheets/{slug}-" + SITE_PAPER + ".pdf",
    "worksheets/workshop-pack.pdf": "worksheets/workshop-pack-" + SITE_PAPER + ".pdf",
}

CONTENT_TYPES = {
    "html": "text/html",
    "xml": "xml",
    "rss": "xml",
    "atom": "xml",
    "json feed": "application/json",
    "json": "application/json",
    "pdf": "application/pdf",
}


def _slugify(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _values() -> dict[str, list[str]]:
    return {
        "slug": [post.meta["slug"] for post in PUBLISHED],
        "category": sorted({_slugify(name) for post in PUBLISHED for name in post.meta.get("categories", [])}),
        "year": sorted({str(post.meta["date"].year) for post in PUBLISHED}),
        "term": sorted(path.stem for path in (ROOT / "docs" / "glossary").glob("*.md") if path.stem != "index"),
        "paper": list(PAPERS),
    }


def _expand(template: str) -> list[str]:
    """Every address of one kind."""
    found = [template]
    for name, values in _values().items():
        key = "{" + name + "}"
        if key in template:
            found = [each.replace(key, value) for each in found for value in values]
    return found


def _fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return response.status, response.headers.get("Content-Type", ""), response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("Content-Type", ""), error.read()


def _check_body(kind: str, body: bytes, address: str) -> None:
    """What answers is what the address names, read with an independent reader."""
    if kind == "html":
        page = lxml.html.fromstring(body)
        assert page.tag == "html" and page.findtext(".//title").strip(), address
    elif kind == "xml":
        assert lxml.etree.fromstring(body).tag.endswith("urlset"), address
    elif kind in {"rss", "atom"}:
        feed = feedparser.parse(body)
        assert not feed.bozo and feed.version == ("atom10" if kind == "atom" else "rss20"), address
        assert feed.entries, address
    elif kind == "json feed":
        feed = json.loads(body)
        assert feed["version"].startswith("https://jsonfeed.org/version/1") and feed["items"], address
    elif kind == "json":
        assert json.loads(body)["parts"], address
    else:
        reader = pypdf.PdfReader(io.BytesIO(body))
        assert len(reader.pages) >= 1 and reader.metadata.title.endswith(SITE_NAME), address


@pytest.mark.parametrize(("template", "kind"), ADDRESSES, ids=[template or "/" for template, _ in ADDRESSES])
def test_every_address_the_site_has_published_still_answers(
    project_build: Build, site_url: str, template: str, kind: str
) -> None:
    addresses = _expand(template)
    assert addresses and all("{" not in address for address in addresses), addresses
    for address in addresses:
        status, content_type, body = _fetch(site_url + address)
        assert status == 200, f"/{address} answers {status}"
        assert CONTENT_TYPES[kind] in content_type, (address, content_type)
        _check_body(kind, body, address)


@pytest.mark.parametrize("template", sorted(FIRST_NAMES))
def test_first_pdf_addresses_give_the_sites_paper_in_the_participants_edition(
    project_build: Build, site_url: str, template: str
) -> None:
    for address, named in zip(_expand(template), _expand(FIRST_NAMES[template]), strict=True):
        _, _, body = _fetch(site_url + address)
        assert body == _fetch(site_url + named)[2], (address, named)
        title = pypdf.PdfReader(io.BytesIO(body)).metadata.title
        assert "Facilitator" not in title, (address, title)


def test_a_slug_that_would_take_another_files_address_stops_the_build(fixture_site: FixtureSite) -> None:
    # `<slug>.pdf` is a post's first address: a slug such as "first-steps-a4" would put that post's sheet
    # in place of first-steps' A4 sheet, and "facilitator-pack-letter" in place of a pack.
    fixture_site.edit("blog/posts/second-look.md", "slug: second-look", "slug: first-steps-a4")
    fixture_site.edit("blog/posts/third-part.md", "slug: third-part", "slug: facilitator-pack-letter")
    build = fixture_site.build()
    assert build.returncode == 1 and "Traceback" not in build.output
    for src, slug in (("second-look.md", "first-steps-a4"), ("third-part.md", "facilitator-pack-letter")):
        line = next((line for line in build.output.splitlines() if f"docs/blog/posts/{src}:" in line), "")
        assert f"the slug '{slug}'" in line and f"/worksheets/{slug}.pdf" in line, build.output
        assert re.search(rf"docs/blog/posts/{src}:\d+: the slug", line), line  # at the slug: line
        assert "choose another 'slug:' for this post" in line
    assert not (fixture_site.root / "site" / "worksheets").exists()
    # `make check` says the same before any build.
    check = subprocess.run(
        [sys.executable, "-m", "tce_toolkit", "check"],
        cwd=fixture_site.root,
        env=dict(os.environ, PYTHONPATH=str(fixture_site.root / "hooks"), NO_MKDOCS_2_WARNING="1"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert check.returncode == 1 and "Traceback" not in check.stderr, check.stderr
    assert re.search(r"docs/blog/posts/second-look.md:\d+: the slug 'first-steps-a4'", check.stderr)
    assert re.search(r"docs/blog/posts/third-part.md:\d+: the slug 'facilitator-pack-letter'", check.stderr)
