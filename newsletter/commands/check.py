"""`newsletter check ISSUE_DIR`: the preflight before sending."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from newsletter.checks import Checked, Phase, run_checks
from newsletter.issue_dir import load_built_issue

BLOCKS_EXIT = 1


def add_parser(subparsers: Any) -> str:
    parser = subparsers.add_parser(
        "check",
        help="preflight a built issue before sending; non-zero exit if anything blocks",
        description="Check a folder written by `newsletter build` before it goes to clients: risk warnings and "
        "disclaimer verbatim in every output, figures unchanged in English, every translation reviewed, "
        "the email under Gmail's clipping size, links well-formed, no unrendered template syntax, and the "
        "DOCX readable. Prints one line per finding; exits 1 when any finding blocks sending.",
    )
    parser.add_argument("issue_dir", type=Path, metavar="ISSUE_DIR", help="the issue folder (build --out)")
    parser.add_argument("--catalog", type=Path, default=None, help="translation catalog; default: the build's")
    return "check"


def run(args: argparse.Namespace) -> int:
    built = load_built_issue(args.issue_dir)
    catalog = args.catalog or built.catalog
    memory = built.memory(catalog)
    checked = Checked(built.issue(memory), built.outputs(), memory, catalog, built.info.get("catalog_sha256"))
    findings = run_checks(checked, Phase.PREFLIGHT)
    for finding in findings:
        print(finding.line(sending=True))
    blocking = sum(finding.blocks(sending=True) for finding in findings)
    if blocking:
        print(f"{args.issue_dir}: NOT ready to send: {blocking} blocking finding(s)")
        return BLOCKS_EXIT
    print(f"{args.issue_dir}: ready to send ({len(findings)} warning(s))")
    return 0
