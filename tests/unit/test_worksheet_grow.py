"""One layout per worksheet: lines added to the laid-out boxes draw exactly what a second layout draws."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from pathlib import Path

import pytest
from tce_toolkit import worksheets as ws
from tce_toolkit.models import Question, QuestionNotes
from tce_toolkit.worksheets.grow import grow_lines
from test_worksheet_pdf import GLOSSARY, SITE, TEMPLATES, make_post

pytestmark = pytest.mark.pdf


@pytest.fixture(scope="module")
def templates() -> ws.Templates:
    return ws.load_templates(TEMPLATES)


def pixels(pdf: bytes, folder: Path, name: str) -> bytes:
    tool = shutil.which("pdftoppm")
    if tool is None:
        pytest.skip("poppler-utils (pdftoppm) is not installed")
    (folder / f"{name}.pdf").write_bytes(pdf)
    # In colour: a tinted note box drawn in the wrong place shows as a change of hue, not only of grey.
    subprocess.run([tool, "-r", "60", folder / f"{name}.pdf", folder / name], check=True)
    return (folder / f"{name}-1.ppm").read_bytes()


def with_notes(post, every: int = 1):
    """`post` with facilitator notes (tinted boxes on the facilitator sheet) on every `every`-th question."""
    notes = QuestionNotes(6, "What the group should see in the *answers*, over a line or two of text.", "Ask again.")
    questions = tuple(
        Question(q.number, q.markdown, q.line, notes if q.number % every == 0 else None) for q in post.questions
    )
    return dataclasses.replace(post, questions=questions)


POSTS = [
    with_notes(
        make_post(
            "one", part=1, questions=("Who relies on your work each week?", "Why?", "How would you know?", "Next?")
        )
    ),
    with_notes(
        make_post(
            "two", part=2, questions=("A question long enough to wrap onto a second line of the sheet, " * 2,) * 5
        ),
        every=2,
    ),
]


@pytest.mark.parametrize("paper", ["a4", "letter"])
@pytest.mark.parametrize("audience", ws.AUDIENCES)
def test_grown_sheet_is_pixel_for_pixel_a_second_layout(
    templates: ws.Templates, tmp_path: Path, paper: str, audience: str
) -> None:
    site = dataclasses.replace(SITE, paper=ws.PAPERS[paper])
    sheets = [
        ws.build_worksheet(post, site=site, glossary=GLOSSARY, term_slugs=["customer"]).variant(
            ws.PAPERS[paper], audience
        )
        for post in POSTS
    ]
    lines: list[str] = []
    result = ws.build_pdfs(templates, sheets, site, ws.PdfCache(None), progress=lines.append)
    layouts = len(sheets) + 1  # one for each sheet, and the pack's cover and contents beside them
    assert lines[-1].startswith(f"{layouts} of {layouts} layouts (100%)"), "one layout per sheet"
    # Between them the sheets have lines added and room above their questions: both are drawn on the laid-out boxes.
    assert any(q.lines > s.min_lines for s in result.sheets for q in s.questions), "lines were added"
    assert any(s.gap > 0 for s in result.sheets), "room was added above the questions"
    for sheet in result.sheets:
        assert not sheet.flow and len({q.lines for q in sheet.questions}) == 1, "the same lines for every question"
        again = ws.render_checked_pdf(ws.render_sheet_html(templates, sheet, site, for_pdf=True))[0]
        grown = result.pdfs[sheet.pdf_name].pdf
        assert pixels(grown, tmp_path, f"{sheet.slug}-grown") == pixels(again.pdf, tmp_path, f"{sheet.slug}-again")


def test_a_sheet_too_long_for_a_page_is_laid_out_again_in_flow(templates: ws.Templates) -> None:
    post = make_post(
        "long", questions=tuple(f"Question {n}, asked at some length so that it wraps? " * 9 for n in range(6))
    )
    (sheet,) = [ws.build_worksheet(post, site=SITE)]
    lines: list[str] = []
    result = ws.build_pdfs(templates, [sheet], SITE, ws.PdfCache(None), progress=lines.append)
    (final,) = result.sheets
    assert final.flow and result.pdfs[final.pdf_name].pages > 1
    # One layout at each step of giving way, then one in flow; and the pack's front beside the first.
    layouts = len(ws.PARTICIPANT_STEPS) + 1 + 1
    assert lines[-1].startswith(f"{layouts} of {layouts} layouts"), "each step laid out once, then flow"


def test_boxes_not_of_the_template_are_left_alone(templates: ws.Templates) -> None:
    import weasyprint

    sheet = ws.build_worksheet(POSTS[0], site=SITE)
    html = ws.render_sheet_html(templates, sheet, SITE, for_pdf=True).replace("ws-questions-one", "renamed")
    page = weasyprint.HTML(string=html).render().pages[0]._page_box
    fitted = ws.with_lines(sheet, [q.lines + 2 for q in sheet.questions])
    assert grow_lines(page, sheet, fitted) is False
