"""Another series on the installed toolkit: the wheel `pip install .` would install, in an environment of its
own, `tce new-site DIR` in a folder outside the project, `mkdocs build --strict` and `tce check` there.

The wheel is built from a copy of the project's packaging files; the environment gets it, and takes the
other packages from this checkout's `.venv` (through a path file, which leaves out the editable install of
the toolkit there), so nothing but the wheel can give the new site its toolkit.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from dataclasses import dataclass
from pathlib import Path

import feedparser
import lxml.html
import pytest
import yaml
from pypdf import PdfReader
from siteutil import ROOT, read_post

STARTER = ROOT / "hooks" / "tce_site" / "starter"


def _env() -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    return dict(env, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")


def _run(command: list[str], cwd: Path, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, cwd=cwd, env=_env(), capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel of the project, built without fetching anything (the lock's setuptools, no index)."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for name in ("hooks", "worksheets", "overrides"):
        shutil.copytree(ROOT / name, source / name, ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    dist = tmp_path_factory.mktemp("dist")
    built = _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(dist), "."],
        source,
    )
    assert built.returncode == 0, built.stdout + built.stderr
    (found,) = dist.glob("*.whl")
    return found


@dataclass
class Fresh:
    """An environment with the wheel installed, and the starter site written and built in it."""

    python: Path
    tce: Path
    site: Path  # the new series' folder
    made: subprocess.CompletedProcess[str]  # tce new-site
    build: subprocess.CompletedProcess[str]  # mkdocs build --strict

    @property
    def out(self) -> Path:
        return self.site / "site"


@pytest.fixture(scope="module")
def fresh(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Fresh:
    venv = tmp_path_factory.mktemp("venv")
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], venv)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    purelib = Path(
        _run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"], venv).stdout.strip()
    )
    # The dependencies from .venv: a path entry only, so .venv's own path files (the editable toolkit) stay unread.
    (purelib / "dependencies.pth").write_text(sysconfig.get_path("purelib") + "\n", encoding="utf-8")
    installed = _run(
        [sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", str(wheel)], venv
    )
    assert installed.returncode == 0, installed.stdout + installed.stderr
    series = tmp_path_factory.mktemp("elsewhere") / "serving-well"
    tce = venv / "bin" / "tce"
    new_site = _run([str(tce), "new-site", str(series)], series.parent)
    build = _run([str(python), "-m", "mkdocs", "build", "--strict"], series, timeout=600)
    return Fresh(python, tce, series, new_site, build)


def test_the_wheel_holds_the_templates_the_starter_and_the_entry_points(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for folder, packaged in (
        ("worksheets", "tce_toolkit/templates/worksheets"),
        ("overrides", "tce_toolkit/templates/overrides"),
    ):
        files = [p.relative_to(ROOT / folder).as_posix() for p in (ROOT / folder).rglob("*") if p.is_file()]
        assert files and {f"{packaged}/{name}" for name in files} <= names
    assert "tce_site/starter/docs/blog/.authors.yml" in names and "tce_site/starter/mkdocs.yml" in names
    assert not any(name.startswith(("toolkit.py", "blog_speedup", "excerpt_speedup")) for name in names)
    (entry_points,) = [name for name in names if name.endswith(".dist-info/entry_points.txt")]
    text = zipfile.ZipFile(wheel).read(entry_points).decode()
    assert "[console_scripts]\ntce = tce_site.cli:main" in text
    assert "[mkdocs.plugins]\ntce = tce_site.plugin:ToolkitPlugin" in text


def test_the_environment_has_the_wheels_toolkit_and_not_this_checkout(fresh: Fresh) -> None:
    shown = _run(
        [
            str(fresh.python),
            "-c",
            "import tce_site, tce_toolkit.packaged as p; print(tce_site.__file__); print(p.packaged_folder('worksheets'))",
        ],
        fresh.site,
    )
    assert shown.returncode == 0, shown.stderr
    for line in shown.stdout.splitlines():
        assert Path(line).is_relative_to(fresh.python.parent.parent) and not Path(line).is_relative_to(ROOT), line


def test_new_site_writes_the_starter_with_the_plugin_line(fresh: Fresh) -> None:
    assert fresh.made.returncode == 0, fresh.made.stderr
    expected = sorted(p.relative_to(STARTER).as_posix() for p in STARTER.rglob("*") if p.is_file())
    written = sorted(
        p.relative_to(fresh.site).as_posix()
        for p in fresh.site.rglob("*")
        if p.is_file() and not p.relative_to(fresh.site).as_posix().startswith(("site/", ".cache/"))
    )
    assert written == expected and "docs/blog/.authors.yml" in written
    assert not (fresh.site / "hooks").exists() and not (fresh.site / "worksheets").exists()
    config = yaml.safe_load((fresh.site / "mkdocs.yml").read_text(encoding="utf-8"))
    plugins = [p if isinstance(p, str) else next(iter(p)) for p in config["plugins"]]
    assert plugins.index("tce") > plugins.index("blog") and "hooks" not in config
    posts = sorted((fresh.site / "docs" / "blog" / "posts").glob("*.md"))
    assert len(posts) == 2 and all(len(read_post(path).questions) >= 4 for path in posts)


def test_the_starter_builds_strict_with_feeds_worksheets_and_glossary_links(fresh: Fresh) -> None:
    assert fresh.build.returncode == 0, fresh.build.stdout + fresh.build.stderr
    config = yaml.safe_load((fresh.site / "mkdocs.yml").read_text(encoding="utf-8"))
    posts = {read_post(p).meta["slug"]: read_post(p) for p in (fresh.site / "docs" / "blog" / "posts").glob("*.md")}

    feed = feedparser.parse((fresh.out / "feed.xml").read_bytes())
    assert not feed.bozo and sorted(e.title for e in feed.entries) == sorted(
        f"Part {p.meta['part']}: {p.title}" for p in posts.values()
    )
    assert all(e.link.startswith(config["site_url"]) for e in feed.entries)
    assert len(feedparser.parse((fresh.out / "atom.xml").read_bytes()).entries) == 2

    for slug, post in posts.items():
        sheet = lxml.html.fromstring((fresh.out / "worksheets" / slug / "index.html").read_bytes())
        text = " ".join(sheet.text_content().split())
        assert post.title in text and all(" ".join(q.split()) in text for q in post.questions)
        pdf = PdfReader(fresh.out / "worksheets" / f"{slug}.pdf")
        assert len(pdf.pages) == 1 and post.title in " ".join(pdf.pages[0].extract_text().split())
    assert len(PdfReader(fresh.out / "worksheets" / "workshop-pack.pdf").pages) >= 2 + len(posts)

    page = lxml.html.fromstring((fresh.out / "blog" / "keeping-promises" / "index.html").read_bytes())
    links = [a for a in page.iter("a") if a.get("href", "").endswith("glossary/first-time-fix/")]
    assert links and links[0].text_content() == "first-time fix"
    entry = (fresh.out / "glossary" / "first-time-fix" / "index.html").read_text(encoding="utf-8")
    assert "Keeping promises" in entry  # Appears in
    for html in fresh.out.rglob("*.html"):
        assert "tce-missing-toolkit" not in html.read_text(encoding="utf-8"), html


def test_tce_check_passes_in_the_new_series(fresh: Fresh) -> None:
    checked = _run([str(fresh.tce), "check"], fresh.site)
    assert checked.returncode == 0, checked.stderr
    assert "check: 2 posts and 1 glossary entries read; no problem found" in checked.stdout


def test_new_site_refuses_a_folder_that_holds_files(fresh: Fresh, tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine\n", encoding="utf-8")
    refused = _run([str(fresh.tce), "new-site", str(tmp_path)], tmp_path)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert refused.stderr.strip() == f"new-site: {tmp_path} is not empty: give the name of a new or empty folder"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_a_sites_own_overrides_and_worksheets_come_before_the_packaged_ones(tmp_path: Path) -> None:
    """With this checkout's `tce`: the starter given its own `custom_dir` with one fragment, and its own
    worksheets/ with a changed stylesheet; the rest comes from the package."""
    bin_dir = Path(sys.executable).parent
    series = tmp_path / "own"
    assert _run([str(bin_dir / "tce"), "new-site", str(series)], tmp_path).returncode == 0
    config = (series / "mkdocs.yml").read_text(encoding="utf-8")
    config = config.replace("  name: material\n", "  name: material\n  custom_dir: overrides\n", 1)
    (series / "mkdocs.yml").write_text(config.replace("pdf: auto", "pdf: false"), encoding="utf-8")
    own = series / "overrides" / "fragments" / "tce" / "series-list.html"
    own.parent.mkdir(parents=True)
    own.write_text('<p class="own-list">{{ series | length }} parts so far</p>\n', encoding="utf-8")
    shutil.copytree(ROOT / "worksheets", series / "worksheets")
    with (series / "worksheets" / "print.css").open("a", encoding="utf-8") as css:
        css.write("\n.own-sheet-rule { color: inherit; }\n")
    build = _run([str(bin_dir / "python"), "-m", "mkdocs", "build", "--strict"], series, timeout=600)
    assert build.returncode == 0, build.stdout + build.stderr
    home = (series / "site" / "index.html").read_text(encoding="utf-8")
    assert '<p class="own-list">2 parts so far</p>' in home and "tce-series-list" not in home
    post = lxml.html.fromstring((series / "site" / "blog" / "listening-first" / "index.html").read_bytes())
    assert "Part 1 of 2" in " ".join(post.text_content().split())  # series-nav.html: the packaged fragment
    assert ".own-sheet-rule" in (series / "site" / "worksheets" / "worksheet.css").read_text(encoding="utf-8")
