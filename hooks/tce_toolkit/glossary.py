"""Glossary entries: read from Markdown, checked together, and their relation graph."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Collection, Iterable

from .errors import AuthorError, clash_problems
from .meta import as_strings, parse_document, unknown_keys
from .models import GlossaryEntry

# The keys the toolkit reads from a glossary entry (`glossary: false` keeps terms unlinked on its page).
ENTRY_KEYS = frozenset({"term", "aliases", "summary", "related", "not_in", "glossary"})

# A word: letters and digits, joined by hyphens or by an apostrophe inside the word (buyer's).
WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*")
# What wordings are matched by: words, and every other mark on its own, as written ("C++" is C, +, +;
# "Q&A" is Q, &, A; "(NPS)" is (, NPS, )), so a wording with punctuation matches like any other.
TOKEN = re.compile(rf"{WORD.pattern}|\S")


def wording_key(form: str) -> str:
    """How a wording is compared: case folded, curly apostrophes made straight, spaces single, every
    other mark kept as written ("Net Promoter Score (NPS)" -> "net promoter score (nps)")."""
    return " ".join(form.casefold().replace("’", "'").split())


def plural_key(key: str) -> str | None:
    """The regular plural of a wording key (its last word made plural), or None when it ends in a mark."""
    last = re.search(rf"(?:{WORD.pattern})$", key)
    if last is None:
        return None
    word = last.group()
    if re.search(r"(s|x|z|ch|sh)$", word):
        word += "es"
    elif re.search(r"[^aeiou]y$", word):
        word = word[:-1] + "ies"
    else:
        word += "s"
    return key[: last.start()] + word


def parse_entry(
    text: str, src: str, src_uri: str, slug: str, page_keys: Collection[str] | None = None
) -> tuple[GlossaryEntry | None, list[AuthorError], list[AuthorError]]:
    """Read one glossary entry file; return the entry (None if unusable), the errors and the warnings.

    `page_keys` are the front-matter keys the site engine reads from any page (None: keys not checked);
    a key neither it nor the toolkit knows is a warning.
    """
    try:
        doc = parse_document(text, src)
    except AuthorError as problem:
        return None, [problem], []
    meta, problems = doc.meta, []
    warnings = unknown_keys(doc, ENTRY_KEYS | set(page_keys))[1] if page_keys is not None else []

    def problem(key: str, what: str, fix: str) -> None:
        problems.append(AuthorError(src, doc.line(key) or 1, what, fix))

    term, summary = meta.get("term"), meta.get("summary")
    if not isinstance(term, str) or not term.strip():
        problem("term", "the glossary entry has no term", "add 'term: The term' to the front matter")
    if not isinstance(summary, str) or not summary.strip():
        problem(
            "summary", "the glossary entry has no summary", "add 'summary:' with one sentence that defines the term"
        )
    aliases, related = as_strings(meta.get("aliases")), as_strings(meta.get("related"))
    not_in = as_strings(meta.get("not_in"))
    if aliases is None:
        problem(
            "aliases", "'aliases' must be a list of words", "write one alias per line, e.g. '  - internal customers'"
        )
    if related is None:
        problem(
            "related", "'related' must be a list of entry names", "write one entry file name (without .md) per line"
        )
    if not_in is None:
        problem(
            "not_in",
            "'not_in' must be a list of phrases",
            "write one phrase per line in which the term means something else, e.g. '  - honest feedback'",
        )
    if problems:
        return None, problems, warnings
    wordings = [wording_key(form) for form in (term, *aliases) if form.strip()]
    for phrase in not_in:
        if not _holds_a_wording(wording_key(phrase), wordings):
            problems.append(
                AuthorError(
                    src,
                    doc.line("not_in", phrase) or doc.line("not_in") or 1,
                    f"the phrase '{phrase}' under 'not_in' holds none of the entry's wordings with more words around it",
                    "write the term or an alias with the words around it where it means something else, "
                    "as in the post (e.g. 'honest feedback' for the alias 'feedback')",
                )
            )
    if problems:
        return None, problems, warnings
    written = [("term", term, doc.line("term") or 1)]
    written += [
        (key, value, doc.line(key, value) or doc.line(key) or 1)
        for key in ("aliases", "related")
        for value in (aliases if key == "aliases" else related)
        if value
    ]
    entry = GlossaryEntry(
        slug=slug,
        term=" ".join(term.split()),
        summary=" ".join(summary.split()),
        src=src,
        src_uri=src_uri,
        aliases=tuple(alias for alias in aliases if alias),
        related=tuple(related),
        not_in=tuple(" ".join(phrase.split()) for phrase in not_in if phrase),
        lines=tuple(written),
    )
    return entry, [], warnings


def _holds_a_wording(phrase: str, wordings: list[str]) -> bool:
    """Whether a `not_in` phrase is a wording with more words around it (a plural or "'s" included)."""
    return any(
        phrase != wording and re.search(rf"(?<!\S){re.escape(wording)}", phrase) is not None for wording in wordings
    )


def _line_of(entry: GlossaryEntry, wording: str) -> int | None:
    return next((line for key, value, line in entry.lines if key != "related" and wording_key(value) == wording), None)


def check_glossary(entries: Iterable[GlossaryEntry], also_known: Iterable[str] = ()) -> list[AuthorError]:
    """Problems across entries: unknown `related` slugs, and a term or alias claimed twice.

    `also_known` names entries that exist but could not be read (already reported on their own).
    """
    entries = list(entries)
    slugs = {entry.slug for entry in entries}
    known = slugs | set(also_known)
    problems: list[AuthorError] = []
    owners: dict[str, list[GlossaryEntry]] = defaultdict(list)
    for entry in entries:
        for slug in entry.related:
            if slug not in known:
                problems.append(
                    AuthorError(
                        entry.src,
                        next((line for key, value, line in entry.lines if key == "related" and value == slug), None),
                        f"the related entry '{slug}' does not exist",
                        f"use the file name of an entry in docs/glossary/ (one of: {', '.join(sorted(slugs))})",
                    )
                )
        for form in dict.fromkeys(wording_key(form) for form in entry.forms):
            owners[form].append(entry)
    problems += clash_problems(
        owners,
        lambda form, others: f"the wording '{form}' is also claimed by {others}",
        "keep each term and alias in one entry only",
        line=_line_of,
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
