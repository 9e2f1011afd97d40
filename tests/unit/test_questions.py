from __future__ import annotations

import pytest
from tce_toolkit.errors import AuthorError
from tce_toolkit.questions import extract_questions


def questions(body: str, first_line: int = 1) -> list[tuple[int, str, int]]:
    found, _ = extract_questions(body, "docs/blog/posts/x.md", first_line)
    return [(q.number, q.markdown, q.line) for q in found]


def test_numbered_list_in_order_with_file_lines() -> None:
    body = "# T\n\nText.\n\n## Reflect\n\n1. First?\n2. Second?\n3. Third?\n"
    assert questions(body, first_line=10) == [(1, "First?", 16), (2, "Second?", 17), (3, "Third?", 18)]


def test_numbers_are_renumbered_in_written_order() -> None:
    assert [q[0:2] for q in questions("## Reflect\n\n1. A?\n1. B?\n7) C?\n")] == [(1, "A?"), (2, "B?"), (3, "C?")]


def test_inline_markup_and_special_characters_are_kept_verbatim() -> None:
    body = '## Reflect\n\n1. Is *this* `code` & <b>bold</b> "quoted"?\n'
    assert questions(body)[0][1] == 'Is *this* `code` & <b>bold</b> "quoted"?'


def test_wrapped_lines_and_nested_points_join_their_question() -> None:
    body = "## Reflect\n\n1. A long question\n   that wraps?\n    - a nested hint\n2. Next?\n"
    assert [q[1] for q in questions(body)] == ["A long question that wraps? a nested hint", "Next?"]


def test_section_ends_at_next_heading_and_ignores_lists_elsewhere() -> None:
    body = "1. Not a question\n\n## Reflect\n\nThink first.\n\n1. Only me?\n\n## Further reading\n\n1. Not me\n"
    assert [q[1] for q in questions(body)] == ["Only me?"]


def test_reflect_inside_code_fence_is_not_a_section() -> None:
    body = "```\n## Reflect\n1. no\n```\n"
    assert questions(body) == []


def test_reflect_heading_with_attributes_and_any_case() -> None:
    assert [q[1] for q in questions("## reflect {#reflect}\n\n1. Yes?\n")] == ["Yes?"]


def test_post_without_reflect_has_no_questions() -> None:
    assert extract_questions("# T\n\nText\n", "x.md") == ([], None)


@pytest.mark.parametrize(
    ("body", "line", "what"),
    [
        ("# T\n\n## Reflect\n\n", 3, "has no questions"),
        ("# T\n\n## Reflect\n\nSome text only.\n", 3, "has no questions"),
        ("## Reflect\n\n- A bullet?\n", 3, "uses bullets"),
        ("## Reflect\n\n1. A?\n\nStray paragraph.\n", 5, "not part of any question"),
    ],
)
def test_malformed_reflect_sections(body: str, line: int, what: str) -> None:
    with pytest.raises(AuthorError, match=what) as caught:
        extract_questions(body, "docs/blog/posts/x.md", 1)
    assert caught.value.line == line
    assert "numbered" in caught.value.fix or "indent" in caught.value.fix
