"""Two builds in one process (as `mkdocs serve` rebuilds) give byte-identical sites: no state leaks."""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config import load_config
from siteutil import FixtureSite


def _build_in_process(root: Path, site: Path) -> dict[str, bytes]:
    cwd = os.getcwd()
    os.chdir(root)
    try:
        config = load_config(str(root / "mkdocs.yml"), site_dir=str(site), strict=True)
        config.plugins.on_startup(command="build", dirty=False)
        try:
            build(config)
        finally:
            config.plugins.on_shutdown()
    finally:
        os.chdir(cwd)
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


def test_second_build_in_one_process_is_identical(tmp_path: Path) -> None:
    site = FixtureSite(tmp_path / "project")
    mkdocs_log = logging.getLogger("mkdocs")
    level = mkdocs_log.level
    mkdocs_log.setLevel(logging.ERROR)
    try:
        first = _build_in_process(site.root, tmp_path / "one")
        second = _build_in_process(site.root, tmp_path / "two")
    finally:
        mkdocs_log.setLevel(level)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    # The series and glossary are there once, not twice.
    home = first["index.html"].decode()
    assert home.count('class="tce-series-list"') == 1
    entry = first["glossary/internal-customer/index.html"].decode()
    assert entry.count('class="tce-glossary-appears"') == 1


def test_second_build_in_one_process_reads_edited_fragments(tmp_path: Path) -> None:
    """A fragment template edited between two builds in one process (as under `mkdocs serve`) shows in the
    second: the fragments' templates are read afresh for each build."""
    site = FixtureSite(tmp_path / "project")
    pager = site.root / "overrides" / "fragments" / "tce" / "series-pager.html"
    mkdocs_log = logging.getLogger("mkdocs")
    level = mkdocs_log.level
    mkdocs_log.setLevel(logging.ERROR)
    try:
        first = _build_in_process(site.root, tmp_path / "one")
        pager.write_text(pager.read_text(encoding="utf-8") + "<p>edited-between-builds</p>\n", encoding="utf-8")
        second = _build_in_process(site.root, tmp_path / "two")
    finally:
        mkdocs_log.setLevel(level)
    posts = [name for name in second if name.startswith("blog/") and "tce-series-pager" in second[name].decode()]
    assert posts
    assert not any(b"edited-between-builds" in first[name] for name in posts)
    assert all(b"edited-between-builds" in second[name] for name in posts)
