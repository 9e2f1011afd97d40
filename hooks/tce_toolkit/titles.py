"""Page titles are text: raw HTML in a `# Title` line is shown as written, never run as markup.

A Python-Markdown preprocessor, so the rule holds wherever the page is converted (the page itself and
the blog's excerpts of it). Markdown emphasis in a title still works; `<` is written as `&lt;`.
"""

from __future__ import annotations

import re

from markdown import Markdown
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

from .markup import fenced_lines

_H1 = re.compile(r"^#[ \t]")
_SETEXT = re.compile(r"^=+[ \t]*$")
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)")
# Before raw HTML blocks are stashed (20) and before fenced code is (superfences: 25-ish).
PRIORITY = 29


class TitleTextPreprocessor(Preprocessor):
    """Escapes `<` and a bare `&` in level-1 headings (`# Title`, or a line over `===`) outside code fences."""

    def run(self, lines: list[str]) -> list[str]:
        # A heading line starts with "#", and a setext title is followed by a line of "=": only those
        # lines are looked at closely.
        after = [*lines[1:], ""]
        titles = [
            i
            for i, line in enumerate(lines)
            if (line[:1] == "#" and _H1.match(line)) or (after[i][:1] == "=" and _is_setext(lines, i))
        ]
        if not titles:
            return lines
        fenced = fenced_lines(lines)
        escaped = list(lines)
        for index in titles:
            if not fenced[index]:
                escaped[index] = escape_title_line(lines[index])
        return escaped


def _is_setext(lines: list[str], index: int) -> bool:
    return bool(lines[index].strip()) and index + 1 < len(lines) and bool(_SETEXT.match(lines[index + 1]))


def escape_title_line(line: str) -> str:
    """One title line with its raw HTML turned into text; entities and code spans stay as written."""
    pieces, position = [], 0
    for span in _CODE_SPAN.finditer(line):  # code spans escape their own text
        pieces += [_escape(line[position : span.start()]), span.group(0)]
        position = span.end()
    return "".join([*pieces, _escape(line[position:])])


def _escape(text: str) -> str:
    return re.sub(r"&(?!#?\w+;)", "&amp;", text).replace("<", "&lt;")


class TitleTextExtension(Extension):
    """Registers `TitleTextPreprocessor`."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.preprocessors.register(TitleTextPreprocessor(md), "tce_title_text", PRIORITY)
