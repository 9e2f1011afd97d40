"""Author text (tce_toolkit.text): files read safely, Markdown turned into what readers see."""

from __future__ import annotations

from pathlib import Path

import pytest
from tce_toolkit.errors import AuthorError
from tce_toolkit.text import escape_text, html_text, inline_html, markdown_text, read_source

SRC = "docs/blog/posts/x.md"


def write(tmp_path: Path, data: bytes) -> Path:
    path = tmp_path / "x.md"
    path.write_bytes(data)
    return path


@pytest.mark.parametrize(
    ("data", "text"),
    [
        ("---\ntitle: Café\n---\n# Καλημέρα 😀\n".encode(), "---\ntitle: Café\n---\n# Καλημέρα 😀\n"),
        (b"\xef\xbb\xbf# With a byte order mark\n", "# With a byte order mark\n"),
        (b"", ""),
        (b"a\r\nb\r\n", "a\r\nb\r\n"),
    ],
    ids=["utf-8", "bom", "empty", "crlf"],
)
def test_read_source(tmp_path: Path, data: bytes, text: str) -> None:
    assert read_source(write(tmp_path, data), SRC) == text


@pytest.mark.parametrize(
    ("data", "line", "byte"),
    [
        (b"---\ndate: 2026-01-05\n---\n\n# Caf\xe9\n", 5, "e9"),  # Latin-1
        (b"\x93Quoted\x94 on the first line\n", 1, "93"),  # Windows-1252
        (b"one\ntwo\nthree\n\xff\n", 4, "ff"),
        ("ok é\n".encode() + b"ok\nbad \xc3(\n", 3, "c3"),  # a broken sequence after good ones
    ],
    ids=["latin-1", "cp1252", "stray-byte", "broken-sequence"],
)
def test_not_utf8_names_the_line_of_the_bad_byte(tmp_path: Path, data: bytes, line: int, byte: str) -> None:
    with pytest.raises(AuthorError, match=f"^{SRC}:{line}: the file is not UTF-8 text \\(byte 0x{byte} ") as caught:
        read_source(write(tmp_path, data), SRC)
    assert "UTF-8" in caught.value.fix


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "# Title\n".encode("utf-16"), b"text\x00more"],
    ids=["png", "utf-16", "nul"],
)
def test_binary_file(tmp_path: Path, data: bytes) -> None:
    with pytest.raises(AuthorError, match=f"^{SRC}: the file is not text \\(it holds binary data\\)") as caught:
        read_source(write(tmp_path, data), SRC)
    assert caught.value.line is None


def test_unreadable_file(tmp_path: Path) -> None:
    with pytest.raises(AuthorError, match=f"^{SRC}: the file cannot be read"):
        read_source(tmp_path, SRC)  # a folder, not a file
    with pytest.raises(AuthorError, match=f"^{SRC}: the file cannot be read"):
        read_source(tmp_path / "missing.md", SRC)


MARKDOWN_TEXT = [
    ("A *service* culture", "A service culture"),
    ("# A *service* culture", "A service culture"),
    ("**Bold** and _em_ and `code`", "Bold and em and code"),
    ("Dear <first name>", "Dear <first name>"),
    ("A <b>bold</b> word", "A <b>bold</b> word"),
    ("<script>alert(1)</script>", "<script>alert(1)</script>"),
    ("Tom & Jerry", "Tom & Jerry"),
    ("Fish &amp; chips", "Fish & chips"),
    ("&copy; 2026", "© 2026"),
    ("A [link](https://example.org/) here", "A link here"),
    ("An ![image](a.png) here", "An here"),
    ("Ask the [[client]]", "Ask the client"),
    ("Ask [[internal customer|colleagues]]", "Ask colleagues"),
    ("Not [[!customer]]", "Not customer"),
    (r"An \*escaped\* star", "An *escaped* star"),
    ("  spaced   out  ", "spaced out"),
    ("Café – καλημέρα – 😀", "Café – καλημέρα – 😀"),
    ("", ""),
]


@pytest.mark.parametrize(("source", "text"), MARKDOWN_TEXT, ids=[c[0] or "empty" for c in MARKDOWN_TEXT])
def test_markdown_text(source: str, text: str) -> None:
    assert markdown_text(source) == text


INLINE_HTML = [
    ("A *service* culture", "A <em>service</em> culture"),
    ("Dear <first name>", "Dear &lt;first name&gt;"),
    ("Tom & Jerry", "Tom &amp; Jerry"),
    ("A [link](https://example.org/)", 'A <a href="https://example.org/">link</a>'),
    ("Ask the [[client]]", "Ask the client"),
    ("One\n\nTwo", "<p>One</p>\n<p>Two</p>"),  # more than one paragraph keeps its paragraphs
]


@pytest.mark.parametrize(("source", "html"), INLINE_HTML, ids=[c[0] for c in INLINE_HTML])
def test_inline_html(source: str, html: str) -> None:
    assert inline_html(source) == html


@pytest.mark.parametrize(
    ("markup", "text"),
    [
        ("<p>A <em>b</em>\n c</p>", "A b c"),
        ("Tom &amp; Jerry &lt;b&gt;", "Tom & Jerry <b>"),
        ("<p>It&rsquo;s &#8217; &#x2019;</p>", "It’s ’ ’"),
        ("", ""),
    ],
)
def test_html_text(markup: str, text: str) -> None:
    assert html_text(markup) == text


def test_escape_text() -> None:
    assert escape_text('Tom & "Jerry" <b>\'s') == "Tom &amp; &quot;Jerry&quot; &lt;b&gt;&#x27;s"


def test_one_conversion_does_not_leak_into_the_next() -> None:
    # The parser is reused: a footnote-like or reference state must not survive between calls.
    assert markdown_text("[a]: https://example.org/\n\n[a]") == "a"
    assert markdown_text("[a]") == "[a]"
