"""`newsletter suppress add|import|list`: the suppression list by hand (unsubscribes by email, phone...)."""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path
from typing import Any

from newsletter.addresses import InvalidAddress, check_address
from newsletter.clock import system_clock
from newsletter.config import add_config_argument, load_config
from newsletter.errors import SendError
from newsletter.send.suppression import Suppressions

MAX_IMPORT_PROBLEMS = 20


def add_parser(subparsers: Any) -> str:
    parser = subparsers.add_parser(
        "suppress",
        help="add to, import into or list the suppression list (addresses `send` never mails)",
        description="The suppression list holds everyone who unsubscribed: through the one-click link "
        "(`newsletter unsubscribe-server`), by hand here, or refused for good with `send --suppress-failed`. "
        "`send` skips them and says how many. Adding an address twice keeps the first record.",
    )
    add_config_argument(parser)
    parser.add_argument(
        "--suppressions", type=Path, metavar="FILE", help="the list (default: [email] suppressions in the settings)"
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add one or more addresses")
    add.add_argument("addresses", nargs="+", metavar="ADDRESS")
    add.add_argument("--issue", default="", help="the issue concerned, if any")
    add.add_argument("--note", default="", help="why (kept with the record)")
    imported = actions.add_parser("import", help="add every address of a CSV with an email column (or one a line)")
    imported.add_argument("file", type=Path, metavar="FILE")
    actions.add_parser("list", help="print the list as CSV: address,issue,reason,detail,recorded")
    return "suppress"


def run(args: argparse.Namespace) -> int:
    path = args.suppressions or load_config(args.config).suppressions
    if args.action == "add":
        addresses = [_checked(address, "") for address in args.addresses]
        return _add(path, [(address, args.issue, "manual", args.note) for address in addresses])
    if args.action == "import":
        return _add(path, [(address, "", "import", str(args.file)) for address in _read_import(args.file)])
    with Suppressions.open(path, system_clock) as entries:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        writer.writerow(("address", "issue", "reason", "detail", "recorded"))
        for entry in entries.entries():
            writer.writerow((entry.address, entry.issue, entry.reason, entry.detail, entry.recorded))
    return 0


def _add(path: Path, rows: list[tuple[str, str, str, str]]) -> int:
    with Suppressions.open(path, system_clock) as entries:
        added = sum(entries.add(*row) for row in rows)
    print(f"{added} added, {len(rows) - added} already on the list: {path}")
    return 0


def _checked(address: str, where: str) -> str:
    try:
        return check_address(address.strip()).addr_spec
    except InvalidAddress as error:
        raise SendError(f"{where}{error}") from error


def _read_import(path: Path) -> list[str]:
    """The `email` column of a CSV with a header, else the first cell of every line; all checked first."""
    try:
        rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    except (OSError, UnicodeDecodeError, csv.Error) as error:
        raise SendError(f"cannot read the addresses: {error}", file=str(path)) from error
    header = [cell.strip().lower() for cell in rows[0]] if rows else []
    column, start = (header.index("email"), 1) if "email" in header else (0, 0)
    found, problems = [], []
    for number, row in enumerate(rows[start:], start=start + 1):
        cell = row[column].strip() if len(row) > column else ""
        if not cell:
            continue
        try:
            found.append(check_address(cell).addr_spec)
        except InvalidAddress as error:
            problems.append(f"line {number}: {error}")
    if problems:
        shown = "; ".join(problems[:MAX_IMPORT_PROBLEMS])
        raise SendError(f"{len(problems)} bad line(s), nothing was added: {shown}", file=str(path))
    return found
