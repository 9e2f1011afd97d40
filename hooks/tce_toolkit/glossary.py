"""Glossary: entries read from Markdown, their relation graph, and the linker for post HTML."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import accumulate

from .errors import AuthorError, clash_problems
from .meta import as_strings, line_of_key, parse_document
from .models import GlossaryEntry

# Text inside these elements is never linked.
SKIP_TAGS = frozenset(
    {
        "a",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "code",
        "pre",
        "kbd",
        "samp",
        "script",
        "style",
        "button",
        "label",
        "textarea",
        "select",
        "option",
        "svg",
        "math",
        "abbr",
        "dfn",
        "title",
    }
)
SKIP_CLASSES = frozenset({"tce-no-glossary", "admonition-title", "headerlink", "tce-series-part", "tce-worksheet-link"})
LINK_CLASS = "tce-glossary-term"
_WORD = re.compile(r"[^\W_]+(?:-[^\W_]+)*")
_WORD_SPLIT = re.compile(f"({_WORD.pattern})")
_SHORTCUT = re.compile(r"\[\[(!?)([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")
_CODE_SPAN = re.compile(r"(`+)(?:.|\n)*?\1")
_FENCE = re.compile(r"^[ \t]*(```|~~~)")


def parse_entry(text: str, src: str, src_uri: str, slug: str) -> tuple[GlossaryEntry | None, list[AuthorError]]:
    """Read one glossary entry file; return the entry (None if unusable) and the problems found."""
    try:
        doc = parse_document(text, src)
    except AuthorError as problem:
        return None, [problem]
    meta, problems = doc.meta, []
    term, summary = meta.get("term"), meta.get("summary")
    if not isinstance(term, str) or not term.strip():
        problems.append(
            AuthorError(
                src,
                line_of_key(text, "term"),
                "the glossary entry has no term",
                "add 'term: The term' to the front matter",
            )
        )
    if not isinstance(summary, str) or not summary.strip():
        problems.append(
            AuthorError(
                src,
                line_of_key(text, "summary"),
                "the glossary entry has no summary",
                "add 'summary:' with one sentence that defines the term",
            )
        )
    aliases, related = as_strings(meta.get("aliases")), as_strings(meta.get("related"))
    if aliases is None:
        problems.append(
            AuthorError(
                src,
                line_of_key(text, "aliases"),
                "'aliases' must be a list of words",
                "write one alias per line, e.g. '  - internal customers'",
            )
        )
    if related is None:
        problems.append(
            AuthorError(
                src,
                line_of_key(text, "related"),
                "'related' must be a list of entry names",
                "write one entry file name (without .md) per line",
            )
        )
    if problems:
        return None, problems
    entry = GlossaryEntry(
        slug=slug,
        term=" ".join(term.split()),
        summary=" ".join(summary.split()),
        src=src,
        src_uri=src_uri,
        aliases=tuple(a for a in aliases if a),
        related=tuple(related),
    )
    return entry, []


def _key(form: str) -> str:
    return " ".join(_WORD.findall(form.casefold()))


def check_glossary(entries: Iterable[GlossaryEntry], texts: Mapping[str, str] | None = None) -> list[AuthorError]:
    """Problems across entries: unknown `related` slugs, and a term or alias claimed twice."""
    entries = list(entries)
    texts = texts or {}
    slugs = {entry.slug for entry in entries}
    problems: list[AuthorError] = []
    owners: dict[str, list[GlossaryEntry]] = defaultdict(list)
    for entry in entries:
        text = texts.get(entry.src, "")
        for slug in entry.related:
            if slug not in slugs:
                problems.append(
                    AuthorError(
                        entry.src,
                        line_of_key(text, "related", value=slug),
                        f"the related entry '{slug}' does not exist",
                        f"use the file name of an entry in docs/glossary/ (one of: {', '.join(sorted(slugs))})",
                    )
                )
        for form in dict.fromkeys(_key(form) for form in entry.forms):
            owners[form].append(entry)
    problems += clash_problems(
        owners,
        lambda form, others: f"the wording '{form}' is also claimed by {others}",
        "keep each term and alias in one entry only",
        line=lambda entry, form: line_of_key(texts.get(entry.src, ""), "aliases", value=form),
    )
    return problems


def relations(entries: Iterable[GlossaryEntry]) -> dict[str, list[str]]:
    """Related entries in both directions (a relation declared on one side counts for both), by term."""
    entries = {entry.slug: entry for entry in entries}
    linked: dict[str, set[str]] = {slug: set() for slug in entries}
    for entry in entries.values():
        for other in entry.related:
            if other in entries and other != entry.slug:
                linked[entry.slug].add(other)
                linked[other].add(entry.slug)
    return {slug: sorted(others, key=lambda s: entries[s].term.casefold()) for slug, others in linked.items()}


def _plural(word: str) -> str:
    if re.search(r"(s|x|z|ch|sh)$", word):
        return word + "es"
    if re.search(r"[^aeiou]y$", word):
        return word[:-1] + "ies"
    return word + "s"


@dataclass
class Linker:
    """Links glossary terms in HTML: the first use of each entry, longest wording first.

    Matching looks words up in a dict, so its cost per word does not grow with the number of entries:
    a word that starts no wording costs one lookup, and a word that does is tried only with the
    lengths of the wordings it starts (`starts`), longest first.
    """

    entries: dict[str, GlossaryEntry]
    forms: dict[str, str] = field(default_factory=dict)  # normalised wording -> slug
    longest: int = 1
    # First word of a wording -> the word counts of the wordings it starts, longest first.
    starts: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        if not self.starts:
            lengths: dict[str, set[int]] = defaultdict(set)
            for form in self.forms:
                words = form.split()
                lengths[words[0]].add(len(words))
            self.starts = {word: tuple(sorted(sizes, reverse=True)) for word, sizes in lengths.items()}

    @classmethod
    def build(cls, entries: Iterable[GlossaryEntry]) -> Linker:
        """Index every term, alias and their regular plurals (explicit wordings win)."""
        entries = {entry.slug: entry for entry in entries}
        forms: dict[str, str] = {}
        for entry in entries.values():
            for form in entry.forms:
                forms.setdefault(_key(form), entry.slug)
        for entry in entries.values():
            for form in entry.forms:
                words = _key(form).split()
                if words:
                    forms.setdefault(" ".join([*words[:-1], _plural(words[-1])]), entry.slug)
        forms.pop("", None)
        longest = max((len(form.split()) for form in forms), default=1)
        return cls(entries, forms, longest)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Every (start, end, slug) match in plain text, longest wording first, left to right."""
        # parts = [separator, word, separator, word, ..., separator]: word i is parts[2i + 1].
        parts = _WORD_SPLIT.split(text)
        if len(parts) == 1:
            return []
        folded = list(map(str.casefold, parts[1::2]))
        starts, forms = self.starts, self.forms
        # Only a word that starts some wording can start a match: most text has few or none.
        candidates = [index for index, word in enumerate(folded) if word in starts]
        if not candidates:
            return []
        offsets = list(accumulate(map(len, parts)))  # word i runs from offsets[2i] to offsets[2i + 1]
        found, free, count = [], 0, len(folded)
        for index in candidates:
            if index < free:
                continue
            for size in starts[folded[index]]:
                last = index + size - 1
                if last >= count:
                    continue
                # Words of one wording must be separated by spaces only, not by punctuation.
                if size > 1 and any(parts[2 * k + 2].strip() for k in range(index, last)):
                    continue
                slug = forms.get(" ".join(folded[index : last + 1]))
                if slug:
                    found.append((offsets[2 * index], offsets[2 * last + 1], slug))
                    free = last + 1
                    break
        return found

    def link(self, content: str, page_url: str, relative_url, *, skip: Iterable[str] = ()) -> tuple[str, list[str]]:
        """Link the first use of each entry in `content` (HTML).

        `relative_url(target)` turns a site-relative URL into a link from the page. `skip` names
        entries never to link here (the entry's own page). Returns the new HTML and the slugs used,
        in order of first use (forced links included). Only text is changed: every tag, attribute
        and entity of the original markup is written back exactly as it came.
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
            f'<a href="{html.escape(href)}" class="{LINK_CLASS}" title="{html.escape(entry.summary)}"'
            f"{anchor_id}>{text}</a>"
        )


_FORCED = re.compile(r'data-tce-glossary="([^"]+)"')
_VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source", "track", "wbr"}
)


class _LinkRewriter(HTMLParser):
    """Streams HTML through, linking terms in text nodes outside the elements that must stay as they are."""

    def __init__(self, linker: Linker, relative_url, skip: set[str]) -> None:
        super().__init__(convert_charrefs=False)
        self.linker, self.relative_url = linker, relative_url
        self.linked: set[str] = set(skip)
        self.forced: set[str] = set()
        self.skip = skip
        self.used: list[str] = []
        self.out: list[str] = []
        self.stack: list[tuple[str, bool, str | None]] = []  # (tag, text is left alone, end tag to write)
        self.frozen = 0  # how many open elements forbid linking

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or f"<{tag}>"
        if tag in _VOID:
            self.out.append(raw)
            return
        values = dict(attrs)
        forced = values.get("data-tce-glossary")
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
        frozen = tag in SKIP_TAGS or bool(SKIP_CLASSES & classes)
        self.stack.append((tag, frozen, None))
        self.frozen += frozen
        self.out.append(raw)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.out.append(self.get_starttag_text() or f"<{tag} />")

    def handle_endtag(self, tag: str) -> None:
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
        if self.frozen or not data.strip():
            self.out.append(data)
            return
        position = 0
        for start, end, slug in self.linker.find(data):
            if slug in self.linked:
                continue
            self.linked.add(slug)
            self.used.append(slug)
            entry = self.linker.entries[slug]
            self.out.append(data[position:start])
            self.out.append(self.linker.anchor(slug, data[start:end], self.relative_url(entry.url)))
            position = end
        self.out.append(data[position:])

    def handle_entityref(self, name: str) -> None:
        self.out.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.out.append(f"&#{name};")

    def handle_comment(self, data: str) -> None:
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl: str) -> None:
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data: str) -> None:
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data: str) -> None:
        self.out.append(f"<![{data}]>")


def convert_shortcuts(markdown: str, linker: Linker, path: str, first_line: int = 1) -> tuple[str, list[AuthorError]]:
    """Turn `[[term]]`, `[[term|text]]` (force a link) and `[[!text]]` (never link) into HTML spans.

    Fenced code blocks and inline code are left alone. An unknown term is a problem for the author.
    """
    problems: list[AuthorError] = []
    lines = markdown.split("\n")
    in_fence = False
    for number, line in enumerate(lines):
        if _FENCE.match(line):
            in_fence = not in_fence
            continue
        if in_fence or "[[" not in line:
            continue
        code = [m.span() for m in _CODE_SPAN.finditer(line)]

        def replace(match: re.Match[str], number: int = number, code: list = code) -> str:
            if any(a <= match.start() < b for a, b in code):
                return match.group(0)
            negate, target, shown = match.group(1), match.group(2).strip(), (match.group(3) or "").strip()
            if negate:
                return f'<span class="tce-no-glossary">{html.escape(target)}</span>'
            slug = linker.forms.get(_key(target)) or (target if target in linker.entries else None)
            if slug is None:
                problems.append(
                    AuthorError(
                        path,
                        first_line + number,
                        f"'[[{target}]]' names no glossary entry",
                        "use a term or alias from docs/glossary/, or remove the brackets",
                    )
                )
                return match.group(0)
            return f'<span data-tce-glossary="{html.escape(slug)}">{html.escape(shown or target)}</span>'

        lines[number] = _SHORTCUT.sub(replace, line)
    return "\n".join(lines), problems
