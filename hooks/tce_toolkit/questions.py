"""Reflect questions: the numbered list under a post's `## Reflect` heading."""

from __future__ import annotations

import re

from .errors import AuthorError
from .models import Question

REFLECT_HEADING = re.compile(r"^##[ \t]+Reflect[ \t]*(?:\{[^}]*\})?[ \t]*#*[ \t]*$", re.I)
_HEADING = re.compile(r"^(#{1,6})[ \t]")
_NUMBERED = re.compile(r"^(\d{1,3})[.)][ \t]+(.*)$")
_BULLET = re.compile(r"^[-*+][ \t]+")
_FENCE = re.compile(r"^[ \t]*(```|~~~)")
NO_QUESTIONS = "the Reflect section has no questions"
FIX_LIST = "write each question as a numbered list item under '## Reflect', e.g. '1. Who relies on your work?'"


def find_reflect(lines: list[str]) -> int | None:
    """Index of the `## Reflect` heading line in `lines`, skipping fenced code; None if absent."""
    in_fence = False
    for index, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
        elif not in_fence and REFLECT_HEADING.match(line):
            return index
    return None


def extract_questions(body: str, path: str, first_line: int = 1) -> tuple[list[Question], int | None]:
    """Return the Reflect questions of a post body and the file line of its heading.

    `first_line` is the file line number of the body's first line. A post without a Reflect
    heading has no questions. A Reflect heading with no numbered list, or with bullets instead of
    numbers, raises `AuthorError` pointing at the line to fix.
    """
    lines = body.splitlines()
    start = find_reflect(lines)
    if start is None:
        return [], None
    heading_line = first_line + start
    items: list[tuple[int, list[str]]] = []
    in_fence = False
    for offset, raw in enumerate(lines[start + 1 :], start=start + 1):
        line_no = first_line + offset
        if _FENCE.match(raw):
            in_fence = not in_fence
        if not in_fence and _HEADING.match(raw) and len(_HEADING.match(raw).group(1)) <= 2:
            break
        stripped = raw.strip()
        numbered = _NUMBERED.match(raw)
        if numbered and not in_fence:
            items.append((line_no, [numbered.group(2).strip()]))
        elif _BULLET.match(raw) and not items:
            raise AuthorError(
                path, line_no, "the Reflect section uses bullets, so its questions cannot be numbered", FIX_LIST
            )
        elif stripped and items and (raw[:1] in " \t"):
            # An indented line continues the current question (a wrapped line or a nested point).
            items[-1][1].append(_BULLET.sub("", stripped))
        elif stripped and items:
            raise AuthorError(
                path,
                line_no,
                "text after the Reflect questions is not part of any question",
                "indent it under its question, or move it above the '## Reflect' heading",
            )
    if not items:
        raise AuthorError(path, heading_line, NO_QUESTIONS, FIX_LIST)
    questions = []
    for number, (line_no, parts) in enumerate(items, start=1):
        text = " ".join(part for part in parts if part)
        if not text:
            raise AuthorError(path, line_no, f"question {number} is empty", "write the question after the number")
        questions.append(Question(number, text, line_no))
    return questions, heading_line
