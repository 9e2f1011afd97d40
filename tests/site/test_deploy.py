"""`make deploy` run for real on a git copy of the fixture project, publishing to the gh-pages branch of a
local bare repository; and the GitHub Pages workflow, checked by two workflow linters and read back."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from siteutil import ROOT, FixtureSite, make_command, run_make

FIRST = "docs/blog/posts/first-steps.md"
WORKFLOW = ROOT / ".github" / "workflows" / "pages.yml"
LINTERS = Path(sys.executable).parent  # check-jsonschema and zizmor come with the test extra

# Git and make see neither this machine's git configuration nor the variables of a make that runs pytest.
ENV = {
    key: value
    for key, value in os.environ.items()
    if key not in {"REMOTE", "MAKEFLAGS", "MFLAGS", "MAKELEVEL"} and not key.startswith("GIT_")
} | {
    "NO_MKDOCS_2_WARNING": "1",
    "PYTHONDONTWRITEBYTECODE": "1",
    "GIT_CONFIG_GLOBAL": os.devnull,
    "GIT_CONFIG_NOSYSTEM": "1",
}


def _git(cwd: Path, *args: str, data: bytes | None = None) -> bytes:
    result = subprocess.run(["git", *args], cwd=cwd, env=ENV, input=data, capture_output=True, timeout=120)
    assert result.returncode == 0, f"git {' '.join(args)}: {result.stderr.decode(errors='replace')}"
    return result.stdout


def _commit(project: Path, message: str) -> str:
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", message)
    return _git(project, "rev-parse", "HEAD").decode().strip()


def _make_deploy(project: Path, *variables: str, env: dict[str, str] = ENV) -> subprocess.CompletedProcess:
    """The README's `make deploy`, run in the copy with this checkout's virtual environment."""
    return run_make(project, "deploy", *variables, env=env)


def _deployed(project: Path, *variables: str) -> subprocess.CompletedProcess:
    result = _make_deploy(project, *variables)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "make deploy: site/ is published on the gh-pages branch of" in result.stdout
    return result


class Pages:
    """The gh-pages branch of a bare repository, read with git alone."""

    def __init__(self, bare: Path) -> None:
        self.bare = bare

    def git(self, *args: str, data: bytes | None = None) -> bytes:
        return _git(self.bare, f"--git-dir={self.bare}", *args, data=data)

    def head(self) -> str:
        return self.git("rev-parse", "--verify", "refs/heads/gh-pages").decode().strip()

    def has_branch(self) -> bool:
        return bool(self.git("for-each-ref", "refs/heads/gh-pages").strip())

    def refs(self) -> bytes:
        return self.git("for-each-ref")

    def files(self) -> dict[str, str]:
        """Path → blob id of every file on the branch."""
        listing = self.git("ls-tree", "-r", "-z", "gh-pages").decode().split("\0")
        return {line.split("\t", 1)[1]: line.split()[2] for line in listing if line}

    def show(self, path: str) -> bytes:
        return self.git("show", f"gh-pages:{path}")

    def message(self) -> str:
        return self.git("log", "-1", "--format=%B", "gh-pages").decode().strip()

    def blob_ids(self, site: Path) -> dict[str, str]:
        """Path → the blob id git gives the file's bytes, for every file under `site`."""
        paths = sorted(p for p in site.rglob("*") if p.is_file())
        ids = self.git("hash-object", "--no-filters", "--stdin-paths", data="".join(f"{p}\n" for p in paths).encode())
        return dict(zip((p.relative_to(site).as_posix() for p in paths), ids.decode().split(), strict=True))

    def assert_holds_exactly(self, site: Path, cname: bytes | None = None) -> None:
        """Every file of site/ with the same bytes, plus an empty .nojekyll (and the trimmed CNAME)."""
        built = self.blob_ids(site)
        assert "index.html" in built and ".nojekyll" not in built
        extra = {".nojekyll": self.blob_ids_of(b"")}
        if cname is not None:
            assert "CNAME" in built  # MkDocs copied docs/CNAME; ghp-import wrote it again as one trimmed line
            extra["CNAME"] = self.blob_ids_of(cname)
        assert self.files() == built | extra
        for path in ("index.html", "blog/first-steps/index.html", "sitemap.xml", "assets/site.css"):
            assert self.show(path) == (site / path).read_bytes(), path
        assert self.show(".nojekyll") == b""

    def blob_ids_of(self, data: bytes) -> str:
        return self.git("hash-object", "--stdin", data=data).decode().strip()


@pytest.fixture
def project(fixture_site: FixtureSite, tmp_path: Path) -> Path:
    """The fixture project with PDFs off, committed in a git repository whose `origin` is an empty bare
    repository."""
    root = fixture_site.root
    config = root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    assert "pdf: auto" in text
    config.write_text(text.replace("pdf: auto", "pdf: false"), encoding="utf-8")
    shutil.copy2(ROOT / "requirements.lock", root / "requirements.lock")  # older than the installed stamp
    shutil.copy(ROOT / ".gitignore", root / ".gitignore")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "user.name", "Fixture Editor")
    _git(root, "config", "user.email", "editor@fixture.example")
    _commit(root, "The fixture project")
    _git(tmp_path, "init", "-q", "--bare", str(tmp_path / "origin.git"))
    _git(root, "remote", "add", "origin", str(tmp_path / "origin.git"))
    return root


@pytest.fixture
def origin(project: Path, tmp_path: Path) -> Pages:
    return Pages(tmp_path / "origin.git")


def test_deploy_publishes_exactly_site_on_gh_pages(project: Path, origin: Pages) -> None:
    source = _git(project, "rev-parse", "HEAD").decode().strip()
    _deployed(project)
    origin.assert_holds_exactly(project / "site")
    assert "CNAME" not in origin.files()
    assert origin.message() == f"Publish site/ built from {source}"
    assert _git(project, "status", "--porcelain") == b""  # the build and the deploy leave the project clean


def test_second_deploy_follows_the_published_commit_and_updates_every_file(project: Path, origin: Pages) -> None:
    (project / "docs" / "assets" / "old.txt").write_text("gone next time\n", encoding="utf-8")
    _commit(project, "With a file to remove")
    _deployed(project)
    assert "assets/old.txt" in origin.files()
    # Someone else publishes in between (another clone, or CI): this clone's gh-pages is now behind.
    tree = origin.git("rev-parse", "gh-pages^{tree}").decode().strip()
    other = (
        origin.git(
            "-c",
            "user.name=Someone Else",
            "-c",
            "user.email=else@fixture.example",
            "commit-tree",
            tree,
            "-p",
            origin.head(),
            "-m",
            "Published elsewhere",
        )
        .decode()
        .strip()
    )
    origin.git("update-ref", "refs/heads/gh-pages", other)

    (project / "docs" / "assets" / "old.txt").unlink()
    post = project / FIRST
    text = post.read_text(encoding="utf-8")
    post.write_text(text.replace("a colleague waits", "a colleague still waits"), encoding="utf-8")
    source = _commit(project, "A changed post")
    _deployed(project)

    assert origin.git("rev-parse", "gh-pages^").decode().strip() == other  # a fast-forward, nothing overwritten
    assert origin.message() == f"Publish site/ built from {source}"
    origin.assert_holds_exactly(project / "site")
    assert "assets/old.txt" not in origin.files()
    assert b"a colleague still waits" in origin.show("blog/first-steps/index.html")


def test_failed_build_publishes_nothing(project: Path, origin: Pages) -> None:
    _deployed(project)
    published, refs = origin.head(), origin.refs()
    local = _git(project, "rev-parse", "gh-pages")
    last_good = (project / "site" / "index.html").read_bytes()

    post = project / FIRST
    post.write_text(post.read_text(encoding="utf-8").replace("part: 1", "part: [1", 1), encoding="utf-8")
    result = _make_deploy(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output
    assert "make build: the build failed; site/ is unchanged" in output
    assert f"{FIRST}:3:" in output and "not valid YAML" in output
    assert "make deploy:" not in output  # make stopped before the deploy's own recipe
    assert origin.head() == published and origin.refs() == refs
    assert _git(project, "rev-parse", "gh-pages") == local
    assert (project / "site" / "index.html").read_bytes() == last_good


def test_deploy_publishes_its_own_build_while_another_build_waits(project: Path, origin: Pages) -> None:
    # `make deploy` holds the folder from its build until it has published: a `make build` of changed
    # sources, started meanwhile, waits for it, and only then puts its own site in site/.
    with (project.parent / "deploy.log").open("wb") as log:
        deploy = subprocess.Popen(make_command("deploy"), cwd=project, env=ENV, stdout=log, stderr=subprocess.STDOUT)
    try:
        # The deploy's build has read every source once it writes a page into its own folder.
        written = project / f".site-new.{deploy.pid}" / "blog" / "first-steps" / "index.html"
        deadline = time.monotonic() + 300
        while not written.exists() and deploy.poll() is None and time.monotonic() < deadline:
            time.sleep(0.02)
        assert written.exists(), (project.parent / "deploy.log").read_text(encoding="utf-8")
        post = project / FIRST
        text = post.read_text(encoding="utf-8")
        post.write_text(text.replace("a colleague waits", "a colleague still waits"), encoding="utf-8")
        build = run_make(project, "build", env=ENV)
    finally:
        deploy.wait(timeout=600)
    output = (project.parent / "deploy.log").read_text(encoding="utf-8")
    assert deploy.returncode == 0 and "make deploy: site/ is published on the gh-pages branch of" in output, output
    assert build.returncode == 0 and "make build: site/ is ready" in build.stdout, build.stdout + build.stderr
    waiting = f"make build: another build is running in this folder (pid {deploy.pid}, make build); waiting"
    assert waiting in build.stdout
    published = origin.show("blog/first-steps/index.html")
    assert b"a colleague waits" in published and b"a colleague still waits" not in published
    built = (project / "site" / "blog" / "first-steps" / "index.html").read_text(encoding="utf-8")
    assert "a colleague still waits" in built


def test_remote_given_as_a_url_and_a_custom_domain_from_docs_cname(
    project: Path, origin: Pages, tmp_path: Path
) -> None:
    other = Pages(tmp_path / "other.git")
    _git(tmp_path, "init", "-q", "--bare", str(other.bare))
    (project / "docs" / "CNAME").write_bytes(b" series.customers-eyes.example \r\n")
    _commit(project, "A custom domain")
    result = _deployed(project, f"REMOTE={other.bare.as_uri()}")
    assert other.bare.as_uri() in result.stdout
    other.assert_holds_exactly(project / "site", cname=b"series.customers-eyes.example")
    assert other.show("CNAME") == b"series.customers-eyes.example"
    assert not origin.has_branch()  # only the remote that was named


def test_not_a_git_repository_publishes_nothing(fixture_site: FixtureSite) -> None:
    root = fixture_site.root
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("pdf: auto", "pdf: false"), encoding="utf-8")
    shutil.copy2(ROOT / "requirements.lock", root / "requirements.lock")
    # GIT_CEILING_DIRECTORIES: git never finds a repository in a folder above the copy.
    result = _make_deploy(root, env=ENV | {"GIT_CEILING_DIRECTORIES": str(root.parent)})
    assert result.returncode != 0
    assert "is not in a git repository; nothing was published" in result.stdout + result.stderr


def _lint(*command: str) -> subprocess.CompletedProcess:
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=120)


def test_pages_workflow_matches_the_github_workflow_schema() -> None:
    result = _lint(str(LINTERS / "check-jsonschema"), "--builtin-schema", "vendor.github-workflows", str(WORKFLOW))
    assert result.returncode == 0, result.stdout + result.stderr


def test_pages_workflow_has_no_security_finding() -> None:
    result = _lint(str(LINTERS / "zizmor"), "--offline", "--persona=pedantic", "--color=never", str(WORKFLOW))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "No findings to report" in result.stdout


def test_pages_workflow_builds_with_make_and_deploys_site() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    assert set(workflow[True]) == {"push", "workflow_dispatch"}  # PyYAML reads the key `on` as True
    jobs = workflow["jobs"]
    for job in jobs.values():
        needs = job.get("needs", [])
        assert set([needs] if isinstance(needs, str) else needs) <= set(jobs)

    def uses(step: dict) -> str:
        name, _, ref = step.get("uses", "@").partition("@")
        assert not name or re.fullmatch(r"[0-9a-f]{40}", ref), step  # pinned to a commit
        return name

    build = [uses(step) or step.get("run", "") for step in jobs["build"]["steps"]]
    apt = next(i for i, step in enumerate(build) if "apt-get install" in step)
    for package in ("libpango-1.0-0", "libpangoft2-1.0-0", "fonts-dejavu-core"):
        assert package in build[apt]
    make = build.index("make build")
    assert build.index("actions/checkout") < build.index("actions/setup-python") < make
    assert apt < make < build.index("actions/upload-pages-artifact")
    assert "actions/configure-pages" in build
    upload = jobs["build"]["steps"][build.index("actions/upload-pages-artifact")]
    assert upload["with"]["path"] == "site"

    deploy = jobs["deploy"]
    assert deploy["needs"] == "build"
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    [step] = deploy["steps"]
    assert uses(step) == "actions/deploy-pages"
    assert deploy["environment"]["url"] == "${{ steps." + step["id"] + ".outputs.page_url }}"


def test_pages_workflow_keeps_the_pdf_cache_and_pips_between_runs() -> None:
    workflow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    steps = workflow["jobs"]["build"]["steps"]
    names = [step.get("uses", "@").partition("@")[0] or step.get("run", "") for step in steps]

    python = steps[names.index("actions/setup-python")]["with"]
    assert python["cache"] == "pip"
    assert python["cache-dependency-path"] == "requirements.lock"

    cache_at = names.index("actions/cache")
    assert names.index("actions/checkout") < cache_at < names.index("make build")
    cache = steps[cache_at]["with"]
    assert cache["path"] == ".cache"  # the build keeps its PDFs in .cache/worksheets/ and QR codes in .cache/qr/
    key, [restore] = cache["key"], cache["restore-keys"].strip().splitlines()
    inputs = re.search(r"hashFiles\(([^)]*)\)", key)
    assert inputs, key
    patterns = {pattern.strip().strip("'") for pattern in inputs.group(1).split(",")}
    assert patterns == {"requirements.lock", "worksheets/**", "hooks/tce_toolkit/worksheets/**"}
    for pattern in patterns:  # a pattern that matched nothing would hash to the same key whatever changed
        files = ROOT.glob(pattern + "/*" if pattern.endswith("**") else pattern)  # GitHub's ** takes files too
        assert any(path.is_file() for path in files), pattern
    # The Pango and fonts that lay the sheets out are read on the runner, after they are installed.
    system = next(i for i, step in enumerate(steps) if step.get("id") == "system")
    assert "apt-get install" in names[system - 1]
    assert system < cache_at
    assert "dpkg-query" in steps[system]["run"]
    assert "${{ steps.system.outputs.pdf-libraries }}" in key

    # Each run saves a cache of its own; the next restores the newest with the same inputs, never another's.
    assert key.endswith("-${{ github.run_id }}")
    assert restore == key.removesuffix("${{ github.run_id }}")
    assert inputs.group(0) in restore
