"""Front matter: YAML between `---` lines, parsed with line numbers for clear error messages."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
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

_FRONT_MATTER = re.compile(r"\A(---[ \t]*\r?\n)(.*?\r?\n)?(---|\.\.\.)[ \t]*(\r?\n|\Z)", re.S)


@dataclass(frozen=True)
class Document:
    """A Markdown file split into its front matter and its body."""

    path: str
    meta: dict[str, Any]
    body: str
    body_line: int  # 1-based line number of the body's first line in the file
    has_front_matter: bool


def parse_document(text: str, path: str) -> Document:
    """Split `text` into front matter and body; raise `AuthorError` when the YAML is broken."""
    text = text.lstrip("\ufeff")
    match = _FRONT_MATTER.match(text)
    if not match:
        return Document(path, {}, text, 1, False)
    yaml_text = match.group(2) or ""
    try:
        meta = yaml.load(yaml_text, Loader=_Loader) if yaml_text.strip() else {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 2 if mark is not None else 1  # +1 for the opening '---', +1 for 1-based
        column = f", column {mark.column + 1}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise AuthorError(
            path,
            line,
            f"front matter is not valid YAML ({problem}{column})",
            "check the indentation and quote values that contain ':' or start with a special character",
        ) from None
    if not isinstance(meta, dict):
        raise AuthorError(
            path,
            2,
            "front matter must be a set of 'key: value' lines",
            "write one setting per line, for example 'date: 2026-09-07'",
        )
    body_line = text.count("\n", 0, match.end()) + 1
    return Document(path, meta, text[match.end() :], body_line, True)


def parse_date(value: Any) -> dt.datetime | None:
    """Turn a YAML date or datetime (or an ISO string) into an aware UTC datetime, or None."""
    if isinstance(value, dt.datetime):
        moment = value
    elif isinstance(value, dt.date):
        moment = dt.datetime(value.year, value.month, value.day)
    elif isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            return None
    else:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(dt.UTC)


def line_of_key(text: str, key: str, default: int = 1, value: str | None = None) -> int:
    """The 1-based line of `key:` in a file's front matter, for pointing at a bad setting.

    With `value`, the line of that value within the key's block (a list item, say).
    """
    found = None
    for number, line in enumerate(text.splitlines(), start=1):
        if number > 1 and line.strip() in ("---", "..."):
            break
        if found is None and re.match(rf"{re.escape(key)}\s*:", line):
            found = number
            if value is None:
                return number
        if found is not None and value is not None:
            if number > found and re.match(r"\S", line):
                break  # the next key: the value was not written on a line of its own
            if value in line:
                return number
    return found or default


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
