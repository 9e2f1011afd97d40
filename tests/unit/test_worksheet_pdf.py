"""Real WeasyPrint renders: one page when it fits, as many pages as it needs when not, never a word lost.

Every PDF is read back with pypdf, not with the code under test.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tce_toolkit import worksheets as ws
from worksheet_samples import GLOSSARY, SITE, TEMPLATES, make_post, pdf_metadata, pdf_pages, squash

pytestmark = pytest.mark.pdf

LONG_TITLE = ("Why the customer at the end of the chain depends on every hand-off inside the team, " * 5)[:400]
QUESTION = "Question {n}: who relies on the work you hand over each week, and what do they need from it to do theirs?"
DESCRIPTION = "Two plain sentences that sum up the post. They appear on the home page and on the worksheet."


@pytest.fixture(scope="module")
def templates() -> ws.Templates:
    return ws.load_templates(TEMPLATES)


def build(templates: ws.Templates, *posts, cache: ws.PdfCache | None = None, **kw) -> ws.PdfBuild:
    sheets = [ws.build_worksheet(post, site=SITE, **kw) for post in posts]
    return ws.build_pdfs(templates, sheets, SITE, cache or ws.PdfCache(None))


def assert_every_word_is_there(result: ws.PdfBuild, post) -> list[str]:
    """The whole title and every question in the worksheet's PDF; its pages as reported and as read."""
    (sheet,) = [s for s in result.sheets if s.slug == post.slug]
    pages = pdf_pages(result.pdfs[sheet.pdf_name].pdf)
    text = "".join(pages)
    assert squash(post.title) in text
    for question in post.questions:
        assert squash(question.markdown) in text, question.markdown
    assert all(pages), "no page is blank"
    reported = {overflow.slug: overflow.pages for overflow in result.overflowing}.get(sheet.slug, 1)
    assert reported == result.pdfs[sheet.pdf_name].pages == len(pages)
    return pages


def test_render_pdf_of_one_sheet(templates: ws.Templates) -> None:
    html = ws.render_sheet_html(templates, ws.build_worksheet(make_post(), site=SITE), SITE, for_pdf=True)
    rendered = ws.render_pdf(html)
    pages = pdf_pages(rendered.pdf)
    assert rendered.pages == len(pages) == 1 and "Asecondlook" in pages[0]
    assert pdf_metadata(rendered.pdf)["/Author"] == "The Editors"
    assert rendered.notes == ()  # the stylesheets hold nothing WeasyPrint ignores


def test_build_pdfs_fits_one_page_then_serves_from_cache(templates: ws.Templates, tmp_path: Path) -> None:
    posts = [make_post("one", part=1, title="One & only"), make_post("two", part=2, title="Second <look>")]
    cache = ws.PdfCache(tmp_path / "cache")
    first = build(templates, *posts, cache=cache, glossary=GLOSSARY, term_slugs=["customer"])
    assert sorted(first.rendered) == ["one-a4.pdf", "two-a4.pdf", "workshop-pack-a4.pdf"] and first.from_cache == []
    assert first.overflowing == [] and first.warnings == []
    for sheet in first.sheets:
        pages = pdf_pages(first.pdfs[sheet.pdf_name].pdf)
        assert len(pages) == 1 and not sheet.flow
        assert sheet.title.replace(" ", "") in pages[0] and "Who?" in pages[0] and "Why?" in pages[0]
        meta = pdf_metadata(first.pdfs[sheet.pdf_name].pdf)
        assert meta["/Title"].startswith(f"Part {sheet.part}: {sheet.title}") and meta["/Author"] == "The Editors"
        assert all(q.lines > ws.MIN_LINES for q in sheet.questions)  # the free space went to writing lines
        assert first.html[sheet.slug].count('class="ws-line"') == sum(q.lines for q in sheet.questions)
        assert "bookmark-level" not in first.html[sheet.slug]  # the page for browsers, not the PDF's HTML
    pack = pdf_pages(first.pdfs["workshop-pack-a4.pdf"].pdf)
    assert len(pack) == 4 and "".join(pack).index("One&only") < "".join(pack).index("Second<look>")
    again = build(templates, *posts, cache=cache, glossary=GLOSSARY, term_slugs=["customer"])
    assert again.rendered == [] and sorted(again.from_cache) == sorted(first.pdfs)
    assert again.sheets == first.sheets and again.html == first.html
    assert {n: r.pdf for n, r in again.pdfs.items()} == {n: r.pdf for n, r in first.pdfs.items()}
    # Nothing is held that can be copied: every PDF of both builds is a file in the cache, not bytes in
    # memory, and goes into the site file to file.
    for name, rendered in [*first.pdfs.items(), *again.pdfs.items()]:
        assert rendered.content == b"" and rendered.source is not None
        assert rendered.source.parent == tmp_path / "cache", name
    target = tmp_path / "site" / "one-a4.pdf"
    target.parent.mkdir()
    again.pdfs["one-a4.pdf"].write_to(target)
    assert target.read_bytes() == again.pdfs["one-a4.pdf"].source.read_bytes()


def test_a_400_character_title_loses_no_word(templates: ws.Templates) -> None:
    assert len(LONG_TITLE) == 400
    post = make_post(
        title=LONG_TITLE, description=DESCRIPTION, questions=tuple(QUESTION.format(n=n) for n in (1, 2, 3))
    )
    result = build(templates, post)
    assert len(assert_every_word_is_there(result, post)) == 1 and result.overflowing == []


def test_a_400_character_title_with_key_terms_and_six_questions_gives_way_and_keeps_one_page(
    templates: ws.Templates,
) -> None:
    post = make_post(title=LONG_TITLE, description=DESCRIPTION, questions=tuple(QUESTION.format(n=n) for n in range(6)))
    result = build(templates, post, glossary=GLOSSARY, term_slugs=list(GLOSSARY))
    pages = assert_every_word_is_there(result, post)
    (sheet,) = result.sheets
    assert len(pages) == 1 and not sheet.flow and result.overflowing == []
    assert sheet.step > 0, "something gave way to keep the sheet on one page"
    assert len({q.lines for q in sheet.questions}) == 1 and sheet.questions[0].lines >= sheet.min_lines


def test_a_title_taller_than_the_page_runs_on_instead_of_leaving_a_blank_page(templates: ws.Templates) -> None:
    # Once, the sheet's fixed height cut all of it off and the PDF was one page with only the kicker.
    post = make_post(title=LONG_TITLE * 8, questions=("Who?", "Why?"))
    result = build(templates, post)
    pages = assert_every_word_is_there(result, post)
    assert len(pages) > 1 and result.overflowing == [(result.sheets[0], len(pages))]
    assert len(pages[0]) > 200, "the title starts on the first page"


def test_twelve_questions_run_onto_as_many_pages_as_they_need(templates: ws.Templates) -> None:
    post = make_post(questions=tuple(QUESTION.format(n=n) for n in range(1, 13)))
    result = build(templates, post)
    pages = assert_every_word_is_there(result, post)
    ((sheet, count),) = result.overflowing
    assert sheet.slug == "second-look" and sheet.flow and count == len(pages) >= 2
    # No question is split from its writing space: each question's words sit on one page.
    for n in range(1, 13):
        assert sum(squash(QUESTION.format(n=n)) in page for page in pages) == 1
    # The pack gives the sheet the same pages: cover, contents, then the worksheet.
    pack = pdf_pages(result.pdfs["workshop-pack-a4.pdf"].pdf)
    assert len(pack) == 2 + count and all(squash(QUESTION.format(n=n)) in "".join(pack) for n in range(1, 13))


def test_overflow_is_said_per_sheet_in_series_order(templates: ws.Templates) -> None:
    long = make_post("long", part=1, questions=tuple(QUESTION.format(n=n) for n in range(1, 13)))
    short = make_post("short", part=2)
    result = build(templates, long, short)
    assert [(o.slug, o.pages) for o in result.overflowing] == [("long", result.pdfs["long-a4.pdf"].pages)]
    assert result.overflowing[0].pages == len(pdf_pages(result.pdfs["long-a4.pdf"].pdf)) > 1
    assert result.pdfs["short-a4.pdf"].pages == 1 and not result.sheets[1].flow


def test_a_cache_that_cannot_be_written_costs_time_and_says_so(templates: ws.Templates, tmp_path: Path) -> None:
    (tmp_path / "gone").symlink_to(tmp_path / "missing-target")
    result = build(templates, make_post(), cache=ws.PdfCache(tmp_path / "gone" / "worksheets"))
    assert sorted(result.rendered) == ["second-look-a4.pdf", "workshop-pack-a4.pdf"]
    (note,) = result.warnings
    assert "cannot write the PDF cache" in note and "rendered again next time" in note


def test_a_warm_build_renders_no_pdf_html_and_a_stylesheet_edit_renders_every_sheet_again(
    templates: ws.Templates, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from tce_toolkit.worksheets import build as build_module

    posts = [make_post("one", part=1), make_post("two", part=2)]
    cache = ws.PdfCache(tmp_path / "cache")
    build(templates, *posts, cache=cache)
    made: list[str] = []
    real = build_module.render_sheet_html

    def counting(templates_, sheet, site, *, for_pdf=False):
        if for_pdf:
            made.append(sheet.pdf_name)
        return real(templates_, sheet, site, for_pdf=for_pdf)

    monkeypatch.setattr(build_module, "render_sheet_html", counting)
    again = build(templates, *posts, cache=cache)
    assert again.rendered == [] and made == [], "the cache key needs no HTML"
    # The same templates in another folder with one stylesheet changed: every sheet is new.
    copy = tmp_path / "templates"
    shutil.copytree(TEMPLATES, copy)
    (copy / "print.css").write_text((copy / "print.css").read_text() + "\n.ws-title { color: #000; }\n")
    changed = build(ws.load_templates(copy), *posts, cache=cache)
    assert sorted(changed.rendered) == ["one-a4.pdf", "two-a4.pdf", "workshop-pack-a4.pdf"]
    assert sorted(made) == ["one-a4.pdf", "two-a4.pdf"]
    # Editing the folder's README changes no PDF.
    (copy / "README.md").write_text("notes\n")
    assert build(ws.load_templates(copy), *posts, cache=cache).rendered == []


def test_publishing_a_part_lays_out_only_that_parts_sheets(templates: ws.Templates, tmp_path: Path) -> None:
    # A sheet shows nothing of the rest of the series, so a new part (or a renumbered one) costs its own
    # sheets only; the pack, which lists the whole series, is put together again from the sheets.
    cache = ws.PdfCache(tmp_path / "cache")
    one, two = make_post("one", part=1), make_post("two", part=2)
    first = build(templates, one, two, cache=cache)
    assert sorted(first.laid_out)[:2] == ["one-a4.pdf", "two-a4.pdf"]
    added = build(templates, one, two, make_post("three", part=3), cache=cache)
    # Its sheet, and the pack's new cover and contents once, beside the sheet (its front page count as
    # the last pack's); the page numbers, "n / 5" now on every page, are drawn, never laid out.
    assert added.laid_out == ["three-a4.pdf", "workshop-pack-a4.pdf: cover and contents"]
    assert sorted(added.rendered) == ["three-a4.pdf", "workshop-pack-a4.pdf"]
    pack = pdf_pages(added.pdfs["workshop-pack-a4.pdf"].pdf)
    assert len(pack) == 2 + 3 and "Part3" in "".join(pack[2:])
    assert [page.replace(" ", "").endswith(f"{n}/5") for n, page in enumerate(pack[1:], start=2)] == [True] * 4
    # Renumbering: only the parts whose own number changed are laid out again.
    renumbered = build(templates, one, make_post("three", part=2), make_post("two", part=3), cache=cache)
    assert sorted(n for n in renumbered.laid_out if "pack" not in n) == ["three-a4.pdf", "two-a4.pdf"]
    assert "one-a4.pdf" in renumbered.from_cache


def test_weasyprints_remarks_on_a_stylesheet_reach_every_sheet_that_uses_it() -> None:
    # The stylesheet is parsed once per process: what WeasyPrint said about it must still come back with
    # each PDF made from it, so the build log names a style it ignored however many sheets there are.
    html = "<html><head><style>p { colour: red; }</style></head><body><p>Hello</p></body></html>"
    first, second = ws.render_pdf(html), ws.render_pdf(html)
    assert first.notes and first.notes == second.notes
    assert any("colour" in note for note in first.notes)
