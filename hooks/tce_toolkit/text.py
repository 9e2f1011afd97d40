"""Author text: files read safely, and Markdown titles turned into the plain text that readers see."""

from __future__ import annotations

import functools
import html
import threading
from html.parser import HTMLParser
from pathlib import Path

import markdown

from .errors import AuthorError

_PARSER = threading.local()  # one parser per thread: building a Markdown instance costs more than using it


def read_source(path: Path, src: str) -> str:
    """The text of an author's file; raise `AuthorError` when it is not UTF-8 text.

    `src` is the path as the author knows it (relative to the project), used in the message.
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise AuthorError(
            src, None, f"the file cannot be read ({error.strerror or error})", "check its permissions"
        ) from None
    if b"\x00" in data[:8192]:
        raise AuthorError(src, None, "the file is not text (it holds binary data)", "save it as a UTF-8 Markdown file")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        return _not_utf8(src, line, data[error.start : error.start + 1])


def _not_utf8(src: str, line: int, byte: bytes) -> str:
    raise AuthorError(
        src,
        line,
        f"the file is not UTF-8 text (byte 0x{byte.hex()} cannot be read)",
        "save the file with UTF-8 encoding (most editors offer it under 'Save with encoding')",
    )


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def html_text(markup: str) -> str:
    """The text of an HTML fragment: tags dropped, entities decoded, white space collapsed."""
    parser = _Text()
    parser.feed(markup)
    parser.close()
    return " ".join("".join(parser.parts).split())


# A pure function of its text, so one process-wide cache serves every build.
@functools.lru_cache(maxsize=4096)
def markdown_text(source: str) -> str:
    """What readers see of one line of Markdown: `A *service* culture` -> `A service culture`.

    Raw HTML is text here (`Dear <first name>` stays exactly that), as the toolkit's pages show it.
    """
    return html_text(_parser().reset().convert(source))


def _parser() -> markdown.Markdown:
    """This thread's Markdown parser for author text, raw HTML handled as text."""
    parser = getattr(_PARSER, "md", None)
    if parser is None:
        from .shortcuts import ShortcutExtension

        parser = _PARSER.md = markdown.Markdown(extensions=[ShortcutExtension(paper=True)])
        parser.preprocessors.deregister("html_block")
        parser.inlinePatterns.deregister("html")
    return parser


# A pure function of its text, so one process-wide cache serves every build.
@functools.lru_cache(maxsize=4096)
def inline_html(source: str) -> str:
    """One line of author Markdown as inline HTML, with any raw HTML in it shown as text."""
    converted = _parser().reset().convert(source).strip()
    if converted.startswith("<p>") and converted.endswith("</p>") and converted.count("<p>") == 1:
        converted = converted[3:-4]
    return converted


def escape_text(text: str) -> str:
    """Plain text as HTML that shows exactly that text."""
    return html.escape(text, quote=True)
