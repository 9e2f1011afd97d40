"""Where the worksheet link goes in a post's HTML: right after its Reflect heading."""

from __future__ import annotations

from html.parser import HTMLParser


class _Found(Exception):
    """The element's end is found: the rest of the HTML need not be read."""


class _ElementEnd(HTMLParser):
    """Finds where the first element with a given tag and id ends, as an offset into the HTML."""

    def __init__(self, html: str, tag: str, element_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html, self.tag, self.element_id = html, tag, element_id
        self.depth = 0
        self.end: int | None = None

    def _offset(self) -> int:
        line, column = self.getpos()
        start = 0
        for _ in range(line - 1):  # the start of that line (the element is near the start of the HTML)
            start = self.html.index("\n", start) + 1
        return start + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != self.tag or self.end is not None:
            return
        if self.depth or dict(attrs).get("id") == self.element_id:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == self.tag and self.depth and self.end is None:
            self.depth -= 1
            if not self.depth:
                self.end = self.html.index(">", self._offset()) + 1
                raise _Found


def insert_after_element(html: str, tag: str, element_id: str, snippet: str) -> str | None:
    """`html` with `snippet` right after the element `<tag id=element_id>`, or None when there is none.

    Only the insertion point is found by parsing; the page's own markup is kept byte for byte.
    """
    # Parse from the element's start only: the Reflect heading is near the end of a post.
    start = max(html.find(f'<{tag} id="{element_id}"'), 0)
    finder = _ElementEnd(html[start:], tag, element_id)
    try:
        finder.feed(html[start:])
        finder.close()
    except _Found:
        pass
    if finder.end is None:
        return None
    end = start + finder.end
    return html[:end] + snippet + html[end:]
