from __future__ import annotations

import datetime as dt

import pytest
from tce_toolkit.errors import AuthorError, format_problems
from tce_toolkit.meta import line_of_key, parse_date, parse_document


def test_front_matter_and_body_line() -> None:
    doc = parse_document("---\ndate: 2026-01-05\npart: 2\n---\n\n# Title\n", "docs/x.md")
    assert doc.meta == {"date": dt.date(2026, 1, 5), "part": 2}
    assert doc.body == "\n# Title\n"
    assert doc.body_line == 5  # the line after the closing ---
    assert doc.has_front_matter


def test_no_front_matter_keeps_everything() -> None:
    doc = parse_document("# Title\n\nText\n", "docs/x.md")
    assert doc.meta == {} and doc.body == "# Title\n\nText\n" and not doc.has_front_matter


def test_byte_order_mark_is_ignored() -> None:
    assert parse_document("\ufeff---\npart: 1\n---\nbody", "x.md").meta == {"part": 1}


@pytest.mark.parametrize(
    ("text", "line", "detail"),
    [
        ("---\ndate: 2026-01-05\ntitle: [unclosed\n---\n", 4, "column"),
        ("---\ndate: 2026-01-05\n  part: 2\n---\n", 3, "column"),
        ("---\na: 1\nb: : :\nc: 'x\n---\n", None, "not valid YAML"),
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
    ("value", "expected"),
    [
        (dt.date(2026, 9, 7), dt.datetime(2026, 9, 7, tzinfo=dt.UTC)),
        (dt.datetime(2026, 9, 7, 10, 30), dt.datetime(2026, 9, 7, 10, 30, tzinfo=dt.UTC)),
        ("2026-09-07", dt.datetime(2026, 9, 7, tzinfo=dt.UTC)),
        ("2026-09-07T12:00:00+02:00", dt.datetime(2026, 9, 7, 10, tzinfo=dt.UTC)),
        ("next Tuesday", None),
        ("2026-13-01", None),
        (42, None),
        (None, None),
    ],
)
def test_parse_date(value: object, expected: dt.datetime | None) -> None:
    assert parse_date(value) == expected


def test_line_of_key_stops_at_end_of_front_matter() -> None:
    text = "---\ndate: 1\nslug: a\n---\nslug: not this\n"
    assert line_of_key(text, "slug") == 3
    assert line_of_key(text, "missing", default=7) == 7


def test_format_problems_sorts_and_deduplicates() -> None:
    b = AuthorError("docs/b.md", 3, "bad thing", "fix it")
    a = AuthorError("docs/a.md", None, "other thing", "do this")
    message = format_problems([b, a, b], "The site cannot be built")
    assert message.splitlines() == [
        "The site cannot be built: 2 problems to fix",
        "  docs/a.md: other thing — do this",
        "  docs/b.md:3: bad thing — fix it",
    ]
