"""Glossary: entries read from Markdown, their relation graph, and the linker for post HTML."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import lxml.html

from .errors import AuthorError
from .meta import line_of_key, parse_document
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
_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)*(?:-[^\W_]+)*")
_SHORTCUT = re.compile(r"\[\[(!?)([^\[\]|\n]+?)(?:\|([^\[\]\n]+?))?\]\]")
_CODE_SPAN = re.compile(r"(`+)(?:.|\n)*?\1")
_FENCE = re.compile(r"^[ \t]*(```|~~~)")


def _strings(value: object) -> tuple[str, ...] | None:
    if value is None:
        return ()
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(item.strip() for item in value)
    return None


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
    aliases, related = _strings(meta.get("aliases")), _strings(meta.get("related"))
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
    for form, claimants in owners.items():
        if len(claimants) > 1:
            for entry in claimants:
                others = ", ".join(other.src for other in claimants if other is not entry)
                problems.append(
                    AuthorError(
                        entry.src,
                        line_of_key(texts.get(entry.src, ""), "aliases", value=form),
                        f"the wording '{form}' is also claimed by {others}",
                        "keep each term and alias in one entry only",
                    )
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

    Matching looks words up in a dict (at most `longest` words at a time), so its cost per word does
    not grow with the number of entries.
    """

    entries: dict[str, GlossaryEntry]
    forms: dict[str, str] = field(default_factory=dict)  # normalised wording -> slug
    longest: int = 1

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
        words = [(m.start(), m.end(), m.group().casefold()) for m in _WORD.finditer(text)]
        found, index = [], 0
        while index < len(words):
            for size in range(min(self.longest, len(words) - index), 0, -1):
                chunk = words[index : index + size]
                # Words of one wording must be separated by spaces only, not by punctuation.
                if any(text[a[1] : b[0]].strip() for a, b in zip(chunk, chunk[1:], strict=False)):
                    continue
                slug = self.forms.get(" ".join(w[2] for w in chunk))
                if slug:
                    found.append((chunk[0][0], chunk[-1][1], slug))
                    index += size
                    break
            else:
                index += 1
        return found

    def link(self, content: str, page_url: str, relative_url, *, skip: Iterable[str] = ()) -> tuple[str, list[str]]:
        """Link the first use of each entry in `content` (HTML).

        `relative_url(target)` turns a site-relative URL into a link from the page. `skip` names
        entries never to link here (the entry's own page). Returns the new HTML and the slugs used,
        in order of first use (forced links included).
        """
        root = lxml.html.fragment_fromstring(content, create_parent="div")
        linked: set[str] = set(skip)
        used: list[str] = []

        def make_link(slug: str, text: str) -> lxml.html.HtmlElement:
            entry = self.entries[slug]
            anchor = lxml.html.Element(
                "a",
                {"href": relative_url(entry.url), "class": LINK_CLASS, "title": entry.summary, "id": f"term-{slug}"},
            )
            anchor.text = text
            return anchor

        # Forced links written as [[term]] arrive as spans: they take the entry's first link.
        for span in root.xpath("//span[@data-tce-glossary]"):
            slug = span.get("data-tce-glossary")
            anchor = make_link(slug, span.text_content())
            if slug in linked:
                del anchor.attrib["id"]
            anchor.tail = span.tail
            span.getparent().replace(span, anchor)
            linked.add(slug)
            if slug not in used and slug not in skip:
                used.append(slug)

        def visit(element: lxml.html.HtmlElement) -> None:
            if not isinstance(element.tag, str) or element.tag in SKIP_TAGS:
                return
            if SKIP_CLASSES.intersection((element.get("class") or "").split()):
                return
            if element.text:
                element.text = self._link_text(element.text, element, None, linked, used, make_link)
            for child in list(element):
                visit(child)
                if child.tail:
                    child.tail = self._link_text(child.tail, element, child, linked, used, make_link)

        visit(root)
        out = (html.escape(root.text, quote=False) if root.text else "") + "".join(
            lxml.html.tostring(child, encoding="unicode") for child in root
        )
        return out, used

    def _link_text(self, text, parent, after, linked, used, make_link) -> str:
        """Link matches in one text node; returns what stays as plain text before the first link."""
        matches = [m for m in self.find(text) if m[2] not in linked]
        new_matches = []
        for start, end, slug in matches:
            if slug not in linked:
                linked.add(slug)
                new_matches.append((start, end, slug))
        if not new_matches:
            return text
        # Insert links after `after` (or as first children of `parent`), keeping text between them.
        position = parent.index(after) + 1 if after is not None else 0
        head = text[: new_matches[0][0]]
        for index, (start, end, slug) in enumerate(new_matches):
            anchor = make_link(slug, text[start:end])
            following = new_matches[index + 1][0] if index + 1 < len(new_matches) else len(text)
            anchor.tail = text[end:following]
            parent.insert(position + index, anchor)
            used.append(slug)
        return head


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
