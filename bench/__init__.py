"""`make bench`, run as `python -m bench`: what the toolkit costs next to a plain Material blog.

The benchmark is `bench/__main__.py`; `bench/corpus.py` writes the seeded corpus it builds
(`python -m bench.corpus OUT --n 20` writes one to look at).
"""
