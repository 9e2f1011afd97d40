"""Related parts: for each post, the other parts that share the most glossary terms with it."""

from __future__ import annotations

import heapq
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
    # Each post's terms as the bits of one integer: the terms two posts share are one `&` away, so
    # comparing every post with every other stays quick at a thousand posts.
    bits: dict[str, int] = {}
    masks = []
    for post in posts:
        mask = 0
        for slug in terms.get(post.src_uri, ()):
            if slug in entries:
                mask |= 1 << bits.setdefault(slug, len(bits))
        masks.append(mask)
    found: dict[str, tuple[Related, ...]] = {}
    for index, post in enumerate(posts):
        mine, low, high = masks[index], index - 1, index + 1  # itself and its neighbours are left out
        best = heapq.nsmallest(
            most,
            (
                (-(mine & theirs).bit_count(), order)
                for order, theirs in enumerate(masks)
                if mine & theirs and not low <= order <= high
            ),
        )
        own = [slug for slug in dict.fromkeys(terms.get(post.src_uri, ())) if slug in entries]
        found[post.src_uri] = tuple(
            Related(posts[order], tuple(entries[slug] for slug in own if masks[order] >> bits[slug] & 1))
            for _, order in best
        )
    return found
