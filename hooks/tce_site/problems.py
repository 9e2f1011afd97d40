"""Author problems in the build: one message listing every mistake, warnings through the logger."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.plugins import get_plugin_logger
from tce_toolkit.errors import AuthorError, format_problems

log = get_plugin_logger("toolkit")


def project_folder(config) -> Path:
    """The folder `project_path` shows paths from (where mkdocs.yml is)."""
    return Path(config.config_file_path or ".").resolve().parent


def project_path(config, path: str | os.PathLike[str], *, root: Path | None = None) -> str:
    """A path as the author knows it: relative to the project folder (where mkdocs.yml is).

    `root` is `project_folder(config)`, when the caller has it already (one look-up for many paths).
    """
    root = root if root is not None else project_folder(config)
    try:
        return Path(path).resolve().relative_to(root).as_posix()
    except ValueError:
        return Path(path).as_posix()


def config_src(config) -> str:
    """mkdocs.yml as the author knows it."""
    return project_path(config, config.config_file_path or "mkdocs.yml")


def raise_problems(problems: Iterable[AuthorError], heading: str = "The site cannot be built") -> None:
    """Stop the build with one message listing every author error (MkDocs prints it without a traceback)."""
    problems = list(problems)
    if problems:
        raise PluginError(format_problems(problems, heading))


def warn(problems: Iterable[AuthorError]) -> None:
    """Log problems that build but look wrong; `--strict` turns them into a failure."""
    for problem in sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.what)):
        log.warning(str(problem))
