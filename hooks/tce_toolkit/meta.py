"""Front matter: YAML between `---` lines, parsed with the line of every key for clear error messages.

Lines come from `yaml.compose` marks, never from scanning text: the same locator serves a post's front
matter and a mapping in mkdocs.yml (`locate_lines`).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

import yaml

from .errors import AuthorError


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # libyaml's parser when it is there
    """Safe YAML loading where an impossible date (2026-09-31) stays text for a clear message."""


def _timestamp(loader: _Loader, node: yaml.Node) -> object:
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _timestamp)


class _Composer(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):
    """Composes YAML into nodes only: tags such as MkDocs' `!ENV` need no constructor here."""


_FRONT_MATTER = re.compile(r"\A(---[ \t]*\r?\n)(.*?\r?\n)?(---|\.\.\.)[ \t]*(\r?\n|\Z)", re.S)


@dataclass(frozen=True)
class Lines:
    """Where each top-level key (and each scalar item of a list value) sits, as 1-based file lines."""

    keys: dict[str, int] = field(default_factory=dict)
    items: dict[tuple[str, str], int] = field(default_factory=dict)  # (key, item text) -> line
    start: int = 1  # the line of the mapping itself

    def of(self, key: str | None, item: str | None = None) -> int | None:
        """The line of `key` (or of `item` in its list); None when the key is not written."""
        if key is None:
            return None
        if item is not None and (key, item) in self.items:
            return self.items[(key, item)]
        return self.keys.get(key)


def locate_lines(node: yaml.Node | None, first_line: int = 1) -> Lines:
    """The lines of the keys of a composed YAML mapping; `first_line` is the file line of the YAML's line 1."""
    if not isinstance(node, yaml.MappingNode):
        return Lines(start=first_line)
    keys: dict[str, int] = {}
    items: dict[tuple[str, str], int] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, yaml.ScalarNode):
            continue
        key = str(key_node.value)
        keys.setdefault(key, key_node.start_mark.line + first_line)
        if isinstance(value_node, yaml.SequenceNode):
            for item in value_node.value:
                if isinstance(item, yaml.ScalarNode):
                    items.setdefault((key, str(item.value).strip()), item.start_mark.line + first_line)
    return Lines(keys, items, node.start_mark.line + first_line)


def compose_yaml(text: str) -> yaml.Node | None:
    """A YAML text as nodes, nothing constructed: any tag (MkDocs' `!ENV`, `!!python/name:`) is kept as
    written. None for an empty text; `yaml.YAMLError` for one that is not YAML."""
    return yaml.compose(text, Loader=_Composer)


def compose_mapping(text: str, path: list[str], first_line: int = 1) -> Lines:
    """The lines of the mapping found by following `path` (keys) from the top of a YAML text.

    For pointing at settings in mkdocs.yml; a text that cannot be composed gives empty lines.
    """
    try:
        node = yaml.compose(text, Loader=_Composer)
    except yaml.YAMLError:
        return Lines()
    where = first_line
    for key in path:
        if not isinstance(node, yaml.MappingNode):
            return Lines(start=where)
        found = None
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == key:
                found, where = value_node, key_node.start_mark.line + first_line
                break
        if found is None:
            return Lines(start=where)
        node = found
    lines = locate_lines(node, first_line)
    return Lines(lines.keys, lines.items, where)


@dataclass(frozen=True)
class Document:
    """A Markdown file split into its front matter and its body."""

    path: str
    meta: dict[str, Any]
    body: str
    body_line: int  # 1-based line number of the body's first line in the file
    has_front_matter: bool
    lines: Lines = field(default_factory=Lines)

    def line(self, key: str | None, item: str | None = None) -> int | None:
        """The file line of a front-matter key (or of one item of its list)."""
        return self.lines.of(key, item)


def parse_document(text: str, path: str) -> Document:
    """Split `text` into front matter and body; raise `AuthorError` when the YAML is broken."""
    text = text.lstrip("\ufeff")
    match = _FRONT_MATTER.match(text)
    if not match:
        return Document(path, {}, text, 1, False)
    yaml_text = match.group(2) or ""
    try:
        meta = yaml.load(yaml_text, Loader=_Loader) if yaml_text.strip() else {}
        lines = locate_lines(yaml.compose(yaml_text, Loader=_Composer), 2) if yaml_text.strip() else Lines(start=2)
    except yaml.YAMLError as error:
        raise _yaml_problem(error, path) from None
    if not isinstance(meta, dict):
        raise AuthorError(
            path,
            2,
            "front matter must be a set of 'key: value' lines",
            "write one setting per line, for example 'date: 2026-09-07'",
        )
    body_line = text.count("\n", 0, match.end()) + 1
    return Document(path, meta, text[match.end() :], body_line, True, lines)


def _yaml_problem(error: yaml.YAMLError, path: str) -> AuthorError:
    """Broken front matter in the author's words, at the line where the mistake is."""
    context = str(getattr(error, "context", "") or "")
    # The parser notices an unclosed [ or { or a line that is neither 'key: value' nor indented under
    # the key above only where it stops (often the next line): its context mark is where the mistake is.
    stray = context.startswith("while scanning a simple key")
    at_context = stray or context.startswith("while parsing a flow")
    mark = getattr(error, "context_mark" if at_context else "problem_mark", None) or getattr(
        error, "problem_mark", None
    )
    line = mark.line + 2 if mark is not None else 1  # +1 for the opening '---', +1 for 1-based
    if stray:
        return AuthorError(
            path,
            line,
            "front matter is not valid YAML (this line is neither 'key: value' nor indented under the key above)",
            "indent it by two spaces if it continues the value above (such as a long 'description:'), "
            "or write it as 'key: value'",
        )
    column = f", column {mark.column + 1}" if mark is not None else ""
    problem = getattr(error, "problem", None) or str(error).splitlines()[0]
    return AuthorError(
        path,
        line,
        f"front matter is not valid YAML ({problem}{column})",
        "check the indentation and quote values that contain ':' or start with a special character",
    )


def unknown_keys(
    doc: Document, known: Collection[str], stopping: Collection[str] = ()
) -> tuple[list[AuthorError], list[AuthorError]]:
    """Front-matter keys nobody reads, with the key meant when one is close: (errors, warnings).

    A key close to one of `stopping` (a key that decides whether a post is published, such as
    `draft`) is an error; any other unknown key is a warning.
    """
    errors: list[AuthorError] = []
    warnings: list[AuthorError] = []
    for key in doc.meta:
        name = str(key)
        if name in known:
            continue
        meant = closest_key(name, known)
        fix = f"did you mean '{meant}'?" if meant else f"remove it, or use one of: {', '.join(sorted(known))}"
        problem = AuthorError(doc.path, doc.line(name) or 1, f"'{name}' is not a front-matter key", fix)
        (errors if meant in stopping else warnings).append(problem)
    return errors, warnings


def closest_key(name: str, known: Iterable[str]) -> str | None:
    """The known key `name` most likely stands for: the same key in another case, else the closest spelling."""
    by_fold = {key.casefold(): key for key in sorted(known)}
    folded = name.casefold()
    if folded in by_fold:
        return by_fold[folded]
    close = difflib.get_close_matches(folded, list(by_fold), n=1, cutoff=0.75)
    return by_fold[close[0]] if close else None


def parse_date(value: Any) -> dt.datetime | None:
    """A YAML date or datetime as an aware UTC datetime (a date is taken at 00:00 UTC), or None.

    Text is never a date here: the blog engine rejects a quoted date, so the toolkit does too.
    """
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    else:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def as_strings(value: object) -> tuple[str, ...] | None:
    """A front-matter value meant as a list of words: None or missing -> (), one string -> (it,),
    a list of strings -> its items stripped; anything else -> None (the caller reports it)."""
    if value is None:
        return ()
    if isinstance(value, str):
        return (value.strip(),)
    if isinstance(value, list) and all(isinstance(item, str) for item in value):
        return tuple(item.strip() for item in value)
    return None
