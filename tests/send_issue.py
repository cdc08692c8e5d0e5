"""A real built issue for the send tests: `newsletter build` on our fictional fixture report."""

from __future__ import annotations

import atexit
import datetime as dt
import functools
import shutil
import tempfile
from pathlib import Path

from newsletter.build import BuildOptions, build
from newsletter.clock import fixed_clock

FIXTURES = Path(__file__).parent / "fixtures"
REPORT = FIXTURES / "send_weekly.txt"
CATALOG = FIXTURES / "send_weekly.en.po"
NOW = dt.datetime(2026, 3, 16, 8, 0, tzinfo=dt.UTC)


def make_issue(root: Path) -> Path:
    """A fresh issue folder under `root`: a copy of the issue built once per test session
    (same inputs and clock, so the same bytes a build here would write; a copy costs
    milliseconds, a build about a second, and some forty send tests each want one)."""
    built = _built_once()
    return Path(shutil.copytree(built, root / built.name))


@functools.cache
def _built_once() -> Path:
    folder = Path(tempfile.mkdtemp(prefix="newsletter-send-issue-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    options = BuildOptions(catalog=CATALOG, brand="Harbor Peak Research")
    result = build([REPORT], str(folder / "{issue}"), options, fixed_clock(NOW), lambda message: None)
    return result.out_dir


def write_subscribers(path: Path, count: int, langs: tuple[str, ...] = ("zh", "en", "both")) -> list[str]:
    emails = [f"reader{i:05d}@clients.example" for i in range(count)]
    rows = [f"{email},读者 {i},{langs[i % len(langs)]}" for i, email in enumerate(emails)]
    path.write_text("email,name,lang\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return emails
