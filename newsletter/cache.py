"""The extraction cache: a report's `Report` JSON kept under the file's sha256.

Reading a PDF is the slow part of a build; an editor rebuilding after a
template edit should not pay for it again. The key also covers the code that
extracts (a fingerprint of the package's Python sources), so a newer reader
never serves an older reader's result.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from newsletter.hashing import code_fingerprint, sha256_of
from newsletter.model import Report
from newsletter.serialize import dumps, report_from_json, report_to_json

Reader = Callable[[Path], Report]


def cached_read(path: Path, cache_dir: Path | None, read: Reader) -> tuple[Report, bool]:
    """The report at `path`, from the cache when it holds it; (report, hit)."""
    report = cached(path, cache_dir)
    if report is not None:
        return report, True
    report = read(path)
    if cache_dir is not None and path.is_file():
        _store(_entry(path, cache_dir), report)
    return report, False


def cached(path: Path, cache_dir: Path | None) -> Report | None:
    """The cached extraction of `path`, or None (no cache, not cached, damaged entry)."""
    if cache_dir is None or not path.is_file():
        return None
    report = _load(_entry(path, cache_dir))
    # The same bytes may sit at another path than when cached.
    return None if report is None else replace(report, source=replace(report.source, path=str(path)))


def _entry(path: Path, cache_dir: Path) -> Path:
    return cache_dir / f"{sha256_of(path)}-{code_fingerprint()}.json"


def _load(entry: Path) -> Report | None:
    try:
        return report_from_json(json.loads(entry.read_text(encoding="utf-8")))
    except FileNotFoundError:
        return None
    except (OSError, ValueError, KeyError, TypeError):
        # A damaged entry is only a lost shortcut: read the report again.
        return None


def _store(entry: Path, report: Report) -> None:
    """Write atomically, so a concurrent or killed build never leaves half a file."""
    try:
        entry.parent.mkdir(parents=True, exist_ok=True)
        fd, staging = tempfile.mkstemp(prefix=".", suffix=".json", dir=entry.parent)
        with os.fdopen(fd, "w", encoding="utf-8") as stream:
            stream.write(dumps(report_to_json(report)))
        os.replace(staging, entry)
    except OSError:
        pass  # a read-only or full disk costs speed, not the build
