"""Fitting a worksheet to its page: writing lines shared out to fill one page, or as many pages as it needs.

A sheet is first laid out at step 0 of its edition's order of giving way (`Worksheet.steps`): at least
three writing lines a question and six key terms. When even that does not fit, the next step is laid
out (three key terms, then the type at its minimums, then two lines), and only a sheet that does not fit
at the last step runs onto more pages. What fits gets its free space as writing lines, the same number
for every question; what is left, less than a line a question, is added under each question's lines (`gap`).

WeasyPrint lays out flex boxes slowly (seconds a page), so the sheet is laid out as plain blocks,
with the fewest writing lines per question (`Worksheet.min_lines`), reading from the layout where
the questions end and where the footer starts; the free space is then shared out as extra lines,
added to the laid-out boxes (`grow`), or by a second layout where those boxes are not the template's.
The sheet template marks those places with ids (see sheet.html.j2):
  ws-questions-<slug> the list of questions, ws-lines-<slug>-<n> the writing lines of question n,
  ws-footer-<slug> the footer.
A sheet whose content does not fit on one page even with MIN_LINES is laid out in flow: no fixed
height, the footer after the questions, each question kept on one page with its lines, over as
many pages as it needs. A one-page sheet has a fixed height, and WeasyPrint drops what overflows it
instead of starting a new page: so a sheet fits only when every mark is on its first page (the page
count alone would call a clipped sheet a fit).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from .context import Worksheet, lined

FLOW_LINES = 4  # writing lines under every question of a worksheet too long for one page
PX_PER_MM = 96 / 25.4
SAFETY_PX = 3 * PX_PER_MM  # room left free at the foot, for a browser's slightly different text metrics


@dataclass(frozen=True)
class Layout:
    """What a layout tells: the page count and the boxes of the sheet's marked elements."""

    pages: int
    boxes: dict[str, tuple[float, float, float, float]]  # id -> (x1, y1, x2, y2) in CSS px, on page 1
    marked: bool = True  # whether the HTML holds the marks at all (a template may leave them out)


def with_lines(
    sheet: Worksheet, lines: Sequence[int], flow: bool = False, *, gap: float = 0.0, step: int | None = None
) -> Worksheet:
    """`sheet` with the given writing lines under each question (and the room `gap` under each one's lines, in CSS px)."""
    questions = lined(sheet.questions, lines)
    return replace(sheet, questions=questions, flow=flow, gap=gap, step=sheet.step if step is None else step)


def as_flow(sheet: Worksheet) -> Worksheet:
    """`sheet` laid out to run onto as many pages as it needs, each question kept with its writing space."""
    return with_lines(sheet, [FLOW_LINES] * len(sheet.questions), flow=True, step=0)


def give_way(sheet: Worksheet) -> Worksheet:
    """The sheet at the next step of giving way, or in flow after the last step."""
    if sheet.step + 1 < len(sheet.steps):
        return sheet.at_step(sheet.step + 1)
    return as_flow(sheet)


def _gap(room: float, questions: int) -> float:
    """`room` px shared out under `questions` questions, rounded down to 1/100 px (as the HTML writes it)."""
    return max(0.0, int(room / questions * 100) / 100) if questions else 0.0


def fits(sheet: Worksheet, layout: Layout, room: float = 0.0) -> bool:
    """Whether a layout of `sheet` is one page with all its questions above the footer, `room` px spare.

    The footer sits at the foot of the page over the sheet, so one page is not enough: the last
    question's lines must end above the footer, and a mark missing from the page means its element
    was cut off. A template without the marks is judged by its page count alone.
    """
    if layout.pages != 1:
        return False
    if not layout.marked:
        return True
    boxes = layout.boxes
    questions = boxes.get(f"ws-questions-{sheet.slug}")
    footer = boxes.get(f"ws-footer-{sheet.slug}")
    last = boxes.get(f"ws-lines-{sheet.slug}-{len(sheet.questions)}") if sheet.questions else questions
    if questions is None or footer is None or last is None:
        return False
    return questions[3] + room <= footer[1]


def fit_sheet(sheet: Worksheet, layout: Layout) -> Worksheet:
    """Share the free space of a first layout (made with `sheet`'s lines) out as extra writing lines.

    Every question gets the same number of lines; the room left over is shared out under their lines.
    A sheet that does not fit comes back at the next step of giving way (`give_way`), to be laid out
    again; past the last step, in flow layout, to run onto as many pages as it needs.
    """
    if not fits(sheet, layout, SAFETY_PX):
        return give_way(sheet)
    boxes = layout.boxes
    questions = boxes.get(f"ws-questions-{sheet.slug}")
    first = boxes.get(f"ws-lines-{sheet.slug}-1")
    footer = boxes.get(f"ws-footer-{sheet.slug}")
    if not sheet.questions or questions is None or first is None or footer is None:
        return sheet  # nothing to measure by: keep the minimum writing space
    free = footer[1] - questions[3] - SAFETY_PX
    pitch = (first[3] - first[1]) / max(sheet.questions[0].lines, 1)
    if pitch <= 0:
        return sheet
    share = int(free // pitch) // len(sheet.questions)
    gap = _gap(free - share * len(sheet.questions) * pitch, len(sheet.questions))
    return with_lines(sheet, [q.lines + share for q in sheet.questions], gap=gap)


def refit(sheet: Worksheet) -> Worksheet:
    """The next layout to try when a fitted one-page sheet missed by a hair: a line fewer each, then give way."""
    lines = [q.lines - 1 for q in sheet.questions]
    if sheet.questions and min(lines) >= sheet.min_lines:
        return with_lines(sheet, lines)
    return give_way(sheet)
