"""`make check` and `make pack` on the real project: the toolkit without a site build."""

from __future__ import annotations

import os
import re
import subprocess
from pathlib import Path

import pytest
from pypdf import PdfReader
from siteutil import ROOT, read_post

TITLES = {read_post(p).meta["part"]: read_post(p).title for p in (ROOT / "docs" / "blog" / "posts").glob("*.md")}
LETTER, A4 = (612, 792), (595, 842)


def make(*args: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run(["make", "-s", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600)


def test_check_reads_the_whole_series_and_finds_nothing_wrong() -> None:
    result = make("check")
    assert result.returncode == 0, result.stderr
    assert f"check: {len(TITLES)} posts and 10 glossary entries read; no problem found" in result.stdout


def _pack(output: Path, *args: str) -> tuple[subprocess.CompletedProcess, PdfReader]:
    result = make("pack", *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(str(output)), result.stdout
    return result, PdfReader(output)


@pytest.mark.pdf
def test_pack_of_chosen_parts_on_letter() -> None:
    output = ROOT / "packs" / "workshop-pack-parts-2-4-5-letter.pdf"
    output.unlink(missing_ok=True)
    result, pdf = _pack(output, "PARTS=2,4-5", "PAPER=letter")
    assert "parts 2, 4, 5 on Letter, 5 pages" in result.stdout
    assert len(pdf.pages) == 2 + 3  # cover, contents, one page per worksheet
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pdf.pages} == {LETTER}
    text = [" ".join(page.extract_text().split()) for page in pdf.pages]
    contents = text[1]
    for part in (2, 4, 5):
        assert TITLES[part] in contents
    assert TITLES[1] not in " ".join(text) and TITLES[3] not in " ".join(text)
    for page, part in zip(text[2:], (2, 4, 5), strict=True):
        assert TITLES[part] in page


@pytest.mark.pdf
def test_pack_of_every_part_on_the_sites_paper() -> None:
    output = ROOT / "packs" / "workshop-pack-parts-all-a4.pdf"
    output.unlink(missing_ok=True)
    _, pdf = _pack(output)
    assert len(pdf.pages) == 2 + len(TITLES)
    assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in pdf.pages} == {A4}


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("PARTS=9",), "pack: there is no part 9 (the series has parts 1 to 8)"),
        (("PARTS=2,x",), "pack: 'x' is not a part or a range of parts (write e.g. PARTS=2,4-5)"),
        (("PARTS=5-2",), "pack: the range '5-2' runs backwards (write 2-5)"),
        (("PAPER=a5",), "pack: unknown paper 'a5' (use a4 or letter)"),
    ],
)
def test_bad_pack_input_gets_one_line(args: tuple[str, ...], message: str) -> None:
    result = make("pack", *args)
    assert result.returncode != 0 and "Traceback" not in result.stderr
    # make adds its own "make: *** ... Error 2" line ("make[1]:" when run from make test).
    assert [line for line in result.stderr.splitlines() if not re.match(r"make(\[\d+\])?: ", line)] == [message]
