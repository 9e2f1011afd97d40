"""The series' own worksheets and packs, looked at: every page from its geometry, and kept as images.

Each PDF the project build writes into worksheets/ is read with pdfplumber (`looking.py`): nothing in
the margins (a pack's page number excepted), no overlapping words, no ruled line through a word, every
shaded box holding its own text. Every sheet is one page. The pages are rendered at 60 dpi into
test-artifacts/worksheets/ for a person to look at.
"""

from __future__ import annotations

import shutil
import subprocess

import pypdf
import pytest
from looking import look_at_pdf
from siteutil import ROOT, Build

pytestmark = pytest.mark.pdf


def test_every_worksheet_and_pack_of_the_series_looks_right(project_build: Build) -> None:
    folder = project_build.site / "worksheets"
    pdfs = sorted(folder.glob("*.pdf"))
    sheets = [p for p in pdfs if "pack" not in p.name]
    assert len(sheets) >= 32, [p.name for p in pdfs]
    artifacts = ROOT / "test-artifacts" / "worksheets"
    artifacts.mkdir(parents=True, exist_ok=True)
    tool = shutil.which("pdftoppm")
    problems = []
    for pdf in pdfs:
        pack = "pack" in pdf.name
        problems += [f"{pdf.name}: {p}" for p in look_at_pdf(pdf, numbered=pack)]
        if not pack:
            assert len(pypdf.PdfReader(pdf).pages) == 1, f"{pdf.name} is not one page"
            if tool is not None:
                subprocess.run([tool, "-r", "60", "-png", pdf, artifacts / pdf.stem], check=True)
    assert problems == []
