"""`tce` (also `python -m tce_toolkit`): the toolkit without a site build.

- `check`: every author problem the build would report (the same messages), without rendering a page.
- `pack`: a workshop pack of the parts a trainer chooses, on the paper they choose.
- `new-post TITLE`: a new draft post with valid front matter and an empty Reflect section.
- `new-site DIR`: a small starter series in a new or empty folder (`new_site.py`).
- `model`, `zensical-config`, `theme-fixes --site DIR`, `feeds --site DIR`, `worksheets --site DIR`: for a
  site another generator builds from the same docs/ (see `built_site.py`).

The model of the series is read exactly as the build reads it (`project.py`): nothing is rendered and
nothing is written to the site folder.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import replace
from pathlib import Path

from tce_toolkit.errors import AuthorError, format_problems
from tce_toolkit.series import left_out_message
from tce_toolkit.worksheets.limits import worksheet_notes
from tce_toolkit.worksheets.names import PAPERS

from .built_site import run_feeds, run_model, run_theme_fixes, run_worksheets, run_zensical_config
from .project import UsageError, checked_project, converted_posts, load_project


def run_check(config_file: str) -> int:
    """`check`: print every problem; 0 when there is none, 1 otherwise."""
    project = checked_project("check", config_file)
    if project is None:
        return 1
    series = project.build.model()
    # The build names every post it leaves out (at INFO): the check prints the same lines.
    for item in series.left_out:
        print(left_out_message(item))
    # What builds but is worth knowing: sheets that may run onto a second page, session plans that
    # cannot count every question (the same lines the build logs).
    for post in series.posts:
        if post.has_worksheet:
            for note in worksheet_notes(post):
                print(f"worksheets: {note}")
    print(
        f"check: {len(series.posts)} posts and {len(series.entries)} glossary entries read; no problem found"
        + (f" ({len(series.left_out)} left out of the series: see above)" if series.left_out else "")
    )
    return 0


def parse_parts(text: str, known: list[int]) -> list[int]:
    """`2,4-5` -> [2, 4, 5]; empty -> every part. Raise `UsageError` for anything else."""
    if not text.strip():
        return list(known)
    chosen: set[int] = set()
    for piece in text.split(","):
        piece = piece.strip()
        first, dash, last = piece.partition("-")
        if not first.strip().isdigit() or (dash and not last.strip().isdigit()):
            raise UsageError(f"'{piece}' is not a part or a range of parts (write e.g. PARTS=2,4-5)")
        low, high = int(first), int(last) if dash else int(first)
        if low > high:
            raise UsageError(f"the range '{piece}' runs backwards (write {high}-{low})")
        chosen.update(range(low, high + 1))
    missing = sorted(chosen - set(known))
    if missing:
        have = f"parts {known[0]} to {known[-1]}" if known else "no published parts yet"
        raise UsageError(f"there is no part {', '.join(map(str, missing))} (the series has {have})")
    return sorted(chosen)


def run_pack(
    config_file: str, parts_text: str, paper: str | None, output: str | None, edition: str = "participant"
) -> int:
    """`pack`: a workshop pack of the chosen parts; prints where it was written."""
    from mkdocs.exceptions import PluginError
    from tce_toolkit import worksheets as sheets_core

    from .outputs import sheet_site

    if paper is not None and paper.lower() not in PAPERS:
        raise UsageError(f"unknown paper '{paper}' (use {' or '.join(PAPERS)})")
    audience = (edition or "participant").lower()
    if audience not in sheets_core.AUDIENCES:
        raise UsageError(f"unknown edition '{edition}' (use {' or '.join(sheets_core.AUDIENCES)})")
    try:
        project = load_project(config_file)
    except PluginError as error:
        print(str(error), file=sys.stderr)
        return 1
    build, series = project.build, project.build.model()
    posts = [post for post in series.posts if post.published and post.has_worksheet]
    parts = parse_parts(parts_text, [post.part for post in posts])
    chosen = [post for post in posts if post.part in parts]
    settings = build.sheet_settings
    paper_name = (paper or settings.paper).lower()
    site = replace(sheet_site(project.config, settings, True), paper=sheets_core.PAPERS[paper_name])
    terms = {src_uri: used for src_uri, (_, used) in converted_posts(project, chosen).items()}
    sheets = [
        sheets_core.build_worksheet(
            post,
            site=site,
            glossary=series.glossary,
            term_slugs=terms[post.src_uri],
            qr=settings.qr,
        ).variant(site.paper, audience)
        for post in chosen
    ]
    cache = sheets_core.PdfCache(build.root / ".cache" / "worksheets" if settings.cache else None)
    workers = settings.workers or sheets_core.default_workers()
    every = parts == [post.part for post in posts]
    result = sheets_core.build_pdfs(build.templates, sheets, site, cache, workers=workers, complete=every)
    label = "all" if every else "-".join(map(str, parts))
    stem = "facilitator-pack" if audience == sheets_core.FACILITATOR else "workshop-pack"
    target = Path(output) if output else build.root / "packs" / f"{stem}-parts-{label}-{paper_name}.pdf"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(result.pdfs[result.pack.pdf_name].pdf)
    pages = result.pdfs[result.pack.pdf_name].pages
    which = "facilitator pack" if audience == sheets_core.FACILITATOR else "pack"
    print(f"{which}: parts {', '.join(map(str, parts))} on {site.paper.label}, {pages} pages: {target}")
    return 0


def run_new_post(config_file: str, posts: Path | None, title: str, author: str, category: str) -> int:
    """`new-post`: write a new draft post where the site's blog keeps its posts (or in `posts`), its
    slug made by the blog's own slug function; prints where."""
    import datetime as dt

    from tce_toolkit.scaffold import create_post, slugify

    slug, folder = slugify, posts or Path("docs/blog/posts")
    if Path(config_file).is_file():
        from mkdocs.config import load_config
        from mkdocs.exceptions import ConfigurationError

        from . import material

        try:
            config = load_config(config_file)
        except ConfigurationError as error:
            print(f"new-post: {config_file}: {error}", file=sys.stderr)
            return 1
        blog = material.blog_plugin(config)
        if blog is not None:
            slug = material.title_slugify(blog)
            folder = posts or Path(config.docs_dir) / material.posts_dir(blog)
    try:
        path = create_post(folder, title, today=dt.date.today(), author=author, category=category, slug=slug)
    except (ValueError, FileExistsError) as error:
        print(f"new-post: {error}", file=sys.stderr)
        return 1
    print(f"Created {path} (a draft: set 'draft: false' or remove the line to publish it)")
    return 0


def run_new_site(folder: Path) -> int:
    """`new-site`: write the starter series into `folder`; prints what to do next."""
    from .new_site import NotEmptyError, create_site

    try:
        written = create_site(folder)
    except NotEmptyError as error:
        raise UsageError(str(error)) from None
    print(f"new-site: a starter series of {len(written)} files in {folder}")
    print(f"Next: cd {folder} && mkdocs serve (or mkdocs build --strict; tce check for the author's report)")
    return 0


def main(argv: list[str] | None = None) -> int:
    """The command line; exit codes: 0 done, 1 author problems, 2 a value on the command line."""
    parser = argparse.ArgumentParser(prog="tce", description=__doc__.split("\n\n")[0])
    parser.add_argument("--config", default="mkdocs.yml", help="the site's mkdocs.yml (default: mkdocs.yml)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="report every author problem, without building the site")
    pack = commands.add_parser("pack", help="a workshop pack of the parts you choose")
    pack.add_argument("--parts", default="", help="e.g. 2,4-5 (default: every part)")
    pack.add_argument("--paper", default=None, help="a4 or letter (default: the site's paper)")
    pack.add_argument("--output", default=None, help="where to write the PDF (default: packs/...)")
    pack.add_argument("--edition", default="participant", help="participant (default) or facilitator")
    new_post = commands.add_parser("new-post", help="a new draft post of the series")
    new_post.add_argument("title", help='the title, e.g. "Saying sorry well"')
    new_post.add_argument("--posts", type=Path, default=None, help="the posts' folder (default: the blog's)")
    new_post.add_argument("--author", default="editors", help="the author's key in .authors.yml")
    new_post.add_argument("--category", default="Customers", help="the post's category")
    new_site = commands.add_parser("new-site", help="a starter series in a new or empty folder")
    new_site.add_argument("folder", type=Path, help="the folder to write it in (new, or empty)")
    model = commands.add_parser("model", help="check, then write the model for the Python-Markdown extension")
    model.add_argument("--output", required=True, help="the file to write (the extension's `model: FILE`)")
    model.add_argument("--docs", default=None, help="a copy of docs/: write the pages the toolkit adds into it")
    zensical = commands.add_parser(
        "zensical-config", help="write Zensical's configuration: mkdocs.yml and the extension"
    )
    zensical.add_argument("--model", required=True, help="the model file `model` writes (the extension's `model:`)")
    zensical.add_argument("--output", required=True, help="the file to write, in the folder Zensical builds in")
    fixes = commands.add_parser(
        "theme-fixes", help="mend the theme's markup in a site built by another generator (tabindex, search dialog)"
    )
    fixes.add_argument("--site", required=True, help="the built site's folder (e.g. site)")
    for name, about in (("feeds", "the feeds"), ("worksheets", "the worksheet pages, PDFs, pack and catalogue")):
        command = commands.add_parser(name, help=f"write {about} into a site built by another generator")
        command.add_argument("--site", required=True, help="the built site's folder (e.g. site)")
    args = parser.parse_args(argv)

    try:
        if args.command == "new-post":
            return run_new_post(args.config, args.posts, args.title, args.author, args.category)
        if args.command == "new-site":
            return run_new_site(args.folder)
        if args.command == "check":
            return run_check(args.config)
        if args.command == "model":
            return run_model(args.config, args.output, args.docs)
        if args.command == "zensical-config":
            return run_zensical_config(args.config, args.model, args.output)
        if args.command == "theme-fixes":
            return run_theme_fixes(args.config, args.site)
        if args.command == "feeds":
            return run_feeds(args.config, args.site)
        if args.command == "worksheets":
            return run_worksheets(args.config, args.site)
        return run_pack(args.config, args.parts, args.paper, args.output, args.edition)
    except UsageError as error:
        print(f"{args.command}: {error}", file=sys.stderr)
        return 2
    except AuthorError as problem:
        print(format_problems([problem], "The site cannot be built"), file=sys.stderr)
        return 1
