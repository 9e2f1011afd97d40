"""The glossary linker alone: building it and linking every post of the corpus, with 10 and with 500 entries."""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import markdown
from tce_toolkit.linker import Linker  # the installed toolkit (make installs it into .venv)
from tce_toolkit.meta import parse_document
from tce_toolkit.models import GlossaryEntry

from .corpus import ADJECTIVES, GLOSSARY, Corpus, load_config
from .results import Record, Results

LINKER_SIZES = (10, 500)


def _markdown_extensions(config: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    names, options = [], {}
    for item in config.get("markdown_extensions") or []:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            for name, value in item.items():
                names.append(name)
                if isinstance(value, dict):
                    options[name] = value
    return names, options


def render_posts(corpus: Corpus) -> list[tuple[str, str]]:
    """Every post's body rendered once with Python-Markdown and the site's extensions: (url, html)."""
    names, options = _markdown_extensions(load_config(corpus.config("toolkit")))
    converter = markdown.Markdown(extensions=names, extension_configs=options)
    rendered = []
    for post in corpus.posts:
        body = parse_document(post.path.read_text(encoding="utf-8"), str(post.path)).body
        rendered.append((f"blog/{post.slug}/", converter.reset().convert(body)))
    return rendered


def glossary_entries(size: int) -> list[GlossaryEntry]:
    """The corpus' entries, topped up with made-up two-word terms (many found in the prose) to `size`."""
    entries = [
        GlossaryEntry(
            slug=seed.slug,
            term=seed.term,
            summary=seed.summary,
            src=f"docs/glossary/{seed.slug}.md",
            src_uri=f"glossary/{seed.slug}.md",
            aliases=seed.aliases,
            related=seed.related,
            url=f"glossary/{seed.slug}/",
        )
        for seed in GLOSSARY
    ][:size]
    nouns = [
        "checklist", "word", "explanation", "conversation", "improvement", "version", "queue", "reply", "shift",
        "visitor", "colleague", "promise", "instruction", "apology", "note", "question", "habit", "answer",
        "system", "delay", "rule", "team", "guide", "copy", "call",
    ]  # fmt: skip
    pairs = [(adjective, noun) for noun in nouns for adjective in ADJECTIVES]
    for adjective, noun in pairs:
        if len(entries) >= size:
            break
        slug = f"{adjective}-{noun}"
        entries.append(
            GlossaryEntry(
                slug=slug,
                term=f"{adjective.capitalize()} {noun}",
                summary=f"A made-up entry for the benchmark: a {adjective} {noun}.",
                src=f"docs/glossary/{slug}.md",
                src_uri=f"glossary/{slug}.md",
                aliases=(f"{noun} that is {adjective}",),
                url=f"glossary/{slug}/",
            )
        )
    if len(entries) < size:
        raise ValueError(f"cannot make {size} glossary entries")
    return entries


def link_all(linker: Linker, rendered: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    """Link every post; return the entries each post uses, by URL."""
    used = {}
    for url, html in rendered:
        _, slugs = linker.link(html, lambda target: "../../" + target)
        used[url] = slugs
    return used


def bench_linker(corpus: Corpus, runs: int, results: Results, say: Callable[[str], None]) -> dict[str, list[str]]:
    """Time Linker.build plus Linker.link over every post, with 10 and with 500 entries."""
    rendered = render_posts(corpus)
    for size in LINKER_SIZES:
        entries = glossary_entries(size)
        record = Record(f"glossary linker, {size} entries", corpus.n, [])
        links = 0
        for _ in range(max(runs, 3)):
            start = time.perf_counter()
            linker = Linker.build(entries)
            found = link_all(linker, rendered)
            record.times.append(time.perf_counter() - start)
            links = sum(len(slugs) for slugs in found.values())
        say(f"  linker {size:>4} entries: median {record.median:.3f} s, {links} links made")
        results.records.append(record)
    # The worksheets show every entry a post uses: take them from the real glossary.
    return link_all(Linker.build(glossary_entries(len(GLOSSARY))), rendered)
