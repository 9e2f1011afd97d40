"""The workshop pack, assembled from the worksheets' own PDFs: a pack is never laid out again.

WeasyPrint lays out only what the pack adds to its worksheets, as two small documents:
- its front (`pack.html.j2`): the cover and the contents, whose page numbers are counted from the
  worksheets' page counts (known from their PDFs) and from the front's own page count (measured
  beside the worksheets, or as in the last pack; laid out again when the guess was wrong). When a
  sheet is to be laid out, the front it will most likely need is laid out beside it on the workers
  (`front_to_lay_out`), so publishing a part costs the packs no more than waiting for its sheets;
- a specimen of its page numbers (`pack-numbers.html.j2` for a dozen pages), the same for every pack
  on a paper, from which `numbers` draws "n / total" on each page as WeasyPrint draws it (a template
  that numbers pages otherwise gets a page laid out for every page of the pack).
pikepdf (qpdf) then puts the front and every worksheet's pages together and draws each page number
over its page (`merge`). The documents are cached by their HTML; the pack has one cache entry, holding
the version made of its present parts. A warm build reads the pack from the cache, and a changed
worksheet costs its own render and one assembly, with the front from the cache unless a title or a
page count changed.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from ..errors import AuthorError
from .context import FRONT_PAGES, Pack, SheetSite, Worksheet, build_pack
from .names import PACK_NAME, PACK_TITLE, PARTICIPANT
from .numbers import SPECIMEN_PAGES, learn
from .pdf import PdfCache, RenderedPdf, render_pdf
from .templates import PACK_TEMPLATE, Templates, render_pack_html, render_pack_numbers_html

ENTRY_ID = "pack-entry-"  # id of each contents line in pack.html.j2, followed by the worksheet's slug
ASSEMBLY_FORMAT = "6"  # bump when packs change for a reason their parts do not show
FRONT = "cover and contents"  # how `laid_out` names the pack's two documents
NUMBERS = "page numbers"
SPECIMEN = "page-number specimen"
_MAX_FRONT_TRIES = 4


@dataclass(frozen=True)
class PackAssembly:
    """A pack, its PDF, and what making it took."""

    pack: Pack
    pdf: RenderedPdf
    from_cache: bool  # the whole pack came from the cache
    laid_out: list[str] = field(default_factory=list)  # "<name>: cover and contents", "<name>: page numbers"


def assemble_pack(
    sheets: Sequence[Worksheet],
    rendered_pdfs: Mapping[str, RenderedPdf],
    site: SheetSite,
    templates: Templates,
    *,
    title: str = PACK_TITLE,
    complete: bool = False,
    cache: PdfCache | None = None,
    pdf_name: str = f"{PACK_NAME}.pdf",
) -> RenderedPdf:
    """A workshop pack of `sheets` (any of them, put in series order), made from their rendered PDFs.

    `rendered_pdfs` holds each worksheet's PDF by file name (`PdfBuild.pdfs`), laid out for
    `site.paper`; `complete` says the pack holds the whole series (the cover then says "all N parts").
    With `cache`, the pack's front, page numbers and the pack itself are kept between builds.
    Raises `AuthorError` for a template mistake, `KeyError` for a worksheet without its PDF and
    `ValueError` for one laid out on other paper.
    """
    return make_pack(
        sheets, rendered_pdfs, site, templates, title=title, complete=complete, cache=cache, pdf_name=pdf_name
    ).pdf


def front_html(
    sheets: Sequence[Worksheet],
    site: SheetSite,
    templates: Templates,
    *,
    title: str = PACK_TITLE,
    complete: bool = False,
    pdf_name: str = f"{PACK_NAME}.pdf",
    audience: str = PARTICIPANT,
) -> str:
    """The pack's front as it will be but for its page numbers (each worksheet taken as one page).

    Laid out, it tells how many pages the front takes (the numbers' values do not change that),
    before the worksheets' page counts are known: `build_pdfs` measures it beside the worksheets.
    """
    return _front(sheets, None, FRONT_PAGES, site, templates, title, complete, pdf_name, audience)[1]


def make_pack(
    sheets: Sequence[Worksheet],
    rendered_pdfs: Mapping[str, RenderedPdf],
    site: SheetSite,
    templates: Templates,
    *,
    title: str = PACK_TITLE,
    complete: bool = False,
    cache: PdfCache | None = None,
    pdf_name: str = f"{PACK_NAME}.pdf",
    front_pages: int | None = None,
    audience: str = PARTICIPANT,
) -> PackAssembly:
    """`assemble_pack`, telling also the pack's contents and whether anything was laid out for it.

    `front_pages` is the front's page count when known (measured from `front_html`).
    """
    cache = cache if cache is not None else PdfCache(None)
    planned = prepare_pack(
        sheets,
        rendered_pdfs,
        site,
        templates,
        title=title,
        complete=complete,
        cache=cache,
        pdf_name=pdf_name,
        front_pages=front_pages,
        audience=audience,
    )
    if isinstance(planned, PackAssembly):
        return planned
    return planned.finish(merge_parts(planned.job), cache)


@dataclass(frozen=True)
class MergeJob:
    """What `merge_parts` puts together: the front, the parts with their bookmarks, the page numbers."""

    front: RenderedPdf
    parts: tuple[RenderedPdf, ...]  # in the cache (`source`) or in memory
    bookmarks: tuple[str, ...]
    numbers: RenderedPdf  # the page numbers laid out, or the specimen whose resources `stamps` use
    links: tuple[Any, ...]  # merge.PageLink
    size: tuple[float, float] | None
    stamps: tuple[bytes, ...] = ()  # each page's number but the first's, drawn as the specimen draws them


def merge_parts(job: MergeJob) -> bytes:
    """The pack's PDF, put together page by page (`merge.merge_pdfs`); runs in a worker process too."""
    from .merge import Part, Stamps, merge_pdfs  # pikepdf on first use: a build without PDFs never loads it

    parts = [Part(part.pdf, bookmark) for part, bookmark in zip(job.parts, job.bookmarks, strict=True)]
    numbers = Stamps(job.numbers.pdf, job.stamps) if job.stamps else job.numbers.pdf
    data, _ = merge_pdfs(job.front.pdf, parts, numbers=numbers, links=list(job.links), size=job.size)
    return data


@dataclass(frozen=True)
class PendingPack:
    """A pack to put together: its contents, the merge to run, and where the result is kept."""

    pack: Pack
    job: MergeJob
    slot: str
    version: str
    notes: tuple[str, ...]
    laid_out: list[str]

    def finish(self, data: bytes, cache: PdfCache) -> PackAssembly:
        """The assembly, once `merge_parts(self.job)` has made `data`: kept in the cache's slot."""
        made = RenderedPdf(data, self.pack.pages, notes=self.notes, front=self.pack.front_pages)
        pdf = cache.put(self.slot, made, version=self.version)
        return PackAssembly(self.pack, pdf, from_cache=False, laid_out=self.laid_out)


def prepare_pack(
    sheets: Sequence[Worksheet],
    rendered_pdfs: Mapping[str, RenderedPdf],
    site: SheetSite,
    templates: Templates,
    *,
    title: str = PACK_TITLE,
    complete: bool = False,
    cache: PdfCache,
    pdf_name: str = f"{PACK_NAME}.pdf",
    front_pages: int | None = None,
    audience: str = PARTICIPANT,
    ready: Mapping[str, RenderedPdf] | None = None,
    assembly: Sequence[str] | None = None,
) -> PackAssembly | PendingPack:
    """The pack from the cache when its parts are unchanged, else what to merge (the front and page
    numbers laid out here, from the cache when their HTML is unchanged): see `make_pack`.

    `ready` holds fronts laid out already, by `layout_key` (see `front_to_lay_out`); `assembly` is
    `assembly_versions()`, when the caller prepares several packs (looked up once).
    """
    order = sorted(sheets, key=lambda sheet: sheet.part)  # as `build_pack` puts them
    parts = [rendered_pdfs[sheet.pdf_name] for sheet in order]
    pages = {sheet.slug: rendered_pdfs[sheet.pdf_name].pages for sheet in sheets}
    laid_out: list[str] = []

    def layout(html: str, what: str, anchors: str = "", tagged: bool = True) -> RenderedPdf:
        key = layout_key(cache, html, tagged=tagged)
        rendered = (ready or {}).get(key) or cache.get(key)
        if rendered is None:
            rendered = cache.put(key, render_pdf(html, anchors=anchors, tagged=tagged))
            laid_out.append(f"{pdf_name}: {what}")
        return rendered

    slot = _slot(cache, order, site, complete=complete, pdf_name=pdf_name)
    if front_pages is None:
        front_pages = _front_guess(cache, slot, sum(pages.values()))
    for _ in range(_MAX_FRONT_TRIES):
        pack, html = _front(sheets, pages, front_pages, site, templates, title, complete, pdf_name, audience)
        front = layout(html, FRONT, anchors=ENTRY_ID)
        if front.pages == front_pages:
            break
        front_pages = front.pages  # the contents took more (or fewer) pages than guessed: count again
    else:
        raise AuthorError(
            f"{templates.shown}/{PACK_TEMPLATE}",
            None,
            "the cover and contents take a different number of pages each time their page numbers are filled in",
            "keep the length of the contents from depending on the page numbers",
        )
    # The page numbers are drawn over the pages, so neither tagged nor a form: the pages' own tags stay
    # the document's. WeasyPrint lays out a specimen of them, the same for every pack on this paper,
    # from which each number is drawn as it would have laid it out (`numbers`).
    html = render_pack_numbers_html(templates, _WithPages(pack, SPECIMEN_PAGES), site)
    specimen = layout(html, SPECIMEN, tagged=False)

    bookmarks = [f"Part {entry.sheet.part}: {entry.sheet.title}" for entry in pack.contents]
    version = _digest(
        json.dumps(
            {
                "assembly": list(assembly if assembly is not None else assembly_versions()),
                "paper": [site.paper.width, site.paper.height],
                "front": front.identity,
                "anchors": front.anchors,
                "numbers": [specimen.identity, pack.pages],
                "parts": [[part.identity, bookmark] for part, bookmark in zip(parts, bookmarks, strict=True)],
            }
        ).encode("utf-8")
    )
    cached = cache.get(slot, version=version)
    if cached is not None and cached.pages == pack.pages:
        return PackAssembly(pack, cached, from_cache=True, laid_out=laid_out)

    from .merge import PageLink  # pikepdf on first use: a build without PDFs never loads it

    starts = {entry.sheet.slug: entry.page - 1 for entry in pack.contents}  # page indices
    links = tuple(
        PageLink(page, (x1, y1, x2, y2), starts[name.removeprefix(ENTRY_ID)])
        for name, page, x1, y1, x2, y2 in front.anchors
        if name.removeprefix(ENTRY_ID) in starts
    )
    model, stamps = learn(specimen.pdf), ()
    if model is not None:
        numbers, stamps = specimen, tuple(model.content(page, pack.pages) for page in range(2, pack.pages + 1))
    else:  # numbered some other way than the model knows: every page laid out
        numbers = layout(render_pack_numbers_html(templates, pack, site), NUMBERS, tagged=False)
    job = MergeJob(front, tuple(parts), tuple(bookmarks), numbers, links, _points(site), stamps)
    notes = tuple(dict.fromkeys(front.notes + specimen.notes + numbers.notes))
    return PendingPack(pack, job, slot, version, notes, laid_out)


class _WithPages:
    """A pack as the page-numbers template sees it, with another page count (for the specimen)."""

    def __init__(self, pack: Pack, pages: int) -> None:
        self._pack, self.pages = pack, pages

    def __getattr__(self, name: str) -> Any:
        return getattr(self._pack, name)


def layout_key(cache: PdfCache, html: str, *, tagged: bool = True) -> str:
    """The cache key of a pack's front (or page numbers) laid out from `html`."""
    return cache.key(f"tagged={tagged}:{html}")


def front_to_lay_out(
    sheets: Sequence[Worksheet],
    pages: Mapping[str, int],
    site: SheetSite,
    templates: Templates,
    *,
    cache: PdfCache,
    title: str = PACK_TITLE,
    complete: bool = False,
    pdf_name: str = f"{PACK_NAME}.pdf",
    front_pages: int | None = None,
    audience: str = PARTICIPANT,
) -> str | None:
    """The front `prepare_pack` will lay out first, when the worksheets have `pages` (page counts by
    slug, from the cache or guessed), unless the cache holds it: its HTML, to lay out beside the sheets.

    Laid out with `render_pdf(html, anchors=ENTRY_ID)` and given to `prepare_pack` (`ready`) under
    `layout_key`, it is the one `prepare_pack` then uses; a wrong guess costs it another layout.
    """
    order = sorted(sheets, key=lambda sheet: sheet.part)
    if front_pages is None:
        slot = _slot(cache, order, site, complete=complete, pdf_name=pdf_name)
        front_pages = _front_guess(cache, slot, sum(pages.get(sheet.slug, 1) for sheet in sheets))
    _, html = _front(sheets, pages, front_pages, site, templates, title, complete, pdf_name, audience)
    return None if cache.get(layout_key(cache, html)) is not None else html


def _front(
    sheets: Sequence[Worksheet],
    pages: Mapping[str, int] | None,
    front_pages: int,
    site: SheetSite,
    templates: Templates,
    title: str,
    complete: bool,
    pdf_name: str,
    audience: str,
) -> tuple[Pack, str]:
    """The pack of `sheets` with these page counts, and the HTML of its front (`pack.html.j2`)."""
    pack = build_pack(
        sheets,
        pages=pages,
        front_pages=front_pages,
        title=title,
        complete=complete,
        pdf_name=pdf_name,
        audience=audience,
    )
    return pack, render_pack_html(templates, pack, site)


def _slot(cache: PdfCache, order: Sequence[Worksheet], site: SheetSite, *, complete: bool, pdf_name: str) -> str:
    """The pack's one cache entry (its name, paper, and the whole series or a choice of worksheets),
    holding the version made of its present parts: a new version replaces the last, so the cache does
    not grow by a pack for every edit of a post."""
    chosen = "all" if complete else [sheet.slug for sheet in order]
    return cache.key(json.dumps(["pack", pdf_name, site.paper.name, chosen]))


def _front_guess(cache: PdfCache, slot: str, sheet_pages: int) -> int:
    """The front's page count before it is laid out: as in the pack made last time, if any.

    A wrong guess costs one more layout of the front, never a wrong number.
    """
    previous = cache.get(slot)
    if previous is None:
        return FRONT_PAGES
    guess = previous.front or previous.pages - sheet_pages  # packs cached before `front` was kept
    return guess if guess >= 1 else FRONT_PAGES


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def assembly_versions() -> tuple[str, ...]:
    """What puts a pack together, for its version: the format, and pikepdf, qpdf and fontTools versions."""
    return (ASSEMBLY_FORMAT, _version("pikepdf"), _qpdf_version(), _version("fonttools"))


def _qpdf_version() -> str:
    """The version of qpdf inside pikepdf (a wheel may bring a new one under the same pikepdf version)."""
    import pikepdf  # noqa: PLC0415 - only when a pack is put together

    return pikepdf.__libqpdf_version__


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "?"


_UNITS = {"mm": 72 / 25.4, "cm": 72 / 2.54, "in": 72.0, "pt": 1.0, "px": 0.75}


def _points(site: SheetSite) -> tuple[float, float] | None:
    """The paper's size in PDF points, or None when its CSS lengths are not simple ones."""
    sizes = []
    for length in (site.paper.width, site.paper.height):
        unit = next((u for u in _UNITS if length.endswith(u)), None)
        try:
            sizes.append(float(length.removesuffix(unit)) * _UNITS[unit] if unit else None)
        except ValueError:
            return None
    return (sizes[0], sizes[1]) if None not in sizes else None
