"""The corpus scorecard: `make corpus` (or `python -m bench.corpus`).

Reads and builds every PDF under ../shared/corpus (two processes; nothing is
cached across runs) and prints, per report and overall, how the reader does:
against the hand-checked gold structures in gold/, and against the
publishers' own titles, brokers and dates in wide/ and reports/ MANIFEST.tsv.

Every metric is printed against the issue's target; the last line is one
machine-readable `CORPUS-SUMMARY {...}` JSON line. Exit status: with
`--baseline FILE`, 1 when any metric is worse than the recorded value (a
regression); without it, 1 when any metric misses its target.
`--write-baseline FILE` records this run's values.
"""

from __future__ import annotations

import argparse
import csv
import json
import logging
import math
import os
import re
import sys
import tempfile
import time
import traceback
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from pathlib import Path
from statistics import mean
from typing import Any

from bench.scorecard import GoldScore, WideScore, score_gold, score_wide

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSLETTER_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus"
# A manifest note saying the file is meant to be refused: no text layer, or no disclaimer printed.
EXPECTED_REFUSAL = re.compile(r"scanned=y|IMAGE-ONLY|pages are images|prints no disclaimer", re.I)
TOLERANCE = 1e-9


@dataclass(frozen=True)
class Target:
    """A metric's goal: at least (`>=`) or at most (`<=`) `value`; None: shown, not gated."""

    direction: str
    value: float | None


# The thresholds (#11). Shares of gold reports where "every report" is asked.
TARGETS: dict[str, Target] = {
    "gold.paragraphs_exact": Target(">=", None),
    "gold.paragraphs": Target(">=", 0.97),
    "gold.kept": Target(">=", 0.99),
    "gold.noise": Target("<=", 0.02),
    "gold.headings_f1": Target(">=", 0.9),
    "gold.risks": Target(">=", 1.0),
    "gold.disclaimer": Target(">=", 1.0),
    "gold.disclaimer_clean": Target(">=", 1.0),
    "gold.title": Target(">=", 1.0),
    "gold.broker": Target(">=", 1.0),
    "gold.date": Target(">=", 1.0),
    "gold.analysts": Target(">=", 1.0),
    "gold.emails": Target(">=", None),
    "corpus.builds": Target(">=", 1.0),
    "corpus.tracebacks": Target("<=", 0),
    "corpus.title": Target(">=", 0.95),
    "corpus.broker": Target(">=", 0.95),
    "corpus.date": Target(">=", 0.95),
    "corpus.fragment_headings": Target("<=", 0),
    "corpus.table_key_points": Target("<=", 0),
}


@dataclass(frozen=True)
class Job:
    pdf: Path
    gold: Path | None = None
    listed: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Outcome:
    """What happened to one PDF: its Report JSON (when read) and its build."""

    name: str
    status: str  # built, refused, traceback
    message: str = ""
    report: dict[str, Any] | None = None
    seconds: float = 0.0
    warnings: int = 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if not CORPUS.is_dir():
        print(f"corpus scorecard skipped: the shared corpus is absent ({CORPUS})")
        return 1 if os.environ.get("CI", "").lower() in ("1", "true", "yes") else 0
    jobs = [job for job in _jobs() if not args.only or any(o in job.pdf.name for o in args.only)]
    started = time.monotonic()
    outcomes = _run(jobs, args.jobs)
    metrics = _report(jobs, outcomes)
    print(f"{len(jobs)} PDFs in {time.monotonic() - started:.0f} s")
    return _verdict(metrics, args)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bench.corpus", description=__doc__.splitlines()[0])
    parser.add_argument("--baseline", type=Path, help="fail only on a regression below the values in this JSON file")
    parser.add_argument("--write-baseline", type=Path, help="record this run's metrics into this JSON file")
    parser.add_argument("--jobs", type=int, default=2, help="worker processes (default 2)")
    parser.add_argument("--only", nargs="*", help="score only PDFs whose name contains one of these (no verdict)")
    return parser


# -- the corpus -----------------------------------------------------------------


def _jobs() -> list[Job]:
    """Every PDF once: gold reports (seed and reports/), then the manifests' rows."""
    jobs: dict[str, Job] = {}
    for gold in sorted((CORPUS / "gold").glob("*.json")):
        pdf = _pdf_for(gold.stem)
        if pdf is not None:
            jobs[pdf.name] = Job(pdf, gold=gold)
    for folder in ("reports", "wide"):
        for row in _manifest(CORPUS / folder / "MANIFEST.tsv"):
            pdf = CORPUS / folder / row["file"]
            known = jobs.get(pdf.name)
            jobs[pdf.name] = Job(pdf, known.gold if known else None, row)
    return list(jobs.values())


def _pdf_for(stem: str) -> Path | None:
    found = [folder / f"{stem}.pdf" for folder in (CORPUS / "reports", CORPUS / "seed")]
    return next((path for path in found if path.is_file()), None)


def _manifest(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream, delimiter="\t"))


def _run(jobs: list[Job], workers: int) -> list[Outcome]:
    with ProcessPoolExecutor(max_workers=max(1, workers)) as pool:
        return list(pool.map(_read_and_build, [job.pdf for job in jobs]))


class _Counter(logging.Handler):
    """Counts the reader's warnings instead of printing them between the score lines."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def _read_and_build(pdf: Path) -> Outcome:
    counter = _Counter()
    logging.getLogger().handlers[:] = [counter]  # this worker's own: pdfminer's chatter too
    outcome = _attempt(pdf)
    return replace(outcome, warnings=counter.count)


def _attempt(pdf: Path) -> Outcome:
    """Read the PDF, then build it as `newsletter build` would, in a throwaway folder."""
    from newsletter.build import BuildOptions, build
    from newsletter.cache import cached_read
    from newsletter.clock import system_clock
    from newsletter.errors import NewsletterError
    from newsletter.readers import read_report
    from newsletter.serialize import report_to_json

    started = time.monotonic()
    report: dict[str, Any] | None = None
    with tempfile.TemporaryDirectory(prefix="corpus-") as tmp:
        cache = Path(tmp) / "cache"  # the build reuses this run's reading, nothing more
        options = BuildOptions(catalog=Path(tmp) / "en.po", cache=cache)
        try:
            report = report_to_json(cached_read(pdf, cache, read_report)[0])
            build([pdf], str(Path(tmp) / "out"), options, system_clock, lambda _: None)
        except NewsletterError as error:
            return Outcome(pdf.name, "refused", str(error), report, time.monotonic() - started)
        except Exception as error:  # the very thing the scorecard exists to catch
            where = traceback.extract_tb(error.__traceback__)[-1]
            message = f"{type(error).__name__}: {error} ({Path(where.filename).name}:{where.lineno})"
            return Outcome(pdf.name, "traceback", message, report, time.monotonic() - started)
    return Outcome(pdf.name, "built", "", report, time.monotonic() - started)


# -- printing ---------------------------------------------------------------------


def _report(jobs: list[Job], outcomes: list[Outcome]) -> dict[str, float]:
    gold = _gold_section(jobs, outcomes)
    wide = _corpus_section(jobs, outcomes)
    return gold | wide


def _gold_section(jobs: list[Job], outcomes: list[Outcome]) -> dict[str, float]:
    print("== gold structures (paragraphs: exact / whitespace-insensitive; kept; noise; headings F1; ...)")
    scores: list[GoldScore] = []
    for job, outcome in zip(jobs, outcomes, strict=True):
        if job.gold is None:
            continue
        gold = json.loads(job.gold.read_text(encoding="utf-8"))
        score = score_gold(outcome.report or {}, gold)
        scores.append(score)
        print(_gold_line(job.gold.stem, score))
    return _gold_metrics(scores) if scores else {}


def _gold_line(name: str, s: GoldScore) -> str:
    flags = " ".join(
        f"{label}{'+' if ok else '-'}"
        for label, ok in (
            ("title", s.title),
            ("broker", s.broker),
            ("date", s.date),
            ("analysts", s.analysts),
            ("emails", s.emails),
        )
    )
    return (
        f"  {name:38} para {s.paragraphs_exact:.2f}/{s.paragraphs:.2f} kept {s.kept:.2f} noise {s.noise:.2f} "
        f"head {s.headings_f1:.2f} risks {s.risks:.2f} discl {s.disclaimer:.2f} foreign {s.disclaimer_foreign} {flags}"
    )


def _gold_metrics(scores: list[GoldScore]) -> dict[str, float]:
    def share(flags: Iterator[bool]) -> float:
        values = list(flags)
        return sum(values) / len(values)

    return {
        "gold.paragraphs_exact": mean(s.paragraphs_exact for s in scores),
        "gold.paragraphs": mean(s.paragraphs for s in scores),
        "gold.kept": mean(s.kept for s in scores),
        "gold.noise": mean(s.noise for s in scores),
        "gold.headings_f1": mean(s.headings_f1 for s in scores),
        "gold.risks": share(s.risks == 1.0 for s in scores),
        "gold.disclaimer": share(s.disclaimer == 1.0 for s in scores),
        "gold.disclaimer_clean": share(s.disclaimer_foreign == 0 for s in scores),
        "gold.title": share(s.title for s in scores),
        "gold.broker": share(s.broker for s in scores),
        "gold.date": share(s.date for s in scores),
        "gold.analysts": share(s.analysts for s in scores),
        "gold.emails": share(s.emails for s in scores),
    }


def _corpus_section(jobs: list[Job], outcomes: list[Outcome]) -> dict[str, float]:
    print("== wide/ and reports/ (built or refused; title, broker, date against MANIFEST.tsv)")
    rows: list[tuple[Job, Outcome, WideScore | None]] = []
    for job, outcome in zip(jobs, outcomes, strict=True):
        if not job.listed:
            continue
        score = _score_listed(job.listed, outcome.report) if outcome.report is not None else None
        rows.append((job, outcome, score))
        print(_corpus_line(job, outcome, score))
    return _corpus_metrics(rows) if rows else {}


def _score_listed(row: dict[str, str], report: dict[str, Any]) -> WideScore:
    title = row.get("title_from_source_name") or row.get("title", "")
    date = row.get("date_from_source_name") or _date_in(title)
    # reports/ titles carry the date and notes after the headline.
    title = re.sub(r"\s*20\d\d-\d\d-\d\d.*$", "", title)
    return score_wide(report, title, row.get("broker", ""), date)


def _date_in(text: str) -> str | None:
    match = re.search(r"20\d\d-\d\d-\d\d", text)
    return match.group(0) if match else None


def _corpus_line(job: Job, outcome: Outcome, score: WideScore | None) -> str:
    expected = " (expected)" if outcome.status == "refused" and _refusal_expected(job) else ""
    head = f"  {outcome.status:9} {job.pdf.parent.name}/{job.pdf.name:42} {outcome.seconds:5.1f}s {outcome.warnings:3}w"
    if score is None:
        return f"{head} {outcome.message}{expected}"
    marks = f"title{_mark(score.title)} broker{_mark(score.broker)} date{_mark(score.date)}"
    extra = f" fragments={list(score.fragments)}" if score.fragments else ""
    extra += f" table_key_points={score.table_key_points}" if score.table_key_points else ""
    # What was read where it disagrees, so a reader of the scorecard sees why.
    report = outcome.report or {}
    extra += "" if score.title else f" title={str(report.get('title'))[:40]!r}"
    extra += "" if score.broker else f" broker={report.get('broker')!r}"
    extra += "" if score.date is not False else f" date={report.get('date')!r}"
    why = f" | {outcome.message}{expected}" if outcome.message else ""
    return f"{head} {marks}{extra}{why}"


def _mark(ok: bool | None) -> str:
    return "?" if ok is None else "+" if ok else "-"


def _refusal_expected(job: Job) -> bool:
    return bool(EXPECTED_REFUSAL.search(job.listed.get("notes", "")))


def _corpus_metrics(rows: list[tuple[Job, Outcome, WideScore | None]]) -> dict[str, float]:
    ok = [o.status == "built" or (o.status == "refused" and _refusal_expected(j)) for j, o, _ in rows]
    scored = [(j, s) for j, _, s in rows if s is not None and not _refusal_expected(j)]
    dated = [s.date for _, s in scored if s.date is not None]
    return {
        "corpus.builds": sum(ok) / len(ok),
        "corpus.tracebacks": sum(o.status == "traceback" for _, o, _ in rows),
        "corpus.title": _share([s.title for _, s in scored]),
        "corpus.broker": _share([s.broker for _, s in scored]),
        "corpus.date": _share(dated),
        "corpus.fragment_headings": sum(len(s.fragments) for _, s in scored),
        "corpus.table_key_points": sum(s.table_key_points for _, s in scored),
    }


def _share(flags: list[bool]) -> float:
    return sum(flags) / len(flags) if flags else 1.0


# -- the verdict ----------------------------------------------------------------


def _verdict(metrics: dict[str, float], args: argparse.Namespace) -> int:
    baseline = _load_baseline(args.baseline)
    print("== metrics (value, the issue's target, the recorded baseline)")
    failures = [line for name, value in metrics.items() if (line := _metric_line(name, value, baseline))]
    print("CORPUS-SUMMARY " + json.dumps({k: round(v, 4) for k, v in metrics.items()}, sort_keys=True))
    if args.write_baseline:
        args.write_baseline.write_text(json.dumps(_rounded(metrics), indent=2, sort_keys=True) + "\n")
        print(f"baseline written to {args.write_baseline}")
    if args.only:
        return 0
    regressions = [name for name, value in metrics.items() if _regressed(name, value, baseline)]
    if args.baseline:
        print(f"{len(regressions)} regression(s) against {args.baseline}: {', '.join(regressions) or 'none'}")
        return 1 if regressions else 0
    print(f"{len(failures)} metric(s) below target")
    return 1 if failures else 0


def _metric_line(name: str, value: float, baseline: dict[str, float]) -> str | None:
    """Print one metric; return its name when it misses the target."""
    target = TARGETS.get(name, Target(">=", None))
    met = target.value is None or _better_or_equal(value, target.value, target.direction)
    goal = f"{target.direction} {target.value:g}" if target.value is not None else "(shown)"
    recorded = f" baseline {baseline[name]:.4g}" if name in baseline else ""
    regressed = " REGRESSION" if _regressed(name, value, baseline) else ""
    print(f"  {'pass' if met else 'FAIL'}  {name:28} {value:8.4g}  target {goal:8}{recorded}{regressed}")
    return None if met else name


def _regressed(name: str, value: float, baseline: dict[str, float]) -> bool:
    if name not in baseline:
        return False
    return not _better_or_equal(value, baseline[name], TARGETS.get(name, Target(">=", None)).direction)


def _better_or_equal(value: float, reference: float, direction: str) -> bool:
    return value >= reference - TOLERANCE if direction == ">=" else value <= reference + TOLERANCE


def _load_baseline(path: Path | None) -> dict[str, float]:
    if path is None:
        return {}
    loaded: dict[str, float] = json.loads(path.read_text(encoding="utf-8"))
    return loaded


def _rounded(metrics: dict[str, float]) -> dict[str, float]:
    # Rounded towards "worse" so that rounding never reads as a regression.
    def towards_worse(name: str, value: float) -> float:
        step = math.floor if TARGETS[name].direction == ">=" else math.ceil
        return float(step(value * 10_000) / 10_000)

    return {name: towards_worse(name, value) for name, value in metrics.items()}


if __name__ == "__main__":
    sys.exit(main())
