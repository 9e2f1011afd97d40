"""The series model (tce_toolkit.series and models.Series): reading, placing, ordering and checking posts."""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path

import pytest
from tce_toolkit.models import GlossaryEntry, LeftOut, Post, Series, SeriesLink, SeriesPlace
from tce_toolkit.posts import PostRules
from tce_toolkit.series import Source, build_series, order_series, read_entries, read_posts


def post(part: int, slug: str | None = None, **changes: object) -> Post:
    slug = slug or f"part-{part}"
    made = Post(
        src=f"docs/blog/posts/{slug}.md",
        src_uri=f"blog/posts/{slug}.md",
        title=f"Title {part}",
        part=part,
        date=dt.datetime(2026, 1, part, tzinfo=dt.UTC),
        description="d",
        url=f"blog/{slug}/",
    )
    return dataclasses.replace(made, **changes)


# --- order_series ------------------------------------------------------------------------------------------


def test_orders_by_part_not_by_date_or_input_order() -> None:
    ordered, problems = order_series([post(3, date=dt.datetime(2025, 1, 1, tzinfo=dt.UTC)), post(1), post(2)])
    assert problems == []
    assert [p.part for p in ordered] == [1, 2, 3]


def test_clash_names_both_files() -> None:
    _, problems = order_series([post(1), post(2, "a"), post(2, "b")])
    assert sorted(str(p) for p in problems) == [
        "docs/blog/posts/a.md: part 2 is also claimed by docs/blog/posts/b.md — give each post its own 'part:' number",
        "docs/blog/posts/b.md: part 2 is also claimed by docs/blog/posts/a.md — give each post its own 'part:' number",
    ]


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        ([1, 2, 5], "docs/blog/posts/part-5.md: the series jumps to part 5 but parts 3 to 4 are missing"),
        ([1, 3], "docs/blog/posts/part-3.md: the series jumps to part 3 but part 2 is missing"),
        ([2], "docs/blog/posts/part-2.md: the series jumps to part 2 but part 1 is missing"),
        ([4, 5], "docs/blog/posts/part-4.md: the series jumps to part 4 but parts 1 to 3 are missing"),
    ],
)
def test_gap_is_reported_on_the_post_after_it(parts: list[int], message: str) -> None:
    _, problems = order_series([post(n) for n in parts])
    assert [str(p) for p in problems] == [f"{message} — number the published parts 1, 2, 3... without gaps"]


def test_reused_slug_from_the_engines_urls() -> None:
    a = post(1, "same")
    b = post(2, "other", url="blog/same/")
    _, problems = order_series([a, b])
    assert sorted(str(p) for p in problems) == [
        "docs/blog/posts/other.md: the slug 'same' is also used by docs/blog/posts/same.md — give one of them a "
        "different 'slug:' so each has its own URL",
        "docs/blog/posts/same.md: the slug 'same' is also used by docs/blog/posts/other.md — give one of them a "
        "different 'slug:' so each has its own URL",
    ]


@pytest.mark.parametrize(
    ("slugs", "taken", "whose"),
    [
        (["workshop-pack"], "workshop-pack", "the workshop pack (/worksheets/workshop-pack-a4.pdf)"),
        (["facilitator-pack"], "facilitator-pack", "the facilitator pack (/worksheets/facilitator-pack-a4.pdf)"),
        (
            ["intro", "intro-facilitator"],
            "intro-facilitator",
            "the facilitator sheet of 'intro' (/worksheets/intro-facilitator-a4.pdf)",
        ),
        # A post's first address (<slug>.pdf) is a sheet's name on one paper: the sheet keeps it.
        (["intro", "intro-letter"], "intro-letter", "the worksheet of 'intro' (/worksheets/intro-letter.pdf)"),
    ],
)
def test_a_slug_whose_worksheet_takes_another_files_name(slugs: list[str], taken: str, whose: str) -> None:
    posts = [post(n, slug, key_lines=(("slug", 4),)) for n, slug in enumerate(slugs, 1)]
    _, problems = order_series(posts)
    assert [str(p) for p in problems] == [
        f"docs/blog/posts/{taken}.md:4: the slug '{taken}' would give its worksheet the file name of {whose} — "
        "choose another 'slug:' for this post"
    ]


def test_part_problems_point_at_the_part_line() -> None:
    lines = (("date", 2), ("part", 3))
    _, problems = order_series([post(1, key_lines=lines), post(3, "a", key_lines=lines), post(3, "b")])
    assert sorted((p.path, p.line, p.what.split(" ")[0]) for p in problems) == [
        ("docs/blog/posts/a.md", 3, "part"),
        ("docs/blog/posts/a.md", 3, "the"),  # the gap, named on the first post after it
        ("docs/blog/posts/b.md", None, "part"),  # no line known: the file alone
    ]


def test_a_title_that_gives_no_slug_stops_the_build() -> None:
    emoji = post(2, "x", title="🎉🎉", status="draft")
    _, problems = build_series(
        [post(1), emoji],
        [],
        url_of=lambda p: p.url,
        status_of=lambda p: p.status,
        shown=lambda p: p.status == "published",
        slug_of=lambda p: "" if p.title == "🎉🎉" else p.slug,
    )
    assert [str(p) for p in problems] == [
        "docs/blog/posts/x.md:1: the title '🎉🎉' gives no URL name (the blog makes one from its letters and "
        "digits) — add a 'slug:' to the front matter, e.g. 'slug: party-time'"
    ]


def test_empty_series_is_fine() -> None:
    assert order_series([]) == ([], [])


# --- the Series model --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "slug"),
    [
        ("blog/who-is-it/", "who-is-it"),
        ("blog/2026/01/05/who-is-it/", "who-is-it"),
        ("blog/who-is-it.html", "who-is-it"),
    ],
)
def test_slug_is_the_last_segment_of_the_url(url: str, slug: str) -> None:
    assert post(1, url=url).slug == slug


def test_places_link_neighbours() -> None:
    series = Series((post(1), post(2), post(3)))
    assert series.place("blog/posts/part-1.md") == SeriesPlace(1, 3, None, SeriesLink(2, "Title 2", "blog/part-2/"))
    assert series.place("blog/posts/part-2.md") == SeriesPlace(
        2, 3, SeriesLink(1, "Title 1", "blog/part-1/"), SeriesLink(3, "Title 3", "blog/part-3/")
    )
    assert series.place("blog/posts/part-3.md") == SeriesPlace(3, 3, SeriesLink(2, "Title 2", "blog/part-2/"), None)
    assert series.place("about.md") is None and series.post("about.md") is None
    assert series.post("blog/posts/part-2.md") == post(2)


def test_a_lone_post_is_part_one_of_one() -> None:
    assert Series((post(1),)).place("blog/posts/part-1.md") == SeriesPlace(1, 1)


def test_published_leaves_out_drafts_and_scheduled_posts() -> None:
    series = Series((post(1), post(2, status="draft"), post(3, status="scheduled"), post(4)))
    assert [p.part for p in series.published] == [1, 4]
    assert [p.published for p in series.posts] == [True, False, False, True]


def test_glossary_entries_by_slug() -> None:
    a = GlossaryEntry("a", "A", "s", "docs/glossary/a.md", "glossary/a.md")
    series = Series((), (a,))
    assert series.entry("a") == a and series.entry("b") is None and series.glossary == {"a": a}


# --- build_series -----------------------------------------------------------------------------------------


def test_build_series_places_posts_by_the_engines_answers() -> None:
    written = [post(2, "two", url=""), post(1, "one", url=""), post(3, "three", url="", draft=True)]
    series, problems = build_series(
        written,
        [],
        url_of=lambda p: f"blog/2026/{p.src_uri.rsplit('/', 1)[-1].removesuffix('.md')}/",
        status_of=lambda p: "draft" if p.draft else "published",
        shown=lambda p: not p.draft,
    )
    assert problems == []
    assert [(p.part, p.url, p.slug, p.status) for p in series.posts] == [
        (1, "blog/2026/one/", "one", "published"),
        (2, "blog/2026/two/", "two", "published"),
    ]
    assert series.left_out == (
        LeftOut("docs/blog/posts/three.md", "a draft ('draft: true'; remove it to publish the post)"),
    )
    assert series.place("blog/posts/two.md").previous == SeriesLink(1, "Title 1", "blog/2026/one/")


def test_a_shown_draft_stays_a_draft() -> None:
    # `mkdocs serve` shows drafts: they take a place in the series, but feeds still leave them out.
    series, _ = build_series(
        [post(1), post(2)], [], url_of=lambda p: p.url, status_of=lambda p: "draft", shown=lambda p: True
    )
    assert [p.status for p in series.posts] == ["draft", "draft"] and series.published == ()
    assert series.place("blog/posts/part-2.md") == SeriesPlace(2, 2, SeriesLink(1, "Title 1", "blog/part-1/"))


def test_scheduled_posts_are_left_out_with_their_day() -> None:
    series, problems = build_series(
        [post(1), post(2, date=dt.datetime(2031, 5, 4, 9, tzinfo=dt.UTC))],
        [],
        url_of=lambda p: p.url,
        status_of=lambda p: "scheduled" if p.part == 2 else "published",
        shown=lambda p: p.part == 1,
    )
    assert problems == [] and [p.part for p in series.posts] == [1]
    assert series.left_out == (
        LeftOut(
            "docs/blog/posts/part-2.md",
            "scheduled for 2031-05-04 (dated in the future; it appears when the site is built on or after that day)",
        ),
    )


def test_gaps_are_checked_among_the_shown_posts_only() -> None:
    _, problems = build_series(
        [post(1), post(2, draft=True), post(3)],
        [],
        url_of=lambda p: p.url,
        status_of=lambda p: "draft" if p.draft else "published",
        shown=lambda p: not p.draft,
    )
    assert [p.what for p in problems] == ["the series jumps to part 3 but part 2 is missing"]


def test_entries_run_from_a_to_z() -> None:
    entries = [
        GlossaryEntry(slug, term, "s", f"docs/glossary/{slug}.md", f"glossary/{slug}.md")
        for slug, term in [("z", "zeal"), ("a", "Apple"), ("m", "Mango")]
    ]
    series, _ = build_series([], entries, url_of=lambda p: "", status_of=lambda p: "published", shown=lambda p: True)
    assert [e.term for e in series.entries] == ["Apple", "Mango", "zeal"]


# --- reading files -----------------------------------------------------------------------------------------

GOOD = """---
date: 2026-09-07
part: {part}
description: A short summary.
---

# Part {part}

Intro.
"""


def source(root: Path, name: str, data: bytes, folder: str = "blog/posts") -> Source:
    path = root / "docs" / folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return Source(path, f"docs/{folder}/{name}", f"{folder}/{name}")


def test_read_posts_reports_every_file_and_keeps_the_good_ones(tmp_path: Path) -> None:
    sources = [
        source(tmp_path, "one.md", GOOD.format(part=1).encode()),
        source(tmp_path, "latin.md", GOOD.format(part=2).replace("Intro.", "Caf\xe9.").encode("latin-1")),
        source(tmp_path, "binary.md", b"\x89PNG\r\n\x1a\n\x00\x00"),
        source(tmp_path, "no-part.md", GOOD.replace("part: {part}\n", "").encode()),
        source(tmp_path, "long.md", GOOD.format(part=3).replace("A short summary.", "word " * 70).encode()),
    ]
    posts, errors, warnings = read_posts(sources, PostRules())
    assert [p.src for p in posts] == ["docs/blog/posts/one.md", "docs/blog/posts/long.md"]
    assert [str(e).split(" — ")[0] for e in errors] == [
        "docs/blog/posts/latin.md:9: the file is not UTF-8 text (byte 0xe9 cannot be read)",
        "docs/blog/posts/binary.md: the file is not text (it holds binary data)",
        "docs/blog/posts/no-part.md:1: the post has no part number",
    ]
    assert [w.path for w in warnings] == ["docs/blog/posts/long.md"]


def test_read_entries_takes_the_slug_from_the_file_name(tmp_path: Path) -> None:
    sources = [
        source(
            tmp_path,
            "internal-customer.md",
            b"---\nterm: Internal customer\nsummary: A colleague.\nrelated: [customer]\n---\n",
            "glossary",
        ),
        source(tmp_path, "customer.md", b"---\nterm: Customer\nsummary: Anyone you serve.\n---\n", "glossary"),
    ]
    entries, problems, warnings = read_entries(sources)
    assert problems == [] and warnings == []
    assert [(e.slug, e.term, e.src, e.src_uri) for e in entries] == [
        (
            "internal-customer",
            "Internal customer",
            "docs/glossary/internal-customer.md",
            "glossary/internal-customer.md",
        ),
        ("customer", "Customer", "docs/glossary/customer.md", "glossary/customer.md"),
    ]


def test_read_entries_checks_them_together(tmp_path: Path) -> None:
    sources = [
        source(tmp_path, "client.md", b"---\nterm: Client\nsummary: s.\nrelated:\n  - nowhere\n---\n", "glossary"),
        source(tmp_path, "buyer.md", b"---\nterm: Buyer\naliases:\n  - client\nsummary: s.\n---\n", "glossary"),
    ]
    _, problems, _ = read_entries(sources)
    assert sorted(str(p).split(" — ")[0] for p in problems) == [
        "docs/glossary/buyer.md:4: the wording 'client' is also claimed by docs/glossary/client.md",
        "docs/glossary/client.md:2: the wording 'client' is also claimed by docs/glossary/buyer.md",
        "docs/glossary/client.md:5: the related entry 'nowhere' does not exist",
    ]


def test_an_unreadable_entry_is_reported_once(tmp_path: Path) -> None:
    sources = [
        source(tmp_path, "customer.md", b"---\nterm: Customer\nsummary: caf\xe9\n---\n", "glossary"),
        source(tmp_path, "broken.md", b"---\nterm: a: b\n---\n", "glossary"),
        source(
            tmp_path, "client.md", b"---\nterm: Client\nsummary: s.\nrelated: [customer, broken]\n---\n", "glossary"
        ),
    ]
    entries, problems, _ = read_entries(sources)
    assert [e.slug for e in entries] == ["client"]
    assert [(p.path, p.line) for p in problems] == [("docs/glossary/customer.md", 3), ("docs/glossary/broken.md", 2)]
