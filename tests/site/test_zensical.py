"""`make build-zensical`: the project built with Zensical instead of MkDocs, in a copy of the project,
read back with lxml, feedparser and pypdf and held against the MkDocs build of the same sources."""

from __future__ import annotations

import json
import os
import posixpath
import shutil
import subprocess
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlparse

import feedparser
import lxml.etree
import lxml.html
import markdown
import pytest
import yaml
from markdown.preprocessors import Preprocessor
from pypdf import PdfReader
from siteutil import ROOT, Build, FixtureSite, read_post, run_make
from tce_site.built_site import load_site_model
from tce_toolkit.site_model import ModelError
from tce_toolkit.worksheets.names import PAPERS

pytestmark = pytest.mark.slow

ZENSICAL_VENV = ROOT / ".venv-zensical"
POSTS = sorted((read_post(p) for p in (ROOT / "docs" / "blog" / "posts").glob("*.md")), key=lambda s: s.meta["part"])
ENTRIES = {
    path.stem: yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])
    for path in (ROOT / "docs" / "glossary").glob("*.md")
    if path.stem != "index"
}
CONFIG = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
SITE_HOST = urlparse(CONFIG["site_url"]).hostname
BLOG = next(plugin["blog"] for plugin in CONFIG["plugins"] if isinstance(plugin, dict) and "blog" in plugin)
CATEGORIES = sorted(name.lower().replace(" ", "-") for name in BLOG["categories_allowed"])
FEEDS = ("feed.xml", "atom.xml", "feed.json", *(f"category/{slug}/feed.xml" for slug in CATEGORIES))


def copy_project(target: Path) -> Path:
    """What `make build-zensical` reads, copied: the checkout's site/ is never touched."""
    for name in ("docs", "hooks", "overrides", "worksheets"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    for name in ("requirements.lock", "requirements-zensical.lock"):
        shutil.copy2(ROOT / name, target / name)  # older than the installed stamps
    return target


def make(project: Path, target: str = "build-zensical") -> subprocess.CompletedProcess:
    """The README's Makefile in a copy of the project, with this checkout's two virtual environments
    (.venv-zensical is made from requirements-zensical.lock when it is missing, as in CI)."""
    zensical = (f"ZVENV={ZENSICAL_VENV}", f"ZSTAMP={ZENSICAL_VENV / '.installed'}")
    return run_make(project, target, *zensical, timeout=1200)


@pytest.fixture(scope="module")
def zensical(tmp_path_factory: pytest.TempPathFactory) -> Build:
    project = copy_project(tmp_path_factory.mktemp("zensical") / "project")
    (project / "site").mkdir()
    (project / "site" / "stale.html").write_text("left from an earlier build", encoding="utf-8")
    result = make(project)
    assert result.returncode == 0, result.stdout + result.stderr
    return Build(result.returncode, result.stdout + result.stderr, project / "site")


def tree(build: Build, url: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(build.read(url + "index.html" if url.endswith("/") or not url else url))


def article(page: lxml.html.HtmlElement) -> lxml.html.HtmlElement:
    return page.xpath('//article[contains(@class, "md-content__inner")]')[0]


def target(page_url: str, href: str) -> str:
    """A link's target as a site-relative URL, its fragment kept."""
    path, _, fragment = href.partition("#")
    if not path:
        resolved = page_url
    elif path.startswith("/"):
        resolved = path.lstrip("/")
    else:
        resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page_url), path))
        resolved = "" if resolved == "." else resolved + ("/" if path.endswith("/") else "")
    return resolved + (f"#{fragment}" if fragment else "")


def exists(build: Build, url: str) -> bool:
    path = build.site / url.partition("#")[0]
    return (path / "index.html").is_file() if url.endswith("/") or not url else path.is_file()


def pages(build: Build) -> list[tuple[str, Path]]:
    found = []
    for path in sorted(build.site.rglob("*.html")):
        relative = path.relative_to(build.site).as_posix()
        found.append((relative.removesuffix("index.html"), path))
    return found


def plain(summary: str) -> str:
    return " ".join(lxml.html.fromstring(markdown.markdown(summary)).text_content().split())


def locked_version(name: str) -> str:
    """The version requirements-zensical.lock pins for `name`."""
    lines = (ROOT / "requirements-zensical.lock").read_text(encoding="utf-8").splitlines()
    return next(line.split("==")[1].split()[0] for line in lines if line.startswith(f"{name}=="))


def test_the_site_is_built_by_zensical_into_a_fresh_site_folder(zensical: Build) -> None:
    assert "make build-zensical: site/ is ready" in zensical.output
    generator = tree(zensical, "").xpath('string(//meta[@name="generator"]/@content)')
    assert generator == f"zensical-{locked_version('zensical')}"
    assert not (zensical.site / "stale.html").exists()  # a new folder, swapped in whole
    project = zensical.site.parent
    assert not (project / ".site-new").exists() and not (project / ".site-old").exists()
    # The pages the MkDocs hook adds are written into Zensical's copy of docs/, never into docs/.
    assert not (project / "docs" / "worksheets").exists() and not (project / "docs" / "subscribe").exists()


def outputs(build: Build) -> dict[str, list[str]]:
    """The site's pages, feeds and worksheet files, by kind, as paths relative to the site folder."""
    files = sorted(p.relative_to(build.site).as_posix() for p in build.site.rglob("*") if p.is_file())
    return {
        "pages": [name for name in files if name.endswith(".html")],
        "feeds": [name for name in files if name in FEEDS],
        "sheets": [name for name in files if name.startswith("worksheets/")],
    }


def test_the_same_pages_feeds_and_sheets_as_the_mkdocs_build(zensical: Build, project_build: Build) -> None:
    ours, theirs = outputs(zensical), outputs(project_build)
    assert sorted(theirs["feeds"]) == sorted(FEEDS)
    assert {f"blog/{post.meta['slug']}/index.html" for post in POSTS} <= set(theirs["pages"])
    assert {f"worksheets/{post.meta['slug']}-a4.pdf" for post in POSTS} <= set(theirs["sheets"])
    assert ours == theirs


def admonitions(page: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    """Each admonition of the page's text: its kind (its classes) and its title."""
    return [
        (" ".join(sorted(div.get("class").split())), div.xpath("string(./p[contains(@class, 'admonition-title')])"))
        for div in article(page).xpath('.//div[contains(concat(" ", @class, " "), " admonition ")]')
    ]


def permalinks(page: lxml.html.HtmlElement) -> list[tuple[str, str]]:
    """The headings of the page's text that carry a permalink (`a.headerlink` to their own id)."""
    found = []
    for heading in article(page).xpath(".//h1|.//h2|.//h3|.//h4|.//h5|.//h6"):
        links = [a.get("href") for a in heading.find_class("headerlink")]
        if links:
            assert links == [f"#{heading.get('id')}"], lxml.html.tostring(heading)
            found.append((heading.tag, heading.get("id")))
    return found


def test_admonitions_and_heading_permalinks_as_in_the_mkdocs_build(zensical: Build, project_build: Build) -> None:
    """mkdocs.yml's Markdown extensions all reach Zensical: `--strict` would not notice their loss."""
    every_admonition, every_permalink = [], []
    for url, path in pages(project_build):
        theirs = lxml.html.fromstring(path.read_text(encoding="utf-8"))
        if not theirs.xpath('//article[contains(@class, "md-content__inner")]'):
            continue  # a redirect or the theme's own page without an article
        ours = tree(zensical, url)
        assert admonitions(ours) == admonitions(theirs), url
        assert permalinks(ours) == permalinks(theirs), url
        every_admonition += admonitions(theirs)
        every_permalink += permalinks(theirs)
    # Every post's admonitions and headings are there, so the comparison above compared something.
    written = sum(post.body.count("\n!!! ") for post in POSTS)
    assert written and len(every_admonition) >= written
    assert len(every_permalink) >= sum(post.body.count("\n## ") for post in POSTS)
    # No admonition left as text, on any page or in any feed item.
    for url, path in pages(zensical):
        assert "!!!" not in path.read_text(encoding="utf-8"), url
    for name in FEEDS:
        assert "!!!" not in zensical.read(name), name
    by_title = {f"Part {post.meta['part']}: {post.title}": post for post in POSTS}  # feed items carry their part
    for entry in feedparser.parse(str(zensical.site / "feed.xml")).entries:
        content = lxml.html.fragment_fromstring(entry.content[0].value, create_parent="div")
        kinds = content.xpath('.//div[contains(concat(" ", @class, " "), " admonition ")]')
        assert len(kinds) == by_title[entry.title].body.count("\n!!! "), entry.title


def test_posts_are_at_their_slug_with_part_n_of_m_and_their_neighbours(zensical: Build) -> None:
    urls = [f"blog/{post.meta['slug']}/" for post in POSTS]
    for index, (post, url) in enumerate(zip(POSTS, urls, strict=True)):
        page = tree(zensical, url)
        heading = page.xpath("//h1")[0]
        for anchor in heading.find_class("headerlink"):
            anchor.drop_tree()
        assert " ".join(heading.text_content().split()) == post.title
        place = page.xpath("//*[@data-series-part]")
        assert len(place) == 1, url
        text = " ".join(place[0].text_content().split())
        assert text.endswith(f"Part {post.meta['part']} of {len(POSTS)}"), text
        pager = {
            a.get("rel"): target(url, a.get("href"))
            for a in page.xpath('//nav[contains(@class, "tce-series-pager")]//a')
        }
        expected = {
            "prev": urls[index - 1] if index else None,
            "next": urls[index + 1] if index + 1 < len(urls) else None,
        }
        assert pager == {rel: href for rel, href in expected.items() if href}, url


def _links(page: lxml.html.HtmlElement, url: str) -> list[tuple[str, str, str]]:
    return [
        (" ".join(a.text_content().split()), target(url, a.get("href")), a.get("title"))
        for a in article(page).find_class("tce-glossary-term")
    ]


def test_every_post_links_the_glossary_with_tooltips_as_the_mkdocs_build_does(
    zensical: Build, project_build: Build
) -> None:
    summaries = {f"glossary/{slug}/": plain(meta["summary"]) for slug, meta in ENTRIES.items()}
    for post in POSTS:
        url = f"blog/{post.meta['slug']}/"
        links = _links(tree(zensical, url), url)
        assert links, url
        assert links == _links(tree(project_build, url), url), url
        for _, href, title in links:
            assert title == summaries[href] and exists(zensical, href), (url, href)


def test_entries_list_the_posts_they_appear_in(zensical: Build, project_build: Build) -> None:
    used: dict[str, list[str]] = {slug: [] for slug in ENTRIES}
    for post in POSTS:
        url = f"blog/{post.meta['slug']}/"
        for _, href, _ in _links(tree(zensical, url), url):
            slug = href.split("/")[1]
            if url not in used[slug]:
                used[slug].append(url)
    for slug in ENTRIES:
        url = f"glossary/{slug}/"
        section = '//ul[contains(@class, "tce-glossary-appears")]//a'
        appears = [target(url, a.get("href")) for a in tree(zensical, url).xpath(section)]
        assert appears == [f"{post}#term-{slug}" for post in used[slug]], slug
        assert appears == [target(url, a.get("href")) for a in tree(project_build, url).xpath(section)], slug
        for href in appears:
            post = tree(zensical, href.partition("#")[0])
            assert post.get_element_by_id(f"term-{slug}").get("class") == "tce-glossary-term"


def test_every_page_names_the_feeds_in_its_head_and_the_feeds_are_valid(zensical: Build, project_build: Build) -> None:
    for url, path in pages(zensical):
        page = lxml.html.fromstring(path.read_text(encoding="utf-8"))
        links = {link.get("type"): link.get("href") for link in page.xpath('//head/link[contains(@rel, "alternate")]')}
        assert {"application/rss+xml", "application/atom+xml"} <= set(links), url
        for kind in ("application/rss+xml", "application/atom+xml"):
            assert exists(zensical, target(url, links[kind])), (url, links[kind])
    for name in ("feed.xml", "atom.xml"):
        feed = feedparser.parse(str(zensical.site / name))
        assert not feed.bozo, (name, feed.get("bozo_exception"))
        listed = [f"Part {post.meta['part']}: {post.title}" for post in reversed(POSTS)]
        assert [entry.title for entry in feed.entries] == listed
        assert [urlparse(entry.link).path for entry in feed.entries] == [
            f"/blog/{post.meta['slug']}/" for post in reversed(POSTS)
        ]
    assert len(json.loads((zensical.site / "feed.json").read_text(encoding="utf-8"))["items"]) == len(POSTS)
    for name in FEEDS:  # the same items, read from Zensical's pages, as from MkDocs' pages
        assert (zensical.site / name).read_bytes() == (project_build.site / name).read_bytes(), name


def test_category_pages_name_their_own_feed(zensical: Build) -> None:
    for slug in CATEGORIES:
        url = f"blog/category/{slug}/"
        page = tree(zensical, url)
        hrefs = [target(url, link.get("href")) for link in page.xpath('//head/link[@rel="alternate "]')]
        assert hrefs == [f"category/{slug}/feed.xml"]
        line = page.xpath('//p[contains(@class, "tce-subscribe")]//a/@href')
        assert [target(url, href) for href in line] == [f"subscribe/#feed-category-{slug}-feed-xml"]


def test_worksheets_pages_one_page_pdfs_the_pack_and_the_catalogue(zensical: Build, project_build: Build) -> None:
    for post in POSTS:
        slug, url = post.meta["slug"], f"blog/{post.meta['slug']}/"
        sheet = f"worksheets/{slug}/index.html"
        # Key terms read from the glossary links of the built page: the same sheet as the MkDocs build's.
        assert zensical.read(sheet) == project_build.read(sheet), slug
        pdf = PdfReader(zensical.site / "worksheets" / f"{slug}-a4.pdf")
        assert len(pdf.pages) == 1, slug
        assert post.title.split()[0] in pdf.pages[0].extract_text()
        reflect = tree(zensical, url).xpath('//p[contains(@class, "tce-worksheet-link")]//a/@href')
        assert [target(url, href) for href in reflect] == [f"worksheets/{slug}/", f"worksheets/{slug}-a4.pdf"]
    pack = PdfReader(zensical.site / "worksheets" / "workshop-pack-a4.pdf")
    assert len(pack.pages) == 2 + len(POSTS)  # cover, contents, one page per worksheet
    catalogue = tree(zensical, "worksheets/")
    items = catalogue.xpath('//ol[contains(@class, "tce-worksheets__list")]/li')
    assert [
        " ".join(item.xpath("string(.//*[contains(@class, 'tce-worksheets__title')])").split()) for item in items
    ] == [post.title for post in POSTS]
    for href in catalogue.xpath('//div[contains(@class, "tce-worksheets")]//a/@href'):
        assert exists(zensical, target("worksheets/", href)), href
    assert "<!-- worksheets-catalogue -->" not in zensical.read("worksheets/index.html")


def test_no_page_names_another_host_but_in_its_content(zensical: Build) -> None:
    """No src or href leaves the site, except links in a page's text and the theme's credit line."""
    foreign = []
    for url, path in pages(zensical):
        page = lxml.html.fromstring(path.read_text(encoding="utf-8"))
        for element in page.iter(lxml.etree.Element):
            for name in ("src", "href", "srcset", "poster", "data"):
                value = (element.get(name) or "").strip()
                host = urlparse(value.split()[0] if value else "").hostname
                if not value.startswith(("http:", "https:", "//")) or host == SITE_HOST:
                    continue
                in_text = element.tag == "a" and element.xpath(
                    'ancestor::article[contains(@class, "md-content__inner")]'
                )
                credit = element.tag == "a" and element.xpath('ancestor::*[contains(@class, "md-copyright")]')
                if not (in_text or credit):
                    foreign.append((url, element.tag, name, value))
    assert foreign == []


def test_no_page_says_the_toolkit_is_missing_and_the_theme_keeps_its_own_partials(zensical: Build) -> None:
    """Zensical's own navigation and search, with its markup mended by `tce theme-fixes` as the MkDocs
    build mends Material's: its nav-item.html writes tabindex="" on the active section's label."""
    assert "theme-fixes: the theme's markup mended in" in zensical.output
    for url, path in pages(zensical):
        text = path.read_text(encoding="utf-8")
        assert "tce-missing-toolkit" not in text and 'tabindex=""' not in text, url
    about = tree(zensical, "about/")
    assert about.find_class("md-search__button")  # Zensical's search, not Material's
    assert about.xpath('//div[@role="dialog"]/@aria-label') == ["Search"]
    assert about.xpath('//nav[contains(@class, "md-nav--primary")]//a[contains(@class, "md-nav__link--active")]')


def test_a_failed_build_names_the_mistake_and_keeps_the_last_good_site(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    post = project / "docs" / "blog" / "posts" / f"{POSTS[1].meta['slug']}.md"
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace(f"date: {POSTS[1].meta['date']}", "date: 2026-02-30", 1), encoding="utf-8")
    (project / "site").mkdir()
    (project / "site" / "index.html").write_text("the last good site", encoding="utf-8")
    result = make(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"docs/blog/posts/{post.name}:" in output and "'2026-02-30' is not a date" in output
    assert "make build-zensical: the build failed; site/ is unchanged" in output and "Traceback" not in output
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == "the last good site"
    assert sorted(p.name for p in (project / "site").iterdir()) == ["index.html"]


def test_a_second_build_leaves_nothing_stale_on_other_pages(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("pdf: auto", "pdf: false"), encoding="utf-8")
    assert make(project).returncode == 0
    old, new = POSTS[1].title, "Customers from outside"
    post = project / "docs" / "blog" / "posts" / f"{POSTS[1].meta['slug']}.md"
    post.write_text(post.read_text(encoding="utf-8").replace(f"# {old}\n", f"# {new}\n"), encoding="utf-8")
    result = make(project)
    assert result.returncode == 0, result.stdout + result.stderr
    build = Build(0, "", project / "site")
    pager = tree(build, f"blog/{POSTS[0].meta['slug']}/").xpath('string(//nav[contains(@class, "tce-series-pager")])')
    assert new in pager and old not in pager
    listing = [" ".join(span.text_content().split()) for span in tree(build, "").find_class("tce-series-list__title")]
    assert listing[1] == new and old not in listing
    assert feedparser.parse(str(build.site / "feed.xml")).entries[-2].title == f"Part {POSTS[1].meta['part']}: {new}"


def test_under_mkdocs_the_extension_adds_nothing(tmp_path: Path, project_build: Build) -> None:
    """Listed in mkdocs.yml and importable, the extension changes no byte of the MkDocs build."""
    project = copy_project(tmp_path / "project")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "  - pymdownx.superfences\n" in text
    listed = text.replace("  - pymdownx.superfences\n", "  - pymdownx.superfences\n  - tce_toolkit.markdown\n")
    config.write_text(listed, encoding="utf-8")
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1", PYTHONPATH=str(project / "hooks"))
    site = tmp_path / "site"
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "mkdocs"), "build", "--strict", "--site-dir", str(site)],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    ours = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    theirs = sorted(p.relative_to(project_build.site).as_posix() for p in project_build.site.rglob("*") if p.is_file())
    assert ours == theirs
    for name in ours:
        if name.endswith(".pdf"):  # laid out again here, without the checkout's PDF cache: the same pages
            ours_pdf, theirs_pdf = PdfReader(site / name), PdfReader(project_build.site / name)
            assert [p.extract_text() for p in ours_pdf.pages] == [p.extract_text() for p in theirs_pdf.pages], name
        else:
            assert (site / name).read_bytes() == (project_build.site / name).read_bytes(), name
    # And in any other Python-Markdown pipeline: no rendering context, no change at all.
    source = "A customer asks [[internal customer|a colleague]].\n\n<!-- series-list -->"
    assert markdown.markdown(source, extensions=["tce_toolkit.markdown"]) == markdown.markdown(source)


class _Context(Preprocessor):
    """A stand-in for Zensical's rendering context: a preprocessor named `rendering_context` with `.page`."""

    def __init__(self, md: markdown.Markdown, page: SimpleNamespace, config: dict) -> None:
        super().__init__(md)
        self.page, self.config = page, config

    def run(self, lines: list[str]) -> list[str]:
        return lines


class _ContextExtension(markdown.Extension):
    def __init__(self, page: SimpleNamespace, config: dict) -> None:
        super().__init__()
        self.page, self.site_config = page, config

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.preprocessors.register(_Context(md, self.page, self.site_config), "rendering_context", 0)


def test_under_a_rendering_context_the_extension_finds_the_model_itself(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without a model file the extension reads the model in its own process (MkDocs installed beside it)."""
    import material

    monkeypatch.chdir(ROOT)
    post = POSTS[2]
    slug, part = post.meta["slug"], post.meta["part"]
    page = SimpleNamespace(url=f"blog/{slug}/", path=f"blog/posts/{slug}.md", meta={"template": "blog-post.html"})
    config = {
        "root_dir": str(ROOT),
        "theme": {"custom_dir": "overrides"},
        "theme_dirs": [str(Path(material.__file__).parent / "templates")],  # for the icons
    }
    names = [next(iter(item)) if isinstance(item, dict) else item for item in CONFIG["markdown_extensions"]]
    configs = {
        name: cfg for item in CONFIG["markdown_extensions"] if isinstance(item, dict) for name, cfg in item.items()
    }
    md = markdown.Markdown(
        extensions=[_ContextExtension(page, config), *names, "tce_toolkit.markdown"], extension_configs=configs
    )
    html = lxml.html.fragment_fromstring(md.convert(post.body), create_parent="div")
    assert html.find_class("tce-glossary-term")
    reflect = html.get_element_by_id("reflect").getnext()
    assert "tce-worksheet-link" in reflect.get("class")
    assert [a.get("href") for a in reflect.iter("a")] == [f"../../worksheets/{slug}/", f"../../worksheets/{slug}-a4.pdf"]
    meta = page.meta
    assert meta["template"] == "series-post.html" and meta["tce_toolkit"] is True
    assert meta["tce_series_place"] == {"part": part, "total": len(POSTS)}
    assert f"Part {part} of {len(POSTS)}" in " ".join(meta["tce_series_nav"].split())
    assert "tce-series-pager" in meta["tce_series_pager"] and "tce-related" in meta["tce_related"]
    assert [link["path"] for link in meta["tce_feed_links"]] == ["feed.xml", "atom.xml", "feed.json"]
    # The table of contents keeps its headings as written: the page is finished once, as a whole.
    tokens, headings = list(md.toc_tokens), []
    while tokens:
        token = tokens.pop(0)
        headings.append(token["html"])
        tokens += token["children"]
    assert len(headings) > 3 and not any("tce-" in heading for heading in headings), headings


def test_the_paper_reaches_the_extension_as_checked_and_an_unknown_one_stops_as_mkdocs_build_does(
    tmp_path: Path,
) -> None:
    """The model carries `extra.worksheets.paper` as the settings' one reader read it: an unknown paper stops
    `tce model` (and the model read in the extension's process) with the message `mkdocs build` gives for
    it, and is never taken for A4."""
    site = FixtureSite(tmp_path / "project")
    config = site.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "    paper: a4" in text
    config.write_text(text.replace("    paper: a4", "    paper: letter"), encoding="utf-8")
    assert load_site_model(str(config)).worksheet_paper == PAPERS["letter"]
    config.write_text(text.replace("    paper: a4", "    paper: b5"), encoding="utf-8")
    built = site.build()
    [problem] = [line.strip() for line in built.output.splitlines() if "extra.worksheets.paper" in line]
    assert built.returncode == 1 and problem.startswith("mkdocs.yml:") and "'b5'" in problem, built.output
    with pytest.raises(ModelError) as stopped:
        load_site_model(str(config))
    assert problem in str(stopped.value)
    env = dict(os.environ, PYTHONPATH=str(ROOT / "hooks"), PYTHONDONTWRITEBYTECODE="1", NO_MKDOCS_2_WARNING="1")
    command = [str(ROOT / ".venv" / "bin" / "python"), "-m", "tce_toolkit", "model", "--output", "model.pickle"]
    model = subprocess.run(command, cwd=site.root, env=env, capture_output=True, text=True, timeout=120)
    assert model.returncode == 1 and problem in model.stderr and "Traceback" not in model.stderr, model.stderr
    assert not (site.root / "model.pickle").exists()


def test_the_zensical_configuration_is_mkdocs_yml_with_the_extension_as_zensical_reads_it(
    tmp_path: Path, zensical: Build
) -> None:
    """`zensical-config` follows INHERIT (mappings merged, lists replaced), keeps every tag, adds the
    extension once, and keeps only the watch paths there are: Zensical reads it without a complaint."""
    (tmp_path / "base.yml").write_text(
        "site_name: Base\n"
        "theme:\n  name: material\n  features: [navigation.tabs]\n"
        "markdown_extensions:\n  - admonition\n  - tce_toolkit.markdown\n"
        "  - pymdownx.superfences:\n      custom_fences:\n        - name: diagram\n          class: diagram\n"
        "          format: !!python/name:pymdownx.superfences.fence_code_format\n"
        "watch:\n  - overrides\n  - hooks\n",
        encoding="utf-8",
    )
    project = tmp_path / "project"
    (project / "docs").mkdir(parents=True)
    (project / "overrides").mkdir()
    (project / "mkdocs.yml").write_text(
        "INHERIT: ../base.yml\nsite_name: Child\ntheme:\n  custom_dir: overrides\n"
        "extra:\n  greeting: !ENV [TCE_GREETING, hello]\n",
        encoding="utf-8",
    )
    env = dict(os.environ, PYTHONPATH=str(ROOT / "hooks"), PYTHONDONTWRITEBYTECODE="1", TCE_GREETING="hi")
    command = [str(ROOT / ".venv" / "bin" / "python"), "-m", "tce_toolkit", "zensical-config"]
    command += ["--model", "model.pickle", "--output", "zensical.yml"]
    result = subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    read = (
        "import json; from zensical.config import parse_config; c = parse_config('zensical.yml');"
        "fence = c['mdx_configs']['pymdownx.superfences']['custom_fences'][0]['format'];"
        "print(json.dumps([c['site_name'], c['theme']['features'], c['theme']['custom_dir'], c['watch'],"
        " c['markdown_extensions'], c['mdx_configs']['tce_toolkit.markdown'], c['extra']['greeting'],"
        " fence.__module__ + '.' + fence.__name__, c['config_warnings']]))"
    )
    result = subprocess.run(
        [str(ZENSICAL_VENV / "bin" / "python"), "-W", "error", "-c", read],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    name, features, custom_dir, watch, extensions, options, greeting, fence, warnings = json.loads(result.stdout)
    assert (name, features, custom_dir, watch) == ("Child", ["navigation.tabs"], "overrides", ["overrides"])
    assert [e for e in extensions if e not in ("toc", "tables")] == [
        "admonition",
        "pymdownx.superfences",
        "tce_toolkit.markdown",
    ]
    assert options == {"model": str(project / "model.pickle")}
    assert (greeting, fence, warnings) == ("hi", "pymdownx.superfences.fence_code_format", [])
