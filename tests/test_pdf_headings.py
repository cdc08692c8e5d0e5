"""Headings come from numbering, the contents page and type size and weight
relative to the body; never from a cover label, a table row in small type or
the title over a page of tables. A generated report; all text is our own."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from newsletter.model import Report, Section
from newsletter.readers import read_report
from newsletter.readers.accounting import NOWHERE, explain
from newsletter.readers.pdf import page_lines
from newsletter.readers.structure import parse_toc_entries
from tests.pdf_canvas import FONT, register_font, write_lines

PROSE = (
    "本周储能板块延续上行，电芯价格企稳，系统集成商订单环比改善，我们认为行业景气度将在下一季度继续回升，"
    "建议关注具备海外渠道优势的龙头公司。"
)
BOLD_LABEL = "本周重要事件"  # body size, made bold only by stroking its outline
EVENT = "某省出台储能度电补贴政策，补贴期限两年，新建项目配储比例不低于百分之十，政策细则将于下月公布。"
BULLETED = "海外订单持续增长。"


def _lines(text: str, per_line: int) -> list[str]:
    return [text[i : i + per_line] for i in range(0, len(text), per_line)]


def _fake_bold(pdf: canvas.Canvas, x: float, y: float, text: str, size: float) -> None:
    line = pdf.beginText(x, y)
    line.setFont(FONT, size)
    line.setTextRenderMode(2)  # fill and stroke: a regular font thickened
    line.textLine(text)
    pdf.drawText(line)


def _cover(pdf: canvas.Canvas) -> None:
    pdf.setFont(FONT, 18)
    pdf.drawString(60, 780, "储能周报：补贴落地，景气回升")
    y = write_lines(pdf, 60, 740, ["行业深度跟踪"], 14)  # a cover label in large type
    y = write_lines(pdf, 60, y, _lines(PROSE, 40))
    pdf.showPage()


def _contents(pdf: canvas.Canvas) -> None:
    y = write_lines(pdf, 60, 780, ["目录"], 16)
    # Entries whose page numbers reach the right edge: the lines join into one paragraph.
    entries = [("一、市场回顾", 3), (BOLD_LABEL, 3), ("二、数据跟踪", 4)]
    pdf.setFont(FONT, 10)
    for title, page in entries:
        dots = "." * (86 - 2 * len(title))
        pdf.drawString(60, y, f"{title} {dots} {page}")
        y -= 17
    y = write_lines(pdf, 60, y - 20, ["插图目录"], 16)
    pdf.setFont(FONT, 10)
    pdf.drawString(60, y, "图 1：储能装机规模 " + "." * 70 + " 3")
    pdf.showPage()


def _body(pdf: canvas.Canvas) -> None:
    y = write_lines(pdf, 60, 780, ["一、市场回顾"], 14)
    y = write_lines(pdf, 60, y, _lines(PROSE, 40))
    _fake_bold(pdf, 60, y, BOLD_LABEL, 10)
    y = write_lines(pdf, 60, y - 17, _lines(EVENT, 40))
    y = write_lines(pdf, 60, y, ["\u25a0 " + BULLETED])
    y = write_lines(pdf, 60, y, ["2.0 多晶组件 元/W 0.95 0.96", "3.5 单晶组件 元/W 1.12 1.15"], 7)
    y = write_lines(pdf, 60, y, ["二、数据跟踪"], 14)
    write_lines(pdf, 60, y, _lines(PROSE, 40))
    pdf.showPage()


def _tables(pdf: canvas.Canvas) -> None:
    y = write_lines(pdf, 60, 780, ["财务报表预测"], 15)  # the title of a page of tables
    write_lines(pdf, 60, y, ["营业收入 746 812 905", "净利润 59 73 88", "每股收益 0.43 0.52 0.61"], 7)
    pdf.showPage()


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    register_font()
    path = tmp_path_factory.mktemp("headings") / "storage_weekly.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for page in (_cover, _contents, _body, _tables):
        page(pdf)
    pdf.save()
    return path


@pytest.fixture(scope="module")
def report(pdf_path: Path) -> Report:
    return read_report(pdf_path)


def _walk(sections: tuple[Section, ...]) -> Iterator[Section]:
    for section in sections:
        yield section
        yield from _walk(section.sections)


def _headings(report: Report) -> list[str]:
    return [s.heading for s in _walk(report.sections) if s.heading]


def test_headings_come_from_numbering_contents_and_weight(report: Report) -> None:
    assert _headings(report) == ["一、市场回顾", BOLD_LABEL, "二、数据跟踪"]


def test_fake_bold_label_holds_its_text(report: Report) -> None:
    section = next(s for s in _walk(report.sections) if s.heading == BOLD_LABEL)
    assert section.paragraphs[0].text == EVENT


def test_contents_lines_joined_into_one_block_are_each_an_entry(report: Report) -> None:
    assert [(entry.title, entry.page) for entry in report.toc] == [
        ("一、市场回顾", "3"),
        (BOLD_LABEL, "3"),
        ("二、数据跟踪", "4"),
    ]


def test_title_over_tables_only_is_set_aside_not_a_heading(report: Report) -> None:
    assert "财务报表预测" in {item.text for item in report.set_aside}


@pytest.mark.parametrize(
    ("text", "titles"),
    [
        ("➢ 行业观点 ........ 8", ["行业观点"]),
        ("行业观点 ........ 8 ➢ 公司动态 ........ 12", ["行业观点", "公司动态"]),
        ("行业观点 ........ 8 这一行不是目录", None),
    ],
)
def test_contents_entries_are_split_and_bullets_dropped(text: str, titles: list[str] | None) -> None:
    entries = parse_toc_entries(text)
    assert (None if entries is None else [entry.title for entry in entries]) == titles


@pytest.mark.parametrize("page", [2, 3])
def test_explain_finds_contents_lines_and_bulleted_lines(pdf_path: Path, report: Report, page: int) -> None:
    where = dict(explain(report, page, page_lines(pdf_path, page)))
    assert NOWHERE not in where.values(), where
    if page == 2:
        assert {where[line] for line in where if "...." in line and not line.startswith("图")} == {"contents"}
    else:
        assert where["\u25a0 " + BULLETED].startswith("section")
