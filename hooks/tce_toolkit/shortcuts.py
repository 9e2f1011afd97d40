"""`[[term]]`, `[[term|text]]` and `[[!text]]` as a Python-Markdown inline processor.

Being part of the Markdown parser, the shortcuts are never seen inside code spans, fenced code or
after a backslash escape, on every page that is converted with the extension (posts, excerpts, any
page). A shortcut becomes a `<span>` that the glossary linker turns into the entry's link, or into
plain text where the page is not linked; `paper=True` makes a plain `<span>` at once (worksheets).
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable

from markdown import Markdown
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.treeprocessors import Treeprocessor

from .errors import AuthorError
from .markup import FORCED_ATTR, NO_GLOSSARY_CLASS, UNKNOWN_ATTR

SHORTCUT_PATTERN = r"\[\[(!?)([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]"
# After code spans (190) and escapes (180), before links and references (160 and below).
PRIORITY = 175
_PAPER = "data-tce-paper"


class ShortcutProcessor(InlineProcessor):
    """One `[[...]]` shortcut -> a span the linker understands (or plain text on paper)."""

    def __init__(self, md: Markdown, resolve: Callable[[str], str | None] | None, paper: bool) -> None:
        super().__init__(SHORTCUT_PATTERN, md)
        self.resolve, self.paper = resolve, paper

    def handleMatch(self, m, data):  # noqa: N802 - Python-Markdown's name
        negate, target, shown = m.group(1), m.group(2).strip(), (m.group(3) or "").strip()
        span = etree.Element("span")
        span.text = target if negate else (shown or target)  # Markdown in it is read on, as in any span
        if self.paper:
            span.set(_PAPER, "")  # unwrapped once the text inside has been read (_UnwrapPaper)
            return span, m.start(0), m.end(0)
        if negate:
            span.set("class", NO_GLOSSARY_CLASS)
            return span, m.start(0), m.end(0)
        slug = self.resolve(target) if self.resolve else None
        span.set(FORCED_ATTR if slug else UNKNOWN_ATTR, slug or target)
        return span, m.start(0), m.end(0)


class _UnwrapPaper(Treeprocessor):
    """On paper a shortcut is only its words: each marked span is replaced by what it holds."""

    def run(self, root: etree.Element) -> None:
        for parent in list(root.iter()):
            for child in list(parent):
                if child.tag == "span" and _PAPER in child.attrib:
                    _unwrap(parent, child)


def _unwrap(parent: etree.Element, child: etree.Element) -> None:
    index = list(parent).index(child)
    kids = list(child)

    def append_text(text: str, at: int) -> None:  # text placed right before position `at`
        if at == 0:
            parent.text = (parent.text or "") + text
        else:
            parent[at - 1].tail = (parent[at - 1].tail or "") + text

    parent.remove(child)
    append_text(child.text or "", index)
    for offset, kid in enumerate(kids):
        parent.insert(index + offset, kid)
    append_text(child.tail or "", index + len(kids))


class ShortcutExtension(Extension):
    """Registers the shortcut processor. `resolve(wording) -> slug or None` names glossary entries;
    it is called at conversion time, so one extension instance can serve builds whose glossary changes."""

    def __init__(self, resolve: Callable[[str], str | None] | None = None, *, paper: bool = False) -> None:
        super().__init__()
        self.resolve, self.paper = resolve, paper

    def extendMarkdown(self, md: Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        md.inlinePatterns.register(ShortcutProcessor(md, self.resolve, self.paper), "tce_shortcuts", PRIORITY)
        if self.paper:
            md.treeprocessors.register(_UnwrapPaper(md), "tce_unwrap_paper", 1)


_UNKNOWN = re.compile(UNKNOWN_ATTR + r'="([^"]*)"')  # this module's own marker, in converted HTML


def unknown_problems(converted: str, source: str, src: str) -> list[AuthorError]:
    """One problem per `[[...]]` in `converted` (HTML) that names no entry, at its line in `source`."""
    problems = []
    lines = source.splitlines()
    for wording in dict.fromkeys(html.unescape(found) for found in _UNKNOWN.findall(converted)):
        line = next((number for number, text in enumerate(lines, 1) if f"[[{wording}" in text), None)
        problems.append(
            AuthorError(
                src,
                line,
                f"'[[{wording}]]' names no glossary entry",
                "use a term or alias from docs/glossary/, or remove the brackets",
            )
        )
    return problems
