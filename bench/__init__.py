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
5. (toolkit - plain+speed-ups) / plain+speed-ups <= 0.30 at 200 and at 1,000 posts;
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

The modules, by concern:

- `__main__`: `python -m bench`, every measurement in turn, the printed report, results.json;
- `settings`: the command line's options and the BENCH_* variables (`read_settings`);
- `corpus`: the seeded project of N posts (`python -m bench.corpus OUT --n 20` writes one to look at);
- `builds`: each variant's timed `mkdocs build`, the cold toolkit build and `make check`;
- `glossary`: the glossary linker alone; `pdfs`: the worksheet PDFs; `serve`: the `mkdocs serve` rebuild;
- `results`: the records, their table and results.json; `machine`: the machine, versions and commit;
- `targets`: the ratios, each target's verdict and the lines that print them.
"""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]  # the project: its mkdocs.yml, hooks/, overrides/, worksheets/, docs/
