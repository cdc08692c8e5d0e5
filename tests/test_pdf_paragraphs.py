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
from newsletter.readers.layout import Glyph, Segment
from newsletter.readers.paragraphs import Para, _keyed_figure, mark_table_labels
from tests.pdf_canvas import register_font, write_lines

TITLE = "海峰观察：储能订单延续高增长"
SIDEBAR = ["行业评级：推荐（维持）", "市场数据", "海峰储能指数 1234.5", "分析师：林海", "S0000000000001", "相关报告"]
SIDE_RISKS = ["1. 储能需求不及预期；", "2. 海外政策发生变化。"]
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
# A market-data box set as lines of text: a label and one figure each, then
# its source line, a note, a table's title and the table's rows.
MARKET = ["总股本(百万股)： 227.92", "总市值(百万元)： 18,785.44", "52 周股价区间(元)： 21.60-97.40"]
NOTE = "备注：股价为前一交易日收盘价"
FORECAST_TITLE = "主要财务数据"
FORECAST = ["营业收入(百万元) 746 1,567 3,684", "净利润(百万元) 59 173 471", "毛利率(%) 35.3% 33.7% 35.0%"]
# Two paragraphs of a justified page: the first ends its sentence one character short of the edge.
JUSTIFIED = (
    "本周海峰市发布新型储能发展实施方案，明确到二〇二七年全市新型储能装机规模达到三百万千瓦以上，"
    "并对独立储能电站给予容量租赁和调峰补偿方面的支持，具体细则将由市发改委牵头于下月正式公布。",
    "从项目储备看，已备案的独立储能项目合计规模超过两百万千瓦，多数项目计划于明年年中前并网，"
    "我们预计本地集成商和电芯企业的订单将因此明显增加，相关上市公司的业绩弹性值得持续关注和跟踪研究。",
)
# A forecast table whose header and one row are read cell by cell (cells far apart).
SPLIT_HEADER = ("2024A", "2025E", "2026E")
SPLIT_ROWS = ("营业收入（百万元） 29,611.27  45,788.02  41,624.79", "归母净利润（百万元） 3,387.04  4,560.31  4,022.84")
SPLIT_CELLS = ("增长率（%）", "48.08%", "54.63%", "-9.09%")
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
    write_lines(pdf, 50, 720, [*SIDEBAR, "风险提示", *SIDE_RISKS], 8.5)
    pdf.showPage()
    y = write_lines(pdf, 57, 770, ["一、行业新闻"], 14)
    y = write_lines(pdf, 57, y, [*_lines(NEWS), SOURCE, *_lines(NEWS[::-1][:40])])
    write_lines(pdf, 57, y, [*MARKET, "资料来源：海峰证券研究所", NOTE, FORECAST_TITLE, *FORECAST])
    pdf.showPage()
    write_lines(pdf, 57, 770, [line for text in JUSTIFIED for line in _lines(text, 46)])
    pdf.showPage()
    _split_table(pdf)
    pdf.showPage()
    y = write_lines(pdf, 57, 770, ["免责声明"], 12)
    write_lines(pdf, 57, y, _lines(DISCLAIMER, 46))
    pdf.showPage()
    pdf.save()


def _split_table(pdf: canvas.Canvas) -> None:
    y = write_lines(pdf, 57, 770, ["二、盈利预测", *_lines(NEWS)])
    pdf.setFont("STSong-Light", 9)
    for x, cell in zip((170, 250, 330), SPLIT_HEADER, strict=True):
        pdf.drawString(x, y, cell)
    pdf.drawString(57, y - 15, SPLIT_ROWS[0])
    for x, cell in zip((57, 170, 250, 330), SPLIT_CELLS, strict=True):
        pdf.drawString(x, y - 30, cell)
    pdf.drawString(57, y - 45, SPLIT_ROWS[1])


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


def test_label_and_figure_lines_are_a_table_not_prose(report: Report) -> None:
    prose = " ".join(p.text for s in report.sections for p in s.paragraphs)
    for line in [*MARKET, NOTE, FORECAST_TITLE, *FORECAST]:
        assert line not in prose
    rows = [row for table in report.tables for row in table.rows]
    assert ("总市值(百万元)：", "18,785.44") in rows and ("52 周股价区间(元)：", "21.60-97.40") in rows
    aside = {(item.kind, item.text) for item in report.set_aside}
    assert (SetAsideKind.TABLE, FORECAST_TITLE) in aside  # the title between the box's source line and the rows
    assert (SetAsideKind.SOURCE, NOTE) in aside


def test_a_contents_entry_is_not_a_figure_row() -> None:
    assert not _keyed_figure("行业观点 3")
    assert _keyed_figure("毛利率(%) 35.3%") and _keyed_figure("净利润(百万元) 59")


def _para(text: str, kind: str = "text", size: float = 8.0) -> Para:
    return Para(text, 3, size, False, "main", 0, False, True, kind)


def test_in_a_column_of_table_rows_short_labels_join_the_table_but_a_heading_in_larger_type_stays() -> None:
    rows = [_para(f"项目{i} 1.{i} 2.{i} 3.{i} 4.{i}", "table") for i in range(6)]
    paras = [_para("估值跟踪", size=14.0), rows[0], rows[1], _para("偿债能力指标"), *rows[2:], _para("资产负")]
    kinds = [p.kind for p in mark_table_labels(paras)]
    assert kinds[0] == "text" and kinds[3] == "table" and kinds[-1] == "table"


# Under a key-point heading: bullets hanging left of the text, lead-ins padded
# with spaces to the margin, the second lead-in longer than a label.
MARKED_LEAD_INS = ("装机超预期", "海外订单持续增长，集成商盈利能力改善明显")
MARKED_POINTS = (  # 64 characters each: two full lines, the last one ending the sentence at the margin
    "本周公布的全年数据显示国内新增装机规模大幅增长，其中大型储能项目占比继续提升，认为明年行业需求仍将保持较快增长的态势，维持推荐。",
    "多家集成商披露海外新签订单，订单金额与毛利率均高于国内同类项目，随着海外交付逐步放量，行业盈利能力有望在明年明显改善，维持推荐。",
)


POINTER = "敬请参阅末页重要声明及评级说明"


def _marked_report(path: Path) -> None:
    pdf = canvas.Canvas(str(path), pagesize=A4)
    write_lines(pdf, 220, 760, [TITLE], 18)
    y = write_lines(pdf, 220, 730, ["投资要点"], 12)
    for lead_in, point in zip(MARKED_LEAD_INS, MARKED_POINTS, strict=True):
        pdf.setFont("STSong-Light", 10)
        pdf.drawString(208, y, "■ " + lead_in + " " * (64 - 2 * len(lead_in)))
        y = write_lines(pdf, 220, y - 17, _lines(point)) + 10
    write_lines(pdf, 57, 40, [POINTER], 9)  # in the bottom margin of this page only
    pdf.showPage()
    y = write_lines(pdf, 57, 770, ["免责声明"], 12)
    write_lines(pdf, 57, y, _lines(DISCLAIMER, 46))
    pdf.showPage()
    pdf.save()


def test_hanging_bullets_and_padded_lead_ins_head_their_own_key_point(tmp_path: Path) -> None:
    register_font()
    _marked_report(tmp_path / "marked.pdf")
    report = read_report(tmp_path / "marked.pdf")
    assert [(k.heading, k.text) for k in report.key_points] == list(zip(MARKED_LEAD_INS, MARKED_POINTS, strict=True))
    assert (SetAsideKind.FOOTER, POINTER) in {(item.kind, item.text) for item in report.set_aside}


def test_a_line_ends_where_its_ink_ends_not_at_its_padding_spaces() -> None:
    ink = [Glyph(char, 100 + 10 * i, 110 + 10 * i, 0, 10, 10) for i, char in enumerate("装机超预期")]
    padding = [Glyph(" ", 150 + 5 * i, 155 + 5 * i, 0, 10, 10) for i in range(40)]
    segment = Segment([*ink, *padding]).finish()
    assert (segment.text, segment.x0, segment.x1) == ("装机超预期", 100, 150)


def test_risk_warnings_listed_in_the_side_column_are_risks_not_set_aside(report: Report) -> None:
    assert [p.text for p in report.risks] == SIDE_RISKS
    assert not any(item.text in SIDE_RISKS for item in report.set_aside)


def test_a_sentence_ending_a_character_short_of_a_justified_edge_ends_its_paragraph(report: Report) -> None:
    body = [p.text for s in report.sections for p in s.paragraphs]
    assert all(text in body for text in JUSTIFIED)


def test_a_table_row_read_cell_by_cell_stays_in_its_table(report: Report) -> None:
    prose = " ".join(p.text for s in report.sections for p in s.paragraphs)
    assert not any(text in prose for text in (*SPLIT_HEADER, *SPLIT_CELLS, "营业收入", "归母净利润"))
    rows = [row for table in report.tables for row in table.rows]
    assert ("营业收入（百万元）", "29,611.27", "45,788.02", "41,624.79") in rows
