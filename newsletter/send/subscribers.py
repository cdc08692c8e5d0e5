"""The subscriber list: a CSV file with the columns email,name,lang.

Every row is checked before anything is sent, and all bad rows are reported
at once with their line numbers, so one fix-and-rerun cleans the file.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from newsletter.errors import SendError

LANGUAGES = ("zh", "en", "both")
COLUMNS = ("email", "name", "lang")
# Deliberately simple: ASCII (no SMTPUTF8), one @, a dotted domain. The server has the last word.
EMAIL_RE = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+$")


@dataclass(frozen=True)
class Subscriber:
    email: str
    name: str
    lang: str
    line: int


def load_subscribers(path: Path) -> list[Subscriber]:
    rows = _read_rows(path)
    subscribers: list[Subscriber] = []
    problems: list[str] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        problem = _row_problem(row, seen)
        if problem:
            problems.append(f"line {line}: {problem}")
            continue
        seen[row["email"].strip().lower()] = line
        subscribers.append(Subscriber(row["email"].strip(), row["name"].strip(), row["lang"].strip().lower(), line))
    _refuse(path, problems)
    if not subscribers:
        raise SendError("no subscribers in the file", file=str(path))
    return subscribers


def _read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    try:
        with path.open(encoding="utf-8-sig", newline="") as stream:
            reader = csv.DictReader(stream)
            _check_header(path, reader.fieldnames)
            return [(reader.line_num, _clean(row)) for row in reader]
    except OSError as error:
        raise SendError(f"cannot read the subscribers: {error.strerror}", file=str(path)) from error
    except (UnicodeDecodeError, csv.Error) as error:
        raise SendError(f"not a UTF-8 CSV file: {error}", file=str(path)) from error


def _check_header(path: Path, fieldnames: Sequence[str] | None) -> None:
    found = [name.strip().lower() for name in fieldnames or []]
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


def _row_problem(row: dict[str, str], seen: dict[str, int]) -> str | None:
    email = (row.get("email") or "").strip()
    lang = (row.get("lang") or "").strip().lower()
    if "__extra__" in row:
        return "more cells than columns"
    if not EMAIL_RE.match(email):
        return f"invalid email address {email!r}"
    if email.lower() in seen:
        return f"{email} is already on line {seen[email.lower()]}"
    if lang not in LANGUAGES:
        return f"lang must be one of {', '.join(LANGUAGES)}, not {lang!r}"
    return None


def _refuse(path: Path, problems: list[str]) -> None:
    if not problems:
        return
    noun = "row" if len(problems) == 1 else "rows"
    raise SendError(f"{len(problems)} bad {noun}, nothing was sent: {'; '.join(problems)}", file=str(path))
