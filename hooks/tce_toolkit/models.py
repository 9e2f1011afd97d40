"""Frozen dataclasses that flow through the toolkit."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Question:
    """One reflection question of a post, as written (Markdown) and where it was written."""

    number: int
    markdown: str
    line: int


@dataclass(frozen=True)
class Post:
    """One post of the series, read from its Markdown file."""

    src: str  # path relative to the project, e.g. docs/blog/posts/x.md
    src_uri: str  # path relative to docs/, as MkDocs names files
    slug: str
    title: str
    part: int
    date: dt.datetime
    description: str
    updated: dt.datetime | None = None
    categories: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    draft: bool = False
    questions: tuple[Question, ...] = ()
    reflect_line: int | None = None
    url: str = ""  # site-relative URL, e.g. blog/x/, known once the blog plugin has placed the post

    @property
    def has_worksheet(self) -> bool:
        """Whether the post closes with reflection questions."""
        return bool(self.questions)


@dataclass(frozen=True)
class SeriesLink:
    """A neighbour in the series, as a template shows it."""

    part: int
    title: str
    url: str


@dataclass(frozen=True)
class SeriesPlace:
    """Where a post sits in the series: "Part N of M" with its neighbours."""

    part: int
    total: int
    previous: SeriesLink | None = None
    next: SeriesLink | None = None


@dataclass
class Report:
    """Problems found while reading author files: errors stop the build, warnings fail --strict."""

    errors: list = field(default_factory=list)
    warnings: list = field(default_factory=list)

    def extend(self, other: Report) -> None:
        """Add another report's problems to this one."""
        self.errors.extend(other.errors)
        self.warnings.extend(other.warnings)


@dataclass(frozen=True)
class GlossaryEntry:
    """One glossary entry, read from docs/glossary/<slug>.md."""

    slug: str
    term: str
    summary: str
    src: str  # path relative to the project
    src_uri: str  # path relative to docs/
    aliases: tuple[str, ...] = ()
    related: tuple[str, ...] = ()  # slugs, as declared by this entry
    url: str = ""  # site-relative URL, e.g. glossary/internal-customer/

    @property
    def forms(self) -> tuple[str, ...]:
        """Every wording that links to this entry: the term and its aliases."""
        return (self.term, *self.aliases)
