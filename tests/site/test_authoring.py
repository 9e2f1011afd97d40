"""Authors' tools: a new post in one command, drafts in preview only, builds that lose nothing."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request

from pathlib import Path

import lxml.html
from siteutil import ROOT, Build, FixtureSite, copy_project, run_make
from tce_toolkit.posts import PostRules, parse_post


def new_post(site: FixtureSite, title: str) -> subprocess.CompletedProcess[str]:
    """What `make new-post TITLE=...` runs: the installed `tce` command."""
    return subprocess.run(
        [str(Path(sys.executable).parent / "tce"), "new-post", title],
        cwd=site.root,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_new_post_is_valid_numbered_and_never_overwrites(fixture_site: FixtureSite) -> None:
    created = new_post(fixture_site, "Saying sorry well")
    assert created.returncode == 0, created.stderr
    path = fixture_site.docs / "blog" / "posts" / "saying-sorry-well.md"
    text = path.read_text()
    post, errors, _ = parse_post(text, "x.md", "blog/posts/x.md", PostRules(known_authors={"editors"}))
    assert errors == [] and post is not None
    assert (post.part, post.title, post.draft) == (4, "Saying sorry well", True)
    assert "\nslug: saying-sorry-well\n" in text
    assert post.date.date() == dt.date.today() and post.authors == ("editors",)
    assert "## Reflect" in text and post.questions == ()
    build = fixture_site.build()  # a fresh draft builds, and stays out of the published site
    assert build.returncode == 0, build.output
    assert not (build.site / "blog" / "saying-sorry-well").exists()

    path.write_text(text + "\nMy own words.\n")
    again = new_post(fixture_site, "Saying sorry well")
    assert again.returncode == 1 and "already exists" in again.stderr and "Traceback" not in again.stderr
    assert path.read_text().endswith("My own words.\n")
    empty = new_post(fixture_site, "  ")
    assert empty.returncode == 1 and "give the post a title" in empty.stderr


def test_published_post_needs_questions_but_a_draft_may_wait(fixture_site: FixtureSite) -> None:
    fixture_site.edit("blog/posts/third-part.md", "## Reflect\n", "## Reflect\n\n## Notes\n")
    assert fixture_site.build().returncode != 0
    fixture_site.edit("blog/posts/third-part.md", "part: 3", "part: 3\ndraft: true")
    build = fixture_site.build()
    assert build.returncode == 0, build.output


def _make_build(site: FixtureSite) -> subprocess.CompletedProcess[str]:
    for name in ("Makefile", "requirements.lock"):
        shutil.copy2(ROOT / name, site.root / name)  # keep mtimes: the venv stamp stays fresh
    return subprocess.run(
        ["make", "build", f"VENV={ROOT / '.venv'}"], cwd=site.root, capture_output=True, text=True, timeout=300
    )


def test_failed_make_build_leaves_the_last_good_site(fixture_site: FixtureSite) -> None:
    good = _make_build(fixture_site)
    assert good.returncode == 0, good.stdout + good.stderr
    index = fixture_site.root / "site" / "index.html"
    before = index.read_bytes()
    fixture_site.edit("blog/posts/first-steps.md", "First steps", "First steps, renamed")
    fixture_site.edit("blog/posts/second-look.md", "date: 2026-01-12", "date: never")
    bad = _make_build(fixture_site)
    assert bad.returncode != 0
    assert "site/ is unchanged" in bad.stdout + bad.stderr
    assert index.read_bytes() == before
    assert not (fixture_site.root / ".site-new").exists()
    fixture_site.edit("blog/posts/second-look.md", "date: never", "date: 2026-01-12")
    assert _make_build(fixture_site).returncode == 0
    assert "First steps, renamed" in index.read_text()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_serve_shows_drafts_and_scheduled_posts_with_a_badge(fixture_site: FixtureSite) -> None:
    fixture_site.edit("blog/posts/third-part.md", "part: 3", "part: 3\ndraft: true")
    fixture_site.edit("blog/posts/second-look.md", "date: 2026-01-12", "date: 2999-01-12")
    port = _free_port()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1")
    log = open(fixture_site.root / "serve.log", "w")  # noqa: SIM115 - closed below, after the server stops
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{port}", "--no-livereload"],
        cwd=fixture_site.root,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        pages = {}
        deadline = time.monotonic() + 60
        for slug in ("third-part", "second-look", "first-steps"):
            while True:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/blog/{slug}/", timeout=5) as response:
                        pages[slug] = " ".join(response.read().decode().split())
                    break
                except OSError:
                    assert time.monotonic() < deadline, (fixture_site.root / "serve.log").read_text()
                    time.sleep(0.3)
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()
    assert 'tce-badge--draft">Draft</span>' in pages["third-part"]
    assert "Scheduled for 2999-01-12" in pages["second-look"]
    assert "tce-badge" not in pages["first-steps"]
    assert "Part 3 of 3" in pages["third-part"]


def test_an_ordinary_build_says_nothing_about_the_navigation(project_build: Build) -> None:
    # The pages the toolkit adds outside the navigation (the subscribe page) are marked so, as MkDocs asks.
    assert "not included in the" not in project_build.output
    assert "subscribe/index.md" not in project_build.output
    assert "WARNING" not in project_build.output


def test_the_project_builds_with_its_feeds_switched_off(tmp_path: Path) -> None:
    project = copy_project(tmp_path / "project", ROOT / "docs")
    config = project / "mkdocs.yml"
    text = config.read_text(encoding="utf-8").replace("pdf: auto", "pdf: false")
    assert "  feeds:\n" in text
    config.write_text(text.replace("  feeds:\n", "  feeds:\n    enabled: false\n", 1), encoding="utf-8")
    shutil.copy2(ROOT / "requirements.lock", project / "requirements.lock")
    check = run_make(project, "check")
    assert check.returncode == 0, check.stdout + check.stderr
    build = run_make(project, "build")
    output = build.stdout + build.stderr
    assert build.returncode == 0, output
    assert "WARNING" not in output and "Traceback" not in output
    site = project / "site"
    assert not (site / "feed.xml").exists() and not (site / "atom.xml").exists() and not (site / "feed.json").exists()
    # about.md links the subscribe page: it is there, and says there is no feed to follow.
    about = lxml.html.fromstring((site / "about" / "index.html").read_text(encoding="utf-8"))
    assert "../subscribe/" in about.xpath("//article//a/@href")
    page = lxml.html.fromstring((site / "subscribe" / "index.html").read_text(encoding="utf-8"))
    assert "offers no feeds" in " ".join(page.xpath("//article")[0].text_content().split())
    assert not page.xpath('//link[@type="application/rss+xml"]')


def test_new_post_takes_the_blogs_own_slug_function_and_folder(fixture_site: FixtureSite) -> None:
    # Material's blog makes a post's slug with its `post_slugify` and `post_slugify_separator`, and keeps
    # the posts in its `post_dir`: the new post follows the site's settings, never a copy of the defaults.
    config = fixture_site.root / "mkdocs.yml"
    text = config.read_text(encoding="utf-8")
    blog = "      blog_dir: blog\n"
    assert blog in text
    config.write_text(
        text.replace(blog, blog + "      post_slugify_separator: _\n      post_dir: \"{blog}/articles\"\n", 1),
        encoding="utf-8",
    )
    for path in (fixture_site.docs / "blog" / "posts").glob("*.md"):
        target = fixture_site.docs / "blog" / "articles" / path.name
        target.parent.mkdir(exist_ok=True)
        path.rename(target)
    created = new_post(fixture_site, "Saying Sorry Well")
    assert created.returncode == 0, created.stderr
    path = fixture_site.docs / "blog" / "articles" / "saying_sorry_well.md"
    assert "\nslug: saying_sorry_well\n" in path.read_text(encoding="utf-8")
    assert "part: 4\n" in path.read_text(encoding="utf-8"), "numbered after the posts in the blog's own folder"
    assert [p.name for p in fixture_site.docs.rglob("saying*")] == ["saying_sorry_well.md"]
