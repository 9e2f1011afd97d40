from __future__ import annotations

import datetime as dt

from tce_toolkit.models import Post, SeriesLink
from tce_toolkit.series import order_series, place_in_series


def post(part: int, slug: str | None = None) -> Post:
    slug = slug or f"part-{part}"
    return Post(
        src=f"docs/blog/posts/{slug}.md",
        src_uri=f"blog/posts/{slug}.md",
        slug=slug,
        title=f"Title {part}",
        part=part,
        date=dt.datetime(2026, 1, part, tzinfo=dt.UTC),
        description="d",
        url=f"blog/{slug}/",
    )


def test_orders_by_part_not_by_date_or_input_order() -> None:
    ordered, problems = order_series([post(3), post(1), post(2)])
    assert problems == []
    assert [p.part for p in ordered] == [1, 2, 3]


def test_clash_names_both_files() -> None:
    _, problems = order_series([post(1), post(2, "a"), post(2, "b")])
    messages = sorted(str(p) for p in problems)
    assert messages == [
        "docs/blog/posts/a.md: part 2 is also claimed by docs/blog/posts/b.md — give each post its own 'part:' number",
        "docs/blog/posts/b.md: part 2 is also claimed by docs/blog/posts/a.md — give each post its own 'part:' number",
    ]


def test_gap_is_reported_on_the_post_after_it() -> None:
    _, problems = order_series([post(1), post(2), post(5)])
    assert [str(p) for p in problems] == [
        "docs/blog/posts/part-5.md: the series jumps to part 5 but parts 3-4 is missing"
        " — number the published parts 1, 2, 3... without gaps"
    ]


def test_series_must_start_at_part_one() -> None:
    _, problems = order_series([post(2)])
    assert "part 1 is missing" in str(problems[0])


def test_reused_slug() -> None:
    a, b = post(1, "same"), post(2, "same")
    b = Post(**{**b.__dict__, "src": "docs/blog/posts/other.md"})
    _, problems = order_series([a, b])
    assert len(problems) == 2 and all("the slug 'same' is also used by" in str(p) for p in problems)


def test_empty_series_is_fine() -> None:
    assert order_series([]) == ([], [])


def test_places_link_neighbours() -> None:
    ordered, _ = order_series([post(1), post(2), post(3)])
    places = place_in_series(ordered)
    first, middle, last = (places[f"blog/posts/part-{n}.md"] for n in (1, 2, 3))
    assert (first.part, first.total, first.previous) == (1, 3, None)
    assert first.next == SeriesLink(2, "Title 2", "blog/part-2/")
    assert middle.previous == SeriesLink(1, "Title 1", "blog/part-1/")
    assert middle.next == SeriesLink(3, "Title 3", "blog/part-3/")
    assert (last.part, last.next) == (3, None)
