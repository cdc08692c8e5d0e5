"""The weekly briefing (issue #12): an issue of several reports as cards and in full,
names in English, subject and preheader, tables, the week check, reading in
processes, and the three-report issue's goldens in every format.

The reports are ours and fictional: Harbor Peak Securities (海峰证券, two
reports) and Lakeview Securities (澄湖证券, a company report).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import io
import json
import subprocess
import sys
from pathlib import Path

import docx
import pytest

from newsletter.build import build, read_all
from newsletter.clock import fixed_clock
from newsletter.errors import CheckError
from newsletter.issue import make_issue
from newsletter.issue.names import broker_english, person_english
from newsletter.model import Depths, KeyPoint, Publisher, Table
from newsletter.options import BuildOptions
from newsletter.readers import read_report
from newsletter.render import read_back, render_all
from newsletter.render.docx import style_report
from newsletter.render.templates import make_environment
from newsletter.translate.catalog import load_memory
from tests.render_fixture import BRAND, CATALOG, GLOSSARY, GOLDEN, MOMENT, REPORT

DATA = Path(__file__).resolve().parent / "data"
LAKEVIEW = DATA / "lakeview_company.txt"  # 澄湖证券, 2026-03-11
UNDATED = DATA / "harbor_weekly_zh.txt"  # 海峰证券, no date
THREE = [UNDATED, LAKEVIEW, REPORT]  # as given; by date: REPORT (03-13), LAKEVIEW (03-11), UNDATED
FORECAST = Table(
    (
        ("指标", "2025A", "2026E", "2027E"),
        ("营业收入（亿元）", "152.3", "210.8", "268.1"),
        ("净利润（亿元）", "31.6", "45.2", "58.9"),
        ("EPS（元）", "3.12", "4.46", "5.81"),
        ("PE（倍）", "35.2", "24.6", "18.9"),
    ),
    page=1,
)


def options(**changes: object) -> BuildOptions:
    return dataclasses.replace(BuildOptions(catalog=CATALOG, brand=BRAND, glossary=GLOSSARY), **changes)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def three(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("three") / "issue"
    build(THREE, str(out), options(), fixed_clock(MOMENT), lambda message: None)
    return out


# --- goldens: the three-report issue in every format --------------------------------

GOLDEN_FILES = ["briefing.md", "briefing.txt", "editions/zh.txt", "editions/en.txt", "briefing.docx", "briefing.html"]


def as_text(name: str, data: bytes) -> bytes:
    """Markdown and text as written; the DOCX as its styled paragraphs and table cells, the email as a reader
    sees it (its styles belong to the email's look, tested on their own)."""
    if name.endswith(".docx"):
        document = docx.Document(io.BytesIO(data))
        lines = [f"{style}\t{text}" for style, text in style_report(data)]
        lines += [f"table\t{' | '.join(cell.text for cell in row.cells)}" for t in document.tables for row in t.rows]
        return ("\n".join(lines) + "\n").encode()
    if name.endswith(".html"):
        return ("\n".join(read_back(name, data) or []) + "\n").encode()
    return data


@pytest.mark.parametrize("name", GOLDEN_FILES)
def test_three_report_issue_matches_golden(three: Path, name: str, update_goldens: bool) -> None:
    produced = as_text(name, (three / name).read_bytes())
    golden = GOLDEN / "three" / (name.replace("/", "_") + (".txt" if not name.endswith((".md", ".txt")) else ""))
    if update_goldens:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(produced)
    assert golden.exists(), f"no golden file {golden}; run pytest --update-goldens"
    assert produced == golden.read_bytes(), f"{name} differs from {golden}; if intended, pytest --update-goldens"


# --- the structure of an issue ------------------------------------------------------------


def test_contents_cards_risks_after_each_card_and_each_disclaimer_once_at_the_end(three: Path) -> None:
    text = (three / "editions" / "zh.txt").read_text(encoding="utf-8")
    titles = [read_report(path).title for path in (REPORT, LAKEVIEW, UNDATED)]  # newest first
    contents = text.index("本期内容")
    cards = [text.index(f"{number}. {title}\n=") for number, title in enumerate(titles, 1)]
    assert contents < cards[0] < cards[1] < cards[2]  # by date, newest first; the undated report last
    closing = text.index("免责声明\n====")
    ends = [*cards[1:], closing]
    for path, start, end in zip((REPORT, LAKEVIEW, UNDATED), cards, ends, strict=True):
        for risk in read_report(path).risks:
            assert start < text.index(risk.text) < end, risk.text  # each report's risks after its own card
    for path in THREE:
        for paragraph in read_report(path).disclaimer:
            if paragraph.text != "特别声明":  # the heading word several brokers share
                assert text.count(paragraph.text) == 1 and text.index(paragraph.text) > closing
    assert "（二）价格走势" not in text  # a card: the sections' headings on one line, not their text


def test_the_full_depth_has_the_sections_and_the_word_file_a_page_break_before_each_report(three: Path) -> None:
    markdown = (three / "briefing.md").read_text(encoding="utf-8")
    assert "#### （二）价格走势" in markdown
    document = docx.Document(io.BytesIO((three / "briefing.docx").read_bytes()))
    breaks = document.element.body.xml.count('w:type="page"')
    assert breaks == 3  # before the second and third report, and before the closing section


def test_subject_and_preheader_speak_for_the_whole_issue(three: Path) -> None:
    meta = json.loads((three / "editions" / "meta.json").read_text(encoding="utf-8"))
    for edition in meta.values():
        assert len(edition["subject"]) <= 80 and BRAND not in edition["subject"]
        assert edition["preheader"].endswith(("。", ".", "…")) and len(edition["preheader"]) <= 140
    assert meta["zh"]["subject"] == "2026-W11：港口储能行业周报 订单回暖 价格企稳 等 2 篇"
    assert meta["zh"]["subject"].count("周报") == 1
    assert meta["en"]["subject"] == "2026-W11: Port Energy Storage Weekly: Orders Recover, Prices Steady and 2 more"
    assert meta["zh"]["preheader"].startswith("本周港口储能招标规模达 1.2 GWh")


def test_a_long_title_is_shortened_and_chinese_says_weekly_once() -> None:
    report = read_report(LAKEVIEW)
    long = dataclasses.replace(report, title="澄湖证券行业周报：" + "算力与储能" * 20)
    issue = make_issue([long, read_report(REPORT)], load_memory(CATALOG), now=MOMENT, order="given")
    env = make_environment(None)
    meta = json.loads(render_all(issue, env)["editions/meta.json"])
    assert len(meta["zh"]["subject"]) <= 80 and meta["zh"]["subject"].endswith("… 等 1 篇")
    assert meta["zh"]["subject"].count("周报") == 1


def test_order_as_given_or_by_broker() -> None:
    reports = [read_report(path) for path in THREE]
    memory = load_memory(CATALOG)
    given = make_issue(reports, memory, now=MOMENT, order="given")
    assert [item.report.source.path for item in given.items] == [str(path) for path in THREE]
    by_broker = make_issue(reports, memory, now=MOMENT, order="broker")
    assert [item.report.broker for item in by_broker.items] == ["海峰证券", "海峰证券", "澄湖证券"]
    assert [item.anchor for item in by_broker.items] == ["report-1", "report-2", "report-3"]


def test_reports_of_several_weeks_warn_and_strict_refuses(tmp_path: Path) -> None:
    earlier = tmp_path / "earlier.txt"
    earlier.write_text(LAKEVIEW.read_text(encoding="utf-8").replace("2026年3月11日", "2026年2月20日"), "utf-8")
    result = build([earlier, REPORT], str(tmp_path / "out"), options(), fixed_clock(MOMENT), lambda m: None)
    assert result.issue.id == "2026-W11"  # the week of the latest report
    (warning,) = [f for f in result.findings if f.check == "issue"]
    assert not warning.blocks() and "2026-W08, 2026-W11" in warning.message
    with pytest.raises(CheckError, match="--strict refuses"):
        build([earlier, REPORT], str(tmp_path / "strict"), options(strict=True), fixed_clock(MOMENT), lambda m: None)
    assert not (tmp_path / "strict").exists()


def test_a_card_shows_whole_key_points_within_the_budget_and_says_how_many_more() -> None:
    points = tuple(KeyPoint("", f"第{n}条要点：" + "储能订单继续增长。" * 20, page=1) for n in range(1, 5))  # 186 each
    report = dataclasses.replace(read_report(LAKEVIEW), key_points=points)
    texts = []
    for budget in (400, 100, 0):
        issue = make_issue([report], load_memory(CATALOG), now=MOMENT, publisher=Publisher(key_point_chars=budget))
        texts.append(render_all(issue, make_environment(None)))
    within, tight, unlimited = (outputs["editions/zh.txt"].decode() for outputs in texts)
    assert "第2条要点" in within and "第3条要点" not in within and "另有 2 条要点，见完整报告" in within
    assert "第1条要点" in tight and "第2条要点" not in tight and "另有 3 条要点" in tight  # the first always
    assert "第4条要点" in unlimited and "另有" not in unlimited
    assert "2 more key points in the full report" in texts[0]["editions/en.txt"].decode()
    assert "第4条要点" in texts[1]["briefing.md"].decode()  # the full depth has every point


# --- names in English -------------------------------------------------------------------


def test_brokers_by_their_official_english_names_and_analysts_in_pinyin() -> None:
    assert broker_english("国金证券", {}) == "Sinolink Securities"
    assert broker_english("中金公司", {}) == "China International Capital Corporation (CICC)"
    assert broker_english("澄湖证券", {}) == "Chenghu Securities"  # not in the table: pinyin
    assert broker_english("澄湖证券", {"澄湖证券": "Lakeview Securities"}) == "Lakeview Securities"
    assert person_english("孟灿", {}) == "Meng Can"
    assert person_english("欧阳修", {}) == "Ouyang Xiu"  # a compound surname
    assert person_english("曾国藩", {}) == "Zeng Guofan"  # a surname's own reading
    assert person_english("宋明远", {"宋明远": "Mingyuan Song"}) == "Mingyuan Song"  # the glossary wins


def test_the_english_edition_names_brokers_and_analysts_in_english(three: Path) -> None:
    text = (three / "editions" / "en.txt").read_text(encoding="utf-8")
    assert "Harbor Peak Securities · March 13, 2026 · Lin Haifan, Zhou Yuqing" in text
    assert "Chenghu Securities · March 11, 2026 · Song Mingyuan" in text
    assert "Rating: Buy (maintained) · Target price: RMB 68.5" in text  # found in the key points
    assert "海峰证券" not in text.split("Disclaimer\n==========")[0]


# --- tables -------------------------------------------------------------------------------


def test_a_forecast_table_in_the_card_and_every_table_in_full_in_html_and_word() -> None:
    report = dataclasses.replace(read_report(LAKEVIEW), tables=(FORECAST,))
    issue = make_issue([report], load_memory(CATALOG), now=MOMENT, depths=Depths(email="card", docx="full"))
    assert issue.items[0].forecast == FORECAST
    outputs = render_all(issue, make_environment(None))
    html = outputs["editions/zh.html"].decode()
    table = html[html.index('<div class="table"') : html.index("</table>", html.index('<div class="table"'))]
    assert "<th" in table and "营业收入（亿元）" in table and "268.1" in table
    document = docx.Document(io.BytesIO(outputs["briefing.docx"]))
    cells = [[cell.text for cell in row.cells] for table in document.tables for row in table.rows]
    assert ["营业收入（亿元）", "152.3", "210.8", "268.1"] in cells
    assert "| EPS（元） | 3.12 | 4.46 | 5.81 |" in outputs["briefing.md"].decode()


# --- reading in processes ------------------------------------------------------------------


def test_reports_read_in_two_processes_are_the_reports_read_in_one(tmp_path: Path) -> None:
    serial = read_all(THREE, options(workers=1), lambda m: None)
    messages: list[str] = []
    pooled = read_all(THREE, options(workers=2, cache=tmp_path / "cache"), messages.append)
    assert pooled == serial
    again: list[str] = []
    assert read_all(THREE, options(workers=2, cache=tmp_path / "cache"), again.append) == serial
    assert sum("reused the cached extraction" in m for m in again) == 3  # cache hits are not read again
    assert not any("reused" in m for m in messages)


BESIDE_SCRIPT = """
import os, sys
import newsletter.render as render
from newsletter.issue import make_issue
from newsletter.readers import read_report
from newsletter.render.templates import make_environment
from newsletter.translate.catalog import load_memory
from tests.test_briefing import CATALOG, MOMENT, THREE

children = []
def strict(future, renderer, context):  # no fallback: what the other process made, or fail
    children.append(future.result())
    return children[-1]
render._result = strict
issue = make_issue([read_report(path) for path in THREE], load_memory(CATALOG), now=MOMENT)
here = render.render_all(issue, make_environment(None))
beside = render.render_all(issue, make_environment(None), beside=True)
assert beside == here and children == [here["briefing.docx"]], "the Word file made beside differs"
print("same", len(children))
"""


def test_the_word_file_made_in_a_second_process_is_the_one_made_here() -> None:
    # A process of its own: pytest's workers run threads, and a process with threads is never forked.
    root = Path(__file__).resolve().parents[1]
    done = subprocess.run([sys.executable, "-c", BESIDE_SCRIPT], cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stdout.strip() == "same 1", done.stderr


def test_build_time_is_not_in_the_issue_date() -> None:
    issue = make_issue([read_report(UNDATED)], load_memory(CATALOG), now=MOMENT)
    assert issue.date == dt.date(2026, 3, 14) and issue.weeks == ()


def test_the_bilingual_subject_has_the_chinese_subjects_design() -> None:
    """One subject design: "both" starts as "zh" does (week, 周报 once, first headline, 等 N 篇)."""
    untitled = dataclasses.replace(read_report(LAKEVIEW), title="算力订单集中落地")
    for reports in ([read_report(path) for path in THREE], [untitled, read_report(REPORT)]):
        issue = make_issue(reports, load_memory(CATALOG), now=MOMENT, order="given")
        meta = json.loads(render_all(issue, make_environment(None))["editions/meta.json"])
        zh, both = meta["zh"]["subject"], meta["both"]["subject"]
        head = zh.split("：")[0] + "："
        assert both.startswith(head) and "｜" not in both, both
        assert both.count("周报") == 1 and zh.count("周报") == 1 and len(both) <= 80
        assert f"等 {len(reports) - 1} 篇 / " in both and both.endswith(f"and {len(reports) - 1} more")
        assert BRAND not in both
