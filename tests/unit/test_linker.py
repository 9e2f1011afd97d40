"""The glossary linker (tce_toolkit.linker): the first use of each entry in a page's HTML becomes its link.

`check_html(src, expected)` in the style of pymdown's MdCase: `expected` writes a glossary link as
`<t s="slug">text</t>`; the helper checks each real link's href, title and id before simplifying it.
"""

from __future__ import annotations

import posixpath

import lxml.html
import markdown
import pytest
from tce_toolkit.linker import Linker
from tce_toolkit.models import GlossaryEntry


def entry(slug: str, term: str, aliases: tuple[str, ...] = ()) -> GlossaryEntry:
    return GlossaryEntry(
        slug=slug,
        term=term,
        summary=f"About {term.lower()} & more.",
        src=f"docs/glossary/{slug}.md",
        src_uri=f"glossary/{slug}.md",
        aliases=aliases,
        url=f"glossary/{slug}/",
    )


ENTRIES = [
    entry("customer", "Customer", ("client",)),
    entry("internal-customer", "Internal customer", ("internal customers",)),
    entry("external-customer", "External customer"),
    entry("service-provider", "Service provider"),
    entry("cafe", "Café au lait"),
    entry("customer-chain", "Customer chain", ("chain of service",)),
    entry("buyers-remorse", "Buyer's remorse"),
    entry("murphys-law", "Murphy’s law"),  # written with a curly apostrophe
    entry("policy", "Policy"),
]
LINKER = Linker.build(ENTRIES)
SUMMARIES = {e.slug: f"About {e.term.lower()} & more." for e in ENTRIES}


def relative_url(target: str) -> str:
    """Links from the page blog/x/ to a site-relative URL."""
    return posixpath.relpath(target, "blog/x") + "/"


def link(html: str, skip: tuple[str, ...] = ()) -> tuple[str, list[str]]:
    return LINKER.link(html, relative_url, skip=skip)


def check_html(src: str, expected: str, used: list[str] | None = None) -> None:
    """Link `src` and compare with `expected`, written with <t s="slug">text</t> for a glossary link."""
    out, found = link(src)
    root = lxml.html.fragment_fromstring(out, create_parent="div")
    for anchor in root.xpath('//a[@class="tce-glossary-term"]'):
        slug = anchor.get("href").removeprefix("../../glossary/").removesuffix("/")
        assert anchor.get("title") == SUMMARIES[slug]
        assert anchor.get("id") in (f"term-{slug}", None)
        anchor.tag = "t"
        anchor.attrib.clear()
        anchor.set("s", slug)
    simplified = (root.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in root)
    assert simplified == expected
    if used is not None:
        assert found == used


LINKING = [
    ("word", "<p>Every customer matters.</p>", '<p>Every <t s="customer">customer</t> matters.</p>'),
    (
        "first-only",
        "<p>Customer first, customer always.</p>",
        '<p><t s="customer">Customer</t> first, customer always.</p>',
    ),
    ("end-of-paragraph", "<p>Ask any customer</p>", '<p>Ask any <t s="customer">customer</t></p>'),
    (
        "case-kept",
        "<p>An Internal Customer waits.</p>",
        '<p>An <t s="internal-customer">Internal Customer</t> waits.</p>',
    ),
    ("plural", "<p>Our customers, and clients.</p>", '<p>Our <t s="customer">customers</t>, and clients.</p>'),
    ("y-plural", "<p>Two policies.</p>", '<p>Two <t s="policy">policies</t>.</p>'),
    (
        "alias-start",
        "<p>Internal customers rely on us.</p>",
        '<p><t s="internal-customer">Internal customers</t> rely on us.</p>',
    ),
    (
        "auto-plural",
        "<p>Service providers (all of them).</p>",
        '<p><t s="service-provider">Service providers</t> (all of them).</p>',
    ),
    ("whole-words", "<p>A customerly tone; customer-facing.</p>", "<p>A customerly tone; customer-facing.</p>"),
    (
        "non-ascii",
        "<p>Un café au lait, s'il vous plaît.</p>",
        '<p>Un <t s="cafe">café au lait</t>, s\'il vous plaît.</p>',
    ),
    ("punctuation-breaks-phrase", "<p>internal, customer</p>", '<p>internal, <t s="customer">customer</t></p>'),
    ("alias", "<p>The chain of service ends.</p>", '<p>The <t s="customer-chain">chain of service</t> ends.</p>'),
    (
        "line-break-inside-phrase",
        "<p>An internal\ncustomer.</p>",
        '<p>An <t s="internal-customer">internal\ncustomer</t>.</p>',
    ),
    # Apostrophes inside a wording, straight or curly, in the text or in the entry.
    ("apostrophe", "<p>Buyer's remorse sets in.</p>", '<p><t s="buyers-remorse">Buyer\'s remorse</t> sets in.</p>'),
    (
        "curly-apostrophe",
        "<p>Buyer’s remorse sets in.</p>",
        '<p><t s="buyers-remorse">Buyer’s remorse</t> sets in.</p>',
    ),
    ("curly-in-the-entry", "<p>Murphy's law again.</p>", '<p><t s="murphys-law">Murphy\'s law</t> again.</p>'),
    ("apostrophe-word-alone", "<p>The buyer's choice.</p>", "<p>The buyer's choice.</p>"),
    ("no-apostrophe-no-match", "<p>Buyers remorse.</p>", "<p>Buyers remorse.</p>"),
    # Possessives link the wording; the "'s" stays outside the link.
    ("possessive", "<p>The customer's view.</p>", '<p>The <t s="customer">customer</t>\'s view.</p>'),
    ("curly-possessive", "<p>The customer’s view.</p>", '<p>The <t s="customer">customer</t>’s view.</p>'),
    ("plural-possessive", "<p>The customers' views.</p>", '<p>The <t s="customer">customers</t>\' views.</p>'),
    (
        "phrase-possessive",
        "<p>The internal customer's desk.</p>",
        '<p>The <t s="internal-customer">internal customer</t>\'s desk.</p>',
    ),
    ("alias-possessive", "<p>A client's call.</p>", '<p>A <t s="customer">client</t>\'s call.</p>'),
    (
        "possessive-of-an-apostrophe-wording",
        "<p>Murphy's law's reach.</p>",
        "<p><t s=\"murphys-law\">Murphy's law</t>'s reach.</p>",
    ),
    (
        "hyphenated-compound",
        "<p>The customer's view; customer-led.</p>",
        '<p>The <t s="customer">customer</t>\'s view; customer-led.</p>',
    ),
]


@pytest.mark.parametrize(("src", "expected"), [c[1:] for c in LINKING], ids=[c[0] for c in LINKING])
def test_linking_text(src: str, expected: str) -> None:
    check_html(src, expected)


NEVER = [
    ("heading", "<h2>Customer</h2><p>customer</p>", '<h2>Customer</h2><p><t s="customer">customer</t></p>'),
    (
        "inline-code",
        "<p><code>customer</code> customer</p>",
        '<p><code>customer</code> <t s="customer">customer</t></p>',
    ),
    ("code-block", "<pre><code>customer\n</code></pre>", "<pre><code>customer\n</code></pre>"),
    (
        "existing-link",
        '<p><a href="x">customer</a> customer</p>',
        '<p><a href="x">customer</a> <t s="customer">customer</t></p>',
    ),
    ("alt-text", '<p><img alt="customer" src="a.png"> ok</p>', '<p><img alt="customer" src="a.png"> ok</p>'),
    ("admonition-title", '<p class="admonition-title">Customer</p>', '<p class="admonition-title">Customer</p>'),
    (
        "suppressed",
        '<p><span class="tce-no-glossary">customer</span></p>',
        '<p><span class="tce-no-glossary">customer</span></p>',
    ),
    (
        "summary",
        '<details class="note"><summary>The customer</summary><p>A customer.</p></details>',
        '<details class="note"><summary>The customer</summary><p>A <t s="customer">customer</t>.</p></details>',
    ),
    (
        "markup-inside-summary",
        "<details><summary>A <strong>customer</strong></summary></details>",
        "<details><summary>A <strong>customer</strong></summary></details>",
    ),
    (
        "chrome",
        '<p class="tce-series-part" data-tce-chrome>Part 1 for the customer</p><p>A customer.</p>',
        '<p class="tce-series-part" data-tce-chrome>Part 1 for the customer</p><p>A <t s="customer">customer</t>.</p>',
    ),
    (
        "inside-chrome",
        '<nav data-tce-chrome=""><a href="../y/"><span>Next</span></a> <span>customer chain</span></nav>',
        '<nav data-tce-chrome=""><a href="../y/"><span>Next</span></a> <span>customer chain</span></nav>',
    ),
    ("button", "<button>Customer</button>", "<button>Customer</button>"),
    (
        "figcaption",
        "<figure><figcaption>Customer</figcaption></figure>",
        "<figure><figcaption>Customer</figcaption></figure>",
    ),
]


@pytest.mark.parametrize(("src", "expected"), [c[1:] for c in NEVER], ids=[c[0] for c in NEVER])
def test_never_linked_inside(src: str, expected: str) -> None:
    check_html(src, expected)


def test_chrome_attribute_as_written_by_the_fragments() -> None:
    # The fragments write `data-tce-chrome` as a bare attribute; lxml keeps it as an empty value.
    out, used = link('<p data-tce-chrome class="tce-worksheet-link">Print the customer sheet</p>')
    assert used == [] and "tce-glossary-term" not in out


def test_collapsible_block_made_by_python_markdown() -> None:
    html = markdown.markdown(
        '??? note "Customer care"\n\n    Every customer counts.\n',
        extensions=["pymdownx.details"],
    )
    assert "<summary>Customer care</summary>" in html  # what the blog's `??? note` blocks look like
    out, used = link(html)
    assert used == ["customer"] and "<summary>Customer care</summary>" in out
    assert '<p>Every <a href="../../glossary/customer/"' in out


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


def test_the_link_itself() -> None:
    out, _ = link("<p>A customer.</p>")
    assert out == (
        '<p>A <a href="../../glossary/customer/" class="tce-glossary-term" title="About customer &amp; more." '
        'id="term-customer">customer</a>.</p>'
    )


def test_skip_entry_on_its_own_page() -> None:
    out, used = link("<p>A customer and an internal customer.</p>", skip=("customer",))
    assert used == ["internal-customer"] and 'term-customer"' not in out


def test_forced_link_counts_as_first_use() -> None:
    out, used = link('<p>A customer, and <span data-tce-glossary="customer">our clients</span>.</p>')
    assert used == ["customer"]
    assert out == (
        '<p>A customer, and <a href="../../glossary/customer/" class="tce-glossary-term" '
        'title="About customer &amp; more." id="term-customer">our clients</a>.</p>'
    )


def test_second_forced_link_has_no_id() -> None:
    out, used = link('<p><span data-tce-glossary="customer">a</span> <span data-tce-glossary="customer">b</span></p>')
    assert used == ["customer"] and out.count('id="term-customer"') == 1 and out.count("tce-glossary-term") == 2


def test_unknown_wordings_are_left_as_they_are() -> None:
    src = '<p><span data-tce-unknown="nothing here">nothing here</span> and <span data-tce-unknown="x &amp; y">x</span></p>'
    assert link(src) == (src, [])  # reported by the build at their lines (shortcuts.unknown_problems)


def test_leading_text_outside_elements() -> None:
    out, used = link("customer <p>x</p>")
    assert used == ["customer"] and out.startswith('<a href="../../glossary/customer/"')


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


def test_unclosed_and_stray_tags_do_not_lose_text() -> None:
    out, used = link("<p>a <em>customer</p></em> <code>client")
    assert used == ["customer"] and out.endswith("</p></em> <code>client")


# --- find and resolve ------------------------------------------------------------------------------------


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
        ("Buyer's remorse", [(0, 15, "buyers-remorse")]),
        ("buyer’s remorse", [(0, 15, "buyers-remorse")]),
        ("the customer's", [(4, 12, "customer")]),
        ("customers' views", [(0, 9, "customer")]),
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
        "apostrophe",
        "curly-apostrophe",
        "possessive",
        "plural-possessive",
    ],
)
def test_find_positions(text: str, found: list[tuple[int, int, str]]) -> None:
    assert LINKER.find(text) == found
    for start, end, _ in found:
        assert text[start:end].strip() == text[start:end]


@pytest.mark.parametrize(
    ("wording", "slug"),
    [
        ("customer", "customer"),
        ("Clients", "customer"),
        ("internal   Customers", "internal-customer"),
        ("buyer’s Remorse", "buyers-remorse"),
        ("internal-customer", "internal-customer"),  # an entry's slug
        ("nothing", None),
        ("", None),
    ],
)
def test_resolve(wording: str, slug: str | None) -> None:
    assert LINKER.resolve(wording) == slug


def test_explicit_wording_wins_over_a_made_plural() -> None:
    linker = Linker.build([entry("news", "New"), entry("the-news", "News")])
    assert linker.resolve("news") == "the-news" and linker.resolve("new") == "news"


def test_many_entries_one_pass() -> None:
    many = [entry(f"term-{i}", f"Term{i} phrase") for i in range(500)]
    linker = Linker.build([*ENTRIES, *many])
    assert linker.find("see term499 phrase and a customer") == [(4, 18, "term-499"), (25, 33, "customer")]
    assert linker.longest == 3


def test_no_entries_links_nothing() -> None:
    linker = Linker.build([])
    assert linker.link("<p>A customer.</p>", relative_url) == ("<p>A customer.</p>", [])


# --- wordings with punctuation, and phrases kept unlinked ------------------------------------------------

MARKED = Linker.build(
    [
        entry("nps", "Net Promoter Score (NPS)", ("NPS",)),
        entry("qa-desk", "Q&A desk"),
        entry("around-the-clock", "24/7 support"),
        entry("cpp", "C++ help line"),
        GlossaryEntry(
            slug="customer-feedback",
            term="Customer feedback",
            summary="s.",
            src="docs/glossary/customer-feedback.md",
            src_uri="glossary/customer-feedback.md",
            aliases=("feedback",),
            not_in=("honest feedback", "a manager's feedback"),
            url="glossary/customer-feedback/",
        ),
    ]
)


def marked(html: str) -> tuple[list[tuple[str, str]], str]:
    """(slug, linked markup) for each glossary link, and the HTML with the links taken out again."""
    out, _ = MARKED.link(html, relative_url)
    root = lxml.html.fragment_fromstring(out, create_parent="div")
    links = []
    for anchor in root.xpath('//a[@class="tce-glossary-term"]'):
        slug = anchor.get("href").removeprefix("../../glossary/").removesuffix("/")
        links.append((slug, anchor.text_content()))
    return links, out


@pytest.mark.parametrize(
    ("src", "links"),
    [
        ("<p>Our Net Promoter Score (NPS) rose.</p>", [("nps", "Net Promoter Score (NPS)")]),
        ("<p>Ask the Q&amp;A desk today.</p>", [("qa-desk", "Q&A desk")]),  # across an entity
        ("<p>Ask the Q&#38;A desk today.</p>", [("qa-desk", "Q&A desk")]),
        ("<p>We offer 24/7 support now.</p>", [("around-the-clock", "24/7 support")]),
        ("<p>Call the C++ help lines.</p>", [("cpp", "C++ help lines")]),  # a plural
        ("<p>The Q&amp;A desk's hours.</p>", [("qa-desk", "Q&A desk")]),  # a possessive
        ("<p>NPS alone</p>", [("nps", "NPS")]),
        ("<p>Net Promoter Score NPS</p>", [("nps", "NPS")]),  # only the alias is written as it is
        ("<p>C+ help line</p>", []),
        ("<p>24 / 7 support</p>", []),
        ("<p>Q&amp;As</p>", []),
        ("<p>QC++ help line</p>", []),  # a word boundary before the wording
    ],
)
def test_wordings_with_punctuation_link_as_written(src: str, links: list[tuple[str, str]]) -> None:
    found, out = marked(src)
    assert found == links
    # Everything else is written back exactly: remove the links' start and end tags and compare.
    assert lxml.html.fragment_fromstring(out, create_parent="div").text_content() == (
        lxml.html.fragment_fromstring(src, create_parent="div").text_content()
    )


def test_an_entity_inside_a_link_is_written_back_as_it_came() -> None:
    out, _ = MARKED.link("<p>Ask the Q&amp;A desk.</p>", relative_url)
    assert out.endswith('id="term-qa-desk">Q&amp;A desk</a>.</p>')


@pytest.mark.parametrize(
    ("src", "links"),
    [
        ("<p>Managers owe honest feedback. Customer feedback helps.</p>", [("customer-feedback", "Customer feedback")]),
        ("<p>It is a manager's feedback, then feedback.</p>", [("customer-feedback", "feedback")]),
        ("<p>Honest Feedbacks and more</p>", []),  # a plural of the phrase, case ignored
        ("<p>Gather feedback honestly.</p>", [("customer-feedback", "feedback")]),
    ],
)
def test_not_in_phrases_keep_their_words_unlinked(src: str, links: list[tuple[str, str]]) -> None:
    assert marked(src)[0] == links


def test_a_forced_link_still_links_inside_a_not_in_phrase() -> None:
    assert MARKED.resolve("feedback") == "customer-feedback"
    assert MARKED.resolve("honest feedback") is None
