"""The toolkit's settings under `extra:` in mkdocs.yml: one `Config` class per feature, one reader.

Every setting has its default here, written once. A wrong value or an unknown key stops the build with
its line in mkdocs.yml (from `yaml.compose` marks) and a hint.
"""

from __future__ import annotations

import re
from pathlib import Path

from mkdocs.config import base
from mkdocs.config import config_options as c
from tce_toolkit.errors import AuthorError
from tce_toolkit.feed_image import RSS_IMAGE_SUFFIXES
from tce_toolkit.meta import compose_mapping
from tce_toolkit.worksheets import PAPERS

from .problems import config_src

_FEED_PATH = re.compile(r"^[A-Za-z0-9_.{}/-]+$")


class FeedSettings(base.Config):
    """`extra.feeds`: RSS and Atom feeds of the series."""

    enabled = c.Type(bool, default=True)
    title = c.Type(str, default="")  # empty: the site_name
    description = c.Type(str, default="")  # empty: the site_description
    limit = c.Type(int, default=20)  # newest items per feed; 0 keeps every published post
    full_content = c.Type(bool, default=True)  # false: each item carries only the post's description
    rss_path = c.Type(str, default="feed.xml")
    atom_path = c.Type(str, default="atom.xml")
    json_path = c.Type(str, default="feed.json")  # empty: no JSON Feed
    category_path = c.Type(str, default="category/{slug}/feed.xml")  # empty: no category feeds
    email = c.Type(str, default="")  # the managing editor's address, shown to feed readers
    # A PNG, GIF or JPEG in docs/ for RSS's <image> and Atom's <logo>. None (not written): the theme's
    # logo when it is one of those, else a PNG beside it (assets/logo.png for assets/logo.svg), else none;
    # empty: no image.
    image = c.Optional(c.Type(str))

    HINTS = {
        "enabled": "write 'enabled: true' or 'enabled: false'",
        "title": "write the feed's title as text, or remove the line to use site_name",
        "description": "write one or two sentences, or remove the line to use site_description",
        "limit": "write a whole number such as 'limit: 20' (0 keeps every published post)",
        "full_content": "write 'full_content: true' (the whole post) or 'full_content: false' (its description only)",
        "rss_path": "write a path inside the site ending in .xml, e.g. 'rss_path: feed.xml'",
        "atom_path": "write a path inside the site ending in .xml, e.g. 'atom_path: atom.xml'",
        "json_path": "write a path inside the site ending in .json, e.g. 'json_path: feed.json', or '' for none",
        "category_path": "write a path ending in .xml with '{slug}' in it, e.g. 'category/{slug}/feed.xml', "
        "or '' for no category feeds",
        "email": "write the managing editor's address, e.g. 'email: editors@example.org'",
        "image": "write the path of a PNG, GIF or JPEG file in docs/, e.g. 'image: assets/logo.png', or '' for none",
    }

    def check(self) -> list[tuple[str, str]]:
        """Rules beyond the types: (key, what is wrong)."""
        found = []
        if isinstance(self.limit, bool) or self.limit < 0:
            found.append(("limit", "the feed limit must be 0 or more"))
        paths = {"rss_path": self.rss_path, "atom_path": self.atom_path}
        if self.category_path:
            paths["category_path"] = self.category_path
        if self.json_path:
            paths["json_path"] = self.json_path
        for key, value in paths.items():
            parts = value.split("/")
            suffix = ".json" if key == "json_path" else ".xml"
            if not _FEED_PATH.match(value) or not value.endswith(suffix) or {"..", "", "."} & set(parts):
                found.append((key, f"the feed path {value!r} is not a plain path inside the site"))
        if self.category_path and "{slug}" not in self.category_path:
            found.append(("category_path", "the category feed path has no '{slug}'"))
        if self.rss_path == self.atom_path:
            found.append(("atom_path", "the RSS and Atom feeds would be written to the same file"))
        if self.image:
            parts = self.image.split("/")
            if not _FEED_PATH.match(self.image) or {"..", "", "."} & set(parts):
                found.append(("image", f"the feed image {self.image!r} is not a plain path inside docs/"))
            elif not self.image.lower().endswith(RSS_IMAGE_SUFFIXES):
                found.append(
                    ("image", f"the feed image {self.image!r} is not a PNG, GIF or JPEG file (RSS shows no other)")
                )
        return found


class WorksheetSettings(base.Config):
    """`extra.worksheets`: printable worksheets and the workshop pack."""

    paper = c.Choice(tuple(PAPERS), default="a4")
    # true: always; false: never; auto: in `mkdocs build` but not in `mkdocs serve`.
    pdf = c.Choice((True, False, "auto"), default="auto")
    qr = c.Type(bool, default=True)  # a QR code of the post's address in each worksheet's footer
    workers = c.Type(int, default=0)  # processes rendering PDFs; 0: one per CPU core (at most 4)
    cache = c.Type(bool, default=True)  # keep rendered PDFs in .cache/worksheets/

    HINTS = {
        "paper": "write 'paper: a4' or 'paper: letter'",
        "pdf": "write 'pdf: true', 'pdf: false' or 'pdf: auto'",
        "qr": "write 'qr: true' or 'qr: false'",
        "workers": "write a whole number, e.g. 'workers: 2' (0: one per CPU core)",
        "cache": "write 'cache: true' or 'cache: false'",
    }

    def check(self) -> list[tuple[str, str]]:
        """Rules beyond the types: (key, what is wrong)."""
        if isinstance(self.workers, bool) or self.workers < 0:
            return [("workers", "the number of workers must be 0 or more")]
        return []


def setting_line(config, section: str, key: str) -> int | None:
    """The line of `extra.<section>.<key>` in mkdocs.yml (or of the section), for a problem found later."""
    try:
        text = Path(config.config_file_path).read_text(encoding="utf-8-sig")
    except (OSError, TypeError, UnicodeDecodeError):
        return None
    lines = compose_mapping(text, ["extra", section])
    return lines.of(key) or lines.start


def _validate_one(schema: type[base.Config], config, key: str, value: object) -> list[tuple[str, Exception]]:
    one = schema(config_file_path=config.config_file_path)
    one.load_dict({key: value})
    return [(name, error) for name, error in one.validate()[0] if name == key]


def read_settings(config, section: str, schema: type[base.Config]) -> tuple[base.Config, list[AuthorError]]:
    """`extra.<section>` checked against `schema`: the settings and one problem per bad setting."""
    src = config_src(config)
    try:
        text = Path(config.config_file_path).read_text(encoding="utf-8-sig")
    except (OSError, TypeError, UnicodeDecodeError):
        text = ""
    lines = compose_mapping(text, ["extra", section])
    raw = (config.extra or {}).get(section)
    settings = schema(config_file_path=config.config_file_path)
    known = list(settings.keys())
    hints = getattr(schema, "HINTS", {})
    if raw is not None and not isinstance(raw, dict):
        settings.load_dict({})
        settings.validate()
        problem = AuthorError(
            src,
            lines.start,
            f"'extra.{section}' must be a set of settings",
            f"write one setting per line below it: {', '.join(known)}",
        )
        return settings, [problem]
    settings.load_dict(dict(raw or {}))
    errors, _ = settings.validate()
    if errors:
        # MkDocs stops at the first wrong option: check each setting alone, so every mistake is listed.
        errors = [error for key in raw if key in known for error in _validate_one(schema, config, key, raw[key])]
    problems = [
        AuthorError(src, lines.of(key) or lines.start, f"extra.{section}.{key} is wrong: {error}", hints.get(key, ""))
        for key, error in errors
    ]
    problems += [
        AuthorError(
            src,
            lines.of(key) or lines.start,
            f"extra.{section}.{key} is not a setting",
            f"use one of: {', '.join(known)}",
        )
        for key in (raw or {})
        if key not in known
    ]
    if not problems and hasattr(settings, "check"):
        problems += [
            AuthorError(src, lines.of(key) or lines.start, f"extra.{section}.{key}: {what}", hints.get(key, ""))
            for key, what in settings.check()
        ]
    return settings, problems
