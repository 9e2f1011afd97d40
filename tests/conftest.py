"""Shared fixtures: real `mkdocs build --strict` runs of the project and of a small fixture site."""

from __future__ import annotations

from pathlib import Path

import pytest
from siteutil import ROOT, Build, FixtureSite, run_build

pytest_plugins = ["browser_fixtures"]


@pytest.fixture(scope="session")
def project_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The project itself, built once per test session."""
    site = tmp_path_factory.mktemp("project-site")
    build = run_build(ROOT, site)
    assert build.returncode == 0, build.output
    return build


@pytest.fixture
def fixture_site(tmp_path: Path) -> FixtureSite:
    """A fresh, editable copy of the small fixture site."""
    return FixtureSite(tmp_path / "project")


@pytest.fixture(scope="session")
def fixture_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    """The unchanged fixture site, built once per session."""
    site = FixtureSite(tmp_path_factory.mktemp("fixture") / "project")
    build = site.build()
    assert build.returncode == 0, build.output
    return build
