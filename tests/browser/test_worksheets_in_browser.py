"""Worksheets as a trainer meets them in a real browser: from a post to a page that prints on one sheet."""

from __future__ import annotations

import io
import re

import pypdf
from siteutil import ROOT, read_post

SLUGS = sorted(read_post(path).meta["slug"] for path in (ROOT / "docs" / "blog" / "posts").glob("*.md"))
A4 = (595, 842)


def test_post_link_opens_the_worksheet_page(page, site_url: str) -> None:
    page.goto(site_url + "blog/the-customer-chain/")
    link = page.locator("h2#reflect + .tce-worksheet-link a", has_text="Print the worksheet")
    assert link.is_visible()
    link.click()
    page.wait_for_url(re.compile(r"/worksheets/the-customer-chain/$"))
    assert page.locator(".ws-title").inner_text() == "The customer chain"
    assert page.locator(".ws-toolbar button", has_text="Print").is_visible()


def test_every_worksheet_page_prints_on_one_page(page, site_url: str) -> None:
    # Printing from the browser must give the same single page as the PDF (paper size from the page's CSS).
    page.emulate_media(media="print")
    for slug in SLUGS:
        page.goto(site_url + f"worksheets/{slug}/")
        reader = pypdf.PdfReader(io.BytesIO(page.pdf(prefer_css_page_size=True)))
        assert len(reader.pages) == 1, f"{slug} prints on {len(reader.pages)} pages"
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) in {A4, (595, 841)}
        assert not page.locator(".ws-toolbar").is_visible()
