"""Frozen dataclasses that flow through the toolkit: the model of the series, read once per build."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import unquote

Status = Literal["published", "draft", "scheduled"]


@dataclass(frozen=True)
class QuestionNotes:
    """A facilitator's notes on one question: the time to give it, what it should draw out, a prompt."""

    minutes: int | None = None
    draw_out: str = ""
    prompt: str = ""
    line: int | None = None


@dataclass(frozen=True)
class SessionNotes:
    """A facilitator's notes on a whole part: its key idea and how to open it (with its minutes)."""

    key_idea: str = ""
    opening: str = ""
    opening_minutes: int | None = None
    line: int | None = None


@dataclass(frozen=True)
class Question:
    """One reflection question of a post, as written (Markdown) and where it was written."""

    number: int
    markdown: str
    line: int
    notes: QuestionNotes | None = None  # the facilitator's notes on it, if the author wrote any


@dataclass(frozen=True)
class Post:
    """One post of the series, read from its Markdown file and placed by the site engine."""

    src: str  # path relative to the project, e.g. docs/blog/posts/x.md
    src_uri: str  # path relative to docs/, as MkDocs names files
    title: str  # plain text, as readers see it (Markdown and raw HTML removed)
    part: int
    date: dt.datetime
    description: str  # plain text
    updated: dt.datetime | None = None
    categories: tuple[str, ...] = ()
    authors: tuple[str, ...] = ()
    draft: bool = False  # `draft: true` in the front matter
    draft_written: bool | None = None  # `draft:` as written (None when the line is absent)
    questions: tuple[Question, ...] = ()
    reflect_line: int | None = None
    reflect_anchor: str = "reflect"  # the Reflect heading's HTML id
    session_notes: SessionNotes | None = None  # the facilitator's notes on the whole part
    feed_id: str | None = None  # front-matter `id:`, a permanent URI for feeds
    body_line: int = 1  # file line of the body's first line
    glossary: bool = True  # `glossary: false` turns term linking off
    key_lines: tuple[tuple[str, int], ...] = ()  # (front-matter key, file line), for messages
    # Set by the engine (Material's blog): the post's URL and whether this build shows it.
    url: str = ""
    status: Status = "published"

    @property
    def has_worksheet(self) -> bool:
        """Whether the post closes with reflection questions."""
        return bool(self.questions)

    @property
    def has_facilitator_notes(self) -> bool:
        """Whether the author wrote facilitator notes for this part or any of its questions."""
        return self.session_notes is not None or any(q.notes is not None for q in self.questions)

    @property
    def slug(self) -> str:
        """The post's name in its URL (`blog/<slug>/`, percent-decoded), which its worksheet files share."""
        return unquote(self.url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".html"))

    @property
    def published(self) -> bool:
        """Whether readers of the published site see it (not a draft, not scheduled)."""
        return self.status == "published"

    def line_of(self, key: str) -> int | None:
        """The file line of a front-matter key (None when the key is not written)."""
        return next((line for name, line in self.key_lines if name == key), None)


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
    not_in: tuple[str, ...] = ()  # phrases in which its wordings mean something else: never linked
    url: str = ""  # site-relative URL, e.g. glossary/internal-customer/
    lines: tuple[tuple[str, str, int], ...] = ()  # (key, value as written, file line) for error messages

    @property
    def forms(self) -> tuple[str, ...]:
        """Every wording that links to this entry: the term and its aliases."""
        return (self.term, *self.aliases)


@dataclass(frozen=True)
class LeftOut:
    """A post the build leaves out of something, and why (always said in the build log)."""

    src: str
    reason: str


@dataclass(frozen=True)
class Series:
    """The model of the series for one build: every feature reads it, none adds to it."""

    posts: tuple[Post, ...]  # the posts this build shows, in series order
    entries: tuple[GlossaryEntry, ...] = ()  # by term, A to Z
    left_out: tuple[LeftOut, ...] = ()  # posts not in the series, with the reason
    _by_src: dict[str, Post] = field(default_factory=dict, repr=False, compare=False)
    _places: dict[str, SeriesPlace] = field(default_factory=dict, repr=False, compare=False)
    _entries: dict[str, GlossaryEntry] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_by_src", {post.src_uri: post for post in self.posts})
        object.__setattr__(self, "_entries", {entry.slug: entry for entry in self.entries})
        total, places = len(self.posts), {}
        for index, post in enumerate(self.posts):
            previous = self.posts[index - 1] if index > 0 else None
            following = self.posts[index + 1] if index + 1 < total else None
            places[post.src_uri] = SeriesPlace(
                index + 1,
                total,
                SeriesLink(previous.part, previous.title, previous.url) if previous else None,
                SeriesLink(following.part, following.title, following.url) if following else None,
            )
        object.__setattr__(self, "_places", places)

    def post(self, src_uri: str) -> Post | None:
        """The post of the series whose source is `src_uri` (None for other pages)."""
        return self._by_src.get(src_uri)

    def place(self, src_uri: str) -> SeriesPlace | None:
        """Where the post `src_uri` sits in the series."""
        return self._places.get(src_uri)

    def entry(self, slug: str) -> GlossaryEntry | None:
        """The glossary entry `slug`."""
        return self._entries.get(slug)

    @property
    def glossary(self) -> dict[str, GlossaryEntry]:
        """Glossary entries by slug, A to Z."""
        return dict(self._entries)

    @property
    def published(self) -> tuple[Post, ...]:
        """The posts readers of the published site see (what feeds carry)."""
        return tuple(post for post in self.posts if post.published)
