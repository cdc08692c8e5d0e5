"""Every real report in the shared corpus: generic properties, no per-file tuning.

The corpus (../shared/corpus/reports, described by MANIFEST.tsv) holds 20
brokerage PDFs from 15 houses. The reader is not tuned to them: these tests
assert what must hold for any report, using the manifest only for facts
(is it scanned, does it have a risk section, its printed title).
"""

from __future__ import annotations

import csv
import difflib
import re
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path

import pytest

from newsletter.cli import main
from newsletter.model import Paragraph, Report, Section
from newsletter.readers import read_report
from newsletter.readers.compliance import RISK_MARKERS
from newsletter.readers.names import is_personal_name
from newsletter.readers.structure import starts_with_marker
from tests.conftest import REPORTS

pytestmark = pytest.mark.shared


def _manifest() -> list[dict[str, str]]:
    path = REPORTS / "MANIFEST.tsv"
    if not path.is_file():
        return []
    with path.open(encoding="utf-8", newline="") as stream:
        return list(csv.DictReader(stream, delimiter="\t"))


def _scanned(row: dict[str, str]) -> bool:
    """The notes column records `scanned=y` for a report with no text layer."""
    return "scanned=y" in row["notes"]


ROWS = _manifest()
TEXT_ROWS = [row for row in ROWS if not _scanned(row)]
# The manifest notes a disclaimer page drawn as outlines (no text layer).


def _ids(rows: list[dict[str, str]]) -> list[str]:
    return [row["file"] for row in rows]


@cache
def _read(name: str) -> Report:
    return read_report(REPORTS / name)


def _sections(sections: tuple[Section, ...]) -> Iterator[Section]:
    for section in sections:
        yield section
        yield from _sections(section.sections)


def _paragraphs(report: Report) -> list[Paragraph]:
    body = [p for s in _sections(report.sections) for p in s.paragraphs]
    return body + list(report.risks) + list(report.disclaimer)


def _squash(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).casefold()


@pytest.mark.parametrize("row", TEXT_ROWS, ids=_ids(TEXT_ROWS))
def test_title_is_the_reports_title(row: dict[str, str], reports_dir: Path) -> None:
    title = _read(row["file"]).title
    assert title.strip()
    assert "[" not in title and "Table_" not in title, "a template tag leaked into the title"
    assert not re.fullmatch(r"[\d\s年月日./:-]+", title), "a date is not a title"
    # The manifest records the printed title (with the date and notes after
    # it): ours must come from it, and be most of its headline, not a fragment.
    printed = _squash(re.sub(r"\s*20\d\d-\d\d-\d\d.*$", "", row["title"]))
    matcher = difflib.SequenceMatcher(None, _squash(title), printed, autojunk=False)
    shared = sum(block.size for block in matcher.get_matching_blocks())
    assert shared >= 0.95 * len(_squash(title)), (title, row["title"])
    assert shared >= 0.4 * len(printed), (title, row["title"])


@pytest.mark.parametrize("row", [r for r in TEXT_ROWS if r["broker"].endswith("证券")], ids=lambda r: r["file"])
def test_broker_is_the_firm_that_signs_the_report(row: dict[str, str], reports_dir: Path) -> None:
    report = _read(row["file"])
    if report.disclaimer or report.broker:
        assert report.broker == row["broker"]


@pytest.mark.parametrize("row", [r for r in TEXT_ROWS if r["has_risk_section"] == "y"], ids=lambda r: r["file"])
def test_risk_warnings_are_found(row: dict[str, str], reports_dir: Path) -> None:
    report = _read(row["file"])
    # A house may title its risks and disclaimer together (风险提示及免责条款).
    combined = bool(report.disclaimer) and starts_with_marker(report.disclaimer[0].text, RISK_MARKERS)
    assert report.risks or combined


@pytest.mark.parametrize("row", TEXT_ROWS, ids=_ids(TEXT_ROWS))
def test_the_disclaimer_is_found(row: dict[str, str], reports_dir: Path) -> None:
    """Every text-layer report's disclaimer, cmschina's too: its manifest note says the last page has
    no text layer, but poppler reads it and so do we (a content stream whose /Length overstates it);
    the refusal of a report without one is tested on a generated PDF (test_pdf_compliance.py)."""
    report = _read(row["file"])
    assert len(report.disclaimer) >= 2, "the disclaimer heading and its text"


@pytest.mark.parametrize("row", TEXT_ROWS, ids=_ids(TEXT_ROWS))
def test_no_page_furniture_in_the_text(row: dict[str, str], reports_dir: Path) -> None:
    """Running heads, page numbers and stamps repeat from page to page; the
    report's own paragraphs do not."""
    report = _read(row["file"])
    body = [p for s in _sections(report.sections) for p in s.paragraphs] + list(report.risks)
    repeated = Counter(re.sub(r"\d+", "#", p.text) for p in body if len(p.text) <= 40)
    pages = report.source.pages
    furniture = [text for text, count in repeated.items() if pages >= 4 and count >= max(3, pages // 2)]
    assert not furniture
    assert not [p.text for p in body if re.fullmatch(r"[-–—\s]*\d{1,3}(\s*/\s*\d{1,3})?[-–—\s]*", p.text)]


@pytest.mark.parametrize("row", TEXT_ROWS, ids=_ids(TEXT_ROWS))
def test_every_paragraph_and_heading_has_its_page(row: dict[str, str], reports_dir: Path) -> None:
    report = _read(row["file"])
    pages = range(1, report.source.pages + 1)
    assert all(p.page in pages for p in _paragraphs(report))
    assert all(s.page in pages for s in _sections(report.sections))


@pytest.mark.parametrize("row", [r for r in ROWS if _scanned(r)], ids=lambda r: r["file"])
def test_scanned_report_is_refused_as_needing_ocr(
    row: dict[str, str], reports_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", str(reports_dir / row["file"])]) == 2
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and "needs OCR" in error[0]


CHINESE_ROWS = [row for row in TEXT_ROWS if re.search(r"[\u4e00-\u9fff]", row["broker"].split("(")[0])]
MANIFEST_DATE = re.compile(r"(20\d{2})-(\d{2})-(\d{2})")


@pytest.mark.parametrize("row", TEXT_ROWS, ids=_ids(TEXT_ROWS))
def test_analysts_are_people_with_their_own_sac_numbers(row: dict[str, str], reports_dir: Path) -> None:
    analysts = _read(row["file"]).analysts
    assert all(is_personal_name(a.name) for a in analysts if a.name), [a.name for a in analysts]
    # Each SAC number once; research assistants and 联系人 have none.
    numbered = [a.sac for a in analysts if a.sac]
    assert len(set(numbered)) == len(numbered)
    assert all(a.name for a in analysts if not a.sac), "a person without a SAC number is kept by name only"


def test_most_chinese_reports_name_their_analysts(reports_dir: Path) -> None:
    named = [row["file"] for row in CHINESE_ROWS if any(a.name for a in _read(row["file"]).analysts)]
    assert len(named) >= 0.8 * len(CHINESE_ROWS), named


@pytest.mark.parametrize("row", TEXT_ROWS, ids=_ids(TEXT_ROWS))
def test_key_points_come_from_the_first_pages(row: dict[str, str], reports_dir: Path) -> None:
    assert all(k.page is not None and k.page <= 2 and k.text.strip() for k in _read(row["file"]).key_points)


def test_most_chinese_reports_have_key_points(reports_dir: Path) -> None:
    with_points = [row["file"] for row in CHINESE_ROWS if _read(row["file"]).key_points]
    assert len(with_points) >= 0.8 * len(CHINESE_ROWS), with_points


@pytest.mark.parametrize("row", TEXT_ROWS, ids=_ids(TEXT_ROWS))
def test_date_is_the_reports_date_or_none(row: dict[str, str], reports_dir: Path) -> None:
    found = _read(row["file"]).date
    printed = MANIFEST_DATE.search(row["title"])
    if found is not None:
        assert printed and found.isoformat() == printed.group(0)


def test_most_reports_have_their_date(reports_dir: Path) -> None:
    dated = [row for row in TEXT_ROWS if MANIFEST_DATE.search(row["title"])]
    found = [row["file"] for row in dated if _read(row["file"]).date is not None]
    assert len(found) >= 0.7 * len(dated), found


@pytest.mark.parametrize("row", TEXT_ROWS, ids=_ids(TEXT_ROWS))
def test_broker_is_sensible(row: dict[str, str], reports_dir: Path) -> None:
    """Any firm we name is the manifest's (a short or long form of it); a
    report whose disclaimer we read names one."""
    report = _read(row["file"])
    expected = _squash(row["broker"].split("(")[0])
    if report.broker is not None:
        found = _squash(report.broker)
        assert found in expected or expected in found, (report.broker, row["broker"])
    assert report.broker or not report.disclaimer


@pytest.mark.parametrize("row", TEXT_ROWS, ids=_ids(TEXT_ROWS))
def test_tables_are_rows_on_their_pages(row: dict[str, str], reports_dir: Path) -> None:
    report = _read(row["file"])
    for table in report.tables:
        assert table.page in range(1, report.source.pages + 1)
        assert len(table.rows) >= 2 and all(len(cells) >= 2 and all(cells) for cells in table.rows)
