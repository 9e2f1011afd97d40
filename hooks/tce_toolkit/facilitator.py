"""Facilitator notes: what an author tells trainers, written beside the Reflect questions.

Notes are HTML comments, so no reader sees them even where the toolkit is absent, and the toolkit
removes them from the Markdown before it is converted (`strip_notes`), so they never reach a page,
a feed or the search index. Under the `## Reflect` heading, before the list, one block for the part:

    <!-- facilitator
    Key idea: what the group should leave with.
    Opening: 5 min. How to open the session.
    -->

and under each question, indented into its list item, one block for that question:

    1. Who relies on your work?
       <!-- facilitator
       Time: 8 min
       Draw out: what the question should bring out.
       Prompt: a follow-up for a quiet room.
       -->

One field a line, `Name: value`. Every field may be left out; an unknown field, a time that is not a
whole number of minutes, or a block without its closing `-->` is an `AuthorError` naming the line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .errors import AuthorError
from .markup import fenced_lines
from .models import QuestionNotes, SessionNotes

OPEN = re.compile(r"^[ \t]*<!--[ \t]*facilitator\b[ \t]*(?P<rest>.*)$", re.I)
_CLOSE = "-->"
_FIELD = re.compile(r"^(?P<name>[A-Za-z][A-Za-z ]*?)[ \t]*:[ \t]*(?P<value>.*)$")
_MINUTES = re.compile(r"^(?P<minutes>\d{1,3})[ \t]*(?:min|mins|minutes)\b\.?[ \t]*(?P<rest>.*)$", re.I)
SESSION_FIELDS = ("key idea", "opening")
QUESTION_FIELDS = ("time", "draw out", "prompt")
MAX_MINUTES = 240


@dataclass(frozen=True)
class Block:
    """One facilitator block in a post body: its lines (0-based, both ends included) and fields."""

    start: int
    end: int
    fields: dict[str, tuple[str, int]]  # lower-case name -> (value, file line)


def read_block(lines: list[str], start: int, path: str, first_line: int) -> Block:
    """The facilitator block opening at `lines[start]`; raises `AuthorError` if it is not closed."""
    fields: dict[str, tuple[str, int]] = {}
    rest = OPEN.match(lines[start])["rest"].strip()
    body: list[tuple[str, int]] = []
    end = None
    if rest.endswith(_CLOSE):
        body.append((rest[: -len(_CLOSE)].strip(), first_line + start))
        end = start
    else:
        body.append((rest, first_line + start))
        for index in range(start + 1, len(lines)):
            text = lines[index].strip()
            if text.endswith(_CLOSE):
                body.append((text[: -len(_CLOSE)].strip(), first_line + index))
                end = index
                break
            body.append((text, first_line + index))
    if end is None:
        raise AuthorError(
            path,
            first_line + start,
            "the facilitator notes are not closed, so everything after them would be hidden",
            "end the notes with '-->' on a line of its own",
        )
    for text, line in body:
        if not text:
            continue
        match = _FIELD.match(text)
        if match is None:
            raise AuthorError(
                path,
                line,
                f"'{text[:40]}' in the facilitator notes is not a field",
                "write one field a line, such as 'Time: 8 min' or 'Draw out: ...'",
            )
        name = " ".join(match["name"].lower().split())
        if name in fields:
            raise AuthorError(path, line, f"the facilitator notes give '{match['name']}' twice", "keep one of them")
        fields[name] = (match["value"].strip(), line)
    return Block(start, end, fields)


def _check_names(block: Block, allowed: tuple[str, ...], where: str, path: str) -> None:
    for name, (_, line) in block.fields.items():
        if name not in allowed:
            names = ", ".join(f"'{n.capitalize()}:'" for n in allowed)
            raise AuthorError(path, line, f"'{name.capitalize()}' is not a facilitator field {where}", f"use {names}")


def _minutes(value: str, line: int, path: str, *, text_after: bool) -> tuple[int | None, str]:
    match = _MINUTES.match(value)
    if (
        match is None
        or int(match["minutes"]) < 1
        or int(match["minutes"]) > MAX_MINUTES
        or (match["rest"] and not text_after)
    ):
        example = "'Opening: 5 min. Ask who ...'" if text_after else "'Time: 8 min'"
        raise AuthorError(
            path,
            line,
            f"'{value[:40]}' is not a time in whole minutes (1 to {MAX_MINUTES})",
            f"write it like {example}",
        )
    return int(match["minutes"]), match["rest"].strip()


def session_notes(block: Block, path: str) -> SessionNotes:
    """The notes on a whole part, from the block under the Reflect heading."""
    _check_names(block, SESSION_FIELDS, "for a whole part (under the Reflect heading)", path)
    key_idea = block.fields.get("key idea", ("", 0))[0]
    opening, minutes = "", None
    if "opening" in block.fields:
        value, line = block.fields["opening"]
        if _MINUTES.match(value):
            minutes, opening = _minutes(value, line, path, text_after=True)
        else:
            opening = value
    line = min((line for _, line in block.fields.values()), default=None)
    return SessionNotes(key_idea, opening, minutes, line)


def question_notes(block: Block, path: str) -> QuestionNotes:
    """The notes on one question, from the block in its list item."""
    _check_names(block, QUESTION_FIELDS, "for a question", path)
    minutes = None
    if "time" in block.fields:
        minutes, _ = _minutes(*block.fields["time"], path, text_after=False)
    line = min((line for _, line in block.fields.values()), default=None)
    return QuestionNotes(
        minutes, block.fields.get("draw out", ("", 0))[0], block.fields.get("prompt", ("", 0))[0], line
    )


def strip_notes(markdown: str) -> str:
    """`markdown` without its facilitator blocks (outside fenced code), so no reader ever gets them.

    The lines go entirely (a blank line left behind would loosen a tight list); an unclosed block is
    left as it is, for the post's check to report.
    """
    lines = markdown.split("\n")
    fenced = fenced_lines(lines)
    kept: list[str] = []
    index = 0
    while index < len(lines):
        if not fenced[index] and OPEN.match(lines[index]):
            end = next((i for i in range(index, len(lines)) if lines[i].rstrip().endswith(_CLOSE)), None)
            if end is not None:
                index = end + 1
                continue
        kept.append(lines[index])
        index += 1
    return "\n".join(kept)


def has_notes(markdown: str) -> bool:
    """Whether `markdown` holds a facilitator block (a quick test before `strip_notes`)."""
    return "facilitator" in markdown and any(OPEN.match(line) for line in markdown.split("\n"))
