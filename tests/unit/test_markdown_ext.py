"""The toolkit as a Python-Markdown extension, on plain Python-Markdown (MdCase style)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import lxml.html
import markdown
import material
import pytest
from markdown.preprocessors import Preprocessor
from siteutil import ROOT
from tce_site.zensical import Page, ToolkitExtension, ZensicalExtension, _Site
from tce_toolkit.models import GlossaryEntry, Post, Question, Series
from tce_toolkit.site_model import ModelError, SiteModel
from tce_toolkit.worksheets.names import PAPERS

ENTRIES = (
    GlossaryEntry("customer", "Customer", "Anyone you *serve*.", "docs/glossary/customer.md", "glossary/customer.md",
                  aliases=("customers",), url="glossary/customer/"),
    GlossaryEntry("internal-customer", "Internal customer", "A colleague <who> relies on you.",
                  "docs/glossary/internal-customer.md", "glossary/internal-customer.md", url="glossary/internal-customer/"),
)  # fmt: skip


def post(part: int, **fields) -> Post:
    return Post(
        f"docs/blog/posts/p{part}.md", f"blog/posts/p{part}.md", f"Part {part} <title>", part,
        dt.datetime(2026, 1, part, tzinfo=dt.UTC), f"About part {part}.", url=f"blog/p{part}/",
        questions=(Question(1, "Why?", 20),), **fields,
    )  # fmt: skip


SERIES = Series((post(1), post(2), post(3, glossary=False)), ENTRIES)


def convert(ext: ToolkitExtension, src: str, page: Page) -> lxml.html.HtmlElement:
    ext.page = page
    html = markdown.Markdown(extensions=["attr_list", "pymdownx.superfences", ext]).convert(src)
    return lxml.html.fragment_fromstring(html, create_parent="div")


@pytest.fixture
def ext() -> ToolkitExtension:
    return ToolkitExtension(SERIES, templates=ROOT / "overrides", site_name="The Series")


def test_a_post_gets_its_place_links_and_shortcuts(ext: ToolkitExtension) -> None:
    tree = convert(
        ext,
        "# Dear <first name>\n\nEvery internal customer is a customer. Ask [[customer|a buyer]]. `[[x]]`",
        Page("blog/p2/", "blog/posts/p2.md"),
    )
    assert tree.find(".//h1").text_content() == "Dear <first name>"
    part = tree.xpath('//*[@data-series-part="2"]')[0]
    assert " ".join(part.text_content().split()).endswith("Part 2 of 3")
    pager = {a.get("rel"): a.get("href") for a in tree.xpath('//nav[contains(@class, "tce-series-pager")]//a')}
    assert pager == {"prev": "../p1/", "next": "../p3/"}
    assert "Part 1 <title>" in tree.xpath('string(//a[@rel="prev"])')
    links = [(a.text_content(), a.get("href"), a.get("title")) for a in tree.find_class("tce-glossary-term")]
    # The forced link is the customer entry's link on this page: no automatic one before it.
    assert links == [
        ("internal customer", "../../glossary/internal-customer/", "A colleague <who> relies on you."),
        ("a buyer", "../../glossary/customer/", "Anyone you serve."),
    ]
    assert tree.find(".//code").text == "[[x]]"
    assert ext.post_terms["blog/posts/p2.md"] == ["internal-customer", "customer"]


def test_glossary_false_links_nothing_and_shortcuts_are_words(ext: ToolkitExtension) -> None:
    tree = convert(ext, "A customer and [[customer|a buyer]].", Page("blog/p3/", "blog/posts/p3.md"))
    assert not tree.find_class("tce-glossary-term")
    assert "A customer and a buyer." in tree.text_content()


def test_markers_become_listings_and_entries_show_where_they_appear(ext: ToolkitExtension) -> None:
    convert(ext, "A customer here.", Page("blog/p1/", "blog/posts/p1.md"))
    home = convert(ext, "Intro.\n\n<!-- series-list -->\n\n<!-- glossary-index -->", Page("", "index.md"))
    assert [a.get("href") for a in home.xpath('//ol[contains(@class, "tce-series-list")]//a')] == [
        "blog/p1/",
        "blog/p2/",
        "blog/p3/",
    ]
    assert "<title>" in home.text_content()  # author text is escaped, so it shows as written
    assert [dt.text_content() for dt in home.iter("dt")] == ["Customer", "Internal customer"]
    assert home.find(".//dd").find("em").text == "serve"
    entry = convert(
        ext, "# Customer\n\nSomeone a customer relies on.", Page("glossary/customer/", "glossary/customer.md")
    )
    assert not entry.find_class("tce-glossary-term")  # an entry never links to itself
    appears = entry.xpath('//ul[contains(@class, "tce-glossary-appears")]//a')
    assert [(a.get("href"), a.text_content()) for a in appears] == [
        ("../../blog/p1/#term-customer", "Part 1: Part 1 <title>")
    ]
    following = entry.xpath('//a[@rel="next"]')[0]
    assert [" ".join(span.text_content().split()) for span in following.iter("span")] == [
        "Next entry",
        "Internal customer",
    ]


class _RenderingContext(Preprocessor):
    """A stand-in for Zensical's `rendering_context`: the page being rendered."""

    def __init__(self, md: markdown.Markdown, page: SimpleNamespace) -> None:
        super().__init__(md)
        self.page = page

    def run(self, lines: list[str]) -> list[str]:
        return lines


def zensical_convert(model: SiteModel, src: str, url: str, path: str) -> lxml.html.HtmlElement:
    md = markdown.Markdown(extensions=["attr_list", "toc"])
    context = _RenderingContext(md, SimpleNamespace(url=url, path=path, meta={}))
    md.preprocessors.register(context, "rendering_context", 0)
    templates = [ROOT / "overrides", Path(material.__file__).parent / "templates"]  # the fragments and icons
    ZensicalExtension(_Site(model, templates), context).extendMarkdown(md)
    return lxml.html.fragment_fromstring(md.convert(src), create_parent="div")


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_under_zensical_the_worksheet_link_offers_the_paper_the_settings_read(paper: str) -> None:
    model = SiteModel(SERIES, "The Series", worksheet_pdfs=True, worksheet_paper=PAPERS[paper])
    tree = zensical_convert(model, "Text.\n\n## Reflect\n\n1. Why?\n", "blog/p2/", "blog/posts/p2.md")
    links = tree.xpath('//p[contains(@class, "tce-worksheet-link")]//a/@href')
    assert links == ["../../worksheets/p2/", f"../../worksheets/p2-{paper}.pdf"]


def test_under_zensical_a_model_without_a_paper_stops_and_never_guesses_a4() -> None:
    model = SiteModel(SERIES, "The Series", worksheet_pdfs=True)
    with pytest.raises(ModelError, match="names no worksheet paper"):
        zensical_convert(model, "Text.\n\n## Reflect\n\n1. Why?\n", "blog/p2/", "blog/posts/p2.md")
