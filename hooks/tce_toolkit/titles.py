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
# Before raw HTML blocks are stashed (20) and before fenced code is (superfences: 25-ish).
PRIORITY = 29


class TitleTextPreprocessor(Preprocessor):
    """Escapes `<` and a bare `&` in level-1 ATX headings outside code fences."""

    def run(self, lines: list[str]) -> list[str]:
        if not any(_H1.match(line) for line in lines):
            return lines
        fenced = fenced_lines(lines)
        return [escape_title_line(line) if _H1.match(line) and not fenced[i] else line for i, line in enumerate(lines)]


def escape_title_line(line: str) -> str:
    """One `# ...` line with its raw HTML turned into text (entities already written stay as they are)."""
    line = re.sub(r"&(?!#?\w+;)", "&amp;", line)
    return line.replace("<", "&lt;")


class TitleTextExtension(Extension):
    """Registers `TitleTextPreprocessor`."""

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.preprocessors.register(TitleTextPreprocessor(md), "tce_title_text", PRIORITY)
