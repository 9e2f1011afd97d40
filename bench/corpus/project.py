"""The bench project written into a folder: its pages, its N posts, its glossary and its three configurations."""

from __future__ import annotations

import random
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from .. import ROOT
from .config import (
    CONFIGS,
    TOOLKIT_FOLDERS,
    categories_allowed,
    dump_config,
    load_config,
    plain_config,
    prune_nav,
    speedup_config,
)
from .posts import CorpusPost, pick_title, render_entry, render_post, slugify
from .words import GLOSSARY

SEED = 2026
GLOSSARY_INDEX_MARKER = "<!-- glossary-index -->"
_MARKER = re.compile(r"^<!-- [a-z][a-z-]* -->$")


@dataclass
class Corpus:
    """A generated bench project: its folder, its posts and the configuration file of each variant."""

    root: Path
    n: int
    seed: int
    posts: list[CorpusPost] = field(default_factory=list)
    words: int = 0

    @property
    def docs(self) -> Path:
        """The project's docs folder."""
        return self.root / "docs"

    def config(self, variant: str) -> Path:
        """The configuration file of a variant: "plain", "plain+speed-ups" or "toolkit"."""
        return self.root / CONFIGS[variant]


def _markers(path: Path) -> list[str]:
    """The `<!-- name -->` marker lines of one of the project's pages (for the hooks that fill them)."""
    if not path.exists():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if _MARKER.match(line.strip())]


def _figure(number: int) -> str:
    width = 60 + 20 * number
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="480" height="120" viewBox="0 0 480 120">'
        f'<rect x="10" y="30" width="{width}" height="60" rx="8" fill="#00897b"/>'
        f'<rect x="{width + 40}" y="30" width="120" height="60" rx="8" fill="#ff7043"/>'
        f'<path d="M{width + 12} 60h24" stroke="#333" stroke-width="4"/></svg>\n'
    )


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def _copy_extra_docs(source: Path, docs: Path) -> None:
    """Pages of the project outside the posts and the glossary (a later nav entry keeps working)."""
    for path in sorted(source.rglob("*")):
        rel = path.relative_to(source)
        if (
            path.is_dir()
            or rel.parts[0] in ("blog", "glossary", "assets")
            or rel.as_posix() in ("index.md", "about.md")
        ):
            continue
        target = docs / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)


def generate(target: Path, n: int, seed: int = SEED, project: Path = ROOT) -> Corpus:
    """Write a bench project with `n` posts into `target` (which must not exist or be empty)."""
    target.mkdir(parents=True, exist_ok=True)
    if any(target.iterdir()):
        raise FileExistsError(f"{target} is not empty")
    config_path = project / "mkdocs.yml"
    config = load_config(config_path)
    categories = categories_allowed(config)
    corpus = Corpus(root=target, n=n, seed=seed)
    docs = corpus.docs
    source_docs = project / config.get("docs_dir", "docs")

    for name in TOOLKIT_FOLDERS:
        if (project / name).is_dir():
            shutil.copytree(project / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    shutil.copy2(config_path, target / CONFIGS["toolkit"])

    if (source_docs / "assets").is_dir():
        shutil.copytree(source_docs / "assets", docs / "assets")
    for number in range(1, 9):
        _write(docs / "assets" / "bench" / f"figure-{number}.svg", _figure(number))
    _copy_extra_docs(source_docs, docs)
    authors = source_docs / "blog" / ".authors.yml"
    if authors.exists():
        _write(docs / "blog" / ".authors.yml", authors.read_text(encoding="utf-8"))
    else:
        _write(
            docs / "blog" / ".authors.yml",
            "authors:\n  editors:\n    name: The Editors\n    description: Editors\n    avatar: assets/logo.svg\n",
        )

    home_markers = _markers(source_docs / "index.md") or ["<!-- series-list -->"]
    _write(
        docs / "index.md",
        "---\ntitle: Bench series\ndescription: A generated series for measuring build times.\n---\n\n"
        "# Bench series\n\nA generated series of posts about everyday service at work, used to time the site build.\n\n"
        "## The series\n\n" + "\n\n".join(home_markers) + "\n",
    )
    blog_markers = _markers(source_docs / "blog" / "index.md")
    _write(
        docs / "blog" / "index.md", "# The series\n\nEvery part, newest first.\n\n" + "\n\n".join(blog_markers) + "\n"
    )
    _write(
        docs / "about.md",
        "# About\n\nThis generated site exists to time the build of a long series. Its posts are made from word\n"
        "lists and sentence templates, so they read like ordinary writing about service at work without\n"
        "saying anything new.\n",
    )
    _write(
        docs / "glossary" / "index.md",
        f"# Glossary\n\nThe ideas the generated series keeps coming back to.\n\n{GLOSSARY_INDEX_MARKER}\n",
    )
    for entry in GLOSSARY:
        _write(docs / "glossary" / f"{entry.slug}.md", render_entry(entry, seed))

    taken: set[str] = set()
    posts_dir = docs / "blog" / "posts"
    for part in range(1, n + 1):
        title = pick_title(random.Random(f"{seed}-title-{part}"), taken)
        slug = f"{slugify(title)}-{part}"
        path = posts_dir / f"{slug}.md"
        text = render_post(part, slug, title, corpus.posts, categories, seed)
        _write(path, text)
        corpus.words += len(text.split())
        corpus.posts.append(CorpusPost(part, slug, title, path))

    for variant, make in (("plain", plain_config), ("plain+speed-ups", speedup_config)):
        variant_config = make(config)
        if "nav" in variant_config:
            variant_config["nav"] = prune_nav(variant_config["nav"], docs)
        _write(target / CONFIGS[variant], dump_config(variant_config))
    return corpus
