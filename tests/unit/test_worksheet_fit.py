"""Fitting a worksheet to its page: the layout maths, on layouts made by hand (no WeasyPrint)."""

from __future__ import annotations

from tce_toolkit import worksheets as ws
from worksheet_samples import SITE, make_post


def px(mm: float) -> float:
    return mm * ws.PX_PER_MM


def layout(pages: int = 1, end: float = 150, footer: float = 250, questions: int = 2, slug: str = "second-look"):
    """A first layout with 2 lines of 7mm under each question, the last ending at `end` mm."""
    boxes = {f"ws-lines-{slug}-{n}": (0, px(end - 14), 0, px(end)) for n in range(1, questions + 1)}
    boxes[f"ws-questions-{slug}"] = (0, px(80), 0, px(end))
    boxes[f"ws-footer-{slug}"] = (0, px(footer), 0, px(footer + 20))
    return ws.Layout(pages, boxes)


def sheet_of(questions: int = 2) -> ws.Worksheet:
    return ws.build_worksheet(make_post(questions=tuple(f"Q{n}?" for n in range(questions))), total=2, site=SITE)


def test_free_space_is_shared_out_as_writing_lines() -> None:
    # 100mm - 3mm kept free = 13 lines of 7mm: 5, 4, 4 extra.
    fitted = ws.fit_sheet(sheet_of(3), layout(end=150, footer=250, questions=3))
    assert [q.lines for q in fitted.questions] == [7, 6, 6] and not fitted.flow


def test_a_sheet_that_overflows_flows_onto_more_pages() -> None:
    sheet = sheet_of()
    assert ws.fit_sheet(sheet, layout(end=251, footer=250)).flow
    assert ws.fit_sheet(sheet, layout(pages=2)).flow
    assert ws.fit_sheet(sheet, layout(pages=3)).flow
    assert [q.lines for q in ws.fit_sheet(sheet, layout(pages=2)).questions] == [ws.FLOW_LINES] * 2


def test_the_safety_margin_counts_when_fitting_but_not_when_checking() -> None:
    sheet = sheet_of()
    tight = layout(end=249, footer=250)  # 1mm free, less than the 3mm kept for browsers
    assert ws.fits(sheet, tight) and not ws.fits(sheet, tight, ws.SAFETY_PX)
    assert ws.fit_sheet(sheet, tight).flow


def test_a_sheet_cut_off_at_the_foot_of_the_page_does_not_fit() -> None:
    # A one-page sheet has a fixed height: what overflows it is dropped, the page count stays 1,
    # and the marks of what was dropped have no box on the page.
    sheet = sheet_of()
    clipped = layout()
    del clipped.boxes["ws-lines-second-look-2"]
    assert not ws.fits(sheet, clipped) and ws.fit_sheet(sheet, clipped).flow
    no_footer = layout()
    del no_footer.boxes["ws-footer-second-look"]
    assert not ws.fits(sheet, no_footer)
    # A title taller than the page: nothing but the kicker is left on it.
    assert not ws.fits(sheet, ws.Layout(1, {})) and ws.fit_sheet(sheet, ws.Layout(1, {})).flow


def test_a_template_without_marks_is_judged_by_its_pages_and_keeps_the_minimum() -> None:
    sheet = sheet_of()
    assert ws.fit_sheet(sheet, ws.Layout(1, {}, marked=False)) == sheet
    assert ws.fit_sheet(sheet, ws.Layout(2, {}, marked=False)).flow


def test_refit_takes_a_line_from_each_question_then_gives_up_to_flow() -> None:
    sheet = ws.with_lines(sheet_of(3), [4, 3, 3])
    fewer = ws.refit(sheet)
    assert [q.lines for q in fewer.questions] == [3, 2, 2] and not fewer.flow
    flowing = ws.refit(fewer)
    assert flowing.flow and [q.lines for q in flowing.questions] == [ws.FLOW_LINES] * 3


def test_with_lines_and_as_flow_keep_everything_else() -> None:
    sheet = sheet_of(2)
    changed = ws.with_lines(sheet, [5, 6])
    assert [q.lines for q in changed.questions] == [5, 6] and not changed.flow
    assert [q.html for q in changed.questions] == [q.html for q in sheet.questions]
    assert ws.as_flow(sheet).title == sheet.title and ws.as_flow(sheet).flow
