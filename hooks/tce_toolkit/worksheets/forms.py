"""The font of a PDF's form fields: Helvetica, which every PDF reader has, instead of a whole embedded font.

WeasyPrint gives each form field the font its CSS names and embeds that font whole (not the subset
the printed text gets), so a reader can draw any letter typed in: some 200 KB in every worksheet. The
PDF standard's own answer is a standard font that readers provide: `use_standard_form_font` names
Helvetica (`/Helv`) in every field and in the form's default resources, and drops the embedded font
when no printed text uses it (the sheet's CSS gives the fields a font of their own, `--typed`, so the
printed text never does). The PDF is otherwise unchanged: its pages, tags and fields are copied as
they are.
"""

from __future__ import annotations

import io
import re

FIELD_FONT = "/Helv"
_TF = re.compile(rb"/([A-Za-z0-9_.+-]+)\s+[\d.]+\s+Tf")
_DA = re.compile(r"/(?P<font>[^\s/]+)\s+(?P<size>[\d.]+)\s+Tf")
_COLOUR = re.compile(r"(?:^|(?<=\s))(?P<colour>(?:[\d.]+\s+){1,4}(?:rg|g|k))(?=\s|$)")


def _field_appearance(da: str) -> str:
    """A field's default appearance with Helvetica at the same size and colour (and nothing else)."""
    size = _DA.search(da)
    colour = _COLOUR.search(da)
    return f"{FIELD_FONT} {size['size'] if size else '10'} Tf {colour['colour'] if colour else '0 g'}"


def use_standard_form_font(pdf: bytes) -> bytes:
    """`pdf` with its form fields set in Helvetica and their embedded font dropped; unchanged without fields."""
    import pypdf  # noqa: PLC0415 - only for PDFs with forms
    from pypdf.generic import DictionaryObject, IndirectObject, NameObject, TextStringObject

    reader = pypdf.PdfReader(io.BytesIO(pdf))
    if "/AcroForm" not in reader.trailer["/Root"]:
        return pdf
    writer = pypdf.PdfWriter(clone_from=reader)
    form = writer.root_object["/AcroForm"].get_object()
    field_fonts: set[str] = set()
    for page in writer.pages:
        for annotation in page.get("/Annots", ()):
            widget = annotation.get_object()
            if widget.get("/Subtype") != "/Widget" or "/DA" not in widget:
                continue
            da = str(widget["/DA"])
            if match := _DA.search(da):
                field_fonts.add(match["font"])
            widget[NameObject("/DA")] = TextStringObject(_field_appearance(da))
    helvetica = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
            NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        }
    )
    form[NameObject("/DR")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject(FIELD_FONT): writer._add_object(helvetica)})}
    )
    form[NameObject("/DA")] = TextStringObject(f"{FIELD_FONT} 10 Tf 0 g")
    # The fields' own font goes from every page that prints nothing in it.
    for page in writer.pages:
        resources = page.get("/Resources")
        fonts = resources.get_object().get("/Font") if resources is not None else None
        if fonts is None:
            continue
        fonts = fonts.get_object()
        used = {name.decode("latin-1") for name in _TF.findall(page.get_contents().get_data())}
        for name in field_fonts - used:
            dropped = fonts.raw_get(NameObject(f"/{name}")) if NameObject(f"/{name}") in fonts else None
            fonts.pop(NameObject(f"/{name}"), None)
            if isinstance(dropped, IndirectObject):
                _forget(writer, dropped)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _forget(writer, reference) -> None:
    """Empty the objects a dropped font is made of (its descendant, descriptor, file and maps).

    The writer copied every object of the source, referenced or not, so a font no longer named on any
    page would still be written whole.
    """
    from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NullObject

    pending, seen = [reference], set()
    while pending:
        ref = pending.pop()
        if ref.idnum in seen:
            continue
        seen.add(ref.idnum)
        obj = ref.get_object()
        values = list(obj.values()) if isinstance(obj, DictionaryObject) else []
        for value in values:
            items = value if isinstance(value, ArrayObject) else [value]
            pending += [item for item in items if isinstance(item, IndirectObject)]
        writer._objects[ref.idnum - 1] = NullObject()
