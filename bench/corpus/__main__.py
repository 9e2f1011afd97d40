"""`python -m bench.corpus OUT --n 20`: write a bench corpus into OUT, to look at."""

from __future__ import annotations

import argparse
from pathlib import Path

from . import SEED, generate
from . import __doc__ as ABOUT


def main() -> None:
    """`python -m bench.corpus OUT --n 20`: write a corpus to look at."""
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=ABOUT.splitlines()[0])
    parser.add_argument("target", type=Path)
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    corpus = generate(args.target, args.n, args.seed)
    print(f"{corpus.n} posts, {corpus.words} words ({corpus.words // max(corpus.n, 1)} a post) in {corpus.root}")


if __name__ == "__main__":
    main()
