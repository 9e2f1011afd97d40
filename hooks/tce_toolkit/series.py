"""The series: posts read from their files, placed by the site engine, ordered by part and checked."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Iterable
from pathlib import Path

from .errors import AuthorError, clash_problems
from .glossary import check_glossary, parse_entry
from .models import GlossaryEntry, LeftOut, Post, Series, Status
from .posts import PostRules, parse_post
from .text import read_source

PACK_NAME = "workshop-pack"  # the workshop pack's file name in /worksheets/: no post may take it


@dataclasses.dataclass(frozen=True)
class Source:
    """One author file to read: where it is, how the author knows it, and how MkDocs names it."""

    path: Path
    src: str  # relative to the project, for messages
    src_uri: str  # relative to docs/


def read_posts(sources: Iterable[Source], rules: PostRules) -> tuple[list[Post], list[AuthorError], list[AuthorError]]:
    """Read and check every post file: the posts that can be used, errors and warnings."""
    posts, errors, warnings = [], [], []
    for source in sources:
        try:
            text = read_source(source.path, source.src)
        except AuthorError as problem:
            errors.append(problem)
            continue
        post, found, warned = parse_post(text, source.src, source.src_uri, rules)
        errors += found
        warnings += warned
        if post is not None:
            posts.append(post)
    return posts, errors, warnings


def read_entries(sources: Iterable[Source]) -> tuple[list[GlossaryEntry], list[AuthorError]]:
    """Read every glossary entry file (its slug is its file name) and check them together."""
    entries, problems, unreadable = [], [], set()
    for source in sources:
        try:
            text = read_source(source.path, source.src)
        except AuthorError as problem:
            problems.append(problem)
            unreadable.add(Path(source.src_uri).stem)
            continue
        entry, found = parse_entry(text, source.src, source.src_uri, Path(source.src_uri).stem)
        problems += found
        if entry is not None:
            entries.append(entry)
        else:
            unreadable.add(Path(source.src_uri).stem)
    # An entry that could not be read is reported once, not again by every entry related to it.
    return entries, problems + check_glossary(entries, also_known=unreadable)


def left_out_reason(post: Post) -> str:
    """Why a post is not in this build's series, in words for the log."""
    if post.status == "scheduled":
        return f"scheduled for {post.date:%Y-%m-%d} (dated in the future; it appears when the site is built on or after that day)"
    return "a draft ('draft: true'; remove it to publish the post)"


def build_series(
    posts: Iterable[Post],
    entries: Iterable[GlossaryEntry],
    *,
    url_of: Callable[[Post], str],
    status_of: Callable[[Post], Status],
    shown: Callable[[Post], bool],
) -> tuple[Series, list[AuthorError]]:
    """The model of the series: every post placed by the engine's rules, the shown ones in part order.

    `url_of`, `status_of` and `shown` are the engine's answers (Material's blog decides them).
    """
    placed = [dataclasses.replace(post, url=url_of(post), status=status_of(post)) for post in posts]
    visible = [post for post in placed if shown(post)]
    left_out = [LeftOut(post.src, left_out_reason(post)) for post in placed if not shown(post)]
    ordered, problems = order_series(visible)
    entries = sorted(entries, key=lambda entry: entry.term.casefold())
    return Series(tuple(ordered), tuple(entries), tuple(sorted(left_out, key=lambda item: item.src))), problems


def order_series(posts: Iterable[Post]) -> tuple[list[Post], list[AuthorError]]:
    """Sort posts by part and report clashes (two posts, one part), gaps and reused slugs."""
    ordered = sorted(posts, key=lambda post: (post.part, post.src))
    problems: list[AuthorError] = []
    by_part: dict[int, list[Post]] = defaultdict(list)
    by_slug: dict[str, list[Post]] = defaultdict(list)
    for post in ordered:
        by_part[post.part].append(post)
        by_slug[post.slug].append(post)
        if post.slug == PACK_NAME:
            problems.append(
                AuthorError(
                    post.src,
                    None,
                    f"the slug '{post.slug}' is taken by the workshop pack's file name",
                    "choose another 'slug:' for this post",
                )
            )
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
            missing = f"part {expected} is" if part == expected + 1 else f"parts {expected} to {part - 1} are"
            problems.append(
                AuthorError(
                    by_part[part][0].src,
                    None,
                    f"the series jumps to part {part} but {missing} missing",
                    "number the published parts 1, 2, 3... without gaps",
                )
            )
        expected = part + 1
    return ordered, problems
