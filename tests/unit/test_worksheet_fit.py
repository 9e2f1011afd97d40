"""Fitting a worksheet to its page: the layout maths, on layouts made by hand (no WeasyPrint)."""

from __future__ import annotations

from tce_toolkit import worksheets as ws
from worksheet_samples import SITE, make_post


def px(mm: float) -> float:
    return mm * ws.PX_PER_MM


def layout(
    pages: int = 1, end: float = 150, footer: float = 250, questions: int = 2, slug: str = "second-look", lines: int = 3
):
    """A first layout with `lines` lines of 7mm under each question, the last ending at `end` mm."""
    boxes = {f"ws-lines-{slug}-{n}": (0, px(end - 7 * lines), 0, px(end)) for n in range(1, questions + 1)}
    boxes[f"ws-questions-{slug}"] = (0, px(80), 0, px(end))
    boxes[f"ws-footer-{slug}"] = (0, px(footer), 0, px(footer + 20))
    return ws.Layout(pages, boxes)


def sheet_of(questions: int = 2) -> ws.Worksheet:
    return ws.build_worksheet(make_post(questions=tuple(f"Q{n}?" for n in range(questions))), site=SITE)


def test_a_new_sheet_starts_at_the_first_step_with_its_floor_of_lines() -> None:
    sheet = sheet_of(3)
    assert sheet.step == 0 and sheet.gap == 0 and not sheet.flow
    assert [q.lines for q in sheet.questions] == [ws.PARTICIPANT_STEPS[0].floor] * 3
    facilitator = sheet.variant(ws.PAPERS["letter"], ws.FACILITATOR)
    assert [q.lines for q in facilitator.questions] == [ws.FACILITATOR_STEPS[0].floor] * 3


def test_free_space_is_shared_out_as_the_same_writing_lines_for_every_question() -> None:
    # 100mm - 3mm kept free = 13 whole lines of 7mm: 4 more for each of 3 questions (12), and the
    # 97mm - 84mm = 13mm left over shared out under the 3 questions' lines.
    fitted = ws.fit_sheet(sheet_of(3), layout(end=150, footer=250, questions=3))
    assert [q.lines for q in fitted.questions] == [7, 7, 7] and not fitted.flow and fitted.step == 0
    assert abs(fitted.gap - px(13 / 3)) < 0.01 and fitted.gap <= px(13 / 3)


def test_a_sheet_that_does_not_fit_gives_way_step_by_step_then_flows() -> None:
    sheet = sheet_of()
    seen = []
    current = sheet
    while not current.flow:
        current = ws.fit_sheet(current, layout(end=251, footer=250))
        seen.append(current)
    assert [s.step for s in seen[:-1]] == list(range(1, len(ws.PARTICIPANT_STEPS)))
    for step, given in zip(ws.PARTICIPANT_STEPS[1:], seen, strict=False):
        assert [q.lines for q in given.questions] == [step.floor] * 2
    assert [q.lines for q in seen[-1].questions] == [ws.FLOW_LINES] * 2
    last = sheet.at_step(len(ws.PARTICIPANT_STEPS) - 1)
    assert ws.fit_sheet(last, layout(pages=2)).flow and ws.fit_sheet(last, layout(pages=3)).flow


def test_the_order_of_giving_way_is_key_terms_then_type_then_lines() -> None:
    for steps in (ws.PARTICIPANT_STEPS, ws.FACILITATOR_STEPS):
        floors = [s.floor for s in steps]
        terms = [1000 if s.terms is None else s.terms for s in steps]
        compact = [s.compact for s in steps]
        assert floors == sorted(floors, reverse=True) and terms == sorted(terms, reverse=True)
        assert compact == sorted(compact) and steps[-1].compact
        assert steps[0].floor >= 2 and steps[-1].floor >= 1
    # On a participants' sheet the lines go below three only once the type is at its minimums; on a
    # facilitator sheet, read more than written on, the lines give way before the type.
    assert all(s.compact for s in ws.PARTICIPANT_STEPS if s.floor < ws.PARTICIPANT_STEPS[0].floor)
    assert not any(s.compact for s in ws.FACILITATOR_STEPS if s.floor == ws.FACILITATOR_STEPS[0].floor)
    # On the participants' sheet the key terms give way first, and three stay until the last step.
    assert ws.PARTICIPANT_STEPS[1].terms < ws.PARTICIPANT_STEPS[0].terms
    assert ws.PARTICIPANT_STEPS[1].floor == ws.PARTICIPANT_STEPS[0].floor == 3


def test_the_safety_margin_counts_when_fitting_but_not_when_checking() -> None:
    sheet = sheet_of()
    tight = layout(end=249, footer=250)  # 1mm free, less than the 3mm kept for browsers
    assert ws.fits(sheet, tight) and not ws.fits(sheet, tight, ws.SAFETY_PX)
    assert ws.fit_sheet(sheet, tight).step == 1


def test_a_sheet_cut_off_at_the_foot_of_the_page_does_not_fit() -> None:
    # A one-page sheet has a fixed height: what overflows it is dropped, the page count stays 1,
    # and the marks of what was dropped have no box on the page.
    sheet = sheet_of()
    clipped = layout()
    del clipped.boxes["ws-lines-second-look-2"]
    assert not ws.fits(sheet, clipped) and ws.fit_sheet(sheet, clipped).step == 1
    no_footer = layout()
    del no_footer.boxes["ws-footer-second-look"]
    assert not ws.fits(sheet, no_footer)
    # A title taller than the page: nothing but the kicker is left on it.
    assert not ws.fits(sheet, ws.Layout(1, {})) and ws.fit_sheet(sheet, ws.Layout(1, {})).step == 1


def test_a_template_without_marks_is_judged_by_its_pages_and_keeps_the_minimum() -> None:
    sheet = sheet_of()
    assert ws.fit_sheet(sheet, ws.Layout(1, {}, marked=False)) == sheet
    assert ws.fit_sheet(sheet, ws.Layout(2, {}, marked=False)).step == 1


def test_refit_takes_a_line_from_each_question_then_gives_way() -> None:
    sheet = ws.with_lines(sheet_of(3), [5, 4, 4])
    fewer = ws.refit(sheet)
    assert [q.lines for q in fewer.questions] == [4, 3, 3] and not fewer.flow and fewer.step == 0
    given = ws.refit(fewer)
    assert given.step == 1 and [q.lines for q in given.questions] == [ws.PARTICIPANT_STEPS[1].floor] * 3
    last = sheet.at_step(len(ws.PARTICIPANT_STEPS) - 1)
    flowing = ws.refit(last)
    assert flowing.flow and [q.lines for q in flowing.questions] == [ws.FLOW_LINES] * 3


def test_with_lines_and_as_flow_keep_everything_else() -> None:
    sheet = sheet_of(2)
    changed = ws.with_lines(sheet, [5, 6])
    assert [q.lines for q in changed.questions] == [5, 6] and not changed.flow
    assert [q.html for q in changed.questions] == [q.html for q in sheet.questions]
    assert ws.as_flow(sheet).title == sheet.title and ws.as_flow(sheet).flow
