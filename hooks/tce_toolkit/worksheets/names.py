"""The editions, the papers and the file names of the worksheets and packs in /worksheets/.

One list of names: a post's sheets (every paper and edition, and its first address), the packs, and
which slugs would take another file's name.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

PACK_NAME = "workshop-pack"
PACK_TITLE = "Workshop pack"
FACILITATOR = "facilitator"  # the trainer's edition of every sheet and pack
PARTICIPANT = "participant"  # the edition handed out
AUDIENCES = (PARTICIPANT, FACILITATOR)
FACILITATOR_PACK_NAME = "facilitator-pack"
FACILITATOR_PACK_TITLE = "Facilitator pack"


@dataclass(frozen=True)
class Paper:
    """A paper size, as CSS lengths."""

    name: str
    label: str
    width: str
    height: str


PAPERS = {
    "a4": Paper("a4", "A4", "210mm", "297mm"),
    "letter": Paper("letter", "Letter", "8.5in", "11in"),
}


def sheet_pdf_name(slug: str, paper: Paper, audience: str = PARTICIPANT) -> str:
    """A worksheet PDF's file name in /worksheets/."""
    return f"{slug}-facilitator-{paper.name}.pdf" if audience == FACILITATOR else f"{slug}-{paper.name}.pdf"


def pack_pdf_name(paper: Paper, audience: str = PARTICIPANT) -> str:
    """A complete pack's file name in /worksheets/: `workshop-pack-<paper>.pdf`, `facilitator-pack-<paper>.pdf`."""
    return f"{FACILITATOR_PACK_NAME if audience == FACILITATOR else PACK_NAME}-{paper.name}.pdf"


# The addresses the site published before every sheet came on both papers: each sheet and the workshop
# pack under one name, on the site's paper, in the participants' edition. They stay, as copies.
FIRST_PACK_NAME = f"{PACK_NAME}.pdf"


def first_pdf_name(slug: str) -> str:
    """A worksheet's first address in /worksheets/, from before the papers had names: `<slug>.pdf`."""
    return f"{slug}.pdf"


def _sheet_files(slug: str) -> list[str]:
    """Every file name in /worksheets/ that belongs to a post's sheets: each paper and edition, and its first address."""
    return [sheet_pdf_name(slug, paper, audience) for paper in PAPERS.values() for audience in AUDIENCES] + [
        first_pdf_name(slug)
    ]


def sheet_file_clashes(slugs: Sequence[str]) -> dict[str, str]:
    """Slugs whose worksheet PDFs would take a file name another file of /worksheets/ already has:
    slug -> whose file it is ("the workshop pack ('workshop-pack-a4.pdf')", "the facilitator sheet of 'x'").

    The one list of reserved names is the file names themselves (`pack_pdf_name`, `sheet_pdf_name`).
    """
    editions = [(paper, audience) for paper in PAPERS.values() for audience in AUDIENCES]
    owners: dict[str, tuple[str | None, str]] = {}  # file name -> (the post's slug or None, whose file)
    for paper, audience in editions:
        name = pack_pdf_name(paper, audience)
        pack = FACILITATOR_PACK_TITLE if audience == FACILITATOR else PACK_TITLE
        owners[name] = (None, f"the {pack.lower()} (/worksheets/{name})")
    owners[FIRST_PACK_NAME] = (None, f"the {PACK_TITLE.lower()} (/worksheets/{FIRST_PACK_NAME})")
    # The sheets' own names first, then their first addresses: a first address never takes a sheet's name.
    for slug in slugs:
        for paper, audience in editions:
            name = sheet_pdf_name(slug, paper, audience)
            edition = "facilitator sheet" if audience == FACILITATOR else "worksheet"
            owners.setdefault(name, (slug, f"the {edition} of '{slug}' (/worksheets/{name})"))
    for slug in slugs:
        name = first_pdf_name(slug)
        owners.setdefault(name, (slug, f"the worksheet of '{slug}' (/worksheets/{name})"))
    clashes: dict[str, str] = {}
    for slug in slugs:
        for name in _sheet_files(slug):
            owner, whose = owners[name]
            if owner != slug:
                clashes.setdefault(slug, whose)
    return clashes
