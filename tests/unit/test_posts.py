"""Reading one post (tce_toolkit.posts.parse_post): what a good post gives, and every mistake with its line."""

from __future__ import annotations

import datetime as dt

import pytest
from tce_toolkit.posts import PostRules, find_title, parse_post

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
3. How do you know?
4. What will you change?
"""
SRC = "docs/blog/posts/x.md"
RULES = PostRules(known_authors={"editors"}, allowed_categories=("Customers", "Service culture"))


def parse(text: str = GOOD, rules: PostRules = RULES):
    return parse_post(text, SRC, "blog/posts/x.md", rules)


def messages(text: str, rules: PostRules = RULES) -> list[str]:
    post, errors, _ = parse(text, rules)
    assert post is None, "a post with errors is not usable"
    return [str(problem) for problem in errors]


def test_good_post() -> None:
    post, errors, warnings = parse()
    assert errors == [] and warnings == []
    assert post is not None
    assert (post.src, post.src_uri, post.title, post.part) == (SRC, "blog/posts/x.md", "Who is your customer?", 1)
    assert post.date == dt.datetime(2026, 9, 7, tzinfo=dt.UTC) and post.updated is None
    assert post.description == "A short summary. Two sentences."
    assert post.categories == ("Customers",) and post.authors == ("editors",)
    assert [q.markdown for q in post.questions] == [
        "Who relies on you?",
        "What do they need?",
        "How do you know?",
        "What will you change?",
    ]
    assert (post.reflect_line, post.reflect_anchor, post.questions[0].line) == (20, "reflect", 22)
    assert post.body_line == 13
    assert post.has_worksheet and not post.draft and post.draft_written is None
    assert post.glossary and post.feed_id is None


def test_url_and_status_are_left_to_the_engine() -> None:
    post, _, _ = parse()
    assert post is not None
    assert (post.url, post.status, post.slug) == ("", "published", "")  # set later, by the engine's rules


def test_material_date_mapping_with_updated() -> None:
    post, errors, _ = parse(GOOD.replace("date: 2026-09-07", "date:\n  created: 2026-09-07\n  updated: 2026-10-01"))
    assert errors == [] and post is not None
    assert post.date == dt.datetime(2026, 9, 7, tzinfo=dt.UTC)
    assert post.updated == dt.datetime(2026, 10, 1, tzinfo=dt.UTC)


def test_datetime_with_offset_becomes_utc() -> None:
    post, _, _ = parse(GOOD.replace("date: 2026-09-07", "date: 2026-09-07 09:30:00+02:00"))
    assert post is not None and post.date == dt.datetime(2026, 9, 7, 7, 30, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("heading", "title"),
    [
        ("# A *service* culture", "A service culture"),
        ("# Dear <first name>", "Dear <first name>"),
        ("# Tom & Jerry", "Tom & Jerry"),
        ("# Fish &amp; chips", "Fish & chips"),
        ("# The `code` and **bold** parts #", "The code and bold parts"),
        ("# Ask the [[customer]]", "Ask the customer"),
        ("# Café culture — καλημέρα", "Café culture — καλημέρα"),
    ],
)
def test_title_is_the_text_readers_see(heading: str, title: str) -> None:
    post, errors, _ = parse(GOOD.replace("# Who is your customer?", heading))
    assert errors == [] and post is not None and post.title == title


def test_title_in_front_matter_wins_over_the_heading() -> None:
    post, _, _ = parse(GOOD.replace("part: 1\n", "part: 1\ntitle: The *real* title\n"))
    assert post is not None and post.title == "The real title"


def test_heading_attributes_are_not_part_of_the_title() -> None:
    post, errors, _ = parse(GOOD.replace("# Who is your customer?", "# Who is your customer? {#top}"))
    assert errors == [] and post is not None and post.title == "Who is your customer?"


MISTAKES = [
    # (id, old text, new text, line, what, fix)
    ("no-date", "date: 2026-09-07\n", "", 1, "has no date", "date: YYYY-MM-DD"),
    ("impossible-date", "date: 2026-09-07", "date: 2026-09-31", 2, "'2026-09-31' is not a date", "YYYY-MM-DD"),
    ("not-a-date", "date: 2026-09-07", "date: soon", 2, "'soon' is not a date", "YYYY-MM-DD"),
    ("quoted-date", "date: 2026-09-07", 'date: "2026-09-07"', 2, "is quoted, so it is text", "remove the quotes"),
    (
        "bad-updated",
        "date: 2026-09-07",
        "date:\n  created: 2026-09-07\n  updated: later",
        2,
        "the updated date 'later' is not a date",
        "YYYY-MM-DD",
    ),
    ("no-part", "part: 1\n", "", 1, "has no part number", "part: N"),
    ("part-word", "part: 1", "part: one", 3, "not a whole number", "part: 3"),
    ("part-zero", "part: 1", "part: 0", 3, "not a whole number", "part: 3"),
    ("part-bool", "part: 1", "part: true", 3, "not a whole number", "part: 3"),
    ("part-fraction", "part: 1", "part: 1.5", 3, "not a whole number", "part: 3"),
    ("slug-escapes", "slug: who-is-your-customer", "slug: ../../escape", 4, "not a plain URL name", "hyphens"),
    ("slug-folder", "slug: who-is-your-customer", "slug: a/b", 4, "not a plain URL name", "hyphens"),
    ("slug-space", "slug: who-is-your-customer", "slug: who is it", 4, "not a plain URL name", "hyphens"),
    ("slug-leading-hyphen", "slug: who-is-your-customer", "slug: -who", 4, "not a plain URL name", "hyphens"),
    ("no-title", "# Who is your customer?\n", "", 13, "has no title", "# Who is your customer?"),
    (
        "unknown-author",
        "  - editors",
        "  - nobody",
        11,
        "'nobody' is not in docs/blog/.authors.yml",
        "use one of: editors",
    ),
    (
        "unknown-category",
        "  - Customers",
        "  - Marketing",
        9,
        "'Marketing' is not one of",
        "Customers, Service culture",
    ),
    (
        "no-description",
        "description: >-\n  A short summary.\n  Two sentences.\n",
        "",
        1,
        "has no description",
        "description",
    ),
    (
        "blank-description",
        "description: >-\n  A short summary.\n  Two sentences.\n",
        'description: "  "\n',
        5,
        "has no description",
        "description",
    ),
    (
        "feed-id-not-a-uri",
        "part: 1",
        "part: 1\nid: part one",
        4,
        "the feed id 'part one' is not a permanent URI",
        "tag:",
    ),
    ("feed-id-number", "part: 1", "part: 1\nid: 12", 4, "the feed id 12 is not a permanent URI", "tag:"),
    (
        "glossary-not-bool",
        "part: 1",
        "part: 1\nglossary: sometimes",
        4,
        "'glossary' must be true or false",
        "glossary: false",
    ),
    ("few-questions", "4. What will you change?\n", "", 20, "has 3 questions", "at least four"),
    (
        "many-questions",
        "4. What will you change?\n",
        "4. W?\n5. X?\n6. Y?\n7. Z?\n",
        20,
        "has 7 questions",
        "fewer",
    ),
    ("bullets", "1. Who relies on you?", "- Who relies on you?", 22, "uses bullets", "numbered"),
    ("paren-numbers", "2. What do they need?", "2) What do they need?", 23, "numbered with ')'", "'2.'"),
    ("misspelt-reflect", "## Reflect", "## Reflections", 20, "looks like a misspelt Reflect", "'## Reflect'"),
    (
        "empty-reflect",
        "## Reflect\n\n1. Who relies on you?\n2. What do they need?\n3. How do you know?\n4. What will you change?\n",
        "## Reflect\n",
        20,
        "has no questions",
        "numbered",
    ),
]


@pytest.mark.parametrize(("old", "new", "line", "what", "fix"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES])
def test_front_matter_and_body_mistakes(old: str, new: str, line: int, what: str, fix: str) -> None:
    text = GOOD.replace(old, new, 1)
    assert text != GOOD
    found = messages(text)
    assert any(what in m and fix in m and m.startswith(f"{SRC}:{line}:") for m in found), found


def test_every_mistake_is_reported_at_once() -> None:
    text = (
        GOOD.replace("part: 1", "part: zero").replace("  - editors", "  - nobody").replace("## Reflect", "## Refelct")
    )
    found = messages(text)
    assert [m.split(":")[1] for m in found] == ["3", "11", "20"], found


def test_no_front_matter_at_all() -> None:
    assert messages("# Title\n\nText\n") == [
        f"{SRC}:1: the post has no front matter — start the file with a '---' block holding date, part and description"
    ]


def test_broken_front_matter_is_one_problem() -> None:
    found = messages("---\ndate: 2026-09-07\npart: [1\n---\n# T\n")
    assert len(found) == 1 and "front matter is not valid YAML" in found[0] and found[0].startswith(f"{SRC}:3:")


def test_empty_post_points_at_its_title() -> None:
    found = messages(GOOD.split("# Who")[0] + "# Who is your customer?\n\n<!-- more -->\n")
    assert f"{SRC}:14: the post is empty — write the post below its title" in found


def test_long_description_is_a_warning_not_an_error() -> None:
    post, errors, warnings = parse(GOOD.replace("Two sentences.", "word " * 80))
    assert post is not None and errors == []
    assert [str(w).split(" — ")[0] for w in warnings] == [
        f"{SRC}:5: the description is 416 characters long, more than feeds and search results show (300)"
    ]


def test_unknown_authors_are_not_checked_without_an_authors_file() -> None:
    post, errors, _ = parse(GOOD.replace("  - editors", "  - anyone"), PostRules(known_authors=None))
    assert post is not None and errors == [] and post.authors == ("anyone",)


def test_any_category_without_a_list_of_allowed_ones() -> None:
    post, errors, _ = parse(GOOD.replace("  - Customers", "  - Marketing"), PostRules())
    assert post is not None and errors == [] and post.categories == ("Marketing",)


@pytest.mark.parametrize("slug", ["café-culture", "καλημέρα-κόσμε", "part_2", "who-is-your-customer-2"])
def test_plain_slugs_in_any_script(slug: str) -> None:
    _, errors, _ = parse(GOOD.replace("slug: who-is-your-customer", f"slug: {slug}"))
    assert errors == []


@pytest.mark.parametrize(
    ("line", "feed_id"),
    [
        ("id: tag:series.example,2026:part-1", "tag:series.example,2026:part-1"),
        ("id: ' urn:uuid:1b4e28ba '", "urn:uuid:1b4e28ba"),
    ],
)
def test_feed_id(line: str, feed_id: str) -> None:
    post, errors, _ = parse(GOOD.replace("part: 1", f"part: 1\n{line}"))
    assert errors == [] and post is not None and post.feed_id == feed_id


def test_glossary_can_be_turned_off() -> None:
    post, _, _ = parse(GOOD.replace("part: 1", "part: 1\nglossary: false"))
    assert post is not None and post.glossary is False


def test_reflect_anchor_of_its_own() -> None:
    post, _, _ = parse(GOOD.replace("## Reflect", "## Reflect {#questions}"))
    assert post is not None and post.reflect_anchor == "questions"


def test_post_without_reflect_has_no_worksheet() -> None:
    post, errors, _ = parse(GOOD.split("## Reflect")[0])
    assert errors == [] and post is not None and not post.has_worksheet and post.reflect_line is None


# --- drafts ----------------------------------------------------------------------------------------------

DRAFT = GOOD.replace("part: 1", "part: 1\ndraft: true")


def test_draft_is_read_as_written() -> None:
    post, _, _ = parse(DRAFT)
    assert post is not None and post.draft and post.draft_written is True
    post, _, _ = parse(GOOD.replace("part: 1", "part: 1\ndraft: false"))
    assert post is not None and not post.draft and post.draft_written is False


def test_a_draft_may_have_an_empty_reflect_section_or_too_few_questions() -> None:
    empty, errors, _ = parse(DRAFT.split("1. Who")[0])
    assert errors == [] and empty is not None and not empty.has_worksheet
    few, errors, _ = parse(DRAFT.replace("4. What will you change?\n", ""))
    assert errors == [] and few is not None and len(few.questions) == 3


def test_a_draft_still_needs_numbered_questions() -> None:
    found = messages(DRAFT.replace("1. Who relies on you?", "- Who relies on you?"))
    assert any("uses bullets" in m and m.startswith(f"{SRC}:23:") for m in found), found


def test_placeholders_of_make_new_post_stop_a_post_that_is_not_a_draft() -> None:
    # The sentences that `make new-post` writes (tce_toolkit.scaffold.TEMPLATE).
    description = "Replace this with two plain sentences that sum up the post"
    opening = "The opening paragraph or two: readers see this on the blog index."
    body = "The body of the post."
    text = (
        GOOD.replace("  A short summary.\n  Two sentences.", f"  {description} for the home page.")
        .replace("Intro.", opening)
        .replace("<!-- more -->\n", f"<!-- more -->\n\n{body}\n")
    )
    found = messages(text)
    assert [m.split(" — ")[0] for m in found] == [
        f"{SRC}:5: the description is still the placeholder from 'make new-post'",
        f"{SRC}:15: the placeholder text '{opening}' from 'make new-post' is still in the post",
        f"{SRC}:19: the placeholder text '{body}' from 'make new-post' is still in the post",
    ]
    draft, errors, _ = parse(text.replace("part: 1", "part: 1\ndraft: true"))
    assert errors == [] and draft is not None


# --- the engine's own validation ---------------------------------------------------------------------


def engine(verdicts: dict[str, str]):
    """A stand-in for the blog engine's check: it rejects the keys in `verdicts` when they are present."""
    calls: list[dict] = []

    def check_meta(meta: dict) -> list[tuple[str, str]]:
        calls.append(meta)
        return [(key, message) for key, message in verdicts.items() if key in meta]

    return check_meta, calls


def test_engine_verdict_comes_first_with_the_toolkit_hint() -> None:
    check_meta, calls = engine({"draft": "'draft' must be true or false, not 'maybe'"})
    found = messages(GOOD.replace("part: 1", "part: 1\ndraft: maybe"), PostRules(check_meta=check_meta))
    assert found == [
        f"{SRC}:4: 'draft' must be true or false, not 'maybe' — write 'draft: true' or 'draft: false', or remove the line"
    ]
    assert calls and calls[0]["draft"] == "maybe"


def test_engine_verdict_on_a_key_without_a_hint() -> None:
    check_meta, _ = engine({"pin": "'pin' is wrong"})
    found = messages(GOOD.replace("part: 1", "part: 1\npin: 3"), PostRules(check_meta=check_meta))
    assert found == [f"{SRC}:4: 'pin' is wrong — write 'pin: true' or 'pin: false'"]
    check_meta, _ = engine({"hide": "'hide' is bad"})
    found = messages(GOOD.replace("part: 1", "part: 1\nhide: 3"), PostRules(check_meta=check_meta))
    assert found == [f"{SRC}:4: 'hide' is bad — see Material's blog documentation"]


def test_a_date_is_reported_once_even_when_the_engine_rejects_it_too() -> None:
    check_meta, _ = engine({"date": "Expected type: <class 'datetime.date'>"})
    found = messages(GOOD.replace("date: 2026-09-07", 'date: "2026-09-07"'), PostRules(check_meta=check_meta))
    assert len(found) == 1 and "quoted" in found[0]


def test_a_list_the_engine_rejects_is_not_checked_again() -> None:
    check_meta, _ = engine({"authors": "'authors' must be a list, not 'nobody'"})
    rules = PostRules(check_meta=check_meta, known_authors={"editors"})
    found = messages(GOOD.replace("authors:\n  - editors", "authors: nobody"), rules)
    assert found == [
        f"{SRC}:10: 'authors' must be a list, not 'nobody' — write it as a list, e.g. 'authors: [editors]'"
    ]


# Keys an engine might know: the test's own list, not the adapter's.
KNOWN = frozenset({"date", "slug", "categories", "authors", "draft", "pin", "title", "hide"})


@pytest.mark.parametrize(
    ("written", "line", "meant", "stops"),
    [
        ("catgories: [Customers]", 4, "categories", False),
        ("Categories: [Customers]", 4, "categories", False),
        ("draf: true", 4, "draft", True),
        ("Draft: true", 4, "draft", True),
        ("prt: 2", 4, "part", False),  # the toolkit's own keys are known too
        ("Description: more", 4, "description", False),
        ("colour: red", 4, None, False),
    ],
)
def test_unknown_key_is_named_with_the_key_meant(written: str, line: int, meant: str | None, stops: bool) -> None:
    rules = PostRules(known_keys=KNOWN, publishing_keys={"draft"})
    post, errors, warnings = parse(GOOD.replace("part: 1", "part: 1\n" + written), rules)
    key = written.split(":")[0]
    found = errors if stops else warnings
    assert len(found) == 1 and (post is None) == stops
    message = str(found[0])
    assert message.startswith(f"{SRC}:{line}: '{key}' is not a front-matter key — ")
    if meant:
        assert message.endswith(f"did you mean '{meant}'?")
    else:
        assert "did you mean" not in message and "use one of: authors, categories" in message


def test_known_keys_give_no_warning_and_none_means_unchecked() -> None:
    post, errors, warnings = parse(GOOD, PostRules(known_keys=KNOWN))
    assert post is not None and errors == [] and warnings == []
    post, errors, warnings = parse(GOOD.replace("part: 1", "part: 1\ncolour: red"), PostRules())
    assert post is not None and errors == [] and warnings == []


def test_part_and_slug_lines_are_kept_for_later_messages() -> None:
    post, _, _ = parse()
    assert post is not None and (post.line_of("part"), post.line_of("slug"), post.line_of("pin")) == (3, 4, None)


# --- find_title ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ("# Plain\n", ("Plain", 0)),
        ("Intro\n\n# Later heading #\n", ("Later heading", 2)),
        ("```\n# not a title\n```\n# Real\n", ("Real", 3)),
        ("````\n```\n# not a title\n```\n````\n# Real\n", ("Real", 5)),
        ("~~~\n# not a title\n~~~\n# Real\n", ("Real", 3)),
        ("Setext title\n===\n", ("Setext title", 0)),
        ("# A *service* culture\n", ("A *service* culture", 0)),  # the Markdown, as written
        ("## Only a subheading\n", None),
        ("#hashtag, not a heading\n", None),
        ("", None),
    ],
)
def test_find_title(body: str, found: tuple[str, int] | None) -> None:
    assert find_title(body) == found
