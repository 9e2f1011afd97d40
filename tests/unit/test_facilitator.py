"""Facilitator notes: read beside the Reflect questions, checked, and removed from what readers get."""

from __future__ import annotations

import markdown
import pytest
from tce_toolkit.errors import AuthorError
from tce_toolkit.facilitator import has_notes, strip_notes
from tce_toolkit.questions import extract_questions

POST = """Intro.

## Reflect

<!-- facilitator
Key idea: Every hand-off has a customer on its far side.
Opening: 5 min. Ask who received work from someone today.
-->

1. Who relies on your work?
   <!-- facilitator
   Time: 8 min
   Draw out: Names, not job titles.
   Prompt: Ask for one name each.
   -->
2. What would change if your report were late?
   It may help to think of last month.
   <!-- facilitator
   Time: 12 min
   -->
3. Which colleague could you ask?
4. What will you do differently?
"""


def test_notes_are_read_per_question_and_for_the_part() -> None:
    reflect = extract_questions(POST, "docs/x.md", first_line=10)
    assert [q.markdown for q in reflect.questions] == [
        "Who relies on your work?",
        "What would change if your report were late? It may help to think of last month.",
        "Which colleague could you ask?",
        "What will you do differently?",
    ]
    first, second, third, _ = (q.notes for q in reflect.questions)
    assert (first.minutes, first.draw_out, first.prompt) == (8, "Names, not job titles.", "Ask for one name each.")
    assert first.line == 10 + 11  # the file line of its first field ('Time:')
    assert (second.minutes, second.draw_out, second.prompt) == (12, "", "")
    assert third is None
    session = reflect.session
    assert session.key_idea == "Every hand-off has a customer on its far side."
    assert (session.opening_minutes, session.opening) == (5, "Ask who received work from someone today.")


def test_an_opening_without_minutes_is_kept_as_words() -> None:
    body = "## Reflect\n\n<!-- facilitator\nOpening: Start with a story.\n-->\n\n1. A?\n2. B?\n3. C?\n4. D?\n"
    session = extract_questions(body, "x.md").session
    assert (session.opening, session.opening_minutes, session.key_idea) == ("Start with a story.", None, "")


@pytest.mark.parametrize(
    ("block", "line", "what"),
    [
        ("   <!-- facilitator\n   Time: 5 min\n", 6, "not closed"),
        ("   <!-- facilitator\n   Timing: 5 min\n   -->\n", 7, "'Timing' is not a facilitator field"),
        ("   <!-- facilitator\n   Key idea: x\n   -->\n", 7, "'Key idea' is not a facilitator field for a question"),
        ("   <!-- facilitator\n   Time: ten\n   -->\n", 7, "not a time in whole minutes"),
        ("   <!-- facilitator\n   Time: 0 min\n   -->\n", 7, "not a time in whole minutes"),
        ("   <!-- facilitator\n   Time: 8 min, then more\n   -->\n", 7, "not a time in whole minutes"),
        ("   <!-- facilitator\n   Prompt: a\n   Prompt: b\n   -->\n", 8, "give 'Prompt' twice"),
        ("   <!-- facilitator\n   just some words\n   -->\n", 7, "is not a field"),
        ("   <!-- facilitator\n   -->\n   <!-- facilitator\n   -->\n", 8, "question 1 has two facilitator blocks"),
    ],
)
def test_mistakes_in_notes_name_the_line(block: str, line: int, what: str) -> None:
    body = "## Reflect\n\n1. Who?\n" + block + "2. Why?\n3. How?\n4. When?\n"
    with pytest.raises(AuthorError, match="x.md") as caught:
        extract_questions(body, "x.md", first_line=3)
    assert caught.value.line == line and what in caught.value.what


def test_a_part_block_in_the_wrong_place_is_named() -> None:
    body = "## Reflect\n\n<!-- facilitator\nTime: 5 min\n-->\n\n1. A?\n2. B?\n3. C?\n4. D?\n"
    with pytest.raises(AuthorError) as caught:
        extract_questions(body, "x.md")
    assert "for a whole part" in caught.value.what and caught.value.line == 4


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (POST, None),  # checked against Python-Markdown below
        ("```\n<!-- facilitator\nTime: 5 min\n-->\n```\n", "```\n<!-- facilitator\nTime: 5 min\n-->\n```\n"),
        ("a\n<!-- facilitator\nunclosed\n", "a\n<!-- facilitator\nunclosed\n"),
        ("a\n<!-- facilitator Time: 3 min -->\nb\n", "a\nb\n"),
    ],
)
def test_strip_notes_leaves_nothing_of_them_and_nothing_else_changed(source: str, expected: str | None) -> None:
    stripped = strip_notes(source)
    if expected is not None:
        assert stripped == expected
        return
    assert "facilitator" not in stripped and "Names, not job titles" not in stripped
    # The list stays tight: the same HTML as the post written without any notes.
    plain = "\n".join(_outside_blocks(POST.split("\n")))
    assert markdown.markdown(stripped) == markdown.markdown(plain)
    assert "<li>Who relies on your work?</li>" in markdown.markdown(stripped)


def _outside_blocks(lines: list[str]) -> list[str]:
    """The lines that are not in a facilitator block, read here independently of `strip_notes`."""
    kept, inside = [], False
    for line in lines:
        inside = inside or line.strip().startswith("<!-- facilitator")
        if not inside:
            kept.append(line)
        if line.strip().endswith("-->"):
            inside = False
    return kept


def test_has_notes() -> None:
    assert has_notes(POST) and not has_notes("facilitator without a block") and not has_notes("plain")
