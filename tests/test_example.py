"""The example report (examples/): its text, its PDF, its script and its catalog agree."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from newsletter.cli import main
from newsletter.figures import extract_figures
from newsletter.issue import make_issue
from newsletter.readers import read_report
from newsletter.translate.catalog import load_memory
from tests.seedspec import as_spec

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES = ROOT / "examples"
TEXT = EXAMPLES / "weekly_report.txt"
PDF = EXAMPLES / "weekly_report.pdf"
SCRIPT = EXAMPLES / "make_example_pdf.py"
CATALOG = EXAMPLES / "translations" / "en.po"
NOW = dt.datetime(2026, 5, 25, 8, 0, tzinfo=dt.UTC)
STRUCTURE = ("title", "analysts", "keypoints", "toc", "sections", "risks", "disclaimer")


@pytest.fixture(scope="module")
def text_spec() -> dict[str, Any]:
    return as_spec(read_report(TEXT))


def test_text_has_the_anatomy_of_a_brokerage_weekly(text_spec: dict[str, Any]) -> None:
    assert text_spec["title"] == "算力资本开支持续加码，储能需求步入旺季"
    assert (text_spec["broker"], text_spec["date"]) == ("海峰证券", "2026-05-24")
    assert [a["name"] for a in text_spec["analysts"]] == ["林致远", "周若溪", "唐一鸣"]
    for analyst in text_spec["analysts"]:
        assert re.fullmatch(r"S\d{13}", analyst["sac"])
        assert analyst["email"].endswith("@hpsec.example.com")
    assert [k["heading"] for k in text_spec["keypoints"]] == ["算力基础设施", "新能源与储能", "本周观点"]
    assert [s["heading"] for s in text_spec["sections"]] == ["一、算力基础设施", "二、新能源与储能", "三、本周观点"]
    assert [len(s["subsections"]) for s in text_spec["sections"]] == [3, 3, 1]
    assert all(len(sub["paragraphs"]) >= 2 for s in text_spec["sections"] for sub in s["subsections"])
    assert len(text_spec["toc"]) == 10
    assert 3 <= len(text_spec["risks"]) <= 5
    assert text_spec["disclaimer"][0] == "特别声明："
    assert 6 <= len(text_spec["disclaimer"]) - 1 <= 9


def test_pdf_extracts_to_the_same_structure_as_the_text(text_spec: dict[str, Any]) -> None:
    pdf_spec = as_spec(read_report(PDF))
    assert {key: pdf_spec[key] for key in STRUCTURE} == {key: text_spec[key] for key in STRUCTURE}


def test_pdf_has_the_title_contents_and_date_of_the_text(text_spec: dict[str, Any]) -> None:
    report = read_report(PDF)
    assert report.source.pages == 6
    assert report.title == text_spec["title"]
    assert [[t.title, t.page] for t in report.toc] == text_spec["toc"]
    assert report.date == dt.date(2026, 5, 24)


def test_pdf_has_one_chart_and_one_forecast_table() -> None:
    report = read_report(PDF)
    assert [(chart.caption, chart.page) for chart in report.charts] == [
        ("图表 1：2026 年 1-4 月国内储能系统招标规模（GWh）", 4)
    ]
    assert report.charts[0].png.startswith(b"\x89PNG") and report.charts[0].width > report.charts[0].height
    assert [(table.page, table.rows[0], [row[0] for row in table.rows[1:]]) for table in report.tables] == [
        (4, ("单位：亿元", "2025A", "2026E", "2027E"), ["营业收入", "净利润", "EPS（元）", "PE（倍）"])
    ]
    assert report.tables[0].rows[1] == ("营业收入", "118.6", "226.4", "301.5")


def test_script_reproduces_the_committed_pdf(tmp_path: Path) -> None:
    out = tmp_path / "weekly_report.pdf"
    done = subprocess.run([sys.executable, str(SCRIPT), "--out", str(out)], capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stdout + done.stderr
    fresh, committed = _extracted(out), _extracted(PDF)
    assert fresh == committed


def test_script_refuses_a_contents_page_that_the_layout_contradicts(tmp_path: Path) -> None:
    source = tmp_path / "report.txt"
    source.write_text(TEXT.read_text(encoding="utf-8").replace("三、本周观点\t5", "三、本周观点\t9"), encoding="utf-8")
    done = subprocess.run(
        [sys.executable, str(SCRIPT), "--source", str(source), "--out", str(tmp_path / "x.pdf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 1
    assert "三、本周观点: the contents say page 9, the PDF has it on page 5" in done.stdout


# The PDF has one segment more than the text: the caption of its chart (图表 1),
# which the script draws and the text file does not hold.
@pytest.mark.parametrize(("report", "count"), [(TEXT, 63), (PDF, 64)], ids=["text", "pdf"])
def test_catalog_translates_every_segment_of_the_example(report: Path, count: int) -> None:
    issue = make_issue([extract_figures(read_report(report))], load_memory(CATALOG), now=NOW)
    segments = issue.segments()
    assert len(segments) == count  # 55 of the text, 8 key-figure labels (and the PDF's chart caption)
    assert [seg.source for seg in issue.pending()] == []
    assert all(seg.state == "approved" for seg in segments)


def test_catalog_has_no_entries_the_example_does_not_use() -> None:
    issue = make_issue([extract_figures(read_report(PDF))], load_memory(CATALOG), now=NOW)
    used = {(seg.context, seg.source) for seg in issue.segments()}
    catalog = load_memory(CATALOG).catalog
    entries = {(message.context, message.id) for message in catalog if message.id}
    assert entries == used


def test_english_keeps_the_value_of_every_figure() -> None:
    catalog = load_memory(CATALOG).catalog
    wrong = [
        (message.id, message.string)
        for message in catalog
        if message.id and _values(str(message.id), CHINESE) != _values(str(message.string), ENGLISH)
    ]
    assert wrong == []


def test_build_writes_the_example_issue_into_its_week(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # What `make newsletter` runs; the catalog beside the report is found by default.
    assert main(["build", str(PDF), "--out", str(tmp_path / "{issue}"), "-q"]) == 0
    out = tmp_path / "2026-W21"
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))["reports"][0]
    assert report["title"] == "算力资本开支持续加码，储能需求步入旺季"
    assert "no English yet" not in capsys.readouterr().out
    assert "Compute capital spending keeps rising" in (out / "briefing.md").read_text(encoding="utf-8")
    assert [path.name for path in (out / "charts").glob("*.png")] == ["1-1.png"]
    assert 'src="charts/1-1.png"' in (out / "editions" / "both.html").read_text(encoding="utf-8")
    with zipfile.ZipFile(out / "briefing.docx") as docx:
        body = docx.read("word/document.xml").decode("utf-8")
        pictures = [docx.read(name) for name in docx.namelist() if name.startswith("word/media/")]
    assert pictures == [(out / "charts" / "1-1.png").read_bytes()]
    tables = re.findall(r"<w:tbl>.*?</w:tbl>", body, re.DOTALL)
    forecast = [table for table in tables if "<w:t>118.6</w:t>" in table and "<w:t>PE（倍）</w:t>" in table]
    assert len(forecast) == 1 and forecast[0].count("<w:tr>") + forecast[0].count("<w:tr ") == 5


# Numbers with their scale: 1460 亿美元 is 146 000 000 000, as is US$146 billion.
# Month numbers are left out: 1-4 月 is "January-April" in English.
CHINESE = (re.compile(r"(?>(\d+(?:\.\d+)?)(?:\s*-\s*(\d+(?:\.\d+)?))?)\s*(万|亿)?(?!\s*月)"), {"万": 1e4, "亿": 1e8})
ENGLISH = (
    re.compile(r"(\d[\d,]*(?:\.\d+)?)(?:\s*-\s*(\d[\d,]*(?:\.\d+)?))?\s*(thousand|million|billion)?"),
    {"thousand": 1e3, "million": 1e6, "billion": 1e9},
)


def _values(text: str, language: tuple[re.Pattern[str], dict[str, float]]) -> Counter[float]:
    pattern, scales = language
    found: Counter[float] = Counter()
    for match in pattern.finditer(text):
        scale = scales.get(match[3] or "", 1.0)
        for number in (match[1], match[2]):
            if number:
                found[float(f"{float(number.replace(',', '')) * scale:.6g}")] += 1
    return found


def _extracted(pdf: Path) -> dict[str, Any]:
    spec = as_spec(read_report(pdf))
    return {key: spec[key] for key in ("date", *STRUCTURE)}
