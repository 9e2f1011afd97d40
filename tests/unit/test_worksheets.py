"""The worksheet core: template context, escaping, rendering, fitting to the page, the PDF cache."""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import shutil
import time
from pathlib import Path

import lxml.html
import pypdf
import pytest
from siteutil import ROOT
from tce_toolkit import worksheets as ws
from tce_toolkit.errors import AuthorError
from tce_toolkit.models import GlossaryEntry, Post, Question
from tce_toolkit.posts import parse_post

SITE = ws.SheetSite(name="Through the Customer's Eyes", author="The Editors", url="https://example.org/")


def make_post(slug: str = "second-look", part: int = 2, questions: tuple[str, ...] = ("Who?", "Why?"), **kw) -> Post:
    fields = {
        "src": f"docs/blog/posts/{slug}.md",
        "src_uri": f"blog/posts/{slug}.md",
        "slug": slug,
        "title": "A second look",
        "part": part,
        "date": dt.datetime(2026, 1, 12, tzinfo=dt.UTC),
        "description": "Hand-offs make a chain.",
        "questions": tuple(Question(n, text, 20 + n) for n, text in enumerate(questions, start=1)),
        "url": f"blog/{slug}/",
    }
    fields.update(kw)
    return Post(**fields)


def entry(slug: str, term: str, summary: str = "A plain sentence.") -> GlossaryEntry:
    return GlossaryEntry(slug, term, summary, f"docs/glossary/{slug}.md", f"glossary/{slug}.md")


GLOSSARY = {
    "customer": entry("customer", "Customer", "Anyone who relies on your work."),
    "internal-customer": entry("internal-customer", "Internal customer", "A colleague who relies on you."),
    "service-culture": entry("service-culture", "Service culture", "Shared habits & <b>values</b>."),
}


@pytest.fixture(scope="module")
def templates() -> ws.Templates:
    return ws.load_templates(ROOT / "worksheets")


def sheet_tree(templates: ws.Templates, sheet: ws.Worksheet, site: ws.SheetSite = SITE) -> lxml.html.HtmlElement:
    return lxml.html.fromstring(ws.render_sheet_html(templates, sheet, site))


# --- Inline Markdown of questions -------------------------------------------------------------


@pytest.mark.parametrize(
    ("markdown", "html"),
    [
        ("Who relies on your work each *week*?", "Who relies on your work each <em>week</em>?"),
        ("Is **this** `code`?", "Is <strong>this</strong> <code>code</code>?"),
        ("What would <b>change</b>?", "What would &lt;b&gt;change&lt;/b&gt;?"),
        ("Late & unchecked?", "Late &amp; unchecked?"),
        ("A <script>alert(1)</script> trap?", "A &lt;script&gt;alert(1)&lt;/script&gt; trap?"),
        ('Say "sorry" well?', 'Say "sorry" well?'),
        ("See [the chain](the-customer-chain.md)?", "See <span>the chain</span>?"),
        ("Visit <https://example.org>?", "Visit <span>https://example.org</span>?"),
        ("`<b>` in code?", "<code>&lt;b&gt;</code> in code?"),
    ],
)
def test_render_inline_escapes_raw_html_and_keeps_markup(markdown: str, html: str) -> None:
    assert ws.render_inline(markdown) == html


# --- Template context ---------------------------------------------------------------------------


def test_worksheet_context_numbers_questions_and_links_back() -> None:
    sheet = ws.build_worksheet(make_post(questions=("First?", "*Second*?", "Third?")), total=3, site=SITE)
    assert [(q.number, q.html) for q in sheet.questions] == [(1, "First?"), (2, "<em>Second</em>?"), (3, "Third?")]
    assert all(q.lines == ws.MIN_LINES for q in sheet.questions)
    assert (sheet.part, sheet.total, sheet.title, sheet.date) == (2, 3, "A second look", "2026-01-12")
    assert sheet.post_url == "https://example.org/blog/second-look/"
    assert sheet.post_href == "../../blog/second-look/"
    assert (sheet.page_url, sheet.pdf_name) == ("worksheets/second-look/", "second-look.pdf")
    assert sheet.qr.startswith("data:image/svg+xml")


def test_no_qr_code_without_an_absolute_address() -> None:
    site = ws.SheetSite(name="S", author="A", url="")
    assert ws.build_worksheet(make_post(), total=2, site=site).qr == ""
    assert ws.build_worksheet(make_post(), total=2, site=SITE, qr=False).qr == ""
    assert ws.build_worksheet(make_post(), total=2, site=site).post_url == "blog/second-look/"


def test_key_terms_in_order_of_first_use_each_once_unknown_skipped() -> None:
    slugs = ["internal-customer", "customer", "missing", "internal-customer", "service-culture"]
    sheet = ws.build_worksheet(make_post(), total=2, site=SITE, glossary=GLOSSARY, term_slugs=slugs)
    assert [t.term for t in sheet.key_terms] == ["Internal customer", "Customer", "Service culture"]
    assert sheet.key_terms[2].summary == "Shared habits &amp; &lt;b&gt;values&lt;/b&gt;."


def test_no_glossary_means_no_key_terms() -> None:
    assert ws.build_worksheet(make_post(), total=2, site=SITE, term_slugs=["customer"]).key_terms == ()


def test_pack_is_in_series_order_and_dated_by_its_newest_part() -> None:
    later = make_post("third", part=3, date=dt.datetime(2026, 2, 1, tzinfo=dt.UTC))
    sheets = [ws.build_worksheet(p, total=3, site=SITE) for p in (later, make_post())]
    pack = ws.build_pack(sheets)
    assert [s.part for s in pack.sheets] == [2, 3]
    assert (pack.edition, pack.pdf_name) == ("2026-02-01", "workshop-pack.pdf")


@pytest.mark.parametrize(
    ("target", "from_dir", "href"),
    [("blog/x/", "worksheets/x/", "../../blog/x/"), ("", "worksheets/x/", "../../"), ("a.html", "b/", "../a.html")],
)
def test_relative_href(target: str, from_dir: str, href: str) -> None:
    assert ws.relative_href(target, from_dir) == href


# --- Rendering the templates ---------------------------------------------------------------------


def test_sheet_html_escapes_author_text_everywhere(templates: ws.Templates) -> None:
    post = make_post(
        title="Fish & <chips>",
        description='She said "<script>alert(1)</script>"',
        questions=("What would <b>change</b>?",),
    )
    html = ws.render_sheet_html(templates, ws.build_worksheet(post, total=2, site=SITE), SITE)
    assert "<chips>" not in html and "<script>alert" not in html and "<b>change" not in html
    assert "Fish &amp; &lt;chips&gt;" in html
    tree = lxml.html.fromstring(html)
    assert tree.findtext(".//title").startswith("Part 2: Fish & <chips>")
    assert tree.find_class("ws-title")[0].text_content() == "Fish & <chips>"
    assert tree.xpath("//meta[@name='description']/@content") == ['She said "<script>alert(1)</script>"']
    assert "What would <b>change</b>?" in tree.find_class("ws-question__text")[0].text_content()


def test_sheet_html_numbers_questions_with_writing_lines(templates: ws.Templates) -> None:
    sheet = ws.build_worksheet(make_post(questions=("A?", "B?", "C?")), total=2, site=SITE)
    sheet = ws.with_lines(sheet, [2, 3, 4])
    tree = sheet_tree(templates, sheet)
    items = tree.find_class("ws-question")
    assert [" ".join(li.find_class("ws-question__text")[0].text_content().split()) for li in items] == [
        "1. A?",
        "2. B?",
        "3. C?",
    ]
    assert [len(li.find_class("ws-line")) for li in items] == [2, 3, 4]
    for marker in ("ws-questions-second-look", "ws-lines-second-look-1", "ws-footer-second-look"):
        assert tree.get_element_by_id(marker) is not None


def test_key_terms_section_only_when_the_post_uses_terms(templates: ws.Templates) -> None:
    bare = sheet_tree(templates, ws.build_worksheet(make_post(), total=2, site=SITE))
    assert bare.find_class("ws-terms") == []
    sheet = ws.build_worksheet(make_post(), total=2, site=SITE, glossary=GLOSSARY, term_slugs=["customer"])
    terms = sheet_tree(templates, sheet).find_class("ws-term")
    assert [" ".join(t.text_content().split()) for t in terms] == ["Customer Anyone who relies on your work."]


def test_sheet_html_sets_paper_metadata_and_footer(templates: ws.Templates) -> None:
    site = ws.SheetSite(name="S & Co", author="The <Editors>", url="https://example.org/", paper=ws.PAPERS["letter"])
    html = ws.render_sheet_html(templates, ws.build_worksheet(make_post(), total=2, site=site), site)
    assert "@page { size: 8.5in 11in; }" in html
    tree = lxml.html.fromstring(html)
    assert tree.xpath("//meta[@name='author']/@content") == ["The <Editors>"]
    footer = tree.get_element_by_id("ws-footer-second-look")
    assert footer.xpath(".//a/@href") == ["https://example.org/blog/second-look/"]
    assert footer.xpath(".//img[@class='ws-qr']/@src")[0].startswith("data:image/svg+xml")
    assert tree.find_class("ws-toolbar")[0].xpath(".//a/@href") == ["../../blog/second-look/", "../second-look.pdf"]


def test_flow_layout_is_marked_for_the_stylesheet(templates: ws.Templates) -> None:
    sheet = ws.as_flow(ws.build_worksheet(make_post(), total=2, site=SITE))
    article = sheet_tree(templates, sheet).find(".//article")
    assert article.get("class") == "ws-sheet ws-sheet--flow"
    assert len(article.find_class("ws-line")) == ws.FLOW_LINES * 2


def test_pack_html_has_cover_contents_and_every_sheet_in_order(templates: ws.Templates) -> None:
    posts = [make_post("b-post", part=2, title="Second"), make_post("a-post", part=1, title="First & <best>")]
    pack = ws.build_pack([ws.build_worksheet(p, total=2, site=SITE) for p in posts])
    tree = lxml.html.fromstring(ws.render_pack_html(templates, pack, SITE))
    assert tree.find_class("pack-cover") and tree.find_class("pack-contents")
    assert tree.xpath("//ol[@class='pack-contents__list']/li/a/@href") == ["#sheet-a-post", "#sheet-b-post"]
    assert [a.get("id") for a in tree.find_class("ws-sheet")] == ["sheet-a-post", "sheet-b-post"]
    assert tree.find_class("ws-title")[0].text_content() == "First & <best>"


POST_TEXT = """---
date: 2026-01-12
part: 2
slug: second-look
description: Hand-offs make a chain.
---

# A second look

Intro.

<!-- more -->

## Reflect

Take ten minutes.

1. Which *hand-off* goes wrong
   most often?
2. What would <b>change</b> if it came late & unchecked?
    - think of `one` case
3) Who is next?
"""


def test_from_a_post_to_its_sheet(templates: ws.Templates) -> None:
    post, report = parse_post(POST_TEXT, "docs/blog/posts/second-look.md", "blog/posts/second-look.md")
    assert report.errors == [] and post is not None
    sheet = ws.build_worksheet(post, total=3, site=SITE)
    texts = [" ".join(p.text_content().split()) for p in sheet_tree(templates, sheet).find_class("ws-question__text")]
    assert texts == [
        "1. Which hand-off goes wrong most often?",
        "2. What would <b>change</b> if it came late & unchecked? think of one case",
        "3. Who is next?",
    ]
    html = ws.render_sheet_html(templates, sheet, SITE)
    assert "<em>hand-off</em>" in html and "<code>one</code>" in html and "&lt;b&gt;change&lt;/b&gt;" in html


# --- Template errors ------------------------------------------------------------------------------


@pytest.fixture
def template_copy(tmp_path: Path) -> Path:
    target = tmp_path / "worksheets"
    shutil.copytree(ROOT / "worksheets", target)
    return target


def break_template(folder: Path, name: str, old: str, new: str) -> int:
    """Replace text in a template; return the 1-based line of the change."""
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return text[: text.index(old)].count("\n") + 1


def test_syntax_error_names_template_and_line(template_copy: Path) -> None:
    line = break_template(template_copy, "worksheet.html.j2", "{{ worksheet.title }}", "{{ worksheet.title }")
    with pytest.raises(AuthorError) as caught:
        ws.load_templates(template_copy)
    assert (caught.value.path, caught.value.line) == ("worksheets/worksheet.html.j2", line)
    assert "syntax" in caught.value.what


def test_syntax_error_in_the_included_stylesheet_is_found_early(template_copy: Path) -> None:
    break_template(template_copy, "print.css", "body {", "{% if %} body {")
    with pytest.raises(AuthorError, match=r"worksheets/print\.css:\d+"):
        ws.load_templates(template_copy)


@pytest.mark.parametrize(
    ("name", "old", "new", "what"),
    [
        ("worksheet.html.j2", "{{ worksheet.title }}", "{{ worksheet.headline }}", "does not exist"),
        ("sheet.html.j2", "{{ worksheet.description }}", "{{ summary }}", "'summary' is undefined"),
        ("worksheet.html.j2", '{% include "print.css" %}', '{% include "missing.css" %}', "'missing.css'"),
        ("sheet.html.j2", "{{ worksheet.part }} of", "{{ worksheet.part / 0 }} of", "ZeroDivisionError"),
    ],
)
def test_render_error_names_template_and_line(template_copy: Path, name: str, old: str, new: str, what: str) -> None:
    line = break_template(template_copy, name, old, new)
    templates = ws.load_templates(template_copy)
    with pytest.raises(AuthorError) as caught:
        ws.render_sheet_html(templates, ws.build_worksheet(make_post(), total=2, site=SITE), SITE)
    assert (caught.value.path, caught.value.line) == (f"worksheets/{name}", line)
    assert what in caught.value.what


def test_missing_template_is_an_author_error(template_copy: Path) -> None:
    (template_copy / "pack.html.j2").unlink()
    with pytest.raises(AuthorError, match="worksheets/pack.html.j2: the worksheet template is missing"):
        ws.load_templates(template_copy)


# --- Fitting to one page --------------------------------------------------------------------------


def px(mm: float) -> float:
    return mm * ws.PX_PER_MM


def layout(pages: int = 1, end: float = 150, footer: float = 250, questions: int = 2, slug: str = "second-look"):
    """A first layout with 2 lines of 7mm under each question, the last ending at `end` mm."""
    boxes = {f"ws-lines-{slug}-{n}": (0, px(end - 14), 0, px(end)) for n in range(1, questions + 1)}
    boxes[f"ws-questions-{slug}"] = (0, px(80), 0, px(end))
    boxes[f"ws-footer-{slug}"] = (0, px(footer), 0, px(footer + 20))
    return ws.Layout(pages, boxes)


def test_free_space_is_shared_out_as_writing_lines() -> None:
    sheet = ws.build_worksheet(make_post(questions=("A?", "B?", "C?")), total=2, site=SITE)
    # 100mm - 3mm kept free = 13 lines of 7mm: 5, 4, 4 extra.
    fitted = ws.fit_sheet(sheet, layout(end=150, footer=250, questions=3))
    assert [q.lines for q in fitted.questions] == [7, 6, 6] and not fitted.flow


def test_a_sheet_that_overflows_flows_onto_a_second_page() -> None:
    sheet = ws.build_worksheet(make_post(), total=2, site=SITE)
    assert ws.fit_sheet(sheet, layout(end=251, footer=250)).flow
    assert ws.fit_sheet(sheet, layout(pages=2)).flow
    assert [q.lines for q in ws.fit_sheet(sheet, layout(pages=2)).questions] == [ws.FLOW_LINES] * 2


def test_a_sheet_whose_last_question_is_clipped_does_not_fit() -> None:
    # A fixed-height sheet clips what overflows it: the page count stays 1, the markers go missing.
    sheet = ws.build_worksheet(make_post(), total=2, site=SITE)
    clipped = layout()
    del clipped.boxes["ws-lines-second-look-2"]
    assert not ws.fits(sheet, clipped) and ws.fit_sheet(sheet, clipped).flow
    no_footer = layout()
    del no_footer.boxes["ws-footer-second-look"]
    assert not ws.fits(sheet, no_footer)


def test_a_template_without_markers_keeps_the_minimum() -> None:
    sheet = ws.build_worksheet(make_post(), total=2, site=SITE)
    assert ws.fit_sheet(sheet, ws.Layout(1, {})) == sheet
    assert ws.fit_sheet(sheet, ws.Layout(2, {})).flow


# --- PDFs and the cache ---------------------------------------------------------------------------


def test_cache_round_trip_and_keys(tmp_path: Path) -> None:
    cache = ws.PdfCache(tmp_path / "cache")
    key = cache.key("<p>a</p>")
    assert cache.get(key) is None and key != cache.key("<p>b</p>") and key == cache.key("<p>a</p>")
    cache.put(key, ws.RenderedPdf(b"%PDF-1.7", 1, (3, 4), False, ("note",)))
    assert cache.get(key) == ws.RenderedPdf(b"%PDF-1.7", 1, (3, 4), False, ("note",))
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == [f"{key}.json", f"{key}.pdf"]
    old = time.time() - ws.CACHE_MAX_AGE - 10
    for path in (tmp_path / "cache").iterdir():
        os.utime(path, (old, old))
    assert cache.prune() == 2 and cache.get(key) is None


def test_no_cache_directory_means_no_caching() -> None:
    cache = ws.PdfCache(None)
    cache.put("k", ws.RenderedPdf(b"x", 1))
    assert cache.get("k") is None and cache.prune() == 0


def pdf_text(data: bytes) -> tuple[int, str, dict]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    text = " ".join(page.extract_text() for page in reader.pages)
    return len(reader.pages), re.sub(r"\s+", "", text), dict(reader.metadata or {})


def test_render_pdf_of_one_sheet(templates: ws.Templates) -> None:
    html = ws.render_sheet_html(templates, ws.build_worksheet(make_post(), total=2, site=SITE), SITE)
    rendered = ws.render_pdf(html)
    pages, text, meta = pdf_text(rendered.pdf)
    assert rendered.pages == pages == 1 and "Asecondlook" in text and meta["/Author"] == "The Editors"
    assert rendered.notes == ()  # the stylesheet holds nothing WeasyPrint ignores


def test_build_pdfs_fits_one_page_then_serves_from_cache(templates: ws.Templates, tmp_path: Path) -> None:
    posts = [make_post("one", part=1, title="One & only"), make_post("two", part=2, title="Second <look>")]
    sheets = [ws.build_worksheet(p, total=2, site=SITE, glossary=GLOSSARY, term_slugs=["customer"]) for p in posts]
    cache = ws.PdfCache(tmp_path / "cache")
    first = ws.build_pdfs(templates, sheets, SITE, cache, workers=2)
    assert sorted(first.rendered) == ["one.pdf", "two.pdf", "workshop-pack.pdf"] and first.from_cache == []
    for sheet in first.sheets:
        pages, text, meta = pdf_text(first.pdfs[sheet.pdf_name].pdf)
        assert pages == 1 and not sheet.flow
        assert sheet.title.replace(" ", "") in text and "Who?" in text and "Why?" in text
        assert meta["/Title"].startswith(f"Part {sheet.part}: {sheet.title}") and meta["/Author"] == "The Editors"
        assert all(q.lines > ws.MIN_LINES for q in sheet.questions)  # the free space went to writing lines
        assert first.html[sheet.slug].count('class="ws-line"') == sum(q.lines for q in sheet.questions)
    pages, text, meta = pdf_text(first.pdfs["workshop-pack.pdf"].pdf)
    assert pages == 4 and text.index("One&only") < text.index("Second<look>")
    again = ws.build_pdfs(templates, sheets, SITE, cache, workers=2)
    assert again.rendered == [] and sorted(again.from_cache) == sorted(first.pdfs)
    assert again.sheets == first.sheets and again.html == first.html
    assert {n: r.pdf for n, r in again.pdfs.items()} == {n: r.pdf for n, r in first.pdfs.items()}


def test_a_worksheet_too_long_for_one_page_runs_onto_two(templates: ws.Templates, tmp_path: Path) -> None:
    long = tuple(f"Question {n}: " + "why does this matter so much to the people you serve? " * 16 for n in range(6))
    sheet = ws.build_worksheet(make_post(questions=long), total=2, site=SITE)
    result = ws.build_pdfs(templates, [sheet], SITE, ws.PdfCache(tmp_path / "cache"))
    assert [s.slug for s in result.overflowing] == ["second-look"]
    reader = pypdf.PdfReader(io.BytesIO(result.pdfs["second-look.pdf"].pdf))
    assert len(reader.pages) == 2
    # No question is split from its writing space: each question's words sit on one page.
    for n in range(6):
        assert sum(f"Question{n}:" in re.sub(r"\s+", "", page.extract_text()) for page in reader.pages) == 1
    assert pdf_text(result.pdfs["workshop-pack.pdf"].pdf)[0] == 4


def test_insert_after_element_keeps_markup_and_finds_nested_end() -> None:
    from tce_toolkit.worksheets import insert_after_element

    html = '<svg viewBox="0 0 1 1"></svg>\n<h2 id="reflect">Reflect <em>now</em><a class="headerlink" href="#reflect">¶</a></h2>\n<ol><li>Q?</li></ol>'
    out = insert_after_element(html, "h2", "reflect", "<p>LINK</p>")
    assert out == html.replace("</h2>\n", "</h2><p>LINK</p>\n")
    assert insert_after_element("<h2 id='other'>x</h2>", "h2", "reflect", "<p/>") is None


def test_qr_codes_are_kept_on_disk(tmp_path) -> None:
    from tce_toolkit.worksheets import make_qr

    uri = make_qr("https://example.org/blog/a/", tmp_path / "qr")
    assert uri.startswith("data:image/svg+xml") and make_qr("https://example.org/blog/a/") == uri
    (stored,) = (tmp_path / "qr").iterdir()
    stored.write_text("data:image/svg+xml,stored")  # a second build reads the file, not the encoder
    assert make_qr("https://example.org/blog/a/", tmp_path / "qr") == "data:image/svg+xml,stored"


def test_unwritable_cache_does_not_stop_the_build(tmp_path) -> None:
    import logging

    from tce_toolkit.worksheets import PdfCache, RenderedPdf

    messages: list[str] = []
    handler = logging.Handler()
    handler.emit = lambda record: messages.append(record.getMessage())  # type: ignore[method-assign]
    logger = logging.getLogger("mkdocs.plugins.toolkit")  # MkDocs may stop propagation: listen here
    logger.addHandler(handler)
    level = logger.level
    logger.setLevel(logging.WARNING)
    try:
        (tmp_path / "gone").symlink_to(tmp_path / "missing-target")  # a dangling link, as a moved cache leaves
        cache = PdfCache(tmp_path / "gone" / "worksheets")
        cache.put("k", RenderedPdf(b"%PDF", 1, (2,), False, ()))
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    assert cache.get("k") is None
    assert any("cannot write the PDF cache" in message for message in messages)
