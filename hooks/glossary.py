"""Glossary hook: entry pages with related entries and "Appears in", an index, and auto-linked terms."""

from __future__ import annotations

import posixpath

import tce_site
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File
from mkdocs.utils import get_relative_url
from tce_toolkit.glossary import Linker, check_glossary, convert_shortcuts, parse_entry, relations

GLOSSARY_DIR = "glossary"
INDEX_MARKER = "<!-- glossary-index -->"
INDEX_PAGE = f"# Glossary\n\nThe ideas the series keeps coming back to, from A to Z.\n\n{INDEX_MARKER}\n"


def on_files(files, config):
    """Read every entry in docs/glossary/, check them together, and make sure /glossary/ exists."""
    state = tce_site.state(config)
    entries, problems, texts = [], [], {}
    for file in files.documentation_pages():
        if posixpath.dirname(file.src_uri) != GLOSSARY_DIR or file.name == "index":
            continue
        src = tce_site.project_path(config, file.abs_src_path)
        with open(file.abs_src_path, encoding="utf-8-sig") as handle:
            texts[src] = handle.read()
        entry, found = parse_entry(texts[src], src, file.src_uri, file.name)
        problems += found
        if entry is not None:
            entries.append(entry.__class__(**{**entry.__dict__, "url": file.url}))
    problems += check_glossary(entries, texts)
    tce_site.raise_if_errors(problems)
    state.glossary = {entry.slug: entry for entry in sorted(entries, key=lambda e: e.term.casefold())}
    state.linker = Linker.build(state.glossary.values())
    if entries and files.get_file_from_path(f"{GLOSSARY_DIR}/index.md") is None:
        files.append(File.generated(config, f"{GLOSSARY_DIR}/index.md", content=INDEX_PAGE))
    return files


def _linked_page(state, page) -> bool:
    """Posts of the series and glossary entries get linked, unless their front matter says `glossary: false`."""
    if page.meta.get("glossary") is False or state.linker is None:
        return False
    return page.file.src_uri in state.places or _entry_of(state, page) is not None


def _entry_of(state, page):
    if posixpath.dirname(page.file.src_uri) != GLOSSARY_DIR:
        return None
    return state.glossary.get(page.file.name)


def on_page_markdown(markdown, page, config, files):
    state = tce_site.state(config)
    entry = _entry_of(state, page)
    if entry is not None:
        page.meta.setdefault("description", entry.summary)
    # Only [[...]] shortcuts change the Markdown: a page without one needs no second read of its file.
    if "[[" not in markdown or not _linked_page(state, page):
        return markdown
    src = tce_site.project_path(config, page.file.abs_src_path)
    with open(page.file.abs_src_path, encoding="utf-8-sig") as handle:
        source = handle.read()
    # Markdown here is the body without front matter: find where it starts to report file lines.
    offset = source.count("\n", 0, max(source.find(markdown[:200]), 0)) if markdown else 0
    markdown, problems = convert_shortcuts(markdown, state.linker, src, first_line=offset + 1)
    state.report.errors += problems
    return markdown


def on_page_content(html, page, config, files):
    state = tce_site.state(config)
    if not _linked_page(state, page):
        return html
    entry = _entry_of(state, page)
    skip = [entry.slug] if entry is not None else []
    html, used = state.linker.link(html, page.url, lambda target: get_relative_url(target, page.url), skip=skip)
    if page.file.src_uri in state.places:
        state.post_terms[page.file.src_uri] = used
    return html


@event_priority(-50)
def on_env(env, config, files):
    """Once every post is rendered, fill in each entry's "Appears in" and the index (as autorefs does)."""
    state = tce_site.state(config)
    tce_site.raise_if_errors(state.report.errors)
    if not state.glossary:
        return env
    related = relations(state.glossary.values())
    appears: dict[str, list] = {slug: [] for slug in state.glossary}
    for post in state.posts:  # series order
        for slug in state.post_terms.get(post.src_uri, []):
            appears[slug].append(post)
    entry_template = env.get_template("partials/glossary-entry.html")
    index_template = env.get_template("partials/glossary-index.html")
    for file in files.documentation_pages():
        page = file.page
        if page is None or page.content is None or posixpath.dirname(file.src_uri) != GLOSSARY_DIR:
            continue
        context = {"page": page, "config": config, "base_url": get_relative_url(".", page.url)}
        if file.name == "index" and INDEX_MARKER in page.content:
            listing = index_template.render(entries=list(state.glossary.values()), **context)
            page.content = page.content.replace(INDEX_MARKER, listing)
        elif file.name in state.glossary:
            entry = state.glossary[file.name]
            page.content += entry_template.render(
                entry=entry,
                related=[state.glossary[slug] for slug in related[entry.slug]],
                appears_in=appears[entry.slug],
                **context,
            )
    return env
