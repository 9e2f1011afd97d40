"""Reflect questions: the numbered list under a post's `## Reflect` heading."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

from .errors import AuthorError
from .facilitator import OPEN as NOTES_OPEN
from .facilitator import question_notes, read_block, session_notes
from .markup import fenced_lines
from .models import Question, QuestionNotes, SessionNotes

REFLECT_ID = "reflect"  # the heading's id as Python-Markdown's toc makes it from "Reflect"
MIN_QUESTIONS, MAX_QUESTIONS = 4, 6
_REFLECT = re.compile(r"^##[ \t]+Reflect[ \t]*(?P<attrs>\{[^}]*\})?[ \t]*#*[ \t]*$", re.I)
_H2 = re.compile(r"^##[ \t]+(?P<text>.+?)[ \t]*(?:\{[^}]*\})?[ \t]*#*[ \t]*$")
_ATTR_ID = re.compile(r"#([\w-]+)")
_HEADING = re.compile(r"^(#{1,6})[ \t]")
_NUMBERED = re.compile(r"^(\d{1,3})(?P<mark>[.)])[ \t]+(.*)$")
_BULLET = re.compile(r"^[-*+][ \t]+")
NO_QUESTIONS = "the Reflect section has no questions"
FIX_LIST = "write each question as a numbered list item under '## Reflect', e.g. '1. Who relies on your work?'"


@dataclass(frozen=True)
class Reflect:
    """A post's Reflect section: its questions, the heading's file line and the heading's HTML id."""

    questions: tuple[Question, ...] = ()
    line: int | None = None
    anchor: str = REFLECT_ID
    session: SessionNotes | None = None  # facilitator notes on the whole part


def _looks_like_reflect(text: str) -> bool:
    word = (re.findall(r"[^\W\d_]+", text.casefold()) or [""])[0]
    return word.startswith("reflect") or difflib.SequenceMatcher(None, word, "reflect").ratio() >= 0.75


def extract_questions(body: str, path: str, first_line: int = 1) -> Reflect:
    """The Reflect section of a post body; `first_line` is the file line of the body's first line.

    A post without a Reflect heading has none (unless its last section looks like a misspelt one,
    which is an error). A Reflect heading without a numbered list, with bullets or `1)` numbers, or
    with text after its list raises `AuthorError` pointing at the line to fix.
    """
    lines = body.splitlines()
    fenced = fenced_lines(lines)
    start = next((i for i, line in enumerate(lines) if not fenced[i] and _REFLECT.match(line)), None)
    if start is None:
        last = next((i for i in range(len(lines) - 1, -1, -1) if not fenced[i] and _H2.match(lines[i])), None)
        if last is not None and _looks_like_reflect(_H2.match(lines[last])["text"]):
            raise AuthorError(
                path,
                first_line + last,
                f"the heading '{lines[last].strip()}' looks like a misspelt Reflect heading, so the post "
                "would have no worksheet",
                "write the heading exactly as '## Reflect'",
            )
        return Reflect()
    heading_line = first_line + start
    attrs = _REFLECT.match(lines[start])["attrs"] or ""
    anchor_match = _ATTR_ID.search(attrs)
    anchor = anchor_match.group(1) if anchor_match else REFLECT_ID
    items: list[tuple[int, list[str]]] = []
    notes: dict[int, QuestionNotes] = {}  # by item index
    session: SessionNotes | None = None
    skip_to = start
    for offset in range(start + 1, len(lines)):
        if offset <= skip_to:
            continue  # inside a facilitator block already read
        raw, line_no = lines[offset], first_line + offset
        if not fenced[offset] and NOTES_OPEN.match(raw):
            block = read_block(lines, offset, path, first_line)
            skip_to = block.end
            if not items:
                if session is not None:
                    raise AuthorError(
                        path,
                        line_no,
                        "the part has two facilitator blocks under its Reflect heading",
                        "merge them into one",
                    )
                session = session_notes(block, path)
            elif len(items) - 1 in notes:
                raise AuthorError(
                    path, line_no, f"question {len(items)} has two facilitator blocks", "merge them into one"
                )
            else:
                notes[len(items) - 1] = question_notes(block, path)
            continue
        heading = _HEADING.match(raw)
        if not fenced[offset] and heading and len(heading.group(1)) <= 2:
            break
        stripped = raw.strip()
        numbered = _NUMBERED.match(raw)
        if numbered and not fenced[offset]:
            if numbered["mark"] == ")":
                raise AuthorError(
                    path,
                    line_no,
                    f"question '{numbered.group(1)})' is numbered with ')', which Markdown does not read as a list",
                    f"write '{numbered.group(1)}.' instead of '{numbered.group(1)})'",
                )
            items.append((line_no, [numbered.group(3).strip()]))
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
        questions.append(Question(number, text, line_no, notes.get(number - 1)))
    return Reflect(tuple(questions), heading_line, anchor, session)


def count_problem(reflect: Reflect, path: str) -> AuthorError | None:
    """A problem when a Reflect section has fewer or more questions than a worksheet holds."""
    count = len(reflect.questions)
    if not count or MIN_QUESTIONS <= count <= MAX_QUESTIONS:
        return None
    return AuthorError(
        path,
        reflect.line,
        f"the Reflect section has {count} questions; a worksheet holds {MIN_QUESTIONS} to {MAX_QUESTIONS}",
        "ask fewer questions" if count > MAX_QUESTIONS else "add questions until there are at least four",
    )
