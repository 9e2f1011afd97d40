"""axe-core (bundled from the axe-playwright-python package, never a CDN) on every kind of page."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_fixtures import invalid_tabindexes

PAGES = {
    "home": "",
    "blog": "blog/",
    "post": "blog/the-customer-chain/",
    "glossary": "glossary/",
    "entry": "glossary/internal-customer/",
    "worksheets": "worksheets/",
    "worksheet": "worksheets/internal-customers/",
    "category": "blog/category/customers/",
    "archive": "blog/archive/2026/",
}


@pytest.fixture(scope="module")
def axe() -> Axe:
    return Axe()


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", PAGES, ids=list(PAGES))
def test_no_serious_or_critical_violations(page, site_url: str, axe: Axe, name: str, scheme: str) -> None:
    page.emulate_media(color_scheme=scheme)  # the site follows the system palette until the reader toggles it
    page.goto(site_url + PAGES[name], wait_until="networkidle")
    if name != "worksheet":
        expected = "slate" if scheme == "dark" else "default"
        assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == expected
    results = axe.run(page)
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
    assert serious == []
    assert invalid_tabindexes(page) == []  # axe does not report an invalid tabindex such as tabindex=""
