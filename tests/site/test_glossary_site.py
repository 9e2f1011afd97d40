"""The glossary in real builds: links in posts, entry pages, the index, and author mistakes."""

from __future__ import annotations

import lxml.html
import pytest
from siteutil import ROOT, Build, FixtureSite


def tree(build: Build, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(build.read(path))


def terms(build: Build, path: str) -> dict[str, lxml.html.HtmlElement]:
    return {a.get("id"): a for a in tree(build, path).xpath('//a[@class="tce-glossary-term"]')}


def test_post_links_internal_customer_with_tooltip(project_build: Build) -> None:
    links = terms(project_build, "blog/internal-customers/index.html")
    anchor = links["term-internal-customer"]
    assert anchor.get("href") == "../../glossary/internal-customer/"
    assert anchor.text_content().lower() == "internal customer" or anchor.text_content().lower() == "internal customers"
    summary = tree(project_build, "glossary/index.html").xpath('//dt[@id="internal-customer"]/following-sibling::dd[1]')
    assert anchor.get("title") == summary[0].text_content().strip()
    # Each entry is linked once per post at most.
    page = project_build.read("blog/internal-customers/index.html")
    assert page.count('id="term-internal-customer"') == 1


def test_entry_page_lists_posts_in_series_order(project_build: Build) -> None:
    entry = tree(project_build, "glossary/internal-customer/index.html")
    items = entry.xpath('//ul[@class="tce-glossary-appears"]/li/a')
    hrefs = [a.get("href") for a in items]
    assert "../../blog/internal-customers/#term-internal-customer" in hrefs
    parts = [int(a.text_content().split(":")[0].removeprefix("Part ")) for a in items]
    assert parts == sorted(parts)
    for a in items:  # every "Appears in" link lands on a post that links the term there
        slug = a.get("href").split("/")[3]
        assert "term-internal-customer" in terms(project_build, f"blog/{slug}/index.html")


def test_related_entries_link_each_other(project_build: Build) -> None:
    def related(slug: str) -> set[str]:
        page = tree(project_build, f"glossary/{slug}/index.html")
        return {a.get("href") for a in page.xpath('//ul[@class="tce-glossary-related"]/li/a')}

    assert "../external-customer/" in related("internal-customer")
    assert "../internal-customer/" in related("external-customer")


def test_index_lists_every_entry_alphabetically(project_build: Build) -> None:
    index = tree(project_build, "glossary/index.html")
    names = [dt.text_content().strip() for dt in index.xpath('//dl[@class="tce-glossary-index"]/dt')]
    assert len(names) >= 6 and names == sorted(names, key=str.casefold)
    assert {
        "Customer",
        "External customer",
        "Internal customer",
        "Service provider",
        "Customer service",
        "Customer chain",
    } <= set(names)


def test_no_links_in_headings_code_or_own_page(project_build: Build) -> None:
    for path in ("blog/internal-customers/index.html", "glossary/customer/index.html"):
        page = tree(project_build, path)
        assert not page.xpath('//h1//a[@class="tce-glossary-term"] | //h2//a[@class="tce-glossary-term"]')
        assert not page.xpath('//code//a[@class="tce-glossary-term"]')
    assert "term-customer" not in terms(project_build, "glossary/customer/index.html")


def test_fixture_symmetry_controls_and_escaping(fixture_site: FixtureSite) -> None:
    fixture_site.edit("blog/posts/second-look.md", "Each service provider", "Each [[!service provider]]")
    fixture_site.edit(
        "blog/posts/second-look.md", "Hand-offs make a chain.", "Hand-offs help [[internal customer|colleagues]]."
    )
    fixture_site.edit("blog/posts/third-part.md", "part: 3", "part: 3\nglossary: false")
    fixture_site.edit("blog/posts/third-part.md", "Leaders set the tone", "An internal customer sets the tone")
    build = fixture_site.build()
    assert build.returncode == 0, build.output
    second = terms(build, "blog/second-look/index.html")
    assert second["term-internal-customer"].text_content() == "colleagues"
    assert "term-service-provider" not in second
    assert terms(build, "blog/third-part/index.html") == {}
    # external-customer declares no relation, internal-customer does: both pages show it.
    external = tree(build, "glossary/external-customer/index.html")
    assert external.xpath('//ul[@class="tce-glossary-related"]/li/a/@href') == ["../internal-customer/"]
    # Author text with & arrives as text, not markup.
    first = terms(build, "blog/first-steps/index.html")
    assert (
        first["term-external-customer"].get("title")
        == "Someone outside the organisation who takes & pays for what it offers."
    )


def test_a_not_in_phrase_keeps_a_managers_feedback_unlinked(project_build: Build) -> None:
    import yaml

    meta = yaml.safe_load((ROOT / "docs/glossary/customer-feedback.md").read_text(encoding="utf-8").split("---")[1])
    assert "honest feedback" in meta["not_in"] and "feedback" in meta["aliases"]
    page = tree(project_build, "blog/internal-customers/index.html")
    assert "honest feedback" in " ".join(page.text_content().split())
    assert "term-customer-feedback" not in terms(project_build, "blog/internal-customers/index.html")
    # Where feedback is a customer's, the alias still links.
    assert "term-customer-feedback" in terms(project_build, "blog/listening-to-customers/index.html")


PUNCTUATED = {
    "nps": "term: Net Promoter Score (NPS)\naliases:\n  - NPS score\n",
    "qa-desk": "term: Q&A desk\n",
    "round-the-clock": "term: Round-the-clock help\naliases:\n  - 24/7 support\n",
    "cpp": "term: C++ help line\n",
}


def test_terms_with_punctuation_link_like_any_other(fixture_site: FixtureSite) -> None:
    for slug, front in PUNCTUATED.items():
        fixture_site.write(f"glossary/{slug}.md", f"---\n{front}summary: About {slug}.\n---\n\n# {slug}\n\nText.\n")
    fixture_site.edit(
        "blog/posts/second-look.md",
        "Hand-offs make a chain.",
        "Our Net Promoter Score (NPS) rose; the Q&A desk offers 24/7 support, and the C++ help line too. "
        "Hand-offs make a chain.",
    )
    build = fixture_site.build()
    assert build.returncode == 0, build.output
    found = terms(build, "blog/second-look/index.html")
    for slug, text in [
        ("nps", "Net Promoter Score (NPS)"),
        ("qa-desk", "Q&A desk"),
        ("round-the-clock", "24/7 support"),
        ("cpp", "C++ help line"),
    ]:
        assert found[f"term-{slug}"].text_content() == text
        assert found[f"term-{slug}"].get("title") == f"About {slug}."
    assert "term-service-provider" in found  # a plain term in the same post still links


MISTAKES = [
    (
        "unknown-related",
        "glossary/service-provider.md",
        "  - internal-customer",
        "  - nobody",
        "service-provider.md:7",
        "related entry 'nobody' does not exist",
    ),
    (
        "duplicate-alias",
        "glossary/service-provider.md",
        "  - service providers",
        "  - internal customers",
        "service-provider.md:4",
        "also claimed by docs/glossary/internal-customer.md",
    ),
    (
        "no-term",
        "glossary/external-customer.md",
        "term: External customer\n",
        "",
        "external-customer.md",
        "has no term",
    ),
    (
        "no-summary",
        "glossary/external-customer.md",
        "summary: Someone",
        "sumary: Someone",
        "external-customer.md",
        "has no summary",
    ),
    (
        "bad-yaml",
        "glossary/external-customer.md",
        "aliases:\n",
        "aliases: [\n",
        "external-customer.md",
        "not valid YAML",
    ),
    (
        "not-in-without-its-wording",
        "glossary/service-provider.md",
        "aliases:\n",
        "not_in:\n  - the provider of last resort\naliases:\n",
        "service-provider.md:4",
        "the phrase 'the provider of last resort' under 'not_in' holds none of the entry's wordings",
    ),
    (
        "unknown-shortcut",
        "blog/posts/first-steps.md",
        "## Who relies on you\n",
        "## Who relies on you\n\nA [[ghost term]].\n",
        "first-steps.md:20",
        "'[[ghost term]]' names no glossary entry",
    ),
]


@pytest.mark.parametrize(
    ("file", "old", "new", "where", "what"), [m[1:] for m in MISTAKES], ids=[m[0] for m in MISTAKES]
)
def test_glossary_mistakes(fixture_site: FixtureSite, file: str, old: str, new: str, where: str, what: str) -> None:
    fixture_site.edit(file, old, new)
    build = fixture_site.build()
    assert build.returncode != 0 and "Traceback" not in build.output
    assert any(where in line and what in line for line in build.output.splitlines()), build.output
