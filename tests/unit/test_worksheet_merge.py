"""Putting PDFs together (`merge.merge_pdfs`): tags, form fields, page numbers, fonts and outline kept.

Small tagged, fillable documents rendered by WeasyPrint go in; the result is read back with pypdf
(and poppler's pdftotext when installed), never with the code under test. Expected values come from
these documents: their own structure elements, fields and text, read with pypdf.
"""

from __future__ import annotations

import io
import re
import shutil
import subprocess

import pypdf
import pytest
from pypdf.generic import ArrayObject, ContentStream, DictionaryObject, IndirectObject
from tce_toolkit import worksheets as ws
from tce_toolkit.worksheets import merge
from worksheet_samples import squash

pytestmark = pytest.mark.pdf

STYLE = """<style>@page { size: A4; margin: 20mm }
body { font-family: "DejaVu Sans"; font-size: 11pt } h1 { font-family: "DejaVu Serif" }
textarea { font-family: "DejaVu Sans Mono"; font-size: 10pt; width: 100%; }</style>"""

FRONT = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Sample pack</title>
<meta name="author" content="The Editors">{STYLE}</head><body>
<h1>Sample pack</h1><p>Cover page.</p>
<h1 style="break-before: page">Contents</h1><p>Zebra quartz, page 3; jumping foxes, page 4.</p></body></html>"""

# Two sheets with different words, so their subsets of each font hold different glyphs; the second
# runs onto two pages and holds a link (an annotation of its own in the parent tree).
SHEETS = {
    "zebra": ("Zebra quartz", ["Which hand-off waits longest?"], ""),
    "foxes": (
        "Jumping foxes",
        ["Who relies on you?", "What do they need?"],
        '<p style="break-before: page">More room, and <a href="https://example.org/">a link</a>.</p>',
    ),
}


def sheet_html(slug: str) -> str:
    title, questions, more = SHEETS[slug]
    items = "".join(
        f'<li><p id="{slug}-q{n}-text">{q}</p><textarea name="{slug}-q{n}" title="{q}" rows="2"></textarea></li>'
        for n, q in enumerate(questions, start=1)
    )
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>{STYLE}</head>
<body><form><h1>{title}</h1><ol>{items}</ol>{more}</form></body></html>"""


def numbers_html(total: int) -> str:
    pages = "".join(
        f'<p style="break-before: page; margin-top: 250mm; text-align: center">{n} / {total}</p>'
        for n in range(2, total + 1)
    )
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{STYLE}</head>
<body><p>&#8203;</p>{pages}</body></html>"""


@pytest.fixture(scope="module")
def made() -> dict[str, bytes]:
    """The front, the two sheets, the page numbers of the four pages, and the merged PDF."""
    pdfs = {"front": ws.render_pdf(FRONT).pdf} | {slug: ws.render_pdf(sheet_html(slug)).pdf for slug in SHEETS}
    pages = sum(len(reader(data).pages) for data in pdfs.values())
    pdfs["numbers"] = ws.render_pdf(numbers_html(pages), tagged=False).pdf
    pdfs["pack"], starts = merge.merge_pdfs(
        pdfs["front"],
        [merge.Part(pdfs[slug], f"Part {n}: {SHEETS[slug][0]}") for n, slug in enumerate(SHEETS, start=1)],
        numbers=pdfs["numbers"],
        links=[merge.PageLink(1, (10, 10, 200, 40), 3)],
    )
    assert starts == [2, 3]
    return pdfs


def reader(data: bytes) -> pypdf.PdfReader:
    return pypdf.PdfReader(io.BytesIO(data))


def children(element: DictionaryObject) -> list[tuple[IndirectObject, DictionaryObject]]:
    """The structure elements `element` holds, each with the reference it holds it by."""
    kids = element.raw_get("/K")
    kids = kids.get_object() if isinstance(kids, IndirectObject) and "/S" not in kids.get_object() else kids
    return [
        (kid, kid.get_object())
        for kid in (kids if isinstance(kids, ArrayObject) else [kids])
        if isinstance(kid, IndirectObject) and "/S" in kid.get_object()
    ]


def elements(root: DictionaryObject) -> list[tuple[IndirectObject, DictionaryObject]]:
    """Every structure element under `root`, depth first, with the reference its parent holds."""
    return [found for kid in children(root) for found in [kid, *elements(kid[1])]]


def test_one_structure_tree_a_part_for_each_document_in_page_order(made) -> None:
    pack = reader(made["pack"])
    root = pack.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"]
    tree = root["/StructTreeRoot"]
    (document,) = tree["/K"]
    assert document.get_object()["/S"] == "/Document"
    parts = [kid.get_object() for kid in document.get_object()["/K"]]
    assert [part["/S"] for part in parts] == ["/Part"] * 3
    # Every element of every source, once, and each one's parent is the element that holds it.
    sources = [len(elements(reader(made[name]).trailer["/Root"]["/StructTreeRoot"])) for name in ("front", *SHEETS)]
    found = elements(tree)
    assert len(found) == 1 + sum(sources)
    assert [len(elements(part)) + 1 for part in parts] == sources  # a source's Document is its Part
    for ref, element in found:
        for _, child in children(element):
            assert child.raw_get("/P").idnum == ref.idnum, child
    assert all(part.raw_get("/P").idnum == document.idnum for part in parts)
    # Each Part's first heading is on the first page of its own document.
    heading_pages = [next(e for _, e in elements(part) if e["/S"] == "/H1").raw_get("/Pg").idnum for part in parts]
    assert heading_pages == [pack.pages[i].indirect_reference.idnum for i in (0, 2, 3)]


def test_every_page_and_annotation_has_its_own_entry_in_the_parent_tree(made) -> None:
    pack = reader(made["pack"])
    tree = pack.trailer["/Root"]["/StructTreeRoot"]
    nums = tree["/ParentTree"]["/Nums"]
    parents = dict(zip(nums[::2], nums[1::2], strict=True))
    assert len(parents) == len(nums) // 2 and int(tree["/ParentTreeNextKey"]) > max(parents)
    keys = []
    for page in pack.pages:
        owners = parents[page["/StructParents"]].get_object()
        mcids = [int(n) for n in re.findall(rb"/MCID (\d+)", page.get_contents().get_data())]
        assert mcids and sorted(mcids) == list(range(len(owners)))
        for mcid in mcids:  # each run of marked content is owned by an element on this page
            owner = owners[mcid].get_object()
            assert owner.raw_get("/Pg").idnum == page.indirect_reference.idnum, mcid
        keys.append(page["/StructParents"])
        for ref in page.get("/Annots", ()):
            annotation = ref.get_object()
            if "/StructParent" in annotation:
                # Its owner holds an object reference to this very annotation.
                owner = parents[annotation["/StructParent"]].get_object()
                kids = [kid.get_object() for kid in (owner["/K"] if isinstance(owner["/K"], list) else [owner["/K"]])]
                objects = [kid.raw_get("/Obj").idnum for kid in kids if isinstance(kid, dict) and "/Obj" in kid]
                assert ref.idnum in objects, owner
                keys.append(annotation["/StructParent"])
    own = [sum(1 + len(p.get("/Annots", ())) for p in reader(made[name]).pages) for name in ("front", *SHEETS)]
    assert len(keys) == len(set(keys)) >= sum(own) - 1  # the sheets' widgets and link, the pages


def test_page_numbers_are_drawn_as_artifacts_over_every_page_but_the_first(made) -> None:
    pack = reader(made["pack"])
    total = len(pack.pages)
    assert total == 5  # a front of two pages, a sheet of one, a sheet of two
    for number, page in enumerate(pack.pages, start=1):
        operations = ContentStream(page.get_contents(), pack).operations
        drawn = [(ops, op) for ops, op in operations if op == b"Do"]
        if number == 1:
            assert drawn == [] and not re.search(rf"\b1\s*/\s*{total}\b", page.extract_text())
            continue
        assert drawn == [([merge.STAMP], b"Do")]
        tail = [op for _, op in operations[-5:]]
        assert tail == [b"BMC", b"q", b"Do", b"Q", b"EMC"] and operations[-5][0] == ["/Artifact"]
        assert f"{number}/{total}" in squash(page.extract_text())
        if shutil.which("pdftotext"):
            text = subprocess.run(
                ["pdftotext", "-f", str(number), "-l", str(number), "-", "-"],
                input=made["pack"],
                capture_output=True,
                check=True,
            ).stdout.decode()
            assert f"{number}/{total}" in squash(text)


def test_one_form_with_every_field_set_in_helvetica(made) -> None:
    pack = reader(made["pack"])
    expected = {f"{slug}-q{n}" for slug, (_, questions, _) in SHEETS.items() for n in range(1, len(questions) + 1)}
    assert set(pack.get_fields()) == expected
    form = pack.trailer["/Root"]["/AcroForm"]
    widgets = [
        ref for page in pack.pages for ref in page.get("/Annots", ()) if ref.get_object().get("/Subtype") == "/Widget"
    ]
    assert sorted(ref.idnum for ref in form.raw_get("/Fields")) == sorted(ref.idnum for ref in widgets)
    assert form["/NeedAppearances"] and str(form["/DA"]).startswith("/Helv ")
    assert str(form["/DR"]["/Font"]["/Helv"]["/BaseFont"]) == "/Helvetica"
    assert all(str(ref.get_object()["/DA"]).startswith("/Helv ") for ref in widgets)


def test_a_sheet_merged_twice_keeps_every_field_under_a_name_of_its_own() -> None:
    sheet = ws.render_pdf(sheet_html("foxes")).pdf
    data, _ = merge.merge_pdfs(sheet, [merge.Part(sheet, "Again"), merge.Part(sheet, "Once more")])
    names = [
        str(ref.get_object()["/T"])
        for page in reader(data).pages
        for ref in page.get("/Annots", ())
        if ref.get_object().get("/Subtype") == "/Widget"
    ]
    assert names == ["foxes-q1", "foxes-q2", "foxes-q1-2", "foxes-q2-2", "foxes-q1-3", "foxes-q2-3"]
    assert set(reader(data).get_fields()) == set(names)


def test_outline_links_metadata_and_text_kept(made) -> None:
    pack = reader(made["pack"])
    marks = [(item.title, pack.get_destination_page_number(item)) for item in pack.outline]
    assert marks == [("Sample pack", 0), ("Contents", 1), ("Part 1: Zebra quartz", 2), ("Part 2: Jumping foxes", 3)]
    (link,) = [a.get_object() for a in pack.pages[1]["/Annots"] if a.get_object()["/Subtype"] == "/Link"]
    assert pack.get_page_number(link["/Dest"][0].get_object()) == 3
    assert pack.metadata.title == "Sample pack" and pack.metadata.author == "The Editors"
    assert pack.trailer["/Root"]["/Lang"] == "en"
    assert pack.trailer["/Root"]["/ViewerPreferences"]["/DisplayDocTitle"]
    # Every page holds the text of the page it was copied from: the shared fonts map every glyph.
    own = [squash(page.extract_text()) for name in ("front", *SHEETS) for page in reader(made[name]).pages]
    assert all(text in squash(page.extract_text()) for text, page in zip(own, pack.pages, strict=True))


def test_one_font_file_for_each_font_holding_every_sheets_glyphs(made) -> None:
    pack = reader(made["pack"])
    files: dict[str, set[int]] = {}
    for page in pack.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            files.setdefault(re.sub(r"^/[A-Z]{6}\+", "", str(font["/BaseFont"])), set()).add(
                descriptor.raw_get("/FontFile2").idnum
            )
    # DejaVu Sans and Serif Bold are on both sheets, each sheet holding a subset of its own.
    assert {"DejaVu-Sans", "DejaVu-Serif-Bold"} <= set(files) and all(len(ids) == 1 for ids in files.values()), files


def test_the_same_parts_give_the_same_bytes(made) -> None:
    again, _ = merge.merge_pdfs(
        made["front"],
        [merge.Part(made[slug], f"Part {n}: {SHEETS[slug][0]}") for n, slug in enumerate(SHEETS, start=1)],
        numbers=made["numbers"],
        links=[merge.PageLink(1, (10, 10, 200, 40), 3)],
    )
    assert again == made["pack"]
