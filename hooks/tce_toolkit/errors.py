"""One way to report author mistakes: the file, the line, what is wrong and how to fix it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

K = TypeVar("K")


@dataclass(frozen=True)
class AuthorError(Exception):
    """A mistake in an author's file, with a hint on how to fix it."""

    path: str
    line: int | None
    what: str
    fix: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.what} — {self.fix}"


def format_problems(problems: Iterable[AuthorError], heading: str) -> str:
    """Render problems as one message: a heading, then one line per problem in file order."""
    unique = sorted(set(problems), key=lambda p: (p.path, p.line or 0, p.what))
    noun = "problem" if len(unique) == 1 else "problems"
    lines = [f"{heading}: {len(unique)} {noun} to fix"]
    lines += [f"  {problem}" for problem in unique]
    return "\n".join(lines)


def clash_problems(
    groups: Mapping[K, Sequence[Any]],
    what: Callable[[K, str], str],
    fix: str,
    line: Callable[[Any, K], int | None] = lambda item, key: None,
) -> list[AuthorError]:
    """One problem per file that shares a key with another: `what(key, other files)` says what clashes.

    Each item needs a `.src` (the file); `line(item, key)` points into it when it can.
    """
    problems = []
    for key, items in groups.items():
        if len(items) > 1:
            for item in items:
                others = ", ".join(other.src for other in items if other is not item)
                problems.append(AuthorError(item.src, line(item, key), what(key, others), fix))
    return problems
