"""`newsletter extract REPORT`: show what the reader found."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from newsletter.figures import extract_figures
from newsletter.readers import read_report
from newsletter.serialize import dumps, report_to_json


def add_parser(subparsers: Any) -> str:
    parser = subparsers.add_parser(
        "extract",
        help="read one report and print its structure",
        description="Read one report (PDF or extracted text) and print its structure: title, analysts, "
        "key points, sections, risk warnings, disclaimer. With --json, the Report as JSON.",
    )
    parser.add_argument("report", type=Path, help="the report (.pdf or .txt)")
    parser.add_argument("--json", action="store_true", help="print the Report as JSON (the same as report.json)")
    return "extract"


def run(args: argparse.Namespace) -> int:
    report = extract_figures(read_report(args.report))
    data = report_to_json(report)
    if args.json:
        print(dumps(data), end="")
        return 0
    print(data["title"])
    print(f"  broker: {data['broker'] or '?'}   date: {data['date'] or '?'}   pages: {report.source.pages}")
    for analyst in report.analysts:
        print(f"  analyst: {analyst.name} {analyst.sac or ''} {analyst.email or ''}".rstrip())
    print(f"  key points: {len(report.key_points)}   contents entries: {len(report.toc)}")
    _print_sections(data["sections"], "  ")
    print(f"  figures: {len(report.figures)}")
    print(f"  risk warnings: {len(report.risks)} paragraphs   disclaimer: {len(report.disclaimer)} paragraphs")
    return 0


def _print_sections(sections: list[dict[str, Any]], indent: str) -> None:
    for section in sections:
        print(f"{indent}{section['heading'] or '(untitled)'}  [{len(section['paragraphs'])} paragraphs]")
        _print_sections(section["sections"], indent + "  ")
