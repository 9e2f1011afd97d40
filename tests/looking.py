"""Looking at a PDF page the way a person does, from its geometry: where words and drawings sit.

pdfplumber reads every word's box and every filled shape; WeasyPrint draws a border as a filled shape
with a hole (an outer and an inner rectangle of one colour), so a rule is the band between two such
rectangles. The checks say, in words, what a person would see: text in the margin, two words on top of
each other, a ruled line through a word, a tinted box that does not hold its own text.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from pathlib import Path

import pdfplumber

PT_PER_MM = 72 / 25.4
TOLERANCE = 0.6  # pt: rounding in the PDF and in pdfplumber
PAGE_NUMBER = re.compile(r"^(\d+|/)$")


@dataclass(frozen=True)
class Box:
    x0: float
    top: float
    x1: float
    bottom: float
    label: str = ""

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def overlap(self, other: Box) -> float:
        """The area two boxes share."""
        w = min(self.x1, other.x1) - max(self.x0, other.x0)
        h = min(self.bottom, other.bottom) - max(self.top, other.top)
        return w * h if w > 0 and h > 0 else 0.0

    def holds(self, other: Box, slack: float = TOLERANCE) -> bool:
        """Whether `other` lies wholly inside this box."""
        return (
            other.x0 >= self.x0 - slack
            and other.x1 <= self.x1 + slack
            and other.top >= self.top - slack
            and other.bottom <= self.bottom + slack
        )


def _colour(shape: dict) -> tuple[float, ...]:
    colour = shape.get("non_stroking_color")
    if isinstance(colour, (int, float)):
        return (float(colour),) * 3
    return tuple(float(c) for c in (colour or (0.0,)))


def _is_tint(colour: tuple[float, ...]) -> bool:
    """A light, not white, fill: the colour of a shaded box behind text."""
    return len(colour) >= 3 and all(c > 0.8 for c in colour[:3]) and any(c < 0.99 for c in colour[:3])


def rules(page) -> list[Box]:
    """Horizontal rules: bands between the outer and inner rectangle of one border, or thin filled rectangles."""
    rects = [r for r in page.rects if r.get("fill")]
    bands: list[Box] = []
    by_colour: dict[tuple, list[dict]] = {}
    for rect in rects:
        by_colour.setdefault(_colour(rect), []).append(rect)
        if rect["bottom"] - rect["top"] <= 2.0 and rect["x1"] - rect["x0"] > 5:
            bands.append(Box(rect["x0"], rect["top"], rect["x1"], rect["bottom"], "rule"))
    for group in by_colour.values():
        for outer in group:
            for inner in group:
                same_sides = (
                    abs(outer["x0"] - inner["x0"]) < 0.01
                    and abs(outer["x1"] - inner["x1"]) < 0.01
                    and abs(outer["top"] - inner["top"]) < 0.01
                )
                gap = outer["bottom"] - inner["bottom"]
                if same_sides and 0.01 < gap <= 2.0 and outer["x1"] - outer["x0"] > 5:
                    bands.append(Box(inner["x0"], inner["bottom"], inner["x1"], outer["bottom"], "rule"))
    return bands


def tints(page) -> list[Box]:
    """The shaded boxes drawn behind text (light fills, not borders)."""
    return [
        Box(r["x0"], r["top"], r["x1"], r["bottom"], "tint")
        for r in page.rects
        if r.get("fill") and _is_tint(_colour(r)) and r["bottom"] - r["top"] > 3
    ]


def words(page) -> list[Box]:
    return [Box(w["x0"], w["top"], w["x1"], w["bottom"], w["text"]) for w in page.extract_words()]


def look_at_page(page, margins_mm: tuple[float, float, float], *, numbered: bool = False) -> list[str]:
    """What a person would see wrong on one page; `numbered` allows a page number in the bottom margin."""
    problems: list[str] = []
    top, side, bottom = (m * PT_PER_MM for m in margins_mm)
    area = Box(side, top, float(page.width) - side, float(page.height) - bottom)
    text = words(page)
    # 1. Nothing outside the margins: words, shapes, form fields.
    shapes = [Box(s["x0"], s["top"], s["x1"], s["bottom"], "shape") for s in (*page.rects, *page.lines, *page.curves)]
    fields = [Box(float(a["x0"]), float(a["top"]), float(a["x1"]), float(a["bottom"]), "field") for a in page.annots]
    for box in (*text, *shapes, *fields):
        if numbered and PAGE_NUMBER.match(box.label) and box.top > area.bottom:
            continue
        if not area.holds(box):
            problems.append(f"'{box.label}' outside the margins at {box.x0:.0f},{box.top:.0f}")
    # 2. No two words on top of each other.
    ordered = sorted(text, key=lambda b: b.top)
    for i, one in enumerate(ordered):
        for other in ordered[i + 1 :]:
            if other.top >= one.bottom:
                break
            if one.overlap(other) > 0.15 * min(one.width * one.height, other.width * other.height):
                problems.append(f"'{one.label}' and '{other.label}' overlap at {one.x0:.0f},{one.top:.0f}")
    # 3. No ruled line through a word (a line may sit under a word, not across its letters).
    bands = rules(page)
    for band in bands:
        middle = (band.top + band.bottom) / 2
        for word in text:
            inside = word.top + 0.25 * word.height < middle < word.bottom - 0.25 * word.height
            if inside and min(band.x1, word.x1) - max(band.x0, word.x0) > 1:
                problems.append(f"a ruled line runs through '{word.label}' at {word.x0:.0f},{word.top:.0f}")
    # 4. A shaded box holds its own text: no word half in, half out; no writing line inside it; never empty.
    for tint in tints(page):
        held = [w for w in text if tint.holds(w)]
        if not held:
            problems.append(f"a shaded box at {tint.x0:.0f},{tint.top:.0f} holds no text")
        for word in text:
            if tint.overlap(word) > 0 and not tint.holds(word):
                problems.append(f"a shaded box at {tint.x0:.0f},{tint.top:.0f} cuts through '{word.label}'")
        for band in bands:
            if band.width > 50 and tint.holds(band, slack=-1.0):
                problems.append(f"a shaded box at {tint.x0:.0f},{tint.top:.0f} covers a ruled line")
    return problems


def look_at_pdf(pdf: bytes | Path, margins_mm: tuple[float, float, float] = (10, 14, 10), **kw) -> list[str]:
    """Every problem on every page, each prefixed with its page number."""
    source = io.BytesIO(pdf) if isinstance(pdf, bytes) else pdf
    with pdfplumber.open(source) as document:
        return [
            f"page {n}: {p}" for n, page in enumerate(document.pages, 1) for p in look_at_page(page, margins_mm, **kw)
        ]
