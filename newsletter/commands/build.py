"""`newsletter build REPORT... --out DIR`: make the briefing in every format."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from newsletter.build import BuildOptions, build
from newsletter.clock import system_clock
from newsletter.commands.progress import stderr_progress
from newsletter.config import Config, add_config_argument, load_config
from newsletter.model import DEPTHS, ORDERS
from newsletter.translate.glossary import DEFAULT_GLOSSARY
from newsletter.translate.review import TranslationSummary, describe


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
    parser.add_argument("--templates", type=Path, default=None, help="house templates folder; default templates/")
    parser.add_argument("--brand", default=None, help="brand name shown in the briefing")
    parser.add_argument("--pending-marker", default=None, help="text shown for missing English")
    parser.add_argument("--no-cache", action="store_true", help="ignore the extraction cache")
    add_config_argument(parser)
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
    parser.add_argument(
        "--depth",
        choices=DEPTHS,
        default=None,
        help="show each report as a card (digest) or in full in every output, for this build; "
        "default: [briefing] email_depth, markdown_depth, docx_depth in newsletter.toml (email card, others full)",
    )
    parser.add_argument(
        "--order",
        choices=ORDERS,
        default=None,
        help="order of the reports: by date (newest first), by broker, or as given; default: [briefing] order (date)",
    )
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress output")
    return "build"


def run(args: argparse.Namespace) -> int:
    config = load_config(args.config)
    options = BuildOptions(
        catalog=args.catalog or _configured_catalog(config),
        templates=args.templates or config.templates,
        brand=args.brand or config.brand,
        brand_en=None if args.brand else config.brand_en,  # --brand names every edition
        pending_marker=args.pending_marker or config.pending_marker,
        review_marker=args.review_marker,
        allow_missing_disclaimer=args.allow_missing_disclaimer,
        cache=None if args.no_cache else config.cache,
        strict=args.strict,
        order=args.order or config.order,
        depths=config.depths(args.depth),
        glossary=config.root / DEFAULT_GLOSSARY,
        languages=config.languages,
        publisher=config.publisher(),
    )
    result = build(args.reports, args.out, options, system_clock, stderr_progress(args.quiet))
    for path in result.files:
        print(path)
    for finding in result.findings:
        print(finding)
    _print_translation(result.translation)
    return 0


def _print_translation(summary: TranslationSummary, shown: int = 20) -> None:
    """The counts, then the segments still to translate or review (the first few)."""
    print(summary.line())
    for segment in summary.unreviewed[:shown]:
        print(f"  {describe(segment)}")
    if len(summary.unreviewed) > shown:
        print(f"  ... and {len(summary.unreviewed) - shown} more (newsletter translate status)")


def _configured_catalog(config: Config) -> Path | None:
    """The configured catalog; None lets the build pick translations/ beside the first report."""
    if config.file is not None or config.catalog.exists():
        return config.catalog
    return None
