"""The worksheet PDFs through the worksheets core: each alone, cold, warm, a one-word change, a new part."""

from __future__ import annotations

import dataclasses
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .corpus import GLOSSARY, Corpus, edit_one_word, load_config
from .glossary import glossary_entries
from .results import Record, Results

SERIAL_PDFS = "pdf: each worksheet alone, serial"  # the record bench_pdfs makes


def worksheets_core() -> Any:
    """The worksheets core (hooks/tce_toolkit/worksheets/)."""
    from tce_toolkit import worksheets

    return worksheets


def posts_for_sheets(corpus: Corpus, count: int) -> list[Any]:
    """The corpus' first `count` posts as the toolkit reads them (`parse_post`), each with its URL."""
    from tce_toolkit.posts import parse_post

    posts = []
    for post in corpus.posts[:count]:
        rel = post.path.relative_to(corpus.docs).as_posix()
        parsed, errors, _ = parse_post(post.path.read_text(encoding="utf-8"), rel, rel)
        if parsed is None:
            raise RuntimeError(f"{rel}: {errors}")
        posts.append(dataclasses.replace(parsed, url=f"blog/{post.slug}/"))
    return posts


def count_worksheets(corpus: Corpus) -> int:
    """How many of the corpus' posts have a worksheet (Reflect questions)."""
    return sum(1 for post in posts_for_sheets(corpus, len(corpus.posts)) if post.has_worksheet)


def bench_pdfs(
    core: Any,
    corpus: Corpus,
    count: int,
    used: dict[str, list[str]],
    results: Results,
    say: Callable[[str], None],
) -> None:
    """Cold PDFs (one by one, then the toolkit's way), a warm rebuild, and a one-word change."""
    import weasyprint  # noqa: F401 - loaded before timing, as the toolkit loads it before its workers start

    config = load_config(corpus.config("toolkit"))
    options = (config.get("extra") or {}).get("worksheets") or {}
    site_url = config.get("site_url") or ""
    papers = getattr(core, "PAPERS", {})
    site = core.SheetSite(
        name=config.get("site_name", ""),
        author=config.get("site_author") or config.get("site_name", ""),
        url=site_url if not site_url or site_url.endswith("/") else site_url + "/",
        description=" ".join(str(config.get("site_description") or "").split()),
        language=(config.get("theme") or {}).get("language") or "en",
        paper=papers.get(options.get("paper", "a4"), next(iter(papers.values()))) if papers else None,
        pdf=True,
    )
    glossary = {entry.slug: entry for entry in glossary_entries(len(GLOSSARY))}
    templates = core.load_templates(corpus.root / "worksheets")
    workers = core.default_workers() if hasattr(core, "default_workers") else 1
    qr = bool(options.get("qr", True))

    # As the site makes them: every worksheet on every paper (the site's first), in every edition.
    papers_in_order = [site.paper, *(p for p in papers.values() if p != site.paper)]

    def variants_of(base: Any) -> list[Any]:
        return [base.variant(paper, audience) for paper in papers_in_order for audience in core.AUDIENCES]

    def sheets(posts_count: int = count) -> list[Any]:
        posts = posts_for_sheets(corpus, posts_count)
        bases = [
            core.build_worksheet(post, site=site, glossary=glossary, term_slugs=used.get(post.url, ()), qr=qr)
            for post in posts
            if post.has_worksheet
        ]
        return [variant for base in bases for variant in variants_of(base)]

    first = sheets()
    per_post = len(papers_in_order) * len(core.AUDIENCES)
    start = time.perf_counter()
    for sheet in first:
        core.render_pdf(core.render_sheet_html(templates, sheet, site, for_pdf=True))
    serial = time.perf_counter() - start
    say(
        f"  PDFs: {len(first)} worksheets ({len(first) // per_post} posts x {per_post} papers and editions),"
        f" each its own document, one after another: {serial:.2f} s"
    )

    with tempfile.TemporaryDirectory(prefix="tce-bench-pdf-") as folder:
        cache = core.PdfCache(Path(folder))
        start = time.perf_counter()
        cold = core.build_pdfs(templates, first, site, cache, workers=workers)
        cold_s = time.perf_counter() - start
        say(
            f"  PDFs: cold, every worksheet and the pack ({workers} workers): {cold_s:.2f} s, {len(cold.rendered)} rendered"
        )
        start = time.perf_counter()
        warm = core.build_pdfs(templates, sheets(), site, cache, workers=workers)
        warm_s = time.perf_counter() - start
        say(f"  PDFs: warm rebuild: {warm_s:.2f} s, {len(warm.rendered)} rendered")
        edited = corpus.posts[min(count, len(corpus.posts)) // 2]
        original = edited.path.read_text(encoding="utf-8")
        edit_one_word(edited.path)
        try:
            start = time.perf_counter()
            changed = core.build_pdfs(templates, sheets(), site, cache, workers=workers)
            changed_s = time.perf_counter() - start
        finally:
            edited.path.write_text(original, encoding="utf-8")
        # Publishing a part: the next post of the corpus joins the series. A sheet shows only its own
        # post, so only the new part's sheets should be laid out, and the packs put together again.
        published = None
        if len(corpus.posts) > count:
            start = time.perf_counter()
            published = core.build_pdfs(templates, sheets(count + 1), site, cache, workers=workers)
            published_s = time.perf_counter() - start
    packs = {pack.pdf_name for pack in cold.packs}
    sheets_changed = [name for name in changed.rendered if name not in packs]
    packs_rebuilt = bool(packs) and packs <= set(changed.rendered)
    say(
        f"  PDFs: one word changed in {edited.path.name}: {changed_s:.2f} s, worksheets rendered: "
        f"{len(sheets_changed)} ({per_post} papers and editions), packs re-assembled: {packs_rebuilt}"
    )
    one_sheet = serial / len(first) if first else 0.0
    if published is not None:
        published_sheets = [name for name in published.rendered if "pack" not in name]
        say(
            f"  PDFs: a part published: {published_s:.2f} s, worksheets rendered: {len(published_sheets)}"
            f" ({per_post} papers and editions of the new part)"
        )
        results.records.append(Record("pdf: a new part published", len(first) + per_post, [published_s]))
    results.records += [
        Record("pdf: each worksheet alone, serial", len(first), [serial]),
        Record("pdf: every worksheet + pack, cold", len(first), [cold_s]),
        Record("pdf: warm rebuild", len(first), [warm_s]),
        Record("pdf: rebuild after a one-word change", len(first), [changed_s]),
    ]
    results.pdf = {
        "status": "ok",
        "n": len(first),
        "workers": workers,
        "cold_serial_s": round(serial, 3),
        "cold_toolkit_s": round(cold_s, 3),
        "cold_over_serial": round(cold_s / serial, 3),
        "cold_rendered": len(cold.rendered),
        "warm_s": round(warm_s, 3),
        "warm_rendered": len(warm.rendered),
        "one_word_s": round(changed_s, 3),
        "one_word_rendered": len(sheets_changed),
        "one_word_pack_rebuilt": packs_rebuilt,
        "variants_per_post": per_post,
        # How many times the edited post's own sheets (one per paper and edition) rendered alone the
        # one-word rebuild cost: near 1 when the packs are put together without laying the other sheets
        # out again, near n when they are laid out afresh.
        "one_word_over_one_sheet": round(changed_s / (per_post * serial / len(first)), 2) if first else None,
    }
    if published is not None and one_sheet:
        results.pdf["publish_s"] = round(published_s, 3)
        results.pdf["publish_rendered"] = len(published_sheets)
        results.pdf["publish_over_its_sheets"] = round(published_s / (per_post * one_sheet), 2)
