"""hooks/excerpt_speedup.py: when an excerpt may be converted from the Markdown before the separator,
and that the HTML before the separator is then the same as Material's (the whole post converted)."""

from __future__ import annotations

import itertools

import markdown
import pytest
import yaml
from excerpt_speedup import MORE, code_changed, plan_excerpt, unknown_processors
from siteutil import ROOT
from tce_toolkit.shortcuts import ShortcutExtension
from tce_toolkit.titles import TitleTextExtension

SEP = "<!-- more -->"
TITLE = "# Title\n\nThe excerpt, with a [link](other.md) and *emphasis*.\n\n"
REST = "\n\n## After\n\nThe rest of the post.\n"

# (what, Markdown, why Material's way is needed: a phrase of the reason, or None for the short way)
CASES = [
    ("plain post", TITLE + SEP + REST, None),
    ("link reference defined after", TITLE + SEP + REST + "\n[link]: https://example.com\n", "definition"),
    ("reference defined in a quote", TITLE + SEP + REST + "\n> [link]: https://example.com\n", "definition"),
    ("abbreviation defined after", TITLE + SEP + REST + "\n*[HTML]: Hyper Text Markup Language\n", "definition"),
    ("abbreviation, space before colon", TITLE + SEP + REST + "\n*[HTML] : Hyper Text\n", "definition"),
    ("footnote defined after", TITLE + "A note.[^1]\n\n" + SEP + REST + "\n[^1]: The note.\n", "footnotes"),
    ("footnote defined before", TITLE + "A note.[^1]\n\n[^1]: The note.\n\n" + SEP + REST, "footnotes"),
    ("nothing after the separator", TITLE + SEP + "\n", None),
    ("separator last, no newline", TITLE + SEP, None),
    ("separator missing", TITLE + REST, "no separator"),
    ("separator inside a code fence", TITLE + "```\n\n" + SEP + "\n\n```\n" + REST, "code fence"),
    ("separator inside a tilde fence", TITLE + "~~~text\n\n" + SEP + "\n\n~~~\n" + REST, "code fence"),
    ("separator inside raw HTML", TITLE + "<div>\n\n" + SEP + "\n\n</div>\n" + REST, "HTML before"),
    ("separator twice", TITLE + SEP + REST + "\n" + SEP + "\n", "more than once"),
    ("separator inside a paragraph", TITLE + "Text " + SEP + " text.\n" + REST, "line of its own"),
    ("separator indented", TITLE + "    " + SEP + "\n" + REST, "line of its own"),
    ("no blank line before", "# Title\n\nText.\n" + SEP + "\n" + REST, "blank line"),
    ("no blank line after", TITLE + SEP + "\nText right after.\n", "blank line"),
    ("level-1 heading after", TITLE + SEP + REST + "\n# Another title\n", "level-1 heading"),
    ("setext level-1 heading after", TITLE + SEP + REST + "\nAnother title\n=============\n", "level-1 heading"),
    ("id set after", TITLE + SEP + REST + "\n## Again {#title}\n", "id set after"),
    ("id set with key", TITLE + SEP + REST + '\nText\n{: id="title" }\n', "id set after"),
    ("HTML id read as Markdown", TITLE + SEP + REST + '\n<div markdown>\n<p id="title">x</p>\n</div>\n', "HTML"),
    ("HTML id kept as raw HTML", TITLE + SEP + REST + '\n<svg><title id="title">x</title></svg>\n', None),
    ("table of contents marker", TITLE + "[TOC]\n\n" + SEP + REST, "table of contents"),
    ("code and HTML after the separator", TITLE + SEP + REST + "\n```python\nx = 1\n```\n\n<div>raw</div>\n", None),
]


@pytest.mark.parametrize(("what", "text", "reason"), CASES, ids=[case[0] for case in CASES])
def test_the_fallback_rule(what: str, text: str, reason: str | None) -> None:
    plan = plan_excerpt(text, SEP)
    if reason is None:
        assert plan.reason is None, plan.reason
        assert text.startswith(plan.prefix) and SEP in plan.prefix
    else:
        assert plan.reason is not None and reason in plan.reason, plan.reason


def test_more_follows_what_comes_after_the_separator() -> None:
    assert plan_excerpt(TITLE + SEP + REST, SEP).has_more
    for nothing in (TITLE + SEP, TITLE + SEP + "\n", TITLE + SEP + "\n\n   \n\n", TITLE + SEP + "\n\n\x02\n"):
        plan = plan_excerpt(nothing, SEP)
        assert plan.reason is None and not plan.has_more
    assert plan_excerpt(TITLE + SEP + "\n", SEP).whole and not plan_excerpt(TITLE + SEP + REST, SEP).whole
    assert MORE and isinstance(MORE, str)


def test_a_separator_that_is_not_a_comment_is_left_to_material() -> None:
    assert plan_excerpt("# T\n\nText.\n\nMORE\n\nRest.\n", "MORE").reason


# --- the short way gives Material's HTML ----------------------------------------------------------


def _project_markdown() -> markdown.Markdown:
    """A Markdown instance like the one Material makes for an excerpt, with the project's extensions."""
    config = yaml.safe_load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"))
    names, options = ["toc", "tables", "fenced_code"], {}
    for item in config["markdown_extensions"]:
        name, settings = next(iter(item.items())) if isinstance(item, dict) else (item, {})
        names.append(name)
        options[name] = settings or {}
    # Material's settings for excerpts (material/plugins/blog/structure/__init__.py, `_patch`).
    options["toc"] = {**options.get("toc", {}), "anchorlink": True, "baselevel": 2, "permalink": False, "toc_depth": 2}
    extensions = [*dict.fromkeys(names), TitleTextExtension(), ShortcutExtension(lambda wording: None)]
    return markdown.Markdown(extensions=extensions, extension_configs=options)


BEFORE = [
    "",
    "A second paragraph\nover two lines, with `code` and a [[glossary term]].",
    "- a list\n- of two",
    "> a quote",
    "!!! note\n    An admonition.",
    '??? tip "Details"\n    Hidden text.',
    "| a | b |\n|---|---|\n| 1 | 2 |",
    "## A heading\n\n### A smaller one",
    "[ref]: https://example.com/ref\n\nA [reference][ref] and [ref].",
    "*[HTML]: Hyper Text Markup Language\n\nSome HTML here.",
    "Paragraph with an id\n{: #after }",
    "    indented code",
]
AFTER = [
    "## After",
    "## After {#after}",
    "# A second title",
    "[ref]: https://example.com/other",
    "*[HTML]: Something else",
    "A [reference][ref] and [ref] used after.",
    "- a list after\n\n    with a second paragraph",
    "> a quote after",
    "    indented code after",
    "```\nfenced code\n```",
    "<div markdown>\n## Inside {#a-heading}\n</div>",
    "<div>raw HTML</div>",
    "<!-- a comment -->",
    "Setext title\n============",
    "A footnote.[^1]\n\n[^1]: The note.",
    "",
]


def _cut(md: markdown.Markdown, text: str) -> tuple[str, bool, list]:
    html = md.convert(text)
    content, *more = html.split(SEP, 1)
    return content, bool(more and more[0]), md.toc_tokens


@pytest.mark.parametrize("before", BEFORE)
def test_the_short_way_gives_materials_html(before: str) -> None:
    taken = 0
    for after in AFTER:
        text = "# The title\n\nThe first paragraph.\n\n" + (before + "\n\n" if before else "") + SEP + "\n\n" + after
        plan = plan_excerpt(text, SEP)
        if plan.reason is not None:
            continue
        taken += 1
        material, short = _project_markdown(), _project_markdown()
        for _ in range(2):  # Material keeps one Markdown instance per excerpt, never reset
            full_content, full_more, full_toc = _cut(material, text)
            content, _, toc = _cut(short, plan.prefix)
            assert (content, toc) == (full_content, full_toc), text
            assert full_more == plan.has_more, text
    assert taken >= 4


@pytest.mark.parametrize(
    "text",
    [
        "# T\n\nUses [a link][ref].\n\n" + SEP + "\n\n[ref]: https://example.com\n",
        "# T\n\nUses HTML.\n\n" + SEP + "\n\n*[HTML]: Hyper Text Markup Language\n",
        "# T\n\n```\n\n" + SEP + "\n\n```\n\nAfter.\n",
        "# Intro\n\nText.\n\n" + SEP + "\n\n## Again {#intro}\n",
        "# T\n\nText.\n\n" + SEP + "\n\n# Second\n",
    ],
    ids=["reference", "abbreviation", "fence", "id", "level-1 heading"],
)
def test_each_fallback_is_needed(text: str) -> None:
    """Converting only the Markdown up to the separator would change these excerpts."""
    assert plan_excerpt(text, SEP).reason is not None
    at = text.index(SEP) + len(SEP)
    full_content, _, full_toc = _cut(_project_markdown(), text)
    content, _, toc = _cut(_project_markdown(), text[:at] + "\n\n")
    assert (content, toc) != (full_content, full_toc)


# --- what the hook checks before it takes the short way --------------------------------------------


def test_the_projects_markdown_is_all_known_and_others_are_not() -> None:
    assert unknown_processors(_project_markdown()) == []
    # smarty runs a second InlineProcessor of its own, under its own name: the pair is what counts.
    other = markdown.Markdown(extensions=["smarty", "pymdownx.snippets"])
    unknown = unknown_processors(other)
    assert any("smarty" in item for item in unknown) and any("snippet" in item for item in unknown), unknown


def test_material_and_mkdocs_are_the_code_the_hook_mirrors() -> None:
    """Fails after an upgrade of Material or MkDocs (the hook then switches itself off): check the new
    `Excerpt.render` and the two processors against the hook's docstring, then update `_SOURCES`."""
    assert code_changed() == []


def test_combinations_are_not_silently_skipped() -> None:
    # The grid above must keep exercising the short way for most `before` blocks.
    fast = sum(
        plan_excerpt("# T\n\nP.\n\n" + b + "\n\n" + SEP + "\n\n" + a, SEP).reason is None
        for b, a in itertools.product(BEFORE, AFTER)
    )
    assert fast >= len(BEFORE) * 4
