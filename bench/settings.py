"""What to measure: the command line's options, or the BENCH_* environment variables they default to."""

from __future__ import annotations

import argparse
import dataclasses
import os
import re
from collections.abc import Sequence
from pathlib import Path

from . import ROOT


@dataclasses.dataclass
class Settings:
    """What to measure, from the command line or the BENCH_* environment variables."""

    sizes: list[int]
    runs: int
    serve: bool
    serve_n: int | None
    serve_edits: int
    pdf_n: int
    out: Path
    cache: Path | None
    work: Path | None
    keep: bool
    cold: bool = True  # the toolkit build from an empty .cache/, on the smallest N


def _sizes(text: str) -> list[int]:
    sizes = sorted({int(part) for part in re.split(r"[,\s]+", text.strip()) if part})
    if not sizes or min(sizes) < 1:
        raise SystemExit(f"BENCH_N must list post counts such as 200,1000 (got {text!r})")
    return sizes


def read_settings(argv: Sequence[str] | None = None) -> Settings:
    """Settings from the command line, falling back on the BENCH_* environment variables."""
    env = os.environ
    parser = argparse.ArgumentParser(
        prog="python -m bench", description="Benchmark the toolkit against a plain Material blog."
    )
    parser.add_argument("--n", default=env.get("BENCH_N") or "200,1000", help="post counts, e.g. 200,1000")
    parser.add_argument("--runs", type=int, default=int(env.get("BENCH_RUNS") or 3))
    parser.add_argument("--serve", type=int, default=int(env.get("BENCH_SERVE") or 1), help="1: measure serve")
    parser.add_argument("--serve-n", type=int, default=int(env.get("BENCH_SERVE_N") or 0) or None)
    parser.add_argument("--serve-edits", type=int, default=int(env.get("BENCH_SERVE_EDITS") or 2))
    parser.add_argument("--pdf-n", type=int, default=int(env.get("BENCH_PDF_N") or 20), help="0 skips PDFs")
    parser.add_argument(
        "--cold", type=int, default=int(env.get("BENCH_COLD") or 1), help="1: a toolkit build from an empty .cache/"
    )
    parser.add_argument("--out", type=Path, default=Path(env.get("BENCH_OUT") or ROOT / ".bench" / "results.json"))
    cache = env.get("BENCH_CACHE", str(ROOT / ".bench" / "cache"))
    parser.add_argument("--cache", default=cache, help="folder kept as every project's .cache; empty: none")
    parser.add_argument("--work", type=Path, default=Path(env["BENCH_WORK"]) if env.get("BENCH_WORK") else None)
    parser.add_argument("--keep", action="store_true", default=env.get("BENCH_KEEP") == "1")
    args = parser.parse_args(argv)
    sizes = _sizes(args.n)
    serve_n = args.serve_n or sizes[0]
    if args.serve and serve_n not in sizes:
        sizes = sorted({*sizes, serve_n})
    return Settings(
        sizes=sizes,
        runs=max(1, args.runs),
        serve=bool(args.serve),
        serve_n=serve_n if args.serve else None,
        serve_edits=max(1, args.serve_edits),
        pdf_n=max(0, args.pdf_n),
        out=args.out,
        cache=Path(args.cache).resolve() if args.cache else None,
        work=args.work,
        keep=args.keep,
        cold=bool(args.cold),
    )
