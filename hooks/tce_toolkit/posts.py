"""Reading one post: front matter and body checked, turned into a `Post`."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Collection

from .errors import AuthorError
from .meta import Document, as_strings, line_of_key, parse_date, parse_document
from .models import Post, Report
from .questions import NO_QUESTIONS, extract_questions

SLUG = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_H1 = re.compile(r"^#[ \t]+(.+?)[ \t]*#*[ \t]*$")
_SETEXT = re.compile(r"^=+[ \t]*$")
DESCRIPTION_LIMIT = 300
EXCERPT_SEPARATOR = "<!-- more -->"


def slugify(text: str) -> str:
    """A URL slug from a title: lowercase ASCII words joined by hyphens."""
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def find_title(body: str) -> str | None:
    """The text of the body's first level-1 heading, outside code fences."""
    in_fence = False
    lines = body.splitlines()
    for index, line in enumerate(lines):
        if line.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
            continue
        if in_fence:
            continue
        match = _H1.match(line)
        if match:
            return match.group(1).strip()
        if line.strip() and index + 1 < len(lines) and _SETEXT.match(lines[index + 1]):
            return line.strip()
    return None


def parse_post(
    text: str,
    src: str,
    src_uri: str,
    *,
    known_authors: Collection[str] | None = None,
    allowed_categories: Collection[str] = (),
) -> tuple[Post | None, Report]:
    """Read a post's Markdown and check it; return the `Post` (None if unusable) and a report."""
    report = Report()

    def error(key: str | None, what: str, fix: str, line: int | None = None, value: str | None = None) -> None:
        where = line if line is not None else (line_of_key(text, key, value=value) if key else None)
        report.errors.append(AuthorError(src, where, what, fix))

    try:
        doc: Document = parse_document(text, src)
    except AuthorError as problem:
        report.errors.append(problem)
        return None, report
    if not doc.has_front_matter:
        error(
            None,
            "the post has no front matter",
            "start the file with a '---' block holding date, part and description",
            1,
        )
        return None, report
    meta = doc.meta

    # Date: a plain date, or Material's {created, updated} mapping.
    raw_date = meta.get("date")
    raw_updated = None
    if isinstance(raw_date, dict):
        raw_updated = raw_date.get("updated")
        raw_date = raw_date.get("created")
    date = parse_date(raw_date)
    if raw_date is None:
        error(None, "the post has no date", "add 'date: YYYY-MM-DD' to the front matter", 1)
    elif date is None:
        error("date", f"the date {raw_date!r} is not a date", "write it as YYYY-MM-DD, for example 'date: 2026-09-07'")
    updated = parse_date(raw_updated) if raw_updated is not None else None
    if raw_updated is not None and updated is None:
        error("date", f"the updated date {raw_updated!r} is not a date", "write it as YYYY-MM-DD")

    part = meta.get("part")
    if part is None:
        error(None, "the post has no part number", "add 'part: N' to the front matter (its place in the series)", 1)
    elif isinstance(part, bool) or not isinstance(part, int) or part < 1:
        error("part", f"the part {part!r} is not a whole number from 1 up", "write it as 'part: 3'")
        part = None

    title = meta.get("title") if isinstance(meta.get("title"), str) else find_title(doc.body)
    if not title:
        error(
            None,
            "the post has no title",
            "start the body with a heading such as '# Who is your customer?'",
            doc.body_line,
        )

    slug = meta.get("slug", slugify(title) if title else None)
    if "slug" in meta and (not isinstance(slug, str) or not SLUG.match(slug)):
        error(
            "slug",
            f"the slug {slug!r} is not a plain URL name",
            "use lowercase letters, digits and hyphens, e.g. 'slug: the-customer-chain'",
        )
        slug = None
    elif not slug:
        slug = None

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
        report.warnings.append(
            AuthorError(
                src,
                line_of_key(text, "description"),
                f"the description is {len(description)} characters long, more than feeds and search results show ({DESCRIPTION_LIMIT})",
                "shorten it to two plain sentences",
            )
        )

    authors = as_strings(meta.get("authors"))
    if authors is None:
        error("authors", "'authors' must be a list of author keys", "write it as a list, e.g. 'authors: [editors]'")
        authors = ()
    if known_authors is not None:
        for author in authors:
            if author not in known_authors:
                known = ", ".join(sorted(known_authors)) or "none yet"
                error(
                    "authors",
                    f"the author {author!r} is not in docs/blog/.authors.yml",
                    f"use one of: {known}, or add the author to .authors.yml",
                    value=author,
                )

    categories = as_strings(meta.get("categories"))
    if categories is None:
        error(
            "categories", "'categories' must be a list of names", "write it as a list, e.g. 'categories: [Customers]'"
        )
        categories = ()
    if allowed_categories:
        for category in categories:
            if category not in allowed_categories:
                error(
                    "categories",
                    f"the category {category!r} is not one of the site's categories",
                    f"use one of: {', '.join(allowed_categories)}",
                    value=category,
                )

    draft = meta.get("draft", False)
    if not isinstance(draft, bool):
        error("draft", f"'draft' must be true or false, not {draft!r}", "write 'draft: true' or remove the line")
        draft = False

    body_text = doc.body.replace(EXCERPT_SEPARATOR, "")
    words = [line for line in body_text.splitlines() if line.strip() and not _H1.match(line)]
    if not words:
        error(None, "the post is empty", "write the post below its title", doc.body_line)

    try:
        questions, reflect_line = extract_questions(doc.body, src, doc.body_line)
    except AuthorError as problem:
        # A draft may keep an empty Reflect section while it is being written; nothing else is let off.
        if not (draft is True and problem.what == NO_QUESTIONS):
            report.errors.append(problem)
        questions, reflect_line = [], None
    if meta.get("worksheet") is True and not questions:
        error(
            "worksheet",
            "the post asks for a worksheet but has no Reflect questions",
            "add a '## Reflect' section with a numbered list of questions",
        )

    if report.errors or date is None or part is None or not title or not slug:
        return None, report
    post = Post(
        src=src,
        src_uri=src_uri,
        slug=slug,
        title=title,
        part=part,
        date=date,
        updated=updated,
        description=description,
        categories=categories,
        authors=authors,
        draft=draft,
        questions=tuple(questions),
        reflect_line=reflect_line,
    )
    return post, report


def is_published(post: Post, now: dt.datetime) -> bool:
    """A post is published unless it is a draft or dated in the future (scheduled)."""
    return not post.draft and post.date <= now
