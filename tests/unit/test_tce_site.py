"""The adapter layer (tce_site) without a full build: settings, Material's post rules and URLs, per-build state.

Material's own objects are used where the adapter asks them (PostConfig, BlogPlugin's draft rule,
BlogConfig's default `post_slugify`); MkDocs' config is a stand-in with the two fields the reader uses.
"""

from __future__ import annotations

import datetime as dt
import importlib.util
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml
from material.plugins.blog.config import BlogConfig
from material.plugins.blog.plugin import BlogPlugin
from mkdocs.exceptions import PluginError
from mkdocs.theme import Theme
from siteutil import ROOT
from tce_site.built_site import run_theme_fixes
from tce_site.events import Toolkit, build_of
from tce_site.material import check_post_meta, is_shown, page_keys, post_keys, post_rules, status_of, theme_word
from tce_site.plugin import ToolkitPlugin
from tce_site.project import UsageError
from tce_site.settings import FeedSettings, WorksheetSettings, read_settings
from tce_site.state import Build
from tce_toolkit.models import Post, SeriesLink
from tce_toolkit.posts import PostRules, parse_post
from tce_toolkit.series import build_series

# --- settings under `extra:` --------------------------------------------------------------------------------


def project(tmp_path: Path, text: str, extra: dict | None = None) -> SimpleNamespace:
    """A mkdocs.yml in a project folder and the config MkDocs would make of it (its `extra`, read by PyYAML)."""
    path = tmp_path / "mkdocs.yml"
    path.write_text(text, encoding="utf-8")
    if extra is None:
        extra = (yaml.safe_load(text) or {}).get("extra") or {}
    return SimpleNamespace(config_file_path=str(path), extra=extra)


def feed_problems(tmp_path: Path, text: str, extra: dict | None = None) -> list[str]:
    _, problems = read_settings(project(tmp_path, text, extra), "feeds", FeedSettings)
    return [str(p) for p in problems]


def test_no_settings_give_the_defaults(tmp_path: Path) -> None:
    feeds, problems = read_settings(project(tmp_path, "site_name: S\n"), "feeds", FeedSettings)
    assert problems == []
    assert (feeds.enabled, feeds.limit, feeds.full_content, feeds.rss_path, feeds.atom_path) == (
        True,
        20,
        True,
        "feed.xml",
        "atom.xml",
    )
    assert feeds.category_path == "category/{slug}/feed.xml"
    sheets, problems = read_settings(project(tmp_path, "site_name: S\n"), "worksheets", WorksheetSettings)
    assert problems == [] and (sheets.paper, sheets.pdf, sheets.qr, sheets.workers, sheets.cache) == (
        "a4",
        "auto",
        True,
        0,
        True,
    )


def test_good_settings_are_read(tmp_path: Path) -> None:
    text = "site_name: S\nextra:\n  feeds:\n    limit: 5\n    full_content: false\n    category_path: ''\n"
    feeds, problems = read_settings(project(tmp_path, text), "feeds", FeedSettings)
    assert problems == [] and (feeds.limit, feeds.full_content, feeds.category_path) == (5, False, "")


SETTING_MISTAKES = [
    (
        "wrong-type",
        "site_name: S\nextra:\n  feeds:\n    limit: twenty\n",
        "mkdocs.yml:4: extra.feeds.limit is wrong: Expected type: <class 'int'> but received: <class 'str'>",
        "limit: 20",
    ),
    (
        "unknown-key",
        "site_name: S\nextra:\n  feeds:\n    limit: 5\n    limt: 5\n",
        "mkdocs.yml:5: extra.feeds.limt is not a setting",
        "use one of: enabled, title, description, limit",
    ),
    (
        "flow-style",
        "site_name: S\nextra:\n  worksheets: {paper: a4}\n  feeds: {limit: x}\n",
        "mkdocs.yml:4: extra.feeds.limit is wrong",
        "limit: 20",
    ),
    (
        "not-a-mapping",
        "site_name: S\nextra:\n  feeds: yes please\n",
        "mkdocs.yml:3: 'extra.feeds' must be a set of settings",
        "write one setting per line below it: enabled, title",
    ),
    (
        "a-list",
        "site_name: S\nextra:\n  feeds:\n    - limit: 5\n",
        "mkdocs.yml:3: 'extra.feeds' must be a set of settings",
        "write one setting per line",
    ),
    (
        "negative-limit",
        "site_name: S\nextra:\n  feeds:\n    limit: -1\n",
        "mkdocs.yml:4: extra.feeds.limit: the feed limit must be 0 or more",
        "limit: 20",
    ),
    (
        "boolean-limit",
        "site_name: S\nextra:\n  feeds:\n    limit: true\n",
        "mkdocs.yml:4: extra.feeds.limit: the feed limit must be 0 or more",
        "limit: 20",
    ),
    (
        "path-outside-the-site",
        "site_name: S\nextra:\n  feeds:\n    rss_path: ../feed.xml\n",
        "mkdocs.yml:4: extra.feeds.rss_path: the feed path '../feed.xml' is not a plain path inside the site",
        "ending in .xml",
    ),
    (
        "category-path-without-slug",
        "site_name: S\nextra:\n  feeds:\n    category_path: category/feed.xml\n",
        "mkdocs.yml:4: extra.feeds.category_path: the category feed path has no '{slug}'",
        "'category/{slug}/feed.xml'",
    ),
    (
        "one-file-for-two-feeds",
        "site_name: S\nextra:\n  feeds:\n    rss_path: feed.xml\n    atom_path: feed.xml\n",
        "mkdocs.yml:5: extra.feeds.atom_path: the RSS and Atom feeds would be written to the same file",
        "atom_path: atom.xml",
    ),
]


@pytest.mark.parametrize(
    ("text", "what", "fix"), [m[1:] for m in SETTING_MISTAKES], ids=[m[0] for m in SETTING_MISTAKES]
)
def test_setting_mistakes_name_their_line(tmp_path: Path, text: str, what: str, fix: str) -> None:
    found = feed_problems(tmp_path, text)
    assert len(found) == 1 and found[0].startswith(what) and fix in found[0].split(" — ", 1)[1], found


def test_lines_are_found_in_a_real_looking_mkdocs_yml(tmp_path: Path) -> None:
    # MkDocs' own tags (!ENV, !!python/name) need no constructor to find a line.
    text = (
        "site_name: S\n"
        "site_url: !ENV [SITE_URL, 'https://series.example/']\n"
        "markdown_extensions:\n"
        "  - pymdownx.emoji:\n"
        "      emoji_index: !!python/name:material.extensions.emoji.twemoji\n"
        "extra:\n"
        "  # feeds of the series\n"
        "  feeds:\n"
        "    limit: 20\n"
        "    full_content: 'no'\n"
    )
    found = feed_problems(tmp_path, text, extra={"feeds": {"limit": 20, "full_content": "no"}})
    assert [p.split(" — ")[0] for p in found] == [
        "mkdocs.yml:10: extra.feeds.full_content is wrong: Expected type: <class 'bool'> but received: <class 'str'>"
    ]


def test_worksheet_settings_are_read_by_the_same_reader(tmp_path: Path) -> None:
    text = "site_name: S\nextra:\n  worksheets:\n    paper: a5\n"
    _, problems = read_settings(project(tmp_path, text), "worksheets", WorksheetSettings)
    assert [str(p).split(":")[:3] for p in problems] == [["mkdocs.yml", "4", " extra.worksheets.paper is wrong"]]
    assert problems[0].fix == "write 'paper: a4' or 'paper: letter'"
    text = "site_name: S\nextra:\n  worksheets:\n    workers: -2\n    pdf: sometimes\n    colour: red\n"
    _, problems = read_settings(project(tmp_path, text), "worksheets", WorksheetSettings)
    assert ("mkdocs.yml", 6, "extra.worksheets.colour is not a setting") in [(p.path, p.line, p.what) for p in problems]


def test_a_config_file_that_cannot_be_read_still_gives_the_problem(tmp_path: Path) -> None:
    config = SimpleNamespace(config_file_path=str(tmp_path / "gone.yml"), extra={"feeds": {"limit": "x"}})
    _, problems = read_settings(config, "feeds", FeedSettings)
    assert [(p.path, p.line) for p in problems] == [("gone.yml", 1)]


def test_every_wrong_setting_is_reported_at_once(tmp_path: Path) -> None:
    text = "site_name: S\nextra:\n  feeds:\n    title: 3\n    limit: x\n    full_content: maybe\n"
    assert [p.split(":")[1] for p in feed_problems(tmp_path, text)] == ["4", "5", "6"]


# --- Material's front-matter rules --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("meta", "keys"),
    [
        ({"date": dt.date(2026, 9, 7), "authors": ["editors"], "categories": ["Customers"], "draft": True}, []),
        ({"date": {"created": dt.date(2026, 9, 7), "updated": dt.datetime(2026, 10, 1, 9)}}, []),
        ({"date": dt.date(2026, 9, 7), "slug": "who", "pin": False, "readtime": 6}, []),
        ({"date": dt.date(2026, 9, 7), "part": 1, "description": "d", "glossary": False, "id": "tag:x,2026:a"}, []),
        ({"date": "2026-09-07"}, ["date"]),  # a quoted date is text
        ({"date": {"created": "2026-09-07"}}, ["date"]),
        ({"date": dt.date(2026, 9, 7), "authors": "editors"}, ["authors"]),  # one string, not a list
        ({"date": dt.date(2026, 9, 7), "categories": "Customers"}, ["categories"]),
        ({"date": dt.date(2026, 9, 7), "draft": "maybe"}, ["draft"]),
        ({"date": dt.date(2026, 9, 7), "slug": 42}, ["slug"]),
    ],
)
def test_check_post_meta_is_materials_verdict(meta: dict, keys: list[str]) -> None:
    assert [key for key, _ in check_post_meta(meta)] == keys


def test_check_post_meta_says_what_it_expected() -> None:
    [(key, message)] = check_post_meta({"date": dt.date(2026, 9, 7), "authors": "editors"})
    assert key == "authors" and "list" in message


def test_check_post_meta_leaves_the_front_matter_as_it_was() -> None:
    meta = {"date": dt.date(2026, 9, 7), "authors": ["editors"]}
    check_post_meta(meta)
    assert meta == {"date": dt.date(2026, 9, 7), "authors": ["editors"]}


def test_check_post_meta_reports_every_rejected_key() -> None:
    assert sorted(
        key for key, _ in check_post_meta({"date": dt.date(2026, 9, 7), "authors": "editors", "draft": "maybe"})
    ) == [
        "authors",
        "draft",
    ]


POST = """---
date: 2026-09-07
part: 1
description: A short summary.
authors:
  - editors
---

# Who is your customer?

Intro.
"""
RULES = PostRules(check_meta=check_post_meta, known_authors={"editors"})


def post_errors(text: str) -> list[str]:
    post, errors, _ = parse_post(text, "docs/blog/posts/x.md", "blog/posts/x.md", RULES)
    assert post is None
    return [str(e) for e in errors]


def test_a_quoted_date_is_one_problem() -> None:
    assert post_errors(POST.replace("date: 2026-09-07", 'date: "2026-09-07"')) == [
        "docs/blog/posts/x.md:2: the date '2026-09-07' is quoted, so it is text, not a date — remove the quotes: "
        "'date: YYYY-MM-DD'"
    ]


def test_a_string_for_authors_is_the_engines_problem_in_the_authors_words() -> None:
    [found] = post_errors(POST.replace("authors:\n  - editors", "authors: editors"))
    assert found == (
        "docs/blog/posts/x.md:5: 'authors' must be a list, not 'editors' — write it as a list, e.g. 'authors: [editors]'"
    )


@pytest.mark.parametrize(
    ("line", "what"),
    [
        ("draft: ture", "'draft' must be true or false, not 'ture'"),
        ("pin: often", "'pin' must be true or false, not 'often'"),
        ("readtime: long", "'readtime' must be a whole number, not 'long'"),
        ("categories: 7", "'categories' must be a list, not 7"),
        ("slug: [a, b]", "'slug' must be text, not a list"),
    ],
)
def test_material_verdicts_in_plain_words(line: str, what: str) -> None:
    [found] = post_errors(POST.replace("part: 1", "part: 1\n" + line))
    assert found.startswith(f"docs/blog/posts/x.md:4: {what} — ")
    assert "<class" not in found and "Expected" not in found


def test_a_value_that_breaks_materials_own_check_is_reported_not_raised() -> None:
    # Material's 'links' option fails with an AttributeError on a number: still one clear message.
    [found] = post_errors(POST.replace("part: 1", "part: 1\nlinks: 3"))
    assert found.startswith("docs/blog/posts/x.md:4: 'links' is not valid: Material's blog cannot read it — ")
    assert "Error" not in found


def test_a_good_post_passes_the_engines_check() -> None:
    post, errors, _ = parse_post(POST, "docs/blog/posts/x.md", "blog/posts/x.md", RULES)
    assert errors == [] and post is not None


def test_a_quoted_date_does_not_hide_a_wrong_draft() -> None:
    found = post_errors(
        POST.replace("date: 2026-09-07", 'date: "2026-09-07"').replace("part: 1", "part: 1\ndraft: maybe")
    )
    assert [e.split(":")[1] for e in found] == ["2", "4"]


def test_post_rules_from_the_blog() -> None:
    blog = SimpleNamespace(
        config=SimpleNamespace(authors=True, categories_allowed=["Customers"]), authors={"editors": {}}
    )
    config = SimpleNamespace(plugins={})
    rules = post_rules(config, blog)
    assert (set(rules.known_authors), rules.allowed_categories, rules.check_meta) == (
        {"editors"},
        ("Customers",),
        check_post_meta,
    )
    without = post_rules(config, SimpleNamespace(config=SimpleNamespace(authors=False, categories_allowed=None)))
    assert (without.known_authors, without.allowed_categories) == (None, ())
    assert "draft" in rules.publishing_keys


# Material's blog post options (PostConfig) and its theme's page keys, as its documentation lists them.
BLOG_KEYS = {"authors", "categories", "date", "draft", "pin", "links", "readtime", "slug"}
THEME_KEYS = {"title", "description", "template", "hide", "icon", "status", "subtitle"}


def plugins(**loaded: object) -> SimpleNamespace:
    return SimpleNamespace(plugins=loaded)


def test_post_keys_are_materials_blog_and_page_keys() -> None:
    assert post_keys(plugins()) == BLOG_KEYS | THEME_KEYS
    assert page_keys(plugins()) == THEME_KEYS


def test_enabled_plugins_add_the_keys_they_read() -> None:
    from material.plugins.search.plugin import SearchPlugin
    from material.plugins.tags.plugin import TagsPlugin

    tags, search = TagsPlugin(), SearchPlugin()
    assert tags.load_config({"tags_name_property": "labels"}) == ([], [])
    assert search.load_config({}) == ([], [])
    assert page_keys(plugins(**{"material/tags": tags, "material/search": search})) == THEME_KEYS | {"labels", "search"}
    off = TagsPlugin()
    assert off.load_config({"enabled": False}) == ([], [])
    assert page_keys(plugins(**{"material/tags": off})) == THEME_KEYS


# --- Material's draft rule ----------------------------------------------------------------------------------


def blog(**settings: object) -> BlogPlugin:
    plugin = BlogPlugin()
    errors, warnings = plugin.load_config(settings)
    assert errors == [] and warnings == []
    return plugin


def written(part: int = 1, draft: bool | None = None, days: int = -30) -> Post:
    return Post(
        src="docs/blog/posts/x.md",
        src_uri="blog/posts/x.md",
        title="T",
        part=part,
        date=dt.datetime.now(dt.UTC) + dt.timedelta(days=days),
        description="d",
        draft=draft is True,
        draft_written=draft,
    )


@pytest.mark.parametrize(
    ("settings", "post", "status", "shown"),
    [
        ({}, written(), "published", True),
        ({}, written(draft=True), "draft", False),
        ({}, written(draft=False), "published", True),
        ({"draft": True}, written(draft=True), "draft", True),  # a build that shows drafts still calls it one
        ({"draft_if_future_date": True}, written(days=30), "scheduled", False),
        ({"draft_if_future_date": True}, written(draft=False, days=30), "published", True),  # explicitly published
        ({"draft_if_future_date": True}, written(days=-1), "published", True),
        ({}, written(days=30), "published", True),  # without the setting the engine publishes future posts
    ],
    ids=["plain", "draft", "draft-false", "drafts-shown", "future", "future-draft-false", "past", "future-no-rule"],
)
def test_status_and_visibility_are_materials(settings: dict, post: Post, status: str, shown: bool) -> None:
    plugin = blog(**settings)
    assert (status_of(plugin, post), is_shown(plugin, post)) == (status, shown)


# --- the series placed with Material's slugs ----------------------------------------------------------------

ENGINE_SLUG = BlogConfig.post_slugify.default  # Material's default post_slugify
TITLES = {1: "Who's there", 2: "Café culture", 3: "Καλημέρα κόσμε"}
SLUGS = {1: "whos-there", 2: "café-culture", 3: "καλημέρα-κόσμε"}


def engine_url(post: Post) -> str:
    """The URL Material's blog gives a post with `post_url_format: "{slug}"` under `blog/`."""
    return f"blog/{ENGINE_SLUG(post.title, '-')}/"


def test_every_title_gets_an_engine_url_and_its_place() -> None:
    posts = []
    for part in (2, 3, 1):
        text = f"---\ndate: 2026-09-0{part}\npart: {part}\ndescription: d.\n---\n\n# {TITLES[part]}\n\nText.\n"
        post, errors, _ = parse_post(text, f"docs/blog/posts/p{part}.md", f"blog/posts/p{part}.md", RULES)
        assert errors == [] and post is not None
        posts.append(post)
    plugin = blog()
    series, problems = build_series(
        posts,
        [],
        url_of=engine_url,
        status_of=lambda p: status_of(plugin, p),
        shown=lambda p: is_shown(plugin, p),
    )
    assert problems == [] and series.left_out == ()
    assert [(p.part, p.title, p.url, p.status) for p in series.posts] == [
        (1, "Who's there", "blog/whos-there/", "published"),
        (2, "Café culture", "blog/café-culture/", "published"),
        (3, "Καλημέρα κόσμε", "blog/καλημέρα-κόσμε/", "published"),
    ]
    for post in series.posts:
        assert post.slug == SLUGS[post.part] == ENGINE_SLUG(post.title, "-")
    middle = series.place("blog/posts/p2.md")
    assert (middle.part, middle.total) == (2, 3)
    assert middle.previous == SeriesLink(1, "Who's there", "blog/whos-there/")
    assert middle.next == SeriesLink(3, "Καλημέρα κόσμε", "blog/καλημέρα-κόσμε/")
    assert series.place("blog/posts/p1.md").previous is None and series.place("blog/posts/p3.md").next is None


def test_a_long_wrong_value_is_shown_short() -> None:
    [(key, what)] = check_post_meta({"draft": "yes " * 30})
    assert key == "draft" and what.startswith("'draft' must be true or false, not 'yes yes") and what.endswith("…")
    assert len(what) < 80


# --- per-build state: one Toolkit per plugin or hook file, a fresh Build per on_config ----------------------


def a_build(config: object) -> Build:
    """A `Build` for `config`; the fields these tests do not read are stand-ins."""
    return Build(config, False, Path("."), FeedSettings(), WorksheetSettings(), None, None)  # type: ignore[arg-type]


def test_a_toolkit_without_on_config_stops_with_the_fix() -> None:
    with pytest.raises(PluginError, match="on_config did not run for this build: list 'hooks/toolkit.py'"):
        Toolkit().current(SimpleNamespace())


def test_the_build_belongs_to_its_config_only() -> None:
    toolkit, config, other = Toolkit(), SimpleNamespace(), SimpleNamespace()
    toolkit.build = a_build(config)
    assert toolkit.current(config) is toolkit.build
    with pytest.raises(PluginError, match="on_config did not run"):
        toolkit.current(other)


def test_on_config_drops_the_last_build_even_when_the_settings_stop_this_one(tmp_path: Path) -> None:
    toolkit, config = Toolkit(), project(tmp_path, "site_name: x\n")
    config.site_url = None  # the feeds (on by default) need it: the build stops
    toolkit.build = a_build(SimpleNamespace())
    with pytest.raises(PluginError, match="site_url is not set"):
        toolkit.on_config(config)
    assert toolkit.build is None


def test_the_build_is_found_on_the_toolkit_its_plugins_hold() -> None:
    config, stray = SimpleNamespace(), Toolkit()
    plugin = ToolkitPlugin()
    plugin.toolkit.build = a_build(config)
    stray.build = a_build(SimpleNamespace())
    config.plugins = {"material/blog": object(), "stray": SimpleNamespace(toolkit=stray), "tce": plugin}
    assert build_of(config) is plugin.toolkit.build
    config.plugins = {"stray": SimpleNamespace(toolkit=stray)}
    with pytest.raises(PluginError, match="on_config did not run"):
        build_of(config)


def test_each_plugin_owns_its_toolkit() -> None:
    one, two = ToolkitPlugin(), ToolkitPlugin()
    one.on_startup(command="serve", dirty=False)
    assert (one.toolkit.command, two.toolkit.command) == ("serve", "build")


def test_the_hook_file_lists_the_methods_of_its_one_toolkit() -> None:
    spec = importlib.util.spec_from_file_location("tce_hook_under_test", ROOT / "hooks" / "toolkit.py")
    hook = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(hook)
    events = [name for name in dir(Toolkit) if name.startswith("on_")]
    assert events and all(getattr(hook, name) == getattr(hook.toolkit, name) for name in events)
    assert hook.on_env.mkdocs_priority == -50


# --- the pages MkDocs writes, and a site another engine built: the theme's markup mended -------------------

UNNAMED_SEARCH = '<div class="md-search" data-md-component="search" role="dialog">'
THEME_PAGE = f'<header>{UNNAMED_SEARCH}</div></header>\n<article class="md-content__inner"><p>x</p></article>\n'


def named(page: str, name: str) -> str:
    return page.replace('role="dialog">', f'role="dialog" aria-label="{name}">')


@pytest.mark.parametrize(("language", "word"), [("en", "Search"), ("de", "Suche"), ("fr", "Recherche")])
def test_the_search_is_named_by_materials_own_word_in_the_sites_language(language: str, word: str) -> None:
    env = Theme(name="material").get_env()
    assert theme_word(env, SimpleNamespace(theme={"language": language}), "search") == word


def test_every_page_and_the_404_page_are_mended_as_mkdocs_writes_them() -> None:
    config, toolkit, plugin = SimpleNamespace(), Toolkit(), ToolkitPlugin()
    toolkit.build = plugin.toolkit.build = a_build(config)
    toolkit.build.search_name = "Suche"
    assert toolkit.on_post_page(THEME_PAGE, SimpleNamespace(), config) == named(THEME_PAGE, "Suche")
    assert toolkit.on_post_template(THEME_PAGE, "404.html", config) == named(THEME_PAGE, "Suche")
    assert toolkit.on_post_template(THEME_PAGE, "sitemap.xml", config) == THEME_PAGE
    assert plugin.on_post_page(THEME_PAGE, page=SimpleNamespace(), config=config) == named(THEME_PAGE, "Suche")
    assert plugin.on_post_template(THEME_PAGE, template_name="404.html", config=config) == named(THEME_PAGE, "Suche")


def test_a_page_written_before_on_env_read_the_themes_words_stops_the_build() -> None:
    config, toolkit = SimpleNamespace(), Toolkit()
    toolkit.build = a_build(config)
    with pytest.raises(PluginError, match="on_env did not run"):
        toolkit.on_post_page(THEME_PAGE, SimpleNamespace(), config)


def test_theme_fixes_mends_every_page_of_a_built_site_and_keeps_its_bytes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "docs").mkdir()
    config = tmp_path / "mkdocs.yml"
    config.write_text("site_name: S\ntheme:\n  name: material\n  language: de\n", encoding="utf-8")
    site = tmp_path / "site"
    pages = {
        "index.html": THEME_PAGE.replace("\n", "\r\n"),
        "blog/post/index.html": "\ufeff" + THEME_PAGE,
        "right/index.html": named(THEME_PAGE, "Search"),
        "worksheets/x/index.html": f"<main>{UNNAMED_SEARCH}</main>",
    }
    for name, text in pages.items():
        (site / name).parent.mkdir(parents=True, exist_ok=True)
        (site / name).write_bytes(text.encode("utf-8"))
    assert run_theme_fixes(str(config), str(site)) == 0
    found = {name: (site / name).read_bytes().decode("utf-8") for name in pages}
    assert found == {
        "index.html": named(THEME_PAGE, "Suche").replace("\n", "\r\n"),
        "blog/post/index.html": "\ufeff" + named(THEME_PAGE, "Suche"),
        "right/index.html": named(THEME_PAGE, "Search"),
        "worksheets/x/index.html": f"<main>{UNNAMED_SEARCH}</main>",
    }
    assert "in 2 of the 4 pages" in capsys.readouterr().out
    with pytest.raises(UsageError, match="does not exist"):
        run_theme_fixes(str(config), str(tmp_path / "nowhere"))
