"""`make bench` keeps working: the corpus is valid and deterministic, and a tiny run writes its results."""

from __future__ import annotations

import json
import math
import os
import subprocess
import sys
from pathlib import Path

import pytest
from siteutil import ROOT

from bench import corpus

RECORD_KEYS = {"name", "n", "median_s", "min_s", "max_s", "peak_rss_mib", "runs"}


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_corpus_is_deterministic_and_grows_by_appending(tmp_path: Path) -> None:
    first = corpus.generate(tmp_path / "a", 4)
    again = corpus.generate(tmp_path / "b", 4)
    longer = corpus.generate(tmp_path / "c", 6)
    assert _files(first.docs) == _files(again.docs)
    posts = {post.path.name: post.path.read_bytes() for post in longer.posts[:4]}
    assert posts == {post.path.name: post.path.read_bytes() for post in first.posts}
    assert 800 <= first.words / first.n <= 1600
    assert len(list((first.docs / "glossary").glob("*.md"))) - 1 >= 20


def test_plain_config_drops_the_toolkit(tmp_path: Path) -> None:
    project = corpus.generate(tmp_path / "p", 2)
    plain = corpus.load_config(project.config("plain"))
    speedup = corpus.load_config(project.config("plain+speed-ups"))
    assert "hooks" not in plain and "extra_css" not in plain
    assert "custom_dir" not in plain["theme"]
    assert not set(plain.get("extra") or {}) & set(corpus.TOOLKIT_EXTRA)
    assert speedup["hooks"] == list(corpus.SPEEDUP_HOOKS)
    assert project.config("toolkit").read_bytes() == (ROOT / "mkdocs.yml").read_bytes()


@pytest.mark.parametrize("variant", corpus.CONFIGS)
def test_corpus_builds_strict(tmp_path: Path, variant: str) -> None:
    project = corpus.generate(tmp_path / "project", 3)
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project.config(variant)), "-d", "site"],
        cwd=project.root,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert (project.root / "site" / "blog" / project.posts[0].slug / "index.html").is_file()


def test_bench_runs_and_writes_results(tmp_path: Path) -> None:
    out = tmp_path / "results.json"
    env = dict(os.environ, BENCH_CACHE="", BENCH_WORK=str(tmp_path / "work"))
    result = subprocess.run(
        [sys.executable, "-m", "bench", "--n", "5", "--runs", "1", "--serve", "0", "--pdf-n", "2"],
        cwd=ROOT,
        env=dict(env, BENCH_OUT=str(out)),
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "median s" in result.stdout
    data = json.loads(out.read_text(encoding="utf-8"))
    assert {"records", "ratios", "pdf"} <= data.keys()

    records = data["records"]
    assert records and all(record.keys() == RECORD_KEYS for record in records)
    names = {record["name"] for record in records}
    assert {"plain", "plain+speed-ups", "toolkit"} <= names
    assert {"glossary linker, 10 entries", "glossary linker, 500 entries", "make check"} <= names
    assert "toolkit build, cold PDF cache" in names  # BENCH_COLD defaults to 1
    for record in records:
        assert record["n"] >= 1 and record["runs"] >= 1
        for key in ("median_s", "min_s", "max_s"):
            assert isinstance(record[key], float) and math.isfinite(record[key]) and record[key] > 0, record
        assert record["min_s"] <= record["median_s"] <= record["max_s"]
        if record["name"] in ("plain", "plain+speed-ups", "toolkit"):
            assert record["peak_rss_mib"] > 0

    ratios = data["ratios"]
    for key in (
        "toolkit_over_plain",
        "speedup_over_plain",
        "rss_toolkit_over_plain",
        "linker_500_over_10",
        "check_over_plain",
    ):
        assert ratios[key]["5"] > 0

    pdf = data["pdf"]
    assert pdf["status"] == "ok", pdf
    assert pdf["cold_serial_s"] > 0 and pdf["cold_toolkit_s"] > 0
    # Publishing a part (the third post joining the two): only that part's sheets are laid out.
    assert pdf["publish_rendered"] == pdf["variants_per_post"] and pdf["publish_s"] > 0
    assert pdf["publish_over_its_sheets"] > 0
    for key in ("cold_rendered", "warm_rendered", "one_word_rendered"):
        assert isinstance(pdf[key], int) and pdf[key] >= 0

    # The cold build rendered every PDF from its own empty .cache/: at least one a post (all 5 have a
    # worksheet) and a pack; the serial baseline measured on 2 sheets is scaled to all 5.
    cold = ratios["cold_build"]
    # 2 posts' sheets, each on A4 and Letter in both editions: 8 measured, scaled to 5 posts' 20.
    assert cold["n"] == 5 and cold["worksheets"] == 5 and cold["serial_measured_sheets"] == 8
    assert cold["variants_per_post"] == 4
    assert cold["pdfs_from_cache"] == 0 and cold["pdfs_rendered"] >= 1 and cold["pdfs_written"] >= 6
    assert cold["serial_scaled_s"] == pytest.approx(cold["serial_measured_s"] * 5 / 2, abs=0.01)
    assert cold["toolkit_cold_s"] > 0 and cold["cold_over_baseline"] > 0

    targets = {target["target"]: target for target in data["targets"]}
    assert all(target.keys() == {"target", "value", "limit", "met"} for target in data["targets"])
    assert {target["limit"] for target in data["targets"]} >= {
        "<= 0.6",
        "<= 2",
        "0",
        "4 (1 per paper and edition), packs",
        "<= 1.5",
    }
    assert any(name.startswith("cold toolkit build, empty .cache/, at 5 posts") for name in targets)
    assert not any("toolkit / plain" in name for name in targets)  # stated at 200 and 1,000 posts only
    for target in data["targets"]:
        mark = "met" if target["met"] else "MISSED"
        assert f"[{mark:>6}] {target['target']}: {target['value']} (target {target['limit']})" in result.stdout
    info = {line["info"] for line in data["information"]}
    assert {"cold build at 5 posts", "PDF: cold toolkit / each alone serial (the worksheets core only)"} <= info
    assert not (tmp_path / "work").exists() or not any((tmp_path / "work").iterdir())
