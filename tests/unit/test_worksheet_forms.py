"""Form fields in the PDFs: Helvetica from the reader instead of a whole embedded font, and still fillable."""

from __future__ import annotations

import io

import pypdf
import pytest
from tce_toolkit import worksheets as ws
from tce_toolkit.worksheets.forms import use_standard_form_font

HTML = """<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>A form</title>
<style>
body { font-family: "DejaVu Sans"; font-size: 10pt; }
textarea, input { font-family: "DejaVu Sans Mono"; font-size: 10pt; color: #1a1a1a; }
</style></head><body>
<form><h1>Office hand-offs</h1>
<p id="q1-text">1. Who relies on your work?</p>
<textarea name="s-q1" title="1. Who relies on your work?" aria-labelledby="q1-text" rows="3"></textarea>
<p><label for="s-name">Name</label><input id="s-name" name="s-name" type="text"></p>
</form></body></html>"""

pytestmark = pytest.mark.pdf


def fonts_of(data: bytes) -> set[str]:
    reader = pypdf.PdfReader(io.BytesIO(data))
    names = set()
    for page in reader.pages:
        for font in page["/Resources"].get("/Font", {}).values():
            names.add(str(font.get_object()["/BaseFont"]).split("+")[-1])
    return names


def test_fields_use_helvetica_and_the_embedded_field_font_goes() -> None:
    rendered = ws.render_pdf(HTML)
    reader = pypdf.PdfReader(io.BytesIO(rendered.pdf))
    fields = reader.get_fields()
    assert set(fields) == {"s-q1", "s-name"}
    assert int(fields["s-q1"]["/Ff"]) & (1 << 12), "the answer field is multi-line"
    assert str(fields["s-q1"]["/TU"]) == "1. Who relies on your work?"
    for annotation in reader.pages[0]["/Annots"]:
        widget = annotation.get_object()
        if widget.get("/Subtype") == "/Widget":
            assert str(widget["/DA"]).startswith("/Helv 10 Tf")
    form = reader.trailer["/Root"]["/AcroForm"]
    assert str(form["/DR"]["/Font"]["/Helv"]["/BaseFont"]) == "/Helvetica"
    assert fonts_of(rendered.pdf) == {"DejaVu-Sans", "DejaVu-Sans-Bold"}, "the printed text's fonts only"
    assert "Who relies on your work?" in reader.pages[0].extract_text()
    assert reader.trailer["/Root"]["/MarkInfo"]["/Marked"] and reader.trailer["/Root"]["/Lang"] == "en"


def test_a_filled_in_answer_is_kept_and_drawn_in_helvetica() -> None:
    writer = pypdf.PdfWriter(clone_from=pypdf.PdfReader(io.BytesIO(ws.render_pdf(HTML).pdf)))
    writer.update_page_form_field_values(
        writer.pages[0], {"s-q1": "My manager, the night shift"}, auto_regenerate=False
    )
    out = io.BytesIO()
    writer.write(out)
    reader = pypdf.PdfReader(io.BytesIO(out.getvalue()))
    assert reader.get_fields()["s-q1"]["/V"] == "My manager, the night shift"
    widget = next(
        a.get_object() for a in reader.pages[0]["/Annots"] if a.get_object().get("/T") == "s-q1"
    )  # the appearance pypdf drew names the standard font
    assert b"/Helv" in widget["/AP"]["/N"].get_data()


def test_a_pdf_without_fields_is_left_as_it_is() -> None:
    data = ws.render_pdf(HTML.replace("<textarea", "<div").replace("</textarea>", "</div>").replace("<input", "<span"))
    assert pypdf.PdfReader(io.BytesIO(data.pdf)).trailer["/Root"].get("/AcroForm") is None
    assert use_standard_form_font(data.pdf) == data.pdf
