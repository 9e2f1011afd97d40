"""Related parts: the most shared glossary terms, never the neighbours, ties in series order."""

from __future__ import annotations

import datetime as dt

import pytest
from tce_toolkit.models import GlossaryEntry, Post
from tce_toolkit.related import related_parts

ENTRIES = {
    slug: GlossaryEntry(slug, term, "A summary.", f"docs/glossary/{slug}.md", f"glossary/{slug}.md")
    for slug, term in [("ic", "Internal customer"), ("cc", "Customer chain"), ("sp", "Service provider"), ("x", "CSAT")]
}


def post(part: int) -> Post:
    return Post(
        f"docs/blog/posts/p{part}.md", f"blog/posts/p{part}.md", f"Part {part}", part,
        dt.datetime(2026, 1, part, tzinfo=dt.UTC), "About it.", url=f"blog/p{part}/",
    )  # fmt: skip


POSTS = [post(n) for n in range(1, 8)]


def terms(**by_part: str) -> dict[str, list[str]]:
    return {f"blog/posts/p{part[1:]}.md": slugs.split() for part, slugs in by_part.items()}


@pytest.mark.parametrize(
    ("used", "part", "expected"),
    [
        # most shared first; the neighbours (parts 3 and 5 for part 4) never appear
        (terms(p4="ic cc sp", p1="ic", p2="ic cc", p3="ic cc sp", p5="ic cc sp", p7="ic cc sp"), 4, [7, 2, 1]),
        # a tie goes to the earlier part; at most three
        (terms(p1="ic cc", p3="ic", p4="ic", p5="ic", p6="ic", p7="ic"), 1, [3, 4, 5]),
        # nothing shared: nothing related
        (terms(p1="ic", p4="sp"), 1, []),
        (terms(p7="ic", p1="ic", p6="ic"), 7, [1]),
    ],
)
def test_related_parts(used: dict[str, list[str]], part: int, expected: list[int]) -> None:
    found = related_parts(POSTS, used, ENTRIES)[f"blog/posts/p{part}.md"]
    assert [item.post.part for item in found] == expected


def test_reason_names_the_shared_terms_most_used_first() -> None:
    used = terms(p1="cc ic x", p4="ic x cc")
    (item,) = related_parts(POSTS, used, ENTRIES)["blog/posts/p1.md"]
    assert item.reason == "also about customer chain and internal customer"
    (back,) = related_parts(POSTS, used, ENTRIES)["blog/posts/p4.md"]
    assert back.reason == "also about internal customer and CSAT"  # an acronym keeps its capitals


def test_same_input_same_answer() -> None:
    used = terms(p1="ic cc", p3="cc ic", p5="ic", p7="cc")
    assert related_parts(POSTS, used, ENTRIES) == related_parts(POSTS, dict(reversed(used.items())), ENTRIES)
