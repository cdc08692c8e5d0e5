"""The cover's title, date and house on layouts the reader was not tuned on:
an industry named alone in the largest type above a headline that asks a
question, a date printed alone above the title and set apart as a figure,
a series label and headline with the rating at their right end, a date in a
table cell whose rule comes out as an odd glyph, and a house named only in
its source lines. Generated PDFs and our own words."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from newsletter.model import Report
from newsletter.readers import read_report
from newsletter.readers.blocks import Block
from newsletter.readers.brokers import known_broker, most_named, pick_broker
from newsletter.readers.front import find_date, without_rating
from tests.pdf_canvas import register_font, write_lines

LEAD = (
    "本周我们跟踪的储能集成商中，多数公司披露了新的海外订单，订单结构向大容量、长时长方向倾斜，"
    "我们认为行业景气度将在下一季度延续，集成环节的盈利能力有望改善。"
)
DISCLAIMER = "本报告仅供本公司的客户使用，本公司不会因接收人收到本报告而视其为客户。"


def _rest(pdf: canvas.Canvas, source: str) -> None:
    y = 600.0
    for start in range(0, len(LEAD), 30):
        y = write_lines(pdf, 60, y, [LEAD[start : start + 30]], 10) + 10
    write_lines(pdf, 60, y - 20, [source, "图表：订单结构", source], 8)  # two charts' sources
    pdf.showPage()
    y = write_lines(pdf, 57, 770, ["免责声明"], 12)
    write_lines(pdf, 57, y, [DISCLAIMER], 10)
    pdf.showPage()
    pdf.save()


def _industry(path: Path) -> None:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    write_lines(pdf, 60, 790, ["2030.03.04"], 12)
    write_lines(pdf, 60, 740, ["储能设备"], 24)
    write_lines(pdf, 60, 700, ["海外订单能否延续高增长？"], 18)
    _rest(pdf, "资料来源：公司公告，华林证券研究所")


def _series(path: Path) -> None:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    write_lines(pdf, 220, 760, ["储能行业周报（20300301-20300304）      维持评级"], 16)
    write_lines(pdf, 220, 730, ["海外订单延续高增长，集成环节盈利改善      看好"], 12)
    write_lines(pdf, 220, 700, ["报告时间 丨 2030/3/4"], 10)
    _rest(pdf, "资料来源：Wind，华林证券研究所")


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Report]:
    register_font()
    folder = tmp_path_factory.mktemp("cover")
    made = {}
    for name, make in {"industry": _industry, "series": _series}.items():
        make(folder / f"{name}.pdf")
        made[name] = read_report(folder / f"{name}.pdf")
    return made


def test_an_industry_named_alone_is_followed_by_its_headline(reports: dict[str, Report]) -> None:
    assert reports["industry"].title == "储能设备：海外订单能否延续高增长？"


def test_a_date_alone_above_the_title_is_the_reports(reports: dict[str, Report]) -> None:
    assert reports["industry"].date == dt.date(2030, 3, 4)


def test_a_series_title_without_the_rating_beside_it(reports: dict[str, Report]) -> None:
    assert reports["series"].title == "储能行业周报（20300301-20300304）：海外订单延续高增长，集成环节盈利改善"
    assert without_rating("储能行业周报      买入（维持）") == "储能行业周报"
    assert without_rating("看好储能") == "看好储能"


def test_a_date_labelled_in_a_table_cell_with_an_odd_rule(reports: dict[str, Report]) -> None:
    assert reports["series"].date == dt.date(2030, 3, 4)
    assert find_date([Block("发布时间 │ 2030-03-05", 1)]) == dt.date(2030, 3, 5)


def test_a_house_named_only_in_its_source_lines(reports: dict[str, Report]) -> None:
    assert reports["series"].broker == "华林证券"


def test_houses_by_their_other_names_and_never_a_quoted_one() -> None:
    assert known_broker("申银万国证券研究所") == "申万宏源证券"
    assert known_broker("提示我司证券研究业务客户") is None
    assert known_broker("上海证券交易所") is None and known_broker("Citic") is None
    assert most_named(["据华林证券预测"]) is None  # one mention: a quoted forecast
    assert pick_broker(("提示我司证券", None), ["资料来源：华林证券", "数据来源：华林证券"]) == "华林证券"
    # A house the table lacks, as read, when it names itself more than it quotes another.
    assert pick_broker((None, "示例证券"), ["示例证券", "示例证券", "华林证券", "华林证券"]) == "示例证券"
    assert pick_broker((None, "示例证券"), ["示例证券", "华林证券", "华林证券"]) == "华林证券"
