"""JSON Feed 1.1 (https://jsonfeed.org/version/1.1): the same items as the RSS and Atom feeds.

feedgen has no JSON Feed; the format is small, so it is written here with `json`. Empty fields are
left out rather than written as null, and the output is deterministic (items in the given order).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Sequence
from typing import Any

VERSION = "https://jsonfeed.org/version/1.1"
JSON_FEED_TYPE = "application/feed+json"


def _date(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def _drop_empty(fields: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value not in (None, "", [], {})}


def _person(person: Any) -> dict[str, str]:
    return _drop_empty({"name": person.name, "url": person.uri})


def render_json_feed(
    site: Any, title: str, description: str, home: str, self_url: str, items: Sequence[Any], *, full: bool
) -> bytes:
    """A JSON Feed 1.1 document: `site` is a SiteInfo, `items` FeedItems (newest first)."""
    feed = {
        "version": VERSION,
        "title": title,
        "home_page_url": home,
        "feed_url": self_url,
        "description": description,
        "icon": site.image.url if site.image else None,
        "favicon": site.icon,
        "language": site.language,
        "authors": [_person(site.author)] if site.author else [],
        "items": [
            _drop_empty(
                {
                    "id": item.id,
                    "url": item.url,
                    "title": item.title,
                    "content_html": item.html if full and item.html else None,
                    "summary": item.post.description,
                    "content_text": None if full and item.html else item.post.description,
                    "date_published": _date(item.post.date),
                    "date_modified": _date(item.changed) if item.changed != item.post.date else None,
                    "authors": [_person(author) for author in item.authors],
                    "tags": list(item.post.categories),
                }
            )
            for item in items
        ],
    }
    return (json.dumps(_drop_empty(feed), ensure_ascii=False, indent=2) + "\n").encode("utf-8")
