"""`tce new-site DIR`: a small starter series, ready to build with the installed toolkit alone.

It holds two posts with Reflect questions, one glossary entry, the authors, a home page and the blog's
index, and a mkdocs.yml with Material's blog and the toolkit as one line under `plugins:` (`- tce`).
The files are in the `starter/` folder beside this module and are copied as they are.
"""

from __future__ import annotations

import shutil
from pathlib import Path

STARTER = Path(__file__).resolve().parent / "starter"


class NotEmptyError(Exception):
    """The folder for a new site already holds files: nothing is written there."""


def starter_files() -> list[Path]:
    """The starter's files, relative to the starter folder, in a stable order."""
    return sorted(
        path.relative_to(STARTER)
        for path in STARTER.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    )


def create_site(target: Path) -> list[Path]:
    """Write the starter series into `target` (made if missing; it must be empty) and return the files written."""
    if target.exists() and not target.is_dir():
        raise NotEmptyError(f"{target} is a file: give the name of a new or empty folder")
    if target.is_dir() and any(target.iterdir()):
        raise NotEmptyError(f"{target} is not empty: give the name of a new or empty folder")
    written = []
    for relative in starter_files():
        destination = target / relative
        destination.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(STARTER / relative, destination)
        written.append(destination)
    return written
