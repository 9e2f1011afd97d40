"""Worksheets: a post's Reflect questions as a printable page, its PDF and the workshop pack.

Pure core: posts and glossary entries go in; the template context, HTML (Jinja2 templates from
`worksheets/`), PDFs (WeasyPrint) and author errors come out. Rendered PDFs are kept in a cache keyed
by a hash of their HTML, which already holds everything that shapes them: the templates, the print
CSS (included inline), the content and the paper size.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.metadata
import json
import logging
import multiprocessing
import os
import posixpath
import re
import threading
import time
import traceback
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from xml.etree.ElementTree import Element

import jinja2
import markdown
import segno
from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markupsafe import Markup

from .errors import AuthorError
from .models import GlossaryEntry, Post

SHEET_TEMPLATE = "worksheet.html.j2"
PACK_TEMPLATE = "pack.html.j2"
PACK_NAME = "workshop-pack"
# Bump when PDFs change for a reason their HTML does not show (a new way of calling WeasyPrint).
CACHE_FORMAT = "1"
CACHE_MAX_AGE = 30 * 24 * 3600  # seconds an unused cache entry is kept
MIN_LINES = 2  # writing lines under every question, at least, on a one-page worksheet
FLOW_LINES = 4  # writing lines under every question of a worksheet too long for one page
PX_PER_MM = 96 / 25.4
SAFETY_PX = 3 * PX_PER_MM  # room left free at the foot, for a browser's slightly different text metrics


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


@dataclass(frozen=True)
class SheetSite:
    """What every worksheet needs to know about the site."""

    name: str
    author: str
    url: str  # site_url with a trailing slash, or "" when the site has none
    description: str = ""
    language: str = "en"
    paper: Paper = PAPERS["a4"]
    pdf: bool = True  # whether PDFs are built, so pages may link to them


@dataclass(frozen=True)
class KeyTerm:
    """A glossary term used in a post, with its one-sentence definition."""

    term: str
    summary: Markup


@dataclass(frozen=True)
class SheetQuestion:
    """A Reflect question, numbered, with its Markdown rendered as escaped inline HTML."""

    number: int
    html: Markup
    lines: int = MIN_LINES  # ruled writing lines under the question


@dataclass(frozen=True)
class Worksheet:
    """Everything a worksheet template shows for one post."""

    slug: str
    part: int
    total: int
    title: str
    description: str
    date: str  # YYYY-MM-DD
    post_url: str  # absolute when the site has a URL, else site-relative
    post_href: str  # from the worksheet page back to the post
    questions: tuple[SheetQuestion, ...]
    key_terms: tuple[KeyTerm, ...] = ()
    qr: str = ""  # data: URI of an SVG QR code of post_url, or ""
    flow: bool = False  # too long for one page: let it run onto a second page cleanly

    @property
    def pdf_name(self) -> str:
        """The PDF's file name in /worksheets/."""
        return f"{self.slug}.pdf"

    @property
    def page_url(self) -> str:
        """The worksheet page's site-relative URL."""
        return f"worksheets/{self.slug}/"


@dataclass(frozen=True)
class Pack:
    """The workshop pack: every worksheet in series order behind a cover and a contents page."""

    sheets: tuple[Worksheet, ...]
    edition: str  # date of the newest post, YYYY-MM-DD: never the clock, so builds repeat exactly
    pdf_name: str = f"{PACK_NAME}.pdf"


# --- Template context --------------------------------------------------------------------------


class _PaperLinks(Treeprocessor):
    """On paper a link is just its words: turn links into spans and images into their alt text."""

    def run(self, root: Element) -> None:
        for element in root.iter():
            if element.tag in ("a", "img"):
                alt = element.get("alt", "") if element.tag == "img" else None
                element.tag = "span"
                element.attrib.clear()
                if alt is not None:
                    element.text = alt


class _PaperExtension(Extension):
    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Python-Markdown's name
        # Raw HTML in author text must arrive as text: drop the two processors that pass it through.
        md.preprocessors.deregister("html_block")
        md.inlinePatterns.deregister("html")
        md.treeprocessors.register(_PaperLinks(md), "paper_links", 0)


_INLINE = threading.local()  # one parser per thread: building a Markdown instance costs more than using it


@functools.lru_cache(maxsize=8192)
def render_inline(text: str) -> Markup:
    """Render one line of author Markdown as inline HTML, raw HTML escaped and links made plain.

    Cached: the same glossary summaries appear on many worksheets, and the result depends on the text only.
    """
    parser = getattr(_INLINE, "parser", None)
    if parser is None:
        parser = _INLINE.parser = markdown.Markdown(extensions=[_PaperExtension()])
    html = parser.reset().convert(text).strip()
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        html = html[3:-4]
    return Markup(html)


def build_key_terms(slugs: Iterable[str], glossary: Mapping[str, GlossaryEntry]) -> tuple[KeyTerm, ...]:
    """The glossary entries a post uses, in order of first use, each once; unknown slugs are skipped."""
    seen: set[str] = set()
    terms = []
    for slug in slugs:
        entry = glossary.get(slug)
        if entry is None or slug in seen:
            continue
        seen.add(slug)
        terms.append(KeyTerm(entry.term, render_inline(entry.summary)))
    return tuple(terms)


def make_qr(url: str, cache: Path | None = None) -> str:
    """An SVG QR code of `url` as a data: URI (no quiet zone: the stylesheet leaves white around it).

    Encoding costs about 10 ms (most of it choosing the best mask), so codes are kept in memory and,
    with `cache`, in a folder on disk: a rebuild encodes only URLs it has never seen.
    """
    if cache is None:
        return _encode_qr(url)
    path = cache / f"{hashlib.sha256(url.encode('utf-8')).hexdigest()[:40]}.txt"
    try:
        return path.read_text(encoding="ascii")
    except OSError:
        pass
    uri = _encode_qr(url)
    try:
        cache.mkdir(parents=True, exist_ok=True)
        path.write_text(uri, encoding="ascii")
    except OSError:
        pass  # a read-only cache only costs time
    return uri


@functools.lru_cache(maxsize=4096)
def _encode_qr(url: str) -> str:
    return segno.make(url, error="m").svg_data_uri(border=0, dark="#000")


class _ElementEnd(HTMLParser):
    """Finds where the first element with a given tag and id ends, as an offset into the HTML."""

    def __init__(self, html: str, tag: str, element_id: str) -> None:
        super().__init__(convert_charrefs=True)
        self.html, self.tag, self.element_id = html, tag, element_id
        self.depth = 0
        self.end: int | None = None
        self._line_starts = [0] + [i + 1 for i, char in enumerate(html) if char == "\n"]

    def _offset(self) -> int:
        line, column = self.getpos()
        return self._line_starts[line - 1] + column

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != self.tag or self.end is not None:
            return
        if self.depth or dict(attrs).get("id") == self.element_id:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == self.tag and self.depth and self.end is None:
            self.depth -= 1
            if not self.depth:
                self.end = self.html.index(">", self._offset()) + 1


def insert_after_element(html: str, tag: str, element_id: str, snippet: str) -> str | None:
    """`html` with `snippet` right after the element `<tag id=element_id>`, or None when there is none.

    Only the insertion point is found by parsing; the page's own markup is kept byte for byte.
    """
    # Parse from the element's start only: the Reflect heading is near the end of a post.
    start = max(html.find(f'<{tag} id="{element_id}"'), 0)
    finder = _ElementEnd(html[start:], tag, element_id)
    finder.feed(html[start:])
    finder.close()
    if finder.end is None:
        return None
    end = start + finder.end
    return html[:end] + snippet + html[end:]


def relative_href(target: str, from_dir: str) -> str:
    """A link from the page at folder URL `from_dir` to the site-relative URL `target`."""
    href = posixpath.relpath(target or ".", from_dir.rstrip("/") or ".")
    folder = not target or target.endswith("/")
    return href + "/" if folder and not href.endswith("/") else href


def build_worksheet(
    post: Post,
    *,
    total: int,
    site: SheetSite,
    glossary: Mapping[str, GlossaryEntry] | None = None,
    term_slugs: Iterable[str] = (),
    qr: bool = True,
    qr_cache: Path | None = None,
) -> Worksheet:
    """The template context of one post's worksheet."""
    post_url = site.url + post.url if site.url else post.url
    absolute = post_url.startswith(("http://", "https://"))
    return Worksheet(
        slug=post.slug,
        part=post.part,
        total=total,
        title=post.title,
        description=post.description,
        date=f"{post.date:%Y-%m-%d}",
        post_url=post_url,
        post_href=relative_href(post.url, f"worksheets/{post.slug}/"),
        questions=tuple(SheetQuestion(q.number, render_inline(q.markdown)) for q in post.questions),
        key_terms=build_key_terms(term_slugs, glossary or {}),
        qr=make_qr(post_url, qr_cache) if qr and absolute else "",
    )


def build_pack(sheets: Sequence[Worksheet]) -> Pack:
    """The workshop pack of `sheets`, in series order."""
    ordered = tuple(sorted(sheets, key=lambda sheet: sheet.part))
    return Pack(ordered, max((sheet.date for sheet in ordered), default=""))


# --- Templates ---------------------------------------------------------------------------------


@dataclass
class Templates:
    """The worksheet templates of one build, and how authors name their folder."""

    directory: Path
    shown: str  # the folder as the author knows it, e.g. "worksheets"
    env: jinja2.Environment


def load_templates(directory: Path, shown: str = "worksheets") -> Templates:
    """A Jinja2 environment over `directory`, every template compiled now so syntax errors show early.

    Raises `AuthorError` naming the template file and line.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(directory),
        # .j2 templates hold HTML: escape; print.css is included as it is.
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "htm", "xml", "j2"), disabled_extensions=("css", "txt"), default=True
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    templates = Templates(directory, shown, env)
    for name in (SHEET_TEMPLATE, PACK_TEMPLATE):
        if not (directory / name).is_file():
            raise AuthorError(
                f"{shown}/{name}", None, "the worksheet template is missing", "restore it from version control"
            )
    for name in env.list_templates(filter_func=lambda n: n.endswith((".j2", ".css"))):
        try:
            env.get_template(name)
        except jinja2.TemplateSyntaxError as error:
            raise _syntax_problem(templates, error) from None
    return templates


def _shown_path(templates: Templates, filename: str | None, fallback: str) -> str:
    if not filename:
        return f"{templates.shown}/{fallback}"
    try:
        return f"{templates.shown}/{Path(filename).resolve().relative_to(templates.directory.resolve()).as_posix()}"
    except ValueError:
        return Path(filename).as_posix()


def _syntax_problem(templates: Templates, error: jinja2.TemplateSyntaxError) -> AuthorError:
    return AuthorError(
        _shown_path(templates, error.filename, error.name or "?"),
        error.lineno,
        f"template syntax error: {error.message}",
        "check that every {{ }}, {% %} and {# #} is closed and every block has its end tag",
    )


_NO_ATTRIBUTE = re.compile(r"'(?:[\w.]*\.)?(\w+) object' has no attribute '(\w+)'")


def _render_problem(templates: Templates, name: str, error: Exception) -> AuthorError | None:
    """The template file and line where a render failed, from Jinja's rewritten traceback."""
    directory = templates.directory.resolve()
    for frame in reversed(traceback.extract_tb(error.__traceback__)):
        path = Path(frame.filename)
        if path.is_absolute() and path.resolve().is_relative_to(directory):
            if isinstance(error, jinja2.UndefinedError):
                # "'tce_toolkit.worksheets.Worksheet object' has no attribute 'x'" -> "a Worksheet has no 'x'"
                message = _NO_ATTRIBUTE.sub(r"a \1 has no '\2'", error.message or "")
                what = f"the template uses something that does not exist: {message}"
                fix = "use only the names listed at the top of the template (see worksheets/README.md)"
            elif isinstance(error, jinja2.TemplateNotFound):
                what = f"the template includes {error.name!r}, which is not in {templates.shown}/"
                fix = "check the file name in the include or import"
            else:
                what = f"the template failed: {type(error).__name__}: {error}"
                fix = "check the expression on this line"
            return AuthorError(_shown_path(templates, frame.filename, name), frame.lineno, what, fix)
    return None


def _render(templates: Templates, name: str, **context: object) -> str:
    try:
        return templates.env.get_template(name).render(**context)
    except jinja2.TemplateSyntaxError as error:
        raise _syntax_problem(templates, error) from None
    except Exception as error:
        problem = _render_problem(templates, name, error)
        if problem is None:
            raise
        raise problem from None


def render_sheet_html(templates: Templates, sheet: Worksheet, site: SheetSite) -> str:
    """One worksheet as a standalone HTML page; the same HTML becomes its PDF."""
    return _render(templates, SHEET_TEMPLATE, worksheet=sheet, site=site)


def render_pack_html(templates: Templates, pack: Pack, site: SheetSite) -> str:
    """The workshop pack as one HTML document: cover, contents, then every worksheet."""
    return _render(templates, PACK_TEMPLATE, pack=pack, site=site)


# --- Fitting a worksheet to its page ----------------------------------------------------------
#
# WeasyPrint lays out flex boxes slowly (seconds a page), so the sheet is laid out as plain blocks in
# two passes: first with MIN_LINES writing lines per question, reading from the layout where the
# questions end and where the footer starts; then with the free space shared out as extra lines.
# The sheet template marks those places with ids (see sheet.html.j2):
#   ws-questions-<slug> the list of questions, ws-lines-<slug>-1 the first question's lines,
#   ws-footer-<slug> the footer.


@dataclass(frozen=True)
class Layout:
    """What a first layout tells: the page count and the boxes of the sheet's marked elements."""

    pages: int
    boxes: dict[str, tuple[float, float, float, float]]  # id -> (x1, y1, x2, y2) in CSS px, on page 1


def with_lines(sheet: Worksheet, lines: Sequence[int], flow: bool = False) -> Worksheet:
    """`sheet` with the given writing lines under each question."""
    questions = tuple(replace(q, lines=n) for q, n in zip(sheet.questions, lines, strict=True))
    return replace(sheet, questions=questions, flow=flow)


def as_flow(sheet: Worksheet) -> Worksheet:
    """`sheet` laid out to run onto a second page, each question kept with its writing space."""
    return with_lines(sheet, [FLOW_LINES] * len(sheet.questions), flow=True)


def fits(sheet: Worksheet, layout: Layout, room: float = 0.0) -> bool:
    """Whether a layout of `sheet` keeps all its questions on page 1, above the footer, `room` px spare.

    A fixed-height sheet clips what overflows it instead of starting a new page, so the page count
    alone cannot tell: the last question's lines and the footer must both be on the page.
    """
    boxes = layout.boxes
    questions = boxes.get(f"ws-questions-{sheet.slug}")
    if questions is None:  # the template does not mark its parts: trust the page count
        return layout.pages == 1
    last = boxes.get(f"ws-lines-{sheet.slug}-{len(sheet.questions)}")
    footer = boxes.get(f"ws-footer-{sheet.slug}")
    if layout.pages > 1 or last is None or footer is None:
        return False
    return questions[3] + room <= footer[1]


def fit_sheet(sheet: Worksheet, layout: Layout) -> Worksheet:
    """Share the free space of a first layout (made with `sheet`'s lines) out as extra writing lines.

    A sheet that does not fit even so comes back in flow layout, to run onto a second page.
    """
    if not fits(sheet, layout, SAFETY_PX):
        return as_flow(sheet)
    boxes = layout.boxes
    questions = boxes.get(f"ws-questions-{sheet.slug}")
    first = boxes.get(f"ws-lines-{sheet.slug}-1")
    if not sheet.questions or questions is None or first is None:
        return sheet  # nothing to measure by: keep the minimum writing space
    free = boxes[f"ws-footer-{sheet.slug}"][1] - questions[3] - SAFETY_PX
    pitch = (first[3] - first[1]) / max(sheet.questions[0].lines, 1)
    if pitch <= 0:
        return sheet
    share, left = divmod(int(free // pitch), len(sheet.questions))
    return with_lines(sheet, [q.lines + share + (1 if i < left else 0) for i, q in enumerate(sheet.questions)])


# --- PDFs --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class RenderedPdf:
    """A PDF, its page count, the sheet's layout (lines per question, flow) and WeasyPrint's remarks."""

    pdf: bytes
    pages: int
    lines: tuple[int, ...] = ()
    flow: bool = False
    notes: tuple[str, ...] = ()


class _Collect(logging.Handler):
    """Gathers WeasyPrint's warnings so they come back as data instead of reaching stderr."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def _lay_out(html: str) -> tuple[Any, tuple[str, ...]]:
    import weasyprint  # imported on first use: live preview without PDFs never pays for it

    logger = logging.getLogger("weasyprint")
    handler, propagate = _Collect(), logger.propagate
    logger.addHandler(handler)
    logger.propagate = False
    try:
        document = weasyprint.HTML(string=html).render()
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
    return document, tuple(dict.fromkeys(handler.messages))


def measure_layout(html: str) -> Layout:
    """Lay out `html` and report its page count and the boxes of its `ws-*` ids on the first page."""
    document, _ = _lay_out(html)
    return Layout(len(document.pages), _boxes(document))


def _boxes(document: Any) -> dict[str, tuple[float, float, float, float]]:
    anchors = document.pages[0].anchors if document.pages else {}
    return {name: tuple(box) for name, box in anchors.items() if name.startswith("ws-") and len(box) == 4}


def render_pdf(html: str) -> RenderedPdf:
    """Lay out `html` with WeasyPrint and write it as a PDF (fonts embedded, text selectable)."""
    return render_checked_pdf(html)[0]


def render_checked_pdf(html: str) -> tuple[RenderedPdf, Layout]:
    """Lay out `html` and write it as a PDF (fonts embedded, text selectable); the layout to check the fit by."""
    document, notes = _lay_out(html)
    pages = len(document.pages)
    return RenderedPdf(document.write_pdf(), pages, notes=notes), Layout(pages, _boxes(document))


def _weasyprint_version() -> str:
    try:
        return importlib.metadata.version("weasyprint")
    except importlib.metadata.PackageNotFoundError:
        return "?"


_log = logging.getLogger("mkdocs.plugins.toolkit")


class PdfCache:
    """Rendered PDFs on disk, keyed by a hash of their HTML; `directory=None` turns caching off."""

    def __init__(self, directory: Path | None) -> None:
        self.directory = directory
        self._salt = f"{CACHE_FORMAT}:{_weasyprint_version()}:"

    def key(self, html: str) -> str:
        """The cache key of a PDF made from `html`."""
        return hashlib.sha256((self._salt + html).encode("utf-8")).hexdigest()

    def get(self, key: str) -> RenderedPdf | None:
        """The cached PDF for `key`, or None."""
        if self.directory is None:
            return None
        pdf, info = self.directory / f"{key}.pdf", self.directory / f"{key}.json"
        try:
            meta = json.loads(info.read_text(encoding="utf-8"))
            data = pdf.read_bytes()
            now = time.time()
            for path in (pdf, info):  # mark as used, for pruning
                os.utime(path, (now, now))
            return RenderedPdf(data, int(meta["pages"]), tuple(meta["lines"]), bool(meta["flow"]), tuple(meta["notes"]))
        except (OSError, ValueError, KeyError, TypeError):
            return None

    def put(self, key: str, rendered: RenderedPdf) -> None:
        """Store a rendered PDF (under a temporary name first, so no reader ever sees half a file)."""
        if self.directory is None:
            return
        meta = {"pages": rendered.pages, "lines": list(rendered.lines), "flow": rendered.flow}
        meta["notes"] = list(rendered.notes)
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            for suffix, data in ((".pdf", rendered.pdf), (".json", json.dumps(meta).encode("utf-8"))):
                temporary = self.directory / f"{key}{suffix}.{os.getpid()}.tmp"
                temporary.write_bytes(data)
                os.replace(temporary, self.directory / f"{key}{suffix}")
        except OSError as error:
            # The cache only saves time: a folder that cannot be written (read-only, a dangling link)
            # must not stop the build.
            _log.warning(
                "worksheets: cannot write the PDF cache in %s (%s); PDFs will be rendered again next time",
                self.directory,
                error.strerror or error,
            )

    def prune(self, max_age: float = CACHE_MAX_AGE) -> int:
        """Delete entries unused for `max_age` seconds; return how many files went."""
        if self.directory is None or not self.directory.is_dir():
            return 0
        limit, removed = time.time() - max_age, 0
        for path in self.directory.iterdir():
            if path.is_file() and path.stat().st_mtime < limit:
                path.unlink(missing_ok=True)
                removed += 1
        return removed


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

    def map(self, function: Callable[[str], Any], items: Sequence[str]) -> list[Any]:
        """`function` applied to every item, results in order."""
        if not items:
            return []
        if self._pool is None and self.count > 1 and len(items) > 1 and _can_fork():
            import weasyprint  # noqa: F401 - loaded once here, so forked workers start with it

            context = multiprocessing.get_context("fork")
            self._pool = ProcessPoolExecutor(max_workers=self.count, mp_context=context)
        if self._pool is None:
            return [function(item) for item in items]
        return list(self._pool.map(function, items))

    def __enter__(self) -> Workers:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._pool is not None:
            self._pool.shutdown()


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods() and threading.active_count() == 1


@dataclass
class PdfBuild:
    """The outcome of rendering every worksheet and the pack."""

    sheets: list[Worksheet]  # as finally laid out: writing lines set, `flow` on those that need two pages
    html: dict[str, str]  # final HTML page of each worksheet, by slug
    pdfs: dict[str, RenderedPdf]  # by file name: "<slug>.pdf" and "workshop-pack.pdf"
    pack: Pack
    rendered: list[str] = field(default_factory=list)  # file names rendered in this build
    from_cache: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def overflowing(self) -> list[Worksheet]:
        """Worksheets whose content does not fit on one page."""
        return [sheet for sheet in self.sheets if sheet.flow]

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

    A worksheet's cache key is the hash of its first-pass HTML (minimum writing lines): the final
    layout follows from it, and the cache keeps that layout beside the PDF. The pack's key is the
    hash of its own HTML.
    """
    start = time.perf_counter()
    first = {sheet.slug: render_sheet_html(templates, sheet, site) for sheet in sheets}
    keys = {slug: cache.key(html) for slug, html in first.items()}
    final: dict[str, Worksheet] = {}
    pdfs: dict[str, RenderedPdf] = {}
    rendered: list[str] = []
    for sheet in sheets:
        cached = cache.get(keys[sheet.slug])
        if cached is not None and len(cached.lines) == len(sheet.questions):
            final[sheet.slug] = with_lines(sheet, cached.lines, cached.flow)
            pdfs[sheet.slug] = cached
    todo = [sheet for sheet in sheets if sheet.slug not in final]
    with Workers(workers) as pool:
        for sheet, layout in zip(todo, pool.map(measure_layout, [first[s.slug] for s in todo]), strict=True):
            final[sheet.slug] = fit_sheet(sheet, layout)
        while True:
            html = {slug: render_sheet_html(templates, sheet, site) for slug, sheet in final.items()}
            pack = build_pack([final[sheet.slug] for sheet in sheets])
            pack_html = render_pack_html(templates, pack, site)
            pack_key = cache.key(pack_html)
            pack_pdf = cache.get(pack_key)
            # The pack takes longest: it goes first, so the other workers share out the worksheets.
            jobs = ([] if pack_pdf is not None else [pack_html]) + [html[sheet.slug] for sheet in todo]
            outcomes = pool.map(render_checked_pdf, jobs)
            if pack_pdf is None:
                pack_pdf = outcomes.pop(0)[0]
                cache.put(pack_key, pack_pdf)
                rendered.append(pack.pdf_name)
            retry = []
            for sheet, (outcome, checked) in zip(todo, outcomes, strict=True):
                laid_out = final[sheet.slug]
                rendered.append(laid_out.pdf_name)
                if not laid_out.flow and not fits(laid_out, checked):
                    # The measured fit missed by a hair: one line fewer each, then two pages.
                    lines = [q.lines - 1 for q in laid_out.questions]
                    fewer = min(lines) >= MIN_LINES
                    final[sheet.slug] = with_lines(laid_out, lines) if fewer else as_flow(laid_out)
                    retry.append(sheet)
                    continue
                pdfs[sheet.slug] = replace(
                    outcome, lines=tuple(q.lines for q in laid_out.questions), flow=laid_out.flow
                )
                cache.put(keys[sheet.slug], pdfs[sheet.slug])
            if not retry:
                break
            todo = retry
    laid_out_sheets = [final[sheet.slug] for sheet in sheets]
    result = PdfBuild(laid_out_sheets, html, {}, pack, seconds=time.perf_counter() - start)
    result.pdfs = {sheet.pdf_name: pdfs[sheet.slug] for sheet in laid_out_sheets}
    result.pdfs[pack.pdf_name] = pack_pdf
    result.rendered = list(dict.fromkeys(rendered))
    result.from_cache = [name for name in result.pdfs if name not in result.rendered]
    return result
