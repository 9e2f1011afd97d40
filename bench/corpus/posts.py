"""A generated post's and a glossary entry's Markdown, each from its own seeded random stream."""

from __future__ import annotations

import datetime as dt
import random
import re
import textwrap
from dataclasses import dataclass
from pathlib import Path

from .words import (
    ADJECTIVES,
    ADMONITIONS,
    ANGLES,
    DESCRIPTIONS,
    ENTRY_SENTENCES,
    FEELINGS,
    GLOSSARY,
    HEADINGS,
    LINK_SENTENCES,
    LIST_ITEMS,
    NAMES,
    PLACES,
    QUESTIONS,
    ROLES,
    SENTENCES,
    THINGS,
    TIMES,
    TOPICS,
    GlossarySeed,
)

FIRST_DATE = dt.date(2019, 1, 7)
# The first Reflect question of every post holds this phrase; `edit_one_word` swaps its last word.
EDIT_WORDS = ("week", "month")


@dataclass(frozen=True)
class CorpusPost:
    """One generated post: where it was written and what it is called."""

    part: int
    slug: str
    title: str
    path: Path


class Writer:
    """Fills sentence templates from the word lists with one seeded random stream."""

    def __init__(self, rng: random.Random, terms: list[str]) -> None:
        self.rng = rng
        self.terms = terms
        self.name = rng.choice(NAMES)

    def fill(self, template: str, **extra: str) -> str:
        """One template with every slot filled; `{Name}` is the post's recurring character."""
        values = {
            "Name": self.name if self.rng.random() < 0.6 else self.rng.choice(NAMES),
            "name": self.name,
            "role": self.rng.choice(ROLES),
            "place": self.rng.choice(PLACES),
            "place_short": self.rng.choice(PLACES).split(" ", 1)[1],
            "thing": self.rng.choice(THINGS),
            "term": _as_in_sentence(self.rng.choice(self.terms)) if self.terms else "service promise",
            "adj": self.rng.choice(ADJECTIVES),
            "time": self.rng.choice(TIMES).capitalize(),
            "feeling": self.rng.choice(FEELINGS),
            **extra,
        }
        text = template.format(**values)
        return text[0].upper() + text[1:]

    def paragraph(self, sentences: int) -> str:
        """A paragraph of distinct sentences."""
        picked = self.rng.sample(SENTENCES, sentences)
        return " ".join(self.fill(sentence) for sentence in picked)


def _as_in_sentence(form: str) -> str:
    """A glossary wording as it reads mid-sentence: lower case, except for acronyms such as SLA."""
    return form if form.isupper() else form.lower()


def _wrap(text: str) -> str:
    return "\n".join(textwrap.wrap(text, width=110, break_long_words=False, break_on_hyphens=False))


def pick_title(rng: random.Random, taken: set[str]) -> str:
    """A title not used yet: "Topic: angle", with "take 2", "take 3"... once the pairs run out."""
    title = f"{rng.choice(TOPICS)}: {rng.choice(ANGLES)}"
    for _ in range(20):
        if title not in taken:
            break
        title = f"{rng.choice(TOPICS)}: {rng.choice(ANGLES)}"
    base, take = title, 1
    while title in taken:
        take += 1
        title = f"{base}, take {take}"
    taken.add(title)
    return title


def slugify(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def render_post(part: int, slug: str, title: str, earlier: list[CorpusPost], categories: list[str], seed: int) -> str:
    """The Markdown of post `part`: front matter, about 1,000 words, a Reflect section."""
    rng = random.Random(f"{seed}-post-{part}")
    terms = [form for entry in GLOSSARY for form in (entry.term, *entry.aliases)]
    writer = Writer(rng, terms)
    date = FIRST_DATE + dt.timedelta(days=part - 1)
    description = ""
    while not description or len(description) > 300:
        picked = rng.sample(DESCRIPTIONS, 2)
        description = " ".join(
            writer.fill(sentence, topic_lower=title.split(":")[0].lower(), angle=title.split(": ", 1)[1].rstrip("."))
            for sentence in picked
        )
    chosen = rng.sample(categories, k=1 if rng.random() < 0.7 else min(2, len(categories)))
    front = {
        "date": date.isoformat(),
        "part": part,
        "slug": slug,
        "description": description,
        "categories": chosen,
        "authors": ["editors"],
    }
    lines = [
        "---",
        f"date: {front['date']}",
        f"part: {part}",
        f"slug: {slug}",
        "description: >-",
        textwrap.indent(_wrap(description), "  "),
        "categories:",
        *[f"  - {name}" for name in chosen],
        "authors:",
        "  - editors",
        "---",
        "",
        f"# {title}",
        "",
        _wrap(writer.paragraph(4)),
        "",
        _wrap(writer.paragraph(3)),
        "",
        "<!-- more -->",
        "",
    ]
    headings = rng.sample(HEADINGS, 6)
    for index, heading in enumerate(headings):
        lines += [f"## {writer.fill(heading)}", ""]
        lines += [_wrap(writer.paragraph(rng.randint(3, 5))), ""]
        if index == 1:
            items = rng.sample(LIST_ITEMS, rng.randint(4, 5))
            lines += [f"- {writer.fill(item)};" for item in items[:-1]]
            lines += [f"- {writer.fill(items[-1])}.", ""]
        elif index == 2:
            figure = (part % 8) + 1
            lines += [
                f"![A sketch of work passing from one desk to the next, figure {figure}](../../assets/bench/figure-{figure}.svg)",
                "",
            ]
            if earlier:
                previous = earlier[-1]
                lines += [
                    _wrap(writer.fill(rng.choice(LINK_SENTENCES), title=previous.title, target=previous.path.name)),
                    "",
                ]
        elif index == 3:
            steps = rng.sample(LIST_ITEMS, 3)
            lines += [f"{number}. {writer.fill(step)}." for number, step in enumerate(steps, 1)]
            lines += [""]
        elif index == 4 and rng.random() < 0.5:
            kind, label, body = rng.choice(ADMONITIONS)
            lines += [f'!!! {kind} "{label}"', "", "    " + writer.fill(body), ""]
        if index == 4 and len(earlier) > 3:
            other = earlier[rng.randrange(0, len(earlier) - 1)]
            lines += [_wrap(writer.fill(rng.choice(LINK_SENTENCES), title=other.title, target=other.path.name)), ""]
        lines += [_wrap(writer.paragraph(rng.randint(2, 4))), ""]
    questions = rng.sample(QUESTIONS, rng.randint(4, 6))
    lines += [
        "## Reflect",
        "",
        "Answer in writing, on your own or with a colleague.",
        "",
        f"1. What is one thing you could change about {rng.choice(THINGS)} this {EDIT_WORDS[0]}?",
    ]
    lines += [f"{number}. {writer.fill(question)}" for number, question in enumerate(questions[1:], 2)]
    return "\n".join(lines) + "\n"


def render_entry(entry: GlossarySeed, seed: int) -> str:
    """The Markdown of one glossary entry, in the project's docs/glossary/ format."""
    rng = random.Random(f"{seed}-entry-{entry.slug}")
    writer = Writer(rng, [])
    lines = ["---", f"term: {entry.term}"]
    if entry.aliases:
        lines += ["aliases:", *[f"  - {alias}" for alias in entry.aliases]]
    lines += [f"summary: {entry.summary}"]
    if entry.related:
        lines += ["related:", *[f"  - {slug}" for slug in entry.related]]
    lines += ["---", "", f"# {entry.term}", "", _wrap(entry.summary), ""]
    lines += [_wrap(" ".join(writer.fill(s) for s in rng.sample(ENTRY_SENTENCES, 4))), ""]
    return "\n".join(lines)


def edit_one_word(path: Path) -> str:
    """Change one word of the post's first Reflect question (week <-> month); returns the new word."""
    text = path.read_text(encoding="utf-8")
    old, new = EDIT_WORDS
    if f" this {old}?" not in text:
        old, new = new, old
    path.write_text(text.replace(f" this {old}?", f" this {new}?", 1), encoding="utf-8")
    return new
