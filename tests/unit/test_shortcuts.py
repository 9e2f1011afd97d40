"""`[[...]]` shortcuts (tce_toolkit.shortcuts) inside a real Python-Markdown, as the site converts pages.

`check_html(src, expected)` in the style of pymdown's MdCase: the Markdown with the site's extensions
(pymdownx.superfences, attr_list, md_in_html) and the shortcut extension, compared as a whole.
"""

from __future__ import annotations

import markdown
import pytest
from tce_toolkit.shortcuts import ShortcutExtension

WORDINGS = {"client": "customer", "customer": "customer", "internal customer": "internal-customer"}
SITE_EXTENSIONS = ["pymdownx.superfences", "attr_list", "md_in_html"]


def resolve(wording: str) -> str | None:
    """A stand-in for the glossary: a few wordings and their entries."""
    return WORDINGS.get(wording.casefold())


def convert(src: str, *, paper: bool = False) -> str:
    return markdown.markdown(src, extensions=[*SITE_EXTENSIONS, ShortcutExtension(resolve, paper=paper)])


def check_html(src: str, expected: str, *, paper: bool = False) -> None:
    assert convert(src, paper=paper) == expected


CASES = [
    ("term", "A [[client]] calls.", '<p>A <span data-tce-glossary="customer">client</span> calls.</p>'),
    ("case-kept", "A [[Client]] calls.", '<p>A <span data-tce-glossary="customer">Client</span> calls.</p>'),
    ("spaces-trimmed", "[[ client ]]", '<p><span data-tce-glossary="customer">client</span></p>'),
    (
        "own-text",
        "Ask [[internal customer|your colleagues]].",
        '<p>Ask <span data-tce-glossary="internal-customer">your colleagues</span>.</p>',
    ),
    ("negation", "Not [[!customer]] here.", '<p>Not <span class="tce-no-glossary">customer</span> here.</p>'),
    (
        "unknown",
        "See [[nothing here]].",
        '<p>See <span data-tce-unknown="nothing here">nothing here</span>.</p>',
    ),
    (
        "unknown-with-text",
        "See [[nowhere|this]].",
        '<p>See <span data-tce-unknown="nowhere">this</span>.</p>',
    ),
    (
        "unknown-is-escaped",
        'See [[Tom & "Jerry"]].',
        '<p>See <span data-tce-unknown="Tom &amp; &quot;Jerry&quot;">Tom &amp; "Jerry"</span>.</p>',
    ),
    (
        "several",
        "[[client]], [[internal customer|colleagues]] and [[!customer]].",
        '<p><span data-tce-glossary="customer">client</span>, <span data-tce-glossary="internal-customer">'
        'colleagues</span> and <span class="tce-no-glossary">customer</span>.</p>',
    ),
    (
        "code-span",
        "`[[client]]` and [[client]]",
        '<p><code>[[client]]</code> and <span data-tce-glossary="customer">client</span></p>',
    ),
    ("double-backtick-span", "``a [[client]] b``", "<p><code>a [[client]] b</code></p>"),
    ("escaped", r"\[[client]] stays", "<p>[[client]] stays</p>"),
    ("escaped-both", r"\[\[client\]\] stays", "<p>[[client]] stays</p>"),
    ("single-brackets", "[client] and [client]()", '<p>[client] and <a href="">client</a></p>'),
    ("nested-brackets", "[[a [b] c]]", "<p>[[a [b] c]]</p>"),
    ("empty", "[[]] stays", "<p>[[]] stays</p>"),
    ("blank-wording", "[[ | x]]", '<p><span data-tce-unknown="">x</span></p>'),  # reported, not dropped
    ("across-lines", "[[internal\ncustomer]]", "<p>[[internal\ncustomer]]</p>"),
    (
        "inside-a-link",
        "[see the [[client]]](https://example.org/)",
        '<p><a href="https://example.org/">see the <span data-tce-glossary="customer">client</span></a></p>',
    ),
    (
        "inside-emphasis",
        "*the [[client]]*",
        '<p><em>the <span data-tce-glossary="customer">client</span></em></p>',
    ),
    (
        "attr-list",
        "[[client]]{: .big }",
        '<p><span class="big" data-tce-glossary="customer">client</span></p>',
    ),
    (
        "md-in-html",
        '<div markdown="1">\nA [[client]].\n</div>',
        '<div>\n<p>A <span data-tce-glossary="customer">client</span>.</p>\n</div>',
    ),
    ("raw-html-block", "<div>\nA [[client]].\n</div>", "<div>\nA [[client]].\n</div>"),
]


@pytest.mark.parametrize(("src", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_shortcuts(src: str, expected: str) -> None:
    check_html(src, expected)


FENCES = [
    ("backticks", "```\n[[client]]\n```\n"),
    ("tildes", "~~~\n[[client]]\n~~~\n"),
    ("with-language", "```text\n[[client]]\n```\n"),
    ("four-holding-three", "````md\n```\n[[client]]\n```\n````\n"),
    ("indented-code", "Text.\n\n    [[client]]\n"),
]


@pytest.mark.parametrize("src", [c[1] for c in FENCES], ids=[c[0] for c in FENCES])
def test_never_seen_in_code_blocks(src: str) -> None:
    html = convert(src)
    assert "[[client]]" in html and "data-tce" not in html


def test_a_fence_holding_fences_ends_where_it_should() -> None:
    html = convert("````\n```\n[[client]]\n```\n````\n\nAfter the [[client]].\n")
    assert html.count("[[client]]") == 1
    assert html.endswith('<p>After the <span data-tce-glossary="customer">client</span>.</p>')


def test_wordings_are_resolved_at_conversion_time() -> None:
    known: dict[str, str] = {}
    md = markdown.Markdown(extensions=[ShortcutExtension(known.get)])
    assert 'data-tce-unknown="client"' in md.convert("[[client]]")
    known["client"] = "customer"
    assert 'data-tce-glossary="customer"' in md.reset().convert("[[client]]")


def test_without_a_glossary_every_wording_is_unknown() -> None:
    assert markdown.markdown("[[client]]", extensions=[ShortcutExtension()]) == (
        '<p><span data-tce-unknown="client">client</span></p>'
    )


PAPER = [
    ("term", "A [[client]] calls.", "<p>A client calls.</p>"),
    ("own-text", "Ask [[internal customer|your colleagues]].", "<p>Ask your colleagues.</p>"),
    ("negation", "Not [[!customer]] here.", "<p>Not customer here.</p>"),
    ("unknown", "See [[nothing here]].", "<p>See nothing here.</p>"),
    # The words inside are Markdown read as the rest of the page is (raw HTML too, where the page allows it;
    # worksheets and titles do not: see test_text.py and the hostile fixture).
    ("markdown-inside", "[[!<b>x</b> & *y*]]", "<p><b>x</b> &amp; <em>y</em></p>"),
    ("code-span", "`[[client]]`", "<p><code>[[client]]</code></p>"),
]


@pytest.mark.parametrize(("src", "expected"), [c[1:] for c in PAPER], ids=[c[0] for c in PAPER])
def test_paper_gives_plain_text(src: str, expected: str) -> None:
    check_html(src, expected, paper=True)


def test_paper_and_web_read_the_shown_text_alike() -> None:
    src = "Ask the [[client|*right* client]]."
    assert convert(src) == '<p>Ask the <span data-tce-glossary="customer"><em>right</em> client</span>.</p>'
    check_html(src, "<p>Ask the <em>right</em> client.</p>", paper=True)
