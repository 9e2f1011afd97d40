"""The series: posts read from their files, placed by the site engine, ordered by part and checked."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Callable, Collection, Iterable
from pathlib import Path

from .errors import AuthorError, clash_problems
from .glossary import check_glossary, parse_entry
from .models import GlossaryEntry, LeftOut, Post, Series, Status
from .posts import PLAIN_SLUG, PostRules, parse_post
from .text import read_source


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


def read_entries(
    sources: Iterable[Source], page_keys: Collection[str] | None = None
) -> tuple[list[GlossaryEntry], list[AuthorError], list[AuthorError]]:
    """Read every glossary entry file (its slug is its file name) and check them together: the entries,
    errors and warnings. `page_keys`: the front-matter keys the engine reads from any page."""
    entries, problems, warnings, unreadable = [], [], [], set()
    for source in sources:
        try:
            text = read_source(source.path, source.src)
        except AuthorError as problem:
            problems.append(problem)
            unreadable.add(Path(source.src_uri).stem)
            continue
        entry, found, warned = parse_entry(text, source.src, source.src_uri, Path(source.src_uri).stem, page_keys)
        problems += found
        warnings += warned
        if entry is not None:
            entries.append(entry)
        else:
            unreadable.add(Path(source.src_uri).stem)
    # An entry that could not be read is reported once, not again by every entry related to it.
    return entries, problems + check_glossary(entries, also_known=unreadable), warnings


def left_out_message(item: LeftOut) -> str:
    """The log line that names a post left out of the build, as the build and `make check` print it."""
    return f"{item.src}: left out of the series, its feeds and its worksheets: {item.reason}"


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
    slug_of: Callable[[Post], str] | None = None,
) -> tuple[Series, list[AuthorError]]:
    """The model of the series: every post placed by the engine's rules, the shown ones in part order.

    `url_of`, `status_of`, `shown` and `slug_of` (the slug before it becomes a URL) are the engine's
    answers (Material's blog decides them).
    """
    placed = [dataclasses.replace(post, url=url_of(post), status=status_of(post)) for post in posts]
    # Drafts too: a post with no usable URL name is a mistake before it is published.
    problems = [_no_slug(post) for post in placed if slug_of is not None and not PLAIN_SLUG.match(slug_of(post))]
    visible = [post for post in placed if shown(post)]
    left_out = [LeftOut(post.src, left_out_reason(post)) for post in placed if not shown(post)]
    ordered, more = order_series(visible)
    problems += more
    entries = sorted(entries, key=lambda entry: entry.term.casefold())
    return Series(tuple(ordered), tuple(entries), tuple(sorted(left_out, key=lambda item: item.src))), problems


def _no_slug(post: Post) -> AuthorError:
    return AuthorError(
        post.src,
        post.line_of("slug") or post.line_of("title") or 1,
        f"the title '{post.title}' gives no URL name (the blog makes one from its letters and digits)",
        "add a 'slug:' to the front matter, e.g. 'slug: party-time'",
    )


def order_series(posts: Iterable[Post]) -> tuple[list[Post], list[AuthorError]]:
    """Sort posts by part and report clashes (two posts, one part), gaps and reused slugs."""
    ordered = sorted(posts, key=lambda post: (post.part, post.src))
    problems: list[AuthorError] = []
    by_part: dict[int, list[Post]] = defaultdict(list)
    by_slug: dict[str, list[Post]] = defaultdict(list)
    for post in ordered:
        by_part[post.part].append(post)
        by_slug[post.slug].append(post)
    problems += _taken_names(ordered)
    problems += clash_problems(
        by_part,
        lambda part, others: f"part {part} is also claimed by {others}",
        "give each post its own 'part:' number",
        line=lambda post, part: post.line_of("part"),
    )
    problems += clash_problems(
        by_slug,
        lambda slug, others: f"the slug '{slug}' is also used by {others}",
        "give one of them a different 'slug:' so each has its own URL",
        line=lambda post, slug: post.line_of("slug"),
    )
    expected = 1
    for part in sorted(by_part):
        if part != expected:
            missing = f"part {expected} is" if part == expected + 1 else f"parts {expected} to {part - 1} are"
            problems.append(
                AuthorError(
                    by_part[part][0].src,
                    by_part[part][0].line_of("part"),
                    f"the series jumps to part {part} but {missing} missing",
                    "number the published parts 1, 2, 3... without gaps",
                )
            )
        expected = part + 1
    return ordered, problems


def _taken_names(posts: list[Post]) -> list[AuthorError]:
    """Posts whose worksheet files would take the name of another file in /worksheets/."""
    # Imported here: the worksheets package brings in the PDF renderer, which reading a series does not need.
    from .worksheets.names import sheet_file_clashes

    by_slug = {post.slug: post for post in posts}
    return [
        AuthorError(
            by_slug[slug].src,
            by_slug[slug].line_of("slug"),
            f"the slug '{slug}' would give its worksheet the file name of {other}",
            "choose another 'slug:' for this post",
        )
        for slug, other in sheet_file_clashes(list(by_slug)).items()
    ]
