"""Timed builds: each variant's real `mkdocs build` in a child process, the cold toolkit build and `make check`."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

from .corpus import CONFIGS, Corpus
from .pdfs import count_worksheets
from .results import Record, Results

VARIANTS = tuple(CONFIGS)
BUILD_TIMEOUT = 3600.0
# The toolkit's build log line (without -q) that says how many PDFs it rendered and took from the cache.
PDF_COUNTS = re.compile(r"worksheets: (\d+) PDFs rendered, (\d+) from cache")
COLD_BUILD = "toolkit build, cold PDF cache"
SITE_WORKSHEETS = "worksheets"  # where the toolkit writes the PDFs in the site: site/worksheets/


def _rss_mib(maxrss: int) -> float:
    """ru_maxrss in MiB: kibibytes on Linux, bytes on macOS."""
    return maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024


def child_env() -> dict[str, str]:
    """The environment of every child `mkdocs` (and `make check`): no MkDocs 2 warning, unbuffered output."""
    return dict(os.environ, NO_MKDOCS_2_WARNING="1", PYTHONUNBUFFERED="1")


def run_build(
    project: Path,
    config: Path,
    site: Path,
    log: Path,
    quiet: bool = True,
    inspect: Callable[[Path], None] | None = None,
) -> tuple[float, float]:
    """Run `mkdocs build` in a child process; return its wall time (s) and peak RSS (MiB).

    `inspect`, if given, is called with the built site's folder before the site is removed.
    """
    shutil.rmtree(site, ignore_errors=True)
    command = [sys.executable, "-m", "mkdocs", "build", "-f", str(config), "-d", str(site)]
    if quiet:
        command.insert(4, "-q")
    with log.open("wb") as output:
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=project, env=child_env(), stdout=output, stderr=subprocess.STDOUT)
        # wait4 reports the child's own peak memory (the largest of it and its waited-for children).
        _, status, usage = os.wait4(process.pid, 0)
        elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-30:])
        raise RuntimeError(f"mkdocs build -f {config.name} failed (exit {process.returncode}):\n{tail}")
    if inspect is not None:
        inspect(site)
    shutil.rmtree(site, ignore_errors=True)
    return elapsed, _rss_mib(usage.ru_maxrss)


def bench_builds(corpus: Corpus, runs: int, results: Results, say: Callable[[str], None]) -> None:
    """Warm-up builds, then `runs` interleaved timed rounds of every variant."""
    work = corpus.root / ".bench-builds"
    work.mkdir(exist_ok=True)
    for variant in VARIANTS:
        log = work / f"warm-up-{_file_name(variant)}.log"
        seconds, _ = run_build(corpus.root, corpus.config(variant), work / "site", log, quiet=False)
        pdfs = PDF_COUNTS.search(log.read_text(errors="replace"))
        extra = f" ({pdfs.group(1)} PDFs rendered, {pdfs.group(2)} from cache)" if pdfs else ""
        say(f"  warm-up {variant:<15} {seconds:7.2f} s{extra}")
        if pdfs and variant == "toolkit":
            results.notes.append(
                f"n={corpus.n}: the toolkit warm-up build took {seconds:.1f} s and rendered {pdfs.group(1)} PDFs"
            )
    records = {variant: Record(variant, corpus.n, []) for variant in VARIANTS}
    for round_number in range(1, runs + 1):
        for variant in VARIANTS:
            log = work / f"{_file_name(variant)}-{round_number}.log"
            seconds, rss = run_build(corpus.root, corpus.config(variant), work / "site", log)
            record = records[variant]
            record.times.append(seconds)
            record.peak_rss_mib = max(record.peak_rss_mib or 0.0, rss)
            say(f"  run {round_number}/{runs} {variant:<15} {seconds:7.2f} s {rss:7.1f} MiB")
    results.records += records.values()


def describe_pdfs(written: int, worksheets: int, rendered: int | None, from_cache: int | None) -> str:
    """What the cold build wrote, e.g. "201 PDFs written into site/worksheets/ for 200 posts with a worksheet"."""
    text = f"{written} PDFs written into site/{SITE_WORKSHEETS}/"
    if rendered is not None:
        text += f" ({rendered} rendered, {from_cache} from cache)"
    text += f" for {worksheets} posts with a worksheet"
    if worksheets and written > worksheets + 1:  # more than one a post and one pack
        text += f": {written / worksheets:.2f} PDFs a post, packs included (several paper sizes or editions)"
    return text


def bench_cold_build(corpus: Corpus, results: Results, say: Callable[[str], None]) -> None:
    """One real toolkit `mkdocs build` with a fresh, empty `.cache/`, so every PDF is rendered.

    The project's own `.cache/` (the link to BENCH_CACHE, or the folder the warm-up filled) is moved
    aside for this one build and put back afterwards, untouched.
    """
    work = corpus.root / ".bench-builds"
    work.mkdir(exist_ok=True)
    worksheets = count_worksheets(corpus)
    cache = corpus.root / ".cache"
    aside = corpus.root / ".cache-kept-during-cold-build"
    moved = cache.is_symlink() or cache.exists()
    if moved:
        cache.rename(aside)
    written: list[str] = []

    def count_pdfs(site: Path) -> None:
        folder = site / SITE_WORKSHEETS
        written.extend(sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*.pdf")))

    log = work / "cold-toolkit.log"
    try:
        cache.mkdir()
        seconds, rss = run_build(
            corpus.root, corpus.config("toolkit"), work / "site", log, quiet=False, inspect=count_pdfs
        )
    finally:
        if cache.is_dir() and not cache.is_symlink():
            shutil.rmtree(cache, ignore_errors=True)
        if moved:
            aside.rename(cache)
    counts = PDF_COUNTS.search(log.read_text(errors="replace"))
    rendered, from_cache = (int(counts.group(1)), int(counts.group(2))) if counts else (None, None)
    say(
        f"  cold toolkit build, empty .cache/: {seconds:7.2f} s {rss:7.1f} MiB, "
        + describe_pdfs(len(written), worksheets, rendered, from_cache)
    )
    if from_cache:
        results.notes.append(f"n={corpus.n}: the cold toolkit build took {from_cache} PDFs from a cache meant empty")
    results.records.append(Record(COLD_BUILD, corpus.n, [seconds], rss))
    results.cold = {
        "n": corpus.n,
        "worksheets": worksheets,
        "pdfs_written": len(written),
        "pdfs_rendered": rendered,
        "pdfs_from_cache": from_cache,
    }


def bench_check(corpus: Corpus, runs: int, results: Results, say: Callable[[str], None]) -> None:
    """`make check` (python -m tce_toolkit check): the author's answer without building the site."""
    env = dict(child_env(), PYTHONPATH=str(corpus.root / "hooks"))
    command = [sys.executable, "-m", "tce_toolkit", "--config", str(corpus.config("toolkit")), "check"]
    record = Record("make check", corpus.n, [])
    for round_number in range(1, runs + 1):
        start = time.perf_counter()
        process = subprocess.Popen(command, cwd=corpus.root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        output = process.stdout.read().decode("utf-8", errors="replace") if process.stdout else ""
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"make check failed on the corpus:\n{output[-3000:]}")
        record.times.append(seconds)
        record.peak_rss_mib = max(record.peak_rss_mib or 0.0, _rss_mib(usage.ru_maxrss))
        say(f"  run {round_number}/{runs} make check      {seconds:7.2f} s")
    results.records.append(record)


def _file_name(variant: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", variant)
