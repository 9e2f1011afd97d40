"""Helpers for tests: real `mkdocs build --strict` runs of the project and of a small fixture site."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_DOCS = ROOT / "tests" / "fixtures" / "site" / "docs"


@dataclass
class Build:
    """The result of one real MkDocs build."""

    returncode: int
    output: str
    site: Path

    def read(self, path: str) -> str:
        """Text of a file in the built site."""
        return (self.site / path).read_text(encoding="utf-8")


def run_build(project: Path, site: Path, *extra: str, strict: bool = True) -> Build:
    """Run the real `mkdocs build --strict` (or without --strict) in `project`, writing the site to `site`."""
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", *(["--strict"] if strict else []), "--site-dir", str(site), *extra],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    return Build(result.returncode, result.stdout + result.stderr, site)


def run_make(
    project: Path, target: str, *variables: str, env: dict[str, str] | None = None, timeout: float = 600
) -> subprocess.CompletedProcess:
    """A target of the README's Makefile, run in a copy of the project with this checkout's `.venv`
    (the copy needs requirements.lock older than the installed stamp: `shutil.copy2` it)."""
    env = env or dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONDONTWRITEBYTECODE="1")
    command = make_command(target, *variables)
    return subprocess.run(command, cwd=project, env=env, capture_output=True, text=True, timeout=timeout)


def make_command(target: str, *variables: str) -> list[str]:
    """The command line `run_make` runs, for a test that starts make itself (several at once, or to kill)."""
    command = ["make", "-s", "-f", str(ROOT / "Makefile"), target]
    return command + [f"VENV={ROOT / '.venv'}", f"STAMP={ROOT / '.venv' / '.installed'}", *variables]


def copy_project(target: Path, docs: Path = FIXTURE_DOCS) -> Path:
    """A copy of the project's configuration, hooks and templates with the given docs folder."""
    for name in ("hooks", "overrides", "worksheets"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    shutil.copytree(docs, target / "docs")
    return target


class FixtureSite:
    """A throwaway copy of the fixture site that a test may edit and build."""

    def __init__(self, root: Path) -> None:
        self.root = copy_project(root)
        self.docs = self.root / "docs"

    def write(self, path: str, text: str) -> Path:
        """Write a file under docs/ (creating folders)."""
        target = self.docs / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")
        return target

    def edit(self, path: str, old: str, new: str) -> None:
        """Replace text in a docs file, failing loudly when the text is not there."""
        target = self.docs / path
        text = target.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        target.write_text(text.replace(old, new, 1), encoding="utf-8")

    def build(self, *extra: str, strict: bool = True) -> Build:
        """Build with the real MkDocs CLI into <root>/site."""
        return run_build(self.root, self.root / "site", *extra, strict=strict)


@dataclass
class Source:
    """A post read straight from its Markdown file with PyYAML and plain string work, independently of
    the toolkit's own reader, so a bug there cannot agree with itself."""

    meta: dict
    body: str  # without the facilitator notes (HTML comments that begin "<!-- facilitator"): what readers get
    title: str  # the `# ` heading as written
    questions: list[str]  # the numbered items under `## Reflect`, as written
    notes: str = ""  # every facilitator block of the post, as written


def read_post(path: Path) -> Source:
    """The front matter, body, title and Reflect questions of a post file."""
    import yaml

    _, front, body = path.read_text(encoding="utf-8").split("---\n", 2)
    meta = yaml.safe_load(front)
    blocks = re.compile(r"^[ \t]*<!-- facilitator\b.*?-->[ \t]*\n", re.S | re.M)
    notes = "".join(blocks.findall(body))
    body = blocks.sub("", body)
    title = next(line[2:].strip() for line in body.splitlines() if line.startswith("# "))
    questions: list[str] = []
    if "\n## Reflect\n" in body:
        for line in body.split("\n## Reflect\n", 1)[1].splitlines():
            head, _, rest = line.partition(". ")
            if head.isdigit():
                questions.append(rest.strip())
            elif line.startswith("   ") and questions:
                questions[-1] += " " + line.strip()
    return Source(meta, body, title, questions, notes)
