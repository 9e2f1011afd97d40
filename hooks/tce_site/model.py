"""The model of the series, read once per build: files in `on_files`, placed by Material in `on_nav`."""

from __future__ import annotations

import dataclasses
import posixpath
from pathlib import Path

from markupsafe import Markup, escape
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel
from tce_toolkit.linker import Linker
from tce_toolkit.markup import GLOSSARY_DIR, MARKERS, SUBSCRIBE_DIR, WORKSHEETS_DIR
from tce_toolkit.series import Source, build_series, left_out_message, read_entries, read_posts

from . import material
from .problems import log, project_folder, project_path, raise_problems, warn
from .state import Build

GLOSSARY_INDEX = f"{GLOSSARY_DIR}/index.md"
GLOSSARY_PAGE = (
    f"# Glossary\n\nThe ideas the series keeps coming back to, from A to Z.\n\n{MARKERS['glossary-index']}\n"
)
CATALOGUE = f"{WORKSHEETS_DIR}/index.md"
CATALOGUE_PAGE = f"""---
title: Worksheets
description: Printable reflection worksheets for every part of the series, and a workshop pack for trainers.
---

{MARKERS["worksheets-catalogue"]}
"""

SUBSCRIBE = f"{SUBSCRIBE_DIR}/index.md"
SUBSCRIBE_PAGE = f"""---
title: Subscribe
description: Follow the series in a feed reader, the whole series or one theme at a time.
---

# Subscribe

{MARKERS["subscribe-page"]}
"""
# With the feeds switched off the page is still made, so that a link to it (from about.md, say) never
# breaks the build; it says there is nothing to subscribe to.
NO_FEEDS_PAGE = """---
title: Subscribe
description: This site offers no feeds.
---

# Subscribe

This site offers no feeds for now, so there is nothing to add to a feed reader. New parts of the
series appear on the site itself.
"""


def _source(config, file: File, root: Path) -> Source:
    return Source(Path(file.abs_src_path), project_path(config, file.abs_src_path, root=root), file.src_uri)


def read_sources(build: Build, files) -> None:
    """Read and check every post and glossary entry before Material's blog reads them (`on_files`).

    Every problem in every file is reported at once; Material never sees front matter it would reject.
    """
    config = build.config
    blog = material.blog_plugin(config)
    if blog is None:
        raise PluginError("The toolkit needs Material's blog plugin: add '- blog' under 'plugins:' in mkdocs.yml.")
    folder = material.posts_dir(blog) + "/"
    pages = [file for file in files.documentation_pages() if file.abs_src_path]
    root = project_folder(config)
    post_sources = [_source(config, file, root) for file in pages if file.src_uri.startswith(folder)]
    entry_sources = [
        _source(config, file, root)
        for file in pages
        if posixpath.dirname(file.src_uri) == GLOSSARY_DIR and file.name != "index"
    ]
    posts, errors, warnings = read_posts(post_sources, material.post_rules(config, blog))
    entries, entry_problems, entry_warnings = read_entries(entry_sources, material.page_keys(config))
    # Warnings first: a misspelt key is often the reason for an error beside it ('trem:', no term).
    warn(warnings + entry_warnings)
    raise_problems(errors + entry_problems)
    build.posts = posts
    build.entries = [dataclasses.replace(e, url=files.get_file_from_path(e.src_uri).url) for e in entries]
    build.authors = material.authors(config, blog)
    # Author names and descriptions reach Material's templates, which do not escape: give them text.
    for author in (getattr(blog, "authors", None) or {}).values():
        for key in ("name", "description"):
            if isinstance(author.get(key), str) and not isinstance(author[key], Markup):
                author[key] = escape(author[key])
    if entries and files.get_file_from_path(GLOSSARY_INDEX) is None:
        files.append(File.generated(config, GLOSSARY_INDEX, content=GLOSSARY_PAGE))
    if files.get_file_from_path(CATALOGUE) is None:
        files.append(File.generated(config, CATALOGUE, content=CATALOGUE_PAGE))
    if files.get_file_from_path(SUBSCRIBE) is None:
        # Reached from the Subscribe lines, not from the navigation: MkDocs' own "not in nav" level says so.
        page = SUBSCRIBE_PAGE if build.feed_settings.enabled else NO_FEEDS_PAGE
        files.append(File.generated(config, SUBSCRIBE, content=page, inclusion=InclusionLevel.NOT_IN_NAV))


def place_posts(build: Build, files) -> None:
    """Once Material has given every post its URL and decided what it shows, build the model (`on_nav`)."""
    blog = material.blog_plugin(build.config)
    series, problems = build_series(
        build.posts,
        build.entries,
        url_of=lambda post: material.url_of(files, post),
        status_of=lambda post: material.status_of(blog, post),
        shown=lambda post: material.is_shown(blog, post),
        slug_of=lambda post: material.slug_of(blog, files, post),
    )
    raise_problems(problems)
    for item in series.left_out:
        log.info(left_out_message(item))
    build.series = series
    build.linker = Linker.build(series.entries)


def place_entries(build: Build, nav, files) -> None:
    """Glossary entries are not listed in the navigation, but belong under the Glossary tab."""
    index = files.get_file_from_path(GLOSSARY_INDEX)
    section = index.page.parent if index is not None and index.page is not None else None
    if section is None:
        return
    for entry in build.model().entries:
        file = files.get_file_from_path(entry.src_uri)
        if file is not None and file.page is not None and file.page.parent is None:
            file.page.parent = section
