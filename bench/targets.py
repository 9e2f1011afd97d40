"""The performance issue's targets: the ratios they are stated in, each verdict, and the lines printed."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .builds import COLD_BUILD, VARIANTS, describe_pdfs
from .glossary import LINKER_SIZES
from .pdfs import SERIAL_PDFS
from .results import Results
from .settings import Settings

# The sizes some targets are stated at, with their limits.
TOOLKIT_OVER_PLAIN_LIMITS = {200: 0.70, 1000: 0.50}
FEATURES_LIMIT = 0.30  # (toolkit - plain+speed-ups) / plain+speed-ups, at each of FEATURES_SIZES
FEATURES_SIZES = (200, 1000)
COLD_LIMIT = 0.6  # cold toolkit build / (plain + each worksheet alone serial, scaled)
ONE_WORD_LIMIT = 2  # one-word PDF rebuild / one worksheet alone
PUBLISH_LIMIT = 2  # PDF time when a part is published / that part's sheets alone
SERVE_LIMIT = 1.0
RSS_LIMIT = 1.3
CHECK_LIMIT = 0.1
LINKER_LIMIT = 1.5


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
