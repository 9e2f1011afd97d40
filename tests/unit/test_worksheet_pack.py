"""The workshop pack, assembled from the worksheets' own PDFs: never laid out again.

Real WeasyPrint renders; every PDF is read back with pypdf (and poppler, when it is installed), not
with the code under test.
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
from pathlib import Path

import pypdf
import pytest
from tce_toolkit import worksheets as ws
from tce_toolkit.worksheets import pdf as pdf_module
from worksheet_samples import GLOSSARY, SITE, TEMPLATES, make_post, squash

pytestmark = pytest.mark.pdf

PACK = "workshop-pack-a4.pdf"
QUESTION = "Question {n}: who relies on the work you hand over each week, and what do they need from it to do theirs?"
LETTER = dataclasses.replace(SITE, paper=ws.PAPERS["letter"])


def series(changed: str = "") -> list:
    """Three posts; the second has twelve questions, so its worksheet runs onto a second page."""
    return [
        make_post("first", part=1, title="First steps", questions=("Who is waiting?", f"What changes{changed}?")),
        make_post("long", part=2, title="A long look", questions=tuple(QUESTION.format(n=n) for n in range(1, 13))),
        make_post("third", part=3, title="Third time", questions=("Which hand-off?", "When?")),
    ]


def sheets_of(posts, site: ws.SheetSite = SITE) -> list[ws.Worksheet]:
    return [ws.build_worksheet(p, site=site, glossary=GLOSSARY, term_slugs=["customer"]) for p in posts]


def build(templates: ws.Templates, posts, cache: Path | None, site: ws.SheetSite = SITE, **kw) -> ws.PdfBuild:
    return ws.build_pdfs(templates, sheets_of(posts, site), site, ws.PdfCache(cache), **kw)


@pytest.fixture(scope="module")
def templates() -> ws.Templates:
    return ws.load_templates(TEMPLATES)


@pytest.fixture(scope="module")
def built(templates: ws.Templates, tmp_path_factory: pytest.TempPathFactory) -> tuple[ws.PdfBuild, Path]:
    """One cold build of `series()`, and its cache folder (copy it before building into it again)."""
    cache = tmp_path_factory.mktemp("pack") / "cache"
    return build(templates, series(), cache), cache


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def read_contents(texts: list[str], sheets) -> dict[str, int]:
    """The page the contents gives for each worksheet, read from the text of the pack's front pages."""
    # The contents pages: those before the first worksheet's, each without the number at its foot
    # ("2/9" would run on from the last line).
    pages = [squash(text) for text in texts[1:]]
    pages = pages[: next(i for i, text in enumerate(pages) if "reflectionworksheet" in text.lower())]
    front = "".join(text.removesuffix(f"{n}/{len(texts)}") for n, text in enumerate(pages, start=2))
    found = {}
    for sheet in sheets:
        match = re.search(re.escape(squash(f"Part {sheet.part}{sheet.title}")) + r"\.*(\d+)", front)
        assert match, (sheet.title, front)
        found[sheet.slug] = int(match.group(1))
    return found


def check_pack(
    result_pdf: bytes, sheets, sheet_pdfs: dict[str, ws.RenderedPdf], title: str = "Workshop pack"
) -> dict[str, int]:
    """Every contents line's page starts that worksheet, shows its number, and holds its own pages."""
    texts = page_texts(result_pdf)
    total = len(texts)
    starts = read_contents(texts, sheets)
    assert squash(title) in squash(texts[0]) and not re.search(rf"\d+/{total}", squash(texts[0])), (
        "no number on the cover"
    )
    for number, text in enumerate(texts[1:], start=2):
        assert squash(text).endswith(f"{number}/{total}"), (number, text[-200:])  # its number, at its foot
    for sheet in sheets:
        first = starts[sheet.slug]
        own = [squash(t) for t in page_texts(sheet_pdfs[sheet.pdf_name].pdf)]
        for offset, text in enumerate(own):
            assert text in squash(texts[first - 1 + offset]), (
                f"page {first + offset} is not page {offset + 1} of {sheet.slug}"
            )
        assert squash(sheet.title) in squash(texts[first - 1])
    return starts


# --- What the pack holds --------------------------------------------------------------------------------


def test_pack_is_cover_contents_and_each_sheets_own_pages_numbered_as_the_contents_says(built) -> None:
    result, _ = built
    pack = result.pdfs[PACK]
    texts = page_texts(pack.pdf)
    long_pages = result.pdfs["long-a4.pdf"].pages
    assert long_pages >= 2 and result.pack.front_pages == 2
    # The front is measured, then laid out beside the worksheets as if each took one page, then again
    # once the long one's pages are known, with a specimen of its page numbers; no sheet twice.
    assert result.laid_out == [
        "first-a4.pdf",
        "long-a4.pdf",
        "third-a4.pdf",
        f"{PACK}: cover and contents",
        f"{PACK}: cover and contents",
        f"{PACK}: page-number specimen",
    ]
    assert pack.pages == len(texts) == 2 + 1 + long_pages + 1 == result.pack.pages
    starts = check_pack(pack.pdf, result.sheets, result.pdfs)
    # The second worksheet runs onto more pages, and the third starts after all of them.
    assert starts == {"first": 3, "long": 4, "third": 4 + long_pages}
    assert [(e.sheet.slug, e.page, e.pages) for e in result.pack.contents] == [
        ("first", 3, 1),
        ("long", 4, long_pages),
        ("third", 4 + long_pages, 1),
    ]
    whole = squash("".join(texts))
    for post in series():
        for question in post.questions:
            assert squash(question.markdown) in whole, question.markdown


def test_pack_has_a_bookmark_and_a_contents_link_for_every_sheet(built) -> None:
    result, _ = built
    reader = pypdf.PdfReader(io.BytesIO(result.pdfs[PACK].pdf))
    marks = [(item.title, reader.get_destination_page_number(item)) for item in reader.outline]
    starts = {e.sheet.slug: e.page for e in result.pack.contents}
    assert marks == [
        ("Workshop pack", 0),
        ("Contents", 1),
        ("Part 1: First steps", starts["first"] - 1),
        ("Part 2: A long look", starts["long"] - 1),
        ("Part 3: Third time", starts["third"] - 1),
    ]
    links = [a.get_object() for a in reader.pages[1]["/Annots"]]
    targets = [reader.get_page_number(link["/Dest"][0].get_object()) for link in links]
    assert targets == [starts[s] - 1 for s in ("first", "long", "third")]
    assert reader.metadata.title == f"Workshop pack · {SITE.name}" and reader.metadata.author == "The Editors"
    assert reader.trailer["/Root"]["/Lang"] == "en"


def test_fonts_are_embedded_once_each_in_the_pack(built) -> None:
    result, _ = built
    reader = pypdf.PdfReader(io.BytesIO(result.pdfs[PACK].pdf))
    files: dict[str, set[int]] = {}
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
            assert "/FontFile2" in descriptor, font["/BaseFont"]
            name = re.sub(r"^/[A-Z]{6}\+", "", str(font["/BaseFont"]))
            files.setdefault(name, set()).add(descriptor.raw_get("/FontFile2").idnum)
    assert "DejaVu-Sans" in files and all(len(ids) == 1 for ids in files.values()), files  # one file per font
    if shutil.which("pdffonts"):
        listing = subprocess.run(["pdffonts", "-"], input=result.pdfs[PACK].pdf, capture_output=True, check=True)
        rows = listing.stdout.decode().splitlines()[2:]
        assert rows and all(row.split()[-5] == "yes" for row in rows), rows  # the "emb" column


def test_pack_pages_look_exactly_like_the_sheets_above_the_page_number(built, tmp_path: Path) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.skip("poppler's pdftoppm is not installed")
    from PIL import Image, ImageChops

    result, _ = built

    def pictures(data: bytes, name: str) -> list[Image.Image]:
        (tmp_path / f"{name}.pdf").write_bytes(data)
        subprocess.run([pdftoppm, "-r", "50", "-png", tmp_path / f"{name}.pdf", tmp_path / name], check=True)
        return [Image.open(path).convert("L") for path in sorted(tmp_path.glob(f"{name}-*.png"))]

    pack = pictures(result.pdfs[PACK].pdf, "pack")
    for entry in result.pack.contents:
        for offset, own in enumerate(pictures(result.pdfs[entry.sheet.pdf_name].pdf, entry.sheet.slug)):
            page = pack[entry.page - 1 + offset]
            above = (0, 0, own.width, int(own.height * (1 - 14 / 297)))  # all but the bottom margin
            assert ImageChops.difference(page.crop(above), own.crop(above)).getbbox() is None, entry.sheet.slug


# --- What a build does again ----------------------------------------------------------------------------


class NoWorkers:
    """Stands in for ProcessPoolExecutor: a build that starts a worker fails."""

    def __init__(self, *args, **kwargs) -> None:
        raise AssertionError("a worker process was started")


def test_a_warm_rebuild_renders_nothing_and_starts_no_worker(
    templates: ws.Templates, built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, cache = built
    monkeypatch.setattr(pdf_module, "ProcessPoolExecutor", NoWorkers)
    monkeypatch.setattr(pdf_module, "_lay_out", lambda html: pytest.fail("WeasyPrint laid something out"))
    again = build(templates, series(), cache, workers=4)
    assert again.rendered == [] and again.laid_out == []
    assert sorted(again.from_cache) == sorted(first.pdfs) and PACK in again.from_cache
    assert {n: r.pdf for n, r in again.pdfs.items()} == {n: r.pdf for n, r in first.pdfs.items()}
    assert again.pack == first.pack


def test_one_changed_question_renders_that_sheet_alone_and_reassembles_the_pack(
    templates: ws.Templates, built, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, cache = built
    shutil.copytree(cache, tmp_path / "cache")
    monkeypatch.setattr(pdf_module, "ProcessPoolExecutor", NoWorkers)  # one sheet: no worker either
    before = {path.name for path in (tmp_path / "cache").iterdir()}
    changed = build(templates, series(changed=" first"), tmp_path / "cache", workers=4)
    added = {path.name for path in (tmp_path / "cache").iterdir()} - before
    assert len(added) == 2, "the new worksheet is added to the cache; the new pack replaces the old one"
    assert changed.rendered == ["first-a4.pdf", PACK]
    assert changed.laid_out == ["first-a4.pdf"], "the pack's cover, contents and page numbers came from the cache"
    assert sorted(changed.from_cache) == ["long-a4.pdf", "third-a4.pdf"]
    pack = changed.pdfs[PACK]
    assert pack.pdf != first.pdfs[PACK].pdf and pack.pages == first.pdfs[PACK].pages
    assert check_pack(pack.pdf, changed.sheets, changed.pdfs) == {e.sheet.slug: e.page for e in first.pack.contents}
    assert "Whatchangesfirst?" in squash("".join(page_texts(pack.pdf)))


def test_a_sheet_that_grows_a_page_moves_the_following_numbers_on(
    templates: ws.Templates, built, tmp_path: Path
) -> None:
    first, cache = built
    shutil.copytree(cache, tmp_path / "cache")
    posts = series()
    posts[0] = make_post("first", part=1, title="First steps", questions=tuple(QUESTION.format(n=n) for n in range(12)))
    grown = build(templates, posts, tmp_path / "cache")
    assert grown.rendered == ["first-a4.pdf", PACK]
    # A page more: new numbers, "n / total" on every page, drawn from the specimen (none laid out).
    assert grown.laid_out == ["first-a4.pdf", f"{PACK}: cover and contents"]
    pages = grown.pdfs["first-a4.pdf"].pages
    assert pages >= 2 and grown.pdfs[PACK].pages == first.pdfs[PACK].pages + pages - 1
    starts = check_pack(grown.pdfs[PACK].pdf, grown.sheets, grown.pdfs)
    assert starts == {"first": 3, "long": 3 + pages, "third": 3 + pages + grown.pdfs["long-a4.pdf"].pages}


# --- A pack of chosen parts ------------------------------------------------------------------------------


def test_assemble_pack_of_chosen_parts_on_letter_paper(templates: ws.Templates, built) -> None:
    letter = build(templates, series(), None, site=LETTER)
    chosen = [s for s in letter.sheets if s.part in (1, 3)]
    pack = ws.assemble_pack(chosen, letter.pdfs, LETTER, templates, title="Session one")
    reader = pypdf.PdfReader(io.BytesIO(pack.pdf))
    assert pack.pages == len(reader.pages) == 4
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages} == {(612, 792)}
    cover = squash(reader.pages[0].extract_text())
    assert "Sessionone" in cover and "forparts1and3oftheseries" in cover
    assert check_pack(pack.pdf, chosen, letter.pdfs, title="Session one") == {"first": 3, "third": 4}
    # Worksheets laid out on other paper than the pack's are refused, never mixed in.
    first, _ = built
    on_a4 = {sheet.pdf_name: first.pdfs[sheet.pdf_name.replace("-letter.pdf", "-a4.pdf")] for sheet in chosen}
    with pytest.raises(ValueError, match="other paper"):
        ws.assemble_pack(chosen, on_a4, LETTER, templates)
    with pytest.raises(KeyError):
        ws.assemble_pack(chosen, {}, LETTER, templates)


def test_a_contents_longer_than_a_page_moves_every_sheet_on(templates: ws.Templates, built) -> None:
    # Forty worksheets, their PDFs borrowed from the built ones: only the pack's own pages are laid out.
    result, _ = built
    borrowed = [result.pdfs["first-a4.pdf"], result.pdfs["long-a4.pdf"]]
    sheets = [
        dataclasses.replace(result.sheets[0], slug=f"sheet-{n}", part=n, title=f"Worksheet number {n}")
        for n in range(1, 41)
    ]
    pdfs = {sheet.pdf_name: borrowed[sheet.part % 2] for sheet in sheets}
    made = ws.make_pack(sheets, pdfs, SITE, templates, complete=True)
    front = made.pack.front_pages
    assert front >= 3, "forty lines of contents take two pages"
    assert made.laid_out == ["workshop-pack.pdf: cover and contents"] * 2 + [
        "workshop-pack.pdf: page-number specimen"
    ]  # guessed 2, then again
    texts = [squash(t) for t in page_texts(made.pdf.pdf)]
    assert len(texts) == made.pdf.pages == made.pack.pages
    starts = read_contents(page_texts(made.pdf.pdf), sheets)
    page = front + 1
    for sheet in sheets:
        assert starts[sheet.slug] == page
        assert f"{page}/{len(texts)}" in texts[page - 1]
        assert ("Firststeps" if sheet.part % 2 == 0 else "Alonglook") in texts[page - 1]
        page += pdfs[sheet.pdf_name].pages
    assert page - 1 == len(texts)


def test_merging_the_same_pdf_twice_keeps_both_copies(built) -> None:
    from tce_toolkit.worksheets import merge

    result, _ = built
    sheet = result.pdfs["first-a4.pdf"].pdf
    data, starts = merge.merge_pdfs(sheet, [merge.Part(sheet, "Again"), merge.Part(sheet, "Once more")])
    reader = pypdf.PdfReader(io.BytesIO(data))
    assert starts == [1, 2] and len(reader.pages) == 3
    assert len({page.indirect_reference.idnum for page in reader.pages}) == 3
    assert all("Firststeps" in squash(page.extract_text()) for page in reader.pages)
    assert [item.title for item in reader.outline][-2:] == ["Again", "Once more"]


def _traced_merge(job):
    """`merge_parts`, leaving a mark named after the process it ran in (a worker's is not the test's)."""
    import os
    import uuid

    (Path(os.environ["TCE_MERGE_MARKS"]) / f"{os.getpid()}-{uuid.uuid4().hex}").write_text("")
    from tce_toolkit.worksheets.pack import merge_parts

    return merge_parts(job)


def test_changed_packs_are_put_together_on_the_workers_and_a_warm_build_forks_none(
    templates: ws.Templates, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    from tce_toolkit.worksheets import build as build_module
    from tce_toolkit.worksheets import pdf as pdf_module

    marks = tmp_path / "merges"
    marks.mkdir()
    monkeypatch.setenv("TCE_MERGE_MARKS", str(marks))
    monkeypatch.setattr(build_module, "merge_parts", _traced_merge)
    sheets = [
        s.variant(paper, audience)
        for s in (ws.build_worksheet(post, site=SITE) for post in series())
        for paper in ws.PAPERS.values()
        for audience in ws.AUDIENCES
    ]
    cache = ws.PdfCache(tmp_path / "cache")
    first = ws.build_pdfs(templates, sheets, SITE, cache, workers=2)
    assert len(first.packs) == 4 and len(list(marks.iterdir())) == 4
    pids = {name.name.split("-")[0] for name in marks.iterdir()}
    # A process running other threads (a test server left by another test) never forks: then the
    # merges run here, one after another.
    forks = pdf_module._can_fork()
    assert (str(os.getpid()) not in pids) == forks, "the four merges ran in worker processes when it may fork"
    for name in list(marks.iterdir()):
        name.unlink()
    again = ws.build_pdfs(templates, sheets, SITE, cache, workers=2)
    assert again.rendered == [] and list(marks.iterdir()) == [], "a warm build merges nothing"


# --- What each pack says it is ---------------------------------------------------------------------------


def test_each_pack_says_in_its_subject_which_edition_it_is(templates: ws.Templates) -> None:
    # A reader's document properties show the subject: the trainer's pack says it holds the session plan
    # and the notes, the participants' pack that it holds the worksheets.
    posts = [post for post in series() if post.slug != "long"]
    sheets = [
        sheet.variant(SITE.paper, audience)
        for sheet in (ws.build_worksheet(post, site=SITE) for post in posts)
        for audience in ws.AUDIENCES
    ]
    result = ws.build_pdfs(templates, sheets, SITE, ws.PdfCache(None))
    subject = {
        name: pypdf.PdfReader(io.BytesIO(result.pdfs[name].pdf)).metadata.subject
        for name in ("workshop-pack-a4.pdf", "facilitator-pack-a4.pdf")
    }
    assert subject == {
        "workshop-pack-a4.pdf": f"Reflection worksheets for all 2 parts of {SITE.name}.",
        "facilitator-pack-a4.pdf": (
            f"The facilitator's edition of the reflection worksheets for all 2 parts of {SITE.name}: "
            "a session plan, then each worksheet with what its questions should draw out."
        ),
    }
