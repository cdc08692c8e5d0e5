"""Readers: one per input type, each turning a file into a `Report`.

The registry maps a file suffix to a reader function; `read_report` is the
only entry point the rest of the program uses.
"""

from __future__ import annotations

from pathlib import Path

from newsletter.errors import ReadError
from newsletter.model import Report
from newsletter.readers.registry import READERS as _READERS
from newsletter.readers.registry import Reader as Reader
from newsletter.readers.registry import register as register


def supported_suffixes() -> tuple[str, ...]:
    _load_builtin_readers()
    return tuple(sorted(_READERS))


def read_report(path: Path) -> Report:
    """Read any supported input into a `Report`, or raise `ReadError`."""
    _load_builtin_readers()
    if not path.exists():
        raise ReadError("no such file", file=str(path))
    if path.is_dir():
        raise ReadError("is a folder, not a report", file=str(path))
    if not path.is_file():
        # A device or a pipe may never end: reading or hashing it would hang the build.
        raise ReadError("is not a regular file (a device or a pipe?)", file=str(path))
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        known = ", ".join(sorted(_READERS))
        raise ReadError(f"unsupported input type {path.suffix or '(none)'!r}; expected one of {known}", file=str(path))
    return reader(path)


def _load_builtin_readers() -> None:
    # Imported here, not at module top, so a reader's library (pdfplumber)
    # loads only when a report of its type is read.
    from newsletter.readers import pdf, text  # noqa: F401
