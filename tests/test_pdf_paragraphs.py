"""Paragraphs on layouts the reader was not tuned on: a page-one summary
whose paragraphs each have a short lead-in on the line above, and a news
item closed by a dash-led source line. Generated PDFs; all text is our own."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from newsletter.model import Report, SetAsideKind
from newsletter.readers import read_report
from tests.pdf_canvas import register_font, write_lines

TITLE = "海峰观察：储能订单延续高增长"
SIDEBAR = ["行业评级：推荐（维持）", "市场数据", "海峰储能指数 1234.5", "分析师：林海", "S0000000000001", "相关报告"]
LEAD_INS = ("集成商订单延续高增长", "■ 电芯价格保持平稳，盈利有望改善")
LEADS = (
    "海峰证券研究所本周跟踪的储能集成商中，多数公司披露了新的海外订单，订单结构向大容量、长时长方向倾斜，"
    "我们认为行业景气度将在下一季度延续。",
    "电芯报价在本周保持平稳，上游材料价格小幅回落，集成环节的盈利能力有望在下一季度改善，海外订单的毛利率也高于国内，"
    "我们维持推荐评级。",
)
# 64 characters: two full lines of 32, so nothing but the source line's own form ends the paragraph.
NEWS = (
    "海峰市本周公布储能示范项目名单，共有十二个项目入选，合计规模约一千兆瓦时，"
    "其中独立储能项目占比超过六成，项目将于年内全部开工。"
)
SOURCE = "——数据来源：海峰能源网"
DISCLAIMER = "本报告仅供海峰证券的客户使用，本公司不会因接收人收到本报告而视其为客户。"


def _lines(text: str, per_line: int = 32) -> list[str]:
    return [text[i : i + per_line] for i in range(0, len(text), per_line)]


def _report(path: Path) -> None:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    write_lines(pdf, 220, 760, [TITLE], 18)
    # The first lead-in in larger type (read as a heading), the second a bullet line in body type.
    y = write_lines(pdf, 220, 720, [LEAD_INS[0]], 11) + 10
    y = write_lines(pdf, 220, y, _lines(LEADS[0]))
    write_lines(pdf, 220, y, [LEAD_INS[1], *_lines(LEADS[1])])
    write_lines(pdf, 50, 720, SIDEBAR, 8.5)
    pdf.showPage()
    y = write_lines(pdf, 57, 770, ["一、行业新闻"], 14)
    write_lines(pdf, 57, y, [*_lines(NEWS), SOURCE, *_lines(NEWS[::-1][:40])])
    pdf.showPage()
    y = write_lines(pdf, 57, 770, ["免责声明"], 12)
    write_lines(pdf, 57, y, _lines(DISCLAIMER, 46))
    pdf.showPage()
    pdf.save()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    register_font()
    path = tmp_path_factory.mktemp("paragraphs") / "lead-ins.pdf"
    _report(path)
    return read_report(path)


def test_a_short_lead_in_heads_the_summary_paragraph_below_it(report: Report) -> None:
    assert [(k.heading, k.text) for k in report.key_points] == [
        (lead_in.removeprefix("■ "), lead) for lead_in, lead in zip(LEAD_INS, LEADS, strict=True)
    ]
    body = [p.text for s in report.sections for p in s.paragraphs]
    headings = [s.heading for s in report.sections]
    assert not any(lead_in.removeprefix("■ ") in (*body, *headings) for lead_in in LEAD_INS)


def test_a_dash_led_source_line_ends_the_paragraph_and_is_set_aside(report: Report) -> None:
    body = [p.text for s in report.sections for p in s.paragraphs]
    assert NEWS in body
    assert not any(SOURCE in text for text in body)
    assert (SetAsideKind.SOURCE, SOURCE) in {(item.kind, item.text) for item in report.set_aside}
