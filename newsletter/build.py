"""The build: read -> extract -> translate -> issue -> render -> check -> write."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsletter.cache import cached_read
from newsletter.checks import Checked, Finding, run_checks
from newsletter.clock import Clock
from newsletter.errors import CheckError, ConfigError, ExtractError
from newsletter.figures import extract_figures
from newsletter.issue import make_issue
from newsletter.issue_dir import BUILD_INFO, build_info
from newsletter.model import Issue, Report, target_language
from newsletter.options import BuildOptions as BuildOptions
from newsletter.outputs import write_atomically
from newsletter.readers import read_report
from newsletter.render import render_all
from newsletter.render.templates import make_environment
from newsletter.serialize import SCHEMA, dumps, report_to_json
from newsletter.translate.catalog import Memory, load_memory, resolve_catalog
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
    reports = [_read(path, options.cache, progress) for path in paths]
    _require_disclaimers(reports, options)
    catalog, memory = _memory(reports, options)
    issue, outputs = render_reports(reports, options, clock, progress, memory)
    translation = summarize(issue, memory, catalog)
    if options.strict:
        refuse_unreviewed(translation)
    out_dir = Path(out.replace("{issue}", issue.id))
    outputs["report.json"] = _reports_json(issue).encode()
    outputs[BUILD_INFO] = build_info(issue, paths, options, catalog, out_dir).encode()
    findings = run_checks(Checked(issue, outputs, memory, catalog))
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
        pending_marker=options.pending_marker,
        review_marker=options.review_marker,
        publisher=options.publisher,
    )
    progress(f"rendering issue {issue.id}")
    return issue, render_all(issue, make_environment(options.templates, cache=options.cache), options.languages)


def _memory(reports: list[Report], options: BuildOptions) -> tuple[Path, Memory]:
    """The catalog of the issue's target language: en.po for Chinese reports, zh.po for English ones."""
    target = target_language(reports[0].language if reports else "zh")
    beside = Path(reports[0].source.path) if reports else None
    catalog = resolve_catalog(options.catalog, target, beside)
    return catalog, load_memory(catalog, target)


def _read(path: Path, cache: Path | None, progress: Progress) -> Report:
    progress(f"reading {path}")
    report, hit = cached_read(path, cache, read_report)
    if hit:
        progress(f"  reused the cached extraction of {path.name}")
    return report


def _refuse_control_characters(options: BuildOptions) -> None:
    """The brand and markers go into headings, email subjects and XML: one line each, printable."""
    named = {"brand": options.brand, "pending marker": options.pending_marker, "review marker": options.review_marker}
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
