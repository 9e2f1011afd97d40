"""Compatibility hook: makes Material's blog plugin check "is this page a post?" in constant time.

The blog plugin asks `page not in self.blog.posts` (a list) for every page in `on_page_markdown` and
`on_page_content`. Each comparison runs `Page.__eq__`, which derives both pages' titles, so a build
costs O(pages x posts): about 30 % of a 1,000-post build. Material is in maintenance, so the fix lives
here: once the blog plugin has made its list of posts (its `on_files` runs at priority -50), this hook
swaps it for a list whose membership test looks the page up by identity. Every post is the same
object as `file.page` for its file, so identity gives the same answers as equality; everything else
about the list (order, iteration, slicing, mutation) is unchanged. No file of Material is patched.

It also lets the blog plugin read each post's front matter with libyaml's `CSafeLoader` instead of
PyYAML's pure-Python `SafeLoader` (a third of the blog's own reading time): both are PyYAML's safe
loaders with the same resolvers and constructors, so they build the same values; the toolkit has already
read and checked every front matter with libyaml before Material sees it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import yaml
from mkdocs.plugins import event_priority


class IdentityMembershipList(list):
    """A list whose `in` is a set lookup by object identity; kept in step with every change."""

    def __init__(self, items: Iterable[Any] = ()) -> None:
        super().__init__(items)
        self._ids = {id(item) for item in self}

    def __contains__(self, item: object) -> bool:
        return id(item) in self._ids

    def _changed(self) -> None:
        self._ids = {id(item) for item in self}


def _resyncing(name: str):
    method = getattr(list, name)

    def wrapper(self: IdentityMembershipList, *args: Any, **kwargs: Any) -> Any:
        result = method(self, *args, **kwargs)
        self._changed()
        return self if name == "__iadd__" else result

    wrapper.__name__ = name
    return wrapper


for _name in ("append", "extend", "insert", "remove", "pop", "clear", "__setitem__", "__delitem__", "__iadd__"):
    setattr(IdentityMembershipList, _name, _resyncing(_name))


@event_priority(100)
def on_config(config):
    """Before the blog plugin reads any post: its front-matter loader becomes libyaml's, when there is one."""
    fast = getattr(yaml, "CSafeLoader", None)
    if fast is not None:
        from material.plugins.blog import structure

        structure.SafeLoader = fast
    return config


@event_priority(-60)
def on_files(files, config):
    """Right after the blog plugin's on_files (-50): give every blog instance the fast list."""
    for plugin in config.plugins.values():
        blog = getattr(plugin, "blog", None)
        posts = getattr(blog, "posts", None)
        if isinstance(posts, list) and not isinstance(posts, IdentityMembershipList):
            blog.posts = IdentityMembershipList(posts)
    return files
