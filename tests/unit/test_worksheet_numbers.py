"""The pack's page numbers drawn from a specimen (`worksheets.numbers`), never a page laid out for each.

What is drawn must be what WeasyPrint lays out: the same content stream for every number up to 130
on both papers (every pair of digits), the same pixels in an assembled pack, and a template that
numbers its pages some other way gets its own words, laid out.
"""

from __future__ import annotations

import dataclasses
import io
import re
import shutil
import subprocess
import types
from pathlib import Path

import pikepdf
import pypdf
import pytest
from tce_toolkit import worksheets as ws
from tce_toolkit.worksheets import numbers
from tce_toolkit.worksheets import pack as pack_module
from tce_toolkit.worksheets.templates import render_pack_numbers_html
from worksheet_samples import GLOSSARY, SITE, TEMPLATES, make_post, squash

pytestmark = pytest.mark.pdf

_X = re.compile(rb"1 0 0 -1 (-?[0-9.]+) (-?[0-9.]+) Tm")


@pytest.fixture(scope="module")
def templates() -> ws.Templates:
    return ws.load_templates(TEMPLATES)


def laid_out_numbers(templates: ws.Templates, site: ws.SheetSite, pages: int) -> bytes:
    """The page-numbers template laid out by WeasyPrint for a pack of `pages` pages."""
    html = render_pack_numbers_html(templates, types.SimpleNamespace(pages=pages, title="Pack"), site)
    return ws.render_pdf(html, tagged=False).pdf


def page_n_templates(folder: Path) -> Path:
    """A copy of the templates whose pack pages read "Page n" rather than "n / total"."""
    copy = folder / "worksheets"
    shutil.copytree(TEMPLATES, copy)
    css = (copy / "pdf.css").read_text()
    old = 'content: counter(page) " / " counter(pages);'
    assert old in css
    (copy / "pdf.css").write_text(css.replace(old, 'content: "Page " counter(page);'))
    return copy


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_every_number_is_drawn_as_weasyprint_lays_it_out(templates: ws.Templates, paper: str) -> None:
    site = dataclasses.replace(SITE, paper=ws.PAPERS[paper])
    model = numbers.learn(laid_out_numbers(templates, site, numbers.SPECIMEN_PAGES))
    assert model is not None
    total = 130  # every digit after every digit, and totals of three digits
    with pikepdf.open(io.BytesIO(laid_out_numbers(templates, site, total))) as full:
        assert len(full.pages) == total
        for number in range(2, total + 1):
            theirs, ours = full.pages[number - 1].Contents.read_bytes(), model.content(number, total)
            # The same bytes but for the last decimal of where the text starts (a millionth of a px).
            assert _X.sub(b"", theirs) == _X.sub(b"", ours), number
            (x1, y1), (x2, y2) = (tuple(map(float, _X.search(data).groups())) for data in (theirs, ours))
            assert abs(x1 - x2) < 1e-5 and y1 == y2, (number, x1, x2)


def test_a_specimen_that_is_not_n_of_total_teaches_nothing(templates: ws.Templates, tmp_path: Path) -> None:
    copy = page_n_templates(tmp_path)
    specimen = laid_out_numbers(ws.load_templates(copy), SITE, numbers.SPECIMEN_PAGES)
    assert "Page7" in squash(pypdf.PdfReader(io.BytesIO(specimen)).pages[6].extract_text())
    assert numbers.learn(specimen) is None
    # Nor does a document of the wrong length, or one that is not a PDF of page numbers at all.
    assert numbers.learn(laid_out_numbers(ws.load_templates(TEMPLATES), SITE, 5)) is None
    assert numbers.learn(ws.render_pdf("<p>2 / 12</p>").pdf) is None


def _pack(templates: ws.Templates, cache: Path) -> ws.PdfBuild:
    posts = [
        make_post("first", part=1, title="First steps", questions=("Who is waiting?", "What changes?")),
        make_post("second", part=2, title="Second look", questions=("Which hand-off?", "When?")),
    ]
    sheets = [ws.build_worksheet(p, site=SITE, glossary=GLOSSARY, term_slugs=["customer"]) for p in posts]
    return ws.build_pdfs(templates, sheets, SITE, ws.PdfCache(cache))


def _pictures(data: bytes, folder: Path, name: str) -> list[bytes]:
    tool = shutil.which("pdftoppm")
    if tool is None:
        pytest.skip("poppler-utils (pdftoppm) is not installed")
    (folder / f"{name}.pdf").write_bytes(data)
    subprocess.run([tool, "-r", "100", folder / f"{name}.pdf", folder / name], check=True)
    return [path.read_bytes() for path in sorted(folder.glob(f"{name}-*.ppm"))]


def test_a_pack_with_drawn_numbers_has_the_pixels_of_one_with_laid_out_numbers(
    templates: ws.Templates, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn = _pack(templates, tmp_path / "drawn")
    assert not any(name.endswith(": page numbers") for name in drawn.laid_out)
    monkeypatch.setattr(pack_module, "learn", lambda specimen: None)  # as for a template it cannot read
    laid = _pack(templates, tmp_path / "laid")
    assert "workshop-pack-a4.pdf: page numbers" in laid.laid_out
    ours = _pictures(drawn.pdfs["workshop-pack-a4.pdf"].pdf, tmp_path, "drawn")
    theirs = _pictures(laid.pdfs["workshop-pack-a4.pdf"].pdf, tmp_path, "laid")
    assert len(ours) == len(theirs) == 4
    assert [a == b for a, b in zip(ours, theirs, strict=True)] == [True] * 4


def test_a_template_that_numbers_pages_its_own_way_gets_its_own_words(tmp_path: Path) -> None:
    copy = page_n_templates(tmp_path)
    made = _pack(ws.load_templates(copy), tmp_path / "cache")
    assert "workshop-pack-a4.pdf: page numbers" in made.laid_out
    texts = [
        squash(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(made.pdfs["workshop-pack-a4.pdf"].pdf)).pages
    ]
    assert [text.endswith(f"Page{n}") for n, text in enumerate(texts[1:], start=2)] == [True] * 3
