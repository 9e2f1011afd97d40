from __future__ import annotations

import posixpath

import lxml.html
import pytest
from tce_toolkit.errors import AuthorError
from tce_toolkit.glossary import Linker, check_glossary, convert_shortcuts, parse_entry, relations
from tce_toolkit.models import GlossaryEntry


def entry(slug: str, term: str, aliases: tuple[str, ...] = (), related: tuple[str, ...] = ()) -> GlossaryEntry:
    return GlossaryEntry(
        slug=slug,
        term=term,
        summary=f"About {term.lower()} & more.",
        src=f"docs/glossary/{slug}.md",
        src_uri=f"glossary/{slug}.md",
        aliases=aliases,
        related=related,
        url=f"glossary/{slug}/",
    )


ENTRIES = [
    entry("customer", "Customer", ("client",)),
    entry("internal-customer", "Internal customer", ("internal customers",), ("external-customer",)),
    entry("external-customer", "External customer"),
    entry("service-provider", "Service provider"),
    entry("cafe", "Café au lait"),
    entry("customer-chain", "Customer chain", ("chain of service",)),
]
LINKER = Linker.build(ENTRIES)


def link(html: str, skip: tuple[str, ...] = ()) -> tuple[str, list[str]]:
    return LINKER.link(html, "blog/x/", lambda target: posixpath.relpath(target, "blog/x") + "/", skip=skip)


def check_html(src: str, expected: str, used: list[str] | None = None) -> None:
    """Link `src` and compare with `expected`, written with <t slug>text</t> for a glossary link."""
    out, found = link(src)
    simplified = lxml.html.fragment_fromstring(out, create_parent="div")
    for anchor in simplified.xpath('//a[@class="tce-glossary-term"]'):
        slug = anchor.get("id").removeprefix("term-")
        assert anchor.get("href") == f"../../glossary/{slug}/"
        assert anchor.get("title") == LINKER.entries[slug].summary
        anchor.tag = "t"
        anchor.attrib.clear()
        anchor.set("s", slug)
    text = "".join(lxml.html.tostring(c, encoding="unicode") for c in simplified) or ""
    text = (simplified.text or "") + text
    assert text == expected
    if used is not None:
        assert found == used


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("<p>Every customer matters.</p>", '<p>Every <t s="customer">customer</t> matters.</p>'),
        ("<p>Customer first, customer always.</p>", '<p><t s="customer">Customer</t> first, customer always.</p>'),
        ("<p>Ask any customer</p>", '<p>Ask any <t s="customer">customer</t></p>'),
        ("<p>An Internal Customer waits.</p>", '<p>An <t s="internal-customer">Internal Customer</t> waits.</p>'),
        ("<p>Our customers, and clients.</p>", '<p>Our <t s="customer">customers</t>, and clients.</p>'),
        ("<p>Internal customers rely on us.</p>", '<p><t s="internal-customer">Internal customers</t> rely on us.</p>'),
        (
            "<p>Service providers (all of them).</p>",
            '<p><t s="service-provider">Service providers</t> (all of them).</p>',
        ),
        ("<p>A customerly tone; customer-facing.</p>", "<p>A customerly tone; customer-facing.</p>"),
        ("<p>Un café au lait, s'il vous plaît.</p>", '<p>Un <t s="cafe">café au lait</t>, s\'il vous plaît.</p>'),
        ("<p>internal, customer</p>", '<p>internal, <t s="customer">customer</t></p>'),
        ("<p>The chain of service ends.</p>", '<p>The <t s="customer-chain">chain of service</t> ends.</p>'),
    ],
    ids=[
        "word",
        "first-only",
        "end-of-paragraph",
        "case-kept",
        "plural",
        "alias-start",
        "auto-plural",
        "whole-words",
        "non-ascii",
        "punctuation-breaks-phrase",
        "alias",
    ],
)
def test_linking_text(src: str, expected: str) -> None:
    check_html(src, expected)


@pytest.mark.parametrize(
    ("src", "expected"),
    [
        ("<h2>Customer</h2><p>customer</p>", '<h2>Customer</h2><p><t s="customer">customer</t></p>'),
        ("<p><code>customer</code> customer</p>", '<p><code>customer</code> <t s="customer">customer</t></p>'),
        ("<pre><code>customer\n</code></pre>", "<pre><code>customer\n</code></pre>"),
        ('<p><a href="x">customer</a> customer</p>', '<p><a href="x">customer</a> <t s="customer">customer</t></p>'),
        ('<p><img alt="customer" src="a.png"> ok</p>', '<p><img alt="customer" src="a.png"> ok</p>'),
        ('<p class="admonition-title">Customer</p>', '<p class="admonition-title">Customer</p>'),
        (
            '<p><span class="tce-no-glossary">customer</span></p>',
            '<p><span class="tce-no-glossary">customer</span></p>',
        ),
    ],
    ids=["heading", "inline-code", "code-block", "existing-link", "alt-text", "admonition-title", "suppressed"],
)
def test_never_linked_inside(src: str, expected: str) -> None:
    check_html(src, expected)


def test_nested_inline_markup_and_several_terms() -> None:
    check_html(
        "<p>An <em>external customer</em> and an <strong>internal customer</strong> meet a customer.</p>",
        '<p>An <em><t s="external-customer">external customer</t></em> and an <strong>'
        '<t s="internal-customer">internal customer</t></strong> meet a <t s="customer">customer</t>.</p>',
        used=["external-customer", "internal-customer", "customer"],
    )


def test_longest_match_wins() -> None:
    check_html(
        "<p>The internal customer is a customer.</p>",
        '<p>The <t s="internal-customer">internal customer</t> is a <t s="customer">customer</t>.</p>',
    )


def test_text_around_links_and_special_characters_survive() -> None:
    out, _ = link("<p>Tom &amp; Jerry &lt;script&gt; said customer &amp; client.</p>")
    assert out.startswith("<p>Tom &amp; Jerry &lt;script&gt; said <a ")
    assert out.endswith(">customer</a> &amp; client.</p>")
    assert 'title="About customer &amp; more."' in out


def test_skip_entry_on_its_own_page() -> None:
    out, used = link("<p>A customer and an internal customer.</p>", skip=("customer",))
    assert used == ["internal-customer"] and 'term-customer"' not in out


def test_forced_link_counts_as_first_use() -> None:
    out, used = link('<p>A customer, and <span data-tce-glossary="customer">our clients</span>.</p>')
    assert used == ["customer"]
    assert out.count("tce-glossary-term") == 1 and ">our clients</a>" in out


def test_leading_text_outside_elements() -> None:
    out, used = link("customer <p>x</p>")
    assert used == ["customer"] and out.startswith('<a href="../../glossary/customer/"')


def test_many_entries_one_pass() -> None:
    many = [entry(f"term-{i}", f"Term{i} phrase") for i in range(500)]
    linker = Linker.build([*ENTRIES, *many])
    assert linker.find("see term499 phrase and a customer") == [(4, 18, "term-499"), (25, 33, "customer")]
    assert linker.longest == 3


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("", []),
        ("nothing to see here", []),
        ("Customer", [(0, 8, "customer")]),
        ("an Internal   Customer.", [(3, 22, "internal-customer")]),
        ("internal, customer", [(10, 18, "customer")]),
        ("the customer chain of service", [(4, 18, "customer-chain")]),
        ("a chain of", []),
        ("café au lait and clients", [(0, 12, "cafe"), (17, 24, "customer")]),
        ("customers-to-be, customer", [(17, 25, "customer")]),
    ],
    ids=[
        "empty",
        "no-term",
        "whole-text",
        "spaces-and-case",
        "punctuation",
        "longest",
        "cut-short",
        "accents",
        "hyphen",
    ],
)
def test_find_positions(text: str, found: list[tuple[int, int, str]]) -> None:
    assert LINKER.find(text) == found
    for start, end, _ in found:
        assert text[start:end].strip() == text[start:end]


@pytest.mark.parametrize(
    ("text", "what"),
    [
        ("---\nsummary: s.\n---\n# X\n", "has no term"),
        ("---\nterm: X\n---\n# X\n", "has no summary"),
        ("---\nterm: X\nsummary: s\naliases: 3\n---\n", "'aliases' must be a list"),
        ("---\nterm: X\nsummary: [s\n---\n", "not valid YAML"),
    ],
)
def test_entry_mistakes(text: str, what: str) -> None:
    found, problems = parse_entry(text, "docs/glossary/x.md", "glossary/x.md", "x")
    assert found is None and any(what in str(p) and str(p).startswith("docs/glossary/x.md") for p in problems)


def test_parse_good_entry() -> None:
    text = "---\nterm: Internal  customer\naliases: [internal customers]\nsummary: A colleague.\nrelated: [customer]\n---\n"
    found, problems = parse_entry(
        text, "docs/glossary/internal-customer.md", "glossary/internal-customer.md", "internal-customer"
    )
    assert problems == [] and found is not None
    assert (found.term, found.aliases, found.related) == ("Internal customer", ("internal customers",), ("customer",))


def test_relations_are_symmetric_and_sorted_by_term() -> None:
    graph = relations([entry("a", "Zeta", related=("b",)), entry("b", "Alpha"), entry("c", "Beta", related=("b", "a"))])
    assert graph == {"a": ["b", "c"], "b": ["c", "a"], "c": ["b", "a"]}


def test_unknown_related_slug() -> None:
    text = "---\nterm: A\nsummary: s\nrelated:\n  - nowhere\n---\n"
    problems = check_glossary([entry("a", "A", related=("nowhere",))], {"docs/glossary/a.md": text})
    assert [str(p) for p in problems] == [
        "docs/glossary/a.md:5: the related entry 'nowhere' does not exist — use the file name of an entry in "
        "docs/glossary/ (one of: a)"
    ]


def test_same_alias_in_two_entries() -> None:
    problems = check_glossary([entry("a", "Client"), entry("b", "Buyer", aliases=("client",))])
    assert len(problems) == 2
    assert all("the wording 'client' is also claimed by" in str(p) for p in problems)


def test_shortcuts() -> None:
    md = "Use [[client]] or [[internal customer|colleagues]], not [[!customer]].\n`[[customer]]`\n```\n[[x]]\n```\n"
    out, problems = convert_shortcuts(md, LINKER, "docs/blog/posts/x.md", first_line=10)
    assert problems == []
    assert out.splitlines()[0] == (
        'Use <span data-tce-glossary="customer">client</span> or <span data-tce-glossary="internal-customer">'
        'colleagues</span>, not <span class="tce-no-glossary">customer</span>.'
    )
    assert out.splitlines()[1:] == ["`[[customer]]`", "```", "[[x]]", "```"]


def test_unknown_shortcut_names_the_line() -> None:
    _, problems = convert_shortcuts("a\n\nsee [[nothing here]]\n", LINKER, "docs/blog/posts/x.md", first_line=10)
    assert [str(p) for p in problems] == [
        "docs/blog/posts/x.md:12: '[[nothing here]]' names no glossary entry — use a term or alias from "
        "docs/glossary/, or remove the brackets"
    ]


def test_shortcut_text_is_escaped() -> None:
    out, _ = convert_shortcuts("[[!<b>x</b>]]", LINKER, "x.md")
    assert out == '<span class="tce-no-glossary">&lt;b&gt;x&lt;/b&gt;</span>'


def test_author_error_type() -> None:
    assert issubclass(AuthorError, Exception)


def test_markup_is_written_back_exactly() -> None:
    src = (
        '<figure><svg viewBox="0 0 10 10" role="img"><title>customer</title><path d="M0 0"/></svg></figure>'
        "<p>It&rsquo;s the customer&#8217;s day &amp; <br>more<!-- note --></p>"
    )
    out, used = link(src)
    assert used == ["customer"]
    assert out.startswith('<figure><svg viewBox="0 0 10 10" role="img"><title>customer</title><path d="M0 0"/>')
    assert out.endswith("&#8217;s day &amp; <br>more<!-- note --></p>")
    assert "<p>It&rsquo;s the <a " in out


def test_possessive_links_the_word_but_hyphenated_compounds_do_not() -> None:
    check_html(
        "<p>The customer's view; customer-led.</p>", '<p>The <t s="customer">customer</t>\'s view; customer-led.</p>'
    )
