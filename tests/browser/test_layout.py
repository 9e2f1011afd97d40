"""Page layout measured from element boxes at a phone's, a tablet's and a desktop's width: nothing drawn
above the header, the glossary entries' previous/next row, and the worksheet catalogue's packs.

Each test saves what it measured as a screenshot under test-artifacts/ for a person to look at."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import yaml
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


def glossary_terms() -> dict[str, str]:
    """Every glossary entry's term by its slug, A to Z, read from the entries' front matter with PyYAML."""
    found = {}
    for path in (ROOT / "docs" / "glossary").glob("*.md"):
        if path.name == "index.md":
            continue
        front = path.read_text(encoding="utf-8").split("---\n", 2)[1]
        found[path.stem] = yaml.safe_load(front)["term"]
    return dict(sorted(found.items(), key=lambda item: item[1].casefold()))


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
    # An announcement block that renders only whitespace once drew an empty 12 px bar above the header, the glossary entries' previous/next row.
    for width in WIDTHS:
        tab = open_page(site_url + PAGES[name], width, scheme)
        found = tab.evaluate(ABOVE_HEADER)
        assert found["top"] == 0 and found["above"] == [], (name, width, scheme, found)
        if scheme == "light":
            save(tab, f"top-{name}-{width}")


# --- the glossary entries' previous/next ----------------------------------------------------------------


def pager_cases() -> list[tuple[str, str | None, str | None]]:
    """(slug, previous term, next term): the first entry, one in the middle and the last, A to Z."""
    terms = glossary_terms()
    slugs = list(terms)
    assert len(slugs) >= 3
    cases = []
    for at in (0, len(slugs) // 2, len(slugs) - 1):
        previous = terms[slugs[at - 1]] if at > 0 else None
        following = terms[slugs[at + 1]] if at + 1 < len(slugs) else None
        cases.append((slugs[at], previous, following))
    return cases


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize(("slug", "previous", "following"), pager_cases(), ids=["first", "middle", "last"])
def test_glossary_pager_is_a_row_on_wide_screens_and_a_stack_on_a_phone(
    open_page, site_url: str, slug: str, previous: str | None, following: str | None, width: int
) -> None:
    tab = open_page(site_url + f"glossary/{slug}/", width)
    nav = tab.get_by_role("navigation", name="Glossary entries")
    assert nav.count() == 1
    expected = [text for text in (previous, "All glossary entries", following) if text]
    links = nav.locator("a")
    assert links.count() == len(expected)
    for link, text in zip(links.all(), expected, strict=True):
        assert text in link.inner_text()
    if previous:
        assert previous in nav.locator("a[rel=prev]").inner_text()
    if following:
        assert following in nav.locator("a[rel=next]").inner_text()
    save(tab, f"glossary-pager-{slug}-{width}", "nav[aria-label='Glossary entries']")

    area = boxes(tab, "nav[aria-label='Glossary entries']")[0]
    found = boxes(tab, "nav[aria-label='Glossary entries'] a")
    # Each link is a box of its own: none overlaps another, none leaves the pager or the viewport.
    for at, box in enumerate(found):
        assert area["x"] - 0.5 <= box["x"] and box["right"] <= area["right"] + 0.5, (width, box, area)
        assert box["x"] >= 0 and box["right"] <= width, (width, box)
        for other in found[at + 1 :]:
            assert not overlap(box, other), (width, box, other)
    # The direction ("Previous entry") and the term are two lines, not one run-on sentence.
    for link in (nav.locator("a[rel=prev]"), nav.locator("a[rel=next]")):
        if link.count():
            parts = link.evaluate(
                "a => [...a.children].map(c => { const r = c.getBoundingClientRect(); return [r.top, r.bottom]; })"
            )
            assert len(parts) == 2 and parts[0][1] <= parts[1][0] + 0.5, (width, parts)
    tops = [box["y"] for box in found]
    if width < 720:
        # A phone: one above the other, each the pager's full width.
        assert tops == sorted(tops) and all(b["y"] >= a["bottom"] for a, b in zip(found, found[1:], strict=False))
        assert all(abs(box["width"] - area["width"]) < 1 for box in found), (width, found, area)
    else:
        # A row: side by side on one line, previous at the left edge, next at the right edge.
        assert max(tops) - min(tops) < 1, (width, found)
        lefts = [box["x"] for box in found]
        assert lefts == sorted(lefts)
        if previous:
            assert abs(found[0]["x"] - area["x"]) < 1
        if following:
            assert abs(found[-1]["right"] - area["right"]) < 1
        # The index link sits in the middle third even when an entry has no previous or next one.
        middle = found[1] if previous else found[0]
        centre = (middle["x"] + middle["right"]) / 2
        assert area["x"] + area["width"] / 3 < centre < area["right"] - area["width"] / 3, (width, middle, area)


# --- the worksheet catalogue's packs --------------------------------------------------------------------


def lines_of(tab: object, selector: str) -> list[float]:
    """How many lines of text each element `selector` finds takes up (its height over its line height)."""
    return tab.locator(selector).evaluate_all(
        "els => els.map(e => e.getBoundingClientRect().height / parseFloat(getComputedStyle(e).lineHeight))"
    )


@pytest.mark.parametrize("width", WIDTHS)
def test_worksheet_packs_keep_each_description_clear_of_its_button(open_page, site_url: str, width: int) -> None:
    # The descriptions once ran on beside their buttons and wrapped under them, at every width.
    tab = open_page(site_url + "worksheets/", width)
    save(tab, f"worksheet-packs-{width}", "#packs")
    packs = "article ul:has(> li > a[download][href$='.pdf'])"
    assert tab.locator(packs).count() == 1
    area = boxes(tab, packs)[0]
    buttons = boxes(tab, f"{packs} > li > a")
    about = boxes(tab, f"{packs} > li > span")
    assert len(buttons) == len(about) == 4  # two papers, two editions
    column = boxes(tab, "article")[0]
    for button, text in zip(buttons, about, strict=True):
        assert not overlap(button, text), (width, button, text)
        for box in (button, text):
            assert area["x"] - 0.5 <= box["x"] and box["right"] <= area["right"] + 0.5, (width, box, area)
            assert box["x"] >= 0 and box["right"] <= min(width, column["right"]), (width, box)
        # No description is squeezed into a narrow column beside its button.
        assert text["width"] >= 0.45 * area["width"], (width, text, area)
    assert max(lines_of(tab, f"{packs} > li > span")) <= 3
    # Every button keeps its label on one line: all of one height.
    heights = [box["height"] for box in buttons]
    assert max(heights) - min(heights) < 1, (width, heights)
    if width < 720:
        # A phone: the button across the column, its description under it.
        for button, text in zip(buttons, about, strict=True):
            assert abs(button["width"] - area["width"]) < 1 and text["y"] >= button["bottom"], (width, button, text)
    else:
        # Wider: the buttons one column of one width, each description beside its own button.
        assert max(b["x"] for b in buttons) - min(b["x"] for b in buttons) < 1
        assert max(b["width"] for b in buttons) - min(b["width"] for b in buttons) < 1
        for button, text in zip(buttons, about, strict=True):
            assert text["x"] >= button["right"] + 8, (width, button, text)
            assert text["y"] < button["bottom"] and button["y"] < text["bottom"], (width, button, text)
