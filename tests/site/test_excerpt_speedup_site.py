"""The excerpt speed-up changes nothing in the output: every file byte-identical with and without it.

Three sites, each built twice with the real `mkdocs build --strict` from one folder (so the second
build finds the worksheet PDFs in the cache): with the project's configuration, and with the same
configuration minus `hooks/excerpt_speedup.py`. The whole site trees are compared, nothing left out
(two builds of one variant give the same bytes too: sitemap.xml.gz takes its time stamp from the
pages, not from the clock). The hook's own summary (`mkdocs build -v`) shows that it did take its
short way and reused excerpts, so the comparison is not of two identical code paths.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from siteutil import ROOT, FixtureSite, copy_project, run_build

from bench import corpus

HOOK_LINE = re.compile(r"^[ \t]*- hooks/excerpt_speedup\.py[ \t]*\n", re.MULTILINE)
SUMMARY = re.compile(
    r"excerpt_speedup: (\d+) excerpt renders: (\d+) converted up to the separator, (\d+) reused, "
    r"(\d+) by Material \((.*)\)"
)


def _files(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def build_both_ways(root: Path, config: str = "mkdocs.yml") -> dict[str, int | str]:
    """Build `root` with `config` and with a copy of it without the hook; assert identical sites.
    Returns the hook's summary of the first build."""
    text = (root / config).read_text(encoding="utf-8")
    assert len(HOOK_LINE.findall(text)) == 1, f"hooks/excerpt_speedup.py is not listed once in {config}"
    without = f"{Path(config).stem}.without-excerpt-speedup.yml"
    (root / without).write_text(HOOK_LINE.sub("", text), encoding="utf-8")

    first = run_build(root, root / "site-with", "-v", "-f", config)
    second = run_build(root, root / "site-without", "-v", "-f", without)
    assert first.returncode == 0, first.output[-5000:]
    assert second.returncode == 0, second.output[-5000:]
    assert "excerpt_speedup:" not in second.output

    a, b = _files(first.site), _files(second.site)
    assert a.keys() == b.keys()
    assert len(a) > 20
    assert [name for name in a if a[name] != b[name]] == []

    found = SUMMARY.findall(first.output)
    assert len(found) == 1, first.output[-5000:]
    total, converted, reused, material, reasons = found[0]
    assert int(total) == int(converted) + int(reused) + int(material)
    return {"converted": int(converted), "reused": int(reused), "material": int(material), "reasons": reasons}


def test_project_is_byte_identical_without_the_excerpt_speedup(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project", ROOT / "docs")
    stats = build_both_ways(root)
    assert stats["converted"] > 0


def test_fixture_with_definitions_after_the_separator_is_byte_identical(tmp_path: Path) -> None:
    site = FixtureSite(tmp_path / "fixture")
    # Reference link and abbreviation used before the separator, defined after it: Material's way.
    site.edit(
        "blog/posts/second-look.md",
        "Hand-offs make a chain. This is the excerpt.\n\n<!-- more -->\n",
        "Hand-offs make a chain, as the [SLA guide][sla] says. Every SLA is a promise. This is the excerpt.\n\n"
        "<!-- more -->\n\n[sla]: https://example.com/sla-guide\n\n*[SLA]: Service level agreement\n",
    )
    # A footnote used before the separator, defined after it: Material's way.
    site.edit(
        "blog/posts/third-part.md",
        "Culture grows from habits. This is the excerpt.\n\n<!-- more -->\n",
        "Culture grows from habits.[^habits] This is the excerpt.\n\n<!-- more -->\n\n"
        "[^habits]: Small ones, repeated.\n",
    )
    # A link, emphasis and a reference defined before the separator: the short way, reused per view.
    site.edit(
        "blog/posts/first-steps.md",
        "This opening paragraph is the excerpt.\n",
        "This opening paragraph is the *excerpt*; [part two](second-look.md) and [the guide][g] follow.\n\n"
        "[g]: https://example.com/guide\n",
    )
    stats = build_both_ways(site.root)
    assert stats["converted"] > 0 and stats["reused"] > 0
    assert stats["material"] > 0
    assert "a definition after the separator" in stats["reasons"] and "footnotes" in stats["reasons"]


@pytest.mark.parametrize("variant", ["toolkit", "plain+speed-ups"])
def test_bench_corpus_is_byte_identical_without_the_excerpt_speedup(tmp_path: Path, variant: str) -> None:
    project = corpus.generate(tmp_path / "corpus", 30)
    stats = build_both_ways(project.root, corpus.CONFIGS[variant])
    assert stats["material"] == 0, stats
    assert stats["converted"] >= 30 and stats["reused"] > 0
