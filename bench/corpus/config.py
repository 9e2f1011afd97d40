"""The project's three configurations: the real mkdocs.yml, and plain.yml and speedup.yml made from it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from .words import CATEGORY_FALLBACK

CONFIGS = {"plain": "plain.yml", "plain+speed-ups": "speedup.yml", "toolkit": "mkdocs.yml"}
TOOLKIT_FOLDERS = ("hooks", "overrides", "worksheets")
TOOLKIT_EXTRA = ("feeds", "worksheets")
# The compatibility hooks: they make Material's blog plugin faster and change no byte of the site.
SPEEDUP_HOOKS = ("hooks/blog_speedup.py", "hooks/excerpt_speedup.py")


class _Tagged:
    """A YAML value with a custom tag (`!ENV`, `!!python/name:...`), kept as written."""

    def __init__(self, tag: str, value: Any) -> None:
        self.tag, self.value = tag, value


class _Loader(yaml.SafeLoader):
    """Safe loading that keeps unknown tags instead of failing on them."""


class _Dumper(yaml.SafeDumper):
    """Safe dumping that writes kept tags back."""


def _construct_tagged(loader: _Loader, suffix: str, node: yaml.Node) -> _Tagged:
    if isinstance(node, yaml.ScalarNode):
        value: Any = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return _Tagged(node.tag, value)


def _represent_tagged(dumper: _Dumper, data: _Tagged) -> yaml.Node:
    if isinstance(data.value, list):
        return dumper.represent_sequence(data.tag, data.value)
    if isinstance(data.value, dict):
        return dumper.represent_mapping(data.tag, data.value)
    return dumper.represent_scalar(data.tag, data.value)


_Loader.add_multi_constructor("!", _construct_tagged)
_Loader.add_multi_constructor("tag:yaml.org,2002:python/", _construct_tagged)
_Dumper.add_representer(_Tagged, _represent_tagged)


def load_config(path: Path) -> dict[str, Any]:
    """The project's mkdocs.yml as plain data (custom tags kept)."""
    return yaml.load(path.read_text(encoding="utf-8"), Loader=_Loader) or {}


def plain_config(config: dict[str, Any]) -> dict[str, Any]:
    """The same site without the toolkit: no hooks, overrides, extra CSS, toolkit settings or watches."""
    plain = dict(config)
    plain.pop("hooks", None)
    plain.pop("extra_css", None)
    theme = plain.get("theme")
    if isinstance(theme, dict):
        plain["theme"] = {key: value for key, value in theme.items() if key != "custom_dir"}
    extra = plain.get("extra")
    if isinstance(extra, dict):
        extra = {key: value for key, value in extra.items() if key not in TOOLKIT_EXTRA}
        if extra:
            plain["extra"] = extra
        else:
            plain.pop("extra")
    watch = [
        item
        for item in plain.get("watch") or []
        if not (isinstance(item, str) and item.strip("/").split("/")[0] in TOOLKIT_FOLDERS)
    ]
    if watch:
        plain["watch"] = watch
    else:
        plain.pop("watch", None)
    return plain


def speedup_config(config: dict[str, Any]) -> dict[str, Any]:
    """The plain site plus only the compatibility hooks that speed the blog plugin up."""
    speedup = plain_config(config)
    speedup["hooks"] = list(SPEEDUP_HOOKS)
    return speedup


def prune_nav(nav: Any, docs: Path) -> Any:
    """`nav` without the pages that only a hook would generate (absent from `docs`): plain has no hooks."""
    if isinstance(nav, list):
        kept = [prune_nav(item, docs) for item in nav]
        return [item for item in kept if item not in (None, [], {})]
    if isinstance(nav, dict):
        kept = {title: prune_nav(value, docs) for title, value in nav.items()}
        return {title: value for title, value in kept.items() if value not in (None, [], {})} or None
    if isinstance(nav, str) and nav.endswith(".md") and "://" not in nav:
        return nav if (docs / nav).is_file() else None
    return nav


def dump_config(config: dict[str, Any]) -> str:
    """YAML for a configuration made by `plain_config` or `speedup_config`."""
    return yaml.dump(config, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=110)


def categories_allowed(config: dict[str, Any]) -> list[str]:
    """The categories the blog plugin allows (its `categories_allowed`), or the series' three."""
    for plugin in config.get("plugins") or []:
        if isinstance(plugin, dict):
            for name, options in plugin.items():
                if name in ("blog", "material/blog") and isinstance(options, dict):
                    allowed = options.get("categories_allowed")
                    if allowed:
                        return list(allowed)
    return list(CATEGORY_FALLBACK)
