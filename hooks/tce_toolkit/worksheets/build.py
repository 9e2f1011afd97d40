"""Every worksheet's PDF, laid out, checked and cached, and the workshop pack assembled from them."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from typing import NamedTuple

from .context import Pack, SheetSite, Worksheet
from .fit import fits, refit, with_lines
from .names import FACILITATOR, FACILITATOR_PACK_TITLE, PACK_TITLE, PARTICIPANT, Paper, pack_pdf_name
from .pack import (
    ENTRY_ID,
    FRONT,
    PendingPack,
    assembly_versions,
    front_html,
    front_to_lay_out,
    layout_key,
    merge_parts,
    prepare_pack,
)
from .pdf import PdfCache, RenderedPdf, Workers, measure_layout, render_checked_pdf, render_fitted_pdf, render_pdf
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
    pdfs: dict[str, RenderedPdf]  # by file name: "<slug>-a4.pdf", "workshop-pack-a4.pdf", ...
    packs: list[Pack]  # one complete pack for each paper and audience
    paper: Paper  # the site's paper: the one `pack` and the worksheet pages are for
    rendered: list[str] = field(default_factory=list)  # file names made in this build (the pack when assembled)
    from_cache: list[str] = field(default_factory=list)
    # What WeasyPrint laid out in this build: worksheet PDFs by file name, and the pack's own two
    # small documents as "workshop-pack.pdf: cover and contents" and "workshop-pack.pdf: page numbers".
    laid_out: list[str] = field(default_factory=list)
    seconds: float = 0.0
    warnings: list[str] = field(default_factory=list)  # e.g. a cache that could not be written

    @property
    def pack(self) -> Pack:
        """The participants' pack on the site's paper (else the first pack)."""
        for pack in self.packs:
            if pack.audience == PARTICIPANT and pack.pdf_name == pack_pdf_name(self.paper):
                return pack
        return self.packs[0]

    def find_pack(self, paper: str, audience: str = PARTICIPANT) -> Pack | None:
        """The complete pack for `paper` (its name, e.g. "letter") and `audience`, if one was made."""
        return next(
            (p for p in self.packs if p.audience == audience and p.sheets and p.sheets[0].paper.name == paper), None
        )

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
        # The last layout is always told, also when more were added to do after a tenth was reported.
        if tenth > self.last_tenth or now - self.last_time >= self.every or self.done == self.total:
            self.last_tenth, self.last_time = tenth, now
            share = min(self.done, self.total) / self.total
            self.report(f"{min(self.done, self.total)} of {self.total} layouts ({share:.0%}), {now - self.start:.1f} s")


def _laid_out_as(pdf: RenderedPdf, sheet: Worksheet) -> RenderedPdf:
    """`pdf` with the layout of `sheet` it was made with (lines, flow, step, gap), kept beside it in the cache."""
    lines = tuple(q.lines for q in sheet.questions)
    return replace(pdf, lines=lines, flow=sheet.flow, step=sheet.step, gap=sheet.gap)


def _lay_out_job(job: tuple[str, str] | tuple[str, Worksheet]) -> object:
    """One layout on a worker: a pack's front (`(FRONT, html)`) or a sheet to fit (`render_fitted_pdf`)."""
    first, second = job
    if first == FRONT and isinstance(second, str):
        return render_pdf(second, anchors=ENTRY_ID)
    return render_fitted_pdf(job)  # type: ignore[arg-type]


def _groups(sheets: Sequence[Worksheet]) -> dict[tuple[str, str], list[Worksheet]]:
    """The sheets of each pack, by (paper, audience), in the order they first appear."""
    groups: dict[tuple[str, str], list[Worksheet]] = {}
    for sheet in sheets:
        groups.setdefault((sheet.paper.name, sheet.audience), []).append(sheet)
    return groups


def _pack_args(sheet: Worksheet) -> dict:
    facilitator = sheet.audience == FACILITATOR
    return {
        "pdf_name": pack_pdf_name(sheet.paper, sheet.audience),
        "title": FACILITATOR_PACK_TITLE if facilitator else PACK_TITLE,
        "audience": sheet.audience,
    }


def build_pdfs(
    templates: Templates,
    sheets: Sequence[Worksheet],
    site: SheetSite,
    cache: PdfCache,
    *,
    workers: int = 1,
    progress: Callable[[str], None] | None = None,
    complete: bool = True,
) -> PdfBuild:
    """Render (or take from the cache) every worksheet's PDF, then assemble the packs from them.

    `sheets` may hold each worksheet in several variants (`Worksheet.variant`: paper and audience);
    there is one complete pack for each paper and audience among them, made of those sheets. `site`'s
    paper is the one the worksheet pages (`PdfBuild.html`) and `PdfBuild.pack` are for.
    `complete=False` makes packs of a chosen few parts (their covers say which).
    `progress(line)` hears how a long render goes: every tenth of the way or every 5 seconds.

    A worksheet's cache key is the hash of what its PDF is made of (the templates' files, the site and
    the sheet with the fewest writing lines): the final layout follows from it, and the cache keeps
    that layout beside the PDF. Each worksheet is laid out once
    (`render_fitted_pdf`). A pack is never laid
    out: it is put together from the worksheets' PDFs behind a small cover and contents (see `pack`),
    and cached by what it is made of, so a build in which nothing changed renders nothing and starts
    no worker process.
    """
    start = time.perf_counter()
    # A sheet's PDF follows from the templates, the site and the sheet: its key is their hash, so a warm
    # build finds every PDF without rendering any HTML (the HTML is rendered for the sheets to lay out).
    pdf_site = replace(site, feeds=())  # what the PDF's HTML holds of the site
    made_of = f"{templates.digest}\n{pdf_site!r}\n"  # the same for every sheet
    keys = {sheet.pdf_name: cache.key(f"{made_of}{sheet!r}") for sheet in sheets}
    done: dict[str, tuple[Worksheet, RenderedPdf]] = {}
    for sheet in sheets:
        cached = cache.get(keys[sheet.pdf_name])
        if cached is not None and len(cached.lines) == len(sheet.questions):
            fitted = with_lines(sheet, cached.lines, cached.flow, gap=cached.gap, step=cached.step)
            done[sheet.pdf_name] = (fitted, cached)
    todo = [sheet for sheet in sheets if sheet.pdf_name not in done]
    rendered: list[str] = []
    laid_out_fronts: list[str] = []
    ready: dict[str, RenderedPdf] = {}  # the packs' fronts laid out beside the sheets, by `layout_key`
    groups = _groups(sheets)
    # When most worksheets are to be laid out (a first build, a template changed), so are the packs'
    # fronts: measure their page counts first, on the same workers.
    most = len(todo) > 1 and 2 * len(todo) > len(sheets)
    fronts = (
        {
            key: front_html(
                group, replace(site, paper=group[0].paper), templates, complete=True, **_pack_args(group[0])
            )
            for key, group in groups.items()
        }
        if most
        else {}
    )
    # Each worksheet to make is laid out once, its page filled with writing lines on the laid-out boxes
    # (`render_fitted_pdf`); one too long for a page, or from a template those boxes do not match, is
    # laid out a second time. Layouts are the work to report.
    tell = Progress(len(todo), progress)
    with Workers(workers) as pool:  # forks only for two sheets or more to lay out
        front_pages = dict(zip(fronts, (m.pages for m in pool.map(measure_layout, list(fronts.values()))), strict=True))
        # The packs' fronts as they will be if every sheet to lay out takes one page, unless the cache
        # has them: laid out beside the sheets, on the same workers, for `prepare_pack` to find. A new
        # part changes every pack's cover and contents: they cost no more than waiting for its sheets.
        expected = {name: pdf.pages for name, (_, pdf) in done.items()}
        new_fronts = {
            key: html
            for key, group in groups.items()
            if (
                html := front_to_lay_out(
                    group,
                    {sheet.slug: expected.get(sheet.pdf_name, 1) for sheet in group},
                    replace(site, paper=group[0].paper),
                    templates,
                    cache=cache,
                    complete=complete,
                    front_pages=front_pages.get(key),
                    **_pack_args(group[0]),
                )
            )
            is not None
        }
        tell.total += len(new_fronts)
        # A sheet that does not fit comes back at the next step of giving way (fewer lines, fewer key
        # terms, smaller type: `fit.give_way`) and is fitted again; most sheets fit at the first step.
        to_fit, pending = list(todo), []
        while to_fit or new_fronts:
            # The fronts first: they take longest, and the sheets fill the workers in around them.
            jobs = [(FRONT, html) for html in new_fronts.values()]
            jobs += [(render_sheet_html(templates, sheet, site, for_pdf=True), sheet) for sheet in to_fit]
            results = pool.map(_lay_out_job, jobs, done=tell.step)
            for key, html, front in zip(new_fronts, new_fronts.values(), results, strict=False):
                ready[layout_key(cache, html)] = cache.put(layout_key(cache, html), front)
                laid_out_fronts.append(f"{_pack_args(groups[key][0])['pdf_name']}: {FRONT}")
            results, new_fronts = results[len(new_fronts) :], {}
            again = []
            for sheet, (fitted, outcome) in zip(to_fit, results, strict=True):
                rendered.append(sheet.pdf_name)
                if outcome is not None:
                    # Kept on disk from here on when the cache can hold it: nothing is held that can be copied.
                    done[sheet.pdf_name] = (fitted, cache.put(keys[sheet.pdf_name], _laid_out_as(outcome, fitted)))
                elif not fitted.flow and fitted.step != sheet.step:
                    again.append(fitted)
                else:
                    pending.append(fitted)
            tell.total += len(again)
            to_fit = again
        # Laid out again: render, then check each one-page sheet again. A miss takes a line from each
        # question, then gives up to flow, which always passes, so the loop ends.
        while pending:
            tell.total += len(pending)
            jobs = [render_sheet_html(templates, sheet, site, for_pdf=True) for sheet in pending]
            outcomes = pool.map(render_checked_pdf, jobs, done=tell.step)
            retry = []
            for sheet, (outcome, checked) in zip(pending, outcomes, strict=True):
                if not sheet.flow and not fits(sheet, checked):
                    retry.append(refit(sheet))  # the measured fit missed by a hair
                    continue
                done[sheet.pdf_name] = (sheet, cache.put(keys[sheet.pdf_name], _laid_out_as(outcome, sheet)))
            pending = retry
    final = [done[sheet.pdf_name][0] for sheet in sheets]
    pdfs = {sheet.pdf_name: done[sheet.pdf_name][1] for sheet in sheets}
    laid_out = list(dict.fromkeys(rendered)) + laid_out_fronts
    # The packs: from the cache when their parts are unchanged; the others put together at once, on
    # the workers (each merge is independent of the others).
    assembly = assembly_versions() if final else None  # the same for every pack
    planned = {
        key: prepare_pack(
            group,
            pdfs,
            replace(site, paper=group[0].paper),
            templates,
            complete=complete,
            cache=cache,
            front_pages=front_pages.get(key),
            ready=ready,
            assembly=assembly,
            **_pack_args(group[0]),
        )
        for key, group in _groups(final).items()
    }
    pending = {key: plan for key, plan in planned.items() if isinstance(plan, PendingPack)}
    with Workers(workers) as pool:
        merged = dict(zip(pending, pool.map(merge_parts, [plan.job for plan in pending.values()]), strict=True))
    packs: list[Pack] = []
    for key, plan in planned.items():
        assembly = plan.finish(merged[key], cache) if isinstance(plan, PendingPack) else plan
        pdfs[assembly.pack.pdf_name] = assembly.pdf
        packs.append(assembly.pack)
        laid_out += assembly.laid_out
        if not assembly.from_cache:
            rendered.append(assembly.pack.pdf_name)
    rendered = list(dict.fromkeys(rendered))
    pages = [sheet for sheet in final if sheet.paper == site.paper and sheet.audience == PARTICIPANT]
    pages = pages or [sheet for sheet in final if sheet.audience == PARTICIPANT] or final
    html: dict[str, str] = {}
    for sheet in pages:
        if sheet.slug not in html:
            html[sheet.slug] = render_sheet_html(templates, sheet, site)
    return PdfBuild(
        sheets=final,
        html=html,
        pdfs=pdfs,
        packs=packs,
        paper=site.paper,
        rendered=rendered,
        from_cache=[name for name in pdfs if name not in rendered],
        laid_out=laid_out,
        seconds=time.perf_counter() - start,
        warnings=list(cache.warnings),
    )
