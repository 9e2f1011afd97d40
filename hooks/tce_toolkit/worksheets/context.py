"""The template context of the worksheets: what a worksheet, the pack and the site show.

Frozen dataclasses, built from the model (posts and glossary entries) by pure functions; author text
stays text (the templates escape it) and Markdown becomes escaped inline HTML (`render_inline`).
"""

from __future__ import annotations

import functools
import posixpath
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from markupsafe import Markup, escape

from ..models import GlossaryEntry, Post, QuestionNotes
from ..text import markdown_text
from .cache import DiskCache
from .names import (
    FACILITATOR,
    PACK_NAME,
    PACK_TITLE,
    PAPERS,
    PARTICIPANT,
    Paper,
    sheet_pdf_name,
)
from .paper_text import render_inline
from .qr import make_qr
from .steps import FACILITATOR_STEPS, MIN_LINES, PARTICIPANT_STEPS, GiveWay

FRONT_PAGES = 2  # a pack's cover and contents page, until its own layout says otherwise
ABSOLUTE = ("http://", "https://")


@dataclass(frozen=True)
class FeedLink:
    """A feed a worksheet page points browsers and feed readers to (`<link rel="alternate">`)."""

    title: str
    media_type: str  # e.g. "application/rss+xml"
    url: str  # absolute, or site-relative (e.g. "feed_rss_created.xml")

    def href_from(self, page_url: str) -> str:
        """The link to this feed from the page at the site-relative folder URL `page_url`."""
        if self.url.startswith((*ABSOLUTE, "/")):
            return self.url
        return relative_href(self.url, page_url)


@dataclass(frozen=True)
class SheetSite:
    """What every worksheet needs to know about the site."""

    name: str
    author: str
    url: str  # site_url with a trailing slash, or "" when the site has none
    description: str = ""
    language: str = "en"
    paper: Paper = PAPERS["a4"]
    pdf: bool = True  # whether PDFs are built, so pages may link to them
    feeds: tuple[FeedLink, ...] = ()  # announced in the head of every worksheet page


@dataclass(frozen=True)
class KeyTerm:
    """A glossary term used in a post, with its one-sentence definition."""

    term: str
    summary: Markup


@dataclass(frozen=True)
class SheetNotes:
    """A facilitator's notes on one question, as the facilitator edition shows them."""

    minutes: int | None = None
    draw_out: Markup = Markup("")
    prompt: Markup = Markup("")


@dataclass(frozen=True)
class SheetQuestion:
    """A Reflect question, numbered, with its Markdown rendered as escaped inline HTML."""

    number: int
    html: Markup
    lines: int = MIN_LINES  # ruled writing lines under the question
    text: str = ""  # the question as plain text: the accessible name of its answer field
    notes: SheetNotes | None = None  # the facilitator's notes (shown in the facilitator edition only)


@dataclass(frozen=True)
class Worksheet:
    """Everything a worksheet template shows for one post."""

    slug: str
    part: int
    title: str
    description: str
    date: str  # YYYY-MM-DD
    post_url: str  # absolute when the site has a URL, else site-relative
    post_href: str  # from the worksheet page back to the post
    questions: tuple[SheetQuestion, ...]
    key_terms: tuple[KeyTerm, ...] = ()
    qr: str = ""  # data: URI of an SVG QR code of post_url, or ""
    flow: bool = False  # too long for one page: it runs onto as many pages as it needs
    paper: Paper = PAPERS["a4"]  # the paper its PDF is laid out for
    audience: str = PARTICIPANT  # or FACILITATOR: the trainer's edition, with the notes
    key_idea: Markup = Markup("")  # the part's key idea (facilitator notes, else its description)
    opening: Markup = Markup("")  # how to open the part (facilitator notes)
    opening_minutes: int | None = None
    has_notes: bool = False  # whether the author wrote any facilitator notes for the part
    step: int = 0  # how far the layout gave way: an index into `steps` (0: nothing gave way)
    gap: float = 0.0  # CSS px added under each question's lines: the room left after equal writing lines
    glossary_url: str = ""  # the glossary's index, where the key terms a sheet leaves out are found

    @property
    def steps(self) -> tuple[GiveWay, ...]:
        """The order in which this edition's sheet gives way when room runs short."""
        return FACILITATOR_STEPS if self.facilitator else PARTICIPANT_STEPS

    @property
    def give_way(self) -> GiveWay:
        """How this sheet is laid out: its floor of writing lines, the key terms it lists, its type."""
        return self.steps[min(self.step, len(self.steps) - 1)]

    @property
    def compact(self) -> bool:
        """Whether the type is set at its minimums (the last steps of giving way)."""
        return self.give_way.compact and not self.flow

    @property
    def shown_terms(self) -> tuple[KeyTerm, ...]:
        """The key terms the sheet lists (a facilitator sheet lists none)."""
        if self.facilitator:
            return ()
        limit = None if self.flow else self.give_way.terms
        return self.key_terms if limit is None else self.key_terms[:limit]

    @property
    def more_terms(self) -> int:
        """How many of the post's key terms the sheet leaves out (it says so, pointing to the glossary)."""
        return 0 if self.facilitator else len(self.key_terms) - len(self.shown_terms)

    @property
    def untimed(self) -> tuple[int, ...]:
        """The numbers of the questions that have notes but no time (the session plan cannot count them)."""
        return tuple(q.number for q in self.questions if not (q.notes and q.notes.minutes)) if self.has_notes else ()

    @property
    def pdf_name(self) -> str:
        """The PDF's file name in /worksheets/: `<slug>-<paper>.pdf`, `<slug>-facilitator-<paper>.pdf`."""
        return sheet_pdf_name(self.slug, self.paper, self.audience)

    @property
    def facilitator(self) -> bool:
        """Whether this is the facilitator edition."""
        return self.audience == FACILITATOR

    @property
    def minutes(self) -> int:
        """The suggested time for the part: the opening and every question's time, in minutes."""
        times = [q.notes.minutes for q in self.questions if q.notes is not None and q.notes.minutes]
        return (self.opening_minutes or 0) + sum(times)

    @property
    def field_prefix(self) -> str:
        """What every form field of the sheet is named after: unique within a pack, as slugs are."""
        return self.slug

    @property
    def min_lines(self) -> int:
        """The fewest writing lines a question gets on this sheet, at its step of giving way."""
        return self.give_way.floor

    def at_step(self, step: int) -> Worksheet:
        """This worksheet at a step of giving way, with that step's floor of writing lines under each question."""
        sheet = replace(self, step=step, gap=0.0, flow=False)
        return replace(sheet, questions=lined(sheet.questions, [sheet.min_lines] * len(sheet.questions)))

    def variant(self, paper: Paper, audience: str = PARTICIPANT) -> Worksheet:
        """This worksheet laid out for `paper`, in the participants' or the facilitator's edition."""
        return replace(self, paper=paper, audience=audience).at_step(0)

    @property
    def page_url(self) -> str:
        """The worksheet page's site-relative URL."""
        return f"worksheets/{self.slug}/"

    @property
    def post_url_is_absolute(self) -> bool:
        """Whether `post_url` is a full address, which paper can show as a link and a QR code."""
        return self.post_url.startswith(ABSOLUTE)


def lined(questions: Sequence[SheetQuestion], lines: Sequence[int]) -> tuple[SheetQuestion, ...]:
    """The questions with `lines[i]` writing lines under question i (one that has them already is kept
    as it is: the variants of a sheet mostly start from the same lines)."""
    return tuple(q if q.lines == n else replace(q, lines=n) for q, n in zip(questions, lines, strict=True))


@dataclass(frozen=True)
class PackEntry:
    """A worksheet's line on the pack's contents page: the sheet, the page it starts on, its page count."""

    sheet: Worksheet
    page: int  # the pack's page number (the cover is page 1) where the worksheet starts
    pages: int = 1


@dataclass(frozen=True)
class Pack:
    """A workshop pack: worksheets in series order behind a cover and a contents page.

    The pack is put together from the worksheets' own PDFs, so its page numbers are known before
    anything is laid out: each worksheet starts after the front pages (cover and contents) and the
    pages of the worksheets before it.
    """

    sheets: tuple[Worksheet, ...]
    edition: str  # date of the newest post, YYYY-MM-DD: never the clock, so builds repeat exactly
    pdf_name: str = f"{PACK_NAME}.pdf"
    title: str = PACK_TITLE
    complete: bool = True  # every worksheet of the series, or a chosen few
    contents: tuple[PackEntry, ...] = ()  # one per sheet, in the same order
    front_pages: int = FRONT_PAGES  # the cover and the contents page(s)
    audience: str = PARTICIPANT  # FACILITATOR: the trainer's pack, with the session plan

    @property
    def facilitator(self) -> bool:
        """Whether this is the facilitator's pack (it opens with a session plan)."""
        return self.audience == FACILITATOR

    @property
    def minutes(self) -> int:
        """The suggested time for the whole session: every part's, in minutes."""
        return sum(sheet.minutes for sheet in self.sheets)

    @property
    def untimed(self) -> int:
        """How many questions of parts with facilitator notes have no time (the plan cannot count them)."""
        return sum(len(sheet.untimed) for sheet in self.sheets)

    @property
    def pages(self) -> int:
        """The pack's page count: the front pages and every worksheet's pages."""
        return self.front_pages + sum(entry.pages for entry in self.contents)


SESSION_PLAN_NAME = "facilitator-plan.json"  # the session plan's facts, for packs made in a browser


def session_plan_json(sheets: Sequence[Worksheet]) -> bytes:
    """The facts a session plan is made of, one entry a part in series order, as JSON (sorted, stable).

    For a pack of chosen parts made in the browser: the facilitator's notes stay out of every page, and
    this file sits with the facilitator PDFs they are printed in.
    """
    import json  # noqa: PLC0415 - only when PDFs are built

    parts = []
    for sheet in sorted(sheets, key=lambda sheet: sheet.part):
        parts.append(
            {
                "slug": sheet.slug,
                "part": sheet.part,
                "title": sheet.title,
                "minutes": sheet.minutes,
                "opening_minutes": sheet.opening_minutes or 0,
                "question_minutes": [q.notes.minutes or 0 if q.notes else 0 for q in sheet.questions],
                "untimed": list(sheet.untimed),
                "key_idea": Markup(sheet.key_idea).striptags(),  # as the reader sees it
                "has_notes": sheet.has_notes,
            }
        )
    return (json.dumps({"parts": parts}, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")


# --- Building the context ------------------------------------------------------------------------


# Process-wide: a pure function of the glossary's entries (the same for every sheet of a build).
@functools.lru_cache(maxsize=4)
def _linker(entries: tuple[GlossaryEntry, ...]):  # noqa: ANN202 - a Linker, imported below
    """The glossary linker over `entries`: the one matching rule for terms in text."""
    from ..linker import Linker  # noqa: PLC0415

    return Linker.build(entries)


def build_key_terms(
    slugs: Iterable[str], glossary: Mapping[str, GlossaryEntry], questions: Sequence[str] = ()
) -> tuple[KeyTerm, ...]:
    """The glossary entries a post uses, each once, those its questions lean on most first; unknown slugs are skipped.

    The entries the questions (`questions`, as plain text) use come first, the most used first, found by
    the glossary linker's own matching; then the others in the order the post first uses them. A sheet
    short of room lists the first few.
    """
    ordered = [slug for slug in dict.fromkeys(slugs) if slug in glossary]
    uses: dict[str, int] = dict.fromkeys(ordered, 0)
    if questions and ordered:
        # The whole glossary, as on the page: "internal customer" is that entry, not "customer" in it.
        linker = _linker(tuple(glossary.values()))
        for text in questions:
            for _, _, slug in linker.find(text):
                if slug in uses:
                    uses[slug] += 1
    # Most used in the questions first; a stable sort keeps the order of first use among equals.
    ranked = sorted(ordered, key=lambda slug: -uses.get(slug, 0))
    return tuple(KeyTerm(glossary[slug].term, render_inline(glossary[slug].summary)) for slug in ranked)


def relative_href(target: str, from_dir: str) -> str:
    """A link from the page at folder URL `from_dir` to the site-relative URL `target`."""
    href = posixpath.relpath(target or ".", from_dir.rstrip("/") or ".")
    folder = not target or target.endswith("/")
    return href + "/" if folder and not href.endswith("/") else href


def build_worksheet(
    post: Post,
    *,
    site: SheetSite,
    glossary: Mapping[str, GlossaryEntry] | None = None,
    term_slugs: Iterable[str] = (),
    qr: bool = True,
    qr_cache: DiskCache | Path | None = None,
) -> Worksheet:
    """The template context of one post's worksheet.

    `qr_cache` keeps QR codes between builds: a `QrCache` (whose `warnings` tell when it could not be
    written; prune it once a build), or a folder.
    """
    post_url = site.url + post.url if site.url else post.url
    session = post.session_notes
    entries = list((glossary or {}).values())
    # The glossary's index is the folder of its entries' pages.
    index = posixpath.dirname(entries[0].url.rstrip("/")) + "/" if entries and entries[0].url else ""
    texts = [markdown_text(q.markdown) for q in post.questions]
    return Worksheet(
        slug=post.slug,
        part=post.part,
        title=post.title,
        description=post.description,
        date=f"{post.date:%Y-%m-%d}",
        post_url=post_url,
        post_href=relative_href(post.url, f"worksheets/{post.slug}/"),
        questions=tuple(
            SheetQuestion(q.number, render_inline(q.markdown), text=text, notes=_notes(q.notes))
            for q, text in zip(post.questions, texts, strict=True)
        ),
        key_terms=build_key_terms(term_slugs, glossary or {}, texts),
        qr=make_qr(post_url, qr_cache) if qr and post_url.startswith(ABSOLUTE) else "",
        paper=site.paper,
        key_idea=render_inline(session.key_idea) if session and session.key_idea else Markup(escape(post.description)),
        opening=render_inline(session.opening) if session and session.opening else Markup(""),
        opening_minutes=session.opening_minutes if session else None,
        has_notes=post.has_facilitator_notes,
        glossary_url=(site.url + index if site.url else index) if index else "",
    ).at_step(0)


def _notes(notes: QuestionNotes | None) -> SheetNotes | None:
    if notes is None:
        return None
    return SheetNotes(
        notes.minutes,
        render_inline(notes.draw_out) if notes.draw_out else Markup(""),
        render_inline(notes.prompt) if notes.prompt else Markup(""),
    )


def build_pack(
    sheets: Sequence[Worksheet],
    *,
    pages: Mapping[str, int] | None = None,
    front_pages: int = FRONT_PAGES,
    title: str = PACK_TITLE,
    complete: bool = True,
    pdf_name: str = f"{PACK_NAME}.pdf",
    audience: str = PARTICIPANT,
) -> Pack:
    """The workshop pack of `sheets`, in series order, with the page each one starts on.

    `pages` gives each worksheet's page count by slug (1 when missing); `front_pages` is the number
    of pages of the cover and the contents; `complete` says the pack holds the whole series.
    """
    ordered = tuple(sorted(sheets, key=lambda sheet: sheet.part))
    contents, page = [], front_pages + 1
    for sheet in ordered:
        count = max(1, (pages or {}).get(sheet.slug, 1))
        contents.append(PackEntry(sheet, page, count))
        page += count
    edition = max((sheet.date for sheet in ordered), default="")
    return Pack(ordered, edition, pdf_name, title, complete, tuple(contents), front_pages, audience)
