"""WeasyPrint: laying out worksheet HTML, writing PDFs, the PDF cache and the worker processes."""

from __future__ import annotations

import contextlib
import hashlib
import importlib.metadata
import json
import logging
import multiprocessing
import os
import re
import shutil
import threading
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from .cache import DiskCache
from .context import Worksheet
from .fit import Layout, fit_sheet, fits
from .forms import use_standard_form_font
from .grow import grow_lines

# Bump when PDFs change for a reason their HTML does not show (a new way of calling WeasyPrint).
CACHE_FORMAT = "9"


# Where an element ended up: (id, page index, x1, y1, x2, y2), in CSS px from the page's top left corner.
Anchor = tuple[str, int, float, float, float, float]


@dataclass(frozen=True, eq=False)
class RenderedPdf:
    """A PDF, its page count, the sheet's layout (lines per question, flow) and WeasyPrint's remarks.

    `anchors` are the boxes of the elements asked for when it was rendered (the pack's contents lines,
    which become links once the pack is put together). A PDF kept in the cache is not held in memory:
    `source` is its file there (`content` is then empty), read when `pdf` is asked for and copied file
    to file by `write_to`; `key` is what it was made from, which names it without reading it.
    """

    content: bytes
    pages: int
    lines: tuple[int, ...] = ()
    flow: bool = False
    notes: tuple[str, ...] = ()
    anchors: tuple[Anchor, ...] = ()
    source: Path | None = None
    key: str = ""
    step: int = 0  # how far the sheet's layout gave way (Worksheet.step)
    gap: float = 0.0  # the room added under each question's lines, in CSS px (Worksheet.gap)
    front: int = 0  # a pack: the pages of its cover and contents (the guess for its next assembly)

    @property
    def pdf(self) -> bytes:
        """The PDF's bytes (read from the cache file when they are not held)."""
        return self.content if self.source is None else self.source.read_bytes()

    @property
    def identity(self) -> str:
        """A name for exactly this PDF: its cache key, or the hash of its bytes."""
        return self.key or hashlib.sha256(self.pdf).hexdigest()

    def write_to(self, target: Path) -> None:
        """Write the PDF to `target`: copied from the cache file, or written from memory."""
        if self.source is not None:
            shutil.copyfile(self.source, target)
        else:
            target.write_bytes(self.content)

    def _facts(self) -> tuple:
        return (self.pdf, self.pages, self.lines, self.flow, self.notes, self.anchors, self.step, self.gap, self.front)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RenderedPdf) and self._facts() == other._facts()

    __hash__ = None  # type: ignore[assignment] - compared by content, never a dict key


class _Collect(logging.Handler):
    """Gathers WeasyPrint's warnings so they come back as data instead of reaching stderr."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


# Every PDF is tagged (headings, lists and reading order for screen readers, its language set) and
# keeps the HTML's form fields as fillable PDF fields.
PDF_OPTIONS = {"pdf_forms": True, "pdf_tags": True}


_FONTS: Any = None  # WeasyPrint's font configuration, made once per process (see _font_config)


def _font_config() -> Any:
    """One WeasyPrint font configuration for every document this process lays out.

    Process-wide: it holds only fontconfig's view of the installed fonts, the same for every sheet, and
    setting it up again for each document was a fifth of a sheet's layout time.
    """
    global _FONTS
    if _FONTS is None:
        from weasyprint.text.fonts import FontConfiguration  # noqa: PLC0415 - with WeasyPrint

        _FONTS = FontConfiguration()
    return _FONTS


_STYLE = re.compile(r"<style>(.*?)</style>", re.S)
# Process-wide: parsed stylesheets by their text (a pure function of it), with what WeasyPrint said while
# parsing. Every sheet of a build holds the same stylesheets, which took a sixth of its layout time to
# parse again; a few entries are kept, for `mkdocs serve` while the styles are being edited.
_SHEETS: dict[str, tuple[Any, tuple[str, ...]]] = {}


def _stylesheet(text: str) -> tuple[Any, tuple[str, ...]]:
    """`text` parsed as WeasyPrint's CSS (once per process), and WeasyPrint's remarks on it."""
    import weasyprint  # noqa: PLC0415

    key = hashlib.sha256(text.encode("utf-8")).hexdigest()
    if key not in _SHEETS:
        with _collected() as handler:
            css = weasyprint.CSS(string=text, font_config=_font_config())
        if len(_SHEETS) >= 8:
            _SHEETS.pop(next(iter(_SHEETS)))
        _SHEETS[key] = (css, tuple(handler.messages))
    return _SHEETS[key]


@contextlib.contextmanager
def _collected() -> Iterator[_Collect]:
    """WeasyPrint's warnings while the block runs, gathered instead of reaching stderr."""
    logger = logging.getLogger("weasyprint")
    handler, propagate = _Collect(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        yield handler
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate


def _lay_out(html: str, options: dict[str, bool] = PDF_OPTIONS) -> tuple[Any, Layout, tuple[str, ...]]:
    """WeasyPrint's document of `html`, its layout (page count, the `ws-*` boxes) and its warnings.

    The HTML's one `<style>` block (the templates inline their stylesheets) is parsed once per process
    and given to WeasyPrint as a stylesheet: the same rules, in the same place in the cascade.
    """
    import weasyprint  # imported on first use: live preview without PDFs never pays for it

    styles = _STYLE.findall(html)
    stylesheets, notes = [], ()
    if len(styles) == 1:
        css, notes = _stylesheet(styles[0])
        stylesheets = [css]
        html = _STYLE.sub("", html, count=1)
    with _collected() as handler:
        source = weasyprint.HTML(string=html)
        document = source.render(stylesheets=stylesheets, font_config=_font_config(), **options)
    handler.messages[:0] = notes
    anchors = document.pages[0].anchors if document.pages else {}
    boxes = {name: tuple(box) for name, box in anchors.items() if name.startswith("ws-") and len(box) == 4}
    # Whether the template marks its parts at all, read from the parsed document: a mark that is there
    # but has no box on page 1 belongs to an element that was cut off or pushed onto a later page.
    marked = any(str(element.get("id", "")).startswith("ws-footer-") for element in source.etree_element.iter())
    return document, Layout(len(document.pages), boxes, marked), tuple(dict.fromkeys(handler.messages))


def _write(document: Any, options: dict[str, bool]) -> bytes:
    """The document as PDF bytes; a form's fields set in Helvetica rather than a whole embedded font.

    With forms, WeasyPrint writes it uncompressed, and qpdf compresses it as it drops the font WeasyPrint
    embeds whole for the fields: compressed by WeasyPrint (zlib's slowest level) only to be dropped, the
    font took a fifth of the sheet's time.
    """
    if options.get("pdf_forms"):
        return use_standard_form_font(document.write_pdf(uncompressed_pdf=True, **options), compress=True)
    return document.write_pdf(**options)


def measure_layout(html: str) -> Layout:
    """Lay out `html` and report its page count and the boxes of its `ws-*` ids on the first page."""
    return _lay_out(html)[1]


def render_checked_pdf(html: str) -> tuple[RenderedPdf, Layout]:
    """Lay out `html` and write it as a PDF (fonts embedded, text selectable); the layout to check the fit by."""
    document, layout, notes = _lay_out(html)
    return RenderedPdf(_write(document, PDF_OPTIONS), layout.pages, notes=notes), layout


def render_fitted_pdf(job: tuple[str, Worksheet]) -> tuple[Worksheet, RenderedPdf | None]:
    """Lay out a sheet once (`job`: its PDF HTML with the fewest lines, and the sheet) and fill its page.

    The writing lines the page has room for are added to the laid-out boxes (`grow`), checked against
    the footer on the grown layout, and the PDF written. Returns the sheet as fitted and its PDF, or no
    PDF when it must be laid out again: a sheet that does not fit (then at the next step of giving way,
    to be fitted again, or in flow past the last step), or a template whose boxes `grow` does not know.
    """
    from weasyprint.document import Page  # noqa: PLC0415 - with WeasyPrint, loaded on first use

    html, sheet = job
    document, layout, notes = _lay_out(html)
    fitted = fit_sheet(sheet, layout)
    # A sheet that gave way (or flows) is laid out again as it now is: its first layout is not its own.
    gave_way = fitted.flow or fitted.step != sheet.step
    if gave_way or not document.pages or not grow_lines(document.pages[0]._page_box, sheet, fitted):
        return fitted, None
    document.pages[0] = Page(document.pages[0]._page_box)  # its anchors, links and fields, read again
    anchors = document.pages[0].anchors
    grown = Layout(len(document.pages), {n: tuple(b) for n, b in anchors.items() if n.startswith("ws-")}, True)
    if not fits(fitted, grown):
        return fitted, None
    return fitted, RenderedPdf(_write(document, PDF_OPTIONS), len(document.pages), notes=notes)


def render_pdf(html: str, *, anchors: str = "", tagged: bool = True) -> RenderedPdf:
    """Lay out `html` with WeasyPrint and write it as a PDF (fonts embedded, text selectable).

    With `anchors`, the result keeps the boxes of the elements whose id starts with it, on every page.
    `tagged=False` leaves out the tags and form fields (a layer drawn over other pages, such as page numbers).
    """
    options = PDF_OPTIONS if tagged else {}
    document, layout, notes = _lay_out(html, options)
    boxes: list[Anchor] = []
    if anchors:
        for index, page in enumerate(document.pages):
            for name, box in page.anchors.items():
                if name.startswith(anchors) and len(box) == 4:
                    boxes.append((name, index, *(float(v) for v in box)))
    return RenderedPdf(_write(document, options), layout.pages, notes=notes, anchors=tuple(boxes))


def _weasyprint_version() -> str:
    try:
        return importlib.metadata.version("weasyprint")
    except importlib.metadata.PackageNotFoundError:
        return "?"


class PdfCache:
    """Rendered PDFs on disk, keyed by a hash of what they are made of; `directory=None` turns caching off.

    A worksheet's key names the templates and stylesheets (by their files' hash), the site and the
    sheet, which together make its HTML; a pack's parts are keyed by the HTML that becomes them; every
    key adds the WeasyPrint version and `CACHE_FORMAT`.
    """

    def __init__(self, directory: Path | None) -> None:
        self.files = DiskCache(directory, "the PDF cache", "PDFs will be rendered again next time")
        self._salt = f"{CACHE_FORMAT}:{_weasyprint_version()}:"

    @property
    def directory(self) -> Path | None:
        """The cache's folder, or None when caching is off."""
        return self.files.directory

    @property
    def warnings(self) -> list[str]:
        """Notes about writes that failed (each once): the build goes on, it only costs time."""
        return self.files.warnings

    def key(self, html: str) -> str:
        """The cache key of a PDF made from `html`."""
        return hashlib.sha256((self._salt + html).encode("utf-8")).hexdigest()

    def get(self, key: str, *, version: str = "") -> RenderedPdf | None:
        """The cached PDF for `key`, or None; with `version`, only when it was stored with that version.

        The PDF itself stays on disk (`RenderedPdf.source`); only its facts are read.
        """
        info = self.files.read(f"{key}.json")
        path = self.files.path(f"{key}.pdf") if info is not None else None
        if info is None or path is None:
            return None
        try:
            meta = json.loads(info)
            if version:
                data = path.read_bytes()
                if meta.get("version") != version or meta.get("sha256") != hashlib.sha256(data).hexdigest():
                    return None  # another version, or the PDF of one and the facts of another (a build in between)
            anchors = tuple((str(a[0]), int(a[1]), *(float(v) for v in a[2:6])) for a in meta.get("anchors", ()))
            return RenderedPdf(
                b"",
                int(meta["pages"]),
                tuple(meta["lines"]),
                bool(meta["flow"]),
                tuple(meta["notes"]),
                anchors,
                source=path,
                key=meta.get("sha256") or key,
                step=int(meta.get("step", 0)),
                gap=float(meta.get("gap", 0.0)),
                front=int(meta.get("front", 0)),
            )
        except (ValueError, KeyError, TypeError, IndexError, OSError):
            return None

    def put(self, key: str, rendered: RenderedPdf, *, version: str = "") -> RenderedPdf:
        """Store a rendered PDF: the PDF first, then the facts that make the pair valid to read.

        A key is a hash of what the PDF is made of, and its entry never changes; an entry stored with a
        `version` is a slot that each new version replaces (the workshop pack: one entry per pack, not
        one for every edit of every post). Returns the PDF as the cache now holds it (on disk, not in
        memory), or as it was when it could not be stored.
        """
        data = rendered.pdf
        digest = hashlib.sha256(data).hexdigest()
        meta = {"pages": rendered.pages, "lines": list(rendered.lines), "flow": rendered.flow}
        meta["notes"] = list(rendered.notes)
        if rendered.step or rendered.gap:
            meta["step"], meta["gap"] = rendered.step, rendered.gap
        if rendered.front:
            meta["front"] = rendered.front
        if rendered.anchors:
            meta["anchors"] = [list(anchor) for anchor in rendered.anchors]
        if version:
            meta["version"], meta["sha256"] = version, digest
        if self.files.write(f"{key}.pdf", data) and self.files.write(f"{key}.json", json.dumps(meta).encode("utf-8")):
            path = self.files.path(f"{key}.pdf")
            if path is not None:
                return replace(rendered, content=b"", source=path, key=digest if version else key)
        return replace(rendered, key=rendered.key or (digest if version else key))

    def prune(self, max_age: float | None = None) -> int:
        """Delete entries unused for `max_age` seconds (30 days by default); return how many files went."""
        return self.files.prune(max_age)


def default_workers() -> int:
    """Processes to render PDFs on: the CPU cores this process may use, at most 4."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


class Workers:
    """Runs independent layouts on several processes when that is possible, else one after another.

    Worker processes are forked on first use, and only while this process runs a single thread
    (forking a threaded process, such as `mkdocs serve`, can deadlock).
    """

    def __init__(self, count: int) -> None:
        self.count = count
        self._pool: ProcessPoolExecutor | None = None

    def map(
        self, function: Callable[[Any], Any], items: Sequence[Any], done: Callable[[], None] | None = None
    ) -> list[Any]:
        """`function` applied to every item, results in order; `done()` is called as each one finishes."""
        if not items:
            return []
        results = []
        for result in self._each(function, items):
            results.append(result)
            if done is not None:
                done()
        return results

    def _each(self, function: Callable[[Any], Any], items: Sequence[Any]) -> Iterator[Any]:
        if self._pool is None and self.count > 1 and len(items) > 1 and _can_fork():
            import weasyprint  # noqa: F401 - loaded once here, so forked workers start with it

            context = multiprocessing.get_context("fork")
            self._pool = ProcessPoolExecutor(max_workers=self.count, mp_context=context)
        if self._pool is None:
            return (function(item) for item in items)
        return self._pool.map(function, items)

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown()


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1
