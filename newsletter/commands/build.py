"""`newsletter build REPORT... --out DIR`: make the briefing in every format."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from newsletter.build import BuildOptions, build
from newsletter.clock import system_clock
from newsletter.commands.progress import stderr_progress
from newsletter.translate.review import describe


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
        "--catalog",
        type=Path,
        default=None,
        help="translation catalog (PO file); default translations/en.po (zh.po for English reports), "
        "else translations/ beside the first report",
    )
    parser.add_argument("--templates", type=Path, default=Path("templates"), help="house templates folder")
    parser.add_argument("--brand", default="Newsletter", help="brand name shown in the briefing")
    parser.add_argument("--pending-marker", default="[translation pending]", help="text shown for missing English")
    parser.add_argument(
        "--review-marker", default="[needs review]", help="text shown before English not yet reviewed (fuzzy)"
    )
    parser.add_argument(
        "--strict",
        action="store_true",
        help="refuse to build while any segment's translation is missing or not yet reviewed (for sending)",
    )
    parser.add_argument(
        "--allow-missing-disclaimer", action="store_true", help="build even when a report has no disclaimer"
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    return "build"


def run(args: argparse.Namespace) -> int:
    options = BuildOptions(
        catalog=args.catalog,
        templates=args.templates,
        brand=args.brand,
        pending_marker=args.pending_marker,
        review_marker=args.review_marker,
        allow_missing_disclaimer=args.allow_missing_disclaimer,
        strict=args.strict,
    )
    result = build(args.reports, args.out, options, system_clock, stderr_progress(args.quiet))
    for path in result.files:
        print(path)
    for finding in result.findings:
        print(finding)
    print(result.translation.line())
    for segment in result.translation.unreviewed:
        print(f"  {describe(segment)}")
    return 0
