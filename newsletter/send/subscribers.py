"""The subscriber list: a CSV file with the columns email,name,lang.

Every row is checked before anything is sent, and all bad rows are reported
at once with their line numbers, so one fix-and-rerun cleans the file.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from newsletter.addresses import InvalidAddress, Mailbox, check_address, has_control
from newsletter.errors import SendError

LANGUAGES = ("zh", "en", "both")
COLUMNS = ("email", "name", "lang")
MAX_NAME = 200  # characters; a name is only ever a greeting and a To header
SHOWN_PROBLEMS = 20  # bad rows named in the one error line; the rest are counted


@dataclass(frozen=True)
class Subscriber:
    email: str
    name: str
    lang: str
    line: int
    needs_smtputf8: bool = False  # the address has a non-ASCII local part (RFC 6531)
    envelope: str = ""  # the address for MAIL/RCPT (punycode domain); the email when empty

    @property
    def rcpt(self) -> str:
        return self.envelope or self.email


def load_subscribers(path: Path) -> list[Subscriber]:
    subscribers: list[Subscriber] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for line, row in _read_rows(path):
        problem = _row_problem(row, seen)
        if isinstance(problem, str):
            problems.append(f"line {line}: {problem}")
            continue
        seen[row["email"].strip().lower()] = line
        name, lang = row["name"].strip(), row["lang"].strip().lower()
        subscribers.append(Subscriber(problem.addr_spec, name, lang, line, problem.needs_smtputf8, problem.envelope))
    _refuse(path, problems)
    if not subscribers:
        raise SendError("no subscribers in the file", file=str(path))
    return subscribers


def _read_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows one at a time: a list of 100,000 is read in constant memory besides what is kept."""
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.DictReader(stream)
            _check_header(path, reader.fieldnames)
            ended = reader.line_num
            for row in reader:  # a quoted cell may span lines: a row is named by its first line
                yield ended + 1, _clean(row)
                ended = reader.line_num
    except OSError as error:
        raise SendError(f"cannot read the subscribers: {error.strerror}", file=str(path)) from error
    except (UnicodeDecodeError, csv.Error) as error:
        raise SendError(f"not a UTF-8 CSV file: {error}", file=str(path)) from error


def _check_header(path: Path, fieldnames: Sequence[str] | None) -> None:
    found = [name.strip().lower() for name in fieldnames or []]
    if len(found) == 1 and ";" in found[0]:
        raise SendError(
            "line 1: the file is separated by semicolons, not commas; save it as comma-separated CSV "
            f"with the columns {','.join(COLUMNS)}",
            file=str(path),
        )
    twice = sorted({name for name in found if name and found.count(name) > 1})
    if twice:
        raise SendError(f"line 1: the header names {', '.join(twice)} more than once", file=str(path))
    missing = [column for column in COLUMNS if column not in found]
    if missing:
        raise SendError(
            f"line 1: the header must name the columns {','.join(COLUMNS)} (missing: {', '.join(missing)})",
            file=str(path),
        )


def _clean(row: dict[str | None, object]) -> dict[str, str]:
    """Header names are matched case-insensitively; extra cells show up under None."""
    cleaned = {str(key).strip().lower(): value if isinstance(value, str) else "" for key, value in row.items() if key}
    if row.get(None):
        cleaned["__extra__"] = "x"
    return cleaned


def _row_problem(row: dict[str, str], seen: dict[str, int]) -> str | Mailbox:
    """What is wrong with the row, or its checked address."""
    email = (row.get("email") or "").strip()
    name = row.get("name") or ""
    lang = (row.get("lang") or "").strip().lower()
    if "__extra__" in row:
        return "more cells than columns"
    try:
        mailbox = check_address(email)
    except InvalidAddress as error:
        return str(error)
    if email.lower() in seen:
        return f"{email} is already on line {seen[email.lower()]}"
    if has_control(name):  # a line break in a name would write headers (Subject, Reply-To...) of its own
        return f"the name of {email} holds control characters (line breaks, tabs...): {name!r}"
    if len(name) > MAX_NAME:
        return f"the name of {email} is longer than {MAX_NAME} characters"
    if lang not in LANGUAGES:
        return f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}"
    return mailbox


def _refuse(path: Path, problems: list[str]) -> None:
    if not problems:
        return
    noun = "row" if len(problems) == 1 else "rows"
    shown = "; ".join(problems[:SHOWN_PROBLEMS])
    more = f"; and {len(problems) - SHOWN_PROBLEMS} more" if len(problems) > SHOWN_PROBLEMS else ""
    raise SendError(f"{len(problems)} bad {noun}, nothing was sent: {shown}{more}", file=str(path))
