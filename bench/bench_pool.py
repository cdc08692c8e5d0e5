"""The five-report weekly built cold with the reports read by 2 processes against 1, same run.

The issue of issue #12: guojin_newenergy_weekly_2021w03, kaiyuan, guosheng,
changjiang and haitong from ../shared/corpus/reports (57 pages). Each build
is cold (no extraction cache), so every report is read; only the number of
reading processes differs. The two kinds are interleaved, so both meet the
same load on a shared machine, and each is summed up by its fastest run.
Goal: 2 processes at least 1.7x as fast as 1 (on a machine with 2 cores).
Skipped (exit 0, with the reason) when ../shared is absent.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

from newsletter.build import build
from newsletter.clock import fixed_clock
from newsletter.options import BuildOptions

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus" / "reports"
REPORTS = (
    "guojin_newenergy_weekly_2021w03.pdf",
    "kaiyuan_elec_comment_20210126.pdf",
    "guosheng_elec_weekly_2021w03.pdf",
    "changjiang_elec_weekly_2021w01.pdf",
    "haitong_multi_weekly_2020w42.pdf",
)
TARGET = 1.7
RUNS = 2
CLOCK = fixed_clock(dt.datetime(2021, 1, 25, 8, 0, tzinfo=dt.UTC))


def main() -> int:
    paths = [CORPUS / name for name in REPORTS]
    missing = [path.name for path in paths if not path.is_file()]
    if missing:
        print(f"skipped: the corpus is absent ({', '.join(missing)} not in {CORPUS})")
        return 0
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="bench-pool-") as scratch:
        _build(paths, Path(scratch), 1)  # untimed: imports and first-use costs count for neither
        one, two = [], []
        for run in range(RUNS):
            one.append(_timed(paths, Path(scratch) / f"one-{run}", 1))
            two.append(_timed(paths, Path(scratch) / f"two-{run}", 2))
    speedup = min(one) / min(two)
    print(f"issue: {len(paths)} reports, cold builds, {RUNS} runs of each, interleaved; {cores} cores here")
    print(f"1 process:   fastest {min(one):6.2f} s, median {median(one):6.2f} s")
    print(f"2 processes: fastest {min(two):6.2f} s, median {median(two):6.2f} s")
    if cores < 2:
        print(f"speedup 2 processes vs 1: {speedup:.2f}x (one core here: no target)")
        return 0
    verdict = "ok" if speedup >= TARGET else "TOO SLOW"
    print(f"speedup 2 processes vs 1: {speedup:.2f}x  (fastest runs; target >= {TARGET}x)  {verdict}")
    return 0 if speedup >= TARGET else 1


def _timed(paths: list[Path], work: Path, workers: int) -> float:
    start = time.perf_counter()
    _build(paths, work, workers)
    return time.perf_counter() - start


def _build(paths: list[Path], work: Path, workers: int) -> None:
    options = BuildOptions(cache=None, workers=workers, allow_missing_disclaimer=True)
    build(paths, str(work / "out"), options, CLOCK, lambda message: None)


if __name__ == "__main__":
    sys.exit(main())
