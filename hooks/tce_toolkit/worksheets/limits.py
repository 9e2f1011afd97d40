"""What an author is promised: a post within these limits gets one-page worksheets on A4 and on Letter.

The layout gives way in a known order to keep such a post on one page (see `steps.PARTICIPANT_STEPS`):
fewer writing lines, fewer key terms listed, then the type at its minimums. A post beyond the limits is
still published; its sheets may run onto a second page, and the build and `make check` name what to
shorten. The stress tests lay out posts at every limit at once on both papers and in both editions.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import AuthorError
from ..models import Post
from ..text import markdown_text


@dataclass(frozen=True)
class Limits:
    """The lengths, in characters of plain text, within which every sheet of a post fits one page."""

    questions: int = 6  # Reflect questions (the post needs 4 to 6 in any case)
    question: int = 180  # each question
    title: int = 90
    description: int = 300
    notes: int = 280  # a question's facilitator notes: Draw out and Prompt together
    notes_of_six: int = 200  # the same, in a part with six questions

    def notes_for(self, questions: int) -> int:
        """The longest facilitator notes on one question in a part with `questions` questions."""
        return self.notes_of_six if questions >= self.questions else self.notes

    key_idea: int = 200
    opening: int = 200


LIMITS = Limits()
BEYOND = "its worksheets may run onto a second page"


def _over(post: Post, line: int | None, what: str, length: int, limit: int) -> AuthorError:
    return AuthorError(
        post.src,
        line,
        f"{what} {'are' if what.startswith('the facilitator notes') else 'is'} {length} characters long, over the {limit} within which every worksheet fits one page",
        f"shorten it to {limit} characters or fewer, or {BEYOND} (the post is still published)",
    )


def beyond_limits(post: Post, limits: Limits = LIMITS) -> list[AuthorError]:
    """Notes on what in `post` is longer than the promised limits (not errors: the post builds), in file order."""
    notes: list[AuthorError] = []
    title = len(post.title)
    if title > limits.title:
        notes.append(_over(post, None, "the title", title, limits.title))
    if len(post.description) > limits.description:
        notes.append(_over(post, None, "the description", len(post.description), limits.description))
    for question in post.questions:
        length = len(markdown_text(question.markdown))
        if length > limits.question:
            notes.append(_over(post, question.line, f"Reflect question {question.number}", length, limits.question))
        if question.notes is not None:
            written = len(markdown_text(question.notes.draw_out)) + len(markdown_text(question.notes.prompt))
            if written > limits.notes:
                where = question.notes.line or question.line
                notes.append(
                    _over(post, where, f"the facilitator notes on question {question.number}", written, limits.notes)
                )
    session = post.session_notes
    if session is not None:
        for what, text, limit in (
            ("the key idea", session.key_idea, limits.key_idea),
            ("the opening", session.opening, limits.opening),
        ):
            if len(markdown_text(text)) > limit:
                notes.append(_over(post, session.line, what, len(markdown_text(text)), limit))
    return notes


def untimed_questions(post: Post) -> list[AuthorError]:
    """Notes on questions with facilitator notes elsewhere in the part but no time of their own.

    The session plan adds up the times it has; it says how many questions it could not count, and the
    build names them here so the author can add `Time:` to each.
    """
    if not post.has_facilitator_notes:
        return []
    return [
        AuthorError(
            post.src,
            question.notes.line if question.notes is not None and question.notes.line else question.line,
            f"Reflect question {question.number} has no time, so the session plan leaves it out of its minutes",
            "add 'Time: N min' to its facilitator notes",
        )
        for question in post.questions
        if question.notes is None or not question.notes.minutes
    ]


def worksheet_notes(post: Post) -> list[AuthorError]:
    """Everything about a post's worksheets an author should hear that does not stop the build."""
    return beyond_limits(post) + untimed_questions(post)
