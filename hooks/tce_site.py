"""The toolkit's bridge to MkDocs and Material: per-build state, which pages are posts, errors.

The hook files (listed under `hooks:` in mkdocs.yml) share this module. MkDocs keeps hook modules
loaded across `mkdocs serve` rebuilds, so per-build state lives in one `BuildState` that is replaced
whenever MkDocs hands us a new config object (a new build), never appended to across builds.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from tce_toolkit.errors import AuthorError, format_problems
from tce_toolkit.models import GlossaryEntry, Post, Report, SeriesPlace

log = get_plugin_logger("toolkit")


@dataclass
class BuildState:
    """Everything the hooks learn during one build."""

    config: Any
    is_serve: bool
    now: dt.datetime
    posts: list[Post] = field(default_factory=list)  # the posts this build shows, in series order
    places: dict[str, SeriesPlace] = field(default_factory=dict)
    # Glossary: entries by slug, and for each post (by src_uri) the slugs of the entries it uses,
    # in order of first use. Filled by hooks/glossary.py in on_files and on_page_content.
    glossary: dict[str, GlossaryEntry] = field(default_factory=dict)
    post_terms: dict[str, list[str]] = field(default_factory=dict)
    linker: Any = None  # tce_toolkit.glossary.Linker for this build's entries
    report: Report = field(default_factory=Report)

    def post_at(self, src_uri: str) -> Post | None:
        """The post of the series whose source is `src_uri` (None for other pages), by a dict lookup."""
        if self._indexed is not self.posts:  # the hooks replace the list, never edit it in place
            self._by_src = {post.src_uri: post for post in self.posts}
            self._indexed = self.posts
        return self._by_src.get(src_uri)

    _by_src: dict[str, Post] = field(default_factory=dict, repr=False)
    _indexed: list[Post] | None = field(default=None, repr=False)


_command: str = "build"
_state: BuildState | None = None


def set_command(command: str) -> None:
    """Remember whether this process builds or serves (MkDocs tells on_startup once per process)."""
    global _command
    _command = command


def state(config: Any) -> BuildState:
    """The state of the build that `config` belongs to, made fresh when a new build starts."""
    global _state
    if _state is None or _state.config is not config:
        _state = BuildState(config=config, is_serve=_command == "serve", now=dt.datetime.now(dt.UTC))
    return _state


def project_path(config: Any, path: str | os.PathLike[str]) -> str:
    """A path as the author knows it: relative to the project folder (where mkdocs.yml is)."""
    root = Path(config.config_file_path or ".").resolve().parent
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()


def setting_line(config: Any, section: str, key: str | None = None) -> int | None:
    """The line of `extra: <section>:` (or of one `key:` below it) in mkdocs.yml, for error messages."""
    try:
        with open(config.config_file_path, encoding="utf-8-sig") as handle:
            lines = handle.read().splitlines()
    except (OSError, TypeError):
        return None
    pattern = re.compile(rf"^\s+{re.escape(section)}\s*:")
    start = next((number for number, line in enumerate(lines, 1) if pattern.match(line)), None)
    if start is None or key is None:
        return start
    indent = len(lines[start - 1]) - len(lines[start - 1].lstrip())
    for number, line in enumerate(lines[start:], start + 1):
        if line.strip() and len(line) - len(line.lstrip()) <= indent:
            break
        if re.match(rf"^\s+{re.escape(key)}\s*:", line):
            return number
    return start


def blog_plugin(config: Any) -> Any:
    """Material's blog plugin instance, or None when the site has no blog."""
    return config.plugins.get("material/blog")


def raise_if_errors(problems: list[AuthorError], heading: str = "The site cannot be built") -> None:
    """Stop the build with one message listing every author error (no traceback)."""
    if problems:
        raise PluginError(format_problems(problems, heading))


def warn(problems: list[AuthorError]) -> None:
    """Log problems that build but look wrong; `--strict` turns them into a failure."""
    for problem in sorted(set(problems), key=lambda p: (p.path, p.line or 0)):
        log.warning(str(problem))
