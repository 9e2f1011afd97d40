"""Worksheets hook: a printable worksheet (HTML and PDF) for every post with Reflect questions.

Adds a "Print the worksheet" link under each post's Reflect heading, the catalogue page at
/worksheets/, and writes /worksheets/<slug>/, /worksheets/<slug>.pdf and /worksheets/workshop-pack.pdf.
Settings live under `extra.worksheets` in mkdocs.yml (see WorksheetSettings).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tce_site
from mkdocs.config import base
from mkdocs.config import config_options as c
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url
from tce_toolkit import worksheets as core
from tce_toolkit.errors import AuthorError

CATALOGUE = "worksheets/index.md"
CATALOGUE_MARKER = "<!-- worksheets-catalogue -->"
CATALOGUE_PAGE = f"""---
title: Worksheets
description: Printable reflection worksheets for every part of the series, and a workshop pack for trainers.
---

{CATALOGUE_MARKER}
"""


class WorksheetSettings(base.Config):
    """`extra.worksheets` in mkdocs.yml; every setting has a default."""

    paper = c.Choice(tuple(core.PAPERS), default="a4")
    # true: always; false: never; auto: in `mkdocs build` but not in `mkdocs serve`.
    pdf = c.Choice((True, False, "auto"), default="auto")
    qr = c.Type(bool, default=True)  # a QR code of the post's address in each worksheet's footer
    workers = c.Type(int, default=0)  # processes rendering PDFs; 0: one per CPU core (at most 4)
    cache = c.Type(bool, default=True)  # keep rendered PDFs in .cache/worksheets/


@dataclass
class WorksheetBuild:
    """What this hook learns during one build."""

    config: Any
    settings: WorksheetSettings
    templates: core.Templates
    site: core.SheetSite
    make_pdfs: bool
    cache: core.PdfCache
    theme_env: Any = None
    qr_cache: Path | None = None
    sheets: list[core.Worksheet] = field(default_factory=list)
    html: dict[str, str] = field(default_factory=dict)
    pdfs: core.PdfBuild | None = None


_build: WorksheetBuild | None = None


def _current(config) -> WorksheetBuild:
    if _build is None or _build.config is not config:
        raise RuntimeError("the worksheets hook's on_config did not run for this build")
    return _build


def _settings(config) -> WorksheetSettings:
    """`extra.worksheets` checked: a wrong value stops the build, an unknown key is a warning."""
    path = tce_site.project_path(config, config.config_file_path or "mkdocs.yml")
    raw = config.extra.get("worksheets")
    if raw is not None and not isinstance(raw, dict):
        what = "extra.worksheets must be a set of settings"
        fix = "write one setting per line under it, e.g. 'paper: a4'"
        tce_site.raise_if_errors([AuthorError(path, tce_site.setting_line(config, "worksheets", None), what, fix)])
    settings = WorksheetSettings()
    settings.load_dict(raw or {})
    errors, warnings = settings.validate()
    problems = [
        AuthorError(
            path,
            tce_site.setting_line(config, "worksheets", key),
            f"extra.worksheets.{key}: {error}",
            "see 'Printing worksheets' in README.md for the settings and their values",
        )
        for key, error in errors
    ]
    tce_site.raise_if_errors(problems)
    tce_site.warn(
        [
            AuthorError(
                path,
                tce_site.setting_line(config, "worksheets", key),
                f"extra.worksheets.{key}: {warning}",
                "remove it or correct its name",
            )
            for key, warning in warnings
        ]
    )
    return settings


def on_config(config):
    """Read the settings, compile the templates (a syntax error stops the build now) and start afresh."""
    global _build
    state = tce_site.state(config)
    settings = _settings(config)
    root = Path(config.config_file_path or "mkdocs.yml").resolve().parent
    try:
        templates = core.load_templates(root / "worksheets")
    except AuthorError as problem:
        tce_site.raise_if_errors([problem])
    make_pdfs = settings.pdf is True or (settings.pdf == "auto" and not state.is_serve)
    site_url = config.site_url or ""
    site = core.SheetSite(
        name=config.site_name,
        author=config.site_author or config.site_name,
        url=site_url if not site_url or site_url.endswith("/") else site_url + "/",
        description=" ".join((config.site_description or "").split()),
        language=config.theme.get("language") or "en",
        paper=core.PAPERS[settings.paper],
        pdf=make_pdfs,
    )
    cache = core.PdfCache(root / ".cache" / "worksheets" if settings.cache else None)
    _build = WorksheetBuild(config, settings, templates, site, make_pdfs, cache)
    _build.qr_cache = root / ".cache" / "qr" if settings.cache else None
    return config


def on_files(files, config):
    """Add the catalogue page, unless the site has its own docs/worksheets/index.md."""
    if files.get_file_from_path(CATALOGUE) is None:
        files.append(File.generated(config, CATALOGUE, content=CATALOGUE_PAGE))
    problems = [
        AuthorError(
            post.src,
            None,
            f"the slug '{post.slug}' is taken by the workshop pack's file name",
            "choose another 'slug:' for this post",
        )
        for post in tce_site.state(config).posts
        if post.slug == core.PACK_NAME
    ]
    tce_site.raise_if_errors(problems)
    return files


def _theme_env(config):
    build = _current(config)
    if build.theme_env is None:
        build.theme_env = config.theme.get_env()
    return build.theme_env


def _page_url(config, url: str) -> str:
    return url if config.use_directory_urls or not url.endswith("/") else url + "index.html"


def on_page_content(html, page, config, files):
    """Put the "Print the worksheet" link right after the post's Reflect heading."""
    build = _current(config)
    post = tce_site.state(config).post_at(page.file.src_uri)
    if post is None or not post.has_worksheet:
        return html
    sheet_url = _page_url(config, f"worksheets/{post.slug}/")
    link = (
        _theme_env(config)
        .get_template("partials/worksheet-link.html")
        .render(
            config=config,
            page=page,
            worksheet_href=get_relative_url(sheet_url, page.url),
            pdf_href=get_relative_url(f"worksheets/{post.slug}.pdf", page.url) if build.make_pdfs else None,
        )
    )
    linked = core.insert_after_element(html, "h2", "reflect", link)
    if linked is None:
        tce_site.log.warning(f"{post.src}: no Reflect heading found in the page, so no worksheet link was added")
        return html
    return linked


@event_priority(-50)
def on_env(env, config, files):
    """Every page is rendered, so the glossary knows each post's terms: lay out the worksheets."""
    build = _current(config)
    state = tce_site.state(config)
    posts = [post for post in state.posts if post.has_worksheet]
    build.sheets = [
        core.build_worksheet(
            post,
            total=len(state.posts),
            site=build.site,
            glossary=state.glossary,
            term_slugs=state.post_terms.get(post.src_uri, ()),
            qr=build.settings.qr,
            qr_cache=build.qr_cache,
        )
        for post in posts
    ]
    try:
        if build.make_pdfs and build.sheets:
            workers = build.settings.workers or core.default_workers()
            build.pdfs = core.build_pdfs(build.templates, build.sheets, build.site, build.cache, workers=workers)
            build.sheets, build.html = build.pdfs.sheets, build.pdfs.html
        else:
            build.html = {s.slug: core.render_sheet_html(build.templates, s, build.site) for s in build.sheets}
    except AuthorError as problem:
        tce_site.raise_if_errors([problem])
    _report(build)
    _fill_catalogue(env, config, files, build)
    return env


def _report(build: WorksheetBuild) -> None:
    if build.pdfs is not None:
        result = build.pdfs
        tce_site.log.info(
            f"worksheets: {len(result.rendered)} PDFs rendered, {len(result.from_cache)} from cache"
            f" ({result.seconds:.1f} s)"
        )
        tce_site.log.debug(f"worksheets: rendered {', '.join(result.rendered) or 'none'}")
        for sheet in result.overflowing:
            src = next(post.src for post in tce_site.state(build.config).posts if post.slug == sheet.slug)
            tce_site.log.warning(
                f"{src}: the worksheet does not fit on one {build.site.paper.label} page, so it runs onto a second"
                " — shorten the questions or the description, or ask fewer questions"
            )
        for note in result.notes:
            tce_site.log.info(f"worksheets: WeasyPrint: {note}")
    elif not build.make_pdfs and build.sheets:
        why = "under `mkdocs serve`" if build.settings.pdf == "auto" else "by extra.worksheets.pdf: false"
        tce_site.log.info(
            f"worksheets: {len(build.sheets)} worksheet pages; PDFs skipped {why}"
            " (set extra.worksheets.pdf: true to build them)"
        )


def _fill_catalogue(env, config, files, build: WorksheetBuild) -> None:
    """Put the list of worksheets wherever a page holds the catalogue marker (/worksheets/)."""
    template = None
    for file in files.documentation_pages():
        page = file.page
        if page is None or not page.content or CATALOGUE_MARKER not in page.content:
            continue
        template = template or env.get_template("partials/worksheets-catalogue.html")
        listing = template.render(
            worksheets=build.sheets,
            pack=build.pdfs.pack if build.pdfs else None,
            pack_pages=build.pdfs.pdfs[build.pdfs.pack.pdf_name].pages if build.pdfs else 0,
            paper=build.site.paper,
            pdf=build.make_pdfs,
            page=page,
            config=config,
            base_url=get_relative_url(".", page.url),
        )
        page.content = page.content.replace(CATALOGUE_MARKER, listing)


def on_post_build(config):
    """Write the worksheet pages and PDFs into the site (never into docs/)."""
    build = _current(config)
    folder = Path(config.site_dir) / "worksheets"
    for sheet in build.sheets:
        target = folder / sheet.slug / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(build.html[sheet.slug], encoding="utf-8")
    if build.pdfs is not None:
        for name, rendered in sorted(build.pdfs.pdfs.items()):
            (folder / name).write_bytes(rendered.pdf)
        build.cache.prune()
