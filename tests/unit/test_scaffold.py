"""`make new-post` (tce_toolkit.scaffold): the new file parses as a draft and cannot be published unchanged."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
import yaml
from tce_toolkit.posts import PostRules, parse_post
from tce_toolkit.scaffold import create_post, main, next_part, render_post, slugify

RULES = PostRules(known_authors={"editors"}, allowed_categories=("Customers",))
DAY = dt.date(2026, 11, 23)


def front_matter(text: str) -> dict:
    """The new post's front matter, read with PyYAML (not with the toolkit)."""
    return yaml.safe_load(text.split("---\n")[1])


def new(title: str, part: int = 9) -> str:
    return render_post(title, date=DAY, part=part, author="editors", category="Customers")


@pytest.mark.parametrize(
    ("title", "heading"),
    [
        ('Tom & "Jerry": a title', 'Tom & "Jerry": a title'),
        ("Dear <first name>", "Dear <first name>"),
        ("A *service* culture", "A service culture"),
        ("Café culture", "Café culture"),
    ],
)
def test_rendered_post_parses_as_a_draft_with_an_empty_reflect_section(title: str, heading: str) -> None:
    post, errors, warnings = parse_post(new(title), "x.md", "blog/posts/x.md", RULES)
    assert errors == [] and warnings == [] and post is not None
    assert (post.part, post.title, post.draft, post.questions) == (9, heading, True, ())
    assert post.date == dt.datetime(2026, 11, 23, tzinfo=dt.UTC)
    assert (post.authors, post.categories) == (("editors",), ("Customers",))


def test_rendered_front_matter_states_date_part_and_slug() -> None:
    meta = front_matter(new("Who's there?", part=4))
    assert meta["date"] == DAY and meta["part"] == 4 and meta["slug"] == "whos-there" and meta["draft"] is True


def test_a_new_post_cannot_be_published_unchanged() -> None:
    text = new("Saying sorry well").replace("draft: true\n", "")
    post, errors, _ = parse_post(text, "x.md", "blog/posts/x.md", RULES)
    assert post is None
    found = [problem.what for problem in errors]
    assert "the description is still the placeholder from 'make new-post'" in found
    for placeholder in ("The opening paragraph or two: readers see this on the blog index.", "The body of the post."):
        assert f"the placeholder text '{placeholder}' from 'make new-post' is still in the post" in found
    assert "the Reflect section has no questions" in found


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Who is your customer?", "who-is-your-customer"),
        ("Who's there", "whos-there"),
        ("Café culture", "café-culture"),
        ("Καλημέρα κόσμε", "καλημέρα-κόσμε"),
        ("2026: a year", "2026-a-year"),
        ("???", ""),
    ],
)
def test_slugify_is_the_engines_default(title: str, slug: str) -> None:
    assert slugify(title) == slug


@pytest.mark.parametrize("title", ["… and then", "— A dash first"])
def test_a_title_that_starts_with_punctuation_gives_a_usable_post(title: str) -> None:
    _, errors, _ = parse_post(new(title), "x.md", "blog/posts/x.md", RULES)
    assert errors == []


def test_next_part_counts_drafts_and_skips_broken_files(tmp_path: Path) -> None:
    assert next_part(tmp_path) == 1
    (tmp_path / "a.md").write_text("---\npart: 3\ndraft: true\n---\n# A\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("---\npart: [\n---\n", encoding="utf-8")
    (tmp_path / "c.md").write_text("---\npart: 1\n---\n# C\n", encoding="utf-8")
    (tmp_path / "d.md").write_bytes(b"---\npart: 7\ntitle: caf\xe9\n---\n")  # not UTF-8: skipped
    (tmp_path / "e.md").write_text("---\npart: true\n---\n", encoding="utf-8")
    assert next_part(tmp_path) == 4


def test_create_post_refuses_to_overwrite(tmp_path: Path) -> None:
    path = create_post(tmp_path, "Hello there", today=dt.date(2026, 1, 2))
    assert path.name == "hello-there.md" and front_matter(path.read_text(encoding="utf-8"))["date"] == dt.date(
        2026, 1, 2
    )
    with pytest.raises(FileExistsError, match="already exists"):
        create_post(tmp_path, "Hello there!", today=dt.date(2026, 1, 2))
    with pytest.raises(ValueError, match="give the post a title"):
        create_post(tmp_path, "???", today=dt.date(2026, 1, 2))
    with pytest.raises(ValueError, match="give the post a title"):
        create_post(tmp_path, "   ", today=dt.date(2026, 1, 2))


def test_create_post_takes_the_next_part(tmp_path: Path) -> None:
    create_post(tmp_path, "One", today=DAY)
    second = create_post(tmp_path / ".", "Two", today=DAY, author="guest", category="Service culture")
    meta = front_matter(second.read_text(encoding="utf-8"))
    assert (meta["part"], meta["authors"], meta["categories"]) == (2, ["guest"], ["Service culture"])


def test_command_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["Saying sorry well", "--posts", str(tmp_path)]) == 0
    assert (tmp_path / "saying-sorry-well.md").is_file()
    assert "a draft" in capsys.readouterr().out
    assert main(["Saying sorry well", "--posts", str(tmp_path)]) == 1
    assert "already exists" in capsys.readouterr().err
