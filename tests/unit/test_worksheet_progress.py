"""Progress of a long PDF render: a line every tenth of the way (or every few seconds), never silence."""

from __future__ import annotations

from tce_toolkit.worksheets.build import Progress


def test_a_line_every_tenth_of_the_way_and_one_at_the_end() -> None:
    lines: list[str] = []
    progress = Progress(40, lines.append, every=3600)
    for _ in range(40):
        progress.step()
    assert len(lines) == 10
    assert lines[0].startswith("4 of 40 layouts (10%)") and lines[-1].startswith("40 of 40 layouts (100%)")
    assert all(line.endswith(" s") for line in lines)


def test_a_slow_render_reports_by_time_too() -> None:
    lines: list[str] = []
    progress = Progress(1000, lines.append, every=0.0)  # every step is "5 seconds later"
    for _ in range(3):
        progress.step()
    assert [line.split(" (")[0] for line in lines] == ["1 of 1000 layouts", "2 of 1000 layouts", "3 of 1000 layouts"]


def test_nothing_to_do_or_nobody_listening_says_nothing() -> None:
    lines: list[str] = []
    Progress(0, lines.append).step()
    Progress(5, None).step()
    assert lines == []
