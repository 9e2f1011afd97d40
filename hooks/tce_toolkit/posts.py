"""Reading one post: front matter and body checked, turned into a `Post` (before the engine places it)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Collection
from dataclasses import dataclass

from .errors import AuthorError
from .markup import fenced_lines
from .meta import Document, parse_date, parse_document, unknown_keys
from .models import Post
from .questions import NO_QUESTIONS, count_problem, extract_questions
from .scaffold import PLACEHOLDERS
from .text import markdown_text

_H1 = re.compile(r"^#[ \t]+(.+?)(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^=+[ \t]*$")
_ATTRS = re.compile(r"[ \t]*\{[^{}]*\}[ \t]*$")
_URI = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:\S+$")
PLAIN_SLUG = re.compile(r"^[^\W_][\w-]*$")  # one path segment: letters (any script), digits, - and _
DESCRIPTION_LIMIT = 300
EXCERPT_SEPARATOR = "<!-- more -->"

# The keys the toolkit itself reads from a post (the engine's own keys come through `PostRules`).
TOOLKIT_POST_KEYS = frozenset({"part", "description", "id", "glossary"})

# What to write when the engine rejects a front-matter key (its own message comes first).
ENGINE_HINTS = {
    "date": "write it as YYYY-MM-DD without quotes, e.g. 'date: 2026-09-07'",
    "authors": "write it as a list, e.g. 'authors: [editors]'",
    "categories": "write it as a list, e.g. 'categories: [Customers]'",
    "draft": "write 'draft: true' or 'draft: false', or remove the line",
    "slug": "write the slug as plain text, e.g. 'slug: the-customer-chain'",
    "pin": "write 'pin: true' or 'pin: false'",
    "readtime": "write a whole number of minutes, e.g. 'readtime: 6'",
    "links": "write a list of pages, as Material's blog documents for 'links'",
}


@dataclass(frozen=True)
class PostRules:
    """What the site engine decides about a post's front matter, handed to the core as plain values.

    `check_meta(meta)` is the engine's own validation: (key, what is wrong) for each value it would
    reject. `known_keys` are the front-matter keys the engine and its plugins read (None: not checked);
    a mistyped key close to one of `publishing_keys` (they decide whether a post is published) is an
    error, any other unknown key a warning.
    """

    check_meta: Callable[[dict], list[tuple[str, str]]] | None = None
    known_authors: Collection[str] | None = None
    allowed_categories: Collection[str] = ()
    known_keys: Collection[str] | None = None
    publishing_keys: Collection[str] = ()


def find_title(body: str) -> tuple[str, int] | None:
    """The Markdown of the body's first level-1 heading (outside code fences) and its 0-based line."""
    lines = body.splitlines()
    fenced = fenced_lines(lines)
    for index, line in enumerate(lines):
        if fenced[index]:
            continue
        match = _H1.match(line)
        if match:
            # An attribute list ('{#top}') belongs to the heading, not to its words.
            return _ATTRS.sub("", match.group(1)).strip(), index
        if line.strip() and index + 1 < len(lines) and _SETEXT.match(lines[index + 1]):
            return _ATTRS.sub("", line).strip(), index
    return None


def _words(text: object) -> tuple[str, ...]:
    return tuple(str(item).strip() for item in text) if isinstance(text, list) else ()


def parse_post(
    text: str, src: str, src_uri: str, rules: PostRules = PostRules()
) -> tuple[Post | None, list[AuthorError], list[AuthorError]]:
    """Read a post's Markdown and check it; return the `Post` (None if unusable), errors and warnings."""
    errors: list[AuthorError] = []
    warnings: list[AuthorError] = []
    try:
        doc: Document = parse_document(text, src)
    except AuthorError as problem:
        return None, [problem], []

    def error(key: str | None, what: str, fix: str, line: int | None = None, item: str | None = None) -> None:
        errors.append(AuthorError(src, line if line is not None else doc.line(key, item) or 1, what, fix))

    if not doc.has_front_matter:
        error(
            None,
            "the post has no front matter",
            "start the file with a '---' block holding date, part and description",
            1,
        )
        return None, errors, warnings
    meta = doc.meta
    reported: set[str] = set()
    if rules.known_keys is not None:
        wrong, odd = unknown_keys(doc, TOOLKIT_POST_KEYS | set(rules.known_keys), rules.publishing_keys)
        errors += wrong
        warnings += odd

    # Date: a plain date, or Material's {created, updated} mapping.
    raw_date, raw_updated = meta.get("date"), None
    if isinstance(raw_date, dict):
        raw_updated = raw_date.get("updated")
        raw_date = raw_date.get("created")
    date = parse_date(raw_date)
    if raw_date is None:
        error(None, "the post has no date", "add 'date: YYYY-MM-DD' to the front matter", 1)
        reported.add("date")
    elif date is None:
        quoted = isinstance(raw_date, str) and parse_date(_iso(raw_date)) is not None
        what = f"the date {raw_date!r} is {'quoted, so it is text, not a date' if quoted else 'not a date'}"
        fix = "remove the quotes: 'date: YYYY-MM-DD'" if quoted else ENGINE_HINTS["date"]
        error("date", what, fix)
        reported.add("date")
    updated = parse_date(raw_updated)
    if raw_updated is not None and updated is None:
        error("date", f"the updated date {raw_updated!r} is not a date", ENGINE_HINTS["date"])
        reported.add("date")

    part = meta.get("part")
    if part is None:
        error(None, "the post has no part number", "add 'part: N' to the front matter (its place in the series)", 1)
    elif isinstance(part, bool) or not isinstance(part, int) or part < 1:
        error("part", f"the part {part!r} is not a whole number from 1 up", "write it as 'part: 3'")
        part = None

    draft = meta.get("draft") is True
    # Everything else the engine checks, it checks itself: its verdict comes first, with our hint.
    for key, what in rules.check_meta(meta) if rules.check_meta else []:
        if key not in reported:
            reported.add(key)
            error(key, what, ENGINE_HINTS.get(key, "see Material's blog documentation"))

    slug = meta.get("slug")
    if isinstance(slug, str) and "slug" not in reported and not PLAIN_SLUG.match(slug):
        # The engine would write the page outside its folder (or nowhere): a toolkit rule on top of it.
        error(
            "slug",
            f"the slug {slug!r} is not a plain URL name",
            "use letters, digits and hyphens, e.g. 'slug: the-customer-chain'",
        )

    title_source = meta.get("title") if isinstance(meta.get("title"), str) else None
    found = find_title(doc.body) if title_source is None else None
    title = markdown_text(title_source or (found[0] if found else ""))
    if not title:
        error(
            None,
            "the post has no title",
            "start the body with a heading such as '# Who is your customer?'",
            doc.body_line,
        )

    description = meta.get("description")
    if not isinstance(description, str) or not description.strip():
        error(
            None if description is None else "description",
            "the post has no description",
            "add 'description: ...' with two sentences that sum up the post",
            1 if description is None else None,
        )
        description = ""
    description = " ".join(description.split())
    if len(description) > DESCRIPTION_LIMIT:
        warnings.append(
            AuthorError(
                src,
                doc.line("description"),
                f"the description is {len(description)} characters long, more than feeds and search results show ({DESCRIPTION_LIMIT})",
                "shorten it to two plain sentences",
            )
        )

    authors = _words(meta.get("authors")) if "authors" not in reported else ()
    if rules.known_authors is not None:
        for author in authors:
            if author not in rules.known_authors:
                known = ", ".join(sorted(rules.known_authors)) or "none yet"
                error(
                    "authors",
                    f"the author {author!r} is not in docs/blog/.authors.yml",
                    f"use one of: {known}, or add the author to .authors.yml",
                    item=author,
                )
    categories = _words(meta.get("categories")) if "categories" not in reported else ()
    if rules.allowed_categories:
        for category in categories:
            if category not in rules.allowed_categories:
                error(
                    "categories",
                    f"the category {category!r} is not one of the site's categories",
                    f"use one of: {', '.join(rules.allowed_categories)}",
                    item=category,
                )

    feed_id = meta.get("id")
    if feed_id is not None and not (isinstance(feed_id, str) and _URI.match(feed_id.strip())):
        error(
            "id",
            f"the feed id {feed_id!r} is not a permanent URI",
            "write a URI that never changes, e.g. 'id: tag:customers-eyes.example,2026:who-is-your-customer', "
            "or remove the line to use the post's address",
        )
    glossary = meta.get("glossary", True)
    if not isinstance(glossary, bool):
        error(
            "glossary",
            f"'glossary' must be true or false, not {glossary!r}",
            "write 'glossary: false' or remove the line",
        )

    body_text = doc.body.replace(EXCERPT_SEPARATOR, "")
    if not any(line.strip() and not _H1.match(line) for line in body_text.splitlines()):
        error(None, "the post is empty", "write the post below its title", doc.body_line + (found[1] if found else 0))
    if not draft:
        errors += _placeholder_problems(doc, src)

    try:
        reflect = extract_questions(doc.body, src, doc.body_line)
    except AuthorError as problem:
        # A draft may keep an empty Reflect section while it is being written; nothing else is let off.
        if not (draft and problem.what == NO_QUESTIONS):
            errors.append(problem)
        reflect = None
    if reflect is not None and not draft and (problem := count_problem(reflect, src)):
        errors.append(problem)

    if errors or date is None or part is None or not title:
        return None, errors, warnings
    post = Post(
        src=src,
        src_uri=src_uri,
        title=title,
        part=part,
        date=date,
        updated=updated,
        description=description,
        categories=categories,
        authors=authors,
        draft=draft,
        draft_written=meta.get("draft") if isinstance(meta.get("draft"), bool) else None,
        questions=reflect.questions if reflect else (),
        reflect_line=reflect.line if reflect else None,
        reflect_anchor=reflect.anchor if reflect else "reflect",
        session_notes=reflect.session if reflect else None,
        feed_id=feed_id.strip() if isinstance(feed_id, str) else None,
        body_line=doc.body_line,
        glossary=glossary is not False,
        key_lines=tuple(doc.lines.keys.items()),
    )
    return post, errors, warnings


def _iso(text: str) -> object:
    try:
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        return None


def _placeholder_problems(doc: Document, src: str) -> list[AuthorError]:
    """`make new-post` placeholders left in a post that is about to be published."""
    problems = []
    description = doc.meta.get("description")
    lines = doc.body.splitlines()
    for placeholder in PLACEHOLDERS:
        if isinstance(description, str) and placeholder in " ".join(description.split()):
            problems.append(
                AuthorError(
                    src,
                    doc.line("description"),
                    "the description is still the placeholder from 'make new-post'",
                    "write two sentences that sum up the post",
                )
            )
        for index, line in enumerate(lines):
            if placeholder in line:
                problems.append(
                    AuthorError(
                        src,
                        doc.body_line + index,
                        f"the placeholder text '{placeholder}' from 'make new-post' is still in the post",
                        "replace it with your own text, or keep 'draft: true' until the post is ready",
                    )
                )
    return problems
