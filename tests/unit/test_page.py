"""What a page gets, decided once for both engines (`tce_toolkit.page`): tables of pure calls."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from tce_toolkit.errors import AuthorError
from tce_toolkit.models import GlossaryEntry, Post, Question
from tce_toolkit.page import (
    after_reflect,
    entry_meta,
    links_terms,
    page_template,
    reflect_id_problem,
    series_feeds,
    subscribe_context,
    worksheet_targets,
)
from tce_toolkit.worksheets.names import PAPERS


def post(**fields) -> Post:
    values = {
        "src": "docs/blog/posts/sorry.md",
        "src_uri": "blog/posts/sorry.md",
        "title": "Saying sorry",
        "part": 2,
        "date": dt.datetime(2026, 1, 2, tzinfo=dt.UTC),
        "description": "About sorry.",
        "url": "blog/saying-sorry/",
        "questions": (Question(1, "Why?", 20),),
        "reflect_line": 14,
    }
    return Post(**(values | fields))


ENTRY = GlossaryEntry(
    "customer", "Customer", "Anyone you *serve*.", "docs/glossary/customer.md", "glossary/customer.md"
)


@pytest.mark.parametrize(
    ("page_post", "entry", "meta", "linked"),
    [
        (post(), None, {}, True),
        (post(glossary=False), None, {}, False),
        (post(), None, {"glossary": False}, True),  # a post says it with its own `glossary:` (read into Post)
        (None, ENTRY, {}, True),
        (None, ENTRY, {"glossary": None}, True),
        (None, ENTRY, {"glossary": False}, False),
        (None, None, {}, False),
        (None, None, {"glossary": True}, False),
    ],
)
def test_which_pages_link_terms(page_post, entry, meta, linked) -> None:
    assert links_terms(page_post, entry, meta) is linked


@pytest.mark.parametrize(
    ("page_post", "template", "expected"),
    [
        (post(), "blog-post.html", "series-post.html"),
        (post(), "my-own.html", "my-own.html"),
        (post(), None, None),
        (None, "blog-post.html", "blog-post.html"),
        (None, "main.html", "main.html"),
    ],
)
def test_series_posts_get_the_series_layout(page_post, template, expected) -> None:
    assert page_template(page_post, template) == expected


def test_an_entry_describes_itself_by_its_summary_and_is_boosted_in_search() -> None:
    assert entry_meta(ENTRY) == {"description": "Anyone you serve.", "search": {"boost": 2}}
    assert entry_meta(ENTRY)["search"] is not entry_meta(ENTRY)["search"]  # each page its own dict


@dataclass(frozen=True)
class Feed:
    path: str
    category: str | None = None


RSS, ATOM, TIPS = Feed("feed.xml"), Feed("atom.xml"), Feed("category/tips/feed.xml", "Tips")


@pytest.mark.parametrize(
    ("feeds", "expected"),
    [
        ((), None),
        ((RSS,), {"feeds": [RSS], "categories": []}),
        ((RSS, ATOM, TIPS), {"feeds": [RSS, ATOM], "categories": [TIPS]}),
        ((TIPS,), {"feeds": [], "categories": [TIPS]}),
    ],
)
def test_the_subscribe_line_lists_series_feeds_then_category_feeds(feeds, expected) -> None:
    assert subscribe_context(feeds) == expected


def test_series_feeds_are_those_of_no_category() -> None:
    assert series_feeds([TIPS, RSS, ATOM]) == [RSS, ATOM]


@pytest.mark.parametrize(
    ("paper", "pdf", "directory_urls", "expected"),
    [
        ("a4", True, True, ("worksheets/saying-sorry/", "worksheets/saying-sorry-a4.pdf")),
        ("letter", True, True, ("worksheets/saying-sorry/", "worksheets/saying-sorry-letter.pdf")),
        ("a4", False, True, ("worksheets/saying-sorry/", None)),
        ("a4", True, False, ("worksheets/saying-sorry/index.html", "worksheets/saying-sorry-a4.pdf")),
    ],
)
def test_the_worksheet_link_points_to_the_sheet_and_its_pdf(paper, pdf, directory_urls, expected) -> None:
    assert worksheet_targets(post(), PAPERS[paper], pdf=pdf, directory_urls=directory_urls) == expected


@pytest.mark.parametrize(
    ("html", "anchor", "expected"),
    [
        ('<p>a</p><h2 id="reflect">Reflect</h2><ol></ol>', "reflect", '<p>a</p><h2 id="reflect">Reflect</h2>[L]<ol></ol>'),
        ('<h2 id="think">Think</h2><p>b</p>', "think", '<h2 id="think">Think</h2>[L]<p>b</p>'),
        ("<h2>Reflect</h2><ol></ol>", "reflect", None),
        ('<h3 id="reflect">Reflect</h3>', "reflect", None),
    ],
)  # fmt: skip
def test_the_worksheet_link_goes_after_the_reflect_heading(html, anchor, expected) -> None:
    assert after_reflect(html, post(reflect_anchor=anchor), "[L]") == expected


def test_a_reflect_heading_without_its_id_is_the_authors_to_fix() -> None:
    problem = reflect_id_problem(post(reflect_anchor="think"))
    assert isinstance(problem, AuthorError)
    with pytest.raises(AuthorError, match=r"docs/blog/posts/sorry\.md:14: the Reflect heading has no id 'think'"):
        raise problem
    assert "keep the heading as '## Reflect'" in str(problem)
