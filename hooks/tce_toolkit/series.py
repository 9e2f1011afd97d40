"""The series: posts in part order, checked for gaps and clashes, with each post's neighbours."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .errors import AuthorError, clash_problems
from .models import Post, SeriesLink, SeriesPlace


def order_series(posts: Iterable[Post]) -> tuple[list[Post], list[AuthorError]]:
    """Sort posts by part and report clashes (two posts, one part), gaps and reused slugs."""
    ordered = sorted(posts, key=lambda post: (post.part, post.src))
    problems: list[AuthorError] = []
    by_part: dict[int, list[Post]] = defaultdict(list)
    by_slug: dict[str, list[Post]] = defaultdict(list)
    for post in ordered:
        by_part[post.part].append(post)
        by_slug[post.slug].append(post)
    problems += clash_problems(
        by_part,
        lambda part, others: f"part {part} is also claimed by {others}",
        "give each post its own 'part:' number",
    )
    problems += clash_problems(
        by_slug,
        lambda slug, others: f"the slug '{slug}' is also used by {others}",
        "give one of them a different 'slug:' so each has its own URL",
    )
    expected = 1
    for part in sorted(by_part):
        if part != expected:
            missing = f"part {expected}" if part == expected + 1 else f"parts {expected}-{part - 1}"
            post = by_part[part][0]
            problems.append(
                AuthorError(
                    post.src,
                    None,
                    f"the series jumps to part {part} but {missing} is missing",
                    "number the published parts 1, 2, 3... without gaps",
                )
            )
        expected = part + 1
    return ordered, problems


def place_in_series(ordered: list[Post]) -> dict[str, SeriesPlace]:
    """Map each post's source URI to its place ("Part N of M", previous and next)."""
    total = len(ordered)

    def link(post: Post) -> SeriesLink:
        return SeriesLink(post.part, post.title, post.url)

    places = {}
    for index, post in enumerate(ordered):
        previous = link(ordered[index - 1]) if index > 0 else None
        following = link(ordered[index + 1]) if index + 1 < total else None
        places[post.src_uri] = SeriesPlace(index + 1, total, previous, following)
    return places
