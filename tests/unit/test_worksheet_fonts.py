"""One font file for a font's subsets (`fonts`): the TrueType merge and the PDF maps it reads and writes.

Fonts are built here with fontTools' FontBuilder and the merged font is read back with fontTools'
TTFont; the expected glyphs, widths and mappings are the test's own tables.
"""

from __future__ import annotations

import io

import pikepdf
import pytest
from fontTools.fontBuilder import FontBuilder
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.ttLib import TTFont
from pikepdf import Array
from tce_toolkit.worksheets import fonts

ORDER = [".notdef", "a", "b", "c"]


def subset(boxes: dict[str, int]) -> bytes:
    """A font of `ORDER`'s glyphs in which only those in `boxes` are drawn (a square of that size).

    Like WeasyPrint's subsets, every subset keeps the whole glyph order (the same glyph ids) and
    leaves the glyphs it does not use empty.
    """
    builder = FontBuilder(1000, isTTF=True)
    builder.setupGlyphOrder(ORDER)
    builder.setupCharacterMap({ord(name): name for name in ORDER[1:]})
    glyphs = {}
    for name in ORDER:
        pen = TTGlyphPen(None)
        if size := boxes.get(name):
            pen.moveTo((0, 0))
            pen.lineTo((size, 0))
            pen.lineTo((size, size))
            pen.closePath()
        glyphs[name] = pen.glyph()
    builder.setupGlyf(glyphs)
    builder.setupHorizontalMetrics({name: (600, 0) for name in ORDER})
    builder.setupHorizontalHeader(ascent=800, descent=-200)
    builder.setupNameTable({"familyName": "Sample", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    out = io.BytesIO()
    builder.save(out)
    return out.getvalue()


def drawn(data: bytes) -> dict[str, int]:
    """The glyphs a font draws, each with its outline's width (read with fontTools)."""
    font = TTFont(io.BytesIO(data))
    glyf = font["glyf"]
    return {name: glyf[name].xMax - glyf[name].xMin for name in ORDER if glyf[name].numberOfContours > 0}


def test_subsets_that_agree_become_one_font_with_every_glyph() -> None:
    merged = fonts._merge_subsets([subset({"a": 100}), subset({"b": 200}), subset({"a": 100, "c": 300})])
    assert merged is not None
    assert drawn(merged) == {"a": 100, "b": 200, "c": 300}
    assert TTFont(io.BytesIO(merged)).getGlyphOrder() == ORDER  # the glyph ids the pages use


def test_one_subset_holding_every_glyph_is_kept_as_it_is() -> None:
    whole = subset({"a": 100, "b": 200})
    assert fonts._merge_subsets([subset({"b": 200}), whole]) == whole


@pytest.mark.parametrize(
    "subsets",
    [
        [{"a": 100}, {"a": 150}],  # one glyph id, two drawings: not subsets of one font
        [{"a": 100, "b": 200}, {"b": 250}],
    ],
)
def test_subsets_that_disagree_about_a_glyph_are_left_apart(subsets) -> None:
    assert fonts._merge_subsets([subset(boxes) for boxes in subsets]) is None


def test_an_unreadable_subset_is_left_apart() -> None:
    assert fonts._merge_subsets([subset({"a": 100}), b"not a font"]) is None


@pytest.mark.parametrize(
    ("array", "expected"),
    [
        ([1, [500, 600], 5, 7, 250], {1: 500, 2: 600, 5: 250, 6: 250, 7: 250}),
        ([3, [278.5]], {3: 278.5}),
        ([], {}),
        ([1, [500], 5], None),  # a range without its width
        ([1, "x"], None),
    ],
)
def test_widths_read_both_forms_of_a_w_array(array, expected) -> None:
    assert fonts._widths(Array(array)) == expected


def test_widths_written_as_runs_of_consecutive_glyphs() -> None:
    written = fonts._widths_array({4: 500, 1: 250, 2: 300.5, 9: 600})
    assert [int(v) if not isinstance(v, Array) else [float(w) for w in v] for v in written] == [
        1,
        [250, 300.5],
        4,
        [500],
        9,
        [600],
    ]


@pytest.mark.parametrize(
    ("maps", "expected"),
    [
        ([{1: "a"}, {2: "b"}, {1: "a"}], {1: "a", 2: "b"}),
        ([{1: "a"}, {1: "b"}], None),  # one glyph, two texts
        ([{1: "a"}, None], None),  # a map that could not be read
        ([], {}),
    ],
)
def test_maps_merge_only_when_they_agree(maps, expected) -> None:
    assert fonts._merge_maps(maps) == expected


@pytest.mark.parametrize(
    ("cmap", "expected"),
    [
        (
            b"2 beginbfchar\n<0003> <0041>\n<0010> <00E9>\nendbfchar\n1 beginbfchar <0011> <0066006C> endbfchar",
            {3: "0041", 16: "00e9", 17: "0066006c"},
        ),
        (b"1 beginbfrange\n<0003> <0005> <0041>\nendbfrange", None),  # ranges are not read: nothing merged
    ],
)
def test_text_mappings_read_from_bfchar_blocks_only(cmap: bytes, expected) -> None:
    pdf = pikepdf.new()
    assert fonts._to_unicode(pikepdf.Dictionary(ToUnicode=pdf.make_stream(cmap))) == expected
    assert fonts._to_unicode(pikepdf.Dictionary()) == {}  # no map: nothing to disagree with
