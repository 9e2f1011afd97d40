"""One layout per worksheet: the writing lines the page has room for are added to the laid-out sheet.

A sheet is laid out once, with the fewest writing lines (`Worksheet.min_lines`); `fit.fit_sheet` reads
from that layout how many more lines each question gets. Adding them changes nothing above them and
moves only what follows down by whole line pitches, so instead of laying the sheet out again the
lines are added to WeasyPrint's laid-out boxes: copies of each question's last ruled line, its
writing space and answer field made taller by as much, and the questions after it moved down. The
drawing is the one a second layout would make (the tests compare both, pixel for pixel).

Backgrounds are the one thing WeasyPrint places when it lays a page out rather than when it draws it
(`layout_backgrounds`, from each box's position and size at that moment), so after the boxes have
moved and grown, the backgrounds of the questions are placed again the same way: a tinted note box
moves with its note. A question whose backgrounds need an image (`url(...)`) is left to a second
layout, which has the images at hand.

The sheet template marks what this needs (see sheet.html.j2): the list `ws-questions-<slug>`, and per
question the writing space `ws-lines-<slug>-<n>` holding a `.ws-lines` block of `.ws-line` blocks. A
template that lays the sheet out otherwise is found out here (`grow_lines` returns False) and the
sheet is laid out a second time instead, as before.
"""

from __future__ import annotations

from typing import Any

from .context import Worksheet


def _classes(box: Any) -> list[str]:
    element = getattr(box, "element", None)
    return (element.get("class") or "").split() if element is not None else []


def _block(box: Any, test) -> Any | None:
    """The first block box under `box` (itself included) for which `test(box, element)` holds."""
    stack = [box]
    while stack:
        current = stack.pop(0)
        element = getattr(current, "element", None)
        if type(current).__name__ == "BlockBox" and element is not None and test(current, element):
            return current
        stack[:0] = list(getattr(current, "children", ()))
    return None


def _by_id(box: Any, ident: str) -> Any | None:
    return _block(box, lambda current, element: element.get("id") == ident and current.element_tag == element.tag)


def _needs_images(box: Any) -> bool:
    """Whether `box` or a box inside it draws an image from a URL (background, border or mask image)."""
    stack = [box]
    while stack:
        current = stack.pop()
        style = current.style
        if any(kind == "url" for kind, _ in style["background_image"]):
            return True
        if style["border_image_source"][0] == "url" or style["mask_border_source"][0] == "url":
            return True
        stack.extend(current.all_children())
    return False


def _no_image(**_: object) -> None:
    raise AssertionError("grow_lines lays out no background image")  # _needs_images keeps such boxes out


def grow_lines(page_box: Any, before: Worksheet, after: Worksheet) -> bool:
    """Give the laid-out sheet on `page_box` (laid out as `before`) the writing lines of `after`.

    Returns False, changing nothing, when the boxes are not the template's usual ones.
    """
    questions = _by_id(page_box, f"ws-questions-{before.slug}")
    section = _block(page_box, lambda _, element: "ws-questions" in (element.get("class") or "").split())
    if questions is None or section is None or len(questions.children) != len(before.questions):
        return False
    if _needs_images(section):
        return False
    plan = []
    for item, old, new in zip(questions.children, before.questions, after.questions, strict=True):
        extra = new.lines - old.lines
        answer = _by_id(item, f"ws-lines-{before.slug}-{old.number}")
        if answer is None or extra < 0:
            return False
        ruled = next((c for c in answer.children if "ws-lines" in _classes(c)), None)
        rules = [c for c in getattr(ruled, "children", ()) if "ws-line" in _classes(c)]
        if ruled is None or len(rules) != old.lines or not rules:
            return False
        pitch = rules[1].position_y - rules[0].position_y if len(rules) > 1 else rules[0].margin_height()
        if pitch <= 0:
            return False
        plan.append((item, answer, ruled, rules, extra, pitch))
    if before.gap or after.gap < 0:
        return False
    gap = after.gap  # the room under each question's lines (its padding-bottom in sheet.html.j2)
    shift = 0.0
    for item, answer, ruled, rules, extra, pitch in plan:
        if shift:
            item.translate(0, shift)  # moved down by the lines given to the questions above
        if gap:
            item.padding_bottom += gap
            shift += gap
        if not extra:
            continue
        copies = []
        for step in range(1, extra + 1):
            copy = rules[-1].deepcopy()
            copy.translate(0, pitch * step)
            copies.append(copy)
        ruled.children = [*ruled.children, *copies]
        grown = pitch * extra
        for box in (ruled, answer, item):
            box.height += grown
        for child in answer.children:
            if type(child).__name__ == "AbsolutePlaceholder":  # the answer field over the lines
                child.height += grown
        shift += grown
    questions.height += shift
    section.height += shift
    place_backgrounds(page_box, section)
    return True


def place_backgrounds(page_box: Any, box: Any) -> None:
    """Place the backgrounds of `box` and everything in it again, as the layout placed them (after a move)."""
    from weasyprint.layout.background import layout_box_backgrounds  # noqa: PLC0415 - with WeasyPrint

    layout_box_backgrounds(page_box, box, _no_image)
