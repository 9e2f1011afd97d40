"""`make bench`, run as `python -m bench`: what the toolkit costs next to a plain Material blog.

The benchmark is `bench/__main__.py`; `bench/corpus/` writes the seeded corpus it builds
(`python -m bench.corpus OUT --n 20` writes one to look at).
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the project: its mkdocs.yml, hooks/, overrides/, worksheets/, docs/
