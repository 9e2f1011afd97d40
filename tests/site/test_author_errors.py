"""Author mistakes fed to the real `make build`: one clear message naming the file, the line and the fix,
no traceback, and the last good site/ left exactly as it was."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest
from siteutil import ROOT, FixtureSite, run_make

FIRST = "docs/blog/posts/first-steps.md"
SECOND = "docs/blog/posts/second-look.md"
THIRD = "docs/blog/posts/third-part.md"
INTERNAL = "docs/glossary/internal-customer.md"
CONFIG = "mkdocs.yml"
SHEET = "worksheets/sheet.html.j2"
LAST_QUESTION = "4. What would make that hand-off easier?"

# (id, file, old text, new text, text on the line the message must name (None: no line), what, fix).
# A `bytes` new text replaces the whole file.
CASES = [
    ("bad-yaml", FIRST, "part: 1", "part: [1", "part: [1", "not valid YAML", "indentation"),
    ("no-date", FIRST, "date: 2026-01-05\n", "", "---", "has no date", "YYYY-MM-DD"),
    ("impossible-date", SECOND, "date: 2026-01-12", "date: 2026-02-30", "date:", "is not a date", "YYYY-MM-DD"),
    ("quoted-date", SECOND, "date: 2026-01-12", 'date: "2026-01-12"', "date:", "quoted", "remove the quotes"),
    ("date-as-words", SECOND, "date: 2026-01-12", "date: someday", "date:", "is not a date", "YYYY-MM-DD"),
    (
        "bad-updated",
        SECOND,
        "date: 2026-01-12",
        "date:\n  created: 2026-01-12\n  updated: soon",
        "date:",
        "updated date",
        "YYYY-MM-DD",
    ),
    ("no-part", SECOND, "part: 2\n", "", "---", "has no part number", "'part: N'"),
    ("part-zero", SECOND, "part: 2", "part: 0", "part:", "not a whole number", "'part: 3'"),
    ("part-words", SECOND, "part: 2", "part: two", "part:", "not a whole number", "'part: 3'"),
    ("part-clash", THIRD, "part: 3", "part: 2", "part:", "part 2 is also claimed", "its own 'part:'"),
    ("part-gap", THIRD, "part: 3", "part: 5", "part:", "jumps to part 5", "without gaps"),
    ("no-title", SECOND, "# A second look\n", "", None, "has no title", "heading"),
    (
        "no-description",
        SECOND,
        "description: The second",
        "summary: The second",
        "---",
        "no description",
        "two sentences",
    ),
    (
        "empty-description",
        SECOND,
        "description: The second fixture post, about the chain of hand-offs inside a team.",
        'description: ""',
        "description:",
        "no description",
        "two sentences",
    ),
    ("same-slug", THIRD, "slug: third-part", "slug: second-look", None, "slug 'second-look'", "different"),
    ("escaping-slug", THIRD, "slug: third-part", "slug: ../../etc", "slug:", "plain URL", "hyphens"),
    ("slug-with-space", THIRD, "slug: third-part", "slug: third part", "slug:", "plain URL", "hyphens"),
    ("unknown-author", FIRST, "  - editors", "  - ghost", "  - ghost", "'ghost' is not in", ".authors.yml"),
    ("bad-category", FIRST, "  - Customers", "  - Sales", "  - Sales", "'Sales' is not one", "Customers"),
    (
        "authors-not-list",
        SECOND,
        "authors:\n  - editors",
        "authors: editors",
        "authors:",
        "'authors' must be a list, not 'editors'",
        "as a list",
    ),
    (
        "categories-not-list",
        SECOND,
        "categories:\n  - Service providers",
        "categories: 7",
        "categories:",
        "'categories' must be a list, not 7",
        "as a list",
    ),
    (
        "draft-not-bool",
        SECOND,
        "part: 2",
        "part: 2\ndraft: ture",
        "draft:",
        "'draft' must be true or false, not 'ture'",
        "'draft: true'",
    ),
    ("pin-not-bool", SECOND, "part: 2", "part: 2\npin: often", "pin:", "'pin' must be true or false", "'pin: true'"),
    (
        "readtime-words",
        SECOND,
        "part: 2",
        "part: 2\nreadtime: long",
        "readtime:",
        "'readtime' must be a whole number",
        "minutes",
    ),
    ("links-number", SECOND, "part: 2", "part: 2\nlinks: 3", "links:", "'links' is not valid", "Material's blog"),
    (
        "misspelt-key",
        SECOND,
        "categories:",
        "catgories:",
        "catgories:",
        "'catgories' is not a front-matter key",
        "did you mean 'categories'?",
    ),
    (
        "miscased-key",
        SECOND,
        "categories:",
        "Categories:",
        "Categories:",
        "'Categories' is not a front-matter key",
        "did you mean 'categories'?",
    ),
    (
        "misspelt-draft",
        SECOND,
        "part: 2",
        "part: 2\ndraf: true",
        "draf:",
        "'draf' is not a front-matter key",
        "did you mean 'draft'?",
    ),
    (
        "miscased-draft",
        SECOND,
        "part: 2",
        "part: 2\nDraft: true",
        "Draft:",
        "'Draft' is not a front-matter key",
        "did you mean 'draft'?",
    ),
    (
        "unknown-key",
        SECOND,
        "part: 2",
        "part: 2\ncolour: red",
        "colour:",
        "'colour' is not a front-matter key",
        "use one of",
    ),
    (
        "description-unindented",
        SECOND,
        "description: The second fixture post, about",
        "description: >-\n  The second fixture post,\nabout",
        "about the chain",
        "neither 'key: value' nor indented",
        "indent it",
    ),
    (
        "reserved-slug",
        THIRD,
        "slug: third-part",
        "slug: facilitator-pack",
        "slug:",
        "file name of the facilitator pack",
        "another 'slug:'",
    ),
    ("bad-feed-id", SECOND, "part: 2", "part: 2\nid: not a uri", "id:", "not a permanent URI", "never changes"),
    (
        "glossary-flag-words",
        SECOND,
        "part: 2",
        "part: 2\nglossary: nope",
        "glossary:",
        "true or false",
        "glossary: false",
    ),
    ("no-front-matter", SECOND, None, b"# A second look\n\nText.\n", "# A second", "no front matter", "'---' block"),
    (
        "not-utf8",
        SECOND,
        None,
        "---\ndate: 2026-01-12\n# Caf\u00e9\n".encode("latin-1"),
        "# Caf",
        "not UTF-8",
        "UTF-8 encoding",
    ),
    ("binary-file", SECOND, None, b"\x89PNG\r\n\x1a\n\x00\x00\x00", None, "not text", "UTF-8 Markdown"),
    ("empty-post", SECOND, None, None, "# A second look", "post is empty", "below its title"),
    (
        "no-questions",
        SECOND,
        "## Reflect\n",
        "## Reflect\n\nLater.\n\n## Notes\n",
        "## Reflect",
        "no questions",
        "numbered",
    ),
    ("stray-text", SECOND, "4. What would", "\nWhat would", "What would", "text after", "indent"),
    ("bullet-reflect", THIRD, "1. What does", "- What does", "- What does", "uses bullets", "numbered"),
    ("paren-numbers", SECOND, "1. Which", "1) Which", "1) Which", "numbered with ')'", "'1.'"),
    ("misspelt-reflect", SECOND, "## Reflect", "## Reflections", "## Reflections", "misspelt Reflect", "'## Reflect'"),
    ("three-questions", SECOND, "\n" + LAST_QUESTION, "", "## Reflect", "has 3 questions", "at least four"),
    (
        "notes-unclosed",
        FIRST,
        "4. What is one thing you will do differently?",
        "4. What is one thing you will do differently?\n   <!-- facilitator\n   Time: 5 min",
        "<!-- facilitator",
        "facilitator notes are not closed",
        "'-->'",
    ),
    (
        "notes-unknown-field",
        FIRST,
        "1. Who relies on your work each *week*?",
        "1. Who relies on your work each *week*?\n   <!-- facilitator\n   Timing: 5 min\n   -->",
        "Timing: 5 min",
        "'Timing' is not a facilitator field",
        "'Draw out:'",
    ),
    (
        "notes-time-in-words",
        FIRST,
        "1. Who relies on your work each *week*?",
        "1. Who relies on your work each *week*?\n   <!-- facilitator\n   Time: ten minutes\n   -->",
        "Time: ten minutes",
        "not a time in whole minutes",
        "'Time: 8 min'",
    ),
    (
        "seven-questions",
        SECOND,
        LAST_QUESTION,
        LAST_QUESTION + "\n5. Five?\n6. Six?\n7. Seven?",
        "## Reflect",
        "has 7 questions",
        "fewer",
    ),
    (
        "placeholder-description",
        SECOND,
        "The second fixture post, about the chain of hand-offs inside a team.",
        "Replace this with two plain sentences that sum up the post.",
        "description:",
        "still the placeholder",
        "two sentences",
    ),
    (
        "placeholder-body",
        SECOND,
        "Each service provider",
        "The body of the post.\n\nEach",
        "The body of",
        "placeholder",
        "your own text",
    ),
    (
        "unknown-shortcut",
        SECOND,
        "Each service provider",
        "Ask [[nobody here]]. Each",
        "[[nobody",
        "names no glossary entry",
        "remove the brackets",
    ),
    (
        "glossary-no-term",
        INTERNAL,
        "term: Internal customer",
        "name: Internal customer",
        "---",
        "has no term",
        "'term:",
    ),
    (
        "glossary-no-summary",
        INTERNAL,
        "summary: A colleague",
        "blurb: A colleague",
        "---",
        "no summary",
        "one sentence",
    ),
    (
        "glossary-misspelt-key",
        INTERNAL,
        "aliases:",
        "alises:",
        "alises:",
        "'alises' is not a front-matter key",
        "did you mean 'aliases'?",
    ),
    (
        "glossary-miscased-key",
        INTERNAL,
        "summary: A",
        "Summary: A",
        "Summary:",
        "'Summary' is not a front-matter key",
        "did you mean 'summary'?",
    ),
    (
        "glossary-bad-related",
        INTERNAL,
        "  - external-customer",
        "  - external-customers",
        "  - external-customers",
        "does not exist",
        "file name",
    ),
    (
        "glossary-clash",
        INTERNAL,
        "  - internal customers",
        "  - internal customers\n  - External customers",
        "  - External",
        "also claimed",
        "one entry only",
    ),
    (
        "glossary-bad-yaml",
        INTERNAL,
        "term: Internal customer",
        "term: [Internal",
        "term:",
        "not valid YAML",
        "indentation",
    ),
    (
        "glossary-not-utf8",
        INTERNAL,
        None,
        "---\nterm: Caf\u00e9\n---\n".encode("latin-1"),
        "term: Caf",
        "not UTF-8",
        "UTF-8",
    ),
    (
        "feeds-limit-words",
        CONFIG,
        "    limit: 20",
        "    limit: many",
        "limit: many",
        "extra.feeds.limit is wrong",
        "whole number",
    ),
    (
        "worksheets-paper",
        CONFIG,
        "    paper: a4",
        "    paper: a5",
        "paper: a5",
        "extra.worksheets.paper is wrong",
        "'paper: letter'",
    ),
    (
        "unknown-setting",
        CONFIG,
        "    paper: a4",
        "    paper: a4\n    colour: red",
        "colour:",
        "is not a setting",
        "use one of",
    ),
    (
        "flow-settings",
        CONFIG,
        "    paper: a4",
        "    paper: {size: a4}",
        "paper:",
        "extra.worksheets.paper is wrong",
        "'paper: a4'",
    ),
    (
        "template-syntax",
        SHEET,
        "{% macro sheet(",
        "{% macro sheet(}",
        "{% macro sheet(}",
        "template syntax error",
        "closed",
    ),
]


def _make_build(project: Path) -> subprocess.CompletedProcess:
    """The README's `make build`, run in a copy of the project with this checkout's virtual environment."""
    return _make(project, "build")


def _make(project: Path, target: str) -> subprocess.CompletedProcess:
    return run_make(project, target)


def _apply(root: Path, file: str, old: str | None, new: str | bytes | None) -> Path:
    path = root / file
    if isinstance(new, bytes):
        path.write_bytes(new)
    elif old is None:  # keep the front matter and the title only
        text = path.read_text(encoding="utf-8")
        path.write_text(text[: text.index("# ")] + "# A second look\n", encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def _line_of(path: Path, marker: str) -> int:
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    return next(number for number, line in enumerate(lines, 1) if line.startswith(marker) or marker in line)


@pytest.fixture
def project(fixture_site: FixtureSite) -> Path:
    """The fixture project with PDFs off (the mistakes are found before any PDF) and a last good site/."""
    root = fixture_site.root
    config = root / CONFIG
    config.write_text(config.read_text(encoding="utf-8").replace("pdf: auto", "pdf: false"), encoding="utf-8")
    shutil.copy2(ROOT / "requirements.lock", root / "requirements.lock")  # older than the installed stamp
    site = root / "site"
    site.mkdir()
    (site / "index.html").write_text("the last good site", encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("file", "old", "new", "line", "what", "fix"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_mistake_gives_one_clear_message_and_keeps_the_site(
    project: Path, file: str, old: str | None, new: str | bytes | None, line: str | None, what: str, fix: str
) -> None:
    path = _apply(project, file, old, new)
    result = _make_build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0, output
    assert "Traceback" not in output
    assert "make build: the build failed; site/ is unchanged" in output
    where = f"{file}:{_line_of(path, line)}:" if line is not None else f"{file}:"
    messages = [text for text in output.splitlines() if where in text]
    assert messages, f"{where} not in:\n{output}"
    assert any(what in text and fix in text for text in messages), output
    assert sorted(p.name for p in (project / "site").iterdir()) == ["index.html"]
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == "the last good site"
    # `make check` tells the author the same, without building.
    check = _make(project, "check")
    assert check.returncode != 0 and "Traceback" not in check.stdout + check.stderr
    assert _problems(check.stdout + check.stderr) == _problems(output)


def _problems(output: str) -> list[str]:
    """The problem lines of a build's or a check's output, from the file name on."""
    found = set()
    for line in output.splitlines():
        match = re.search(r"(docs/|mkdocs\.yml|worksheets/)\S*: .* — .*", line)
        if match:
            found.add(match.group(0))
    return sorted(found)


def test_the_corpus_covers_forty_mistakes() -> None:
    assert len({case[0] for case in CASES}) == len(CASES) >= 40


def test_several_mistakes_in_several_files_are_listed_together(project: Path) -> None:
    _apply(project, FIRST, "  - editors", "  - ghost")
    _apply(project, SECOND, "date: 2026-01-12", "date: someday")
    _apply(project, INTERNAL, "summary: A colleague", "blurb: A colleague")
    result = _make_build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    assert "3 problems to fix" in output
    assert f"{FIRST}:9:" in output and f"{SECOND}:2:" in output and f"{INTERNAL}:1:" in output


def test_long_description_fails_strict_build_with_a_warning(project: Path) -> None:
    _apply(project, FIRST, "It has two sentences.", "It has " + "many words " * 40 + "in it.")
    result = _make_build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    assert "WARNING" in output and f"{FIRST}:5:" in output and "shorten it" in output


def test_drafts_and_scheduled_posts_leave_the_series_and_the_log_says_why(project: Path) -> None:
    _apply(project, THIRD, "part: 3", "part: 3\ndraft: true")
    future = (project / SECOND).read_text(encoding="utf-8")
    future = future.replace("date: 2026-01-12", "date: 2999-01-01").replace("part: 2", "part: 4")
    (project / "docs/blog/posts/future.md").write_text(future.replace("slug: second-look", "slug: future"))
    result = _make_build(project)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    site = project / "site"
    assert not (site / "blog" / "third-part").exists() and not (site / "blog" / "future").exists()
    assert f"{THIRD}: left out of the series" in output and "a draft" in output
    assert "docs/blog/posts/future.md: left out of the series" in output and "scheduled for 2999-01-01" in output
    # `make check` names the same posts, above the summary that counts them.
    check = _make(project, "check")
    printed = check.stdout + check.stderr
    assert check.returncode == 0, printed
    left_out = [line for line in output.splitlines() if ": left out of the series" in line]
    assert len(left_out) == 2
    for line in left_out:
        assert line[line.index("docs/") :] in printed
    assert printed.index("future.md: left out") < printed.index("(2 left out of the series: see above)")
    home = (site / "index.html").read_text(encoding="utf-8")
    assert "third-part" not in home and "future/" not in home
    assert "Part 2 of 2" in " ".join((site / "blog" / "second-look" / "index.html").read_text().split())


def test_future_post_with_draft_false_is_published_everywhere(project: Path) -> None:
    """Material publishes a future post that says `draft: false`: so do the series, feeds and worksheets."""
    text = (project / THIRD).read_text(encoding="utf-8").replace("date: 2026-01-19", "date: 2999-01-01")
    (project / THIRD).write_text(text.replace("part: 3", "part: 3\ndraft: false"), encoding="utf-8")
    result = _make_build(project)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    site = project / "site"
    page = " ".join((site / "blog" / "third-part" / "index.html").read_text().split())
    assert "Part 3 of 3" in page
    assert "/blog/third-part/" in (site / "feed.xml").read_text(encoding="utf-8")
    assert (site / "worksheets" / "third-part" / "index.html").is_file()


def test_a_title_that_gives_no_slug_stops_the_build(project: Path) -> None:
    path = project / SECOND
    text = path.read_text(encoding="utf-8").replace("slug: second-look\n", "")
    path.write_text(text.replace("# A second look", "# \U0001f389\U0001f389"), encoding="utf-8")
    result = _make_build(project)
    output = result.stdout + result.stderr
    assert result.returncode != 0 and "Traceback" not in output
    assert f"{SECOND}:1: the title '\U0001f389\U0001f389' gives no URL name" in output and "'slug:'" in output
    assert (project / "site" / "index.html").read_text(encoding="utf-8") == "the last good site"
    check = _make(project, "check")
    assert check.returncode != 0 and _problems(check.stdout + check.stderr) == _problems(output)
