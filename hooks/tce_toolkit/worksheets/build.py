"""Every worksheet's PDF and the workshop pack's, laid out, checked and cached."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from .context import Pack, SheetSite, Worksheet, build_pack
from .fit import fit_sheet, fits, refit, with_lines
from .pdf import PdfCache, RenderedPdf, Workers, measure_layout, render_checked_pdf
from .templates import Templates, render_pack_html, render_sheet_html


class Overflow(NamedTuple):
    """A worksheet that does not fit on one page, and the number of pages it runs onto."""

    sheet: Worksheet
    pages: int

    @property
    def slug(self) -> str:
        """The worksheet's slug (its post's)."""
        return self.sheet.slug


@dataclass(frozen=True)
class PdfBuild:
    """The outcome of rendering every worksheet and the pack."""

    sheets: list[Worksheet]  # as finally laid out: writing lines set, `flow` on those longer than a page
    html: dict[str, str]  # final HTML page of each worksheet (as a browser gets it), by slug
    pdfs: dict[str, RenderedPdf]  # by file name: "<slug>.pdf" and "workshop-pack.pdf"
    pack: Pack
    rendered: list[str] = field(default_factory=list)  # file names rendered in this build
    from_cache: list[str] = field(default_factory=list)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)  # e.g. a cache that could not be written

    @property
    def overflowing(self) -> list[Overflow]:
        """Worksheets whose content runs onto more than one page, with their page counts, in series order."""
        return [
            Overflow(sheet, self.pdfs[sheet.pdf_name].pages)
            for sheet in self.sheets
            if self.pdfs[sheet.pdf_name].pages > 1
        ]

    @property
    def notes(self) -> list[str]:
        """WeasyPrint's remarks about the templates, each once."""
        return list(dict.fromkeys(note for rendered in self.pdfs.values() for note in rendered.notes))


def build_pdfs(
    templates: Templates,
    sheets: Sequence[Worksheet],
    site: SheetSite,
    cache: PdfCache,
    *,
    workers: int = 1,
) -> PdfBuild:
    """Render (or take from the cache) every worksheet's PDF and the pack's.

    A worksheet's cache key is the hash of its first-pass PDF HTML (minimum writing lines): the final
    layout follows from it, and the cache keeps that layout beside the PDF. The pack's key is the
    hash of its own HTML.
    """
    start = time.perf_counter()
    first = {sheet.slug: render_sheet_html(templates, sheet, site, for_pdf=True) for sheet in sheets}
    keys = {slug: cache.key(html) for slug, html in first.items()}
    done: dict[str, tuple[Worksheet, RenderedPdf]] = {}
    for sheet in sheets:
        cached = cache.get(keys[sheet.slug])
        if cached is not None and len(cached.lines) == len(sheet.questions):
            done[sheet.slug] = (with_lines(sheet, cached.lines, cached.flow), cached)
    todo = [sheet for sheet in sheets if sheet.slug not in done]
    rendered: list[str] = []
    pack_job = _PackJob(templates, site, cache)
    with Workers(workers) as pool:
        layouts = pool.map(measure_layout, [first[sheet.slug] for sheet in todo])
        pending = [fit_sheet(sheet, layout) for sheet, layout in zip(todo, layouts, strict=True)]
        # Render, then check each one-page sheet again: a fit measured with fewer lines can miss by a
        # hair. A miss takes a line from each question, then gives up to flow, which always passes,
        # so the loop ends; most builds go round once.
        while pending:
            # The pack takes longest: it goes first, so the other workers share out the worksheets.
            current = {slug: laid_out for slug, (laid_out, _) in done.items()} | {s.slug: s for s in pending}
            pack_html = pack_job.html_if_missing([current[sheet.slug] for sheet in sheets])
            jobs = ([pack_html] if pack_html else []) + [
                render_sheet_html(templates, sheet, site, for_pdf=True) for sheet in pending
            ]
            outcomes = pool.map(render_checked_pdf, jobs)
            if pack_html:
                rendered.append(pack_job.store(outcomes.pop(0)[0]))
            retry = []
            for sheet, (outcome, checked) in zip(pending, outcomes, strict=True):
                rendered.append(sheet.pdf_name)
                if not sheet.flow and not fits(sheet, checked):
                    retry.append(refit(sheet))  # the measured fit missed by a hair
                    continue
                pdf = replace(outcome, lines=tuple(q.lines for q in sheet.questions), flow=sheet.flow)
                cache.put(keys[sheet.slug], pdf)
                done[sheet.slug] = (sheet, pdf)
            pending = retry
        final = [done[sheet.slug][0] for sheet in sheets]
        pack_html = pack_job.html_if_missing(final)
        if pack_html:  # every worksheet came from the cache, the pack did not
            rendered.append(pack_job.store(pool.map(render_checked_pdf, [pack_html])[0][0]))
    pdfs = {laid_out.pdf_name: pdf for laid_out, pdf in (done[sheet.slug] for sheet in sheets)}
    pdfs[pack_job.pack.pdf_name] = pack_job.pdf
    rendered = list(dict.fromkeys(rendered))
    return PdfBuild(
        sheets=final,
        html={sheet.slug: render_sheet_html(templates, sheet, site) for sheet in final},
        pdfs=pdfs,
        pack=pack_job.pack,
        rendered=rendered,
        from_cache=[name for name in pdfs if name not in rendered],
        seconds=time.perf_counter() - start,
        warnings=list(cache.warnings),
    )


class _PackJob:
    """The workshop pack of the sheets as they are laid out now: taken from the cache, or to render."""

    def __init__(self, templates: Templates, site: SheetSite, cache: PdfCache) -> None:
        self.templates, self.site, self.cache = templates, site, cache
        self.key = ""
        self.pack: Pack = build_pack([])
        self.pdf: RenderedPdf | None = None

    def html_if_missing(self, sheets: Sequence[Worksheet]) -> str:
        """The pack's HTML when its PDF is neither rendered for these sheets nor cached, else ""."""
        pack = build_pack(sheets)
        html = render_pack_html(self.templates, pack, self.site)
        key = self.cache.key(html)
        if key == self.key and self.pdf is not None:
            return ""
        self.pack, self.key, self.pdf = pack, key, self.cache.get(key)
        return html if self.pdf is None else ""

    def store(self, pdf: RenderedPdf) -> str:
        """Keep the rendered PDF of the pack last asked for; return its file name."""
        self.pdf = pdf
        self.cache.put(self.key, pdf)
        return self.pack.pdf_name
