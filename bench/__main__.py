"""`python -m bench`, what `make bench` runs: every measurement at every N, then the table, the targets
and results.json (what is measured, and how: the package's docstring, bench/__init__.py)."""

from __future__ import annotations

import json
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from . import ROOT
from .builds import bench_builds, bench_check, bench_cold_build
from .corpus import TOOLKIT_FOLDERS, generate
from .glossary import bench_linker
from .machine import machine
from .pdfs import bench_pdfs, worksheets_core
from .results import Results, format_table, results_document, write_results
from .serve import bench_serve
from .settings import read_settings
from .targets import check_targets, compute_ratios, format_targets, information


def _link_cache(project: Path, cache: Path | None) -> None:
    """Make the project's .cache/ a link to the kept cache, so warm-ups stay warm between runs."""
    if cache is None:
        return
    cache.mkdir(parents=True, exist_ok=True)
    (project / ".cache").symlink_to(cache, target_is_directory=True)


def snapshot_project(target: Path) -> Path:
    """A copy of what the corpus takes from the project (config, hooks, overrides, templates, docs)."""
    target.mkdir(parents=True)
    shutil.copy2(ROOT / "mkdocs.yml", target / "mkdocs.yml")
    for name in (*TOOLKIT_FOLDERS, "docs"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, target / name, ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    return target


def main(argv: Sequence[str] | None = None) -> int:
    """Run every measurement, print the table, write results.json."""
    settings = read_settings(argv)

    def say(text: str) -> None:
        print(text, flush=True)

    machine_info = machine()
    say(
        f"bench: N = {', '.join(map(str, settings.sizes))}, {settings.runs} runs each,"
        f" on {machine_info['cores']} cores ({machine_info['cpu']}), Python {machine_info['python']}"
    )
    results = Results()
    if settings.work is not None:
        settings.work.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="tce-bench-", dir=settings.work))
    try:
        project = snapshot_project(work / "project")
        # Load the worksheets core now, from the same moment as the snapshot.
        core = worksheets_core()
        for n in settings.sizes:
            started = time.perf_counter()
            corpus = generate(work / f"n{n}", n, project=project)
            _link_cache(corpus.root, settings.cache)
            say(f"n = {n}: {corpus.words} words in {n} posts ({time.perf_counter() - started:.1f} s to write)")
            bench_builds(corpus, settings.runs, results, say)
            if settings.cold and n == settings.sizes[0]:
                bench_cold_build(corpus, results, say)
            bench_check(corpus, settings.runs, results, say)
            used = bench_linker(corpus, settings.runs, results, say)
            if n == settings.sizes[0] and settings.pdf_n:
                bench_pdfs(core, corpus, min(settings.pdf_n, n), used, results, say)
            if settings.serve and n == settings.serve_n:
                bench_serve(corpus, settings.runs, settings.serve_edits, results, say)
        if not results.pdf:
            results.pdf = {"status": "skipped", "n": None}
        ratios = compute_ratios(results, settings)
        targets = check_targets(ratios, results)
        info = information(ratios)
    finally:
        if settings.keep:
            say(f"bench: projects kept in {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)

    say("")
    say(format_table(results))
    say("")
    say("ratios: " + json.dumps(ratios))
    if results.pdf.get("status") != "ok":
        say(f"pdf: {results.pdf.get('status')}")
    for line in format_targets(targets, info):
        say(line)
    for note in results.notes:
        say(f"  note: {note}")
    write_results(results_document(results, ratios, targets, info, machine_info, settings), settings.out)
    say(f"\nbench: wrote {settings.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
