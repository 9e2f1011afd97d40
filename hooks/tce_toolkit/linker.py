"""The glossary linker: links the first use of each entry in a page's HTML, changing only text."""

from __future__ import annotations

import bisect
import html
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import accumulate

from .glossary import TOKEN, plural_key, wording_key
from .markup import CHROME_ATTR, FORCED_ATTR, GLOSSARY_LINK_CLASS, NO_GLOSSARY_CLASS
from .models import GlossaryEntry
from .text import markdown_text

# Text inside these elements is never linked (`summary` is the title of a collapsible block).
SKIP_TAGS = frozenset(
    {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "kbd", "samp", "script", "style", "button", "label"}
    | {"textarea", "select", "option", "svg", "math", "abbr", "dfn", "title", "summary", "figcaption"}
)
SKIP_CLASSES = frozenset({NO_GLOSSARY_CLASS, "admonition-title", "headerlink"})
_TOKEN_SPLIT = re.compile(f"({TOKEN.pattern})")
BLOCKED = ""  # the "slug" of a `not_in` phrase: its words are taken, and nothing in them is linked


@dataclass
class Linker:
    """Links glossary terms in HTML: the first use of each entry, longest wording first.

    Matching looks words up in a dict, so its cost per word does not grow with the number of entries:
    a word that starts no wording costs one lookup, and a word that does is tried only with the
    lengths of the wordings it starts (`starts`), longest first.
    """

    entries: dict[str, GlossaryEntry]
    forms: dict[str, str] = field(default_factory=dict)  # wording key -> slug (BLOCKED for a `not_in` phrase)
    longest: int = 1
    # First token of a wording -> the token counts of the wordings it starts, longest first.
    starts: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.starts:
            lengths: dict[str, set[int]] = defaultdict(set)
            for form in self.forms:
                tokens = TOKEN.findall(form)
                lengths[tokens[0]].add(len(tokens))
            self.starts = {token: tuple(sorted(sizes, reverse=True)) for token, sizes in lengths.items()}

    @classmethod
    def build(cls, entries: Iterable[GlossaryEntry]) -> Linker:
        """Index every term, alias and their regular plurals (explicit wordings win), then each entry's
        `not_in` phrases, which take their words so that nothing in them is linked."""
        entries = {entry.slug: entry for entry in entries}
        forms: dict[str, str] = {}
        for entry in entries.values():
            for form in entry.forms:
                forms.setdefault(wording_key(form), entry.slug)
        for entry in entries.values():
            for form in entry.forms:
                plural = plural_key(wording_key(form))
                if plural:
                    forms.setdefault(plural, entry.slug)
        for entry in entries.values():
            for phrase in entry.not_in:
                key = wording_key(phrase)
                for blocked in (key, plural_key(key)):
                    if blocked:
                        forms.setdefault(blocked, BLOCKED)
        forms.pop("", None)
        longest = max((len(TOKEN.findall(form)) for form in forms), default=1)
        return cls(entries, forms, longest)

    def resolve(self, wording: str) -> str | None:
        """The slug of the entry a `[[wording]]` names (a term, an alias, a plural or a slug), or None."""
        return self.forms.get(wording_key(wording)) or (wording if wording in self.entries else None)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Every (start, end, slug) match in plain text, longest wording first, left to right.

        Text is read as tokens (words, and every other mark alone), and a wording matches tokens written
        the same way: the same marks, and spaces where it has spaces. A possessive ("customer's")
        matches the wording without its "'s", which stays outside the link.
        """
        # parts = [space, token, space, token, ..., space]: token i is parts[2i + 1], and the white space
        # after it is parts[2i + 2] (empty where the next token follows at once).
        parts = _TOKEN_SPLIT.split(text)
        if len(parts) == 1:
            return []
        # Every token folded in one call: a token holds no white space and folding makes none (it maps
        # each character alone), so the spaces put between the tokens split them apart again.
        joined = " ".join(parts[1::2]).casefold().replace("’", "'")
        folded = joined.split(" ")
        starts, forms = self.starts, self.forms
        # Only a token that starts some wording (or whose possessive's stem does) can start a match:
        # most text has few or none. Possessives are looked for only in text that has one.
        if "'s" in joined:
            candidates = [
                i for i, word in enumerate(folded) if word in starts or (word.endswith("'s") and word[:-2] in starts)
            ]
        else:
            candidates = [i for i, word in enumerate(folded) if word in starts]
        if not candidates:
            return []
        offsets = list(accumulate(map(len, parts)))  # token i runs from offsets[2i] to offsets[2i + 1]
        found: list[tuple[int, int, str]] = []
        free, count = 0, len(folded)
        for index in candidates:
            if index < free:
                continue
            # The lengths of the wordings the word starts (longest first), and those its possessive's stem starts.
            sizes = starts.get(folded[index], ())
            possessive = _stem(folded[index])
            if possessive in starts:
                sizes = sorted(set(sizes) | set(starts[possessive]), reverse=True)
            for size in sizes:
                last = index + size - 1
                if last >= count:
                    continue
                # Between two tokens: a space where the text has white space, nothing where it has none.
                head = "".join(folded[k] + (" " if parts[2 * k + 2] else "") for k in range(index, last))
                slug = forms.get(head + folded[last])
                end = offsets[2 * last + 1]
                stem = _stem(folded[last])
                if slug is None and stem:
                    slug = forms.get(head + stem)
                    end -= 2
                if slug is not None:
                    if slug != BLOCKED:
                        found.append((offsets[2 * index], end, slug))
                    free = last + 1
                    break
        return found

    def link(
        self, content: str, relative_url: Callable[[str], str], *, skip: Iterable[str] = ()
    ) -> tuple[str, list[str]]:
        """Link the first use of each entry in `content` (HTML).

        `relative_url(target)` turns a site-relative URL into a link from the page. `skip` names
        entries never to link here (the entry's own page). Returns the new HTML and the slugs used,
        in order of first use (forced links included). A `[[...]]` that names no entry is left as it
        is (the build reports it at its line: `shortcuts.unknown_problems`). Only text is changed:
        every tag, attribute and entity of the original markup is written back exactly as it came.
        """
        rewriter = _LinkRewriter(self, relative_url, set(skip))
        # A forced link ([[term]]) is the entry's link on this page: no automatic link before it.
        rewriter.linked.update(_FORCED.findall(content))
        rewriter.feed(content)
        rewriter.close()
        return "".join(rewriter.out), rewriter.used

    def anchor(self, slug: str, text: str, href: str, *, first: bool = True) -> str:
        """The start tag of a link to an entry; `text` is already HTML."""
        entry = self.entries[slug]
        anchor_id = f' id="term-{slug}"' if first else ""
        return (
            f'<a href="{html.escape(href)}" class="{GLOSSARY_LINK_CLASS}" title="{html.escape(markdown_text(entry.summary))}"'
            f"{anchor_id}>{text}</a>"
        )


def _stem(word: str) -> str | None:
    """A folded possessive's stem ("customer's" -> "customer"); None for any other word."""
    return word[:-2] if word.endswith("'s") else None


_FORCED = re.compile(FORCED_ATTR + r'="([^"]+)"')  # the toolkit's own marker, written by shortcuts.py
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)


class _LinkRewriter(HTMLParser):
    """Streams HTML through, linking terms in text nodes outside the elements that must stay as they are."""

    def __init__(self, linker: Linker, relative_url: Callable[[str], str], skip: set[str]) -> None:
        super().__init__(convert_charrefs=False)
        self.linker, self.relative_url = linker, relative_url
        self.linked: set[str] = set(skip)
        self.forced: set[str] = set()
        self.skip = skip
        self.used: list[str] = []
        self.out: list[str] = []
        # The current run of text as (markup, text) pieces: "Q&amp;A desk" comes as data, an entity and
        # data, and a wording must match across them ("Q&A desk"); each piece is written back as it came.
        self.pending: list[tuple[str, str]] = []
        self.stack: list[tuple[str, bool, str | None]] = []  # (tag, text is left alone, end tag to write)
        self.frozen = 0  # how many open elements forbid linking

    def updatepos(self, i: int, j: int) -> int:
        """Moves on to `j` without counting lines: HTMLParser keeps the line and column of every step for
        `getpos()`, which the rewriter never asks for (a tenth of its time on a post)."""
        return j

    def close(self) -> None:
        """Finish the HTML, linking in the last run of text."""
        super().close()
        self._flush()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._flush()
        raw = self.get_starttag_text() or f"<{tag}>"
        if tag in _VOID:
            self.out.append(raw)
            return
        values = dict(attrs)
        forced = values.get(FORCED_ATTR)
        if forced in self.linker.entries:
            # A [[term]] written by the author: it becomes the entry's link here.
            first = forced not in self.forced
            self.forced.add(forced)
            if forced not in self.used and forced not in self.skip:
                self.used.append(forced)
            entry = self.linker.entries[forced]
            start = self.linker.anchor(forced, "", self.relative_url(entry.url), first=first).removesuffix("</a>")
            self.out.append(start)
            self.stack.append((tag, True, "</a>"))
            self.frozen += 1
            return
        classes = set((values.get("class") or "").split())
        frozen = tag in SKIP_TAGS or bool(SKIP_CLASSES & classes) or CHROME_ATTR in values
        self.stack.append((tag, frozen, None))
        self.frozen += frozen
        self.out.append(raw)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._flush()
        self.out.append(self.get_starttag_text() or f"<{tag} />")

    def handle_endtag(self, tag: str) -> None:
        self._flush()
        replacement = None
        if any(open_tag == tag for open_tag, _, _ in self.stack):
            while self.stack:
                open_tag, frozen, end = self.stack.pop()
                self.frozen -= frozen
                if open_tag == tag:
                    replacement = end
                    break
        self.out.append(replacement or f"</{tag}>")

    def handle_data(self, data: str) -> None:
        self.pending.append((data, data))

    def handle_entityref(self, name: str) -> None:
        self.pending.append((f"&{name};", html.unescape(f"&{name};")))

    def handle_charref(self, name: str) -> None:
        self.pending.append((f"&#{name};", html.unescape(f"&#{name};")))

    def _flush(self) -> None:
        """Write the pending run of text, its first use of each entry linked."""
        pieces = self.pending
        if not pieces:  # between two tags with nothing in between
            return
        self.pending = []
        if len(pieces) == 1:
            markup, text = pieces[0]
        else:
            markup = "".join(raw for raw, _ in pieces)
            text = "".join(plain for _, plain in pieces)
        if self.frozen or not text.strip():
            self.out.append(markup)
            return
        to_markup = _offsets(pieces)
        position = 0
        for start, end, slug in self.linker.find(text):
            if slug in self.linked:
                continue
            first, last = to_markup(start), to_markup(end)
            if first is None or last is None:
                continue
            self.linked.add(slug)
            self.used.append(slug)
            entry = self.linker.entries[slug]
            self.out.append(markup[position:first])
            self.out.append(self.linker.anchor(slug, markup[first:last], self.relative_url(entry.url)))
            position = last
        self.out.append(markup[position:])

    def handle_comment(self, data: str) -> None:
        self._flush()
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self._flush()
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self._flush()
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self._flush()
        self.out.append(f"<![{data}]>")


def _offsets(pieces: list[tuple[str, str]]) -> Callable[[int], int | None]:
    """Maps a place in the text of (markup, text) pieces to its place in the markup: None inside an entity."""
    if len(pieces) == 1 and pieces[0][0] == pieces[0][1]:
        return lambda position: position
    text_starts, markup_starts, same = [], [], []
    text_at = markup_at = 0
    for raw, plain in pieces:
        text_starts.append(text_at)
        markup_starts.append(markup_at)
        same.append(raw == plain)
        text_at, markup_at = text_at + len(plain), markup_at + len(raw)

    def to_markup(position: int) -> int | None:
        if position >= text_at:
            return markup_at
        index = bisect.bisect_right(text_starts, position) - 1
        offset = position - text_starts[index]
        return markup_starts[index] + offset if same[index] or offset == 0 else None

    return to_markup
