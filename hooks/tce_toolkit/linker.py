"""The glossary linker: links the first use of each entry in a page's HTML, changing only text."""

from __future__ import annotations

import html
import re
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from itertools import accumulate

from .glossary import WORD, wording_key
from .markup import CHROME_ATTR, FORCED_ATTR, GLOSSARY_LINK_CLASS, NO_GLOSSARY_CLASS, UNKNOWN_ATTR
from .models import GlossaryEntry
from .text import markdown_text

# Text inside these elements is never linked (`summary` is the title of a collapsible block).
SKIP_TAGS = frozenset(
    {"a", "h1", "h2", "h3", "h4", "h5", "h6", "code", "pre", "kbd", "samp", "script", "style", "button", "label"}
    | {"textarea", "select", "option", "svg", "math", "abbr", "dfn", "title", "summary", "figcaption"}
)
SKIP_CLASSES = frozenset({NO_GLOSSARY_CLASS, "admonition-title", "headerlink"})
_WORD_SPLIT = re.compile(f"({WORD.pattern})")


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
                forms.setdefault(wording_key(form), entry.slug)
        for entry in entries.values():
            for form in entry.forms:
                words = wording_key(form).split()
                if words:
                    forms.setdefault(" ".join([*words[:-1], _plural(words[-1])]), entry.slug)
        forms.pop("", None)
        longest = max((len(form.split()) for form in forms), default=1)
        return cls(entries, forms, longest)

    def resolve(self, wording: str) -> str | None:
        """The slug of the entry a `[[wording]]` names (a term, an alias, a plural or a slug), or None."""
        return self.forms.get(wording_key(wording)) or (wording if wording in self.entries else None)

    def find(self, text: str) -> list[tuple[int, int, str]]:
        """Every (start, end, slug) match in plain text, longest wording first, left to right.

        A possessive ("customer's") matches the wording without its "'s", which stays outside the link.
        """
        # parts = [separator, word, separator, word, ..., separator]: word i is parts[2i + 1].
        parts = _WORD_SPLIT.split(text)
        if len(parts) == 1:
            return []
        folded = [word.casefold().replace("’", "'") for word in parts[1::2]]
        stems = [word[:-2] if word.endswith("'s") else None for word in folded]
        starts, forms = self.starts, self.forms
        # Only a word that starts some wording can start a match: most text has few or none.
        candidates = [i for i, word in enumerate(folded) if word in starts or (stems[i] or "") in starts]
        if not candidates:
            return []
        offsets = list(accumulate(map(len, parts)))  # word i runs from offsets[2i] to offsets[2i + 1]
        found, free, count = [], 0, len(folded)
        for index in candidates:
            if index < free:
                continue
            sizes = sorted(set(starts.get(folded[index], ())) | set(starts.get(stems[index] or "", ())), reverse=True)
            for size in sizes:
                last = index + size - 1
                if last >= count:
                    continue
                # Words of one wording must be separated by spaces only, not by punctuation.
                if size > 1 and any(parts[2 * k + 2].strip() for k in range(index, last)):
                    continue
                words = folded[index:last]
                slug = forms.get(" ".join([*words, folded[last]]))
                end = offsets[2 * last + 1]
                if slug is None and stems[last]:
                    slug = forms.get(" ".join([*words, stems[last]]))
                    end -= 2
                if slug:
                    found.append((offsets[2 * index], end, slug))
                    free = last + 1
                    break
        return found

    def link(
        self, content: str, relative_url: Callable[[str], str], *, skip: Iterable[str] = ()
    ) -> tuple[str, list[str], list[str]]:
        """Link the first use of each entry in `content` (HTML).

        `relative_url(target)` turns a site-relative URL into a link from the page. `skip` names
        entries never to link here (the entry's own page). Returns the new HTML, the slugs used,
        in order of first use (forced links included), and the `[[...]]` wordings that name no entry. Only text is changed: every tag, attribute
        and entity of the original markup is written back exactly as it came.
        """
        rewriter = _LinkRewriter(self, relative_url, set(skip))
        # A forced link ([[term]]) is the entry's link on this page: no automatic link before it.
        rewriter.linked.update(_FORCED.findall(content))
        rewriter.feed(content)
        rewriter.close()
        return "".join(rewriter.out), rewriter.used, rewriter.unknown

    def anchor(self, slug: str, text: str, href: str, *, first: bool = True) -> str:
        """The start tag of a link to an entry; `text` is already HTML."""
        entry = self.entries[slug]
        anchor_id = f' id="term-{slug}"' if first else ""
        return (
            f'<a href="{html.escape(href)}" class="{GLOSSARY_LINK_CLASS}" title="{html.escape(markdown_text(entry.summary))}"'
            f"{anchor_id}>{text}</a>"
        )


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
        self.unknown: list[str] = []
        self.out: list[str] = []
        self.stack: list[tuple[str, bool, str | None]] = []  # (tag, text is left alone, end tag to write)
        self.frozen = 0  # how many open elements forbid linking

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        raw = self.get_starttag_text() or f"<{tag}>"
        if tag in _VOID:
            self.out.append(raw)
            return
        values = dict(attrs)
        if UNKNOWN_ATTR in values:
            self.unknown.append(values[UNKNOWN_ATTR] or "")
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
