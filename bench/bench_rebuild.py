"""A template-only rebuild against a cold build of the same report, same run.

Cold: the extraction cache is empty, so the PDF is read and analysed, then
everything is rendered and written. Rebuild: an editor has just changed a
house template; the extraction comes from the cache. Goal: the rebuild costs
at most 25% of the cold build. Both are timed in this process after one
untimed build, so imports and first-use costs count for neither.

The machine is shared and noisy: the two kinds of build are interleaved, so
both meet the same load, and each is summed up by its fastest run (as
`timeit` does: noise only ever adds time); the medians are printed too.
"""

from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from statistics import median

from newsletter.build import BuildOptions, build
from newsletter.clock import fixed_clock

ROOT = Path(__file__).resolve().parents[1]
CANDIDATES = [
    ROOT.parent / "shared" / "corpus" / "seed" / "guojin_ai_weekly_2026w11.pdf",
    ROOT / "examples" / "weekly_report.pdf",
]
TARGET = 0.25
RUNS = 5
CLOCK = fixed_clock(dt.datetime(2026, 3, 13, 8, 0, tzinfo=dt.UTC))


def main() -> int:
    report = next((path for path in CANDIDATES if path.is_file()), None)
    if report is None:
        print(f"no report to build: none of {', '.join(map(str, CANDIDATES))}")
        return 1
    with tempfile.TemporaryDirectory(prefix="bench-rebuild-") as scratch:
        cold, rebuild = measure(report, Path(scratch))
    ratio = min(rebuild) / min(cold)
    print(f"report: {report.name}, {RUNS} runs of each, interleaved")
    print(f"cold build (empty cache):        {_summary(cold)}")
    print(f"template-only rebuild (cached):  {_summary(rebuild)}")
    print(f"median ratio: {median(rebuild) / median(cold):.3f}")
    verdict = "ok" if ratio <= TARGET else "TOO SLOW"
    print(f"ratio rebuild/cold: {ratio:.3f}  (fastest runs; target <= {TARGET})  {verdict}")
    return 0 if ratio <= TARGET else 1


def measure(report: Path, work: Path) -> tuple[list[float], list[float]]:
    """Seconds of each cold build and each template-only rebuild."""
    templates = work / "templates"
    templates.mkdir()
    shared_cache = work / "cache"
    _build(report, work, templates, shared_cache)  # untimed: imports, and fills the shared cache
    cold, rebuild = [], []
    for run in range(RUNS):
        cold.append(_timed(partial(_build, report, work, templates, work / f"cold-cache-{run}")))
        # What an editor does: change the content template, then build again.
        template = templates / "briefing.md.j2"
        template.write_text(f'{{% extends "default/briefing.md.j2" %}}{{# edit {run} #}}\n', encoding="utf-8")
        rebuild.append(_timed(partial(_build, report, work, templates, shared_cache)))
    return cold, rebuild


def _build(report: Path, work: Path, templates: Path, cache: Path) -> None:
    options = BuildOptions(templates=templates, cache=cache)
    build([report], str(work / "out" / "{issue}"), options, CLOCK, lambda message: None)


def _summary(times: list[float]) -> str:
    return f"fastest {min(times) * 1000:7.1f} ms, median {median(times) * 1000:7.1f} ms"


def _timed(step: Callable[[], None]) -> float:
    start = time.perf_counter()
    step()
    return time.perf_counter() - start


if __name__ == "__main__":
    sys.exit(main())
