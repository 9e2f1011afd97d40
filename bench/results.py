"""What one run measured: its records, the PDF and cold-build figures, notes, and results.json."""

from __future__ import annotations

import dataclasses
import json
import statistics
from pathlib import Path
from typing import Any

from .corpus import SEED
from .settings import Settings


@dataclasses.dataclass
class Record:
    """One measured figure: several timings of the same thing, and the peak memory seen."""

    name: str
    n: int
    times: list[float]
    peak_rss_mib: float | None = None

    def as_json(self) -> dict[str, Any]:
        """The record as results.json stores it."""
        return {
            "name": self.name,
            "n": self.n,
            "median_s": round(statistics.median(self.times), 4),
            "min_s": round(min(self.times), 4),
            "max_s": round(max(self.times), 4),
            "peak_rss_mib": None if self.peak_rss_mib is None else round(self.peak_rss_mib, 1),
            "runs": len(self.times),
        }

    @property
    def median(self) -> float:
        """The median time in seconds."""
        return statistics.median(self.times)


@dataclasses.dataclass
class Results:
    """Everything one bench run measured."""

    records: list[Record] = dataclasses.field(default_factory=list)
    pdf: dict[str, Any] = dataclasses.field(default_factory=dict)
    # The cold toolkit build: n, posts with a worksheet, PDFs written into site/worksheets/ and the
    # build log's "PDFs rendered" / "from cache" counts (its time is the COLD_BUILD record).
    cold: dict[str, Any] = dataclasses.field(default_factory=dict)
    notes: list[str] = dataclasses.field(default_factory=list)

    def find(self, name: str, n: int) -> Record | None:
        """The record called `name` for `n` posts, if measured."""
        return next((r for r in self.records if r.name == name and r.n == n), None)


def format_table(results: Results) -> str:
    """The records as one aligned text table."""
    rows = [("name", "n", "median s", "min s", "max s", "peak RSS MiB", "runs")]
    for record in results.records:
        data = record.as_json()
        rss = "" if data["peak_rss_mib"] is None else f"{data['peak_rss_mib']:.0f}"
        rows.append(
            (
                data["name"],
                str(data["n"]),
                f"{data['median_s']:.3f}",
                f"{data['min_s']:.3f}",
                f"{data['max_s']:.3f}",
                rss,
                str(data["runs"]),
            )
        )
    widths = [max(len(row[column]) for row in rows) for column in range(len(rows[0]))]
    lines = []
    for index, row in enumerate(rows):
        cells = [row[0].ljust(widths[0])] + [cell.rjust(width) for cell, width in zip(row[1:], widths[1:], strict=True)]
        lines.append("  ".join(cells))
        if index == 0:
            lines.append("  ".join("-" * width for width in widths))
    return "\n".join(lines)


def results_document(
    results: Results,
    ratios: dict[str, Any],
    targets: list[dict[str, Any]],
    info: list[dict[str, Any]],
    machine: dict[str, Any],
    settings: Settings,
) -> dict[str, Any]:
    """What results.json holds: every record, the ratios, targets and information lines, the machine
    and the settings, so that a later run can be compared with this one."""
    return {
        "records": [record.as_json() for record in results.records],
        "ratios": ratios,
        "pdf": results.pdf,
        "targets": targets,
        "information": info,
        "machine": machine,
        "settings": {
            "n": settings.sizes,
            "runs": settings.runs,
            "serve_n": settings.serve_n,
            "serve_edits": settings.serve_edits,
            "pdf_n": settings.pdf_n,
            "cold": settings.cold,
            "seed": SEED,
        },
        "notes": results.notes,
    }


def write_results(document: dict[str, Any], out: Path) -> None:
    """results.json, indented, with its folder made if need be."""
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
