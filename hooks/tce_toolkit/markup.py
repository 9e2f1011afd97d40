"""Names and markers that the toolkit's features share, and one fence-aware line scanner.

The glossary linker, the feed cleaner and the site fragments all meet in the same HTML: the class
names, attributes and markers they agree on live here and nowhere else (templates get them as globals).
"""

from __future__ import annotations

import re

# Every fragment that is site chrome (series navigation, worksheet link, related parts...) carries this
# attribute: the feed cleaner drops such elements and the glossary linker never links inside them.
CHROME_ATTR = "data-tce-chrome"
GLOSSARY_LINK_CLASS = "tce-glossary-term"
NO_GLOSSARY_CLASS = "tce-no-glossary"
FORCED_ATTR = "data-tce-glossary"  # a [[term]] shortcut: the entry's slug
UNKNOWN_ATTR = "data-tce-unknown"  # a [[term]] shortcut that names no entry: reported by the build

# Where the toolkit's pages live in the site (folders under docs/ and in the built site).
GLOSSARY_DIR = "glossary"
WORKSHEETS_DIR = "worksheets"

# Where a page asks for a listing; each is filled once per build, after every page is rendered.
MARKERS = {
    "series-list": "<!-- series-list -->",
    "glossary-index": "<!-- glossary-index -->",
    "worksheets-catalogue": "<!-- worksheets-catalogue -->",
    "subscribe": "<!-- subscribe -->",
    "subscribe-page": "<!-- subscribe-page -->",
}
SUBSCRIBE_DIR = "subscribe"
WORKSHEET_LINK_MARKER = "<!-- tce-worksheet-link -->"

_FENCE_OPEN = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")


def fenced_lines(lines: list[str]) -> list[bool]:
    """For each line, whether it is part of a fenced code block (its fences included).

    A fence closes only with the same character, at least as long, and nothing after it; so a
    ```` block may hold ``` lines, as in CommonMark and pymdownx.superfences.
    """
    text = "\n".join(lines)
    if "```" not in text and "~~~" not in text:
        return [False] * len(lines)  # no line can open a fence
    inside: list[bool] = []
    fence: str | None = None
    for line in lines:
        if fence is None:
            match = _FENCE_OPEN.match(line)
            if match and not (match["fence"][0] == "`" and "`" in match["info"]):
                fence = match["fence"]
                inside.append(True)
                continue
            inside.append(False)
        else:
            inside.append(True)
            stripped = line.strip()
            if stripped and set(stripped) == {fence[0]} and len(stripped) >= len(fence):
                fence = None
    return inside
