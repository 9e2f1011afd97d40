"""`make bench` (`python -m bench`): what the toolkit costs, measured side by side with a plain Material blog.

For each N in BENCH_N (default "200,1000") a seeded corpus of N posts is generated into a temporary
project (see bench/corpus/) and built with the real `mkdocs build`, in a child process, three ways:

- **plain**: the same mkdocs.yml and Material blog with the toolkit's hooks and overrides removed;
- **plain+speed-ups**: plain plus only the compatibility hooks, hooks/blog_speedup.py and
  hooks/excerpt_speedup.py;
- **toolkit**: the real mkdocs.yml, everything on, worksheet PDFs from a warm cache.

One untimed build of each variant comes first (it warms the disk cache and fills the PDF cache), then
BENCH_RUNS (default 3) timed rounds, interleaved: plain, plain+speed-ups, toolkit, plain, ... Each build
is timed from start to exit of the process; its peak memory is the child's `ru_maxrss` from `wait4`.

Also measured:

- on the smallest N (BENCH_COLD=0 skips), one "toolkit build, cold PDF cache": the real toolkit
  `mkdocs build` with a fresh, empty `.cache/` for that one build (not the kept BENCH_CACHE), so it
  renders every worksheet PDF and pack; the PDFs it wrote into site/worksheets/ are counted;
- `make check` (python -m tce_toolkit check) on every N;
- the glossary linker alone (10 and 500 entries) over the corpus' posts rendered once with
  Python-Markdown;
- the worksheet PDFs through the worksheets core on the smallest N, for the first BENCH_PDF_N posts
  (default 20; 0 skips): each worksheet as its own document one after another ("each alone,
  serial"), the toolkit's way from cold, a warm rebuild and a one-word change;
- on the smallest N (BENCH_SERVE_N; BENCH_SERVE=0 skips), how long `mkdocs serve` takes to rebuild
  after one post is edited.

The targets of the performance issue are checked at the end, each printed with the measured value,
its limit and met/MISSED:

1. the cold toolkit build at the smallest N <= 0.6 x (plain build median + "each worksheet alone,
   serial" per sheet, scaled to every post of the corpus that has a worksheet);
2. a one-word change: 1 worksheet rendered and the pack rebuilt, in <= 2 x one worksheet alone;
3. a warm rebuild renders 0 PDFs;
4. toolkit / plain <= 0.70 at 200 posts and <= 0.50 at 1,000;
5. (toolkit - plain+speed-ups) / plain+speed-ups <= 0.10 at 200 and at 1,000 posts;
6. peak memory toolkit / plain <= 1.3 at 1,000 posts;
7. the `mkdocs serve` rebuild, toolkit / plain <= 1.0;
8. `make check` / plain build <= 0.1 at 1,000 posts, and the linker with 500 entries / with 10 <= 1.5.

Information lines (no target) follow: the cold build's figures, how the toolkit's own cost grows from
the smallest to the largest N, and the worksheets core's cold PDFs / each alone serial.

It prints one table and writes the figures to .bench/results.json (BENCH_OUT to change), so a later
run can be compared with an earlier one. Every generated project's `.cache/` (rendered PDFs, QR codes)
is a link to one kept folder, BENCH_CACHE (default .bench/cache; empty: a fresh cache each run), so
the warm-up builds of a later run find their PDFs there. The project's hooks, overrides, worksheet
templates and mkdocs.yml are copied once when the run starts, so every N measures the same code even
if those files change while it runs.
"""

from __future__ import annotations

import dataclasses
import json
import os
import queue
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import markdown
from tce_toolkit.linker import Linker  # the installed toolkit (make installs it into .venv)
from tce_toolkit.meta import parse_document
from tce_toolkit.models import GlossaryEntry

from . import ROOT
from . import corpus as corpus_module
from .machine import machine
from .results import Record, Results, format_table, results_document, write_results
from .settings import Settings, read_settings

VARIANTS = tuple(corpus_module.CONFIGS)
SERVE_VARIANTS = ("plain", "plain+speed-ups", "toolkit")
BUILD_TIMEOUT = 3600.0
SERVE_TIMEOUT = 900.0
LINKER_SIZES = (10, 500)
# The toolkit's build log line (without -q) that says how many PDFs it rendered and took from the cache.
PDF_COUNTS = re.compile(r"worksheets: (\d+) PDFs rendered, (\d+) from cache")
COLD_BUILD = "toolkit build, cold PDF cache"
SERIAL_PDFS = "pdf: each worksheet alone, serial"  # the record bench_pdfs makes
SITE_WORKSHEETS = "worksheets"  # where the toolkit writes the PDFs in the site: site/worksheets/
# The sizes some targets are stated at, with their limits.
TOOLKIT_OVER_PLAIN_LIMITS = {200: 0.70, 1000: 0.50}
FEATURES_LIMIT = 0.10  # (toolkit - plain+speed-ups) / plain+speed-ups, at each of FEATURES_SIZES
FEATURES_SIZES = (200, 1000)
COLD_LIMIT = 0.6  # cold toolkit build / (plain + each worksheet alone serial, scaled)
ONE_WORD_LIMIT = 2  # one-word PDF rebuild / one worksheet alone
PUBLISH_LIMIT = 2  # PDF time when a part is published / that part's sheets alone
SERVE_LIMIT = 1.0
RSS_LIMIT = 1.3
CHECK_LIMIT = 0.1
LINKER_LIMIT = 1.5


# --- builds ---------------------------------------------------------------------------------------


def _rss_mib(maxrss: int) -> float:
    """ru_maxrss in MiB: kibibytes on Linux, bytes on macOS."""
    return maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024


def _child_env() -> dict[str, str]:
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
        process = subprocess.Popen(command, cwd=project, env=_child_env(), stdout=output, stderr=subprocess.STDOUT)
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


def bench_builds(corpus: corpus_module.Corpus, runs: int, results: Results, say: Callable[[str], None]) -> None:
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


def count_worksheets(corpus: corpus_module.Corpus) -> int:
    """How many of the corpus' posts have a worksheet (Reflect questions)."""
    return sum(1 for post in _posts_for_sheets(corpus, len(corpus.posts)) if post.has_worksheet)


def describe_pdfs(written: int, worksheets: int, rendered: int | None, from_cache: int | None) -> str:
    """What the cold build wrote, e.g. "201 PDFs written into site/worksheets/ for 200 posts with a worksheet"."""
    text = f"{written} PDFs written into site/{SITE_WORKSHEETS}/"
    if rendered is not None:
        text += f" ({rendered} rendered, {from_cache} from cache)"
    text += f" for {worksheets} posts with a worksheet"
    if worksheets and written > worksheets + 1:  # more than one a post and one pack
        text += f": {written / worksheets:.2f} PDFs a post, packs included (several paper sizes or editions)"
    return text


def bench_cold_build(corpus: corpus_module.Corpus, results: Results, say: Callable[[str], None]) -> None:
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


def bench_check(corpus: corpus_module.Corpus, runs: int, results: Results, say: Callable[[str], None]) -> None:
    """`make check` (python -m tce_toolkit check): the author's answer without building the site."""
    env = dict(_child_env(), PYTHONPATH=str(corpus.root / "hooks"))
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


# --- the glossary linker alone ----------------------------------------------------------------------


def _markdown_extensions(config: dict[str, Any]) -> tuple[list[str], dict[str, Any]]:
    names, options = [], {}
    for item in config.get("markdown_extensions") or []:
        if isinstance(item, str):
            names.append(item)
        elif isinstance(item, dict):
            for name, value in item.items():
                names.append(name)
                if isinstance(value, dict):
                    options[name] = value
    return names, options


def render_posts(corpus: corpus_module.Corpus) -> list[tuple[str, str]]:
    """Every post's body rendered once with Python-Markdown and the site's extensions: (url, html)."""
    names, options = _markdown_extensions(corpus_module.load_config(corpus.config("toolkit")))
    converter = markdown.Markdown(extensions=names, extension_configs=options)
    rendered = []
    for post in corpus.posts:
        body = parse_document(post.path.read_text(encoding="utf-8"), str(post.path)).body
        rendered.append((f"blog/{post.slug}/", converter.reset().convert(body)))
    return rendered


def glossary_entries(size: int) -> list[GlossaryEntry]:
    """The corpus' entries, topped up with made-up two-word terms (many found in the prose) to `size`."""
    entries = [
        GlossaryEntry(
            slug=seed.slug,
            term=seed.term,
            summary=seed.summary,
            src=f"docs/glossary/{seed.slug}.md",
            src_uri=f"glossary/{seed.slug}.md",
            aliases=seed.aliases,
            related=seed.related,
            url=f"glossary/{seed.slug}/",
        )
        for seed in corpus_module.GLOSSARY
    ][:size]
    nouns = [
        "checklist", "word", "explanation", "conversation", "improvement", "version", "queue", "reply", "shift",
        "visitor", "colleague", "promise", "instruction", "apology", "note", "question", "habit", "answer",
        "system", "delay", "rule", "team", "guide", "copy", "call",
    ]  # fmt: skip
    pairs = [(adjective, noun) for noun in nouns for adjective in corpus_module.ADJECTIVES]
    for adjective, noun in pairs:
        if len(entries) >= size:
            break
        slug = f"{adjective}-{noun}"
        entries.append(
            GlossaryEntry(
                slug=slug,
                term=f"{adjective.capitalize()} {noun}",
                summary=f"A made-up entry for the benchmark: a {adjective} {noun}.",
                src=f"docs/glossary/{slug}.md",
                src_uri=f"glossary/{slug}.md",
                aliases=(f"{noun} that is {adjective}",),
                url=f"glossary/{slug}/",
            )
        )
    if len(entries) < size:
        raise ValueError(f"cannot make {size} glossary entries")
    return entries


def link_all(linker: Linker, rendered: Sequence[tuple[str, str]]) -> dict[str, list[str]]:
    """Link every post; return the entries each post uses, by URL."""
    used = {}
    for url, html in rendered:
        _, slugs, _ = linker.link(html, lambda target: "../../" + target)
        used[url] = slugs
    return used


def bench_linker(
    corpus: corpus_module.Corpus, runs: int, results: Results, say: Callable[[str], None]
) -> dict[str, list[str]]:
    """Time Linker.build plus Linker.link over every post, with 10 and with 500 entries."""
    rendered = render_posts(corpus)
    for size in LINKER_SIZES:
        entries = glossary_entries(size)
        record = Record(f"glossary linker, {size} entries", corpus.n, [])
        links = 0
        for _ in range(max(runs, 3)):
            start = time.perf_counter()
            linker = Linker.build(entries)
            found = link_all(linker, rendered)
            record.times.append(time.perf_counter() - start)
            links = sum(len(slugs) for slugs in found.values())
        say(f"  linker {size:>4} entries: median {record.median:.3f} s, {links} links made")
        results.records.append(record)
    # The worksheets show every entry a post uses: take them from the real glossary.
    return link_all(Linker.build(glossary_entries(len(corpus_module.GLOSSARY))), rendered)


# --- worksheet PDFs ---------------------------------------------------------------------------------


def _worksheets_core() -> Any:
    """The worksheets core (hooks/tce_toolkit/worksheets/)."""
    from tce_toolkit import worksheets

    return worksheets


def _posts_for_sheets(corpus: corpus_module.Corpus, count: int) -> list[Any]:
    from tce_toolkit.posts import parse_post

    posts = []
    for post in corpus.posts[:count]:
        rel = post.path.relative_to(corpus.docs).as_posix()
        parsed, errors, _ = parse_post(post.path.read_text(encoding="utf-8"), rel, rel)
        if parsed is None:
            raise RuntimeError(f"{rel}: {errors}")
        posts.append(dataclasses.replace(parsed, url=f"blog/{post.slug}/"))
    return posts


def bench_pdfs(
    core: Any,
    corpus: corpus_module.Corpus,
    count: int,
    used: dict[str, list[str]],
    results: Results,
    say: Callable[[str], None],
) -> None:
    """Cold PDFs (one by one, then the toolkit's way), a warm rebuild, and a one-word change."""
    import weasyprint  # noqa: F401 - loaded before timing, as the toolkit loads it before its workers start

    config = corpus_module.load_config(corpus.config("toolkit"))
    options = (config.get("extra") or {}).get("worksheets") or {}
    site_url = config.get("site_url") or ""
    papers = getattr(core, "PAPERS", {})
    site = core.SheetSite(
        name=config.get("site_name", ""),
        author=config.get("site_author") or config.get("site_name", ""),
        url=site_url if not site_url or site_url.endswith("/") else site_url + "/",
        description=" ".join(str(config.get("site_description") or "").split()),
        language=(config.get("theme") or {}).get("language") or "en",
        paper=papers.get(options.get("paper", "a4"), next(iter(papers.values()))) if papers else None,
        pdf=True,
    )
    glossary = {entry.slug: entry for entry in glossary_entries(len(corpus_module.GLOSSARY))}
    templates = core.load_templates(corpus.root / "worksheets")
    workers = core.default_workers() if hasattr(core, "default_workers") else 1
    qr = bool(options.get("qr", True))

    # As the site makes them: every worksheet on every paper (the site's first), in every edition.
    papers_in_order = [site.paper, *(p for p in papers.values() if p != site.paper)]

    def variants_of(base: Any) -> list[Any]:
        return [base.variant(paper, audience) for paper in papers_in_order for audience in core.AUDIENCES]

    def sheets(posts_count: int = count) -> list[Any]:
        posts = _posts_for_sheets(corpus, posts_count)
        bases = [
            core.build_worksheet(post, site=site, glossary=glossary, term_slugs=used.get(post.url, ()), qr=qr)
            for post in posts
            if post.has_worksheet
        ]
        return [variant for base in bases for variant in variants_of(base)]

    first = sheets()
    per_post = len(papers_in_order) * len(core.AUDIENCES)
    start = time.perf_counter()
    for sheet in first:
        core.render_pdf(core.render_sheet_html(templates, sheet, site, for_pdf=True))
    serial = time.perf_counter() - start
    say(
        f"  PDFs: {len(first)} worksheets ({len(first) // per_post} posts x {per_post} papers and editions),"
        f" each its own document, one after another: {serial:.2f} s"
    )

    with tempfile.TemporaryDirectory(prefix="tce-bench-pdf-") as folder:
        cache = core.PdfCache(Path(folder))
        start = time.perf_counter()
        cold = core.build_pdfs(templates, first, site, cache, workers=workers)
        cold_s = time.perf_counter() - start
        say(
            f"  PDFs: cold, every worksheet and the pack ({workers} workers): {cold_s:.2f} s, {len(cold.rendered)} rendered"
        )
        start = time.perf_counter()
        warm = core.build_pdfs(templates, sheets(), site, cache, workers=workers)
        warm_s = time.perf_counter() - start
        say(f"  PDFs: warm rebuild: {warm_s:.2f} s, {len(warm.rendered)} rendered")
        edited = corpus.posts[min(count, len(corpus.posts)) // 2]
        original = edited.path.read_text(encoding="utf-8")
        corpus_module.edit_one_word(edited.path)
        try:
            start = time.perf_counter()
            changed = core.build_pdfs(templates, sheets(), site, cache, workers=workers)
            changed_s = time.perf_counter() - start
        finally:
            edited.path.write_text(original, encoding="utf-8")
        # Publishing a part: the next post of the corpus joins the series. A sheet shows only its own
        # post, so only the new part's sheets should be laid out, and the packs put together again.
        published = None
        if len(corpus.posts) > count:
            start = time.perf_counter()
            published = core.build_pdfs(templates, sheets(count + 1), site, cache, workers=workers)
            published_s = time.perf_counter() - start
    packs = {pack.pdf_name for pack in cold.packs}
    sheets_changed = [name for name in changed.rendered if name not in packs]
    packs_rebuilt = bool(packs) and packs <= set(changed.rendered)
    say(
        f"  PDFs: one word changed in {edited.path.name}: {changed_s:.2f} s, worksheets rendered: "
        f"{len(sheets_changed)} ({per_post} papers and editions), packs re-assembled: {packs_rebuilt}"
    )
    one_sheet = serial / len(first) if first else 0.0
    if published is not None:
        published_sheets = [name for name in published.rendered if "pack" not in name]
        say(
            f"  PDFs: a part published: {published_s:.2f} s, worksheets rendered: {len(published_sheets)}"
            f" ({per_post} papers and editions of the new part)"
        )
        results.records.append(Record("pdf: a new part published", len(first) + per_post, [published_s]))
    results.records += [
        Record("pdf: each worksheet alone, serial", len(first), [serial]),
        Record("pdf: every worksheet + pack, cold", len(first), [cold_s]),
        Record("pdf: warm rebuild", len(first), [warm_s]),
        Record("pdf: rebuild after a one-word change", len(first), [changed_s]),
    ]
    results.pdf = {
        "status": "ok",
        "n": len(first),
        "workers": workers,
        "cold_serial_s": round(serial, 3),
        "cold_toolkit_s": round(cold_s, 3),
        "cold_over_serial": round(cold_s / serial, 3),
        "cold_rendered": len(cold.rendered),
        "warm_s": round(warm_s, 3),
        "warm_rendered": len(warm.rendered),
        "one_word_s": round(changed_s, 3),
        "one_word_rendered": len(sheets_changed),
        "one_word_pack_rebuilt": packs_rebuilt,
        "variants_per_post": per_post,
        # How many times the edited post's own sheets (one per paper and edition) rendered alone the
        # one-word rebuild cost: near 1 when the packs are put together without laying the other sheets
        # out again, near n when they are laid out afresh.
        "one_word_over_one_sheet": round(changed_s / (per_post * serial / len(first)), 2) if first else None,
    }
    if published is not None and one_sheet:
        results.pdf["publish_s"] = round(published_s, 3)
        results.pdf["publish_rendered"] = len(published_sheets)
        results.pdf["publish_over_its_sheets"] = round(published_s / (per_post * one_sheet), 2)


# --- mkdocs serve: one edit, one rebuild --------------------------------------------------------------


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class ServeSession:
    """`mkdocs serve` on a free 127.0.0.1 port, its log lines read with the time they arrived."""

    def __init__(self, project: Path, config: Path) -> None:
        self.port = _free_port()
        self.process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "-f", str(config), "-a", f"127.0.0.1:{self.port}"],
            cwd=project,
            env=_child_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
        )
        self.lines: queue.Queue[tuple[float, str]] = queue.Queue()
        self.log: list[str] = []
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put((time.perf_counter(), line.rstrip()))

    def wait_for(self, text: str, timeout: float = SERVE_TIMEOUT) -> float:
        """The arrival time of the next log line containing `text`."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError(f"mkdocs serve: no {text!r} in {timeout:.0f} s:\n" + "\n".join(self.log[-20:]))
            try:
                stamp, line = self.lines.get(timeout=min(left, 1.0))
            except queue.Empty:
                if self.process.poll() is not None:
                    raise RuntimeError("mkdocs serve stopped:\n" + "\n".join(self.log[-20:])) from None
                continue
            self.log.append(line)
            if "An error happened during the rebuild" in line:
                raise RuntimeError("mkdocs serve: the rebuild failed:\n" + "\n".join(self.log[-20:]))
            if text in line:
                return stamp

    def drain(self) -> None:
        """Forget log lines that have arrived so far."""
        while True:
            try:
                self.log.append(self.lines.get_nowait()[1])
            except queue.Empty:
                return

    def stop(self) -> None:
        """Ctrl+C, as a person would stop it; kill it if it does not stop."""
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self.reader.join(timeout=10)


def bench_serve(
    corpus: corpus_module.Corpus, runs: int, edits: int, results: Results, say: Callable[[str], None]
) -> None:
    """Under `mkdocs serve`, change one word of one post and time the rebuild, interleaving variants."""
    post = corpus.posts[len(corpus.posts) // 2]
    original = post.path.read_text(encoding="utf-8")
    records = {variant: Record(f"serve: rebuild after an edit, {variant}", corpus.n, []) for variant in SERVE_VARIANTS}
    try:
        for round_number in range(1, runs + 1):
            for variant in SERVE_VARIANTS:
                session = ServeSession(corpus.root, corpus.config(variant))
                try:
                    session.wait_for("Serving on")
                    for _ in range(edits):
                        time.sleep(1.0)  # let the watcher settle after the last build
                        session.drain()
                        written = time.perf_counter()
                        corpus_module.edit_one_word(post.path)
                        started = session.wait_for("Building documentation")
                        done = session.wait_for("Reloading browsers")
                        records[variant].times.append(done - started)
                        say(
                            f"  serve {round_number}/{runs} {variant:<15} rebuild {done - started:6.2f} s"
                            f" (edit to reload {done - written:6.2f} s)"
                        )
                finally:
                    session.stop()
    finally:
        post.path.write_text(original, encoding="utf-8")
    results.records += records.values()


# --- report -----------------------------------------------------------------------------------------


def _ratio(a: float | None, b: float | None) -> float | None:
    return round(a / b, 3) if a is not None and b else None


def _cold_build(results: Results) -> dict[str, Any] | None:
    """Target 1's figures: the cold toolkit build against plain + each worksheet alone, scaled."""
    if not results.cold:
        return None
    n = results.cold["n"]
    worksheets = results.cold["worksheets"]
    cold, plain = results.find(COLD_BUILD, n), results.find("plain", n)
    # bench_pdfs times the first BENCH_PDF_N worksheets alone; its record's n is how many that was.
    serial = next((r for r in results.records if r.name == SERIAL_PDFS), None)
    if results.pdf.get("status") != "ok" or serial is None or serial.n < 1:
        serial = None
    per_sheet = serial.median / serial.n if serial else None
    # Every worksheet the build makes: each post's sheet on every paper and in every edition.
    variants = int(results.pdf.get("variants_per_post", 1)) if results.pdf.get("status") == "ok" else 1
    scaled = per_sheet * worksheets * variants if per_sheet is not None else None
    baseline = plain.median + scaled if plain and scaled is not None else None
    return {
        "n": n,
        "toolkit_cold_s": round(cold.median, 3) if cold else None,
        "plain_median_s": round(plain.median, 3) if plain else None,
        "serial_measured_s": round(serial.median, 3) if serial else None,
        "serial_measured_sheets": serial.n if serial else None,
        "serial_per_sheet_s": round(per_sheet, 4) if per_sheet is not None else None,
        "worksheets": worksheets,
        "variants_per_post": variants,
        "serial_scaled_s": round(scaled, 3) if scaled is not None else None,
        "baseline_s": round(baseline, 3) if baseline is not None else None,
        "limit_s": round(COLD_LIMIT * baseline, 3) if baseline is not None else None,
        "cold_over_baseline": _ratio(cold.median, baseline) if cold else None,
        "pdfs_written": results.cold.get("pdfs_written"),
        "pdfs_rendered": results.cold.get("pdfs_rendered"),
        "pdfs_from_cache": results.cold.get("pdfs_from_cache"),
    }


def compute_ratios(results: Results, settings: Settings) -> dict[str, Any]:
    """The ratios the targets are stated in, by number of posts where that applies."""
    ratios: dict[str, Any] = {
        "toolkit_over_plain": {},
        "speedup_over_plain": {},
        "toolkit_cost_s": {},
        "toolkit_features_over_speedup": {},
        "rss_toolkit_over_plain": {},
        "linker_500_over_10": {},
        "check_over_plain": {},
    }
    for n in settings.sizes:
        plain, speedup, toolkit = (results.find(variant, n) for variant in VARIANTS)
        if plain and speedup and toolkit:
            ratios["toolkit_over_plain"][str(n)] = _ratio(toolkit.median, plain.median)
            ratios["speedup_over_plain"][str(n)] = _ratio(speedup.median, plain.median)
            ratios["toolkit_cost_s"][str(n)] = round(toolkit.median - speedup.median, 3)
            ratios["toolkit_features_over_speedup"][str(n)] = _ratio(toolkit.median - speedup.median, speedup.median)
            ratios["rss_toolkit_over_plain"][str(n)] = _ratio(toolkit.peak_rss_mib, plain.peak_rss_mib)
        check = results.find("make check", n)
        if check and plain:
            ratios["check_over_plain"][str(n)] = _ratio(check.median, plain.median)
        small, large = (results.find(f"glossary linker, {size} entries", n) for size in LINKER_SIZES)
        if small and large:
            ratios["linker_500_over_10"][str(n)] = _ratio(large.median, small.median)
    costs = ratios["toolkit_cost_s"]
    if len(costs) >= 2:
        low, high = min(settings.sizes), max(settings.sizes)
        cost_low, cost_high = costs[str(low)], costs[str(high)]
        ratios["toolkit_cost_growth"] = {
            "from_n": low,
            "to_n": high,
            "posts_ratio": round(high / low, 2),
            "cost_ratio": round(cost_high / cost_low, 2) if cost_low > 0 else None,
        }
    if settings.serve and settings.serve_n:
        plain = results.find("serve: rebuild after an edit, plain", settings.serve_n)
        toolkit = results.find("serve: rebuild after an edit, toolkit", settings.serve_n)
        if plain and toolkit and plain.times and toolkit.times:
            ratios["serve_toolkit_over_plain"] = {str(settings.serve_n): _ratio(toolkit.median, plain.median)}
    if results.pdf.get("status") == "ok":
        ratios["pdf_cold_over_serial"] = results.pdf["cold_over_serial"]
    cold = _cold_build(results)
    if cold is not None:
        ratios["cold_build"] = cold
    return ratios


def check_targets(ratios: dict[str, Any], results: Results) -> list[dict[str, Any]]:
    """Each target of the performance issue with the measured value, its limit and whether it is met."""
    targets: list[dict[str, Any]] = []

    def add(what: str, value: Any, limit: Any, met: bool | None) -> None:
        targets.append({"target": what, "value": value, "limit": limit, "met": met})

    def at_most(what: str, value: float | None, limit: float) -> None:
        add(what, value, f"<= {limit}", value is not None and value <= limit)

    # 1. The cold build with every PDF, from an empty cache, at the smallest N.
    cold = ratios.get("cold_build")
    if cold and cold["cold_over_baseline"] is not None:
        at_most(
            f"cold toolkit build, empty .cache/, at {cold['n']} posts / (plain + each worksheet alone serial,"
            f" scaled from {cold['serial_measured_sheets']} to {cold['worksheets']} worksheets"
            f" x {cold.get('variants_per_post', 1)} papers and editions)",
            cold["cold_over_baseline"],
            COLD_LIMIT,
        )
    # 2. and 3. PDFs after a one-word change and on a warm rebuild.
    if results.pdf.get("status") == "ok":
        pdf = results.pdf
        per_post = int(pdf.get("variants_per_post", 1))
        add(
            "PDF: one-word change renders (worksheets, packs)",
            f"{pdf['one_word_rendered']}, {'packs' if pdf['one_word_pack_rebuilt'] else 'no packs'}",
            f"{per_post} (1 per paper and edition), packs",
            pdf["one_word_rendered"] == per_post and pdf["one_word_pack_rebuilt"],
        )
        if pdf.get("one_word_over_one_sheet") is not None:
            at_most(
                "PDF: one-word rebuild / one worksheet alone (pack not laid out again)",
                pdf["one_word_over_one_sheet"],
                ONE_WORD_LIMIT,
            )
        add("PDF: warm rebuild renders", pdf["warm_rendered"], "0", pdf["warm_rendered"] == 0)
        if pdf.get("publish_over_its_sheets") is not None:
            add(
                "PDF: publishing a part renders (worksheets)",
                pdf["publish_rendered"],
                f"{per_post} (the new part's only)",
                pdf["publish_rendered"] == per_post,
            )
            at_most("PDF: publishing a part / its sheets alone", pdf["publish_over_its_sheets"], PUBLISH_LIMIT)
    # 4. The whole build against plain Material, stated at 200 and at 1,000 posts only.
    for n, value in ratios["toolkit_over_plain"].items():
        limit = TOOLKIT_OVER_PLAIN_LIMITS.get(int(n))
        if limit is not None:
            at_most(f"toolkit / plain at {n} posts", value, limit)
    # 5. The toolkit's own features against plain + speed-ups, at 200 and at 1,000 posts.
    for n, value in ratios["toolkit_features_over_speedup"].items():
        if int(n) in FEATURES_SIZES:
            at_most(f"(toolkit - plain+speed-ups) / plain+speed-ups at {n} posts", value, FEATURES_LIMIT)
    # 6. Peak memory, stated at 1,000 posts.
    for n, value in ratios["rss_toolkit_over_plain"].items():
        if int(n) >= 1000:
            at_most(f"peak memory toolkit / plain at {n} posts", value, RSS_LIMIT)
    # 7. `make serve`: the rebuild after one post is edited.
    for n, value in (ratios.get("serve_toolkit_over_plain") or {}).items():
        at_most(f"serve rebuild toolkit / plain at {n} posts", value, SERVE_LIMIT)
    # 8. From an earlier issue: `make check` in a tenth of a plain build at 1,000 posts, and the linker.
    for n, value in ratios["check_over_plain"].items():
        if int(n) >= 1000:
            at_most(f"make check / plain build at {n} posts", value, CHECK_LIMIT)
    for n, value in ratios["linker_500_over_10"].items():
        at_most(f"glossary linker 500 / 10 entries ({n} posts)", value, LINKER_LIMIT)
    return targets


def information(ratios: dict[str, Any]) -> list[dict[str, Any]]:
    """Figures printed next to the targets that are no target themselves."""
    lines: list[dict[str, Any]] = []
    cold = ratios.get("cold_build")
    if cold:
        figures = [
            f"toolkit {_seconds(cold['toolkit_cold_s'])}",
            describe_pdfs(cold["pdfs_written"], cold["worksheets"], cold["pdfs_rendered"], cold["pdfs_from_cache"]),
        ]
        figures.append(f"plain {_seconds(cold['plain_median_s'])}")
        if cold["serial_measured_s"] is not None:
            figures.append(
                f"each worksheet alone, serial: {_seconds(cold['serial_measured_s'])} measured for"
                f" {cold['serial_measured_sheets']}, scaled to {cold['worksheets']} worksheets:"
                f" {_seconds(cold['serial_scaled_s'])}"
            )
            figures.append(f"limit {COLD_LIMIT} x {_seconds(cold['baseline_s'])} = {_seconds(cold['limit_s'])}")
        else:
            figures.append("no target: no 'each worksheet alone, serial' figure (BENCH_PDF_N=0?)")
        lines.append({"info": f"cold build at {cold['n']} posts", "value": "; ".join(figures)})
    growth = ratios.get("toolkit_cost_growth")
    if growth:
        lines.append(
            {
                "info": f"(toolkit - plain+speed-ups) at {growth['to_n']} / at {growth['from_n']} posts"
                f" ({growth['posts_ratio']} x the posts)",
                "value": growth["cost_ratio"],
            }
        )
    if ratios.get("pdf_cold_over_serial") is not None:
        lines.append(
            {
                "info": "PDF: cold toolkit / each alone serial (the worksheets core only)",
                "value": ratios["pdf_cold_over_serial"],
            }
        )
    return lines


def _seconds(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.2f} s"


def format_targets(targets: Sequence[dict[str, Any]], info: Sequence[dict[str, Any]]) -> list[str]:
    """One printed line per target (value, limit, met or MISSED), then the information lines."""
    lines = []
    for target in targets:
        mark = "met" if target["met"] else "MISSED"
        lines.append(f"  [{mark:>6}] {target['target']}: {target['value']} (target {target['limit']})")
    for line in info:
        lines.append(f"  [  info] {line['info']}: {line['value']}")
    return lines


# --- main ---------------------------------------------------------------------------------------------


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
    for name in (*corpus_module.TOOLKIT_FOLDERS, "docs"):
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
        core = _worksheets_core()
        for n in settings.sizes:
            started = time.perf_counter()
            corpus = corpus_module.generate(work / f"n{n}", n, project=project)
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
