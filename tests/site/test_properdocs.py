"""`make build ENGINE=properdocs`: the project built with ProperDocs, the MkDocs 1.x fork that keeps plugins
and hooks, in a copy of the project, held file by file against the MkDocs build of the same sources."""

from __future__ import annotations

import re
import shutil
from importlib.metadata import version
from pathlib import Path

import pytest
from siteutil import ROOT, Build, run_make

pytestmark = pytest.mark.slow

# The one line an engine writes into every page the theme makes: Material's `generator` meta tag.
GENERATOR = re.compile(rb'<meta name="generator" content="([^"]*)">')


def copy_project(target: Path) -> Path:
    """What `make build` reads, copied: the checkout's site/ is never touched. The PDF cache is copied
    too, so a sheet ProperDocs gives exactly the inputs MkDocs gave is copied from it, and any other
    would be laid out anew."""
    for name in ("docs", "hooks", "overrides", "worksheets"):
        shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    for name in ("requirements.lock", "requirements-properdocs.lock"):
        shutil.copy2(ROOT / name, target / name)  # older than the installed stamps
    if (ROOT / ".cache" / "worksheets").is_dir():
        shutil.copytree(ROOT / ".cache" / "worksheets", target / ".cache" / "worksheets")
    return target


@pytest.fixture(scope="module")
def properdocs(tmp_path_factory: pytest.TempPathFactory, project_build: Build) -> Build:
    """The README's `make build ENGINE=properdocs`, with this checkout's .venv (ProperDocs is installed into
    it from requirements-properdocs.lock when it is missing, as in CI)."""
    project = copy_project(tmp_path_factory.mktemp("properdocs") / "project")
    stamp = f"PSTAMP={ROOT / '.venv' / '.properdocs-installed'}"
    result = run_make(project, "build", "ENGINE=properdocs", stamp, timeout=1200)
    assert result.returncode == 0, result.stdout + result.stderr
    return Build(result.returncode, result.stdout + result.stderr, project / "site")


def files(site: Path) -> list[str]:
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())


def test_properdocs_builds_the_site_mkdocs_builds_but_for_the_generator_tag(
    properdocs: Build, project_build: Build
) -> None:
    assert "make build: site/ is ready" in properdocs.output
    assert files(properdocs.site) == files(project_build.site)
    differ, generators = [], set()
    for name in files(project_build.site):
        ours, theirs = (properdocs.site / name).read_bytes(), (project_build.site / name).read_bytes()
        if ours == theirs:
            continue
        differ.append(name)
        # Apart from the generator tag, byte for byte the same.
        assert GENERATOR.sub(b"", ours) == GENERATOR.sub(b"", theirs), name
        ([ours_tag], [theirs_tag]) = GENERATOR.findall(ours), GENERATOR.findall(theirs)
        generators.add((theirs_tag.decode(), ours_tag.decode()))
    # What differs: exactly the pages the theme made (every page but the toolkit's worksheet pages), in
    # that one tag, which names the engine and its version.
    themed = [name for name in files(project_build.site) if GENERATOR.search((project_build.site / name).read_bytes())]
    assert differ == themed and len(themed) > 20
    # Material writes "mkdocs-" and the engine's `mkdocs_version`, which ProperDocs gives as "ProperDocs X".
    material = f"mkdocs-material-{version('mkdocs-material')}"
    mkdocs, proper = f"mkdocs-{version('mkdocs')}", f"mkdocs-ProperDocs {version('properdocs')}"
    assert generators == {(f"{mkdocs}, {material}", f"{proper}, {material}")}
    # The feeds and the worksheet pages and PDFs are among the files found identical above; every sheet
    # had the very inputs the MkDocs build gave it, so its PDF came from the copied cache.
    assert "toolkit: worksheets: 0 PDFs rendered" in properdocs.output
