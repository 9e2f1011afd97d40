"""A post's rendered HTML made fit for a feed reader, and HTML turned into plain text."""

from __future__ import annotations

from urllib.parse import urljoin

import lxml.etree
import lxml.html

from .markup import CHROME_ATTR, GLOSSARY_LINK_CLASS

# Markup that belongs to the site, not to the post: removed before the post goes into a feed.
_DROP_CLASSES = ("headerlink",)  # and every element marked as site chrome (markup.CHROME_ATTR)
_UNWRAP_CLASSES = (GLOSSARY_LINK_CLASS,)
_DROP_TAGS = ("script", "style", "template", "iframe", "frame", "object", "embed", "applet", "meta", "link", "base")
_DROP_ATTRIBUTE_PREFIXES = ("on", "data-", "aria-")  # scripting hooks and page state, no use in a reader
_PHRASING_PARENTS = {"p", "span", "a", "em", "strong", "b", "i", "li", "td", "th", "dt", "dd", "figcaption", "label"}
_PHRASING_PARENTS |= {f"h{level}" for level in range(1, 7)}


def html_to_text(markup: str) -> str:
    """The text of an HTML fragment (entities decoded, whitespace collapsed)."""
    if not markup or not markup.strip():
        return ""
    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    return " ".join(root.text_content().split())


def _classes(element: lxml.html.HtmlElement) -> list[str]:
    return (element.get("class") or "").split()


def _absolute_srcset(value: str, base: str) -> str:
    candidates = []
    for candidate in value.split(","):
        parts = candidate.split()
        if parts:
            candidates.append(" ".join([urljoin(base, parts[0]), *parts[1:]]))
    return ", ".join(candidates)


def clean_post_html(markup: str, base_url: str, *, drop_title: bool = True) -> str:
    """A post's rendered HTML made fit for a feed reader.

    Removes the site's chrome (permalink anchors, series navigation, worksheet links, comments,
    scripts, event and data attributes), unwraps glossary term links, drops the leading `<h1>`
    (readers show the title), turns inline SVG diagrams into text and makes every link and image
    absolute against `base_url`, the post's permalink.
    """
    if not markup or not markup.strip():
        return ""
    root = lxml.html.fragment_fromstring(markup, create_parent="div")
    for comment in root.xpath("//comment()"):
        comment.drop_tree()
    for element in list(root.iter(*_DROP_TAGS)):
        element.drop_tree()
    for svg in list(root.iter("svg")):
        _replace_svg(svg, base_url)
    for element in list(root.iterdescendants(lxml.etree.Element)):
        classes = _classes(element)
        if CHROME_ATTR in element.attrib or any(name in _DROP_CLASSES for name in classes):
            element.drop_tree()
    for element in list(root.iter("a", "span", "abbr")):
        if any(name in _UNWRAP_CLASSES for name in _classes(element)):
            element.drop_tag()
    if drop_title:
        first = next(iter(root), None)
        if first is not None and first.tag == "h1" and not (root.text or "").strip():
            first.drop_tree()
    for element in root.iter(lxml.etree.Element):
        for name in [attr for attr in element.attrib if attr.lower().startswith(_DROP_ATTRIBUTE_PREFIXES)]:
            del element.attrib[name]
        element.attrib.pop("role", None)
        if element.get("srcset"):
            element.set("srcset", _absolute_srcset(element.get("srcset"), base_url))
        if element.get("poster"):
            element.set("poster", urljoin(base_url, element.get("poster")))
    root.make_links_absolute(base_url, resolve_base_href=False, handle_failures="ignore")
    text = lxml.html.tostring(root, encoding="unicode")
    # Serialising the wrapper gives "<div>…</div>": keep only what is inside it.
    inner = text[len("<div>") : -len("</div>")] if text.startswith("<div>") else text
    return inner.strip()


def _replace_svg(svg: lxml.html.HtmlElement, post_url: str) -> None:
    """An inline SVG diagram as its title and description, with a link to see it on the site.

    The site styles its diagrams with CSS that feed readers do not have (they would show black
    boxes), and many readers drop SVG altogether. An SVG without a title is decoration: it goes.
    """
    parent = svg.getparent()
    if parent is None:
        return
    label = " ".join((svg.findtext("title") or svg.get("aria-label") or "").split())
    if not label:
        svg.drop_tree()
        return
    description = " ".join((svg.findtext("desc") or "").split())
    tag = "span" if parent.tag in _PHRASING_PARENTS else "p"
    fallback = lxml.html.Element(tag)
    caption = lxml.etree.SubElement(fallback, "em")
    caption.text = f"Diagram: {label.rstrip('.')}."
    caption.tail = f" {description} " if description else " "
    link = lxml.etree.SubElement(fallback, "a", href=post_url)
    link.text = "See the diagram on the website"
    link.tail = "."
    fallback.tail = svg.tail
    parent.replace(svg, fallback)
