"""Every worksheet's PDF, laid out, checked and cached, and the workshop pack assembled from them."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from .context import Pack, SheetSite, Worksheet
from .fit import fit_sheet, fits, refit, with_lines
from .pack import front_html, make_pack
from .pdf import PdfCache, RenderedPdf, Workers, measure_layout, render_checked_pdf
from .templates import Templates, render_sheet_html


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
    """The outcome of rendering every worksheet and assembling the pack."""

    sheets: list[Worksheet]  # as finally laid out: writing lines set, `flow` on those longer than a page
    html: dict[str, str]  # final HTML page of each worksheet (as a browser gets it), by slug
    pdfs: dict[str, RenderedPdf]  # by file name: "<slug>.pdf" and "workshop-pack.pdf"
    pack: Pack
    rendered: list[str] = field(default_factory=list)  # file names made in this build (the pack when assembled)
    from_cache: list[str] = field(default_factory=list)
    # What WeasyPrint laid out in this build: worksheet PDFs by file name, and the pack's own two
    # small documents as "workshop-pack.pdf: cover and contents" and "workshop-pack.pdf: page numbers".
    laid_out: list[str] = field(default_factory=list)
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


class Progress:
    """Reports layouts done of all to do, with the time taken, at most every 10 % or every 5 seconds."""

    def __init__(self, total: int, report: Callable[[str], None] | None, every: float = 5.0) -> None:
        self.total, self.report, self.every = total, report, every
        self.done, self.start = 0, time.perf_counter()
        self.last_time, self.last_tenth = self.start, 0

    def step(self, *_: object) -> None:
        """One more layout finished."""
        self.done += 1
        if self.report is None or not self.total:
            return
        now, tenth = time.perf_counter(), min(10 * self.done // self.total, 10)
        if tenth > self.last_tenth or now - self.last_time >= self.every:
            self.last_tenth, self.last_time = tenth, now
            share = min(self.done, self.total) / self.total
            self.report(f"{min(self.done, self.total)} of {self.total} layouts ({share:.0%}), {now - self.start:.1f} s")


def build_pdfs(
    templates: Templates,
    sheets: Sequence[Worksheet],
    site: SheetSite,
    cache: PdfCache,
    *,
    workers: int = 1,
    progress: Callable[[str], None] | None = None,
) -> PdfBuild:
    """Render (or take from the cache) every worksheet's PDF, then assemble the pack from them.

    `progress(line)` hears how a long render goes: every tenth of the way or every 5 seconds.

    A worksheet's cache key is the hash of its first-pass PDF HTML (minimum writing lines): the final
    layout follows from it, and the cache keeps that layout beside the PDF. The pack is never laid
    out: it is put together from the worksheets' PDFs behind a small cover and contents (see `pack`),
    and cached by what it is made of, so a build in which nothing changed renders nothing and starts
    no worker process.
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
    # When most worksheets are to be laid out (a first build, a template changed), so is the pack's
    # front: measure its page count beside them. It takes longest, so it goes first.
    most = len(todo) > 1 and 2 * len(todo) > len(sheets)
    front = [front_html(sheets, site, templates, complete=True)] if most else []
    # Each worksheet to make is laid out twice (measured, then rendered): that is the work to report.
    tell = Progress(2 * len(todo), progress)
    with Workers(workers) as pool:  # forks only for two sheets or more to lay out
        measured = front + [first[sheet.slug] for sheet in todo]
        layouts = pool.map(measure_layout, measured, done=lambda: tell.step(measured))
        front_pages = layouts.pop(0).pages if front else None
        pending = [fit_sheet(sheet, layout) for sheet, layout in zip(todo, layouts, strict=True)]
        # Render, then check each one-page sheet again: a fit measured with fewer lines can miss by a
        # hair. A miss takes a line from each question, then gives up to flow, which always passes,
        # so the loop ends; most builds go round once.
        while pending:
            jobs = [render_sheet_html(templates, sheet, site, for_pdf=True) for sheet in pending]
            outcomes = pool.map(render_checked_pdf, jobs, done=tell.step)
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
    pdfs = {laid_out.pdf_name: pdf for laid_out, pdf in (done[sheet.slug] for sheet in sheets)}
    laid_out = list(dict.fromkeys(rendered))
    pack = make_pack(final, pdfs, site, templates, complete=True, cache=cache, front_pages=front_pages)
    pdfs[pack.pack.pdf_name] = pack.pdf
    laid_out += pack.laid_out
    if not pack.from_cache:
        rendered.append(pack.pack.pdf_name)
    rendered = list(dict.fromkeys(rendered))
    return PdfBuild(
        sheets=final,
        html={sheet.slug: render_sheet_html(templates, sheet, site) for sheet in final},
        pdfs=pdfs,
        pack=pack.pack,
        rendered=rendered,
        from_cache=[name for name in pdfs if name not in rendered],
        laid_out=laid_out,
        seconds=time.perf_counter() - start,
        warnings=list(cache.warnings),
    )
