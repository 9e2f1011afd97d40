"""Front matter and YAML line lookup (tce_toolkit.meta), and the one message shape for author errors."""

from __future__ import annotations

import datetime as dt

import pytest
from tce_toolkit.errors import AuthorError, clash_problems, format_problems
from tce_toolkit.meta import Lines, as_strings, closest_key, compose_mapping, parse_date, parse_document

POST = """---
date: 2026-01-05
part: 2
categories:
  - Customers
  - Service culture
authors: [editors, guest]
---

# Title
"""


def test_front_matter_and_body_line() -> None:
    doc = parse_document("---\ndate: 2026-01-05\npart: 2\n---\n\n# Title\n", "docs/x.md")
    assert doc.meta == {"date": dt.date(2026, 1, 5), "part": 2}
    assert doc.body == "\n# Title\n"
    assert doc.body_line == 5  # the line after the closing ---
    assert doc.has_front_matter


def test_no_front_matter_keeps_everything() -> None:
    doc = parse_document("# Title\n\nText\n", "docs/x.md")
    assert (doc.meta, doc.body, doc.body_line, doc.has_front_matter) == ({}, "# Title\n\nText\n", 1, False)
    assert doc.line("title") is None


def test_empty_front_matter() -> None:
    doc = parse_document("---\n---\nbody", "x.md")
    assert (doc.meta, doc.body, doc.body_line, doc.has_front_matter) == ({}, "body", 3, True)


def test_byte_order_mark_is_ignored() -> None:
    assert parse_document("\ufeff---\npart: 1\n---\nbody", "x.md").meta == {"part": 1}


def test_windows_line_endings() -> None:
    doc = parse_document("---\r\ndate: 2026-01-05\r\npart: 2\r\n---\r\nbody", "x.md")
    assert (doc.meta, doc.body, doc.body_line, doc.line("part")) == (
        {"date": dt.date(2026, 1, 5), "part": 2},
        "body",
        5,
        3,
    )


@pytest.mark.parametrize(
    ("key", "item", "line"),
    [
        ("date", None, 2),
        ("part", None, 3),
        ("categories", None, 4),
        ("categories", "Customers", 5),
        ("categories", "Service culture", 6),
        ("authors", "guest", 7),  # a flow-style list: its items share the key's line
        ("categories", "Marketing", 4),  # an item not written: the key's line
        ("missing", None, None),
        (None, None, None),
    ],
)
def test_document_line_of_a_key_or_item(key: str | None, item: str | None, line: int | None) -> None:
    assert parse_document(POST, "x.md").line(key, item) == line


def test_lines_come_from_the_yaml_not_from_the_text() -> None:
    # A key named in a block scalar or in the body is not a key: only the mapping's own keys count.
    text = "---\ndescription: |\n  slug: not this\nslug: a\n---\nslug: not this either\n"
    doc = parse_document(text, "x.md")
    assert (doc.line("slug"), doc.line("description")) == (4, 2)


@pytest.mark.parametrize(
    ("text", "line", "detail"),
    [
        ("---\ndate: 2026-01-05\ntitle: [unclosed\n---\n", 3, "column"),  # the line of the open bracket
        ("---\ndate: 2026-01-05\n  part: 2\n---\n", 3, "column"),
        ("---\na: 1\nb: : :\nc: 'x\n---\n", None, "not valid YAML"),
        # An unindented second line of a value: the line itself, not the next key's, in plain words.
        (
            "---\ndate: 2026-01-05\npart: 1\nslug: x\ndescription: >-\n  First line.\nSecond line.\ncategories:\n"
            "  - Customers\n---\n",
            7,
            "neither 'key: value' nor indented",
        ),
        ("---\ndescription: One line.\nSecond line.\nauthors: [editors]\n---\n", 3, "neither 'key: value'"),
    ],
)
def test_broken_yaml_names_file_and_line(text: str, line: int | None, detail: str) -> None:
    with pytest.raises(AuthorError) as caught:
        parse_document(text, "docs/blog/posts/x.md")
    error = caught.value
    assert error.path == "docs/blog/posts/x.md"
    assert detail in error.what
    if line is not None:
        assert error.line == line
    assert str(error).startswith(f"docs/blog/posts/x.md:{error.line}: front matter is not valid YAML")


def test_front_matter_that_is_not_a_mapping() -> None:
    with pytest.raises(AuthorError, match="x.md:2: front matter must be"):
        parse_document("---\n- a\n- b\n---\n", "x.md")


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("date: 2026-09-07", dt.date(2026, 9, 7)),
        ("date: 2026-09-31", "2026-09-31"),  # an impossible date stays text, for a clear message
        ('date: "2026-09-07"', "2026-09-07"),  # a quoted date is text
    ],
)
def test_dates_as_yaml_reads_them(text: str, value: object) -> None:
    assert parse_document(f"---\n{text}\n---\n", "x.md").meta["date"] == value


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (dt.date(2026, 9, 7), dt.datetime(2026, 9, 7, tzinfo=dt.UTC)),
        (dt.datetime(2026, 9, 7, 10, 30), dt.datetime(2026, 9, 7, 10, 30, tzinfo=dt.UTC)),
        (
            dt.datetime(2026, 9, 7, 12, tzinfo=dt.timezone(dt.timedelta(hours=2))),
            dt.datetime(2026, 9, 7, 10, tzinfo=dt.UTC),
        ),
        ("2026-09-07", None),  # text is never a date: the blog engine rejects a quoted date
        ("2026-09-07T12:00:00+02:00", None),
        ("next Tuesday", None),
        (42, None),
        (None, None),
    ],
)
def test_parse_date(value: object, expected: dt.datetime | None) -> None:
    assert parse_date(value) == expected


def test_parse_date_is_aware_utc() -> None:
    moment = parse_date(dt.datetime(2026, 9, 7, 23, 30, tzinfo=dt.timezone(dt.timedelta(hours=-5))))
    assert moment == dt.datetime(2026, 9, 8, 4, 30, tzinfo=dt.UTC) and moment.tzinfo == dt.UTC


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ()),
        ("editors", ("editors",)),
        (" editors ", ("editors",)),
        (["a", " b "], ("a", "b")),
        ([], ()),
        (["a", 3], None),
        (3, None),
        ({"a": 1}, None),
    ],
)
def test_as_strings(value: object, expected: tuple[str, ...] | None) -> None:
    assert as_strings(value) == expected


MKDOCS_YML = """site_name: Through the Customer's Eyes
site_url: !ENV [SITE_URL, "https://series.example/"]
extra:
  # feeds of the series
  feeds:
    limit: 20
    full_content: true
  worksheets: {paper: a4, pdf: auto}
  empty:
"""


@pytest.mark.parametrize(
    ("path", "start", "keys"),
    [
        (["extra", "feeds"], 5, {"limit": 6, "full_content": 7}),
        (["extra", "worksheets"], 8, {"paper": 8, "pdf": 8}),  # flow style: every key on the section's line
        (["extra"], 3, {"feeds": 5, "worksheets": 8, "empty": 9}),
        (["extra", "empty"], 9, {}),
        (["extra", "missing"], 3, {}),  # a section not written: the line of its parent
        (["missing"], 1, {}),
    ],
)
def test_compose_mapping_finds_keys_in_mkdocs_yml(path: list[str], start: int, keys: dict[str, int]) -> None:
    lines = compose_mapping(MKDOCS_YML, path)
    assert (lines.start, lines.keys) == (start, keys)


def test_compose_mapping_of_broken_yaml_is_empty() -> None:
    assert compose_mapping("extra: [", ["extra"]) == Lines()


def test_lines_of() -> None:
    lines = Lines({"authors": 3}, {("authors", "guest"): 5}, start=2)
    assert [lines.of("authors"), lines.of("authors", "guest"), lines.of("authors", "x"), lines.of("x")] == [
        3,
        5,
        3,
        None,
    ]


def test_author_error_message() -> None:
    assert (
        str(AuthorError("docs/x.md", 12, "what is wrong", "how to fix it"))
        == "docs/x.md:12: what is wrong — how to fix it"
    )
    assert str(AuthorError("mkdocs.yml", None, "what", "fix")) == "mkdocs.yml: what — fix"


def test_format_problems_sorts_and_deduplicates() -> None:
    b = AuthorError("docs/b.md", 3, "bad thing", "fix it")
    a = AuthorError("docs/a.md", None, "other thing", "do this")
    message = format_problems([b, a, b], "The site cannot be built")
    assert message.splitlines() == [
        "The site cannot be built: 2 problems to fix",
        "  docs/a.md: other thing — do this",
        "  docs/b.md:3: bad thing — fix it",
    ]
    assert format_problems([a], "Heading").splitlines()[0] == "Heading: 1 problem to fix"


def test_clash_problems_name_every_other_file() -> None:
    class Item:
        def __init__(self, src: str) -> None:
            self.src = src

    a, b, c, d = Item("a.md"), Item("b.md"), Item("c.md"), Item("d.md")
    problems = clash_problems(
        {"x": [a, b, c], "y": [d]},
        lambda key, others: f"{key} is also used by {others}",
        "fix",
        line=lambda item, key: 7 if item is b else None,
    )
    assert [str(p) for p in problems] == [
        "a.md: x is also used by b.md, c.md — fix",
        "b.md:7: x is also used by a.md, c.md — fix",
        "c.md: x is also used by a.md, b.md — fix",
    ]


def test_a_stray_line_is_told_how_to_continue_a_value() -> None:
    with pytest.raises(AuthorError) as caught:
        parse_document("---\ndescription: One.\nTwo.\n---\n", "x.md")
    assert caught.value.line == 3 and "indent it" in caught.value.fix and "'description:'" in caught.value.fix


@pytest.mark.parametrize(
    ("name", "meant"),
    [("catgories", "categories"), ("Categories", "categories"), ("draf", "draft"), ("DRAFT", "draft"), ("x", None)],
)
def test_closest_key(name: str, meant: str | None) -> None:
    assert closest_key(name, ["categories", "draft", "date", "slug"]) == meant
