"""What a reader meets in a real browser: privacy, glossary tooltips, search, phones, print, errors."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from urllib.parse import urlparse

import pytest
from browser_fixtures import invalid_tabindexes
from siteutil import ROOT

PAGES = {
    "home": "",
    "blog": "blog/",
    "post": "blog/internal-customers/",
    "glossary": "glossary/",
    "entry": "glossary/internal-customer/",
    "worksheets": "worksheets/",
    "worksheet": "worksheets/internal-customers/",
    "about": "about/",
    "category": "blog/category/customers/",
    "archive": "blog/archive/2026/",
}
ARTIFACTS = ROOT / "test-artifacts"


@pytest.mark.parametrize("name", PAGES, ids=list(PAGES))
def test_page_loads_without_errors_or_third_party_requests(page, site_url: str, name: str) -> None:
    errors: list[str] = []
    foreign: list[str] = []
    failed: list[str] = []
    page.on(
        "console",
        lambda message: (
            errors.append(f"{message.text} ({message.location.get('url')})") if message.type == "error" else None
        ),
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on(
        "request",
        lambda request: (
            foreign.append(request.url)
            if urlparse(request.url).hostname not in {"127.0.0.1", None} and not request.url.startswith("data:")
            else None
        ),
    )
    # Whatever the page or the theme's JavaScript asks the site for must exist.
    page.on(
        "response",
        lambda response: failed.append(f"{response.status} {response.url}") if response.status >= 400 else None,
    )
    page.on("requestfailed", lambda request: failed.append(f"{request.failure} {request.url}"))
    response = page.goto(site_url + PAGES[name], wait_until="networkidle")
    assert response is not None and response.status == 200
    assert errors == []
    assert foreign == []
    assert failed == []


@pytest.mark.parametrize("name", PAGES, ids=list(PAGES))
def test_page_has_no_empty_or_invalid_tabindex(page, site_url: str, name: str) -> None:
    page.goto(site_url + PAGES[name], wait_until="networkidle")
    assert invalid_tabindexes(page) == []


def test_category_page_names_its_own_feed_for_feed_readers(page, site_url: str) -> None:
    # Feed readers read rel as a list of words (HTML's rule), so any rel holding "alternate" announces a feed.
    page.goto(site_url + PAGES["category"])
    feeds = page.evaluate(
        "[...document.head.querySelectorAll('link')]"
        ".filter(l => l.relList.contains('alternate') && /^application\\/(rss|atom)\\+xml$/.test(l.type))"
        ".map(l => l.href)"
    )
    own = site_url + "category/customers/feed.xml"
    assert own in feeds and site_url + "feed.xml" in feeds
    answer = page.request.get(own)
    assert answer.ok and b"<rss" in answer.body()


def test_missing_page_gets_the_site_404(page, site_url: str) -> None:
    errors: list[str] = []
    missing = site_url + "no-such-page/"
    # The browser reports the page's own 404 status as a console error; anything else is a real error.
    page.on(
        "console",
        lambda message: (
            errors.append(message.text) if message.type == "error" and message.location.get("url") != missing else None
        ),
    )
    response = page.goto(missing, wait_until="networkidle")
    assert response is not None and response.status == 404
    assert "404" in page.locator("article").inner_text()
    assert page.locator(".md-header").is_visible()  # styled like the site: its CSS loaded
    assert errors == []


def test_glossary_term_shows_definition_on_hover_and_focus_and_opens_entry(page, site_url: str) -> None:
    page.goto(site_url + "blog/internal-customers/")
    term = page.locator("a.tce-glossary-term#term-internal-customer")
    summary = term.get_attribute("title")
    assert summary
    term.hover()
    tooltip = page.locator(".md-tooltip2--active")
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text().strip() == summary
    page.mouse.move(0, 0)
    tooltip.wait_for(state="hidden")
    term.focus()
    tooltip.wait_for(state="visible")
    assert tooltip.inner_text().strip() == summary
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/glossary/internal-customer/$"))
    assert page.locator("h1").inner_text().strip().removesuffix("¶").strip() == "Internal customer"


def test_series_walks_forward_and_back(page, site_url: str) -> None:
    def part() -> tuple[int, int]:
        text = page.locator(".tce-series-part").text_content()
        return tuple(map(int, re.search(r"Part (\d+) of (\d+)", text).groups()))

    def follow(rel: str, expected: int) -> None:
        page.locator(f"a[rel={rel}].tce-series-pager__link").click()
        page.wait_for_function(
            "n => { const k = document.querySelector('.tce-series-part');"
            " return k && k.textContent.includes(`Part ${n} of`); }",
            arg=expected,
        )

    page.goto(site_url + "blog/who-is-your-customer/")
    number, total = part()
    assert number == 1 and total >= 8
    for expected in range(2, total + 1):
        follow("next", expected)
    assert page.locator("a[rel=next].tce-series-pager__link").count() == 0
    for expected in range(total - 1, 0, -1):
        follow("prev", expected)
    assert part() == (1, total) and page.locator("a[rel=prev].tce-series-pager__link").count() == 0


def _word_in_one_post() -> tuple[str, str]:
    """A word that appears in exactly one Markdown file under docs/, which is a post: (word, slug)."""
    counts: Counter[str] = Counter()
    where: dict[str, Path] = {}
    for path in (ROOT / "docs").rglob("*.md"):
        for word in set(re.findall(r"[a-z]{9,}", path.read_text(encoding="utf-8").lower())):
            counts[word] += 1
            where[word] = path
    for word, count in sorted(counts.items()):
        if count == 1 and where[word].parent.name == "posts":
            slug = re.search(r"^slug: (\S+)", where[word].read_text(encoding="utf-8"), re.M).group(1)
            return word, slug
    raise AssertionError("no word unique to one post")


def test_search_finds_a_word_from_one_post_body(page, site_url: str) -> None:
    word, slug = _word_in_one_post()
    page.goto(site_url)
    page.keyboard.press("/")  # Material's shortcut to the search box
    page.locator("input.md-search__input").press_sequentially(word, delay=30)  # Material reacts to keys
    first = page.locator(".md-search-result__list > li a").first
    first.wait_for(state="visible", timeout=15000)
    assert first.get_attribute("href").rstrip("/").endswith(f"blog/{slug}") or f"blog/{slug}/" in first.get_attribute(
        "href"
    )


def test_keyboard_reaches_the_main_links(page, site_url: str) -> None:
    page.goto(site_url)
    reached: list[str] = []
    for _ in range(60):
        page.keyboard.press("Tab")
        href = page.evaluate("document.activeElement && document.activeElement.getAttribute('href')")
        if href:
            reached.append(href)
    assert "#" in reached[0]  # Material's "Skip to content" link comes first
    assert any(h.rstrip("/").endswith("glossary") for h in reached)
    assert any("blog/who-is-your-customer" in h for h in reached)
    assert any(h.rstrip("/").endswith("worksheets") for h in reached)


@pytest.mark.parametrize("name", PAGES, ids=list(PAGES))
def test_phone_width_has_no_sideways_scroll_and_readable_text(browser, site_url: str, name: str) -> None:
    context = browser.new_context(viewport={"width": 375, "height": 812}, device_scale_factor=2, is_mobile=True)
    phone = context.new_page()
    try:
        phone.goto(site_url + PAGES[name], wait_until="networkidle")
        overflow = phone.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 0, f"{name} scrolls sideways by {overflow}px"
        smallest = phone.evaluate(
            "Math.min(...[...document.querySelectorAll('article p, article li, main p, main li')]"
            ".filter(e => e.offsetParent && e.textContent.trim())"
            ".map(e => parseFloat(getComputedStyle(e).fontSize)))"
        )
        assert smallest >= 12, f"{name} has text at {smallest}px"
    finally:
        context.close()


def test_printing_a_post_hides_navigation_and_search(page, site_url: str) -> None:
    page.goto(site_url + "blog/internal-customers/")
    page.emulate_media(media="print")
    for selector in (".md-header", ".md-sidebar--post", ".md-search", ".md-footer", ".tce-series-pager"):
        assert not page.locator(selector).first.is_visible(), f"{selector} shows in print"
    assert page.locator("article h1").is_visible()


@pytest.mark.parametrize("name", ["home", "post", "worksheet"])
def test_screenshots_for_review(browser, site_url: str, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    for label, viewport in (("desktop", {"width": 1280, "height": 900}), ("phone", {"width": 375, "height": 812})):
        context = browser.new_context(viewport=viewport)
        shot = context.new_page()
        shot.goto(site_url + PAGES[name], wait_until="networkidle")
        target = ARTIFACTS / f"{name}-{label}.png"
        shot.screenshot(path=str(target), full_page=True)
        context.close()
        assert target.stat().st_size > 10_000  # a real rendering, not a blank page
