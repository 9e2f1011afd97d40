"""`make new-post`: a new post file with valid front matter and an empty Reflect section."""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable
from pathlib import Path

from .errors import AuthorError
from .meta import parse_document

# The placeholder sentences of a new post: a post that still holds one cannot be published.
DESCRIPTION_PLACEHOLDER = "Replace this with two plain sentences that sum up the post"
PLACEHOLDERS = (
    DESCRIPTION_PLACEHOLDER,
    "The opening paragraph or two: readers see this on the blog index.",
    "The body of the post.",
)

TEMPLATE = """---
date: {date}
part: {part}
slug: {slug}
description: >-
  Replace this with two plain sentences that sum up the post for the home page, feeds and the
  printed worksheet.
categories:
  - {category}
authors:
  - {author}
draft: true
---

# {title}

The opening paragraph or two: readers see this on the blog index.

<!-- more -->

## A first section

The body of the post.

## Reflect

<!-- Write 4 to 6 questions for the reader here as a numbered list: 1. ..., 2. ... -->
"""


def slugify(title: str) -> str:
    """The file name and `slug:` of a new post, made by the blog engine's default slug function (for a
    folder of posts without a site: `tce new-post` takes the site's own, `material.title_slugify`).

    The new post's front matter states its slug, so its URL follows what is written there.
    """
    from pymdownx.slugs import slugify as engine_slugify  # Material's default post_slugify

    return engine_slugify(case="lower")(title, "-")


def _plain(slug: str) -> str:
    # Leading or trailing punctuation would give a slug that starts or ends with '-': not a plain name.
    return slug.strip("-")


def next_part(posts_dir: Path) -> int:
    """One more than the highest `part:` among the posts already written (drafts included)."""
    highest = 0
    for path in posts_dir.glob("*.md"):
        try:
            part = parse_document(path.read_text(encoding="utf-8"), str(path)).meta.get("part")
        except (AuthorError, OSError, UnicodeDecodeError):  # a broken post is reported by the build, not here
            continue
        if isinstance(part, int) and not isinstance(part, bool):
            highest = max(highest, part)
    return highest + 1


def render_post(
    title: str, *, date: dt.date, part: int, author: str, category: str, slug: Callable[[str], str] = slugify
) -> str:
    """The text of a new post (`slug` makes its slug of the title)."""
    quoted = title.replace("\\", "\\\\").replace('"', '\\"')
    return TEMPLATE.format(
        date=date.isoformat(),
        part=part,
        slug=_plain(slug(title)),
        category=category,
        author=author,
        title=title if title.strip() == title else quoted,
    )


def create_post(
    posts_dir: Path,
    title: str,
    *,
    today: dt.date,
    author: str = "editors",
    category: str = "Customers",
    slug: Callable[[str], str] = slugify,
) -> Path:
    """Write a new post file and return its path; refuse to overwrite or to use an empty title.

    `slug` makes the slug of a title: the blog's own (`post_slugify`), which its URL would follow.
    """
    name = _plain(slug(title.strip())) if title.strip() else ""
    if not name:
        raise ValueError('give the post a title, for example: make new-post TITLE="Saying sorry well"')
    path = posts_dir / f"{name}.md"
    if path.exists():
        raise FileExistsError(f"{path} already exists: choose another title, or edit that post")
    posts_dir.mkdir(parents=True, exist_ok=True)
    text = render_post(
        title.strip(), date=today, part=next_part(posts_dir), author=author, category=category, slug=slug
    )
    path.write_text(text, encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    """Command line: python -m tce_toolkit.scaffold "Title" [--posts docs/blog/posts]."""
    parser = argparse.ArgumentParser(description="Create a new post of the series.")
    parser.add_argument("title")
    parser.add_argument("--posts", type=Path, default=Path("docs/blog/posts"))
    parser.add_argument("--author", default="editors")
    parser.add_argument("--category", default="Customers")
    args = parser.parse_args(argv)
    try:
        path = create_post(args.posts, args.title, today=dt.date.today(), author=args.author, category=args.category)
    except (ValueError, FileExistsError) as error:
        print(f"new-post: {error}", file=sys.stderr)
        return 1
    print(f"Created {path} (a draft: set 'draft: false' or remove the line to publish it)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
