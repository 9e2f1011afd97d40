"""Putting PDFs together page by page with pikepdf (qpdf): no layout, only the pages as they were rendered.

`merge_pdfs` makes one PDF of a front document's pages followed by every part's pages, draws a page
of a numbers document over each page (as a form XObject, marked as an artifact: the pages' own
content streams are kept byte for byte, never decoded), bookmarks each part at its first page, turns
boxes of the front pages into links to a part, and takes the front document's metadata, language and
viewer preferences. Tags and form fields come along (`structure`), and the parts' subsets of one font
become one font (`fonts`).

qpdf copies pages and what they refer to in C++, remembering for each source what it copied, so
the structure tree copied after the pages points at the copied pages; stream data is read from the
sources only when the result is written, which is why they stay open until then.
"""

from __future__ import annotations

import contextlib
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

import pikepdf
from pikepdf import Array, Dictionary, Name

from .fonts import share_fonts
from .structure import copy_object, merge_structure

PX_TO_PT = 0.75  # CSS px to PDF points: WeasyPrint lays out at 96 px to the inch, PDF counts 72 points
STAMP = "/TcePageNumber"  # the name of the drawn-over page in each page's resources


@dataclass(frozen=True)
class Part:
    """A PDF to append, and the bookmark that leads to its first page ("" for none)."""

    pdf: bytes
    bookmark: str = ""


@dataclass(frozen=True)
class Stamps:
    """What to draw over each page of the result but the first: a content stream each, all of them
    drawn with the resources (fonts, colours) of page 2 of `resources`, a PDF (`numbers.NumberModel`)."""

    resources: bytes
    contents: tuple[bytes, ...]


@dataclass(frozen=True)
class PageLink:
    """A box on a page of the result (CSS px from the page's top left) that leads to another page."""

    page: int
    box: tuple[float, float, float, float]
    target: int


def merge_pdfs(
    front: bytes,
    parts: Sequence[Part],
    *,
    numbers: bytes | Stamps | None = None,
    links: Sequence[PageLink] = (),
    size: tuple[float, float] | None = None,
) -> tuple[bytes, list[int]]:
    """`front`'s pages, then every part's; the merged PDF and the index of each part's first page.

    `numbers` is a PDF with a page for every page of the result, each but the first drawn over the
    page of the same number, or the `Stamps` to draw over them. `size` (width, height in points) is the
    page size every page must have: a part on other paper is a `ValueError`.
    """
    with contextlib.ExitStack() as stack:
        front_pdf = stack.enter_context(pikepdf.open(io.BytesIO(front)))
        sources = [stack.enter_context(pikepdf.open(io.BytesIO(part.pdf))) for part in parts]
        drawn = numbers.resources if isinstance(numbers, Stamps) else numbers
        numbers_pdf = stack.enter_context(pikepdf.open(io.BytesIO(drawn))) if drawn is not None else None
        pdf = stack.enter_context(pikepdf.new())

        starts = []
        names = ["the front pages", *(part.bookmark or f"part {n}" for n, part in enumerate(parts, start=1))]
        for source, name in zip([front_pdf, *sources], names, strict=True):
            starts.append(len(pdf.pages))
            for page in source.pages:
                if size is not None and not _same_size(page, size):
                    raise ValueError(f"{name}: a page of {_size_of(page)} pt, not {size} pt: laid out on other paper")
                # One page at a time: `pages.extend` warns that it leaves the form out (`structure` adds it).
                pdf.pages.append(page)
        ranges = [range(start, end) for start, end in zip(starts, [*starts[1:], len(pdf.pages)], strict=True)]
        merge_structure(pdf, list(zip([front_pdf, *sources], ranges, strict=True)))
        starts = starts[1:]

        stamps: list[pikepdf.Stream] = []
        if isinstance(numbers, Stamps) and numbers_pdf is not None:
            if len(numbers.contents) != len(pdf.pages) - 1:
                raise ValueError(f"{len(numbers.contents)} page numbers for {len(pdf.pages) - 1} pages")
            stamps = _draw_over(pdf, _drawings(pdf, numbers_pdf, numbers.contents))
        elif numbers_pdf is not None:
            if len(numbers_pdf.pages) != len(pdf.pages):
                raise ValueError(f"{len(numbers_pdf.pages)} page numbers for {len(pdf.pages)} pages")
            stamps = _draw_over(pdf, _pages_as_drawings(pdf, numbers_pdf))
        share_fonts(pdf, _font_resources(pdf, stamps))

        _add_outline(pdf, front_pdf, [(part.bookmark, start) for part, start in zip(parts, starts, strict=True)])
        for link in links:
            _add_link(pdf, link)
        pdf.docinfo = copy_object(pdf, front_pdf, front_pdf.docinfo)
        for key in (Name.Lang, Name.ViewerPreferences):
            if key in front_pdf.Root:
                pdf.Root[key] = copy_object(pdf, front_pdf, front_pdf.Root[key])

        # Written once without object streams, where qpdf numbers the objects in the order it reaches
        # them, so the numbers no longer depend on the order they were made in (which differs between
        # runs); then again with object streams, which pack the many small objects (structure elements,
        # annotations) together. With a deterministic /ID, two assemblies of the same parts are byte for
        # byte the same, in any process.
        plain = io.BytesIO()
        version = max(source.pdf_version for source in [front_pdf, *sources])
        pdf.save(plain, object_stream_mode=pikepdf.ObjectStreamMode.disable, min_version=version, static_id=True)
    with pikepdf.open(plain) as numbered:
        out = io.BytesIO()
        numbered.save(
            out,
            compress_streams=True,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            deterministic_id=True,
            min_version=version,
        )
    return out.getvalue(), starts


def _size_of(page: pikepdf.Page) -> tuple[float, float]:
    x1, y1, x2, y2 = (float(v) for v in page.mediabox)
    return round(x2 - x1, 1), round(y2 - y1, 1)


def _same_size(page: pikepdf.Page, size: tuple[float, float]) -> bool:
    width, height = _size_of(page)
    return abs(width - size[0]) < 1 and abs(height - size[1]) < 1


def _pages_as_drawings(pdf: pikepdf.Pdf, numbers: pikepdf.Pdf) -> list[pikepdf.Stream]:
    """Every page of `numbers` but the first as a form XObject of `pdf`."""
    forms = []
    for stamp in numbers.pages[1:]:
        # Copied through the numbers document's table of copies: their shared resources, once.
        form = pdf.copy_foreign(stamp.as_form_xobject())
        form.BBox = Array(float(v) for v in stamp.mediabox)
        forms.append(form)
    return forms


def _drawings(pdf: pikepdf.Pdf, source: pikepdf.Pdf, contents: Sequence[bytes]) -> list[pikepdf.Stream]:
    """A form XObject of `pdf` for each content stream, drawn with the resources of `source`'s page 2."""
    resources = copy_object(pdf, source, source.pages[1].Resources)
    forms = []
    for index, content in enumerate(contents, start=1):
        box = Array(float(v) for v in pdf.pages[index].mediabox)
        forms.append(pdf.make_stream(content, Type=Name.XObject, Subtype=Name.Form, BBox=box, Resources=resources))
    return forms


def _draw_over(pdf: pikepdf.Pdf, forms: Sequence[pikepdf.Stream]) -> list[pikepdf.Stream]:
    """Draw `forms[i]` over page i + 1 of `pdf` (all but the first); the forms."""
    save = pdf.make_stream(b"q\n")
    # The number is page furniture: marked as an artifact, outside the tagged content.
    draw = pdf.make_stream(f"\nQ\n/Artifact BMC q {STAMP} Do Q EMC\n".encode("ascii"))
    for page, form in zip(pdf.pages[1:], forms, strict=True):
        # The page's resources may be shared with the other pages of its document: give it its own.
        resources = Dictionary(page.obj.get(Name.Resources, Dictionary()))
        xobjects = Dictionary(resources.get(Name.XObject, Dictionary()))
        xobjects[STAMP] = form
        resources.XObject = xobjects
        page.obj.Resources = resources
        contents = page.obj.get(Name.Contents)
        contents = list(contents) if isinstance(contents, Array) else ([] if contents is None else [contents])
        page.obj.Contents = Array([save, *contents, draw])
    return list(forms)


def _font_resources(pdf: pikepdf.Pdf, stamps: Sequence[pikepdf.Stream]) -> Iterator[Dictionary]:
    """The /Font dictionaries of every page and every drawn-over page number."""
    for holder in [*(page.obj for page in pdf.pages), *stamps]:
        resources = holder.get(Name.Resources)
        fonts = resources.get(Name.Font) if isinstance(resources, Dictionary) else None
        if isinstance(fonts, Dictionary):
            yield fonts


def _add_outline(pdf: pikepdf.Pdf, front: pikepdf.Pdf, bookmarks: Sequence[tuple[str, int]]) -> None:
    """The front's own top-level bookmarks, then one at each part's first page (`bookmarks`)."""
    front_pages = {page.obj.objgen: index for index, page in enumerate(front.pages)}
    with front.open_outline() as outline:
        own = []
        for item in outline.root:
            destination = item.destination
            target = destination[0] if isinstance(destination, Array) and len(destination) else None
            if isinstance(target, Dictionary) and target.objgen in front_pages:
                own.append((item.title, front_pages[target.objgen]))
    with pdf.open_outline() as outline:
        for title, page in [*own, *((title, start) for title, start in bookmarks if title)]:
            outline.root.append(pikepdf.OutlineItem(title, page))


def _add_link(pdf: pikepdf.Pdf, link: PageLink) -> None:
    """A borderless link annotation over `link.box` that shows page `link.target` whole."""
    page = pdf.pages[link.page]
    _, _, _, top = (float(v) for v in page.mediabox)
    x1, y1, x2, y2 = (v * PX_TO_PT for v in link.box)
    annotation = pdf.make_indirect(
        Dictionary(
            Type=Name.Annot,
            Subtype=Name.Link,
            Rect=Array([x1, top - y2, x2, top - y1]),
            Border=Array([0, 0, 0]),
            Dest=Array([pdf.pages[link.target].obj, Name.Fit]),
        )
    )
    annotations = page.obj.get(Name.Annots)
    page.obj.Annots = Array([*(annotations if isinstance(annotations, Array) else []), annotation])
