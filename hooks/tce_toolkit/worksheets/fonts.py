"""One font file for all the subsets of a font in a PDF put together from several (`merge`).

WeasyPrint embeds in every PDF a subset of each font it uses, keeping the font's own glyph ids.
Parts rendered apart hold as many subsets of the same font, one each; `share_fonts` gives them one
font instead, whose file holds every glyph any of the subsets holds, with all their widths and text
mappings (when two subsets disagree about a width or a mapping, they share only the file). Subsets
are taken to be of the same font only when their name and their `head` table (revision, creation and
change dates) agree, and are left as they are when any glyph differs between them.

The fonts a page no longer names are not written: qpdf writes only the objects the document reaches.
"""

from __future__ import annotations

import io
import re
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import pairwise

import pikepdf
from pikepdf import Array, Dictionary, Name

_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


@dataclass
class _Font:
    """A Type0 font of the merged PDF, and where it is named."""

    font: Dictionary
    descendant: Dictionary
    descriptor: Dictionary
    file: bytes
    uses: list[tuple[Dictionary, str]]  # (a /Font resource dictionary, the name in it)


def share_fonts(pdf: pikepdf.Pdf, font_resources: Iterable[Dictionary]) -> None:
    """Give every subset of one TrueType font named in `font_resources` (/Font dictionaries) one font.

    The merged font holds every glyph, width and text mapping of the subsets. When the subsets'
    widths or text mappings disagree, they keep their own dictionaries and share only the file;
    when their glyphs disagree, nothing is shared.
    """
    groups: dict[tuple, list[_Font]] = {}
    found: dict[tuple[int, int], _Font] = {}
    for fonts in font_resources:
        for name in list(fonts.keys()):
            font = fonts[name]
            if not font.is_indirect:
                continue  # WeasyPrint's fonts are objects of their own; any other is left as it is
            if font.objgen in found:
                found[font.objgen].uses.append((fonts, name))
                continue
            parts = _font_parts(font)
            if parts is None:
                continue
            descendant, descriptor = parts
            data = descriptor.FontFile2.read_bytes()
            identity = _identity(str(descriptor.get(Name.FontName, "")), data)
            if identity is None:
                continue
            entry = found[font.objgen] = _Font(font, descendant, descriptor, data, [(fonts, name)])
            groups.setdefault(identity, []).append(entry)
    for members in groups.values():
        if len(members) < 2:
            continue
        merged = _merge_subsets([member.file for member in members])
        if merged is None:
            continue  # the subsets disagree about a glyph: leave each part its own
        file = pdf.make_stream(merged)  # compressed when the PDF is written
        file[Name.Length1] = len(merged)
        widths = _merge_maps([_widths(member.descendant.get(Name.W, Array())) for member in members])
        texts = _merge_maps([_to_unicode(member.font) for member in members])
        if widths is None or texts is None:
            for member in members:  # share the file alone
                member.descriptor[Name.FontFile2] = file
            continue
        font = _merged_font(pdf, members, file, widths, texts)
        for member in members:
            for fonts, name in member.uses:
                fonts[name] = font


def _merged_font(pdf: pikepdf.Pdf, members: Sequence[_Font], file: pikepdf.Stream, widths: dict, texts: dict):
    """The Type0 font of the first member, with every member's glyphs, widths and text mappings."""
    first = members[0]
    descriptor = Dictionary(first.descriptor)
    descriptor[Name.FontFile2] = file
    if Name.CIDSet in descriptor:
        del descriptor[Name.CIDSet]  # optional, and it would list the first subset's glyphs only
    boxes = [[float(v) for v in member.descriptor.get(Name.FontBBox, ())] for member in members]
    if all(len(box) == 4 for box in boxes):
        union = [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]
        descriptor[Name.FontBBox] = Array(union)
    descendant = Dictionary(first.descendant)
    descendant[Name.FontDescriptor] = pdf.make_indirect(descriptor)
    descendant[Name.W] = _widths_array(widths)
    font = Dictionary(first.font)
    font[Name.DescendantFonts] = Array([pdf.make_indirect(descendant)])
    font[Name.ToUnicode] = pdf.make_stream(_to_unicode_data(texts))
    return pdf.make_indirect(font)


def _merge_maps(maps: Sequence[dict | None]) -> dict | None:
    """One mapping holding every entry of `maps`; None when two disagree or one could not be read."""
    merged: dict = {}
    for mapping in maps:
        if mapping is None:
            return None
        for key, value in mapping.items():
            if merged.setdefault(key, value) != value:
                return None
    return merged


def _widths(array: Array) -> dict[int, float] | None:
    """A CID font's /W array as {glyph id: width}; None for a form this does not read."""
    widths: dict[int, float] = {}
    items = list(array)
    index = 0
    try:
        while index < len(items):
            first, following = int(items[index]), items[index + 1]
            if isinstance(following, Array):
                for offset, width in enumerate(following):
                    widths[first + offset] = float(width)
                index += 2
            else:
                for gid in range(first, int(following) + 1):
                    widths[gid] = float(items[index + 2])
                index += 3
    except (IndexError, TypeError, ValueError):
        return None
    return widths


def _widths_array(widths: dict[int, float]) -> Array:
    """`widths` as a /W array: runs of consecutive glyph ids, each with its list of widths."""
    runs: list[list] = []
    previous = None
    for gid in sorted(widths):
        if previous is None or gid != previous + 1:
            runs.append([gid, []])
        width = widths[gid]
        runs[-1][1].append(int(width) if width == int(width) else width)
        previous = gid
    return Array([item for gid, run in runs for item in (gid, Array(run))])


_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")


def _to_unicode(font: Dictionary) -> dict[int, str] | None:
    """A font's ToUnicode map, read when it holds only `bfchar` entries (as WeasyPrint writes it)."""
    stream = font.get(Name.ToUnicode)
    if stream is None:
        return {}
    data = stream.read_bytes()
    if b"bfrange" in data:
        return None
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for glyph, text in _BFCHAR.findall(block):
            mapping[int(glyph, 16)] = text.decode("ascii").lower()
    return mapping


def _to_unicode_data(texts: dict[int, str]) -> bytes:
    lines = [
        b"/CIDInit /ProcSet findresource begin",
        b"12 dict begin",
        b"begincmap",
        b"/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        b"/CMapName /Adobe-Identity-UCS def",
        b"/CMapType 2 def",
        b"1 begincodespacerange",
        b"<0000> <ffff>",
        b"endcodespacerange",
    ]
    items = sorted(texts.items())
    for start in range(0, len(items), 100):  # at most 100 entries a block
        batch = items[start : start + 100]
        lines.append(f"{len(batch)} beginbfchar".encode())
        lines += [f"<{glyph:04x}> <{text}>".encode() for glyph, text in batch]
        lines.append(b"endbfchar")
    lines += [b"endcmap", b"CMapName currentdict /CMap defineresource pop", b"end", b"end"]
    return b"\n".join(lines)


def _font_parts(font: Dictionary) -> tuple[Dictionary, Dictionary] | None:
    """The descendant font and font descriptor of a Type0 font with an embedded TrueType file, or None."""
    if not isinstance(font, Dictionary) or font.get(Name.Subtype) != Name.Type0:
        return None
    descendants = font.get(Name.DescendantFonts)
    if not isinstance(descendants, Array) or len(descendants) == 0:
        return None
    descendant = descendants[0]
    if descendant.get(Name.Subtype) != Name.CIDFontType2 or descendant.get(Name.CIDToGIDMap) != Name.Identity:
        return None
    descriptor = descendant.get(Name.FontDescriptor)
    if not isinstance(descriptor, Dictionary) or Name.FontFile2 not in descriptor:
        return None
    return descendant, descriptor


def _tables(font: bytes) -> dict[bytes, bytes]:
    """The tables of a TrueType font file, by tag."""
    (count,) = struct.unpack_from(">H", font, 4)
    tables = {}
    for index in range(count):
        tag, _, offset, length = struct.unpack_from(">4sLLL", font, 12 + 16 * index)
        tables[tag] = font[offset : offset + length]
    return tables


def _identity(name: str, font: bytes) -> tuple | None:
    """What subsets of one font share: its name without the subset tag and its `head` table's dates."""
    try:
        head = _tables(font)[b"head"]
        return (_SUBSET_TAG.sub("", name.lstrip("/")), head[4:8], head[18:36])  # revision; units, dates
    except (KeyError, struct.error):
        return None


def _glyphs(font: bytes) -> tuple[dict[int, bytes], dict[int, tuple[int, int]], int]:
    """The non-empty glyphs of a TrueType font by glyph id, their horizontal metrics, and the glyph count."""
    tables = _tables(font)
    head, maxp, loca, glyf = tables[b"head"], tables[b"maxp"], tables[b"loca"], tables[b"glyf"]
    hhea, hmtx = tables[b"hhea"], tables[b"hmtx"]
    (count,) = struct.unpack_from(">H", maxp, 4)
    (long_offsets,) = struct.unpack_from(">h", head, 50)
    offsets = struct.unpack_from(f">{count + 1}{'L' if long_offsets else 'H'}", loca)
    scale = 1 if long_offsets else 2  # short offsets count 16-bit words
    (metrics_count,) = struct.unpack_from(">H", hhea, 34)
    glyphs, metrics = {}, {}
    # A subset keeps the whole font's glyph ids, most of them empty: find the few that are not in
    # one pass over the offsets (thousands a font, in every sheet of a pack).
    for gid in [gid for gid, (start, end) in enumerate(pairwise(offsets)) if end > start]:
        glyphs[gid] = glyf[scale * offsets[gid] : scale * offsets[gid + 1]]
        if gid < metrics_count:
            metrics[gid] = struct.unpack_from(">Hh", hmtx, 4 * gid)
        else:
            (advance,) = struct.unpack_from(">H", hmtx, 4 * (metrics_count - 1))
            (side,) = struct.unpack_from(">h", hmtx, 4 * metrics_count + 2 * (gid - metrics_count))
            metrics[gid] = (advance, side)
    return glyphs, metrics, count


def _merge_subsets(fonts: Sequence[bytes]) -> bytes | None:
    """One TrueType font holding every glyph of `fonts` (subsets of one font that keep its glyph ids).

    None when two subsets hold different data for one glyph id, or a subset cannot be read.
    """
    from fontTools.ttLib import TTFont, TTLibError
    from fontTools.ttLib.tables._g_l_y_f import Glyph

    try:
        parsed = [_glyphs(font) for font in fonts]
    except (KeyError, struct.error):
        return None
    union: dict[int, bytes] = {}
    metrics: dict[int, tuple[int, int]] = {}
    for glyphs, widths, _ in parsed:
        for gid, data in glyphs.items():
            if union.setdefault(gid, data) != data:
                return None
            metrics.setdefault(gid, widths[gid])
    base = max(range(len(fonts)), key=lambda index: (parsed[index][2], len(parsed[index][0])))
    if len(union) == len(parsed[base][0]):
        return fonts[base]  # one subset holds every glyph already
    try:
        # No bounding boxes recomputed: glyph data goes in as it is (glyph ids and all), only the
        # tables that index it (loca, hmtx, maxp, head) are written anew.
        font = TTFont(io.BytesIO(fonts[base]), recalcBBoxes=False, recalcTimestamp=False)
        order = font.getGlyphOrder()
        glyf, hmtx = font["glyf"], font["hmtx"]
        for gid, data in union.items():
            if gid not in parsed[base][0]:
                glyf.glyphs[order[gid]] = Glyph(data)
                hmtx.metrics[order[gid]] = metrics[gid]
        maxp = font["maxp"]
        for other in fonts:
            _raise_maxp(maxp, _tables(other)[b"maxp"])
        out = io.BytesIO()
        font.save(out)
    except (TTLibError, KeyError, IndexError, struct.error, AssertionError):
        return None
    return out.getvalue()


_MAXP_FIELDS = (
    "maxPoints",
    "maxContours",
    "maxCompositePoints",
    "maxCompositeContours",
    "maxZones",
    "maxTwilightPoints",
    "maxStorage",
    "maxFunctionDefs",
    "maxInstructionDefs",
    "maxStackElements",
    "maxSizeOfInstructions",
    "maxComponentElements",
    "maxComponentDepth",
)


def _raise_maxp(maxp, table: bytes) -> None:
    """Raise each limit of a TrueType `maxp` table to at least the one in `table` (another subset's)."""
    if getattr(maxp, "tableVersion", 0) != 0x00010000 or len(table) < 32:
        return
    for index, name in enumerate(_MAXP_FIELDS):
        (value,) = struct.unpack_from(">H", table, 6 + 2 * index)
        setattr(maxp, name, max(getattr(maxp, name), value))
