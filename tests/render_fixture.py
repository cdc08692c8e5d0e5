"""The small fixture report (fictional broker Harbor Peak Securities / 海峰证券,
written by us) and the fixed clock the rendering tests build it with."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from newsletter.build import BuildOptions, BuildResult, build
from newsletter.clock import fixed_clock
from newsletter.issue import make_issue
from newsletter.model import Issue, Publisher
from newsletter.readers import read_report
from newsletter.translate.catalog import load_memory

FIXTURES = Path(__file__).resolve().parent / "fixtures"
REPORT = FIXTURES / "harbor_peak_weekly.txt"
CATALOG = FIXTURES / "translations" / "en.po"
GOLDEN = Path(__file__).resolve().parent / "golden"
MOMENT = dt.datetime(2026, 3, 14, 8, 30, tzinfo=dt.UTC)
BRAND = "Harbor Peak Research"
# Who sends the fixture's emails (fictional): the footer shows it.
PUBLISHER = Publisher(
    sender="Harbor Peak Research <research@harborpeak.example>",
    address="Harbor Peak Securities, 88 Harbour Road, Example City",
    web_url="https://harborpeak.example/weekly/{issue}/{edition}.html",
)


GLOSSARY = FIXTURES / "translations" / "glossary.tsv"


def options(templates: Path | None = None) -> BuildOptions:
    return BuildOptions(catalog=CATALOG, templates=templates, brand=BRAND, publisher=PUBLISHER, glossary=GLOSSARY)


def build_fixture(out: Path, templates: Path | None = None) -> BuildResult:
    return build([REPORT], str(out), options(templates), fixed_clock(MOMENT), lambda message: None)


def fixture_issue() -> Issue:
    return make_issue([read_report(REPORT)], load_memory(CATALOG), now=MOMENT, brand=BRAND, publisher=PUBLISHER)


SETTINGS = FIXTURES / "newsletter.toml"


def cli_args(out: Path, *extra: str) -> list[str]:
    """`newsletter build` of the fixture, independent of the working folder's settings and cache."""
    return ["build", str(REPORT), "--config", str(SETTINGS), "--no-cache", "--out", str(out), "-q", *extra]
