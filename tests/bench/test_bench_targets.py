"""`make bench` checks the performance issue's targets: hand-made results, the verdicts worked out here."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench import builds, corpus
from bench.results import Record, Results
from bench.settings import Settings, read_settings
from bench.targets import check_targets, compute_ratios, format_targets, information


def rec(name: str, n: int, times: list[float], rss: float | None = None) -> Any:
    return Record(name, n, times, rss)


def settings(sizes: list[int], serve_n: int | None = 200) -> Any:
    return Settings(
        sizes=sizes,
        runs=3,
        serve=serve_n is not None,
        serve_n=serve_n,
        serve_edits=2,
        pdf_n=20,
        out=Path("results.json"),
        cache=None,
        work=None,
        keep=False,
    )


def pdf_figures(one_word_over_one_sheet: float = 1.5) -> dict[str, Any]:
    return {
        "status": "ok",
        "n": 20,
        "workers": 2,
        "cold_serial_s": 40.0,
        "cold_toolkit_s": 15.0,
        "cold_over_serial": 0.375,
        "cold_rendered": 21,
        "warm_s": 0.5,
        "warm_rendered": 0,
        "one_word_s": 3.0,
        "one_word_rendered": 1,
        "one_word_pack_rebuilt": True,
        "one_word_over_one_sheet": one_word_over_one_sheet,
    }


def results(cold_s: float = 120.0, one_word_over_one_sheet: float = 1.5) -> Any:
    """Two sizes, every measurement, with round figures."""
    made = Results(
        records=[
            # 200 posts: medians plain 11, plain+speed-ups 7, toolkit 7.6.
            rec("plain", 200, [12.0, 10.0, 11.0], 90.0),
            rec("plain+speed-ups", 200, [6.0, 7.0, 8.0], 92.0),
            rec("toolkit", 200, [7.5, 8.4, 7.6], 150.0),
            rec("make check", 200, [2.0, 2.0, 2.0]),
            rec("glossary linker, 10 entries", 200, [0.2, 0.2, 0.2]),
            rec("glossary linker, 500 entries", 200, [0.28, 0.28, 0.28]),
            rec("serve: rebuild after an edit, plain", 200, [2.0, 2.0]),
            rec("serve: rebuild after an edit, plain+speed-ups", 200, [1.5, 1.5]),
            rec("serve: rebuild after an edit, toolkit", 200, [2.1, 2.1]),
            rec("pdf: each worksheet alone, serial", 20, [40.0]),
            rec("pdf: every worksheet + pack, cold", 20, [15.0]),
            rec("toolkit build, cold PDF cache", 200, [cold_s], 300.0),
            # 1,000 posts: medians plain 52, plain+speed-ups 22, toolkit 26.
            rec("plain", 1000, [50.0, 52.0, 54.0], 100.0),
            rec("plain+speed-ups", 1000, [20.0, 22.0, 24.0], 101.0),
            rec("toolkit", 1000, [25.0, 26.0, 30.0], 140.0),
            rec("make check", 1000, [4.0, 4.0, 4.0]),
            rec("glossary linker, 10 entries", 1000, [1.0, 1.0, 1.0]),
            rec("glossary linker, 500 entries", 1000, [2.0, 2.0, 2.0]),
        ],
        pdf=pdf_figures(one_word_over_one_sheet),
        cold={"n": 200, "worksheets": 200, "pdfs_written": 201, "pdfs_rendered": 201, "pdfs_from_cache": 0},
    )
    return made


def verdicts(made: Any, sizes: list[int] | None = None, serve_n: int | None = 200) -> dict[str, tuple[Any, Any, Any]]:
    ratios = compute_ratios(made, settings(sizes or [200, 1000], serve_n))
    targets = check_targets(ratios, made)
    assert all(target.keys() == {"target", "value", "limit", "met"} for target in targets)
    names = [target["target"] for target in targets]
    assert len(names) == len(set(names)), names
    return {target["target"]: (target["value"], target["limit"], target["met"]) for target in targets}


COLD_TARGET = (
    "cold toolkit build, empty .cache/, at 200 posts / (plain + each worksheet alone serial,"
    " scaled from 20 to 200 worksheets x 1 papers and editions)"
)


def test_every_target_with_its_value_limit_and_verdict() -> None:
    got = verdicts(results())
    # 1. 40 s for 20 sheets alone is 2 s a sheet; 200 worksheets: 400 s; plus plain 11 s: 411 s.
    #    The cold build took 120 s: 120 / 411 = 0.292, within 0.6.
    # 2. 1.5 sheets' time within 2. 3. Nothing rendered warm.
    # 4. 7.6 / 11 = 0.691 (<= 0.70 met); 26 / 52 = 0.5 (<= 0.50 met, on the limit).
    # 5. (7.6 - 7) / 7 = 0.086 (met); (26 - 22) / 22 = 0.182 (met: within 0.3).
    # 6. 140 / 100 = 1.4 at 1,000 posts: missed (200 posts has no memory target).
    # 7. 2.1 / 2.0 = 1.05: missed (the old limit, 1.2, would have let it pass).
    # 8. make check 4 / 52 = 0.077 at 1,000 posts; the linker 0.28 / 0.2 = 1.4 and 2 / 1 = 2.
    assert got == {
        COLD_TARGET: (0.292, "<= 0.6", True),
        "PDF: one-word change renders (worksheets, packs)": ("1, packs", "1 (1 per paper and edition), packs", True),
        "PDF: one-word rebuild / one worksheet alone (pack not laid out again)": (1.5, "<= 2", True),
        "PDF: warm rebuild renders": (0, "0", True),
        "toolkit / plain at 200 posts": (0.691, "<= 0.7", True),
        "toolkit / plain at 1000 posts": (0.5, "<= 0.5", True),
        "(toolkit - plain+speed-ups) / plain+speed-ups at 200 posts": (0.086, "<= 0.3", True),
        "(toolkit - plain+speed-ups) / plain+speed-ups at 1000 posts": (0.182, "<= 0.3", True),
        "peak memory toolkit / plain at 1000 posts": (1.4, "<= 1.3", False),
        "serve rebuild toolkit / plain at 200 posts": (1.05, "<= 1.0", False),
        "make check / plain build at 1000 posts": (0.077, "<= 0.1", True),
        "glossary linker 500 / 10 entries (200 posts)": (1.4, "<= 1.5", True),
        "glossary linker 500 / 10 entries (1000 posts)": (2.0, "<= 1.5", False),
    }


def test_cold_build_figures_keep_the_measured_and_the_scaled_serial_time() -> None:
    ratios = compute_ratios(results(), settings([200, 1000]))
    assert ratios["cold_build"] == {
        "n": 200,
        "toolkit_cold_s": 120.0,
        "plain_median_s": 11.0,
        "serial_measured_s": 40.0,
        "serial_measured_sheets": 20,
        "serial_per_sheet_s": 2.0,
        "worksheets": 200,
        "variants_per_post": 1,
        "serial_scaled_s": 400.0,
        "baseline_s": 411.0,
        "limit_s": 246.6,  # 0.6 x 411
        "cold_over_baseline": 0.292,
        "pdfs_written": 201,
        "pdfs_rendered": 201,
        "pdfs_from_cache": 0,
    }


def test_cold_build_over_the_limit_is_missed() -> None:
    # 0.6 x 411 s = 246.6 s: 250 s is over it (250 / 411 = 0.608).
    assert verdicts(results(cold_s=250.0))[COLD_TARGET] == (0.608, "<= 0.6", False)
    assert verdicts(results(cold_s=246.0))[COLD_TARGET] == (0.599, "<= 0.6", True)


def test_one_word_rebuild_limit_is_two_sheets() -> None:
    name = "PDF: one-word rebuild / one worksheet alone (pack not laid out again)"
    assert verdicts(results(one_word_over_one_sheet=2.0))[name] == (2.0, "<= 2", True)
    assert verdicts(results(one_word_over_one_sheet=2.5))[name] == (2.5, "<= 2", False)


def test_one_word_change_must_render_one_sheet_and_the_pack() -> None:
    made = results()
    made.pdf["one_word_rendered"] = 2
    name, one = "PDF: one-word change renders (worksheets, packs)", "1 (1 per paper and edition), packs"
    assert verdicts(made)[name] == ("2, packs", one, False)
    made.pdf.update(one_word_rendered=1, one_word_pack_rebuilt=False)
    assert verdicts(made)[name] == ("1, no packs", one, False)
    # Sheets on two papers in two editions: the edited post's four, no more, no fewer.
    made.pdf.update(one_word_rendered=4, one_word_pack_rebuilt=True, variants_per_post=4)
    assert verdicts(made)[name] == ("4, packs", "4 (1 per paper and edition), packs", True)
    made.pdf.update(one_word_rendered=3)
    assert verdicts(made)[name][2] is False


def test_warm_rebuild_must_render_nothing() -> None:
    made = results()
    made.pdf["warm_rendered"] = 3
    assert verdicts(made)["PDF: warm rebuild renders"] == (3, "0", False)


def test_information_lines_are_no_targets() -> None:
    made = results()
    ratios = compute_ratios(made, settings([200, 1000]))
    targets = check_targets(ratios, made)
    assert not any("/ at" in target["target"] or "each alone serial" in target["target"] for target in targets)
    info = {line["info"]: line["value"] for line in information(ratios)}
    # The toolkit's own cost: 26 - 22 = 4 s at 1,000 posts, 7.6 - 7 = 0.6 s at 200: 6.67 times.
    assert info["(toolkit - plain+speed-ups) at 1000 / at 200 posts (5.0 x the posts)"] == 6.67
    assert info["PDF: cold toolkit / each alone serial (the worksheets core only)"] == 0.375
    cold = info["cold build at 200 posts"]
    for part in (
        "toolkit 120.00 s",
        "201 PDFs written into site/worksheets/ (201 rendered, 0 from cache) for 200 posts with a worksheet",
        "plain 11.00 s",
        "each worksheet alone, serial: 40.00 s measured for 20, scaled to 200 worksheets: 400.00 s",
        "limit 0.6 x 411.00 s = 246.60 s",
    ):
        assert part in cold, cold


def test_printed_lines_show_value_limit_and_verdict() -> None:
    made = results()
    ratios = compute_ratios(made, settings([200, 1000]))
    lines = format_targets(check_targets(ratios, made), information(ratios))
    assert f"  [   met] {COLD_TARGET}: 0.292 (target <= 0.6)" in lines
    assert "  [   met] (toolkit - plain+speed-ups) / plain+speed-ups at 1000 posts: 0.182 (target <= 0.3)" in lines
    assert "  [MISSED] peak memory toolkit / plain at 1000 posts: 1.4 (target <= 1.3)" in lines
    assert "  [  info] PDF: cold toolkit / each alone serial (the worksheets core only): 0.375" in lines
    # Targets first, then the information lines.
    info = [index for index, line in enumerate(lines) if line.startswith("  [  info]")]
    assert info == list(range(len(lines) - 3, len(lines)))  # the cold build, the cost growth, the PDF core


def test_targets_stated_at_200_and_1000_posts_only() -> None:
    # 50 and 500 posts: toolkit / plain and the features target have no limit there.
    made = Results(
        records=[
            rec("plain", 50, [10.0], 80.0),
            rec("plain+speed-ups", 50, [9.0], 80.0),
            rec("toolkit", 50, [20.0], 200.0),
            rec("plain", 500, [10.0], 80.0),
            rec("plain+speed-ups", 500, [9.0], 80.0),
            rec("toolkit", 500, [20.0], 200.0),
        ]
    )
    ratios = compute_ratios(made, settings([50, 500], serve_n=None))
    assert ratios["toolkit_features_over_speedup"] == {"50": 1.222, "500": 1.222}  # (20 - 9) / 9
    assert check_targets(ratios, made) == []
    assert "cold_build" not in ratios


def test_no_cold_target_without_the_serial_baseline() -> None:
    made = results()
    made.pdf = {"status": "skipped", "n": None}  # BENCH_PDF_N=0
    made.records = [r for r in made.records if not r.name.startswith("pdf: ")]
    ratios = compute_ratios(made, settings([200, 1000]))
    assert ratios["cold_build"]["serial_measured_s"] is None
    assert ratios["cold_build"]["cold_over_baseline"] is None
    assert not any(name.startswith("cold toolkit build") for name in verdicts(made))
    assert "no target" in {line["info"]: line["value"] for line in information(ratios)}["cold build at 200 posts"]


def test_no_cold_figures_when_it_was_not_measured() -> None:
    made = results()
    made.cold = {}
    ratios = compute_ratios(made, settings([200, 1000]))
    assert "cold_build" not in ratios
    assert not any(name.startswith("cold toolkit build") for name in verdicts(made))


@pytest.mark.parametrize(
    ("argv", "env", "cold"),
    [([], {}, True), ([], {"BENCH_COLD": "0"}, False), (["--cold", "0"], {}, False), (["--cold", "1"], {}, True)],
)
def test_bench_cold_setting(monkeypatch: pytest.MonkeyPatch, argv: list[str], env: dict[str, str], cold: bool) -> None:
    monkeypatch.delenv("BENCH_COLD", raising=False)
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    assert read_settings(argv).cold is cold


@pytest.mark.parametrize("kept", ["link", "folder", "none"])
def test_cold_build_gets_an_empty_cache_and_puts_the_kept_one_back(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kept: str
) -> None:
    project = corpus.generate(tmp_path / "project", 3)
    shared = tmp_path / "shared-cache"
    cache = project.root / ".cache"
    if kept == "link":
        (shared / "worksheets").mkdir(parents=True)
        (shared / "worksheets" / "old.pdf").write_bytes(b"kept")
        cache.symlink_to(shared, target_is_directory=True)
    elif kept == "folder":
        (cache / "worksheets").mkdir(parents=True)
        (cache / "worksheets" / "old.pdf").write_bytes(b"kept")
    seen: list[list[Path]] = []

    def fake_build(root: Path, config: Path, site: Path, log: Path, quiet: bool = True, inspect: Any = None):
        assert config == project.config("toolkit") and not quiet
        assert cache.is_dir() and not cache.is_symlink()
        seen.append(list(cache.iterdir()))
        (cache / "worksheets").mkdir()
        (cache / "worksheets" / "new.pdf").write_bytes(b"new")
        (site / "worksheets" / "letter").mkdir(parents=True)
        for name in ("a.pdf", "b.pdf", "c.pdf", "workshop-pack.pdf", "letter/a.pdf"):
            (site / "worksheets" / name).write_bytes(b"%PDF")
        (site / "worksheets" / "index.html").write_text("not a PDF")
        log.write_text("INFO    -  worksheets: 5 PDFs rendered, 0 from cache (9.0 s)\n")
        inspect(site)
        return 12.5, 321.0

    monkeypatch.setattr(builds, "run_build", fake_build)
    made = Results()
    said: list[str] = []
    builds.bench_cold_build(project, made, said.append)

    assert seen == [[]]  # the build saw an empty .cache/
    if kept == "link":
        assert cache.is_symlink() and cache.resolve() == shared.resolve()
        assert [p.name for p in (shared / "worksheets").iterdir()] == ["old.pdf"]
    elif kept == "folder":
        assert cache.is_dir() and not cache.is_symlink()
        assert [p.name for p in (cache / "worksheets").iterdir()] == ["old.pdf"]
    else:
        assert not cache.exists()
    assert not (project.root / ".cache-kept-during-cold-build").exists()
    assert made.records == [Record("toolkit build, cold PDF cache", 3, [12.5], 321.0)]
    # Every generated post closes with Reflect questions, so each of the 3 has a worksheet.
    assert made.cold == {"n": 3, "worksheets": 3, "pdfs_written": 5, "pdfs_rendered": 5, "pdfs_from_cache": 0}
    # 5 PDFs for 3 posts: more than one a post and a pack, so the line says how many a post.
    assert (
        "5 PDFs written into site/worksheets/ (5 rendered, 0 from cache) for 3 posts with a worksheet:"
        " 1.67 PDFs a post, packs included (several paper sizes or editions)"
    ) in said[0]


def test_pdf_count_says_when_there_is_more_than_one_a_post() -> None:
    # 200 worksheets and 1 pack: one a post, nothing more to say.
    assert (
        builds.describe_pdfs(201, 200, None, None)
        == "201 PDFs written into site/worksheets/ for 200 posts with a worksheet"
    )
    # 2 papers x 2 editions: 4 a post and 4 packs, 804 in all: 4.02 a post.
    assert builds.describe_pdfs(804, 200, 804, 0) == (
        "804 PDFs written into site/worksheets/ (804 rendered, 0 from cache) for 200 posts with a worksheet:"
        " 4.02 PDFs a post, packs included (several paper sizes or editions)"
    )


def test_cold_build_puts_the_cache_back_when_the_build_fails(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    project = corpus.generate(tmp_path / "project", 2)
    shared = tmp_path / "shared-cache"
    shared.mkdir()
    cache = project.root / ".cache"
    cache.symlink_to(shared, target_is_directory=True)

    def failing_build(*args: Any, **kwargs: Any) -> tuple[float, float]:
        (cache / "partial").write_text("x")
        raise RuntimeError("mkdocs build failed")

    monkeypatch.setattr(builds, "run_build", failing_build)
    with pytest.raises(RuntimeError):
        builds.bench_cold_build(project, Results(), lambda _: None)
    assert cache.is_symlink() and cache.resolve() == shared.resolve()
    assert list(shared.iterdir()) == []


def test_cold_baseline_counts_every_paper_and_edition_the_build_makes() -> None:
    # The serial baseline times 20 sheets (2 s each); the build makes each of 200 posts' sheets on two
    # papers in two editions: 800 sheets alone is 1,600 s, plus plain 11 s: 1,611 s; 120 / 1,611 = 0.074.
    made = results()
    made.pdf["variants_per_post"] = 4
    cold = compute_ratios(made, settings([200, 1000]))["cold_build"]
    assert (cold["serial_scaled_s"], cold["baseline_s"], cold["cold_over_baseline"]) == (1600.0, 1611.0, 0.074)
