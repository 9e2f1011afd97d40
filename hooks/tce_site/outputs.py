"""Outputs made once every page is rendered: listings, feeds and worksheets, written after the build."""

from __future__ import annotations

import dataclasses
import os
import posixpath
from pathlib import Path

from mkdocs.utils import get_relative_url, write_file
from tce_toolkit import worksheets as sheets_core
from tce_toolkit.errors import AuthorError
from tce_toolkit.feed_html import html_to_text
from tce_toolkit.feed_image import RSS_IMAGE_SUFFIXES, FeedImage, read_image_size, rss_size
from tce_toolkit.feeds import (
    FeedOptions,
    KeyTermLink,
    Person,
    SiteInfo,
    absolute_url,
    build_feeds,
    build_item,
    check_unique_ids,
)
from tce_toolkit.fragments import entry_contexts, listings
from tce_toolkit.markup import GLOSSARY_DIR, MARKERS, WORKSHEET_LINK_MARKER, WORKSHEETS_DIR
from tce_toolkit.page import series_feeds, subscribe_context, worksheet_targets
from tce_toolkit.related import related_parts
from tce_toolkit.text import markdown_text
from tce_toolkit.worksheets.limits import LIMITS, worksheet_notes

from . import material
from .fragments import Fragments, fill_markers
from .problems import config_src, log, raise_problems
from .settings import setting_line
from .state import Build


def on_env(build: Build, env, files) -> None:
    """Every page is rendered: fill the listings, build the feeds and the worksheets."""
    raise_problems(build.problems)
    series = build.model()
    fragments = Fragments(env, build.config)
    build.fragments = fragments
    build.search_name = material.theme_word(env, build.config, "search")
    env.globals["tce_feed_links"] = []
    env.globals["tce_series"] = list(series.posts)
    build.related = related_parts(series.posts, build.post_terms, series.glossary)
    if build.feed_settings.enabled:
        _build_feeds(build, files)
        env.globals["tce_feed_links"] = series_feeds(build.feeds)
    _build_worksheets(build)
    lists = listings(series)
    fills = {
        MARKERS["series-list"]: lambda page: fragments.render("series-list", page, **lists["series-list"]),
        MARKERS["glossary-index"]: lambda page: fragments.render("glossary-index", page, **lists["glossary-index"]),
        MARKERS["subscribe"]: lambda page: _subscribe(build, fragments, page),
        MARKERS["subscribe-page"]: lambda page: fragments.render("subscribe-page", page, feeds=build.feeds),
        MARKERS["worksheets-catalogue"]: lambda page: fragments.render(
            "worksheets-catalogue", page, **catalogue_context(build)
        ),
        WORKSHEET_LINK_MARKER: lambda page: _worksheet_link(build, fragments, page),
    }
    fill_markers(files, fills)
    below_entries = entry_contexts(series, build.post_terms)
    for file in files.documentation_pages():
        page, entry = file.page, None
        if page is None or page.content is None:
            continue
        if os.path.dirname(file.src_uri) == GLOSSARY_DIR:
            entry = series.entry(file.name)
        if entry is not None:
            context = below_entries[entry.slug]
            page.content = page.content + str(fragments.render("glossary-entry", page, **context))
        for feed in build.page_feeds.get(page.url, ()):  # a category page: its own Subscribe line
            page.content = page.content + str(
                fragments.render("category-subscribe", page, feed=feed, category=feed.category)
            )


def papers_in_order(paper: sheets_core.Paper) -> list[sheets_core.Paper]:
    """Every paper size, the site's own first."""
    return [paper, *(other for other in sheets_core.PAPERS.values() if other != paper)]


def catalogue_context(build: Build) -> dict:
    """What the worksheet catalogue shows: every worksheet, the packs (when PDFs are made), the papers."""
    pdfs, paper = build.pdfs, build.sheet_site.paper
    papers = papers_in_order(paper)
    packs = []
    if pdfs is not None:
        for each in papers:
            for audience in sheets_core.AUDIENCES:
                pack = pdfs.find_pack(each.name, audience)
                if pack is not None:
                    packs.append({"pack": pack, "paper": each, "pages": pdfs.pdfs[pack.pdf_name].pages})
    return {
        "worksheets": build.sheets,
        "packs": packs,
        "papers": papers,
        "sheet_pdf": sheets_core.sheet_pdf_name,
        "paper": paper,
        "pdf": build.sheet_site.pdf,
        "plan_name": sheets_core.SESSION_PLAN_NAME,
    }


def _subscribe(build: Build, fragments: Fragments, page) -> str:
    context = subscribe_context(build.feeds)
    return fragments.render("subscribe", page, **context) if context is not None else ""


def _worksheet_link(build: Build, fragments: Fragments, page) -> str:
    post = build.model().post(page.file.src_uri)
    if post is None or not post.has_worksheet:
        return ""
    paper = build.sheet_site.paper
    sheet, pdf = worksheet_targets(
        post, paper, pdf=build.sheet_site.pdf, directory_urls=build.config.use_directory_urls
    )
    return fragments.render(
        "worksheet-link",
        page,
        worksheet_href=get_relative_url(sheet, page.url),
        pdf_href=get_relative_url(pdf, page.url) if pdf is not None else None,
        paper=paper,
    )


# --- feeds ------------------------------------------------------------------------------------------


def _build_feeds(build: Build, files) -> None:
    config, settings, series = build.config, build.feed_settings, build.model()
    blog = material.blog_plugin(config)
    options = FeedOptions(
        title=settings.title.strip() or config.site_name,
        description=" ".join((settings.description or config.site_description or "").split()),
        limit=settings.limit,
        full_content=settings.full_content,
        rss_path=settings.rss_path,
        atom_path=settings.atom_path,
        json_path=settings.json_path,
        category_path=settings.category_path,
    )
    # Each entry's line in the "Key terms" lists, made once for every post that uses it.
    term_links = {
        entry.slug: KeyTermLink(entry.term, markdown_text(entry.summary), absolute_url(config.site_url, entry.url))
        for entry in series.entries
    }
    items = [
        build_item(
            post,
            config.site_url,
            build.post_html.get(post.src_uri, ""),
            authors=[build.authors.get(key) or Person(key) for key in post.authors],
            key_terms=[term_links[slug] for slug in build.post_terms.get(post.src_uri, ()) if slug in term_links],
        )
        for post in series.posts
    ]
    raise_problems(check_unique_ids(items))
    for post in series.posts:
        if not post.published:
            log.info(f"{post.src}: left out of the feeds: {post.status} (shown in this preview only)")
    published = len(series.published)
    if settings.limit and published > settings.limit:
        log.info(f"feeds: the {settings.limit} newest of {published} published posts (extra.feeds.limit)")
    categories, category_pages = material.categories(
        config, blog, files, {name for post in series.posts for name in post.categories}
    )
    theme = config.theme
    icon, logo = theme.get("favicon"), theme.get("logo")
    site = SiteInfo(
        url=config.site_url,
        home=absolute_url(config.site_url, material.blog_index_url(blog, files)),
        language=theme.get("language") or None,
        author=Person(config.site_author or config.site_name, email=settings.email.strip() or None),
        copyright=html_to_text(config.copyright or "") or None,
        icon=absolute_url(config.site_url, icon) if icon else None,
        logo=absolute_url(config.site_url, logo) if logo else None,
        image=_feed_image(build, files),
    )
    build.feeds = build_feeds(site, options, items, categories)
    for feed in build.feeds:
        if feed.category in category_pages:
            build.page_feeds.setdefault(category_pages[feed.category], []).append(feed)


def _feed_image(build: Build, files) -> FeedImage | None:
    """The feeds' image (extra.feeds.image), with the size RSS states, read from the file itself."""
    config, chosen = build.config, build.feed_settings.image
    if chosen == "":
        return None
    logo = (config.theme.get("logo") or "").lstrip("/")
    if chosen is None:
        # Not set: the theme's logo when RSS can show it, else a PNG of it beside it, else no image.
        stem, suffix = posixpath.splitext(logo)
        path = logo if suffix.lower() in RSS_IMAGE_SUFFIXES else (stem + ".png" if logo else "")
    else:
        path = chosen.lstrip("/")
    file = files.get_file_from_path(path) if path else None
    size = read_image_size(Path(file.abs_src_path).read_bytes()) if file is not None else None
    if size is None:
        if chosen is None:
            return None
        what = "is not in docs/" if file is None else "holds no PNG, GIF or JPEG image"
        raise_problems(
            [
                AuthorError(
                    config_src(config),
                    setting_line(config, "feeds", "image"),
                    f"extra.feeds.image: the feed image '{path}' {what}",
                    "write the path of a PNG, GIF or JPEG file in docs/, e.g. 'image: assets/logo.png', or '' for none",
                )
            ]
        )
    _, width, height = size
    shown = rss_size(width, height)
    if shown != (width, height):
        log.info(f"feeds: the image {path} is {width}x{height} pixels; RSS states it as {shown[0]}x{shown[1]}")
    return FeedImage(absolute_url(config.site_url, file.url), *shown)


# --- worksheets -------------------------------------------------------------------------------------


def sheet_site(config, settings, make_pdfs: bool) -> sheets_core.SheetSite:
    """What every worksheet needs to know about the site, from mkdocs.yml."""
    site_url = config.site_url or ""
    return sheets_core.SheetSite(
        name=config.site_name,
        author=config.site_author or config.site_name,
        url=site_url if not site_url or site_url.endswith("/") else site_url + "/",
        description=" ".join((config.site_description or "").split()),
        language=config.theme.get("language") or "en",
        paper=sheets_core.PAPERS[settings.paper],
        pdf=make_pdfs,
    )


def first_pdf_names(build: Build) -> dict[str, str]:
    """The first addresses of the PDFs, each with the file of this build it copies: every worksheet and the
    workshop pack on the site's paper, participants' edition. Empty when no PDFs were made."""
    if build.pdfs is None:
        return {}
    paper = build.sheet_site.paper
    names = {
        sheets_core.first_pdf_name(sheet.slug): sheets_core.sheet_pdf_name(sheet.slug, paper) for sheet in build.sheets
    }
    if build.pdfs.find_pack(paper.name) is not None:
        names[sheets_core.FIRST_PACK_NAME] = sheets_core.pack_pdf_name(paper)
    return names


def _build_worksheets(build: Build) -> None:
    series, settings = build.model(), build.sheet_settings
    feeds = tuple(sheets_core.FeedLink(f.title, f.media_type, f.path) for f in series_feeds(build.feeds))
    build.sheet_site = dataclasses.replace(build.sheet_site, feeds=feeds)
    for post in series.posts:
        if not post.has_worksheet:
            log.info(f"{post.src}: left out of the worksheets: it has no Reflect questions yet")
    posts = [post for post in series.posts if post.has_worksheet]
    # Not mistakes (the post builds): what may push a sheet onto a second page, and plans that cannot
    # count every question. `make check` prints the same lines.
    for post in posts:
        for note in worksheet_notes(post):
            log.info(f"worksheets: {note}")
    qr_cache = sheets_core.QrCache(build.root / ".cache" / "qr" if settings.cache else None)
    build.qr_cache = qr_cache
    bases = [
        sheets_core.build_worksheet(
            post,
            site=build.sheet_site,
            glossary=series.glossary,
            term_slugs=build.post_terms.get(post.src_uri, ()),
            qr=settings.qr,
            qr_cache=qr_cache,
        )
        for post in posts
    ]
    build.sheets = bases
    missing = [post.src for post in posts if not post.has_facilitator_notes]
    if missing:
        log.info(
            f"worksheets: {len(missing)} of {len(posts)} posts have no facilitator notes yet, so their facilitator"
            f" sheets leave the room for the trainer's own: {', '.join(missing)}"
        )
    try:
        if build.sheets:  # made now, so a mistake in paper.css or print.css is an author error, PDFs or not
            build.sheet_stylesheet = sheets_core.render_page_stylesheet(build.templates, build.sheet_site)
        if build.sheet_site.pdf and build.sheets:
            workers = settings.workers or sheets_core.default_workers()
            cache = sheets_core.PdfCache(build.root / ".cache" / "worksheets" if settings.cache else None)
            # Every sheet on every paper, in both editions: the site's paper first.
            variants = [
                base.variant(paper, audience)
                for paper in papers_in_order(build.sheet_site.paper)
                for audience in sheets_core.AUDIENCES
                for base in bases
            ]
            build.pdfs = sheets_core.build_pdfs(
                build.templates,
                variants,
                build.sheet_site,
                cache,
                workers=workers,
                progress=lambda line: log.info(f"worksheets: {line}"),
            )
            shown = {
                sheet.slug: sheet
                for sheet in build.pdfs.sheets
                if sheet.paper == build.sheet_site.paper and not sheet.facilitator
            }
            build.sheets, build.sheet_html = [shown[base.slug] for base in bases], build.pdfs.html
            build.pdf_cache = cache
        else:
            build.sheet_html = {
                s.slug: sheets_core.render_sheet_html(build.templates, s, build.sheet_site) for s in build.sheets
            }
    except AuthorError as problem:
        raise_problems([problem])
    _report_worksheets(build, {post.slug: post.src for post in posts})


def _report_worksheets(build: Build, sources: dict[str, str]) -> None:
    result = build.pdfs
    if result is not None:
        log.info(
            f"worksheets: {len(result.rendered)} PDFs rendered, {len(result.from_cache)} from cache"
            f" ({result.seconds:.1f} s)"
        )
        log.debug(f"worksheets: rendered {', '.join(result.rendered) or 'none'}")
        for overflow in result.overflowing:
            sheet = overflow.sheet
            what = "facilitator sheet" if sheet.facilitator else "worksheet"
            fix = "shorten its facilitator notes" if sheet.facilitator else "shorten the questions or the description"
            # Information, not a warning: a post beyond the promised limits is still published (a strict
            # build does not fail); its sheet is only longer.
            log.info(
                f"worksheets: {sources[overflow.slug]}: the {what} does not fit on one {sheet.paper.label} page,"
                f" so it runs onto {overflow.pages} pages — {fix} (questions up to {LIMITS.question} characters,"
                f" the title up to {LIMITS.title}, notes up to {LIMITS.notes} a question), or ask fewer questions"
            )
        for note in result.notes:
            log.info(f"worksheets: WeasyPrint: {note}")
        for note in result.warnings:
            log.info(f"worksheets: {note}")
    elif build.sheets:
        why = "under `mkdocs serve`" if build.sheet_settings.pdf == "auto" else "by extra.worksheets.pdf: false"
        log.info(
            f"worksheets: {len(build.sheets)} worksheet pages; PDFs skipped {why}"
            " (set extra.worksheets.pdf: true to build them)"
        )


def on_post_build(build: Build) -> None:
    """Write the feeds, the worksheet pages and the PDFs into the site (never into docs/)."""
    config = build.config
    for feed in build.feeds:
        write_file(feed.content, os.path.join(config.site_dir, *feed.path.split("/")))
    if build.feeds:
        log.info(f"Wrote {len(build.feeds)} feeds: {', '.join(feed.path for feed in build.feeds)}")
    write_worksheets(build, Path(config.site_dir) / WORKSHEETS_DIR)
    for note in build.qr_cache.warnings if build.qr_cache is not None else ():
        log.info(f"worksheets: {note}")


def write_worksheets(build: Build, folder: Path) -> None:
    """Write the worksheet pages, their stylesheet, the PDFs (from the cache, file to file) and the
    session plan's facts into `folder`, the site's /worksheets/; prune the caches."""
    if build.sheets:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / sheets_core.PAGE_STYLESHEET).write_text(build.sheet_stylesheet, encoding="utf-8")
    for sheet in build.sheets:
        target = folder / sheet.slug / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(build.sheet_html[sheet.slug], encoding="utf-8")
    if build.pdfs is not None:
        for name, rendered in sorted(build.pdfs.pdfs.items()):
            rendered.write_to(folder / name)
        for first, name in sorted(first_pdf_names(build).items()):
            build.pdfs.pdfs[name].write_to(folder / first)
        (folder / sheets_core.SESSION_PLAN_NAME).write_bytes(sheets_core.session_plan_json(build.sheets))
        build.pdf_cache.prune()
    if build.qr_cache is not None:
        build.qr_cache.prune()
