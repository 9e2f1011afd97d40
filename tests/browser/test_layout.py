"""Page layout measured from element boxes at a phone's, a tablet's and a desktop's width: nothing drawn
above the header.

Each test saves what it measured as a screenshot under test-artifacts/ for a person to look at."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from siteutil import ROOT

ARTIFACTS = ROOT / "test-artifacts" / "layout"
WIDTHS = (375, 768, 1280)
# Every kind of page the theme draws (a printable worksheet page is the toolkit's own and has no header).
PAGES = {
    "home": "",
    "blog": "blog/",
    "post": "blog/internal-customers/",
    "category": "blog/category/customers/",
    "archive": "blog/archive/2026/",
    "glossary": "glossary/",
    "entry": "glossary/internal-customer/",
    "worksheets": "worksheets/",
    "subscribe": "subscribe/",
    "about": "about/",
    "404": "no-such-page/",
}


@pytest.fixture
def open_page(browser: object) -> Iterator[object]:
    """Opens a page at a given width and colour scheme; closes every context it opened."""
    contexts: list[object] = []

    def open_(url: str, width: int, scheme: str = "light") -> object:
        context = browser.new_context(viewport={"width": width, "height": 900}, color_scheme=scheme)
        contexts.append(context)
        tab = context.new_page()
        tab.goto(url, wait_until="networkidle")
        return tab

    yield open_
    for context in contexts:
        context.close()


def save(tab: object, name: str, selector: str | None = None) -> None:
    """A screenshot for review: the viewport, scrolled to `selector` when one is given."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    if selector:
        tab.locator(selector).first.scroll_into_view_if_needed()
    target = ARTIFACTS / f"{name}.png"
    tab.screenshot(path=str(target), animations="disabled")
    assert target.stat().st_size > 5_000  # a real rendering, not a blank page


def boxes(tab: object, selector: str) -> list[dict[str, float]]:
    """The page-relative box (x, y, width, height, right, bottom) of every element `selector` finds."""
    return tab.locator(selector).evaluate_all(
        "els => els.map(e => { const r = e.getBoundingClientRect();"
        " return {x: r.left + scrollX, y: r.top + scrollY, width: r.width, height: r.height,"
        " right: r.right + scrollX, bottom: r.bottom + scrollY}; })"
    )


def overlap(one: dict[str, float], other: dict[str, float]) -> bool:
    """Whether two boxes share any area (touching edges do not count)."""
    return (
        min(one["right"], other["right"]) - max(one["x"], other["x"]) > 0.5
        and min(one["bottom"], other["bottom"]) - max(one["y"], other["y"]) > 0.5
    )


# --- nothing above the header ---------------------------------------------------------------------------

# Every visible box that comes before the page's <header> in the document and is painted inside the
# viewport: something drawn above the header (an empty announcement bar, say) shows up here.
ABOVE_HEADER = """() => {
  const header = document.querySelector('body header');
  const found = [];
  for (const e of document.body.querySelectorAll('*')) {
    if (e === header || e.contains(header)) continue;
    if (!(header.compareDocumentPosition(e) & Node.DOCUMENT_POSITION_PRECEDING)) continue;
    const r = e.getBoundingClientRect(), s = getComputedStyle(e);
    if (r.width < 1 || r.height < 1 || s.visibility === 'hidden' || parseFloat(s.opacity) === 0) continue;
    if (r.bottom <= 0 || r.top >= innerHeight || r.right <= 0 || r.left >= innerWidth) continue;
    found.push(`${e.tagName.toLowerCase()} ${Math.round(r.width)}x${Math.round(r.height)} at y=${Math.round(r.top)}`);
  }
  return {top: header.getBoundingClientRect().top, above: found};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES, ids=list(PAGES))
def test_header_is_the_first_thing_on_the_page(open_page, site_url: str, name: str, scheme: str) -> None:
    # An announcement block that renders only whitespace once drew an empty 12 px bar above the header.
    for width in WIDTHS:
        tab = open_page(site_url + PAGES[name], width, scheme)
        found = tab.evaluate(ABOVE_HEADER)
        assert found["top"] == 0 and found["above"] == [], (name, width, scheme, found)
        if scheme == "light":
            save(tab, f"top-{name}-{width}")
