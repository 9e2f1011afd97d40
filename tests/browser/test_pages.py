"""Reader-facing pages in a real browser: the 404 page, the worksheet catalogue on a phone, the logo in both
palettes, one previous/next navigation on a post, the glossary first in search, and the subscribe page."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from urllib.parse import urljoin, urlparse

import pytest
from PIL import Image
from siteutil import ROOT, Build, read_post

POSTS = [read_post(path) for path in sorted((ROOT / "docs" / "blog" / "posts").glob("*.md"))]
PUBLISHED = sorted(
    (post for post in POSTS if not post.meta.get("draft") and post.meta["date"] <= date.today()),
    key=lambda post: post.meta["part"],
)
SITE_URL = re.search(r"^site_url:\s*(\S+)", (ROOT / "mkdocs.yml").read_text(encoding="utf-8"), re.M).group(1)
PHONE = {"width": 375, "height": 812}


class Watched:
    """A browser page that records every request for a host other than 127.0.0.1."""

    def __init__(self, context: object) -> None:
        self.context = context
        self.page = context.new_page()
        self.foreign: list[str] = []
        context.on("request", self._check)

    def _check(self, request: object) -> None:
        url = request.url
        if not url.startswith(("data:", "blob:", "about:")) and urlparse(url).hostname != "127.0.0.1":
            self.foreign.append(url)


@pytest.fixture
def open_context(browser: object) -> Iterator[object]:
    """Opens browser contexts on demand; on teardown closes them and fails if any asked another host."""
    opened: list[Watched] = []

    def open_(**options: object) -> Watched:
        options.setdefault("viewport", {"width": 1280, "height": 900})
        watched = Watched(browser.new_context(**options))
        opened.append(watched)
        return watched

    yield open_
    foreign = [url for watched in opened for url in watched.foreign]
    for watched in opened:
        watched.context.close()
    assert foreign == [], f"requests left 127.0.0.1: {foreign}"


@pytest.fixture
def tab(open_context) -> object:
    """A desktop page whose requests must all stay on 127.0.0.1."""
    return open_context().page


# --- the 404 page ------------------------------------------------------------------------------------


def test_404_page_offers_home_search_and_every_part(tab, site_url: str) -> None:
    response = tab.goto(site_url + "no/such/page/", wait_until="networkidle")
    assert response is not None and response.status == 404
    article = tab.locator("article")
    assert "404" in article.inner_text()
    home = article.locator("a.tce-not-found__home")
    assert home.is_visible()
    assert urljoin(tab.url, home.get_attribute("href")) == site_url
    # The search prompt opens Material's own search, with the words the reader typed.
    prompt = article.locator("form.tce-not-found__search")
    assert prompt.get_attribute("role") == "search"
    field = prompt.get_by_role("searchbox", name=re.compile("search", re.I))
    field.fill("glossary")
    prompt.get_by_role("button", name=re.compile("search", re.I)).click()
    tab.wait_for_function("document.getElementById('__search') && document.getElementById('__search').checked")
    assert tab.locator("input.md-search__input").input_value() == "glossary"
    tab.locator(".md-search-result__list > li").first.wait_for(state="visible", timeout=15000)


def test_404_page_lists_the_parts_of_the_series_in_order(tab, site_url: str) -> None:
    tab.goto(site_url + "no-such-page/", wait_until="networkidle")
    links = tab.locator("article .tce-series-list a")
    assert links.count() == len(PUBLISHED) == 8
    for index, post in enumerate(PUBLISHED):
        link = links.nth(index)
        text = " ".join(link.inner_text().split())
        assert text == f"Part {post.meta['part']}: {post.title}"
        assert urljoin(tab.url, link.get_attribute("href")) == site_url + f"blog/{post.meta['slug']}/"


# --- the series list on the home page ------------------------------------------------------------------


def test_home_series_list_shows_each_part_number_once(tab, site_url: str) -> None:
    tab.goto(site_url)
    series = tab.locator("ol.tce-series-list")
    assert series.evaluate("e => getComputedStyle(e).listStyleType") == "none"
    for item in series.locator("> li").all():
        marker = item.evaluate("e => getComputedStyle(e, '::marker').content")
        assert marker in {"none", "normal", '""'} and item.evaluate("e => getComputedStyle(e).listStyleType") == "none"
        assert len(re.findall(r"\b\d+\b", item.locator("a").inner_text())) == 1


# --- the worksheet catalogue on a phone ------------------------------------------------------------------


@pytest.mark.parametrize("width", [375, 800, 1280])
def test_worksheet_catalogue_titles_keep_their_width_beside_every_link(open_context, site_url: str, width: int) -> None:
    # Five links a part (the page, and each paper in each edition) once squeezed the title into a column
    # one letter wide: every title fits on at most two lines, at every width.
    page = open_context(viewport={"width": width, "height": 900}).page
    page.goto(site_url + "worksheets/", wait_until="networkidle")
    titles = page.locator(".tce-worksheets__title")
    assert titles.count() == len(PUBLISHED)
    for title in titles.all():
        lines = title.evaluate("e => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight)")
        assert lines < 2.5, (width, title.inner_text(), lines)


def test_worksheet_catalogue_fits_a_phone_with_every_pdf_link_in_view(open_context, site_url: str) -> None:
    phone = open_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True).page
    phone.goto(site_url + "worksheets/", wait_until="networkidle")
    width = phone.evaluate("innerWidth")
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= width
    pdfs = phone.locator("article a[href$='.pdf']")
    # Every worksheet on two papers in two editions, and four packs.
    assert pdfs.count() == 4 * len(PUBLISHED) + 4
    # Inside the viewport, and inside the text column too (a link at the very edge is cut off by it).
    column = phone.locator("article").bounding_box()
    left, right = max(0, column["x"]), min(width, column["x"] + column["width"])
    for link in pdfs.all():
        box = link.bounding_box()
        assert box is not None and left <= box["x"] and box["x"] + box["width"] <= right, (link.inner_text(), box)
    # Nothing in the catalogue hides in a box that scrolls sideways.
    scrollers = phone.evaluate(
        "[...document.querySelectorAll('article *')].filter(e => e.scrollWidth > e.clientWidth + 1"
        " && ['auto', 'scroll'].includes(getComputedStyle(e).overflowX)).map(e => e.className || e.tagName)"
    )
    assert scrollers == []


@pytest.mark.parametrize("path", ["no-such-page/", "subscribe/"])
def test_page_fits_a_phone(open_context, site_url: str, path: str) -> None:
    phone = open_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True).page
    phone.goto(site_url + path, wait_until="networkidle")
    assert phone.evaluate("document.scrollingElement.scrollWidth") <= phone.evaluate("innerWidth")


def test_worksheet_catalogue_names_every_part_on_the_desktop(tab, site_url: str) -> None:
    tab.goto(site_url + "worksheets/")
    entries = tab.locator(".tce-worksheets__item")
    assert entries.count() == len(PUBLISHED)
    for entry, post in zip(entries.all(), PUBLISHED, strict=True):
        text = " ".join(entry.inner_text().split())
        assert f"Part {post.meta['part']}" in text and post.title in text
        assert f"{len(post.questions)} questions" in text
        assert entry.locator(f"a[href$='{post.meta['slug']}-a4.pdf']").is_visible()


# --- the logo and the avatar in both palettes -----------------------------------------------------------


def _luminance(rgb: tuple[int, int, int]) -> float:
    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(one: tuple[int, int, int], other: tuple[int, int, int]) -> float:
    """The WCAG contrast ratio of two colours."""
    a, b = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (a + 0.05) / (b + 0.05)


def mark_contrast(page: object, selector: str, share: float = 0.1) -> float:
    """How clearly an image stands out from what it sits on, from the rendered pixels.

    The background is the most common colour in a 3-pixel ring around the image; the result is the
    contrast against it that at least `share` of the image's own pixels reach (so a few anti-aliased
    pixels cannot pass for a visible mark)."""
    element = page.locator(selector).first
    element.scroll_into_view_if_needed()
    box = element.bounding_box()
    ring = 3
    clip = {
        "x": box["x"] - ring,
        "y": box["y"] - ring,
        "width": box["width"] + 2 * ring,
        "height": box["height"] + 2 * ring,
    }
    scale = page.evaluate("devicePixelRatio")
    image = Image.open(io.BytesIO(page.screenshot(clip=clip, animations="disabled"))).convert("RGB")
    edge = round(ring * scale)
    width, height = image.size
    pixels = image.load()
    around = [
        pixels[x, y]
        for x in range(width)
        for y in range(height)
        if not (edge <= x < width - edge and edge <= y < height - edge)
    ]
    background = max(set(around), key=around.count)
    inside = sorted(
        (contrast(pixels[x, y], background) for x in range(edge, width - edge) for y in range(edge, height - edge)),
        reverse=True,
    )
    return inside[int(len(inside) * share)]


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    ("where", "path", "selector"),
    [
        ("header", "", ".md-header .md-logo img"),
        ("avatar", "blog/internal-customers/", ".md-post__profile .md-author img"),
    ],
    ids=["header", "avatar"],
)
def test_logo_stands_out_in_both_palettes(
    open_context, site_url: str, scheme: str, where: str, path: str, selector: str
) -> None:
    tab = open_context(color_scheme=scheme).page
    tab.goto(site_url + path, wait_until="networkidle")
    assert tab.evaluate("document.body.dataset.mdColorScheme") == ("slate" if scheme == "dark" else "default")
    tab.wait_for_function(
        "s => [...document.querySelectorAll(s)].every(i => i.complete && i.naturalWidth > 0)", arg=selector
    )
    tab.mouse.move(0, 0)  # no hover effect
    measured = mark_contrast(tab, selector)
    assert measured >= 3, f"the {where} logo stands out by only {measured:.2f}:1 in the {scheme} palette"


# --- one previous/next navigation on a post -------------------------------------------------------------


def test_post_has_only_the_series_pager_as_previous_next(tab, site_url: str) -> None:
    tab.goto(site_url + "blog/internal-customers/", wait_until="networkidle")
    assert tab.locator("nav.tce-series-pager").count() == 1
    assert tab.locator("nav.tce-series-pager a[rel=prev]").count() == 1
    assert tab.locator("nav.tce-series-pager a[rel=next]").count() == 1
    assert tab.locator(".md-footer__link").count() == 0  # Material's own footer prev/next


# --- search ranks the glossary entry first ----------------------------------------------------------------


def test_search_for_a_term_ranks_its_glossary_entry_first(tab, site_url: str) -> None:
    tab.goto(site_url, wait_until="networkidle")
    tab.keyboard.press("/")
    tab.locator("input.md-search__input").press_sequentially("internal customer", delay=30)
    first = tab.locator(".md-search-result__list > li a").first
    first.wait_for(state="visible", timeout=15000)
    tab.wait_for_timeout(500)  # the last keystroke's results
    first = tab.locator(".md-search-result__list > li a").first
    href = urljoin(tab.url, first.get_attribute("href"))
    assert urlparse(href).path == "/glossary/internal-customer/", href


# --- subscribing -----------------------------------------------------------------------------------------


def _feed_addresses(build: Build) -> list[str]:
    """Every feed file the build wrote, as the absolute address a reader gives a feed reader."""
    site = build.site
    found = [p for name in ("feed.xml", "atom.xml", "feed.json") if (p := site / name).is_file()]
    found += sorted(site.glob("category/*/feed.xml")) + sorted(site.glob("category/*/feed.json"))
    return [urljoin(SITE_URL, Path(p).relative_to(site).as_posix()) for p in found]


def test_subscribe_lines_lead_to_the_subscribe_page(tab, site_url: str) -> None:
    for path in ("", "blog/"):
        tab.goto(site_url + path)
        line = tab.locator(".md-content .tce-subscribe")
        assert line.count() == 1
        links = [
            urljoin(tab.url, href) for href in line.locator("a").evaluate_all("l => l.map(a => a.getAttribute('href'))")
        ]
        assert links and all(link == site_url + "subscribe/" for link in links), links


def test_category_page_subscribe_line_names_the_category(tab, site_url: str) -> None:
    tab.goto(site_url + "blog/category/customers/")
    line = tab.locator(".md-content .tce-subscribe")
    assert line.count() == 1
    assert "Customers" in line.inner_text()
    hrefs = [urljoin(tab.url, h) for h in line.locator("a").evaluate_all("l => l.map(a => a.getAttribute('href'))")]
    assert len(hrefs) == 1 and hrefs[0].startswith(site_url + "subscribe/#"), hrefs
    # The link lands on the category's own feed, whose address is its feed.
    tab.goto(hrefs[0])
    feed = tab.locator(f"[id='{urlparse(hrefs[0]).fragment}']")
    assert feed.count() == 1 and "Customers" in feed.inner_text()
    assert feed.locator(".tce-feed__url").inner_text().strip() == urljoin(SITE_URL, "category/customers/feed.xml")


@pytest.mark.parametrize(
    "path", ["blog/category/customers/", "glossary/internal-customer/", "subscribe/", "worksheets/", "no-such-page/"]
)
def test_page_text_shows_no_markup(tab, site_url: str, path: str) -> None:
    # A fragment added to a page must not turn the page's own HTML into text (a str + Markup escapes the str).
    tab.goto(site_url + path)
    text = tab.locator(".md-content").inner_text()
    assert not re.search(r"</?(h1|h2|p|a|div|ul|li)\b[^>]*>", text), text[:300]


def test_subscribe_page_shows_every_feed_address_and_copies_it(
    open_context, site_url: str, project_build: Build
) -> None:
    watched = open_context()
    watched.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    tab = watched.page
    response = tab.goto(site_url + "subscribe/", wait_until="networkidle")
    assert response is not None and response.status == 200
    expected = _feed_addresses(project_build)
    assert len(expected) >= 5
    feeds = tab.locator(".tce-feed")
    shown = [" ".join(text.split()) for text in tab.locator(".tce-feed__url").all_inner_texts()]
    assert sorted(shown) == sorted(expected)
    for feed in feeds.all():
        address = " ".join(feed.locator(".tce-feed__url").inner_text().split())
        assert feed.locator(".tce-feed__title").inner_text().strip()
        button = feed.get_by_role("button", name=re.compile("^Copy address"))
        button.click()
        feed.locator(".tce-feed__status", has_text="Copied").wait_for(timeout=5000)
        assert tab.evaluate("navigator.clipboard.readText()") == address


def test_subscribe_page_without_javascript_still_shows_the_addresses(
    open_context, site_url: str, project_build: Build
) -> None:
    tab = open_context(java_script_enabled=False).page
    tab.goto(site_url + "subscribe/")
    shown = [" ".join(text.split()) for text in tab.locator(".tce-feed__url").all_inner_texts()]
    assert sorted(shown) == sorted(_feed_addresses(project_build))
    assert tab.get_by_role("button", name=re.compile("^Copy address")).count() == 0  # a button that cannot work hides


def test_subscribe_page_copy_works_after_instant_navigation(open_context, site_url: str) -> None:
    watched = open_context()
    watched.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    tab = watched.page
    tab.goto(site_url, wait_until="networkidle")
    tab.locator("article .tce-subscribe a").first.click()  # Material's instant navigation swaps the page in
    tab.wait_for_url(re.compile(r"/subscribe/$"))
    feed = tab.locator(".tce-feed").first
    feed.get_by_role("button", name=re.compile("^Copy address")).click()
    feed.locator(".tce-feed__status", has_text="Copied").wait_for(timeout=5000)
    assert tab.evaluate("navigator.clipboard.readText()") == feed.locator(".tce-feed__url").inner_text().strip()


# --- accessibility of these pages ------------------------------------------------------------------------


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize(
    ("path", "viewport"),
    [
        ("no-such-page/", None),
        ("subscribe/", None),
        ("subscribe/", PHONE),
        ("worksheets/", None),
        ("worksheets/", PHONE),
        ("glossary/internal-customer/", None),
        ("glossary/internal-customer/", PHONE),
    ],
    ids=["404", "subscribe", "subscribe-phone", "worksheets", "worksheets-phone", "entry", "entry-phone"],
)
def test_pages_have_no_serious_accessibility_problem(
    open_context, site_url: str, path: str, viewport: dict | None, scheme: str
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    tab = open_context(color_scheme=scheme, **({"viewport": viewport} if viewport else {})).page
    tab.goto(site_url + path, wait_until="networkidle")
    results = Axe().run(tab)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == []
