"""Glossary entries (tce_toolkit.glossary): reading one, checking them together, and their relations.

The linker that puts them into pages has its own tests (test_linker.py).
"""

from __future__ import annotations

import pytest
from tce_toolkit.glossary import check_glossary, parse_entry, relations, wording_key
from tce_toolkit.models import GlossaryEntry


def entry(slug: str, term: str, aliases: tuple[str, ...] = (), related: tuple[str, ...] = ()) -> GlossaryEntry:
    return GlossaryEntry(
        slug=slug,
        term=term,
        summary=f"About {term.lower()}.",
        src=f"docs/glossary/{slug}.md",
        src_uri=f"glossary/{slug}.md",
        aliases=aliases,
        related=related,
        url=f"glossary/{slug}/",
    )


def parse(text: str, slug: str = "x") -> tuple[GlossaryEntry | None, list[str]]:
    found, problems, warnings = parse_entry(text, f"docs/glossary/{slug}.md", f"glossary/{slug}.md", slug)
    assert warnings == [], "keys are not checked without the engine's page keys"
    return found, [str(p) for p in problems]


def test_parse_good_entry() -> None:
    text = (
        "---\nterm: Internal  customer\naliases:\n  - internal customers\n  - colleague\n"
        "summary: >-\n  A colleague\n  who relies on you.\nrelated: [customer]\n---\n\nBody.\n"
    )
    found, problems = parse(text, "internal-customer")
    assert problems == [] and found is not None
    assert (found.slug, found.term, found.summary) == (
        "internal-customer",
        "Internal customer",
        "A colleague who relies on you.",
    )
    assert (found.aliases, found.related, found.forms) == (
        ("internal customers", "colleague"),
        ("customer",),
        ("Internal customer", "internal customers", "colleague"),
    )
    assert (found.src, found.src_uri, found.url) == (
        "docs/glossary/internal-customer.md",
        "glossary/internal-customer.md",
        "",
    )
    assert found.lines == (
        ("term", "Internal  customer", 2),
        ("aliases", "internal customers", 4),
        ("aliases", "colleague", 5),
        ("related", "customer", 9),
    )


@pytest.mark.parametrize(
    ("text", "aliases", "related"),
    [
        ("---\nterm: X\nsummary: s\naliases: ex\nrelated: y\n---\n", ("ex",), ("y",)),  # one word: a list of one
        ("---\nterm: X\nsummary: s\naliases:\nrelated: []\n---\n", (), ()),
        ("---\nterm: X\nsummary: s\n---\n", (), ()),
        ("---\nterm: X\nsummary: s\naliases: [' ex ', '']\n---\n", ("ex",), ()),
    ],
)
def test_aliases_and_related_as_written(text: str, aliases: tuple[str, ...], related: tuple[str, ...]) -> None:
    found, problems = parse(text)
    assert problems == [] and found is not None and (found.aliases, found.related) == (aliases, related)


@pytest.mark.parametrize(
    ("text", "line", "what"),
    [
        ("---\nsummary: s.\n---\n# X\n", 1, "the glossary entry has no term"),
        ("---\nterm: '  '\nsummary: s.\n---\n", 2, "the glossary entry has no term"),
        ("---\nterm: X\n---\n# X\n", 1, "the glossary entry has no summary"),
        ("---\nterm: X\nsummary: 3\n---\n", 3, "the glossary entry has no summary"),
        ("---\nterm: X\nsummary: s\naliases: 3\n---\n", 4, "'aliases' must be a list of words"),
        ("---\nterm: X\nsummary: s\nrelated:\n  - a\n  - b: c\n---\n", 4, "'related' must be a list of entry names"),
        ("---\nterm: X\nsummary: s: t\n---\n", 3, "front matter is not valid YAML"),
        ("# No front matter\n", 1, "the glossary entry has no term"),
    ],
)
def test_entry_mistakes(text: str, line: int, what: str) -> None:
    found, problems = parse(text)
    assert found is None
    assert any(p.startswith(f"docs/glossary/x.md:{line}: {what}") for p in problems), problems


def test_every_entry_mistake_at_once() -> None:
    _, problems = parse("---\naliases: 3\nrelated: 4\n---\n")
    assert [p.split(" — ")[0] for p in problems] == [
        "docs/glossary/x.md:1: the glossary entry has no term",
        "docs/glossary/x.md:1: the glossary entry has no summary",
        "docs/glossary/x.md:2: 'aliases' must be a list of words",
        "docs/glossary/x.md:3: 'related' must be a list of entry names",
    ]


@pytest.mark.parametrize(
    ("form", "key"),
    [
        ("Customer", "customer"),
        ("  Internal   Customers ", "internal customers"),
        ("Buyer's remorse", "buyer's remorse"),
        ("Buyer’s remorse", "buyer's remorse"),  # a curly apostrophe is the same wording
        ("customer-facing", "customer-facing"),
        ("Tom & Jerry", "tom & jerry"),  # marks are part of the wording, as written
        ("Net Promoter Score  (NPS)", "net promoter score (nps)"),
        ("C++ help line", "c++ help line"),
        ("24/7 support", "24/7 support"),
        ("Café au lait", "café au lait"),
        ("STRASSE", "strasse"),
        ("Straße", "strasse"),  # case folding, not lower-casing
        ("", ""),
    ],
)
def test_wording_key(form: str, key: str) -> None:
    assert wording_key(form) == key


def test_relations_are_symmetric_and_sorted_by_term() -> None:
    graph = relations([entry("a", "Zeta", related=("b",)), entry("b", "Alpha"), entry("c", "Beta", related=("b", "a"))])
    assert graph == {"a": ["b", "c"], "b": ["c", "a"], "c": ["b", "a"]}


def test_relations_ignore_unknown_and_self() -> None:
    assert relations([entry("a", "A", related=("a", "nowhere"))]) == {"a": []}


def parsed(slug: str, front_matter: str) -> GlossaryEntry:
    found, problems = parse(f"---\n{front_matter}---\n", slug)
    assert found is not None, problems
    return found


def test_unknown_related_slug_names_its_line() -> None:
    a = parsed("a", "term: A\nsummary: s\nrelated:\n  - b\n  - nowhere\n")
    b = parsed("b", "term: B\nsummary: s\n")
    assert [str(p) for p in check_glossary([a, b])] == [
        "docs/glossary/a.md:6: the related entry 'nowhere' does not exist — use the file name of an entry in "
        "docs/glossary/ (one of: a, b)"
    ]


def test_related_entry_that_exists_but_could_not_be_read() -> None:
    a = parsed("a", "term: A\nsummary: s\nrelated: [broken]\n")
    assert check_glossary([a], also_known=["broken"]) == []


def test_same_wording_in_two_entries_names_both_lines() -> None:
    client = parsed("client", "term: Client\nsummary: s\n")
    buyer = parsed("buyer", "term: Buyer\nsummary: s\naliases:\n  - shopper\n  - CLIENT\n")
    assert sorted(str(p) for p in check_glossary([client, buyer])) == [
        "docs/glossary/buyer.md:6: the wording 'client' is also claimed by docs/glossary/client.md — keep each term "
        "and alias in one entry only",
        "docs/glossary/client.md:2: the wording 'client' is also claimed by docs/glossary/buyer.md — keep each term "
        "and alias in one entry only",
    ]


def test_wordings_differing_only_in_spacing_and_apostrophes_clash() -> None:
    a = parsed("a", "term: Buyer's remorse\nsummary: s\n")
    b = parsed("b", "term: B\nsummary: s\naliases: [buyer’s   REMORSE]\n")
    assert sorted((p.path, p.line) for p in check_glossary([a, b])) == [
        ("docs/glossary/a.md", 2),
        ("docs/glossary/b.md", 4),
    ]


def test_one_entry_may_repeat_its_own_wording() -> None:
    a = parsed("a", "term: Customer\nsummary: s\naliases: [customer, Customer]\n")
    assert check_glossary([a]) == []


def test_no_entries_no_problems() -> None:
    assert check_glossary([]) == [] and relations([]) == {}


ENTRY = "---\nterm: Customer\nsummary: Anyone you serve.\n{extra}---\n\nBody.\n"


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ("Aliases: [client]\n", "docs/glossary/x.md:4: 'Aliases' is not a front-matter key — did you mean 'aliases'?"),
        ("relatd: [client]\n", "docs/glossary/x.md:4: 'relatd' is not a front-matter key — did you mean 'related'?"),
        ("hid: [toc]\n", "docs/glossary/x.md:4: 'hid' is not a front-matter key — did you mean 'hide'?"),
        ("date: 2026-01-01\n", "docs/glossary/x.md:4: 'date' is not a front-matter key — remove it, or use one of: "),
    ],
)
def test_unknown_entry_key_is_a_warning_naming_the_key_meant(extra: str, message: str) -> None:
    found, problems, warnings = parse_entry(
        ENTRY.format(extra=extra), "docs/glossary/x.md", "glossary/x.md", "x", page_keys={"hide", "title"}
    )
    assert found is not None and problems == []
    assert len(warnings) == 1 and str(warnings[0]).startswith(message)


def test_entry_keys_the_toolkit_and_the_engine_read_are_known() -> None:
    extra = "aliases: [client]\nrelated: []\nglossary: false\nhide: [toc]\n"
    found, problems, warnings = parse_entry(
        ENTRY.format(extra=extra), "docs/glossary/x.md", "glossary/x.md", "x", page_keys={"hide"}
    )
    assert found is not None and problems == [] and warnings == []


@pytest.mark.parametrize(
    ("not_in", "problem"),
    [
        ("not_in:\n  - honest feedback\n  - feedback to staff\n", None),
        ("not_in:\n  - a manager's feedbacks\n", None),  # a plural of a wording counts
        ("not_in:\n  - honest praise\n", "docs/glossary/x.md:6: the phrase 'honest praise' under 'not_in' holds none"),
        ("not_in:\n  - Feedback\n", "docs/glossary/x.md:6: the phrase 'Feedback' under 'not_in' holds none"),
        ("not_in: 3\n", "docs/glossary/x.md:5: 'not_in' must be a list of phrases"),
    ],
)
def test_not_in_phrases_must_hold_a_wording(not_in: str, problem: str | None) -> None:
    text = "---\nterm: Customer feedback\naliases: [feedback]\nsummary: s.\n" + not_in + "---\n"
    found, problems = parse(text)
    if problem is None:
        assert problems == [] and found is not None and len(found.not_in) == not_in.count("  - ")
    else:
        assert found is None and len(problems) == 1 and problems[0].startswith(problem)
