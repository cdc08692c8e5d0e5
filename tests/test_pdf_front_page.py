"""The first page's metadata on layouts the reader was not tuned on: key
points after a banner in large type, analysts side by side with their SAC
numbers on the next line, a date inside a header line, related reports with
their own dates in the sidebar, and a report with no key-point heading and
no date on page one. Generated PDFs; all text is our own (海峰证券)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from newsletter.model import Report
from newsletter.readers import read_report
from newsletter.readers.blocks import Block
from newsletter.readers.compliance import guess_broker
from newsletter.readers.front import AnalystList, find_date, find_rating, find_target_price, parse_date
from newsletter.readers.names import is_personal_name, names_in
from newsletter.serialize import report_from_json, report_to_json
from tests.pdf_canvas import register_font, write_lines

TITLE = "海峰观察：储能订单延续高增长"
POINTS = (
    "储能需求：本周三家集成商公布的新签订单合计环比增长约两成，海外大储项目占比继续提升，我们维持行业推荐评级。",
    "价格走势：电芯报价在本周保持平稳，上游材料价格小幅回落，集成环节的盈利能力有望在下一季度改善。",
)
LEAD = (
    "海峰证券研究所本周跟踪的储能集成商中，多数公司披露了新的海外订单，订单结构向大容量、长时长方向倾斜，"
    "我们认为行业景气度将在下一季度延续。"
)
BODY = "据行业协会统计，2026 年 3 月 1 日以来国内新增储能装机规模同比明显提升，集成环节竞争格局趋于稳定。"
DISCLAIMER = "本报告仅供海峰证券的客户使用，本公司不会因接收人收到本报告而视其为客户。"


def _lines(text: str, per_line: int) -> list[str]:
    return [text[i : i + per_line] for i in range(0, len(text), per_line)]


MARKET = ["行业评级：推荐（维持）", "市场数据", "海峰储能指数 1234.5", "沪深三百指数 3456.7", "近一月涨跌幅 12.3%"]


def _sidebar(pdf: canvas.Canvas, lines: list[str]) -> None:
    write_lines(pdf, 50, 720, MARKET + lines, 8.5)


TABLE = (("公司", "评级", "2025E", "2026E"), ("海峰科技", "买入", "1.20", "1.56"), ("海峰电气", "增持", "0.85", "1.02"))


def _body_and_disclaimer(pdf: canvas.Canvas, date_alone: bool) -> None:
    y = write_lines(pdf, 57, 770, ["一、行业动态"], 14)
    y = write_lines(pdf, 57, y, (["2026 年 3 月 1 日"] if date_alone else []) + _lines(BODY, 46))
    for row in TABLE:  # a forecast table: cells far apart on each line
        for x, cell in zip((57, 170, 280, 390), row, strict=True):
            pdf.drawString(x, y, cell)
        y -= 18
    pdf.showPage()
    y = write_lines(pdf, 57, 770, ["免责声明"], 12)
    write_lines(pdf, 57, y, _lines(DISCLAIMER, 46))
    pdf.showPage()


def _with_key_points(path: Path) -> None:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    write_lines(pdf, 220, 790, ["行业研究/海峰证券研究报告"], 11)  # a banner in larger type than the body
    write_lines(pdf, 220, 772, ["行业周报 2026 年 05 月 24 日"], 9)
    write_lines(pdf, 220, 745, [TITLE], 18)
    write_lines(pdf, 220, 722, ["林海  分析师周岚  分析师", "SAC：S0000000000001  SAC：S0000000000002"], 8)
    y = write_lines(pdf, 220, 680, ["投资要点"], 12)
    for point in POINTS:
        y = write_lines(pdf, 220, y, _lines(point, 32))
    _sidebar(pdf, ["相关报告", "《光伏回暖》2026.05.17", "2026.05.10", "金融工程", "作者"])
    pdf.showPage()
    _body_and_disclaimer(pdf, date_alone=False)
    pdf.save()


def _without_key_point_heading(path: Path) -> None:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    write_lines(pdf, 220, 745, [TITLE], 18)
    write_lines(pdf, 220, 700, _lines(LEAD, 32))
    _sidebar(pdf, ["分析师：林海", "电话：021-00000000", "S0000000000001", "相关报告", "2026.05.10"])
    pdf.showPage()
    _body_and_disclaimer(pdf, date_alone=True)
    pdf.save()


COMPANY_HEADLINE = "订单高增，储能业务进入收获期"
SERIES_HEADLINE = "储能装机延续高增长，海外订单占比提升"


def _company_report(path: Path) -> None:
    """A company report: the company and its code in large type, a rating, then the headline."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    write_lines(pdf, 220, 760, ["海峰科技（600000）"], 22)
    write_lines(pdf, 220, 730, ["买入（维持）"], 12)
    write_lines(pdf, 220, 705, [COMPANY_HEADLINE], 16)
    write_lines(pdf, 220, 670, _lines(LEAD, 32))
    _sidebar(pdf, ["分析师：林海", "S0000000000001"])
    pdf.showPage()
    _body_and_disclaimer(pdf, date_alone=False)
    pdf.save()


def _series_report(path: Path) -> None:
    """A weekly whose large type names only the series; its headline follows, dated lines between."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    write_lines(pdf, 220, 760, ["储能行业周报（2026年第8期）"], 14)
    write_lines(pdf, 220, 735, ["报告日期：2026年5月24日"], 12)
    write_lines(pdf, 220, 712, [SERIES_HEADLINE], 10.5)
    write_lines(pdf, 220, 680, _lines(LEAD, 32))
    _sidebar(pdf, ["分析师：林海", "S0000000000001"])
    pdf.showPage()
    _body_and_disclaimer(pdf, date_alone=False)
    pdf.save()


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Report]:
    register_font()
    folder = tmp_path_factory.mktemp("front")
    made = {}
    makers = {
        "points": _with_key_points,
        "lead": _without_key_point_heading,
        "company": _company_report,
        "series": _series_report,
    }
    for name, make in makers.items():
        make(folder / f"{name}.pdf")
        made[name] = read_report(folder / f"{name}.pdf")
    return made


def test_key_points_under_their_heading_after_a_banner(reports: dict[str, Report]) -> None:
    report = reports["points"]
    assert [k.text for k in report.key_points] == list(POINTS)
    assert all(k.page == 1 for k in report.key_points)


def test_first_page_prose_is_the_summary_without_a_heading(reports: dict[str, Report]) -> None:
    report = reports["lead"]
    assert [k.text for k in report.key_points] == [LEAD]
    body = [p.text for s in report.sections for p in s.paragraphs]
    assert LEAD not in body and BODY in body


def test_title_is_whole_company_and_headline(reports: dict[str, Report]) -> None:
    assert reports["points"].title == TITLE
    assert reports["company"].title == f"海峰科技（600000）：{COMPANY_HEADLINE}"
    assert reports["series"].title == f"储能行业周报（2026年第8期）：{SERIES_HEADLINE}"
    assert reports["series"].date == dt.date(2026, 5, 24)
    assert [k.text for k in reports["company"].key_points] == [LEAD]


@pytest.mark.parametrize(
    ("disclaimer", "broker"),
    [
        ("本报告由海峰证券股份有限公司（以下简称“海峰证券”）制作。海峰证券不对标的证券的价格作出保证。", "海峰证券"),
        ("海峰国际金融股份有限公司及其关联机构（以下统称“海峰公司”）对信息的准确性不作保证。", "海峰公司"),
        (
            "本报告仅供海峰证券的客户使用，版权归海峰证券所有。本公司（以下简称“本公司”）不因接收人收到本报告而视其为客户。",
            "海峰证券",
        ),
        ("Harbor Peak & Co. LLC and its affiliates. Harbor Peak may hold shares of Example Chips Inc.", "Harbor Peak"),
        ("This page has no firm in it.", None),
    ],
)
def test_broker_from_the_disclaimer(disclaimer: str, broker: str | None) -> None:
    assert guess_broker([disclaimer]) == broker


def test_tables_are_kept_as_rows_with_their_page(reports: dict[str, Report]) -> None:
    for report in reports.values():
        assert [(t.page, t.rows) for t in report.tables] == [(2, TABLE)]
        prose = [p.text for s in report.sections for p in s.paragraphs]
        assert not any("海峰电气" in text for text in prose)
    data = report_to_json(reports["points"])
    assert data["tables"] == [{"page": 2, "rows": [list(row) for row in TABLE]}]
    assert report_from_json(data).tables == reports["points"].tables


def test_analysts_side_by_side_and_labelled(reports: dict[str, Report]) -> None:
    side_by_side = [(a.name, a.sac) for a in reports["points"].analysts]
    assert side_by_side == [("林海", "S0000000000001"), ("周岚", "S0000000000002")]
    assert [(a.name, a.sac) for a in reports["lead"].analysts] == [("林海", "S0000000000001")]


def test_date_from_page_one_header_never_from_sidebar_lists_or_later_pages(reports: dict[str, Report]) -> None:
    assert reports["points"].date == dt.date(2026, 5, 24)
    assert reports["lead"].date is None


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("林海分析师 SAC 执业证书编号：S0000000000001", ["林海"]),
        ("证券分析师  欧阳晓岚", ["欧阳晓岚"]),
        ("周岚：（分析师）", ["周岚"]),
        ("林海  分析员周岚  分析员", ["林海", "周岚"]),
        ("金融工程", []),
        ("相关报告", []),
        ("互联网", []),
        ("作者", []),
        ("高测股份", []),
        ("研究员：林海芯片行业", []),
    ],
)
def test_names_are_personal_names(text: str, names: list[str]) -> None:
    assert names_in(text) == names
    assert all(is_personal_name(name) for name in names)


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("报告日期：2026年5月24日", dt.date(2026, 5, 24)),
        ("证券研究报告  2026.05.24", dt.date(2026, 5, 24)),
        ("Weekly 2026-05-24", dt.date(2026, 5, 24)),
        ("May 24, 2026 09:30 AM GMT", dt.date(2026, 5, 24)),
        ("24 May 2026", dt.date(2026, 5, 24)),
        ("2026.02.30", None),
        ("第 2026 期", None),
    ],
)
def test_dates_in_the_forms_reports_print(text: str, date: dt.date | None) -> None:
    assert parse_date(text) == date


def _page_one(*texts: str, region: str = "main") -> list[Block]:
    return [Block("海峰观察：港口电动化提速", 1, 18.0), *(Block(text, 1, 10.0, region=region) for text in texts)]


@pytest.mark.parametrize(
    ("blocks", "header", "date"),
    [
        (_page_one("报告日期：   2026-05-24", region="sidebar"), (), dt.date(2026, 5, 24)),
        (_page_one("发布时间：2026-05-05"), (), dt.date(2026, 5, 5)),
        (_page_one("报告时间 | 2026/05/23", region="sidebar"), (), dt.date(2026, 5, 23)),
        (_page_one("港口行业周报｜2026.5.25"), (), dt.date(2026, 5, 25)),
        (_page_one("19 March 2026"), (), dt.date(2026, 3, 19)),
        # Only in the running header that every page repeats (dropped from the text as furniture).
        (_page_one("本周港口电动化项目集中落地。"), ("港口行业周报｜2026.1.25",), dt.date(2026, 1, 25)),
        (_page_one("相关报告《港口电动化起步》2026-01-11", region="sidebar"), (), None),
    ],
)
def test_dates_where_page_one_labels_them(blocks: list[Block], header: tuple[str, ...], date: dt.date | None) -> None:
    assert find_date(blocks, header) == date


@pytest.mark.parametrize(
    ("texts", "rating", "price"),
    [
        (["投资评级：买入（维持）", "目标价：45.60 元"], "买入（维持）", "45.60 元"),
        (["行业评级：买  入", "当前价 12.3 元"], "买入", None),
        (["看好（维持）"], "看好（维持）", None),
        (["评级 | 推荐 首次"], "推荐首次", None),
        (["Rating: Outperform", "Target price: HK$512.0"], "Outperform", "HK$512.0"),
        (["本周我们维持行业推荐评级，建议关注龙头。"], None, None),
    ],
)
def test_rating_and_target_price_from_page_one(texts: list[str], rating: str | None, price: str | None) -> None:
    blocks = _page_one(*texts)
    assert (find_rating(blocks), find_target_price(blocks)) == (rating, price)


def _sidebar_analysts(lines: list[str]) -> list[tuple[str, str | None, str | None]]:
    analysts = AnalystList()
    for fed, line in enumerate(lines, start=1):
        analysts.line(line, fed)
    return [(a.name, a.sac, a.email) for a in analysts.analysts]


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # The email before the number: each pairs with the name above it, not the previous analyst.
        (
            [
                "分析师:张海峰",
                "Tel:(000)00000001",
                "Email:zhf@example.com",
                "证书:S0000512340001",
                "分析师:李云帆",
                "Tel:(000)00000002",
                "Email:lyf@example.com",
                "证书:S0000512340002",
            ],
            [("张海峰", "S0000512340001", "zhf@example.com"), ("李云帆", "S0000512340002", "lyf@example.com")],
        ),
        # A research assistant under a role label, without SAC; a full-width at sign kept as printed.
        (
            [
                "证券分析师",
                "张海峰",
                "资格编号：S0000512340001",
                "邮箱：zhf＠example.com",
                "研究助理",
                "王小川",
                "邮箱：wxc＠example.com",
            ],
            [("张海峰", "S0000512340001", "zhf＠example.com"), ("王小川", None, "wxc＠example.com")],
        ),
        (
            ["张海峰分析师", "SAC 执业证书编号：S0000512340001", "zhf@example.com", "王小川联系人", "wxc@example.com"],
            [("张海峰", "S0000512340001", "zhf@example.com"), ("王小川", None, "wxc@example.com")],
        ),
        # Side by side: names on one line, their numbers and emails on later ones.
        (
            ["张海峰 李云帆", "S0000512340001 S0000512340002", "zhf@example.com", "lyf@example.com"],
            [("张海峰", "S0000512340001", "zhf@example.com"), ("李云帆", "S0000512340002", "lyf@example.com")],
        ),
        # A name with neither number, role nor email is not taken for an analyst.
        (["王小川", "市场表现"], []),
    ],
)
def test_analysts_paired_with_numbers_and_emails_by_position(
    lines: list[str], expected: list[tuple[str, str | None, str | None]]
) -> None:
    assert _sidebar_analysts(lines) == expected
