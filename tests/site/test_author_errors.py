"""Broken input fed to a real build: one clear message naming the file and the fix, no traceback."""

from __future__ import annotations

import pytest
from siteutil import FixtureSite

FIRST = "blog/posts/first-steps.md"
SECOND = "blog/posts/second-look.md"
THIRD = "blog/posts/third-part.md"

CASES = [
    # (id, file, old, new, expected location, words of the message, words of the fix)
    ("bad-yaml", FIRST, "part: 1", "part: [1", "first-steps.md:4", "not valid YAML", "indentation"),
    ("no-date", FIRST, "date: 2026-01-05\n", "", "first-steps.md:1", "has no date", "YYYY-MM-DD"),
    ("bad-date", SECOND, "date: 2026-01-12", "date: 2026-02-30", "second-look.md:2", "is not a date", "YYYY-MM-DD"),
    ("part-clash", THIRD, "part: 3", "part: 2", "third-part.md", "part 2 is also claimed", "its own 'part:'"),
    ("part-gap", THIRD, "part: 3", "part: 5", "third-part.md", "jumps to part 5", "without gaps"),
    ("no-title", SECOND, "# A second look\n", "", "second-look.md", "has no title", "heading"),
    ("same-slug", THIRD, "slug: third-part", "slug: second-look", "third-part.md", "slug 'second-look'", "different"),
    ("escaping-slug", THIRD, "slug: third-part", "slug: ../../etc", "third-part.md:4", "plain URL", "hyphens"),
    ("unknown-author", FIRST, "  - editors", "  - ghost", "first-steps.md:9", "'ghost' is not in", ".authors.yml"),
    ("bad-category", FIRST, "  - Customers", "  - Sales", "first-steps.md:7", "'Sales' is not one", "Customers"),
    (
        "no-questions",
        SECOND,
        "## Reflect\n",
        "## Reflect\n\nLater.\n\n## Notes\n",
        "second-look.md:22",
        "no questions",
        "numbered",
    ),
    ("stray-text", SECOND, "4. What would", "\nWhat would", "second-look.md:28", "text after", "indent"),
    ("bullet-reflect", THIRD, "1. What does", "- What does", "third-part.md:24", "uses bullets", "numbered"),
]


@pytest.mark.parametrize(
    ("file", "old", "new", "where", "what", "fix"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_mistake_gives_one_clear_message(
    fixture_site: FixtureSite, file: str, old: str, new: str, where: str, what: str, fix: str
) -> None:
    fixture_site.edit(file, old, new)
    build = fixture_site.build()
    assert build.returncode != 0
    assert "Traceback" not in build.output
    lines = [line for line in build.output.splitlines() if where in line]
    assert lines, build.output
    assert any(what in line and fix in line for line in lines), build.output
    assert f"docs/{file}" in build.output  # the path as the author knows it, from the project folder


def test_several_mistakes_are_listed_together(fixture_site: FixtureSite) -> None:
    fixture_site.edit(FIRST, "  - editors", "  - ghost")
    fixture_site.edit(SECOND, "date: 2026-01-12", "date: someday")
    build = fixture_site.build()
    assert build.returncode != 0 and "Traceback" not in build.output
    assert "2 problems to fix" in build.output
    assert "docs/blog/posts/first-steps.md:9" in build.output
    assert "docs/blog/posts/second-look.md:2" in build.output


def test_long_description_fails_strict_build_with_a_warning(fixture_site: FixtureSite) -> None:
    fixture_site.edit(FIRST, "It has two sentences.", "It has " + "many words " * 40 + "in it.")
    build = fixture_site.build()
    assert build.returncode != 0 and "Traceback" not in build.output
    assert "WARNING" in build.output and "first-steps.md:5" in build.output and "shorten it" in build.output


def test_drafts_and_scheduled_posts_leave_the_series(fixture_site: FixtureSite) -> None:
    fixture_site.edit(THIRD, "part: 3", "part: 3\ndraft: true")
    fixture_site.write(
        "blog/posts/future.md",
        (fixture_site.docs / SECOND)
        .read_text()
        .replace("date: 2026-01-12", "date: 2999-01-01")
        .replace("part: 2", "part: 4")
        .replace("slug: second-look", "slug: future"),
    )
    build = fixture_site.build()
    assert build.returncode == 0, build.output
    assert not (build.site / "blog" / "third-part").exists()
    assert not (build.site / "blog" / "future").exists()
    home = build.read("index.html")
    assert "third-part" not in home and "future/" not in home
    assert "Part 2 of 2" in " ".join(build.read("blog/second-look/index.html").split())
