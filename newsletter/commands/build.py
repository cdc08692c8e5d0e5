"""`newsletter build REPORT... --out DIR`: make the briefing in every format."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from newsletter.build import BuildOptions, build
from newsletter.clock import system_clock
from newsletter.commands.progress import stderr_progress
from newsletter.config import Config, add_config_argument, load_config

DEFAULT_CATALOG = Path("translations/en.po")


def add_parser(subparsers: Any) -> str:
    parser = subparsers.add_parser(
        "build",
        help="build the bilingual briefing (md, html, txt, docx, report.json)",
        description="Build one bilingual issue from one or more reports into DIR: briefing.md, briefing.html "
        "(email), briefing.txt, briefing.docx and report.json. All files are written, or none. "
        "Risk warnings and the disclaimer are checked verbatim in every output.",
    )
    parser.add_argument("reports", nargs="+", type=Path, metavar="REPORT", help="report files (.pdf or .txt)")
    parser.add_argument("--out", required=True, metavar="DIR", help="output folder; {issue} becomes the issue id")
    parser.add_argument(
        "--catalog", type=Path, default=None, help=f"translation catalog (PO file); default {DEFAULT_CATALOG}"
    )
    parser.add_argument("--templates", type=Path, default=None, help="house templates folder; default templates/")
    parser.add_argument("--brand", default=None, help="brand name shown in the briefing")
    parser.add_argument("--pending-marker", default=None, help="text shown for missing English")
    parser.add_argument("--no-cache", action="store_true", help="ignore the extraction cache")
    add_config_argument(parser)
    parser.add_argument(
        "--allow-missing-disclaimer", action="store_true", help="build even when a report has no disclaimer"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    return "build"


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    options = BuildOptions(
        catalog=args.catalog or _default_catalog(config, args.reports[0]),
        templates=args.templates or config.templates,
        brand=args.brand or config.brand,
        pending_marker=args.pending_marker or config.pending_marker,
        allow_missing_disclaimer=args.allow_missing_disclaimer,
        cache=None if args.no_cache else config.cache,
    )
    result = build(args.reports, args.out, options, system_clock, stderr_progress(args.quiet))
    pending = result.issue.pending()
    for path in result.files:
        print(path)
    for finding in result.findings:
        print(finding)
    if pending:
        print(f"{len(pending)} segments have no English yet (marked {options.pending_marker!r})")
    return 0


def _default_catalog(config: Config, report: Path) -> Path:
    """The configured catalog, else one beside the report (as the example has)."""
    if config.file is not None or config.catalog.exists():
        return config.catalog
    return report.parent / "translations" / "en.po"
