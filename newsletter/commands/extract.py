"""`newsletter extract REPORT`: show what the reader found."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from newsletter.errors import ReadError
from newsletter.figures import extract_figures
from newsletter.model import Report
from newsletter.readers import read_report
from newsletter.readers.accounting import explain
from newsletter.serialize import dumps, report_to_json


def add_parser(subparsers: Any) -> str:
    parser = subparsers.add_parser(
        "extract",
        help="read one report and print its structure",
        description="Read one report (PDF or extracted text) and print its structure: title, analysts, "
        "key points, sections, risk warnings, disclaimer. With --json, the Report as JSON.",
    )
    parser.add_argument("report", type=Path, help="the report (.pdf or .txt)")
    parser.add_argument(
        "--json",
        action="store_true",
        help="print the Report as JSON (the same as report.json); set_aside lists per page the text kept "
        "out of the report (running heads, page numbers, stamps, sidebar, chart labels, tables, captions, "
        "source lines) and why",
    )
    parser.add_argument(
        "--explain",
        type=int,
        metavar="PAGE",
        help="print each line of page PAGE (of a PDF) with where it went: a field of the report or the kind "
        "of furniture it was set aside as, and why",
    )
    return "extract"


def run(args: argparse.Namespace) -> int:
    report = extract_figures(read_report(args.report))
    if args.explain is not None:
        return _explain(args.report, report, args.explain)
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


def _explain(path: Path, report: Report, page: int) -> int:
    if path.suffix.lower() != ".pdf":
        raise ReadError("--explain reads a page of a PDF; this report is not one", file=str(path))
    from newsletter.readers.pdf import page_lines  # loads pdfplumber only when asked

    lines = page_lines(path, page)
    if not lines:
        raise ReadError(f"the report has no page {page} (it has {report.source.pages})", file=str(path))
    for line, where in explain(report, page, lines):
        print(f"{line[:60]:<60}  ->  {where}")
    return 0
