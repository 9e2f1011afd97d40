"""Titles are text (tce_toolkit.titles): raw HTML in a `# ` line is shown as written, never run as markup."""

from __future__ import annotations

import markdown
import pytest
from tce_toolkit.titles import TitleTextExtension, escape_title_line

SITE_EXTENSIONS = ["pymdownx.superfences", "attr_list", "md_in_html"]


def check_html(src: str, expected: str) -> None:
    assert markdown.markdown(src, extensions=[*SITE_EXTENSIONS, TitleTextExtension()]) == expected


CASES = [
    ("raw-html-is-text", "# Dear <first name>", "<h1>Dear &lt;first name&gt;</h1>"),
    ("script", "# <script>alert(1)</script>", "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>"),
    ("bold-tag", "# A <b>bold</b> claim", "<h1>A &lt;b&gt;bold&lt;/b&gt; claim</h1>"),
    ("emphasis-still-works", "# A *service* culture", "<h1>A <em>service</em> culture</h1>"),
    ("ampersand", "# Tom & Jerry", "<h1>Tom &amp; Jerry</h1>"),
    ("entities-kept", "# Fish &amp; chips &copy; &#169; &#xA9;", "<h1>Fish &amp; chips &copy; &#169; &#xA9;</h1>"),
    ("closing-hashes", "# Dear <first name> #", "<h1>Dear &lt;first name&gt;</h1>"),
    ("attr-list", "# Dear <you> {: #top }", '<h1 id="top">Dear &lt;you&gt;</h1>'),
    ("only-level-one", "## A <b>bold</b> section", "<h2>A <b>bold</b> section</h2>"),
    ("body-html-untouched", "# T\n\nA <b>bold</b> word.", "<h1>T</h1>\n<p>A <b>bold</b> word.</p>"),
    (
        "fenced-code-untouched",
        "```\n# <b>x</b>\n```",
        '<div class="highlight"><pre><span></span><code># &lt;b&gt;x&lt;/b&gt;\n</code></pre></div>',
    ),
    (
        "fence-holding-fences",
        "````\n```\n# <b>x</b>\n```\n````\n\n# Dear <you>",
        '<div class="highlight"><pre><span></span><code>```\n# &lt;b&gt;x&lt;/b&gt;\n```\n</code></pre></div>\n'
        "<h1>Dear &lt;you&gt;</h1>",
    ),
]


@pytest.mark.parametrize(("src", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_title_text(src: str, expected: str) -> None:
    check_html(src, expected)


def test_a_page_without_a_title_is_unchanged() -> None:
    src = "Text with <b>bold</b> &amp; more.\n\n## Section\n"
    plain = markdown.markdown(src, extensions=SITE_EXTENSIONS)
    check_html(src, plain)


@pytest.mark.parametrize(
    ("line", "escaped"),
    [
        ("# Dear <first name>", "# Dear &lt;first name>"),  # a lone '>' starts no markup
        ("# Tom & Jerry", "# Tom &amp; Jerry"),
        ("# Fish &amp; chips", "# Fish &amp; chips"),
        ("# &#169; &#xA9; &copy;", "# &#169; &#xA9; &copy;"),
        ("# AT&T", "# AT&amp;T"),
        ("# plain", "# plain"),
    ],
)
def test_escape_title_line(line: str, escaped: str) -> None:
    assert escape_title_line(line) == escaped


def test_a_setext_title_is_text_too() -> None:
    check_html("Dear <first name>\n=================", "<h1>Dear &lt;first name&gt;</h1>")


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("# The `<br>` tag", "<h1>The <code>&lt;br&gt;</code> tag</h1>"),
        ("# The `&` sign", "<h1>The <code>&amp;</code> sign</h1>"),
    ],
)
def test_code_spans_in_a_title_show_what_was_written(src: str, expected: str) -> None:
    check_html(src, expected)
