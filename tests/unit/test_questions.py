"""Reflect questions (tce_toolkit.questions): the numbered list under `## Reflect`, with file lines."""

from __future__ import annotations

import pytest
from tce_toolkit.errors import AuthorError
from tce_toolkit.models import Question
from tce_toolkit.questions import Reflect, count_problem, extract_questions

SRC = "docs/blog/posts/x.md"


def questions(body: str, first_line: int = 1) -> list[tuple[int, str, int]]:
    found = extract_questions(body, SRC, first_line).questions
    return [(q.number, q.markdown, q.line) for q in found]


def test_numbered_list_in_order_with_file_lines() -> None:
    body = "# T\n\nText.\n\n## Reflect\n\n1. First?\n2. Second?\n3. Third?\n"
    reflect = extract_questions(body, SRC, first_line=10)
    assert (reflect.line, reflect.anchor) == (14, "reflect")
    assert questions(body, first_line=10) == [(1, "First?", 16), (2, "Second?", 17), (3, "Third?", 18)]


def test_numbers_are_renumbered_in_written_order() -> None:
    assert [q[0:2] for q in questions("## Reflect\n\n1. A?\n1. B?\n7. C?\n")] == [(1, "A?"), (2, "B?"), (3, "C?")]


def test_inline_markup_and_special_characters_are_kept_verbatim() -> None:
    body = '## Reflect\n\n1. Is *this* `code` & <b>bold</b> "quoted"?\n'
    assert questions(body)[0][1] == 'Is *this* `code` & <b>bold</b> "quoted"?'


def test_wrapped_lines_and_nested_points_join_their_question() -> None:
    body = "## Reflect\n\n1. A long question\n   that wraps?\n    - a nested hint\n2. Next?\n"
    assert [q[1] for q in questions(body)] == ["A long question that wraps? a nested hint", "Next?"]


def test_section_ends_at_next_heading_and_ignores_lists_elsewhere() -> None:
    body = "1. Not a question\n\n## Reflect\n\nThink first.\n\n1. Only me?\n\n## Further reading\n\n1. Not me\n"
    assert [q[1] for q in questions(body)] == ["Only me?"]


def test_a_level_three_heading_does_not_end_the_section() -> None:
    body = "## Reflect\n\n### Before you start\n\n1. One?\n2. Two?\n"
    assert [q[1] for q in questions(body)] == ["One?", "Two?"]


@pytest.mark.parametrize(
    "body",
    ["```\n## Reflect\n1. no\n```\n", "````\n```\n## Reflect\n```\n1. no\n````\n", "~~~\n## Reflect\n1. no\n~~~\n"],
    ids=["backticks", "four-backticks-holding-three", "tildes"],
)
def test_reflect_inside_code_fence_is_not_a_section(body: str) -> None:
    assert extract_questions(body, SRC) == Reflect()


@pytest.mark.parametrize(
    ("heading", "anchor"),
    [
        ("## Reflect", "reflect"),
        ("## reflect", "reflect"),
        ("## REFLECT ##", "reflect"),
        ("## Reflect {#questions}", "questions"),
        ("## Reflect {: #questions .special }", "questions"),
        ("## Reflect {.special}", "reflect"),
    ],
)
def test_reflect_heading_any_case_with_attributes(heading: str, anchor: str) -> None:
    reflect = extract_questions(f"# T\n\n{heading}\n\n1. Yes?\n", SRC)
    assert (reflect.anchor, reflect.line, [q.markdown for q in reflect.questions]) == (anchor, 3, ["Yes?"])


@pytest.mark.parametrize(
    "body",
    [
        "# T\n\nText\n",
        "# T\n\n## Further reading\n\n1. A book\n",
        "# T\n\n## Reflections\n\n## Summary\n",  # only the last section is checked for a misspelling
    ],
)
def test_post_without_reflect_has_no_questions(body: str) -> None:
    assert extract_questions(body, SRC) == Reflect((), None, "reflect")


@pytest.mark.parametrize(
    ("body", "line", "what", "fix"),
    [
        ("# T\n\n## Reflect\n\n", 3, "has no questions", "numbered list"),
        ("# T\n\n## Reflect\n\nSome text only.\n", 3, "has no questions", "numbered list"),
        ("## Reflect\n\n- A bullet?\n", 3, "uses bullets", "numbered list"),
        ("## Reflect\n\n* A bullet?\n", 3, "uses bullets", "numbered list"),
        ("## Reflect\n\n1. A?\n\nStray paragraph.\n", 5, "not part of any question", "indent it"),
        ("## Reflect\n\n1. A?\n2) B?\n", 4, "numbered with ')'", "write '2.' instead of '2)'"),
        ("## Reflect\n\n1) A?\n", 3, "numbered with ')'", "write '1.' instead of '1)'"),
        ("## Reflect\n\n1. A?\n2. \n", 4, "question 2 is empty", "after the number"),
        (
            "# T\n\n## Reflections\n\n1. A?\n",
            3,
            "'## Reflections' looks like a misspelt Reflect",
            "exactly as '## Reflect'",
        ),
        ("# T\n\n## Refelct\n\n1. A?\n", 3, "'## Refelct' looks like a misspelt Reflect", "exactly as '## Reflect'"),
        ("# T\n\n## Intro\n\n## Relfect\n", 5, "looks like a misspelt Reflect", "exactly as '## Reflect'"),
    ],
    ids=[
        "empty",
        "text-only",
        "dash-bullets",
        "star-bullets",
        "stray-text",
        "paren-later",
        "paren-first",
        "empty-question",
        "reflections",
        "transposed",
        "swapped",
    ],
)
def test_malformed_reflect_sections(body: str, line: int, what: str, fix: str) -> None:
    with pytest.raises(AuthorError, match=f"^{SRC}:{line}: ") as caught:
        extract_questions(body, SRC, 1)
    assert what in caught.value.what and fix in caught.value.fix


def test_error_lines_count_from_the_first_line_of_the_body() -> None:
    with pytest.raises(AuthorError, match=f"^{SRC}:22: .*uses bullets"):
        extract_questions("## Reflect\n\n- A bullet?\n", SRC, first_line=20)


def reflect(count: int) -> Reflect:
    return Reflect(tuple(Question(n, f"Q{n}?", 20 + n) for n in range(1, count + 1)), 18)


@pytest.mark.parametrize(
    ("count", "what"), [(0, None), (3, "has 3 questions"), (4, None), (6, None), (7, "has 7 questions")]
)
def test_count_problem(count: int, what: str | None) -> None:
    problem = count_problem(reflect(count), SRC)
    if what is None:
        assert problem is None
    else:
        assert problem is not None and problem.line == 18
        assert str(problem).startswith(f"{SRC}:18: the Reflect section {what}; a worksheet holds 4 to 6")


def test_count_problem_hints() -> None:
    assert count_problem(reflect(2), SRC).fix == "add questions until there are at least four"
    assert count_problem(reflect(9), SRC).fix == "ask fewer questions"
