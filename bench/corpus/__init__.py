"""A deterministic, seeded corpus for `make bench`: a throwaway MkDocs project with N synthetic posts.

Every post is about 1,000 words of prose built from the word lists and sentence templates of words.py,
with headings, bullet and numbered lists, links to earlier parts, a local image, an admonition now
and then, glossary terms in the text and a `## Reflect` section of 4 to 6 numbered questions. The
front matter is valid for `hooks/tce_toolkit/posts.py`. The project also gets 24 glossary entries
with aliases, a home page with the series marker, the blog index, the about page and a copy of the
project's assets, hooks, overrides and worksheet templates.

The project is written with three configuration files side by side:

- `mkdocs.yml`: the real project configuration, copied byte for byte ("toolkit");
- `plain.yml`: the same site with the toolkit removed: no `hooks:`, no `theme.custom_dir`, no
  `extra_css`, none of the toolkit's `extra:` settings, no watched toolkit folders, and no `nav:`
  entries for pages only a hook generates (such as the worksheet catalogue) ("plain");
- `speedup.yml`: `plain.yml` plus only the two compatibility hooks, `hooks/blog_speedup.py` and
  `hooks/excerpt_speedup.py` ("plain + speed-ups").

Post i (1-based) is drawn from its own random stream seeded by (seed, i), so the first 200 posts of a
1,000-post corpus are the same as a 200-post corpus. Run `python -m bench.corpus OUT --n 20` to
look at one.

Its modules:

- `words`: the word lists, sentence templates and glossary entries the text is made from;
- `posts`: a post's and a glossary entry's Markdown, and `edit_one_word`;
- `config`: the configuration of each variant (`plain.yml`, `speedup.yml` made from `mkdocs.yml`);
- `project`: the whole project written into a folder (`generate`, `Corpus`).
"""

from __future__ import annotations

from .config import (
    CONFIGS,
    SPEEDUP_HOOKS,
    TOOLKIT_EXTRA,
    TOOLKIT_FOLDERS,
    categories_allowed,
    dump_config,
    load_config,
    plain_config,
    prune_nav,
    speedup_config,
)
from .posts import EDIT_WORDS, CorpusPost, edit_one_word, render_entry, render_post
from .project import SEED, Corpus, generate
from .words import ADJECTIVES, GLOSSARY, GlossarySeed

__all__ = [
    "ADJECTIVES",
    "CONFIGS",
    "EDIT_WORDS",
    "GLOSSARY",
    "SEED",
    "SPEEDUP_HOOKS",
    "TOOLKIT_EXTRA",
    "TOOLKIT_FOLDERS",
    "Corpus",
    "CorpusPost",
    "GlossarySeed",
    "categories_allowed",
    "dump_config",
    "edit_one_word",
    "generate",
    "load_config",
    "plain_config",
    "prune_nav",
    "render_entry",
    "render_post",
    "speedup_config",
]
