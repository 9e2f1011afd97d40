from __future__ import annotations

import datetime as dt

import pytest
from tce_toolkit.posts import find_title, is_published, parse_post, slugify

GOOD = """---
date: 2026-09-07
part: 1
slug: who-is-your-customer
description: >-
  A short summary.
  Two sentences.
categories:
  - Customers
authors:
  - editors
---

# Who is your customer?

Intro.

<!-- more -->

## Reflect

1. Who relies on you?
2. What do they need?
"""
SRC = "docs/blog/posts/x.md"


def parse(text: str = GOOD, **kwargs: object):
    kwargs.setdefault("known_authors", {"editors"})
    kwargs.setdefault("allowed_categories", ["Customers", "Service culture"])
    return parse_post(text, SRC, "blog/posts/x.md", **kwargs)


def test_good_post() -> None:
    post, report = parse()
    assert report.errors == [] and report.warnings == []
    assert post is not None
    assert (post.slug, post.title, post.part) == ("who-is-your-customer", "Who is your customer?", 1)
    assert post.date == dt.datetime(2026, 9, 7, tzinfo=dt.UTC)
    assert post.description == "A short summary. Two sentences."
    assert post.categories == ("Customers",) and post.authors == ("editors",)
    assert [q.markdown for q in post.questions] == ["Who relies on you?", "What do they need?"]
    assert post.reflect_line == 20 and post.questions[0].line == 22
    assert post.has_worksheet and not post.draft


def test_material_date_mapping_with_updated() -> None:
    post, _ = parse(GOOD.replace("date: 2026-09-07", "date:\n  created: 2026-09-07\n  updated: 2026-10-01"))
    assert post is not None and post.updated == dt.datetime(2026, 10, 1, tzinfo=dt.UTC)


def test_slug_defaults_to_the_title() -> None:
    post, _ = parse(GOOD.replace("slug: who-is-your-customer\n", ""))
    assert post is not None and post.slug == "who-is-your-customer"


@pytest.mark.parametrize(
    ("old", "new", "line", "what", "fix"),
    [
        ("date: 2026-09-07\n", "", 1, "has no date", "date: YYYY-MM-DD"),
        ("date: 2026-09-07", "date: 2026-09-31", 2, "is not a date", "YYYY-MM-DD"),
        ("date: 2026-09-07", "date: soon", 2, "is not a date", "YYYY-MM-DD"),
        ("part: 1\n", "", 1, "has no part number", "part: N"),
        ("part: 1", "part: one", 3, "not a whole number", "part: 3"),
        ("part: 1", "part: 0", 3, "not a whole number", "part: 3"),
        ("slug: who-is-your-customer", "slug: ../../escape", 4, "not a plain URL name", "hyphens"),
        ("slug: who-is-your-customer", "slug: a/b", 4, "not a plain URL name", "hyphens"),
        ("# Who is your customer?\n", "", 13, "has no title", "# Who is your customer?"),
        ("  - editors", "  - nobody", 11, "'nobody' is not in docs/blog/.authors.yml", "use one of: editors"),
        ("  - Customers", "  - Marketing", 9, "'Marketing' is not one of", "Customers, Service culture"),
        ("description: >-\n  A short summary.\n  Two sentences.\n", "", 1, "has no description", "description"),
        ("part: 1", "part: 1\ndraft: maybe", 4, "'draft' must be true or false", "draft: true"),
        ("part: 1", "part: 1\nworksheet: true", 4, "asks for a worksheet", "## Reflect"),
    ],
)
def test_front_matter_mistakes(old: str, new: str, line: int, what: str, fix: str) -> None:
    text = GOOD.replace(old, new, 1)
    if "worksheet" in new:
        text = text.split("## Reflect")[0]
    assert text != GOOD
    post, report = parse(text)
    assert post is None
    messages = [str(problem) for problem in report.errors]
    assert any(what in m and fix in m and m.startswith(f"{SRC}:{line}:") for m in messages), messages


def test_no_front_matter_at_all() -> None:
    post, report = parse("# Title\n\nText\n")
    assert post is None and "has no front matter" in str(report.errors[0])


def test_empty_post() -> None:
    post, report = parse(GOOD.split("# Who")[0] + "# Who is your customer?\n\n<!-- more -->\n")
    assert post is None and any("the post is empty" in str(e) for e in report.errors)


def test_long_description_is_a_warning_not_an_error() -> None:
    post, report = parse(GOOD.replace("Two sentences.", "word " * 80))
    assert post is not None and report.errors == []
    assert "more than feeds and search results show" in str(report.warnings[0])
    assert str(report.warnings[0]).startswith(f"{SRC}:5:")


def test_unknown_authors_are_not_checked_without_an_authors_file() -> None:
    post, report = parse(GOOD.replace("  - editors", "  - anyone"), known_authors=None)
    assert post is not None and report.errors == []


@pytest.mark.parametrize(
    ("body", "title"),
    [
        ("# Plain\n", "Plain"),
        ("Intro\n\n# Later heading #\n", "Later heading"),
        ("```\n# not a title\n```\n# Real\n", "Real"),
        ("Setext title\n===\n", "Setext title"),
        ("## Only a subheading\n", None),
    ],
)
def test_find_title(body: str, title: str | None) -> None:
    assert find_title(body) == title


@pytest.mark.parametrize(
    ("title", "slug"),
    [("Who is your customer?", "who-is-your-customer"), ("Café & crème", "cafe-creme"), ("  --A--  ", "a")],
)
def test_slugify(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_drafts_and_scheduled_posts_are_not_published() -> None:
    post, _ = parse()
    assert post is not None
    now = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
    assert is_published(post, now)
    assert not is_published(post, dt.datetime(2026, 9, 6, tzinfo=dt.UTC))
    draft, _ = parse(GOOD.replace("part: 1", "part: 1\ndraft: true"))
    assert draft is not None and not is_published(draft, now)
