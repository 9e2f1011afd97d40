"""Sample posts, glossary entries and sites for the worksheet core's tests."""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import re

import pypdf
from siteutil import ROOT
from tce_toolkit import worksheets as ws
from tce_toolkit.models import GlossaryEntry, Post, Question

TEMPLATES = ROOT / "worksheets"
SITE = ws.SheetSite(name="Through the Customer's Eyes", author="The Editors", url="https://example.org/")
_POST_FIELDS = {f.name for f in dataclasses.fields(Post)}


def make_post(slug: str = "second-look", part: int = 2, questions: tuple[str, ...] = ("Who?", "Why?"), **kw) -> Post:
    """A post as the engine places it (at blog/<slug>/), with the given Reflect questions."""
    fields = {
        "src": f"docs/blog/posts/{slug}.md",
        "src_uri": f"blog/posts/{slug}.md",
        "slug": slug,
        "title": "A second look",
        "part": part,
        "date": dt.datetime(2026, 1, 12, tzinfo=dt.UTC),
        "description": "Hand-offs make a chain.",
        "questions": tuple(Question(n, text, 20 + n) for n, text in enumerate(questions, start=1)),
        "url": f"blog/{slug}/",
    }
    fields.update(kw)
    # The slug is the last part of the post's URL; older models also kept it as a field.
    return Post(**{key: value for key, value in fields.items() if key in _POST_FIELDS})


def entry(slug: str, term: str, summary: str = "A plain sentence.") -> GlossaryEntry:
    return GlossaryEntry(slug, term, summary, f"docs/glossary/{slug}.md", f"glossary/{slug}.md")


GLOSSARY = {
    "customer": entry("customer", "Customer", "Anyone who relies on your work."),
    "internal-customer": entry("internal-customer", "Internal customer", "A colleague who relies on you."),
    "service-culture": entry("service-culture", "Service culture", "Shared habits & <b>values</b>."),
}


def squash(text: str) -> str:
    """Text without whitespace, to compare across line breaks in a PDF."""
    return re.sub(r"\s+", "", text)


def pdf_pages(data: bytes) -> list[str]:
    """The text of every page of a PDF (read with pypdf, not with the code under test), squashed."""
    return [squash(page.extract_text()) for page in pypdf.PdfReader(io.BytesIO(data)).pages]


def pdf_metadata(data: bytes) -> dict:
    return dict(pypdf.PdfReader(io.BytesIO(data)).metadata or {})
