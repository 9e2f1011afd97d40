"""What trainers get from the built project: both papers, fillable and tagged PDFs, the facilitator edition.

Every expected value comes from the sources (read with PyYAML and plain string work in `siteutil`) and
every PDF is read back with pypdf and poppler.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path

import lxml.html
import pypdf
import pytest
from siteutil import ROOT, Build, read_post

POSTS = sorted((ROOT / "docs" / "blog" / "posts").glob("*.md"))
SIZES = {"a4": (595, 842), "letter": (612, 792)}  # points, rounded
MULTILINE = 1 << 12  # a text field's "multiline" flag
MM = 72 / 25.4


def squash(text: str) -> str:
    return re.sub(r"[\s*`_]+", "", text)


def plain(markdown: str) -> str:
    """A question as words: emphasis and tags gone, as a reader sees it."""
    return re.sub(r"<[^>]+>|[*_`]", "", markdown)


def posts() -> list[tuple[str, dict, list[str], str]]:
    """(slug, front matter, questions, notes as written) of every post of the project."""
    found = []
    for path in POSTS:
        doc = read_post(path)
        found.append((doc.meta["slug"], doc.meta, doc.questions, doc.notes))
    return sorted(found, key=lambda post: post[1]["part"])


def note_fields(notes: str) -> list[dict[str, str]]:
    """Each facilitator block of a post as {field: value}, in order (the part's block first)."""
    blocks = re.findall(r"<!-- facilitator\n(.*?)-->", notes, re.S)
    return [dict(re.findall(r"^\s*([A-Za-z ]+?):\s*(.+?)\s*$", block, re.M)) for block in blocks]


def minutes_of(notes: str) -> int:
    total = 0
    for fields in note_fields(notes):
        for name in ("Opening", "Time"):
            if name in fields:
                total += int(re.match(r"\d+", fields[name]).group())
    return total


def size(page: pypdf.PageObject) -> tuple[int, int]:
    return round(float(page.mediabox.width)), round(float(page.mediabox.height))


def pdfinfo(path: Path) -> dict[str, str]:
    tool = shutil.which("pdfinfo")
    if tool is None:
        pytest.skip("poppler-utils (pdfinfo) is not installed")
    out = subprocess.run([tool, str(path)], capture_output=True, text=True, check=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def test_every_post_has_notes_in_the_sources() -> None:
    # The series ships facilitator notes for every part: a block for the part and one per question.
    for slug, _, questions, notes in posts():
        blocks = note_fields(notes)
        assert len(blocks) == len(questions) + 1, slug
        assert "Key idea" in blocks[0] and all({"Time", "Draw out", "Prompt"} <= set(b) for b in blocks[1:]), slug


@pytest.mark.pdf
@pytest.mark.parametrize("paper", SIZES)
def test_every_sheet_on_both_papers_in_both_editions_is_one_page(project_build: Build, paper: str) -> None:
    folder = project_build.site / "worksheets"
    for slug, meta, _, _ in posts():
        for name in (f"{slug}-{paper}.pdf", f"{slug}-facilitator-{paper}.pdf"):
            reader = pypdf.PdfReader(folder / name)
            assert len(reader.pages) == 1, f"{name} has {len(reader.pages)} pages"
            assert size(reader.pages[0]) == SIZES[paper], name
            assert f"PART {meta['part']} · " in reader.pages[0].extract_text().upper()
    for pack in (f"workshop-pack-{paper}.pdf", f"facilitator-pack-{paper}.pdf"):
        assert {size(page) for page in pypdf.PdfReader(folder / pack).pages} == {SIZES[paper]}


@pytest.mark.pdf
@pytest.mark.parametrize("paper", SIZES)
def test_each_edition_names_itself_in_the_pdf_title(project_build: Build, paper: str) -> None:
    # A reader's window and a file list show the title: a trainer tells the facilitator sheet from the
    # participants' one without opening it.
    site_name = re.search(r"^site_name:\s*(.+?)\s*$", (ROOT / "mkdocs.yml").read_text("utf-8"), re.M).group(1)
    folder = project_build.site / "worksheets"
    for doc in map(read_post, POSTS):
        slug, meta, title = doc.meta["slug"], doc.meta, doc.title
        sheet = pypdf.PdfReader(folder / f"{slug}-{paper}.pdf").metadata.title
        trainer = pypdf.PdfReader(folder / f"{slug}-facilitator-{paper}.pdf").metadata.title
        assert sheet == f"Part {meta['part']}: {title} · Worksheet · {site_name}"
        assert trainer == f"Part {meta['part']}: {title} · Facilitator sheet · {site_name}"
    assert pypdf.PdfReader(folder / f"workshop-pack-{paper}.pdf").metadata.title == f"Workshop pack · {site_name}"
    assert pypdf.PdfReader(folder / f"facilitator-pack-{paper}.pdf").metadata.title == f"Facilitator pack · {site_name}"


@pytest.mark.pdf
def test_every_writing_space_is_a_multiline_field_named_after_its_question(project_build: Build) -> None:
    folder = project_build.site / "worksheets"
    for slug, _, questions, _ in posts():
        for edition, first in (("", "name"), ("-facilitator", "facilitator")):
            fields = pypdf.PdfReader(folder / f"{slug}{edition}-a4.pdf").get_fields() or {}
            expected = {f"{slug}-{first}", f"{slug}-date", f"{slug}-workshop"}
            expected |= {f"{slug}-q{n}" for n in range(1, len(questions) + 1)}
            assert set(fields) == expected, slug
            for n, question in enumerate(questions, start=1):
                field = fields[f"{slug}-q{n}"]
                assert field.get("/FT") == "/Tx" and int(field.get("/Ff", 0)) & MULTILINE, (slug, n)
                assert squash(str(field.get("/TU"))) == squash(f"{n}. {plain(question)}"), (slug, n)
        info = pdfinfo(folder / f"{slug}-a4.pdf")
        assert info["Form"].strip() == "AcroForm" and info["Tagged"].strip() == "yes"


@pytest.mark.pdf
@pytest.mark.parametrize("pack", ["workshop-pack", "facilitator-pack"])
@pytest.mark.parametrize("paper", SIZES)
def test_packs_are_fillable_with_unique_field_names_and_tagged(project_build: Build, pack: str, paper: str) -> None:
    path = project_build.site / "worksheets" / f"{pack}-{paper}.pdf"
    reader = pypdf.PdfReader(path)
    widgets = [
        annotation.get_object()
        for page in reader.pages
        for annotation in page.get("/Annots", ())
        if annotation.get_object().get("/Subtype") == "/Widget"
    ]
    names = [str(widget["/T"]) for widget in widgets]
    expected = sum(len(questions) + 3 for _, _, questions, _ in posts())
    assert len(names) == len(set(names)) == expected
    assert set(reader.get_fields() or {}) == set(names), "every widget is a field of the form"
    root = reader.trailer["/Root"]
    assert root["/MarkInfo"]["/Marked"] and root["/Lang"] == "en"
    assert "/StructTreeRoot" in root
    # Every page's marked content belongs to the tree: each page names its entry in the parent tree.
    keys = [page["/StructParents"] for page in reader.pages]
    nums = root["/StructTreeRoot"]["/ParentTree"]["/Nums"]
    assert set(keys) <= set(nums[::2]) and len(set(keys)) == len(keys)
    info = pdfinfo(path)
    assert info["Tagged"].strip() == "yes" and info["Form"].strip() == "AcroForm"
    assert info["Title"].strip().startswith("Facilitator pack" if pack.startswith("facilitator") else "Workshop pack")


def _structure(reader: pypdf.PdfReader) -> list[tuple[str, int]]:
    """Structure element types in reading order, each with how many list items it holds directly."""
    order: list[tuple[str, int]] = []

    def walk(element) -> None:
        element = element.get_object()
        kids = element.get("/K")
        kids = [] if kids is None else (kids if isinstance(kids, list) else [kids])
        children = [k.get_object() for k in kids if isinstance(k.get_object(), dict) and "/S" in k.get_object()]
        order.append((str(element["/S"]), sum(1 for c in children if c["/S"] == "/LI")))
        for child in children:
            walk(child)

    walk(reader.trailer["/Root"]["/StructTreeRoot"]["/K"][0])
    return order


@pytest.mark.pdf
def test_headings_and_questions_are_tagged_in_reading_order(project_build: Build) -> None:
    for slug, _, questions, _ in posts():
        order = _structure(pypdf.PdfReader(project_build.site / "worksheets" / f"{slug}-a4.pdf"))
        kinds = [kind for kind, _ in order]
        assert kinds.index("/H1") < kinds.index("/H2"), slug
        lists = [i for i, (kind, items) in enumerate(order) if kind == "/L" and items == len(questions)]
        assert lists and lists[-1] > kinds.index("/H1"), f"{slug}: the questions are one list after the title"


def _font_sizes(page: pypdf.PageObject) -> list[tuple[float, str]]:
    found: list[tuple[float, str]] = []

    def visit(text, cm, tm, font, font_size) -> None:
        if text.strip():
            scale = abs(tm[0] * tm[3] - tm[1] * tm[2]) ** 0.5 * abs(cm[0] * cm[3] - cm[1] * cm[2]) ** 0.5
            found.append((round(font_size * scale, 2), text.strip()))

    page.extract_text(visitor_text=visit)
    return found


@pytest.mark.pdf
@pytest.mark.parametrize("paper", SIZES)
def test_room_to_write_body_10pt_key_terms_9pt_lines_8mm_shared_evenly(project_build: Build, paper: str) -> None:
    # The README's promise: text at 10 pt and key terms at 9 pt, unless the sheet was crowded and gave
    # way in the stated order (key terms first, then the type to 9 pt and 8 pt, and only then the lines).
    folder = project_build.site / "worksheets"
    for slug, _, questions, _ in posts():
        runs = _font_sizes(pypdf.PdfReader(folder / f"{slug}-{paper}.pdf").pages[0])
        texts = [text for _, text in runs]
        terms = texts.index("KEY TERMS") if "KEY TERMS" in texts else None
        reflect = next(i for i, text in enumerate(texts) if text.startswith("REFLECT"))
        about = texts.index("ABOUT THIS PART")
        body = runs[about + 1 : terms or reflect] + runs[reflect + 1 : next(
            i for i, text in enumerate(texts) if text.startswith("Read Part")
        )]
        assert body, slug
        smallest = min(points for points, _ in body)
        assert smallest >= 10 or abs(smallest - 9) < 0.1, f"{slug}: text at {smallest} pt"
        compact = smallest < 10
        if terms is not None:
            block = runs[terms + 1 : reflect]
            # The definitions, up to the line that counts the terms left out (8 pt, like a caption).
            more = next((i for i, (_, text) in enumerate(block) if "key term" in text), len(block))
            listed = block[:more]
            assert min(points for points, _ in listed) >= (8 if compact else 9) - 0.05, slug
        if compact:
            # The type gives way only after the key terms did: the sheet says how many it left out.
            page = " ".join(texts)
            assert "more key term" in page and "explained in the glossary" in page, slug
        # The writing space of each question is a field as tall as its ruled lines.
        widgets = {
            str(annotation.get_object()["/T"]): annotation.get_object()
            for annotation in pypdf.PdfReader(folder / f"{slug}-{paper}.pdf").pages[0].get("/Annots", ())
            if annotation.get_object().get("/Subtype") == "/Widget"
        }
        heights = []
        for n in range(1, len(questions) + 1):
            rect = [float(v) for v in widgets[f"{slug}-q{n}"]["/Rect"]]
            heights.append(abs(rect[3] - rect[1]))
        # The same lines for every question, 8 mm apart: three at least, two only once the type gave way.
        assert max(heights) - min(heights) < 0.5, f"{slug}: the same room for every question"
        lines = round(heights[0] / (8 * MM))
        assert abs(heights[0] - lines * 8 * MM) < 0.5 and (lines >= 3 or (lines == 2 and compact)), slug
        if paper == "a4":  # the page a browser gets is laid out for the site's paper, with the same lines
            page = lxml.html.fromstring(project_build.read(f"worksheets/{slug}/index.html"))
            rows = [int(t.get("rows")) for t in page.iter("textarea")]
            assert len(rows) == len(questions) and set(rows) == {lines}, f"{slug}: lines shared evenly"


@pytest.mark.pdf
def test_facilitator_edition_has_the_notes_and_the_session_plan(project_build: Build) -> None:
    folder = project_build.site / "worksheets"
    total = 0
    plan = squash(" ".join(page.extract_text() for page in pypdf.PdfReader(folder / "facilitator-pack-a4.pdf").pages))
    for slug, meta, _, notes in posts():
        sheet = squash(pypdf.PdfReader(folder / f"{slug}-facilitator-a4.pdf").pages[0].extract_text())
        blocks = note_fields(notes)
        assert squash(blocks[0]["Key idea"]) in sheet and "SESSIONPLAN" in sheet.upper()
        for fields in blocks[1:]:
            assert squash(fields["Draw out"]) in sheet and squash(fields["Prompt"]) in sheet, slug
        handout = squash(pypdf.PdfReader(folder / f"{slug}-a4.pdf").pages[0].extract_text())
        assert squash(blocks[1]["Draw out"]) not in handout, "the participants' sheet has no notes"
        minutes = minutes_of(notes)
        assert squash(f"Part {meta['part']}") in plan and f"{minutes}min" in plan
        total += minutes
    assert f"about{total}minutesinall" in plan and "Sessionplan" in plan
    # The sheet gives each question its time before its notes, in reading order.
    first = note_fields(posts()[0][3])[1]
    sheet = pypdf.PdfReader(folder / f"{posts()[0][0]}-facilitator-a4.pdf").pages[0].extract_text()
    assert squash(f"{first['Time']}. Draw out: {first['Draw out']}") in squash(sheet)


def _distinctive(value: str) -> str:
    """The longest run of plain words in a note: what would show if the note leaked into a page."""
    return max(re.findall(r"[A-Za-z][A-Za-z ,]{20,}", value), key=len).strip()


@pytest.mark.pdf
def test_notes_never_reach_a_page_the_search_index_or_a_feed(project_build: Build) -> None:
    site = project_build.site
    # The session plan's facts sit beside the facilitator PDFs (for packs made in a browser): facilitator
    # material, as those PDFs are, and no page.
    plan = site / "worksheets" / "facilitator-plan.json"
    assert plan.is_file()
    public = [p for p in site.rglob("*") if p.suffix in {".html", ".xml", ".json", ".txt"} and p != plan]
    assert any(p.name == "search_index.json" for p in public) and (site / "feed.xml").is_file()
    texts = {p: p.read_text(encoding="utf-8", errors="replace") for p in public}
    index = json.loads(texts[site / "search" / "search_index.json"])
    assert index["docs"], "the search index has content to check"
    for slug, _, _, notes in posts():
        for fields in note_fields(notes):
            for value in fields.values():
                if len(value) < 25:
                    continue
                words = _distinctive(value)
                leaks = [str(p.relative_to(site)) for p, text in texts.items() if words in text]
                assert not leaks, f"{slug}: {words!r} in {leaks}"


def test_the_log_counts_posts_without_notes(project_build: Build, fixture_build: Build) -> None:
    assert "no facilitator notes yet" not in project_build.output  # every part of the series has notes
    posts_in_fixture = len(list((ROOT / "tests" / "fixtures" / "site" / "docs" / "blog" / "posts").glob("*.md")))
    line = re.search(r"worksheets: (\d+) of (\d+) posts have no facilitator notes yet", fixture_build.output)
    assert line is not None and line.group(1) == line.group(2) == str(posts_in_fixture)


def test_catalogue_offers_both_papers_and_the_facilitator_edition(project_build: Build) -> None:
    page = lxml.html.fromstring(project_build.read("worksheets/index.html"))
    links = {a.get("href"): a.text_content().strip() for a in page.iter("a") if a.get("href", "").endswith(".pdf")}
    for slug, _, _, _ in posts():
        for name in (f"{slug}-a4.pdf", f"{slug}-letter.pdf", f"{slug}-facilitator-a4.pdf", f"{slug}-facilitator-letter.pdf"):
            assert f"../worksheets/{name}" in links or name in links or any(h.endswith("/" + name) for h in links)
            assert (project_build.site / "worksheets" / name).is_file()
    packs = [a.text_content() for a in page.find_class("tce-worksheets__packs")[0].iter("a")]
    assert packs[0] == "Workshop pack, A4"  # the site's paper first
    assert {"Workshop pack, Letter", "Facilitator pack, A4", "Facilitator pack, Letter"} <= set(packs)


def test_the_session_plan_facts_for_browser_packs_match_the_sources(project_build: Build) -> None:
    plan = json.loads(project_build.read("worksheets/facilitator-plan.json"))
    assert [part["slug"] for part in plan["parts"]] == [slug for slug, _, _, _ in posts()]
    for part, (slug, meta, questions, notes) in zip(plan["parts"], posts(), strict=True):
        blocks = note_fields(notes)
        assert part["part"] == meta["part"] and part["minutes"] == minutes_of(notes), slug
        assert part["question_minutes"] == [int(re.match(r"\d+", b["Time"]).group()) for b in blocks[1:]]
        assert part["key_idea"] == blocks[0]["Key idea"] and len(part["question_minutes"]) == len(questions)
    page = lxml.html.fromstring(project_build.read("worksheets/index.html"))
    (form,) = page.find_class("tce-pack-picker")
    assert form.get("data-plan") == "facilitator-plan.json"
