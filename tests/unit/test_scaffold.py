from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from tce_toolkit.posts import parse_post
from tce_toolkit.scaffold import create_post, next_part, render_post


def test_rendered_post_parses_as_a_draft_with_an_empty_reflect_section() -> None:
    text = render_post(
        'Tom & "Jerry": a title', date=dt.date(2026, 11, 23), part=9, author="editors", category="Customers"
    )
    post, report = parse_post(
        text, "x.md", "blog/posts/x.md", known_authors={"editors"}, allowed_categories=["Customers"]
    )
    assert report.errors == [] and post is not None
    assert (post.part, post.slug, post.title, post.draft) == (9, "tom-jerry-a-title", 'Tom & "Jerry": a title', True)


def test_next_part_counts_drafts_and_skips_broken_files(tmp_path: Path) -> None:
    assert next_part(tmp_path) == 1
    (tmp_path / "a.md").write_text("---\npart: 3\ndraft: true\n---\n# A\n")
    (tmp_path / "b.md").write_text("---\npart: [\n---\n")
    (tmp_path / "c.md").write_text("---\npart: 1\n---\n# C\n")
    assert next_part(tmp_path) == 4


def test_create_post_refuses_to_overwrite(tmp_path: Path) -> None:
    path = create_post(tmp_path, "Hello there", today=dt.date(2026, 1, 2))
    assert path.name == "hello-there.md" and "date: 2026-01-02" in path.read_text()
    with pytest.raises(FileExistsError, match="already exists"):
        create_post(tmp_path, "Hello there!", today=dt.date(2026, 1, 2))
    with pytest.raises(ValueError, match="give the post a title"):
        create_post(tmp_path, "???", today=dt.date(2026, 1, 2))
