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
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import pikepdf

FIELD_FONT = "/Helv"
_TF = re.compile(rb"/([A-Za-z0-9_.+-]+)\s+[\d.]+\s+Tf")
_DA = re.compile(r"/(?P<font>[^\s/]+)\s+(?P<size>[\d.]+)\s+Tf")
_COLOUR = re.compile(r"(?:^|(?<=\s))(?P<colour>(?:[\d.]+\s+){1,4}(?:rg|g|k))(?=\s|$)")


def _field_appearance(da: str) -> str:
    """A field's default appearance with Helvetica at the same size and colour (and nothing else)."""
    size = _DA.search(da)
    colour = _COLOUR.search(da)
    return f"{FIELD_FONT} {size['size'] if size else '10'} Tf {colour['colour'] if colour else '0 g'}"


def _contents(page) -> bytes:
    """The bytes of a page's content streams, one after another."""
    import pikepdf  # noqa: PLC0415

    contents = page.get("/Contents")
    if contents is None:
        return b""
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    return b"\n".join(stream.read_bytes() for stream in streams)


def use_standard_form_font(pdf: bytes, *, compress: bool = False) -> bytes:
    """`pdf` with its form fields set in Helvetica and their embedded font dropped; unchanged without
    fields, unless `compress`.

    With pikepdf (qpdf): a font no page names any more is not written, since qpdf writes only the objects
    the document still reaches. The streams are compressed as the PDF is written, so `pdf` may come
    uncompressed (`compress`: then it is written compressed also when it has no fields): WeasyPrint
    compresses at zlib's slowest level, the whole field font included, which this drops.
    """
    import pikepdf  # noqa: PLC0415 - only for PDFs with forms

    with pikepdf.open(io.BytesIO(pdf)) as document:
        if "/AcroForm" in document.Root:
            _standard_form_font(document)
        elif not compress:
            return pdf
        out = io.BytesIO()
        # A fixed /ID: the same sheet gives the same bytes, build after build.
        mode = pikepdf.ObjectStreamMode.generate
        document.save(out, static_id=True, compress_streams=True, object_stream_mode=mode)
        return out.getvalue()


def _standard_form_font(document: pikepdf.Pdf) -> None:
    """Helvetica for every field of `document` (a pikepdf.Pdf with a form); the fields' font dropped."""
    from pikepdf import Dictionary, Name, String  # noqa: PLC0415

    form = document.Root.AcroForm
    field_fonts: set[str] = set()
    for page in document.pages:
        for widget in page.obj.get("/Annots", ()):
            if widget.get("/Subtype") != Name.Widget or "/DA" not in widget:
                continue
            da = str(widget.DA)
            if match := _DA.search(da):
                field_fonts.add(match["font"])
            widget.DA = String(_field_appearance(da))
    helvetica = document.make_indirect(
        Dictionary(Type=Name.Font, Subtype=Name.Type1, BaseFont=Name.Helvetica, Encoding=Name.WinAnsiEncoding)
    )
    form.DR = Dictionary(Font=Dictionary({FIELD_FONT: helvetica}))
    form.DA = String(f"{FIELD_FONT} 10 Tf 0 g")
    # The fields' own font goes from every page that prints nothing in it.
    for page in document.pages:
        resources = page.obj.get("/Resources")
        fonts = resources.get("/Font") if resources is not None else None
        if fonts is None:
            continue
        used = {name.decode("latin-1") for name in _TF.findall(_contents(page.obj))}
        for name in field_fonts - used:
            if f"/{name}" in fonts:
                del fonts[f"/{name}"]
