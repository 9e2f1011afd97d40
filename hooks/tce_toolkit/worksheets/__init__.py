"""Worksheets: a post's Reflect questions as a printable page, its PDF and the workshop pack.

Pure core: posts and glossary entries go in; the template context, HTML (Jinja2 templates from
`worksheets/`), PDFs (WeasyPrint) and author errors come out, and notes (a cache that could not be
written, a sheet that runs onto several pages) come back as data for the caller to show.

- `context`: the template context (`Worksheet`, `Pack`, `SheetSite`, ...) and `build_worksheet`;
- `templates`: the Jinja2 environment, template errors as `worksheets/<file>:<line>`;
- `fit`: sharing a page's free space out as writing lines;
- `pdf`: WeasyPrint, the PDF cache and the worker processes; `build`: `build_pdfs`;
- `pack`: `assemble_pack`, a workshop pack put together from rendered worksheet PDFs (never laid out
  again); `merge`: putting PDFs together page by page with pikepdf (`structure`: their
  tags and form fields; `fonts`: one font file for a font's subsets);
- `cache`: the one small disk cache behind the PDF and QR-code caches; `qr`: QR codes;
- `insertion`: where the worksheet link goes in a post's HTML.
"""

from __future__ import annotations

from .build import Overflow, PdfBuild, build_pdfs
from .cache import CACHE_MAX_AGE, DiskCache
from .context import (
    FRONT_PAGES,
    SESSION_PLAN_NAME,
    FeedLink,
    KeyTerm,
    Pack,
    PackEntry,
    SheetNotes,
    SheetQuestion,
    SheetSite,
    Worksheet,
    build_key_terms,
    build_pack,
    build_worksheet,
    relative_href,
    session_plan_json,
)
from .fit import FLOW_LINES, PX_PER_MM, SAFETY_PX, Layout, as_flow, fit_sheet, fits, give_way, refit, with_lines
from .insertion import insert_after_element
from .names import (
    AUDIENCES,
    FACILITATOR,
    FACILITATOR_PACK_NAME,
    FACILITATOR_PACK_TITLE,
    FIRST_PACK_NAME,
    PACK_NAME,
    PACK_TITLE,
    PAPERS,
    PARTICIPANT,
    Paper,
    first_pdf_name,
    pack_pdf_name,
    sheet_pdf_name,
)
from .pack import PackAssembly, assemble_pack, make_pack
from .paper_text import render_inline
from .pdf import (
    CACHE_FORMAT,
    PdfCache,
    RenderedPdf,
    Workers,
    default_workers,
    measure_layout,
    render_checked_pdf,
    render_pdf,
)
from .qr import QrCache, make_qr
from .steps import FACILITATOR_MIN_LINES, FACILITATOR_STEPS, KEY_TERMS, MIN_LINES, PARTICIPANT_STEPS, GiveWay
from .templates import (
    PACK_NUMBERS_TEMPLATE,
    PACK_TEMPLATE,
    PAGE_STYLESHEET,
    PDF_STYLESHEET,
    SHEET_TEMPLATE,
    Templates,
    load_templates,
    render_pack_html,
    render_pack_numbers_html,
    render_page_stylesheet,
    render_sheet_html,
)

__all__ = [
    "AUDIENCES",
    "FACILITATOR",
    "FACILITATOR_MIN_LINES",
    "FACILITATOR_PACK_NAME",
    "FACILITATOR_PACK_TITLE",
    "FACILITATOR_STEPS",
    "FIRST_PACK_NAME",
    "first_pdf_name",
    "KEY_TERMS",
    "PARTICIPANT_STEPS",
    "GiveWay",
    "give_way",
    "PARTICIPANT",
    "SESSION_PLAN_NAME",
    "SheetNotes",
    "pack_pdf_name",
    "session_plan_json",
    "sheet_pdf_name",
    "CACHE_FORMAT",
    "CACHE_MAX_AGE",
    "FLOW_LINES",
    "FRONT_PAGES",
    "MIN_LINES",
    "PACK_NAME",
    "PACK_NUMBERS_TEMPLATE",
    "PACK_TEMPLATE",
    "PAGE_STYLESHEET",
    "PACK_TITLE",
    "PAPERS",
    "PDF_STYLESHEET",
    "PX_PER_MM",
    "SAFETY_PX",
    "SHEET_TEMPLATE",
    "DiskCache",
    "FeedLink",
    "KeyTerm",
    "Layout",
    "Overflow",
    "Pack",
    "PackAssembly",
    "PackEntry",
    "Paper",
    "PdfBuild",
    "PdfCache",
    "QrCache",
    "RenderedPdf",
    "SheetQuestion",
    "SheetSite",
    "Templates",
    "Workers",
    "Worksheet",
    "as_flow",
    "assemble_pack",
    "build_key_terms",
    "build_pack",
    "build_pdfs",
    "build_worksheet",
    "default_workers",
    "fit_sheet",
    "fits",
    "insert_after_element",
    "load_templates",
    "make_pack",
    "make_qr",
    "measure_layout",
    "refit",
    "relative_href",
    "render_checked_pdf",
    "render_inline",
    "render_pack_html",
    "render_pack_numbers_html",
    "render_page_stylesheet",
    "render_pdf",
    "render_sheet_html",
    "with_lines",
]
