"""The blog speed-up changes nothing in the output: every file byte-identical with and without it."""

from __future__ import annotations

from siteutil import FixtureSite


def test_site_is_byte_identical_without_the_speedup(tmp_path) -> None:
    with_it = FixtureSite(tmp_path / "with")
    without = FixtureSite(tmp_path / "without")
    config = (without.root / "mkdocs.yml").read_text()
    assert "  - hooks/blog_speedup.py\n" in config
    (without.root / "mkdocs.yml").write_text(config.replace("  - hooks/blog_speedup.py\n", ""))
    first, second = with_it.build(), without.build()
    assert first.returncode == 0 and second.returncode == 0, first.output + second.output

    def files(root):
        return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}

    a, b = files(first.site), files(second.site)
    assert a.keys() == b.keys() and len(a) > 20
    different = [name for name in a if a[name] != b[name]]
    assert different == []
