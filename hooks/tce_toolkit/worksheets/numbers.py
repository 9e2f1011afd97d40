"""The workshop pack's page numbers, drawn without laying out a page for each number.

A pack's numbers read "n / total" on every page, so every one of them changes when a part is
published. Instead of laying out a document with a page for each page of the pack, WeasyPrint lays out
a short specimen of the page-numbers template (`pack-numbers.html.j2`, "2 / 12" to "12 / 12", cached
by its HTML: laid out once for a paper and a template), and `learn` reads from it how WeasyPrint draws
a number: the drawing around the text, the font and its size, the glyph of each character and its
advance, the baseline and the line the text is centred on. `NumberModel.content` then writes the page
of any number of any total as WeasyPrint would have drawn it, and the pack's pages are stamped with
these drawings, sharing the specimen's font and resources.

`learn` checks its model against every numbered page of the specimen and gives up (None) unless it
draws each of them again: the same bytes around the text, the same glyphs, the text where WeasyPrint
put it. A template that numbers pages some other way (other words, a font with kerning between digits)
then gets the whole numbers document laid out, as before (`pack.prepare_pack`).
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

SPECIMEN_PAGES = 12  # "2 / 12" to "12 / 12": every digit, the space and the slash
_CHARACTERS = "0123456789 /"
# One line of text as WeasyPrint draws a margin box's content: the text matrix (x, baseline), the
# font, and the glyphs, each followed by its adjustment (none for text without kerning).
_TEXT = re.compile(
    rb"^(?P<before>.*\nBT\n)1 0 0 -1 (?P<x>-?[0-9.]+) (?P<y>-?[0-9.]+) Tm\n"
    rb"(?P<font>/(?P<name>[^\s/]+) (?P<size>[0-9.]+) Tf\n)\[(?P<run>[^\]]*)\] TJ\n(?P<after>ET\n.*)$",
    re.S,
)
_GLYPH = re.compile(rb"<([0-9a-fA-F]{4})>(-?[0-9.]+)?")
_TOLERANCE = 0.00001  # CSS px: a hundred-thousandth of a pixel (WeasyPrint writes positions to six decimals)


@dataclass(frozen=True)
class NumberModel:
    """How a page number is drawn: the bytes around its text, its font, glyphs, advances and centre."""

    before: bytes
    y: bytes
    font: bytes
    after: bytes
    glyphs: dict[str, bytes]  # character: its glyph id, four hex digits
    advances: dict[str, float]  # character: its advance, in the text's units (CSS px)
    centre: float  # the x of the line the text is centred on

    def text(self, page: int, pages: int) -> str:
        """The words of page `page` (1 for the cover) of `pages`."""
        return f"{page} / {pages}"

    def x(self, text: str) -> float:
        """Where the text starts, centred as WeasyPrint centres it."""
        return self.centre - sum(self.advances[c] for c in text) / 2

    def content(self, page: int, pages: int) -> bytes:
        """The content stream of the numbers page `page` of `pages`, as WeasyPrint draws it."""
        text = self.text(page, pages)
        run = b"".join(b"<" + self.glyphs[c] + b">0" for c in text)
        return b"".join(
            [self.before, b"1 0 0 -1 ", _number(self.x(text)), b" ", self.y, b" Tm\n", self.font]
            + [b"[", run, b"] TJ\n", self.after]
        )


def _number(value: float) -> bytes:
    """A number as WeasyPrint (pydyf) writes one: at most six decimals, no trailing zeros."""
    text = f"{value:.6f}".rstrip("0").rstrip(".")
    return (text if text not in ("", "-0") else "0").encode("ascii")


def learn(specimen: bytes) -> NumberModel | None:
    """The model of how `specimen` (the numbers template laid out for `SPECIMEN_PAGES` pages) draws a
    page number, or None when the model does not draw every numbered page of it again."""
    import pikepdf  # noqa: PLC0415 - only when a pack is put together

    with pikepdf.open(io.BytesIO(specimen)) as pdf:
        if len(pdf.pages) != SPECIMEN_PAGES:
            return None
        pages = []
        for page in pdf.pages[1:]:
            match = (
                _TEXT.match(page.obj.Contents.read_bytes())
                if isinstance(page.obj.get("/Contents"), pikepdf.Stream)
                else None
            )
            if match is None:
                return None
            pages.append(match)
        first = pages[0]
        fonts = pdf.pages[1].obj.Resources.get("/Font")
        font = fonts.get("/" + first["name"].decode("latin-1")) if fonts is not None else None
        ems = _advances(font) if font is not None else None
    if ems is None:
        return None
    glyphs: dict[str, bytes] = {}
    for number, match in enumerate(pages, start=2):
        run = _GLYPH.findall(match["run"])
        text = f"{number} / {SPECIMEN_PAGES}"
        if (
            len(run) != len(text)
            or _GLYPH.sub(b"", match["run"]).strip()
            or any(adjust not in (b"", b"0") for _, adjust in run)
        ):
            return None  # other words than "n / total", or glyphs moved apart (kerning)
        for character, (glyph, _) in zip(text, run, strict=True):
            if glyphs.setdefault(character, glyph) != glyph:
                return None
    if set(glyphs) != set(_CHARACTERS):
        return None
    size = float(first["size"])
    if any(int(glyph, 16) not in ems for glyph in glyphs.values()):
        return None
    # Each advance as the text engine counts it: in whole 1/1024ths of a CSS px.
    advances = {c: round(ems[int(glyph, 16)] * size * 1024) / 1024 for c, glyph in glyphs.items()}
    # The centre, from where each specimen page's text starts (written to six decimals: averaged).
    texts = [f"{number} / {SPECIMEN_PAGES}" for number in range(2, SPECIMEN_PAGES + 1)]
    centre = sum(float(m["x"]) + sum(advances[c] for c in t) / 2 for m, t in zip(pages, texts, strict=True)) / len(
        pages
    )
    model = NumberModel(first["before"], first["y"], first["font"], first["after"], glyphs, advances, centre)
    for number, match in enumerate(pages, start=2):
        same = all(match[part] == first[part] for part in ("before", "y", "font", "after"))
        if not same or abs(float(match["x"]) - model.x(model.text(number, SPECIMEN_PAGES))) > _TOLERANCE:
            return None
    return model


def _advances(font: object) -> dict[int, float] | None:
    """A composite TrueType font's advance by glyph id, in ems as the text engine has them (1/1024 of a
    unit: Pango's), from the embedded font program; or None."""
    from fontTools.ttLib import TTFont  # noqa: PLC0415 - with pikepdf, only when a pack is put together

    try:
        program = font.DescendantFonts[0].FontDescriptor.FontFile2.read_bytes()  # type: ignore[attr-defined]
        with TTFont(io.BytesIO(program), lazy=True) as face:
            per_em = face["head"].unitsPerEm
            metrics, order = face["hmtx"].metrics, face.getGlyphOrder()
            return {glyph: metrics[name][0] / per_em for glyph, name in enumerate(order) if name in metrics}
    except Exception:  # noqa: BLE001 - any font we cannot read: the numbers are laid out instead
        return None
