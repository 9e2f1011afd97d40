"""Worksheets as a trainer meets them in a real browser: from a post to a page that prints on one sheet."""

from __future__ import annotations

import io
import re

import pypdf
import pytest
from siteutil import ROOT, read_post

POSTS = [read_post(path) for path in (ROOT / "docs" / "blog" / "posts").glob("*.md")]
SLUGS = sorted(post.meta["slug"] for post in POSTS)
QUESTIONS = {post.meta["slug"]: len(post.questions) for post in POSTS}
A4 = (595, 842)
WIDTHS = (375, 768, 1280)  # a phone, a tablet, a desktop
ARTIFACTS = ROOT / "test-artifacts"

# What a reader sees of the sheet, measured in the page: the boxes of its text, line by line (the rects of
# each text node), and of its fields, writing spaces and QR code; the white sheet's box; every word cut
# across two lines (a word is what lies between spaces, hyphens and slashes, where a line may break).
_LAYOUT = """() => {
  const box = r => ({x: r.left, y: r.top, right: r.right, bottom: r.bottom});
  const lines = el => {
    const out = [];
    const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (!node.textContent.trim()) continue;
      const range = document.createRange();
      range.selectNodeContents(node);
      for (const r of range.getClientRects()) if (r.width > 0 && r.height > 0) out.push(box(r));
    }
    return out;
  };
  const items = [];
  const add = (selector, text) => document.querySelectorAll(selector).forEach((el, at) => items.push({
    name: selector + "[" + at + "] " + el.textContent.trim().slice(0, 40),
    rects: text ? lines(el) : [box(el.getBoundingClientRect())],
  }));
  for (const s of [".ws-kicker__part", ".ws-kicker__series", ".ws-title", ".ws-field label", ".ws-heading",
                   ".ws-summary p", ".ws-term", ".ws-question__text", ".ws-notes", ".ws-footer__text"]) add(s, true);
  for (const s of [".ws-field__input", ".ws-answer", ".ws-qr"]) add(s, false);
  const broken = [];
  const walker = document.createTreeWalker(document.querySelector(".ws-sheet"), NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    for (const word of node.textContent.matchAll(/[^\\s\\-\\u2010-\\u2014\\/]+/g)) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const tops = new Set([...range.getClientRects()].filter(r => r.width > 0).map(r => Math.round(r.top)));
      if (tops.size > 1) broken.push(word[0]);
    }
  }
  return {
    items: items,
    paper: box(document.querySelector(".ws-paper").getBoundingClientRect()),
    inside: [...document.querySelectorAll(".ws-question, .ws-footer")].map(
      el => ({name: el.textContent.trim().slice(0, 40), rect: box(el.getBoundingClientRect())})),
    labels: [...document.querySelectorAll(".ws-field label")].map(el => ({
      text: el.textContent, height: el.getBoundingClientRect().height,
      line: parseFloat(getComputedStyle(el).lineHeight)})),
    broken: broken,
    scroll: document.scrollingElement.scrollWidth - innerWidth,
  };
}"""


def _overlap(a: dict[str, float], b: dict[str, float]) -> float:
    """The area two boxes share (0 when they only touch)."""
    width = min(a["right"], b["right"]) - max(a["x"], b["x"])
    height = min(a["bottom"], b["bottom"]) - max(a["y"], b["y"])
    return width * height if width > 0.5 and height > 0.5 else 0.0


def _within(inner: dict[str, float], outer: dict[str, float]) -> bool:
    return (
        inner["x"] >= outer["x"] - 0.5
        and inner["right"] <= outer["right"] + 0.5
        and inner["y"] >= outer["y"] - 0.5
        and inner["bottom"] <= outer["bottom"] + 0.5
    )


def test_post_link_opens_the_worksheet_page(page, site_url: str) -> None:
    page.goto(site_url + "blog/the-customer-chain/")
    link = page.locator("h2#reflect + .tce-worksheet-link a", has_text="Print the worksheet")
    assert link.is_visible()
    link.click()
    page.wait_for_url(re.compile(r"/worksheets/the-customer-chain/$"))
    assert page.locator(".ws-title").inner_text() == "The customer chain"
    assert page.locator(".ws-toolbar button", has_text="Print").is_visible()


@pytest.mark.parametrize("width", [375, 1280])
def test_every_worksheet_page_prints_on_one_page(page, site_url: str, width: int) -> None:
    # Printing from the browser must give the same single page as the PDF (paper size from the page's CSS),
    # from a phone as from a desktop: the screen's own layout is not what is printed.
    page.set_viewport_size({"width": width, "height": 812})
    page.emulate_media(media="print")
    for slug in SLUGS:
        page.goto(site_url + f"worksheets/{slug}/")
        reader = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
        assert len(reader.pages) == 1, f"{slug} prints on {len(reader.pages)} pages"
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) in {A4, (595, 841)}
        assert not page.locator(".ws-toolbar").is_visible()


@pytest.mark.parametrize("width", WIDTHS)
def test_every_worksheet_page_shows_the_whole_sheet_with_nothing_drawn_over_anything(
    browser, site_url: str, width: int
) -> None:
    """On a phone, a tablet and a desktop: no two of the sheet's text lines, fields, writing spaces and QR
    code overlap; every question and the footer lie on the white sheet; no word is cut over two lines and
    each field's label is one line; the page does not scroll sideways. A screenshot of each is kept."""
    ARTIFACTS.mkdir(exist_ok=True)
    context = browser.new_context(viewport={"width": width, "height": 812})
    try:
        tab = context.new_page()
        for slug in SLUGS:
            tab.goto(site_url + f"worksheets/{slug}/", wait_until="networkidle")
            target = ARTIFACTS / f"worksheet-page-{slug}-{width}.png"
            tab.screenshot(path=str(target), full_page=True)
            layout = tab.evaluate(_LAYOUT)
            where = f"{slug} at {width} px"
            assert layout["scroll"] <= 0, f"{where} scrolls sideways by {layout['scroll']} px"
            items = layout["items"]
            assert sum(item["name"].startswith(".ws-question__text") for item in items) == QUESTIONS[slug]
            overlaps = [
                (first["name"], second["name"])
                for at, first in enumerate(items)
                for second in items[at + 1 :]
                if any(_overlap(a, b) for a in first["rects"] for b in second["rects"])
            ]
            assert overlaps == [], f"{where}: drawn over each other: {overlaps}"
            outside = [item["name"] for item in items if not all(_within(r, layout["paper"]) for r in item["rects"])]
            outside += [each["name"] for each in layout["inside"] if not _within(each["rect"], layout["paper"])]
            assert outside == [], f"{where}: off the white sheet: {outside}"
            assert layout["broken"] == [], f"{where}: words cut over two lines: {layout['broken']}"
            for label in layout["labels"]:
                assert label["height"] < 1.5 * label["line"], f"{where}: the label {label['text']!r} takes two lines"
            assert target.stat().st_size > 10_000  # a real rendering, not a blank page
    finally:
        context.close()
