"""A project read as far as the model of the series, without rendering a page: for the `tce` commands.

The model of the series is read exactly as the build reads it: MkDocs loads mkdocs.yml and runs the
plugins' and hooks' `on_startup`, `on_config`, `on_files` and `on_nav` (Material's blog decides URLs and
drafts there, the toolkit reads and checks every source); nothing is rendered and nothing is written to
the site folder. `cli.py` (check, pack) and `built_site.py` (model, feeds, worksheets) both start here.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tce_toolkit.errors import AuthorError, format_problems
from tce_toolkit.meta import parse_document
from tce_toolkit.shortcuts import unknown_problems
from tce_toolkit.text import read_source

if TYPE_CHECKING:
    from .state import Build


class UsageError(Exception):
    """A command-line value that cannot be used: one line for the person who typed it."""


@dataclass
class Project:
    """A project read as far as the model of the series, with the settings and the Markdown set-up."""

    config: object
    files: object
    build: Build
    converted: dict = field(default_factory=dict)  # post src_uri -> (HTML, entry slugs): converted_posts()


class Warnings(logging.Handler):
    """Collects what MkDocs and the toolkit log at WARNING or above (what `--strict` fails on)."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


@contextmanager
def collect_warnings() -> Iterator[Warnings]:
    """What MkDocs' logger receives at WARNING or above while the block runs."""
    handler = Warnings()
    logger = logging.getLogger("mkdocs")
    logger.addHandler(handler)
    try:
        yield handler
    finally:
        logger.removeHandler(handler)


def load_project(config_file: str = "mkdocs.yml") -> Project:
    """Load mkdocs.yml and run the events up to the navigation: the model of the series is then ready."""
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    from mkdocs.config import load_config
    from mkdocs.structure.files import get_files
    from mkdocs.structure.nav import get_navigation

    from .events import build_of

    config = load_config(config_file)
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    files = config.plugins.on_files(get_files(config), config=config)
    nav = get_navigation(files, config)
    config.plugins.on_nav(nav, config=config, files=files)
    return Project(config, files, build_of(config))


def _markdown(project: Project):
    import markdown

    config = project.config
    return markdown.Markdown(extensions=config.markdown_extensions, extension_configs=config.mdx_configs)


def _body(path: Path, src: str) -> tuple[str, str]:
    text = read_source(path, src)
    return text, parse_document(text, src).body


def shortcut_problems(project: Project) -> list[AuthorError]:
    """`[[...]]` that name no entry, found by converting (only) the sources that hold a shortcut."""
    from .problems import project_path

    problems, md = [], None
    series = project.build.model()
    sources = [(post.src_uri, post.src) for post in project.build.posts]
    sources += [(entry.src_uri, entry.src) for entry in series.entries]
    for src_uri, src in sources:
        file = project.files.get_file_from_path(src_uri)
        text, body = _body(Path(file.abs_src_path), project_path(project.config, file.abs_src_path))
        if "[[" not in body:
            continue
        md = md or _markdown(project)
        problems += unknown_problems(md.reset().convert(body), text, src)
    return problems


def checked_project(
    command: str, config_file: str, more_problems: Callable[[Project], list[AuthorError]] | None = None
) -> Project | None:
    """The project, or None once every problem and warning (what `--strict` fails on) is printed."""
    from mkdocs.exceptions import PluginError

    stopped = None
    with collect_warnings() as warnings:
        try:
            project = load_project(config_file)
            problems = shortcut_problems(project)
            problems += more_problems(project) if more_problems else []
        except PluginError as error:
            stopped = error
    # In the build's order: the warnings logged before the build stopped, then what stopped it.
    for message in warnings.messages:
        print(f"WARNING: {message}", file=sys.stderr)
    if stopped is not None:
        print(str(stopped), file=sys.stderr)
        return None
    if problems:
        print(format_problems(problems, "The site cannot be built"), file=sys.stderr)
        return None
    if warnings.messages:
        print(f"{command}: {len(warnings.messages)} warnings, which fail make build", file=sys.stderr)
        return None
    return project


def converted_posts(project: Project, posts=None) -> dict[str, tuple[str, list[str]]]:
    """Each post (by src_uri) as its page's HTML with the terms linked, and the entries it links, first use
    first: found as the build finds them (the Markdown set-up of mkdocs.yml, then the glossary linker)."""
    from mkdocs.utils import get_relative_url

    build, md, found = project.build, None, {}
    for post in project.build.model().posts if posts is None else posts:
        file = project.files.get_file_from_path(post.src_uri)
        _, body = _body(Path(file.abs_src_path), post.src)
        md = md or _markdown(project)
        html, used = md.reset().convert(body), []
        if post.glossary and build.linker is not None:
            html, used = build.linker.link(html, lambda target, url=post.url: get_relative_url(target, url))
        found[post.src_uri] = (html, used)
    return found
