"""Builds of one project folder at the same time, and builds killed half-way, with the real `make build`
in a copy of the fixture project: site/ is always one whole site, read back with lxml, feedparser and pypdf."""

from __future__ import annotations

import fcntl
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import feedparser
import lxml.html
import pypdf
import pytest
from siteutil import ROOT, Build, FixtureSite, make_command

ENV = {key: value for key, value in os.environ.items() if key not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}} | {
    "NO_MKDOCS_2_WARNING": "1",
    "PYTHONDONTWRITEBYTECODE": "1",
}
READY = "make build: site/ is ready"
WAITING = re.compile(
    r"make build: another build is running in this folder \(pid (\d+), make build\); waiting for it to finish"
)


@pytest.fixture
def project(fixture_site: FixtureSite) -> Path:
    shutil.copy2(ROOT / "requirements.lock", fixture_site.root / "requirements.lock")  # older than the stamp
    return fixture_site.root


class Make:
    """A `make build` running in its own process group (so a test can kill all of it), output to a file."""

    def __init__(self, project: Path, log: Path) -> None:
        self.log = log
        with log.open("wb") as out:
            self.process = subprocess.Popen(
                make_command("build"),
                cwd=project,
                env=ENV,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait(self) -> tuple[int, str]:
        """The exit code and everything the build printed."""
        code = self.process.wait(timeout=600)
        return code, self.log.read_text(encoding="utf-8", errors="replace")

    def kill(self) -> None:
        """SIGKILL to make and every process it started."""
        with_group = self.process.poll() is None
        if with_group:
            os.killpg(self.pid, signal.SIGKILL)
        self.process.wait(timeout=60)


def lock_is_free(project: Path) -> bool:
    """Whether no process holds the folder's build lock, after at most a few seconds of waiting."""
    deadline = time.monotonic() + 5
    while True:
        fd = os.open(project / ".site.lock", os.O_RDWR)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except BlockingIOError:
            if time.monotonic() > deadline:
                return False
        finally:
            os.close(fd)
        time.sleep(0.05)


def leftovers(project: Path) -> list[str]:
    return sorted(p.name for p in project.iterdir() if p.name.startswith((".site-new", ".site-old")))


def assert_whole_site(site: Path, reference: Build) -> None:
    """Every file the unchanged fixture site has, each readable: pages and feeds byte for byte as a
    build on its own makes them, every feed parsed, every PDF opened with as many pages."""
    assert site.is_dir() and not site.is_symlink()
    files = sorted(p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_file())
    expected = sorted(p.relative_to(reference.site).as_posix() for p in reference.site.rglob("*") if p.is_file())
    assert files == expected
    pages = [name for name in files if name.endswith(".html")]
    pdfs = [name for name in files if name.endswith(".pdf")]
    assert "index.html" in pages and "blog/first-steps/index.html" in pages and len(pdfs) > 4
    for name in pages:
        data = (site / name).read_bytes()
        assert data == (reference.site / name).read_bytes(), name
        assert lxml.html.fromstring(data).find(".//title") is not None, name
    for name in ("feed.xml", "atom.xml"):
        parsed = feedparser.parse((site / name).read_bytes())
        assert not parsed.bozo and parsed.entries, name
        assert (site / name).read_bytes() == (reference.site / name).read_bytes(), name
    assert json.loads((site / "feed.json").read_text(encoding="utf-8"))["items"]
    for name in pdfs:
        reader = pypdf.PdfReader(site / name, strict=True)
        assert len(reader.pages) == len(pypdf.PdfReader(reference.site / name).pages), name
        assert reader.pages[0].extract_text().strip(), name


def test_two_builds_started_together_end_with_one_whole_site(
    project: Path, tmp_path: Path, fixture_build: Build
) -> None:
    # The reference build's PDF cache: the builds themselves are the point here, not rendering PDFs.
    shutil.copytree(fixture_build.site.parent / ".cache", project / ".cache")
    builds = [Make(project, tmp_path / "first.log"), Make(project, tmp_path / "second.log")]
    try:
        results = [make.wait() for make in builds]
    finally:
        for make in builds:
            make.kill()
    for code, output in results:
        assert code == 0 and READY in output, output
        assert "failed" not in output and "Traceback" not in output
    # One took the folder, the other waited for it, naming the make it waited for.
    waits = [(index, WAITING.search(output)) for index, (_, output) in enumerate(results) if WAITING.search(output)]
    assert len(waits) == 1, results
    ((waiter, match),) = waits
    assert match is not None and int(match.group(1)) == builds[1 - waiter].pid
    assert "make build: the other build has finished; going on" in results[waiter][1]
    assert_whole_site(project / "site", fixture_build)
    assert leftovers(project) == []
    assert lock_is_free(project)


def test_a_build_killed_while_it_renders_pdfs_leaves_the_last_site_and_the_next_build_is_whole(
    project: Path, tmp_path: Path, fixture_build: Build
) -> None:
    last_good = project / "site"
    last_good.mkdir()
    (last_good / "index.html").write_text("<title>the last good site</title>", encoding="utf-8")
    cache = project / ".cache" / "worksheets"

    killed = Make(project, tmp_path / "killed.log")
    try:
        # Wait for the first PDF in the cache: the build is rendering the others.
        deadline = time.monotonic() + 300
        while not list(cache.glob("*.pdf")) and killed.process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert killed.process.poll() is None, killed.log.read_text(encoding="utf-8")
        assert list(cache.glob("*.pdf"))
    finally:
        killed.kill()
    assert READY not in killed.log.read_text(encoding="utf-8")
    assert [p.name for p in last_good.iterdir()] == ["index.html"]
    assert (last_good / "index.html").read_text(encoding="utf-8") == "<title>the last good site</title>"
    assert lock_is_free(project)

    code, output = Make(project, tmp_path / "next.log").wait()
    assert code == 0 and READY in output, output
    assert not WAITING.search(output)  # the killed build's lock went with it
    counts = re.search(r"worksheets: (\d+) PDFs rendered, (\d+) from cache", output)
    assert counts and int(counts.group(2)) > 0, output  # what the killed build finished is used
    assert_whole_site(project / "site", fixture_build)
    assert leftovers(project) == []
    for entry in cache.glob("*.pdf"):  # nothing the killed build left half-written under an entry's name
        pypdf.PdfReader(entry, strict=True)


def test_a_build_beside_a_running_serve_neither_waits_nor_disturbs_it(
    project: Path, tmp_path: Path, fixture_build: Build
) -> None:
    # `make serve`'s command, on a free port: it builds into a temporary folder and takes no lock.
    shutil.copytree(fixture_build.site.parent / ".cache", project / ".cache")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with (tmp_path / "serve.log").open("wb") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--no-livereload"],
            cwd=project,
            env=ENV,
            stdout=log,
            stderr=subprocess.STDOUT,
        )

    def served() -> bytes:
        deadline = time.monotonic() + 120
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/blog/first-steps/", timeout=5) as response:
                    return response.read()
            except OSError:
                assert time.monotonic() < deadline, (tmp_path / "serve.log").read_text(encoding="utf-8")
                time.sleep(0.2)

    try:
        before = served()
        code, output = Make(project, tmp_path / "build.log").wait()
        after = served()
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert code == 0 and READY in output and not WAITING.search(output), output
    assert_whole_site(project / "site", fixture_build)
    assert b"First steps" in before and after == before
    assert leftovers(project) == []
