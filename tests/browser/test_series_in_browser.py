"""The series as a reader meets it in a real browser."""

from __future__ import annotations

import re


def test_home_page_lists_parts_and_opens_part_one(page, site_url: str) -> None:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.goto(site_url)
    items = page.locator("ol.tce-series-list > li > a")
    assert items.count() >= 8
    assert items.first.inner_text().startswith("Part 1:")
    items.first.click()
    page.wait_for_url(re.compile(r"/blog/who-is-your-customer/$"))
    assert re.search(r"Part 1 of \d+", page.locator(".tce-series-part").inner_text(), re.I)
    assert errors == []


def test_next_links_walk_the_whole_series(page, site_url: str) -> None:
    page.goto(site_url + "blog/who-is-your-customer/")
    seen = []
    while True:
        kicker = page.locator(".tce-series-part").inner_text()
        part, total = map(int, re.search(r"Part (\d+) of (\d+)", kicker, re.I).groups())
        seen.append(part)
        following = page.locator("a[rel=next].tce-series-pager__link")
        if following.count() == 0:
            break
        following.click()
        page.wait_for_function(
            "part => { const k = document.querySelector('.tce-series-part');"
            " return k && !k.textContent.includes(`Part ${part} of`); }",
            arg=part,
        )
    assert seen == list(range(1, total + 1))
