"""The worksheet templates: one Jinja2 environment over `worksheets/`, and template errors as author errors.

Autoescape is on and undefined names are errors (`StrictUndefined`); every template is compiled when the
templates are loaded, so a syntax error stops the build at once, and any error names the template file
and line (`worksheets/<file>:<line>`).
"""

from __future__ import annotations

import hashlib
import re
import traceback
from dataclasses import dataclass, replace
from pathlib import Path

import jinja2

from ..errors import AuthorError
from ..packaged import WORKSHEETS, packaged_folder
from .context import Pack, SheetSite, Worksheet

SHEET_TEMPLATE = "worksheet.html.j2"
PACK_TEMPLATE = "pack.html.j2"  # the pack's cover and contents
PACK_NUMBERS_TEMPLATE = "pack-numbers.html.j2"  # the pack's page numbers, drawn over its pages
PDF_STYLESHEET = "pdf.css"  # WeasyPrint-only rules, inlined only in the HTML that becomes a PDF
PAGE_STYLESHEET = (
    "worksheet.css"  # paper.css, print.css and screen.css, in /worksheets/, linked by every worksheet page
)
REQUIRED = (SHEET_TEMPLATE, PACK_TEMPLATE, PACK_NUMBERS_TEMPLATE, PDF_STYLESHEET)


@dataclass
class Templates:
    """The worksheet templates of one build, and how authors name their folder."""

    directory: Path
    shown: str  # the folder as the author knows it, e.g. "worksheets"
    env: jinja2.Environment
    digest: str = ""  # a hash of every template and stylesheet in the folder: what they are, in one name


def load_templates(directory: Path, shown: str = "worksheets") -> Templates:
    """A Jinja2 environment over `directory`, every template compiled now so syntax errors show early.

    Raises `AuthorError` naming the template file and line.
    """
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(directory),
        # .j2 templates hold HTML: escape; the stylesheets are included as they are.
        autoescape=jinja2.select_autoescape(
            enabled_extensions=("html", "htm", "xml", "j2"), disabled_extensions=("css", "txt"), default=True
        ),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    templates = Templates(directory, shown, env, _digest_of(directory))
    for name in REQUIRED:
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


def load_site_templates(root: Path) -> Templates:
    """The worksheet templates of the site at `root`: its own `worksheets/` folder when it has one, else the
    templates the toolkit ships (named by their full path in messages, since the site has no such folder)."""
    own = root / WORKSHEETS
    if own.is_dir():
        return load_templates(own)
    folder = packaged_folder(WORKSHEETS)
    return load_templates(folder, shown=str(folder))


def _digest_of(directory: Path) -> str:
    """A hash of the names and bytes of every template and stylesheet under `directory`, in a stable order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in directory.rglob("*") if p.is_file() and p.suffix in {".j2", ".css"}):
        digest.update(path.relative_to(directory).as_posix().encode("utf-8") + b"\0")
        digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()


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
                # "'tce_toolkit.worksheets.context.Worksheet object' has no attribute 'x'" -> "a Worksheet has no 'x'"
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


@dataclass(frozen=True)
class _FeedHref:
    """A feed link as a worksheet page shows it: `href` relative to that page (or absolute)."""

    title: str
    media_type: str
    href: str


def render_sheet_html(templates: Templates, sheet: Worksheet, site: SheetSite, *, for_pdf: bool = False) -> str:
    """One worksheet as a standalone HTML page.

    With `for_pdf`, the HTML that becomes its PDF: the same page with `pdf.css` (the rules only
    WeasyPrint reads) inlined, and without what only a browser uses (the feed links).
    """
    feeds = () if for_pdf else tuple(_FeedHref(f.title, f.media_type, f.href_from(sheet.page_url)) for f in site.feeds)
    if for_pdf and sheet.paper != site.paper:
        site = replace(site, paper=sheet.paper)  # a PDF is laid out for the sheet's own paper
    stylesheet = f"{PAGE_STYLESHEET}?v={templates.digest[:10]}-{site.paper.name}"
    return _render(
        templates, SHEET_TEMPLATE, worksheet=sheet, site=site, feeds=feeds, for_pdf=for_pdf, stylesheet=stylesheet
    )


def render_page_stylesheet(templates: Templates, site: SheetSite) -> str:
    """The stylesheet every worksheet page links (`PAGE_STYLESHEET`): paper.css for the site's paper, print.css, screen.css."""
    try:
        return templates.env.from_string(
            '{% include "paper.css" %}\n{% include "print.css" %}\n{% include "screen.css" %}\n'
        ).render(site=site)
    except Exception as error:
        problem = _render_problem(templates, "paper.css", error)
        if problem is None:
            raise
        raise problem from None


def render_pack_html(templates: Templates, pack: Pack, site: SheetSite) -> str:
    """The front of the workshop pack (its cover and contents, with the page each worksheet starts on), for WeasyPrint.

    The worksheets themselves are not in it: the pack takes their pages from their own PDFs.
    """
    return _render(templates, PACK_TEMPLATE, pack=pack, site=site, for_pdf=True)


def render_pack_numbers_html(templates: Templates, pack: Pack, site: SheetSite) -> str:
    """As many near-empty pages as `pack` has, each holding only its page number, for WeasyPrint.

    Each of its pages is drawn over the pack's page of the same number.
    """
    return _render(templates, PACK_NUMBERS_TEMPLATE, pack=pack, site=site, for_pdf=True)
