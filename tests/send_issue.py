"""A real built issue for the send tests: `newsletter build` on our fictional fixture report."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from newsletter.build import BuildOptions, build
from newsletter.clock import fixed_clock

FIXTURES = Path(__file__).parent / "fixtures"
REPORT = FIXTURES / "send_weekly.txt"
CATALOG = FIXTURES / "send_weekly.en.po"
NOW = dt.datetime(2026, 3, 16, 8, 0, tzinfo=dt.UTC)


def make_issue(root: Path) -> Path:
    options = BuildOptions(catalog=CATALOG, brand="Harbor Peak Research")
    result = build([REPORT], str(root / "{issue}"), options, fixed_clock(NOW), lambda message: None)
    return result.out_dir


def write_subscribers(path: Path, count: int, langs: tuple[str, ...] = ("zh", "en", "both")) -> list[str]:
    emails = [f"reader{i:05d}@clients.example" for i in range(count)]
    rows = [f"{email},读者 {i},{langs[i % len(langs)]}" for i, email in enumerate(emails)]
    path.write_text("email,name,lang\n" + "\n".join(rows) + "\n", encoding="utf-8")
    return emails
