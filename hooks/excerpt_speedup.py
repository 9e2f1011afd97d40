"""Compatibility hook: Material's blog plugin renders each excerpt from the Markdown it shows.

For every view that lists a post (each index, archive and category page) Material's `Excerpt.render`
converts the post's whole Markdown again and then keeps only the HTML before the separator
(`<!-- more -->`); `excerpt.more`, the HTML after it, only decides whether "Continue reading" is shown.
That is about half of a plain build. Material is in maintenance and none of its files is patched:
when the blog plugin has made a post's excerpt (its `on_page_markdown` runs at -50), this hook gives
that one excerpt object its own `render`, an instance attribute that Python finds before the class's
method, as blog_speedup.py swaps one list. Patching the class instead would change every later build
in the same process (`mkdocs serve` after the hook is taken out of mkdocs.yml, say); the instance
attribute ends with the build's excerpt. The new `render` does what Material's does, with two changes:

1. It converts only the Markdown up to the separator and the blank line after it, with the
   excerpt's own Markdown instance and processors, and keeps the HTML before the separator, which is
   the same. `excerpt.more` is `MORE` (a non-empty stand-in: the HTML after the separator is never
   made) when something follows the separator, and Material's own value (`""`) when nothing does:
   Material's templates only ask whether `post.more` is truthy.
2. It keeps what it rendered and converts again only when the view could change the result. The view
   reaches the conversion at two points only: the excerpt processor links `#` anchors to
   `get_relative_url(post.url, view.url)`, and MkDocs' relative-path processor turns each link and
   image through `path_to_url` with the excerpt's file at the view's URL. Every `path_to_url` call
   is recorded (and the toolkit's `[[...]]` glossary lookups, the one other input from outside the
   text); a later view reuses the result when the Markdown and the relative post URL are the same and
   every recorded call, made again for this view, answers the same: then the conversion would run
   the same, step for step. Index page 2, an archive year and a category page all link to a post
   as `../../slug/`, so one conversion serves them.

Material's own `render` runs, unchanged, wherever the shorter conversion could differ
(`plan_excerpt` gives the reason):

- the separator is missing, is not a one-line HTML comment, occurs more than once, or is not a line
  of its own between blank lines (Material cuts the HTML at its first occurrence);
- before the separator: a code fence (``` or ~~~: the separator could be inside one), raw HTML or
  anything else `<` could open (an unclosed block could hold the separator), the table of contents
  marker (it lists the whole post);
- anywhere: a footnote (`[^`: Material's footnotes come after the whole post);
- after the separator: anything that looks like a definition (`]:` or `] :`: link references,
  `*[abbreviations]:`, footnotes), which the part before could use; a level-1 heading (`#`, or `===`
  under a line), an id set with attr_list (`{#id}`, `{: id=...}`), and, where an element has
  md_in_html's `markdown` attribute, an HTML heading or `id=`: they could change the excerpt's table
  of contents or the ids of the headings before the separator.

A post's excerpt is left to Material entirely when its Markdown instance has a processor this hook
has not checked (`KNOWN`) or table of contents settings other than the ones Material sets for
excerpts. The hook does nothing at all when `markdown_extensions` holds an extension object (not a
name) that could keep state, as one object serves every post's Markdown instance (`SHAREABLE` lists
the toolkit's two, which keep none), or when the source of `Excerpt.render`, or of one of the two
processors it relies on, is not the code this hook was written against (`_SOURCES`: Material 9.8.1,
MkDocs 1.6.1).

Why the part before the separator converts the same: Python-Markdown's preprocessors read the lines
in order, and the part before holds no fence and no HTML; the separator, alone between blank lines,
is a raw-HTML block of its own, so no block after it can join one before it (lists, quotes, code and
admonitions only ever continue their previous sibling, which is the separator); inline processing
is per element, save for the definitions above; the table of contents lists only level-1 headings
(Material sets `baselevel: 2` and `toc_depth: 2`) and gives ids in document order, after taking every
id already in the tree. What an excerpt's Markdown instance keeps from one conversion to the next
(references and abbreviations defined before the separator, stashed raw HTML) is then the same every
time, so a result can be reused. Only the output is promised: MkDocs' debug-level messages about
links after the separator (all its link warnings are at debug level for excerpts) are no longer
logged. `tests/site/test_excerpt_speedup_site.py` builds three sites with and without this hook and
compares every file byte for byte; `mkdocs build -v` ends with what the hook did.
"""

from __future__ import annotations

import hashlib
import importlib
import inspect
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from mkdocs.plugins import event_priority
from mkdocs.structure.toc import get_toc
from mkdocs.utils import get_relative_url

log = logging.getLogger("mkdocs.hooks.excerpt_speedup")


class _Unrendered(str):
    """`excerpt.more` when the HTML after the separator was not made: non-empty, so truthy."""

    __slots__ = ()


MORE = _Unrendered("<!-- the rest of the post: not rendered for excerpts (hooks/excerpt_speedup.py) -->")

# The processors whose effect on the Markdown before the separator this hook has checked: by stage,
# the name each is registered under and its class (a name alone could be another class; a class alone
# could run a registry of its own, as smarty's second `InlineProcessor` does).
_MD = "markdown."
_BLOCK = _MD + "blockprocessors."
_INLINE = _MD + "inlinepatterns."
_EXT = _MD + "extensions."
KNOWN: dict[str, dict[str, frozenset[str]]] = {
    "preprocessors": {
        "normalize_whitespace": frozenset({_MD + "preprocessors.NormalizeWhitespace"}),
        "html_block": frozenset(
            {_MD + "preprocessors.HtmlBlockPreprocessor", _EXT + "md_in_html.HtmlBlockPreprocessor"}
        ),
        "fenced_code_block": frozenset(
            {_EXT + "fenced_code.FencedBlockPreprocessor", "pymdownx.superfences.SuperFencesBlockPreprocessor"}
        ),
        "tce_title_text": frozenset({"tce_toolkit.titles.TitleTextPreprocessor"}),
    },
    "blockprocessors": {
        "empty": frozenset({_BLOCK + "EmptyBlockProcessor"}),
        "indent": frozenset({_BLOCK + "ListIndentProcessor"}),
        "code": frozenset({_BLOCK + "CodeBlockProcessor", "pymdownx.superfences.SuperFencesCodeBlockProcessor"}),
        "hashheader": frozenset({_BLOCK + "HashHeaderProcessor"}),
        "setextheader": frozenset({_BLOCK + "SetextHeaderProcessor"}),
        "hr": frozenset({_BLOCK + "HRProcessor"}),
        "olist": frozenset({_BLOCK + "OListProcessor"}),
        "ulist": frozenset({_BLOCK + "UListProcessor"}),
        "quote": frozenset({_BLOCK + "BlockQuoteProcessor"}),
        "reference": frozenset({_BLOCK + "ReferenceProcessor"}),
        "paragraph": frozenset({_BLOCK + "ParagraphProcessor"}),
        "admonition": frozenset({_EXT + "admonition.AdmonitionProcessor"}),
        "markdown_block": frozenset({_EXT + "md_in_html.MarkdownInHtmlProcessor"}),
        "table": frozenset({_EXT + "tables.TableProcessor"}),
        "footnote": frozenset({_EXT + "footnotes.FootnoteBlockProcessor"}),
        "abbr": frozenset({_EXT + "abbr.AbbrBlockprocessor"}),
        "details": frozenset({"pymdownx.details.DetailsProcessor"}),
    },
    "treeprocessors": {
        "inline": frozenset({_MD + "treeprocessors.InlineProcessor"}),
        "prettify": frozenset({_MD + "treeprocessors.PrettifyTreeprocessor"}),
        "unescape": frozenset({_MD + "treeprocessors.UnescapeTreeprocessor"}),
        "toc": frozenset({_EXT + "toc.TocTreeprocessor"}),
        "abbr": frozenset({_EXT + "abbr.AbbrTreeprocessor"}),
        "attr_list": frozenset({_EXT + "attr_list.AttrListTreeprocessor"}),
        "footnote": frozenset({_EXT + "footnotes.FootnoteTreeprocessor"}),
        "footnote-duplicate": frozenset({_EXT + "footnotes.FootnotePostTreeprocessor"}),
        "excerpt": frozenset({"material.plugins.blog.structure.markdown.ExcerptTreeprocessor"}),
        "relpath": frozenset({"mkdocs.structure.pages._RelativePathTreeprocessor"}),
    },
    "inlinePatterns": {
        "backtick": frozenset({_INLINE + "BacktickInlineProcessor"}),
        "escape": frozenset({_INLINE + "EscapeInlineProcessor"}),
        "reference": frozenset({_INLINE + "ReferenceInlineProcessor"}),
        "link": frozenset({_INLINE + "LinkInlineProcessor"}),
        "image_link": frozenset({_INLINE + "ImageInlineProcessor"}),
        "image_reference": frozenset({_INLINE + "ImageReferenceInlineProcessor"}),
        "short_reference": frozenset({_INLINE + "ShortReferenceInlineProcessor"}),
        "short_image_ref": frozenset({_INLINE + "ShortImageReferenceInlineProcessor"}),
        "autolink": frozenset({_INLINE + "AutolinkInlineProcessor"}),
        "automail": frozenset({_INLINE + "AutomailInlineProcessor"}),
        "linebreak": frozenset({_INLINE + "SubstituteTagInlineProcessor"}),
        "html": frozenset({_INLINE + "HtmlInlineProcessor"}),
        "entity": frozenset({_INLINE + "HtmlInlineProcessor"}),
        "em_strong": frozenset({_INLINE + "DelimiterProcessor", _INLINE + "AsteriskProcessor"}),
        "em_strong2": frozenset({_INLINE + "UnderscoreProcessor"}),
        "footnote": frozenset({_EXT + "footnotes.FootnoteInlineProcessor"}),
        "tce_shortcuts": frozenset({"tce_toolkit.shortcuts.ShortcutProcessor"}),
    },
    "postprocessors": {
        "raw_html": frozenset(
            {_MD + "postprocessors.RawHtmlPostprocessor", _EXT + "md_in_html.MarkdownInHTMLPostprocessor"}
        ),
        "amp_substitute": frozenset({_MD + "postprocessors.AndSubstitutePostprocessor"}),
        "footnote": frozenset({_EXT + "footnotes.FootnotePostprocessor"}),
    },
}
# Known processors that take an input from outside the Markdown text: the method that does, recorded.
PROBES = {
    "mkdocs.structure.pages._RelativePathTreeprocessor": "path_to_url",
    "tce_toolkit.shortcuts.ShortcutProcessor": "resolve",
}
# Extension objects (not names) that may serve every post's Markdown instance at once: no state.
SHAREABLE = frozenset({"tce_toolkit.titles.TitleTextExtension", "tce_toolkit.shortcuts.ShortcutExtension"})
# SHA-256 of the source of the code this hook mirrors or relies on (Material 9.8.1, MkDocs 1.6.1).
_SOURCES = {
    "material.plugins.blog.structure.Excerpt.render": "6ee38b3efd751ef5996bf852d21008bf7e504476671a6b1b9d5025110899c27a",
    "material.plugins.blog.structure.markdown.ExcerptTreeprocessor.run": "6b88160612058d280cff0bdebb8c6f7c9e506cb86e17df02a6a1021003413c86",
    "mkdocs.structure.pages._RelativePathTreeprocessor.run": "070f63b812f670c843ffbdff89556d864b2bec03a11370ed5103981fafb55d99",
}

_COMMENT = re.compile(r"<!--(?:(?!--)[^\n])*-->")
_BLANK = re.compile(r"[ \t]*")
_FENCE = re.compile(r"```|~~~")
_RAW_HTML = re.compile(r"<[A-Za-z!/?]")
_DEFINITION = re.compile(r"\][ \t]*:")
# A level-1 heading (`#`, or a line of `=` under a paragraph), also inside quotes, lists and blocks.
_LEVEL_1 = re.compile(r"^[ \t>*+\-.)0-9]*(?:#(?!#)|=+[ \t]*$)", re.MULTILINE)
_ATTR_ID = re.compile(r"\{[^}\n]*(?:#|\bid[ \t]*=)", re.IGNORECASE)  # attr_list: {#id}, {: id="x"}
# Raw HTML is stashed whole, out of the tree that the table of contents reads, unless md_in_html
# parses it (an element with a `markdown` attribute): only then can its headings and ids count.
_MARKDOWN_ATTRIBUTE = re.compile(r"<[^>]*\bmarkdown\b", re.IGNORECASE)
_HTML_HEADING_OR_ID = re.compile(r"<h[1-6]|\bid[ \t]*=", re.IGNORECASE)


@dataclass(frozen=True)
class Plan:
    """How to render one excerpt: `reason` says why Material's own way is needed, or is None."""

    reason: str | None
    prefix: str = ""  # the Markdown to convert
    whole: bool = False  # `prefix` is all of the Markdown: nothing but blank lines after the separator
    has_more: bool = False  # something follows the separator, so Material's `excerpt.more` is truthy


def plan_excerpt(markdown: str, separator: str, toc_marker: str = "[TOC]") -> Plan:
    """The Markdown to convert for the excerpt of `markdown`, or the reason to convert all of it."""
    if not _COMMENT.fullmatch(separator):
        return Plan("the separator is not a one-line HTML comment")
    count = markdown.count(separator)
    if count == 0:
        return Plan("no separator")
    if count > 1:
        return Plan("the separator occurs more than once")
    if "[^" in markdown:
        return Plan("footnotes")
    lines = markdown.split("\n")
    at = next((i for i, line in enumerate(lines) if line == separator), None)
    if at is None:
        return Plan("the separator is not a line of its own")
    if (at > 0 and not _BLANK.fullmatch(lines[at - 1])) or (
        at + 1 < len(lines) and not _BLANK.fullmatch(lines[at + 1])
    ):
        return Plan("no blank line before or after the separator")
    before = "\n".join(lines[:at])
    if _FENCE.search(before):
        return Plan("a code fence before the separator")
    if _RAW_HTML.search(before):
        return Plan("HTML before the separator")
    if toc_marker and toc_marker in before:
        return Plan("the table of contents marker before the separator")
    after = "\n".join(lines[at + 2 :])
    if _DEFINITION.search(after):
        return Plan("a definition after the separator")
    if _LEVEL_1.search(after):
        return Plan("a level-1 heading after the separator")
    if _ATTR_ID.search(after):
        return Plan("an id set after the separator")
    if _MARKDOWN_ATTRIBUTE.search(after) and _HTML_HEADING_OR_ID.search(after):
        return Plan("an HTML heading or id read as Markdown after the separator")
    # Up to the blank line after the separator, character for character; all of it if nothing follows.
    if at + 2 >= len(lines):
        return Plan(None, markdown, whole=True)
    has_more = bool(after.replace("\x02", "").replace("\x03", "").strip())
    return Plan(None, "\n".join(lines[: at + 2]) + "\n", has_more=has_more)


def _name(obj: object) -> str:
    cls = type(obj)
    return f"{cls.__module__}.{cls.__qualname__}"


def _processors(md: Any) -> dict[str, list[tuple[str, object]]]:
    """Every processor of a Markdown instance, by stage, as (registered name, processor)."""
    stages = {"preprocessors": md.preprocessors, "blockprocessors": md.parser.blockprocessors}
    stages.update(treeprocessors=md.treeprocessors, inlinePatterns=md.inlinePatterns, postprocessors=md.postprocessors)
    # A copy of each registry's list of names first: looking an item up sorts that list in place.
    return {
        stage: [(name, registry[name]) for name, _ in list(registry._priority)] for stage, registry in stages.items()
    }


def unknown_processors(md: Any) -> list[str]:
    """The processors of a Markdown instance that this hook has not checked (by stage and class)."""
    return [
        f"{stage}: {name} ({_name(proc)})"
        for stage, procs in _processors(md).items()
        for name, proc in procs
        if _name(proc) not in KNOWN[stage].get(name, ())
    ]


def _toc_problem(md: Any) -> list[str]:
    """Why the excerpt's table of contents could hold more than its level-1 headings (Material's patch)."""
    toc = next((proc for name, proc in _processors(md)["treeprocessors"] if name == "toc"), None)
    if toc is None:
        return []
    try:
        if int(toc.toc_bottom) < 2 + int(toc.base_level):
            return []
    except (AttributeError, TypeError, ValueError):
        pass
    return ["table of contents settings other than Material's for excerpts"]


def _source_hash(path: str) -> str:
    """SHA-256 of the source of the function at `path` (module path, then attributes)."""
    parts = path.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            obj: Any = importlib.import_module(".".join(parts[:cut]))
        except ImportError:
            continue
        for attr in parts[cut:]:
            obj = getattr(obj, attr)
        return hashlib.sha256(inspect.getsource(obj).encode()).hexdigest()
    raise ImportError(path)


def code_changed() -> list[str]:
    """The functions in `_SOURCES` whose source is not the one this hook was written against."""
    changed = []
    for path, digest in _SOURCES.items():
        try:
            if _source_hash(path) != digest:
                changed.append(path)
        except (ImportError, AttributeError, OSError, TypeError):
            changed.append(path)
    return changed


@dataclass
class _Entry:
    markdown: str
    separator: str
    relative: str
    calls: list[tuple[Callable[..., Any], tuple[Any, ...], Any]]
    content: str
    more: str
    toc_tokens: list[Any]


@dataclass
class Stats:
    """What the hook did in one build."""

    converted: int = 0
    reused: int = 0
    material: int = 0
    reasons: dict[str, int] = field(default_factory=dict)


@dataclass
class _State:
    enabled: bool | None = None  # None: not checked yet
    stats: Stats = field(default_factory=Stats)


_state = _State()


def on_config(config):
    global _state
    _state = _State()
    return config


class _FastRender:
    """The `render` of one excerpt: the excerpt's Markdown up to the separator, and reuse."""

    def __init__(self, excerpt: Any, stats: Stats) -> None:
        self.excerpt, self.stats = excerpt, stats
        self.material = excerpt.render  # Material's own, bound to this excerpt
        md = excerpt.md
        stages = _processors(md)
        toc = next((proc for name, proc in stages["treeprocessors"] if name == "toc"), None)
        self.toc_marker = getattr(toc, "marker", "[TOC]") if toc is not None else ""
        self.plans: dict[tuple[str, str], Plan] = {}
        self.entries: list[_Entry] = []
        self.recording: list[tuple[Callable[..., Any], tuple[Any, ...], Any]] | None = None
        for procs in stages.values():
            for _, proc in procs:
                attr = PROBES.get(_name(proc))
                if attr and getattr(proc, attr, None) is not None:
                    setattr(proc, attr, self._probe(getattr(proc, attr)))

    def _probe(self, method: Callable[..., Any]) -> Callable[..., Any]:
        def probe(*args: Any) -> Any:
            result = method(*args)
            if self.recording is not None:
                self.recording.append((method, args, result))
            return result

        return probe

    def _plan(self, markdown: str, separator: str) -> Plan:
        key = (markdown, separator)
        plan = self.plans.get(key)
        if plan is None:
            plan = self.plans[key] = plan_excerpt(markdown, separator, self.toc_marker)
        return plan

    def _use_material(self, page: Any, separator: str, reason: str) -> None:
        self.stats.material += 1
        self.stats.reasons[reason] = self.stats.reasons.get(reason, 0) + 1
        self.material(page, separator)

    def __call__(self, page: Any, separator: str) -> None:
        excerpt = self.excerpt
        post = excerpt.post
        # As Material does: the excerpt shows the post's title, so it must hold it.
        markdown = post.markdown
        if not post._title_from_render:
            markdown = "\n\n".join([f"# {post.title}", markdown])
        plan = self._plan(markdown, separator)
        if plan.reason is not None:
            return self._use_material(page, separator, plan.reason)

        md = excerpt.md
        excerpt.file.url = page.url
        md.treeprocessors["excerpt"].base = page
        excerpt.markdown = markdown
        relative = get_relative_url(post.url, page.url)
        entry = next((e for e in self.entries if self._same(e, markdown, separator, relative)), None)
        if entry is not None:
            self.stats.reused += 1
        else:
            self.recording = []
            try:
                html = md.convert(plan.prefix)
            finally:
                calls, self.recording = self.recording, None
            content, *more = html.split(separator, 1)
            if not more or (not plan.whole and more[0] != ""):
                # Not what the rules promise (never seen): never guess, do it Material's way from now on.
                reason = "unexpected HTML around the separator"
                self.plans[(markdown, separator)] = Plan(reason)
                excerpt.file.url = post.url
                return self._use_material(page, separator, reason)
            tokens = getattr(md, "toc_tokens", [])
            entry = _Entry(markdown, separator, relative, calls, content, MORE if plan.has_more else more[0], tokens)
            self.entries.append(entry)
            self.stats.converted += 1
        excerpt.content = entry.content
        excerpt.more = entry.more
        excerpt.toc = get_toc(entry.toc_tokens)
        excerpt.file.url = post.url

    @staticmethod
    def _same(entry: _Entry, markdown: str, separator: str, relative: str) -> bool:
        if entry.relative != relative or entry.separator != separator or entry.markdown != markdown:
            return False
        return all(method(*args) == result for method, args, result in entry.calls)


def _enabled(config: Any) -> bool:
    if _state.enabled is None:
        changed = code_changed()
        shared = [
            _name(ext) for ext in config.markdown_extensions if not isinstance(ext, str) and _name(ext) not in SHAREABLE
        ]
        _state.enabled = not changed and not shared
        if changed:
            log.info("excerpt_speedup: off, the code it mirrors has changed: %s", ", ".join(changed))
        elif shared:
            log.info("excerpt_speedup: off, extension objects shared between posts: %s", ", ".join(shared))
    return _state.enabled


@event_priority(-60)
def on_page_markdown(markdown, page, config, files):
    """Right after the blog plugin's on_page_markdown (-50) has made the post's excerpt: speed it up."""
    excerpt = getattr(page, "excerpt", None)
    if excerpt is None or getattr(excerpt, "post", None) is not page or isinstance(excerpt.render, _FastRender):
        return markdown
    if type(excerpt).__module__ != "material.plugins.blog.structure" or not _enabled(config):
        return markdown
    unknown = unknown_processors(excerpt.md) or _toc_problem(excerpt.md)
    if unknown:
        log.debug("excerpt_speedup: Material renders %s: %s", page.file.src_uri, "; ".join(unknown))
        return markdown
    excerpt.render = _FastRender(excerpt, _state.stats)
    return markdown


def on_post_build(config):
    stats = _state.stats
    reasons = ", ".join(f"{reason}: {count}" for reason, count in sorted(stats.reasons.items())) or "none"
    log.debug(
        "excerpt_speedup: %d excerpt renders: %d converted up to the separator, %d reused, %d by Material (%s)",
        stats.converted + stats.reused + stats.material,
        stats.converted,
        stats.reused,
        stats.material,
        reasons,
    )
