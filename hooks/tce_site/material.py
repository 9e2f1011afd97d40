"""Everything the toolkit reads from Material's blog plugin, in one place (pinned in requirements.lock).

Material is the authority for a post's URL and slug (`post_slugify`, `post_url_format`), for whether a
post is shown (its draft rules: `draft`, `draft_on_serve`, `draft_if_future_date`, an explicit
`draft: false`), for which front matter is valid and known (`PostConfig`, and the keys the theme and
the enabled plugins read) and for the theme's words in the site's language (`theme_word`). The toolkit
asks; it never keeps a copy of these rules.
"""

from __future__ import annotations

import copy
import datetime as dt
import posixpath
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from material.plugins.blog.structure.config import PostConfig
from mkdocs.config import config_options
from tce_toolkit.feeds import CategoryInfo, Person, absolute_url
from tce_toolkit.models import Post, Status
from tce_toolkit.posts import PostRules


def blog_plugin(config) -> Any:
    """Material's blog plugin instance, or None when the site has no blog."""
    blog = config.plugins.get("material/blog")
    return blog if blog is not None and blog.config.enabled else None


def posts_dir(blog) -> str:
    """The folder of the posts, relative to docs/ (e.g. blog/posts)."""
    return posixpath.normpath(blog.config.post_dir.format(blog=posixpath.normpath(blog.config.blog_dir)))


# The page keys Material's theme reads from any page's front matter (its reference documentation:
# title, description, template, hide, icon, status, subtitle). The theme keeps them in its templates,
# not in a configuration class, so this adapter names them, once; plugins add their own below.
THEME_PAGE_KEYS = ("title", "description", "template", "hide", "icon", "status", "subtitle")
# The keys whose value decides whether Material's blog publishes a post (its `_is_excluded` reads them).
PUBLISHING_KEYS = frozenset({"draft", "date"})


def _enabled(config, name: str) -> Any:
    plugin = config.plugins.get(name)
    return plugin if plugin is not None and getattr(plugin.config, "enabled", True) else None


def page_keys(config) -> frozenset[str]:
    """Front-matter keys of any page that Material's theme or a plugin this site enables reads."""
    keys = set(THEME_PAGE_KEYS)
    tags = _enabled(config, "material/tags")
    if tags is not None:
        keys.add(tags.config.tags_name_property)
    # Material's search reads `search: {boost, exclude}`; its social cards read `social:`.
    keys.update(key for key in ("search", "social") if _enabled(config, f"material/{key}") is not None)
    return frozenset(keys)


def post_keys(config) -> frozenset[str]:
    """Front-matter keys a post may hold for Material: its blog's `PostConfig` and every page's keys."""
    return page_keys(config) | frozenset(PostConfig("post").keys())


def _kind(option: Any) -> str | None:
    """What a `PostConfig` option asks for, in an author's words (None: Material's own words say it)."""
    if isinstance(option, config_options.Optional):
        option = option.option
    if isinstance(option, config_options.ListOfItems):
        return "a list"
    if isinstance(option, config_options.Type):
        kinds = {bool: "true or false", int: "a whole number", str: "text"}
        return kinds.get(option._type) if isinstance(option._type, type) else None
    return None


def _shown(value: object) -> str:
    """A wrong value as the author wrote it, short: 'ture', 7, a list, a mapping."""
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    text = repr(value) if isinstance(value, str | int | float) else "an empty value" if value is None else "that"
    return text if len(text) <= 40 else text[:36] + "…"


def _passes(values: dict) -> bool:
    """Whether Material's post configuration takes all these values together, beside a valid date."""
    post_config = PostConfig("post")
    post_config.load_dict({"date": dt.date(2000, 1, 1), **copy.deepcopy(values)})
    try:
        return not post_config.validate()[0]
    except Exception:  # an option broke on its value: the keys alone say which
        return False


def check_post_meta(meta: dict) -> list[tuple[str, str]]:
    """Material's own validation of a post's front matter: (key, what is wrong in an author's words)."""
    found = []
    options = dict(PostConfig("post")._schema)
    keys = sorted(set(meta) & set(options))
    # Most posts are right: all their keys at once first. Material's options each read their own key
    # only, so when the whole passes, each key alone passes too, and there is nothing to list.
    if keys and _passes({key: meta[key] for key in keys}):
        return found
    # Each key alone: MkDocs' Config stops at the first wrong option, and every mistake should be listed.
    for key in keys:
        post_config = PostConfig("post")
        # A valid date beside it: the date option is checked before most others and would stop the check.
        post_config.load_dict({"date": dt.date(2000, 1, 1), key: copy.deepcopy(meta[key])})
        try:
            failed = [str(error) for name, error in post_config.validate()[0] if name == key]
        except Exception:  # Material's option itself broke on the value (`links: 3`): still the value's fault
            failed = ["Material's blog cannot read it"]
        if failed:
            kind = _kind(options[key])
            what = f"'{key}' must be {kind}, not {_shown(meta[key])}" if kind else f"'{key}' is not valid: {failed[0]}"
            found.append((key, what))
    return found


def post_rules(config, blog) -> PostRules:
    """The front-matter rules of this site's blog, as plain values for the core."""
    authors = getattr(blog, "authors", None) if blog.config.authors else None
    return PostRules(
        check_meta=check_post_meta,
        known_authors=frozenset(authors) if authors is not None else None,
        allowed_categories=tuple(blog.config.categories_allowed or ()),
        known_keys=post_keys(config),
        publishing_keys=PUBLISHING_KEYS,
    )


def _post_config(post: Post) -> Any:
    """The part of Material's post configuration its draft rule reads."""
    draft = post.draft_written
    return SimpleNamespace(config=SimpleNamespace(draft=draft, date=SimpleNamespace(created=post.date)))


def status_of(blog, post: Post) -> Status:
    """Published, draft or scheduled: Material's own draft rule, asked as a published build would ask it
    (so a draft shown by `mkdocs serve` is still called a draft)."""
    published_build = SimpleNamespace(
        config=SimpleNamespace(draft=False, draft_if_future_date=blog.config.draft_if_future_date)
    )
    if not type(blog)._is_excluded(published_build, _post_config(post)):
        return "published"
    return "draft" if post.draft else "scheduled"


def is_shown(blog, post: Post) -> bool:
    """Whether Material's blog puts this post in this build (its own `_is_excluded`)."""
    return not blog._is_excluded(_post_config(post))


def slug_of(blog, files, post: Post) -> str:
    """The slug Material's blog gives the post: its `slug:`, else its own slugify of the title ("" when
    the title has nothing to make one of, such as emoji only)."""
    file = files.get_file_from_path(post.src_uri)
    page = file.page if file is not None else None
    if page is None or not hasattr(page, "config"):
        return post.slug
    return page.config.slug or blog._slugify_post(page)


def title_slugify(blog) -> Callable[[str], str]:
    """The slug Material's blog makes of a post's title (its `post_slugify`, `post_slugify_separator`)."""
    return lambda title: blog.config.post_slugify(title, blog.config.post_slugify_separator)


def url_of(files, post: Post) -> str:
    """The URL Material gave the post's page (its slug and `post_url_format` applied)."""
    file = files.get_file_from_path(post.src_uri)
    return file.url if file is not None else ""


def authors(config, blog) -> dict[str, Person]:
    """Bylines from docs/blog/.authors.yml, by key, as plain text."""
    if blog is None or not blog.config.authors:
        return {}
    found = {}
    for key, author in (getattr(blog, "authors", None) or {}).items():
        uri = absolute_url(config.site_url, author.url) if author.url and config.site_url else None
        found[key] = Person(str(author.name), uri=uri)
    return found


def categories(config, blog, files, names: set[str]) -> tuple[list[CategoryInfo], dict[str, str]]:
    """Every category a post may use, and the URL of each page Material's blog made for one."""
    if blog is None:
        return [], {}
    names = set(names) | set(blog.config.categories_allowed or [])
    index = files.get_file_from_path(posixpath.join(blog.config.blog_dir, "index.md"))
    found, pages = [], {}
    for name in sorted(names):
        slug = blog.config.categories_slugify(name, blog.config.categories_slugify_separator)
        path = posixpath.normpath(blog.config.categories_url_format.format(slug=slug).strip("/"))
        page = files.get_file_from_path(posixpath.join(blog.config.blog_dir, path + ".md"))
        if page is not None:
            pages[name] = page.url
        # A category with no published post yet has no page: its feed points at the blog index.
        link = page.url if page is not None else (index.url if index is not None else "")
        found.append(CategoryInfo(name, slug, absolute_url(config.site_url, link)))
    return found, pages


def blog_index_url(blog, files) -> str:
    """The site-relative URL of the blog's index page (the series feed's home)."""
    index = files.get_file_from_path(posixpath.join(blog.config.blog_dir, "index.md")) if blog else None
    return index.url if index is not None else ""


# Material's own lookup of its words: the site's language, then English, then the key itself.
_THEME_WORD = '{% import "partials/language.html" as lang with context %}{{ lang.t(key) }}'


def theme_word(env, config, key: str) -> str:
    """Material's word for `key` (e.g. "search") in the site's language, as its templates write
    `lang.t(key)`, read through the theme's template environment `env`."""
    return env.from_string(_THEME_WORD).render(config=config, key=key)
