"""Author Markdown on paper: one line of it as escaped inline HTML, links made plain words."""

from __future__ import annotations

import functools
import threading
from xml.etree.ElementTree import Element

import markdown
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from ..shortcuts import ShortcutExtension


class _PaperLinks(Treeprocessor):
    """On paper a link is just its words: turn links into spans and images into their alt text."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            if element.tag in ("a", "img"):
                alt = element.get("alt", "") if element.tag == "img" else None
                element.tag = "span"
                element.attrib.clear()
                if alt is not None:
                    element.text = alt


class _PaperExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # Raw HTML in author text must arrive as text: drop the two processors that pass it through.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_PaperLinks(md), "paper_links", 0)


# One parser per thread, kept for the process: building a Markdown instance costs more than using it,
# and `reset()` clears everything one conversion leaves behind.
_INLINE = threading.local()


# Process-wide cache: a pure function of its argument (the same glossary summaries appear on many sheets).
@functools.lru_cache(maxsize=8192)
def render_inline(text: str) -> Markup:
    """Render one line of author Markdown as inline HTML, raw HTML escaped and links made plain."""
    parser = getattr(_INLINE, "parser", None)
    if parser is None:
        # [[...]] glossary shortcuts are plain words on paper.
        parser = _INLINE.parser = markdown.Markdown(extensions=[_PaperExtension(), ShortcutExtension(paper=True)])
    html = parser.reset().convert(text).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)
