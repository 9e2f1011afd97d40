"""Commands for a site that another generator built from the same docs/ (Zensical: `make build-zensical`).

- `model --output FILE`: `check`, then the model of the series for the toolkit's Python-Markdown
  extension in the other generator's process (`tce_toolkit.markdown` with `model: FILE`).
- `zensical-config --model FILE --output FILE`: Zensical's configuration, mkdocs.yml with the extension
  added to its Markdown extensions (see `zensical_config`).
- `theme-fixes --site DIR`: the theme's own markup mended in every page of the built site, as the MkDocs
  build mends each page it writes (`tce_toolkit.theme_fixes`).
- `feeds --site DIR` and `worksheets --site DIR`: the feeds, and the worksheet pages, PDFs, pack and
  catalogue, written into the built site. Each post's HTML and key terms are read from its page in DIR:
  the article the theme puts the page content in, and the glossary links in it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import yaml
from tce_toolkit.errors import AuthorError, format_problems
from tce_toolkit.markup import GLOSSARY_LINK_CLASS, MARKERS, WORKSHEETS_DIR
from tce_toolkit.meta import compose_yaml
from tce_toolkit.page import after_reflect, reflect_id_problem
from tce_toolkit.site_model import FeedRef, ModelError, SiteModel, dump_model
from tce_toolkit.theme_fixes import fix_theme_markup

from .project import (
    Project,
    UsageError,
    checked_project,
    collect_warnings,
    converted_posts,
    load_project,
    shortcut_problems,
)


def _reflect_problems(project: Project) -> list[AuthorError]:
    """Posts whose Reflect heading has no id in the page, so their worksheet link has no place (as the
    build reports them in `tce_site.pages.on_content`)."""
    problems = []
    for post in project.build.model().posts:
        html, _ = project.converted[post.src_uri]
        if post.has_worksheet and after_reflect(html, post, "") is None:
            problems.append(reflect_id_problem(post))
    return problems


def _model_problems(project: Project) -> list[AuthorError]:
    project.converted = converted_posts(project)
    return _reflect_problems(project)


def _feed_refs(feeds) -> tuple[FeedRef, ...]:
    return tuple(FeedRef(f.path, f.url, f.title, f.label, f.media_type, f.category) for f in feeds)


def site_model(project: Project) -> SiteModel:
    """What the toolkit's Python-Markdown extension needs beyond each page (`tce_toolkit.site_model`)."""
    from tce_toolkit.related import related_parts

    from .outputs import _build_feeds

    build, series = project.build, project.build.model()
    converted = project.converted or converted_posts(project)
    terms = {src_uri: tuple(used) for src_uri, (_, used) in converted.items()}
    if build.feed_settings.enabled:
        _build_feeds(build, project.files)  # no HTML yet: only the feeds' names and addresses are kept
    return SiteModel(
        series=series,
        site_name=project.config.site_name,
        post_terms=terms,
        related=related_parts(series.posts, terms, series.glossary),
        feeds=_feed_refs(build.feeds),
        page_feeds={url: _feed_refs(feeds) for url, feeds in build.page_feeds.items()},
        worksheet_pdfs=build.sheet_site.pdf,
        worksheet_paper=build.sheet_site.paper,
        directory_urls=project.config.use_directory_urls,
    )


def load_site_model(config_file: str = "mkdocs.yml") -> SiteModel:
    """The model for the extension, read in this process; `ModelError` listing the problems, if any."""
    from mkdocs.exceptions import PluginError

    try:
        project = load_project(config_file)
        problems = shortcut_problems(project) + _model_problems(project)
    except PluginError as error:
        raise ModelError(str(error)) from None
    if problems:
        raise ModelError(format_problems(problems, "The site cannot be built"))
    return site_model(project)


def write_generated_pages(project: Project, docs: Path) -> list[str]:
    """The pages the hook adds to the build (glossary index, worksheet catalogue, subscribe page) written
    into `docs`, a copy of docs/ for another generator, where that copy has none of its own."""
    from .model import CATALOGUE, GLOSSARY_INDEX, SUBSCRIBE

    written = []
    for file in project.files.documentation_pages():
        target = docs.joinpath(*file.src_uri.split("/"))
        if file.src_uri in (GLOSSARY_INDEX, CATALOGUE, SUBSCRIBE) and file.generated_by and not target.exists():
            _write(target, file.content_bytes)
            written.append(file.src_uri)
    return written


def run_model(config_file: str, output: str, docs: str | None) -> int:
    """`model`: check like `check`, then write the model for the extension to `output` (and the
    generated pages into `docs`)."""
    project = checked_project("model", config_file, _model_problems)
    if project is None:
        return 1
    model = site_model(project)
    _write(Path(output), dump_model(model))
    pages = f"; pages written into {docs}: {', '.join(write_generated_pages(project, Path(docs)))}" if docs else ""
    print(f"model: {len(model.series.posts)} posts, {len(model.series.entries)} glossary entries: {output}{pages}")
    return 0


EXTENSION = "tce_toolkit.markdown"  # the toolkit's Python-Markdown extension, as Zensical imports it
_MAP, _STR = "tag:yaml.org,2002:map", "tag:yaml.org,2002:str"


def _compose_config(path: Path) -> yaml.MappingNode:
    """mkdocs.yml as YAML nodes, its INHERIT followed the way MkDocs and Zensical 0.1 follow it: mappings
    merged key by key, every other value (a list too) replaced by the inheriting file's."""
    try:
        node = compose_yaml(path.read_text(encoding="utf-8-sig"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        raise UsageError(f"{path} cannot be read as YAML ({error})") from None
    if node is None:
        return yaml.MappingNode(_MAP, [])
    if not isinstance(node, yaml.MappingNode):
        raise UsageError(f"{path} is not a set of settings")
    inherit = [value for key, value in node.value if key.value == "INHERIT"]
    node.value = [(key, value) for key, value in node.value if key.value != "INHERIT"]
    if inherit and isinstance(inherit[0], yaml.ScalarNode):
        parent = Path(os.path.normpath(path.parent / inherit[0].value))
        return _merge_nodes(_compose_config(parent), node)
    return node


def _merge_nodes(parent: yaml.MappingNode, child: yaml.MappingNode) -> yaml.MappingNode:
    for key, value in child.value:
        index = next((i for i, (k, _) in enumerate(parent.value) if k.value == key.value), None)
        if index is None:
            parent.value.append((key, value))
            continue
        old = parent.value[index][1]
        both = isinstance(old, yaml.MappingNode) and isinstance(value, yaml.MappingNode)
        parent.value[index] = (parent.value[index][0], _merge_nodes(old, value) if both else value)
    return parent


def _setting(config: yaml.MappingNode, name: str) -> yaml.Node | None:
    return next((value for key, value in config.value if key.value == name), None)


def _set(config: yaml.MappingNode, name: str, value: yaml.Node | None) -> None:
    """Replace (or add, or with None remove) the top-level setting `name`, keeping its place."""
    found = [i for i, (key, _) in enumerate(config.value) if key.value == name]
    if value is None:
        config.value = [item for i, item in enumerate(config.value) if i not in found]
    elif found:
        config.value[found[0]] = (config.value[found[0]][0], value)
    else:
        config.value.append((yaml.ScalarNode(_STR, name), value))


def _extension_name(item: yaml.Node) -> str | None:
    if isinstance(item, yaml.ScalarNode):
        return str(item.value)
    if isinstance(item, yaml.MappingNode) and len(item.value) == 1:
        return str(item.value[0][0].value)
    return None


def zensical_config(config_file: str | Path, model: str | Path, root: str | Path) -> str:
    """Zensical's configuration for the site of `config_file` (mkdocs.yml), to be written into the folder
    `root`: every setting of mkdocs.yml (INHERIT followed), with the toolkit's extension (`model: FILE`)
    after the file's own Markdown extensions, and of `watch` only the paths there are in `root` (Zensical
    stops at any other). The settings stay YAML nodes from reading to writing, so every tag
    (`!!python/name:`, `!ENV`) and every value reaches Zensical exactly as mkdocs.yml has it.

    A configuration that inherits mkdocs.yml and lists only the toolkit's extension would not do: since
    0.1, Zensical replaces an inherited list as MkDocs does, so the site would lose mkdocs.yml's extensions.
    """
    config = _compose_config(Path(config_file))
    ours = yaml.compose(yaml.safe_dump([{EXTENSION: {"model": str(model)}}])).value[0]
    extensions = _setting(config, "markdown_extensions")
    if isinstance(extensions, yaml.MappingNode):  # `name: {options}` pairs, which both engines accept
        extensions.value = [(key, value) for key, value in extensions.value if key.value != EXTENSION]
        extensions.value.append(ours.value[0])
    else:
        items = extensions.value if isinstance(extensions, yaml.SequenceNode) else []
        kept = [item for item in items if _extension_name(item) != EXTENSION]
        _set(config, "markdown_extensions", yaml.SequenceNode("tag:yaml.org,2002:seq", [*kept, ours]))
    watch = _setting(config, "watch")
    if isinstance(watch, yaml.SequenceNode):
        kept = [
            item for item in watch.value if isinstance(item, yaml.ScalarNode) and (Path(root) / item.value).exists()
        ]
        _set(config, "watch", yaml.SequenceNode(watch.tag, kept) if kept else None)
    written = f"# Zensical's configuration: {Path(config_file).name} with the toolkit's extension (python -m tce_toolkit zensical-config)\n"
    return written + yaml.serialize(config, Dumper=yaml.SafeDumper, allow_unicode=True, width=100)


def run_zensical_config(config_file: str, model: str, output: str) -> int:
    """`zensical-config`: write `zensical_config` to `output`, for a build in the folder it is written to."""
    target = Path(output)
    text = zensical_config(config_file, Path(model).resolve(), target.resolve().parent)
    _write(target, text.encode("utf-8"))
    print(f"zensical-config: {config_file} with {EXTENSION} (model: {model}): {output}")
    return 0


def _page_file(site: Path, url: str) -> Path:
    return site / url / "index.html" if url.endswith("/") or not url else site / url


def _page_url(site: Path, path: Path, directory_urls: bool) -> str:
    relative = path.relative_to(site).as_posix()
    if directory_urls and (relative == "index.html" or relative.endswith("/index.html")):
        return relative.removesuffix("index.html")
    return relative


def read_built_site(project: Project, site: Path) -> None:
    """Each post's HTML (for the feeds) and the entries its page links, first use first (the key terms of
    its worksheet, the "Appears in" of the entries), read from its page in the built site."""
    import posixpath

    import lxml.html

    build, series = project.build, project.build.model()
    slugs = {entry.url: entry.slug for entry in series.entries}
    for post in series.posts:
        path = _page_file(site, post.url)
        if not path.is_file():
            raise UsageError(f"{site} has no page for {post.src} ({path}): build the site into {site} first")
        found = lxml.html.fromstring(path.read_text(encoding="utf-8")).xpath(
            '//article[contains(concat(" ", normalize-space(@class), " "), " md-content__inner ")]'
        )
        if not found:
            raise UsageError(f'{path} has no <article class="md-content__inner">, where the theme puts the post')
        article = found[0]
        for anchor in article.xpath('.//a[@id="__skip"]'):  # Zensical's target of its skip link
            anchor.drop_tree()
        used = []
        for link in article.find_class(GLOSSARY_LINK_CLASS):
            href = (link.get("href") or "").split("#")[0]
            target = posixpath.normpath(posixpath.join(posixpath.dirname(post.url) + "/", href))
            slug = slugs.get(target + "/" if href.endswith("/") else target)
            if slug is not None and slug not in used:
                used.append(slug)
        build.post_terms[post.src_uri] = used
        if post.published:
            inner = (article.text or "") + "".join(lxml.html.tostring(child, encoding="unicode") for child in article)
            build.post_html[post.src_uri] = inner


def _write(path: Path, content: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)


def _site_project(command: str, config_file: str, site_dir: str) -> tuple[Project | None, Path]:
    site = Path(site_dir)
    if not site.is_dir():
        raise UsageError(f"the site folder {site} does not exist: build the site into it first")
    project = checked_project(command, config_file)
    if project is not None:
        read_built_site(project, site)
    return project, site


def run_theme_fixes(config_file: str, site_dir: str) -> int:
    """`theme-fixes`: every page of the built site `site_dir` with the theme's own markup mended, named with
    the theme's word for search in the site's language (what the MkDocs build does in `on_post_page`)."""
    site = Path(site_dir)
    if not site.is_dir():
        raise UsageError(f"the site folder {site} does not exist: build the site into it first")
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config import load_config

    from .material import theme_word

    config = load_config(config_file)
    search_name = theme_word(config.theme.get_env(), config, "search")
    paths, mended = sorted(site.rglob("*.html")), 0
    for path in paths:
        # Bytes in and out: the page's own line endings and every other byte stay as they are.
        text = path.read_bytes().decode("utf-8")
        fixed = fix_theme_markup(text, search_name=search_name)
        if fixed != text:
            path.write_bytes(fixed.encode("utf-8"))
            mended += 1
    print(f"theme-fixes: the theme's markup mended in {mended} of the {len(paths)} pages in {site}")
    return 0


def run_feeds(config_file: str, site_dir: str) -> int:
    """`feeds`: the feeds of the series and of each category, written into the built site `site_dir`."""
    from mkdocs.exceptions import PluginError

    from .outputs import _build_feeds

    project, site = _site_project("feeds", config_file, site_dir)
    if project is None:
        return 1
    build = project.build
    if not build.feed_settings.enabled:
        print("feeds: none written (extra.feeds.enabled is false)")
        return 0
    try:
        _build_feeds(build, project.files)
    except PluginError as error:
        print(str(error), file=sys.stderr)
        return 1
    for feed in build.feeds:
        _write(site.joinpath(*feed.path.split("/")), feed.content)
    print(f"feeds: {len(build.feeds)} feeds written into {site}: {', '.join(feed.path for feed in build.feeds)}")
    return 0


def run_worksheets(config_file: str, site_dir: str) -> int:
    """`worksheets`: the worksheet pages, PDFs and pack written into `site_dir`, and its catalogue filled."""
    from types import SimpleNamespace

    from mkdocs.exceptions import PluginError

    from .fragments import Fragments
    from .outputs import _build_feeds, _build_worksheets, catalogue_context, write_worksheets

    project, site = _site_project("worksheets", config_file, site_dir)
    if project is None:
        return 1
    build, config = project.build, project.config
    with collect_warnings() as warnings:
        try:
            if build.feed_settings.enabled:
                _build_feeds(build, project.files)  # the worksheet pages name the feeds in their heads
            _build_worksheets(build)
        except PluginError as error:
            print(str(error), file=sys.stderr)
            return 1
    for message in warnings.messages:
        print(f"WARNING: {message}", file=sys.stderr)
    write_worksheets(build, site / WORKSHEETS_DIR)
    pdfs = build.pdfs
    # The catalogue, where a page holds its marker: the same fragment and values as in the MkDocs build.
    fragments, marker, filled = Fragments(config.theme.get_env(), config), MARKERS["worksheets-catalogue"], []
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        if marker not in text:
            continue
        page = SimpleNamespace(url=_page_url(site, path, config.use_directory_urls))
        catalogue = fragments.render("worksheets-catalogue", page, **catalogue_context(build))
        path.write_text(text.replace(marker, str(catalogue)), encoding="utf-8")
        filled.append(page.url or "/")
    made = f", {len(pdfs.pdfs)} PDFs ({len(pdfs.rendered)} rendered, {len(pdfs.from_cache)} from cache)" if pdfs else ""
    print(
        f"worksheets: {len(build.sheets)} worksheet pages{made} written into {site}"
        f"; the catalogue on {', '.join(filled) or 'no page (no page holds ' + marker + ')'}"
    )
    return 1 if warnings.messages else 0
