"""The build: read -> extract -> translate -> issue -> render -> check -> write."""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from multiprocessing import get_context
from pathlib import Path

from newsletter.cache import cached, cached_read
from newsletter.checks import Checked, Finding, Severity, run_checks
from newsletter.clock import Clock
from newsletter.errors import CheckError, ConfigError, ExtractError, ReadError
from newsletter.figures import extract_figures
from newsletter.issue import make_issue
from newsletter.issue_dir import BUILD_INFO, build_info
from newsletter.limits import ReadLimits, read_limits, use_read_limits
from newsletter.model import Issue, Report, target_language
from newsletter.options import BuildOptions as BuildOptions
from newsletter.outputs import write_atomically
from newsletter.processes import start_method
from newsletter.readers import read_report
from newsletter.render import render_all
from newsletter.render.templates import make_environment
from newsletter.serialize import SCHEMA, dumps, report_to_json
from newsletter.translate.catalog import Memory, load_memory, resolve_catalog
from newsletter.translate.glossary import load_glossary
from newsletter.translate.review import TranslationSummary, refuse_unreviewed, summarize
from newsletter.untrusted import control_character

Progress = Callable[[str], None]


@dataclass(frozen=True)
class BuildResult:
    issue: Issue
    out_dir: Path
    files: tuple[Path, ...]
    findings: tuple[Finding, ...]
    translation: TranslationSummary


def build(paths: Sequence[Path], out: str, options: BuildOptions, clock: Clock, progress: Progress) -> BuildResult:
    """Build one issue from the given reports into the folder `out`.

    `out` may contain `{issue}`, replaced by the issue id (e.g. 2026-W11).
    """
    _refuse_control_characters(options)
    reports, repeated = _distinct(read_all(paths, options, progress))
    _require_disclaimers(reports, options)
    catalog, memory = _memory(reports, options)
    issue, outputs = render_reports(reports, options, clock, progress, memory)
    weeks = _week_span(issue, options.strict)
    translation = summarize(issue, memory, catalog)
    if options.strict:
        refuse_unreviewed(translation)
    out_dir = Path(out.replace("{issue}", issue.id))
    outputs["report.json"] = _reports_json(issue).encode()
    outputs[BUILD_INFO] = build_info(issue, paths, options, catalog, out_dir).encode()
    findings = repeated + weeks + run_checks(Checked(issue, outputs, memory, catalog))
    _refuse_blocking(findings)
    files = write_atomically(out_dir, outputs)
    return BuildResult(issue, out_dir, tuple(files), tuple(findings), translation)


def render_reports(
    reports: list[Report], options: BuildOptions, clock: Clock, progress: Progress, memory: Memory | None = None
) -> tuple[Issue, dict[str, bytes]]:
    """The issue and its rendered files (no report.json, nothing written): shared with `preview`."""
    reports = [extract_figures(report) for report in reports]
    issue = make_issue(
        reports,
        memory or _memory(reports, options)[1],
        now=clock(),
        brand=options.brand,
        brand_en=options.brand_en,
        pending_marker=options.pending_marker,
        review_marker=options.review_marker,
        publisher=options.publisher,
        order=options.order,
        depths=options.depths,
        names={term.zh: term.en for term in load_glossary(options.glossary).terms},
    )
    progress(f"rendering issue {issue.id}")
    env = make_environment(options.templates, cache=options.cache)
    return issue, render_all(issue, env, options.languages, beside=(options.workers or os.cpu_count() or 1) > 1)


def _memory(reports: list[Report], options: BuildOptions) -> tuple[Path, Memory]:
    """The catalog of the issue's target language: en.po for Chinese reports, zh.po for English ones."""
    target = target_language(reports[0].language if reports else "zh")
    beside = Path(reports[0].source.path) if reports else None
    catalog = resolve_catalog(options.catalog, target, beside)
    return catalog, load_memory(catalog, target)


def read_all(paths: Sequence[Path], options: BuildOptions, progress: Progress) -> list[Report]:
    """Every report, in the order given: cache hits first, then the rest in a process pool (one per core)."""
    found: dict[int, Report] = {}
    for index, path in enumerate(paths):
        report = cached(path, options.cache)
        if report is not None:
            progress(f"reading {path}")
            progress(f"  reused the cached extraction of {path.name}")
            found[index] = report
    missing = sorted((i for i in range(len(paths)) if i not in found), key=lambda i: -_size(paths[i]))
    for index in missing:
        progress(f"reading {paths[index]}")
    workers = min(len(missing), options.workers or os.cpu_count() or 1)
    if workers <= 1:
        found.update((i, _read_one(paths[i], options.cache, read_limits())) for i in missing)
    else:
        found.update(zip(missing, _read_in_pool([paths[i] for i in missing], options.cache, workers), strict=True))
    return [found[index] for index in range(len(paths))]


def _read_in_pool(paths: list[Path], cache: Path | None, workers: int) -> list[Report]:
    jobs = [(path, cache, read_limits()) for path in paths]
    try:
        with ProcessPoolExecutor(workers, mp_context=get_context(start_method())) as pool:
            return list(pool.map(_read_one, *zip(*jobs, strict=True)))
    except BrokenProcessPool as error:  # a worker killed (out of memory) is one line, not a traceback
        raise ReadError(
            "a process reading the reports ended abruptly (out of memory?); try again or build fewer reports"
        ) from error


def _read_one(path: Path, cache: Path | None, limits: ReadLimits) -> Report:
    use_read_limits(limits)  # a worker process starts with the defaults
    return cached_read(path, cache, read_report)[0]


def _size(path: Path) -> int:
    """Largest first keeps the processes equally busy."""
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _distinct(reports: list[Report]) -> tuple[list[Report], list[Finding]]:
    """A report given twice (the same file, or a copy of it) is one card, not two; the editor hears of it."""
    seen: dict[str, Report] = {}
    findings = []
    for report in reports:
        first = seen.setdefault(report.source.sha256, report)
        if first is not report:
            message = f"{report.source.path} is the same report as {first.source.path}; it is in the issue once"
            findings.append(Finding("issue", message, severity=Severity.WARNING))
    return list(seen.values()), findings


def _week_span(issue: Issue, strict: bool) -> list[Finding]:
    """The issue is the latest report's week; reports of other weeks are worth a warning (or a refusal)."""
    if len(issue.weeks) <= 1:
        return []
    message = (
        f"the reports span {len(issue.weeks)} weeks ({', '.join(issue.weeks)}); "
        f"the issue is {issue.id}, the week of the latest report"
    )
    if strict:
        raise CheckError(f"{message}; --strict refuses an issue of reports from several weeks")
    return [Finding("issue", message, severity=Severity.WARNING)]


def _refuse_control_characters(options: BuildOptions) -> None:
    """The brand and markers go into headings, email subjects and XML: one line each, printable."""
    named = {
        "brand": options.brand,
        "English brand": options.brand_en or "",
        "pending marker": options.pending_marker,
        "review marker": options.review_marker,
    }
    for name, value in named.items():
        if (found := control_character(value)) is not None:
            raise ConfigError(f"the {name} {value!r} contains the control character {found}")


def _require_disclaimers(reports: list[Report], options: BuildOptions) -> None:
    """A briefing for clients must carry the broker's disclaimer."""
    for report in reports:
        if not report.disclaimer and not options.allow_missing_disclaimer:
            raise ExtractError(
                f"no disclaimer found in pages 1-{report.source.pages}; "
                "it is mandatory for anything sent to clients (--allow-missing-disclaimer overrides)",
                file=report.source.path,
            )


def _refuse_blocking(findings: list[Finding]) -> None:
    blocking = [f for f in findings if f.blocks()]
    if blocking:
        more = f" (and {len(blocking) - 1} more)" if len(blocking) > 1 else ""
        raise CheckError(f"{str(blocking[0]).removeprefix('error: ')}{more}; nothing was written")


def _reports_json(issue: Issue) -> str:
    return dumps(
        {"schema": SCHEMA, "issue": issue.id, "reports": [report_to_json(item.report) for item in issue.items]}
    )
