"""Related parts: for each post, the other parts that share the most glossary terms with it."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from .models import GlossaryEntry, Post


@dataclass(frozen=True)
class Related:
    """Another part worth reading next, and the terms it shares with this one (most used first)."""

    post: Post
    shared: tuple[GlossaryEntry, ...]

    @property
    def reason(self) -> str:
        """One line: "also about internal customers and the customer chain"."""
        words = [
            entry.term[:1].lower() + entry.term[1:] if entry.term[1:2].islower() else entry.term
            for entry in self.shared[:2]
        ]
        return "also about " + " and ".join(words)


def related_parts(
    posts: Sequence[Post],
    terms: Mapping[str, Sequence[str]],
    entries: Mapping[str, GlossaryEntry],
    *,
    most: int = 3,
) -> dict[str, tuple[Related, ...]]:
    """For each post (by src_uri): up to `most` other parts sharing the most terms, never its neighbours.

    `posts` are in series order; `terms[src_uri]` are the entry slugs a post uses, first use first. Ties
    go to the earlier part, so the answer never changes between builds of the same sources.
    """
    found: dict[str, tuple[Related, ...]] = {}
    for index, post in enumerate(posts):
        neighbours = {p.src_uri for p in posts[max(index - 1, 0) : index + 2]}
        own = list(dict.fromkeys(terms.get(post.src_uri, ())))
        scored = []
        for order, other in enumerate(posts):
            if other.src_uri in neighbours:
                continue
            theirs = set(terms.get(other.src_uri, ()))
            shared = [entries[slug] for slug in own if slug in theirs and slug in entries]
            if shared:
                scored.append((-len(shared), order, Related(other, tuple(shared))))
        found[post.src_uri] = tuple(item for _, _, item in sorted(scored, key=lambda s: s[:2])[:most])
    return found
