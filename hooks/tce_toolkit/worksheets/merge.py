"""Putting PDFs together page by page with pypdf: no layout, only the pages as they were rendered.

`merge_pdfs` makes one PDF of a front document's pages followed by every part's pages, draws a page
of a numbers document over each page (as a form XObject: the pages' own content streams are kept
byte for byte, never decoded), bookmarks each part at its first page, turns boxes of the front
pages into links to a part, and takes the front document's metadata and language.

Fonts: WeasyPrint embeds in every PDF a subset of each font it uses, keeping the font's own glyph
ids. Parts rendered apart hold as many subsets of the same font, one each; `merge_pdfs` gives them
one font instead, whose file holds every glyph any of the subsets holds, with all their widths and
text mappings (when two subsets disagree about a width or a mapping, they share only the file).
Subsets are taken to be of the same font only when their name and their `head` table (revision,
creation and change dates) agree, and are left as they are when any glyph differs between them.
Tags and form fields come along too (`structure`). pypdf has no public way to add an object to a writer: `PdfWriter._add_object` is used for that.
"""

from __future__ import annotations

import io
import re
import struct
from collections.abc import Sequence
from dataclasses import dataclass

import pypdf
from pypdf.annotations import Link
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    EncodedStreamObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
)

from .structure import merge_structure

PX_TO_PT = 0.75  # CSS px to PDF points: WeasyPrint lays out at 96 px to the inch, PDF counts 72 points
STAMP = "/TcePageNumber"  # the name of the drawn-over page in each page's resources
_SUBSET_TAG = re.compile(r"^[A-Z]{6}\+")


@dataclass(frozen=True)
class Part:
    """A PDF to append, and the bookmark that leads to its first page ("" for none)."""

    pdf: bytes
    bookmark: str = ""


@dataclass(frozen=True)
class PageLink:
    """A box on a page of the result (CSS px from the page's top left) that leads to another page."""

    page: int
    box: tuple[float, float, float, float]
    target: int


def merge_pdfs(
    front: bytes,
    parts: Sequence[Part],
    *,
    numbers: bytes | None = None,
    links: Sequence[PageLink] = (),
    size: tuple[float, float] | None = None,
) -> tuple[bytes, list[int]]:
    """`front`'s pages, then every part's; the merged PDF and the index of each part's first page.

    `numbers` has a page for every page of the result; each but the first is drawn over the page of
    the same number. `size` (width, height in points) is the page size every page must have: a part
    on other paper is a `ValueError`.
    """
    front_reader = pypdf.PdfReader(io.BytesIO(front))
    readers = [pypdf.PdfReader(io.BytesIO(part.pdf)) for part in parts]
    numbers_reader = pypdf.PdfReader(io.BytesIO(numbers)) if numbers is not None else None
    writer = pypdf.PdfWriter()
    _share_fonts(writer, [front_reader, *readers, *([numbers_reader] if numbers_reader else [])])

    starts = []
    names = ["the front pages", *(part.bookmark or f"part {n}" for n, part in enumerate(parts, start=1))]
    for reader, name in zip([front_reader, *readers], names, strict=True):
        starts.append(len(writer.pages))
        for page in reader.pages:
            if size is not None and not _same_size(page, size):
                raise ValueError(f"{name}: a page of {_size_of(page)} pt, not {size} pt: laid out on other paper")
            writer.add_page(page)
    ranges = [range(start, end) for start, end in zip(starts, [*starts[1:], len(writer.pages)], strict=True)]
    merge_structure(writer, list(zip([front_reader, *readers], ranges, strict=True)))
    starts = starts[1:]

    if numbers_reader is not None:
        if len(numbers_reader.pages) != len(writer.pages):
            raise ValueError(f"{len(numbers_reader.pages)} page numbers for {len(writer.pages)} pages")
        _draw_over(writer, numbers_reader)

    for item in front_reader.outline:
        if not isinstance(item, list):  # the front's own bookmarks, top level only
            writer.add_outline_item(title=str(item.title), page_number=front_reader.get_destination_page_number(item))
    for part, start in zip(parts, starts, strict=True):
        if part.bookmark:
            writer.add_outline_item(title=part.bookmark, page_number=start)

    for link in links:
        height = float(writer.pages[link.page].mediabox.height)
        x1, y1, x2, y2 = (v * PX_TO_PT for v in link.box)
        rect = (x1, height - y2, x2, height - y1)
        writer.add_annotation(
            page_number=link.page, annotation=Link(rect=rect, border=[0, 0, 0], target_page_index=link.target)
        )

    if front_reader.metadata:
        writer.add_metadata({key: value for key, value in front_reader.metadata.items()})
    language = front_reader.root_object.get("/Lang")
    if language is not None:
        writer.root_object[NameObject("/Lang")] = language
    # The parts' equal colour spaces, graphics states and such, kept once; pypdf would also merge two
    # equal pages into one object (the same worksheet twice, with no page numbers to tell them apart),
    # which breaks the page tree: then everything is kept.
    pages = [repr([page.get(k) for k in ("/Contents", "/Resources", "/Annots")]) for page in writer.pages]
    if len(set(pages)) == len(pages):
        writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue(), starts


def _size_of(page: pypdf.PageObject) -> tuple[float, float]:
    return round(float(page.mediabox.width), 1), round(float(page.mediabox.height), 1)


def _same_size(page: pypdf.PageObject, size: tuple[float, float]) -> bool:
    width, height = _size_of(page)
    return abs(width - size[0]) < 1 and abs(height - size[1]) < 1


# --- Page numbers drawn over the pages ----------------------------------------------------------------


def _draw_over(writer: pypdf.PdfWriter, numbers: pypdf.PdfReader) -> None:
    """Draw page i of `numbers` over page i of `writer` (all but the first), as a form XObject."""
    save = writer._add_object(_stream(b"q\n"))
    # The number is page furniture: marked as an artifact, outside the tagged content.
    draw = writer._add_object(_stream(f"\nQ\n/Artifact BMC q {STAMP} Do Q EMC\n".encode("ascii")))
    shared: dict[str, IndirectObject] = {}  # the numbers' pages mostly have equal resources: one copy each
    for index in range(1, len(writer.pages)):
        page, stamp = writer.pages[index], numbers.pages[index]
        resources = stamp.get("/Resources", DictionaryObject())
        seen = repr(resources)
        if seen not in shared:
            shared[seen] = writer._add_object(resources.get_object().clone(writer))
        form = _stream(_content_of(stamp))
        form.update(
            {
                NameObject("/Type"): NameObject("/XObject"),
                NameObject("/Subtype"): NameObject("/Form"),
                NameObject("/BBox"): ArrayObject(FloatObject(v) for v in stamp.mediabox),
                NameObject("/Resources"): shared[seen],
            }
        )
        form_ref = writer._add_object(form.flate_encode())
        # The page's resources may be shared with the other pages of its document: give it its own.
        resources = DictionaryObject(page.get("/Resources", DictionaryObject()).get_object())
        xobjects = DictionaryObject(resources.get("/XObject", DictionaryObject()).get_object())
        xobjects[NameObject(STAMP)] = form_ref
        resources[NameObject("/XObject")] = xobjects
        page[NameObject("/Resources")] = resources
        contents = page.get("/Contents")
        contents = (
            contents if isinstance(contents, ArrayObject) else ArrayObject([] if contents is None else [contents])
        )
        page[NameObject("/Contents")] = ArrayObject([save, *contents, draw])


def _stream(data: bytes) -> DecodedStreamObject:
    stream = DecodedStreamObject()
    stream.set_data(data)
    return stream


def _content_of(page: pypdf.PageObject) -> bytes:
    contents = page.get("/Contents")
    if contents is None:
        return b""
    contents = contents.get_object()
    streams = contents if isinstance(contents, ArrayObject) else [contents]
    return b"\n".join(stream.get_object().get_data() for stream in streams)


# --- One font file for all the subsets of a font ------------------------------------------------------


@dataclass
class _Font:
    """A Type0 font of one of the PDFs being merged, and where pages name it."""

    font: DictionaryObject
    descendant: DictionaryObject
    descriptor: DictionaryObject
    file: bytes
    uses: list[tuple[DictionaryObject, NameObject]]  # (a page's /Font resources, the name in it)


def _share_fonts(writer: pypdf.PdfWriter, readers: Sequence[pypdf.PdfReader]) -> None:
    """Give every subset of one TrueType font, across `readers`, one font in `writer`.

    The merged font holds every glyph, width and text mapping of the subsets. When the subsets'
    widths or text mappings disagree, they keep their own dictionaries and share only the file;
    when their glyphs disagree, nothing is shared.
    """
    groups: dict[tuple, list[_Font]] = {}
    found: dict[tuple[int, int], _Font] = {}
    for reader in readers:
        for page in reader.pages:
            resources = page.get("/Resources")
            fonts = resources.get_object().get("/Font") if resources is not None else None
            if fonts is None:
                continue
            fonts = fonts.get_object()
            for name, value in fonts.items():
                font = value.get_object()
                ref = value if isinstance(value, IndirectObject) else None
                marker = (id(reader), ref.idnum if ref is not None else id(font))
                if marker in found:
                    found[marker].uses.append((fonts, NameObject(name)))
                    continue
                parts = _font_parts(font)
                if parts is None:
                    continue
                descendant, descriptor = parts
                data = descriptor["/FontFile2"].get_object().get_data()
                identity = _identity(str(descriptor.get("/FontName", "")), data)
                if identity is None:
                    continue
                entry = found[marker] = _Font(font, descendant, descriptor, data, [(fonts, NameObject(name))])
                groups.setdefault(identity, []).append(entry)
    for members in groups.values():
        if len(members) < 2:
            continue
        merged = _merge_subsets([member.file for member in members])
        if merged is None:
            continue  # the subsets disagree about a glyph: leave each part its own
        file_ref = writer._add_object(_font_file(merged))
        widths = _merge_maps([_widths(member.descendant.get("/W", ArrayObject())) for member in members])
        texts = _merge_maps([_to_unicode(member.font) for member in members])
        if widths is None or texts is None:
            for member in members:  # share the file alone (the writer's object: copied as a reference)
                member.descriptor[NameObject("/FontFile2")] = file_ref
            continue
        font_ref = writer._add_object(_merged_font(writer, members, file_ref, widths, texts))
        for member in members:
            for fonts, name in member.uses:
                fonts[name] = font_ref


def _font_file(data: bytes) -> EncodedStreamObject:
    stream = _stream(data)
    stream[NameObject("/Length1")] = NumberObject(len(data))
    return stream.flate_encode()


def _merged_font(
    writer: pypdf.PdfWriter, members: Sequence[_Font], file_ref: IndirectObject, widths: dict, texts: dict
) -> DictionaryObject:
    """The Type0 font of the first member, with every member's glyphs, widths and text mappings."""
    first = members[0]
    descriptor = DictionaryObject(first.descriptor)
    descriptor[NameObject("/FontFile2")] = file_ref
    descriptor.pop(NameObject("/CIDSet"), None)  # optional, and it would list the first subset's glyphs only
    boxes = [[float(v) for v in member.descriptor.get("/FontBBox", ())] for member in members]
    if all(len(box) == 4 for box in boxes):
        union = [min(b[0] for b in boxes), min(b[1] for b in boxes), max(b[2] for b in boxes), max(b[3] for b in boxes)]
        descriptor[NameObject("/FontBBox")] = ArrayObject(FloatObject(v) for v in union)
    descendant = DictionaryObject(first.descendant)
    descendant[NameObject("/FontDescriptor")] = writer._add_object(descriptor)
    descendant[NameObject("/W")] = _widths_array(widths)
    font = DictionaryObject(first.font)
    font[NameObject("/DescendantFonts")] = ArrayObject([writer._add_object(descendant)])
    font[NameObject("/ToUnicode")] = writer._add_object(_to_unicode_stream(texts).flate_encode())
    return font


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


def _widths(array: ArrayObject) -> dict[int, float] | None:
    """A CID font's /W array as {glyph id: width}; None for a form this does not read."""
    widths: dict[int, float] = {}
    items = list(array.get_object())
    index = 0
    try:
        while index < len(items):
            first, following = int(items[index]), items[index + 1].get_object()
            if isinstance(following, ArrayObject):
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


def _widths_array(widths: dict[int, float]) -> ArrayObject:
    array, run, previous = ArrayObject(), None, None
    for gid in sorted(widths):
        if run is None or gid != previous + 1:
            run = ArrayObject()
            array += [NumberObject(gid), run]
        width = widths[gid]
        run.append(NumberObject(int(width)) if width == int(width) else FloatObject(width))
        previous = gid
    return array


_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]*)>")


def _to_unicode(font: DictionaryObject) -> dict[int, str] | None:
    """A font's ToUnicode map, read when it holds only `bfchar` entries (as WeasyPrint writes it)."""
    stream = font.get("/ToUnicode")
    if stream is None:
        return {}
    data = stream.get_object().get_data()
    if b"bfrange" in data:
        return None
    mapping: dict[int, str] = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for glyph, text in _BFCHAR.findall(block):
            mapping[int(glyph, 16)] = text.decode("ascii").lower()
    return mapping


def _to_unicode_stream(texts: dict[int, str]) -> DecodedStreamObject:
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
    return _stream(b"\n".join(lines))


def _font_parts(font: DictionaryObject) -> tuple[DictionaryObject, DictionaryObject] | None:
    """The descendant font and font descriptor of a Type0 font with an embedded TrueType file, or None."""
    if font.get("/Subtype") != "/Type0" or "/DescendantFonts" not in font:
        return None
    descendant = font["/DescendantFonts"].get_object()[0].get_object()
    if descendant.get("/Subtype") != "/CIDFontType2" or descendant.get("/CIDToGIDMap") != "/Identity":
        return None
    descriptor = descendant.get("/FontDescriptor")
    descriptor = descriptor.get_object() if descriptor is not None else None
    if descriptor is None or "/FontFile2" not in descriptor:
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
    if not long_offsets:
        offsets = tuple(2 * offset for offset in offsets)
    (metrics_count,) = struct.unpack_from(">H", hhea, 34)
    glyphs, metrics = {}, {}
    for gid in range(count):
        start, end = offsets[gid], offsets[gid + 1]
        if end <= start:
            continue
        glyphs[gid] = glyf[start:end]
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
