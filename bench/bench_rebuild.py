"""A template-only rebuild against a cold build of the same report, same run.

Cold: the extraction cache is empty, so the PDF is read and analysed, then
everything is rendered and written. Rebuild: an editor has just changed a
house template; the extraction comes from the cache. Goal: the rebuild costs
at most 25% of the cold build. Both are timed in this process after one
untimed build, so imports and first-use costs count for neither.
"""

from __future__ import annotations

import datetime as dt
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from newsletter.build import BuildOptions, build
from newsletter.clock import fixed_clock

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = [
    ROOT.parent / "shared" / "corpus" / "seed" / "guojin_ai_weekly_2026w11.pdf",
    ROOT / "examples" / "weekly_report.pdf",
]
TARGET = 0.25
COLD_RUNS, REBUILD_RUNS = 3, 5
CLOCK = fixed_clock(dt.datetime(2026, 3, 13, 8, 0, tzinfo=dt.UTC))


def main() -> int:
    report = next((path for path in CANDIDATES if path.is_file()), None)
    if report is None:
        print(f"no report to build: none of {', '.join(map(str, CANDIDATES))}")
        return 1
    with tempfile.TemporaryDirectory(prefix="bench-rebuild-") as scratch:
        work = Path(scratch)
        cold, rebuild = measure(report, work)
    ratio = rebuild / cold
    print(f"report: {report.name}")
    print(f"cold build (empty cache):        {cold * 1000:8.1f} ms  (median of {COLD_RUNS})")
    print(f"template-only rebuild (cached):  {rebuild * 1000:8.1f} ms  (median of {REBUILD_RUNS})")
    verdict = "ok" if ratio <= TARGET else "TOO SLOW"
    print(f"ratio rebuild/cold: {ratio:.3f}  (target <= {TARGET})  {verdict}")
    return 0 if ratio <= TARGET else 1


def measure(report: Path, work: Path) -> tuple[float, float]:
    templates = work / "templates"
    templates.mkdir()
    shared_cache = work / "cache"

    def cold(run: int) -> None:
        _build(report, work, templates, work / f"cold-cache-{run}")

    def rebuild(run: int) -> None:
        # What an editor does: change the content template, then build again.
        template = templates / "briefing.md.j2"
        template.write_text(f'{{% extends "default/briefing.md.j2" %}}{{# edit {run} #}}\n', encoding="utf-8")
        _build(report, work, templates, shared_cache)

    _build(report, work, templates, shared_cache)  # untimed: imports, and fills the shared cache
    return _median_time(cold, COLD_RUNS), _median_time(rebuild, REBUILD_RUNS)


def _build(report: Path, work: Path, templates: Path, cache: Path) -> None:
    options = BuildOptions(templates=templates, cache=cache)
    build([report], str(work / "out" / "{issue}"), options, CLOCK, lambda message: None)


def _median_time(step: Callable[[int], None], runs: int) -> float:
    times = []
    for run in range(runs):
        start = time.perf_counter()
        step(run)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


if __name__ == "__main__":
    sys.exit(main())
