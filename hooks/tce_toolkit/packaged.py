"""The template folders the toolkit ships: the worksheet templates and the theme overrides.

A site's own `worksheets/` and `overrides/` come first; these are what a site without them gets. They are
packaged from the project's top-level `worksheets/` and `overrides/` folders (pyproject.toml maps them to
`tce_toolkit/templates/`), so an installed wheel has them under this package, and a source checkout
(an editable install) has them beside `hooks/`: one copy of each either way.
"""

from __future__ import annotations

from pathlib import Path

WORKSHEETS = "worksheets"
OVERRIDES = "overrides"


def packaged_folder(name: str) -> Path:
    """The shipped copy of the template folder `name` (`worksheets` or `overrides`)."""
    here = Path(__file__).resolve().parent
    for folder in (here / "templates" / name, here.parents[1] / name):
        if folder.is_dir():
            return folder
    raise FileNotFoundError(f"the toolkit's {name}/ templates are missing from its installation ({here})")


def site_or_packaged(root: Path, name: str) -> Path:
    """The site's own folder `name` under `root` when it has one, else the shipped copy."""
    own = root / name
    return own if own.is_dir() else packaged_folder(name)
