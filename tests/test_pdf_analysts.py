"""Analysts paired with their SAC numbers and emails by where they are
printed on page one, whatever order the lines are read in: a grid of
names over rows of emails and numbers that runs from the sidebar into the
main column, values set flush right in a narrow sidebar, a label drawn
twice over itself. Generated PDFs; all names and text are our own."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from newsletter.model import Analyst, Report
from newsletter.readers import read_report
from newsletter.readers.front import Cell, analysts_by_position, merge_analysts
from newsletter.readers.layout import Glyph
from newsletter.readers.pdf import without_redrawn
from tests.pdf_canvas import FONT, register_font, write_lines

LEAD = (
    "海峰证券研究所本周跟踪的储能集成商中，多数公司披露了新的海外订单，订单结构向大容量、长时长方向倾斜，"
    "我们认为行业景气度将在下一季度延续，集成环节的盈利能力有望改善。"
)
DISCLAIMER = "本报告仅供海峰证券的客户使用，本公司不会因接收人收到本报告而视其为客户。"
GRID = (
    ("林海", "linhai@example.com", "S0000512340001"),
    ("周岚", "zhoulan@example.com", "S0000512340002"),
    ("欧阳晓川", "oyxc@example.com", "S0000512340003"),
)


def _page_one(pdf: canvas.Canvas) -> None:
    write_lines(pdf, 220, 760, ["海峰观察：储能订单延续高增长"], 18)
    y = 720.0
    for start in range(0, len(LEAD), 30):
        y = write_lines(pdf, 220, y, [LEAD[start : start + 30]], 10) + 10
    write_lines(pdf, 50, 720, ["行业评级：推荐（维持）", "市场数据", "海峰储能指数 1234.5"], 8.5)


def _disclaimer(pdf: canvas.Canvas) -> None:
    pdf.showPage()
    y = write_lines(pdf, 57, 770, ["免责声明"], 12)
    write_lines(pdf, 57, y, [DISCLAIMER], 10)
    pdf.showPage()
    pdf.save()


def _grid(path: Path) -> None:
    """Three analysts side by side at the foot of page one; the third column
    lies under the main column, the first two under the sidebar."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    _page_one(pdf)
    pdf.setFont(FONT, 7)
    for column, (name, email, sac) in enumerate(GRID):
        x = 45 + column * 100
        for row, text in enumerate((f"● {name}", "(0000)00000000", email, "执业证书编号：", sac)):
            pdf.drawString(x, 90 - row * 11, text)
    _disclaimer(pdf)


def _flush_right(path: Path) -> None:
    """A right sidebar: each name on its label line, the email and number set
    flush right below it; a stock in a table far left shares a number's row."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    _page_one(pdf)
    y = 300.0
    for name, email, sac in GRID[:2]:
        write_lines(pdf, 390, y, [f"分析师：{name}"], 9)
        pdf.setFont(FONT, 7)
        pdf.drawRightString(560, y - 16, email)
        pdf.drawString(390, y - 28, "执业证书编号:")
        pdf.drawRightString(560, y - 28, sac)
        pdf.drawString(60, y - 28, "海峰电气")  # a table cell, not an analyst
        y -= 45
    _disclaimer(pdf)


def _drawn_twice(path: Path) -> None:
    """A template draws the analyst's label twice over itself on one baseline, in two sizes."""
    pdf = canvas.Canvas(str(path), pagesize=A4)
    _page_one(pdf)
    name, email, sac = GRID[2]
    write_lines(pdf, 34, 420, [f"分析师:{name}"], 10.5)
    write_lines(pdf, 28, 420, [f"分析师:{name}"], 8.5)
    write_lines(pdf, 28, 404, [f"Email:{email}", f"证书:{sac}"], 8.5)
    _disclaimer(pdf)


@pytest.fixture(scope="module")
def reports(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Report]:
    register_font()
    folder = tmp_path_factory.mktemp("analysts")
    made = {}
    for name, make in {"grid": _grid, "flush": _flush_right, "twice": _drawn_twice}.items():
        make(folder / f"{name}.pdf")
        made[name] = read_report(folder / f"{name}.pdf")
    return made


def _people(report: Report) -> list[tuple[str, str | None, str | None]]:
    return [(a.name, a.sac, a.email) for a in report.analysts]


def test_a_grid_of_analysts_pairs_column_by_column(reports: dict[str, Report]) -> None:
    assert _people(reports["grid"]) == [(name, sac, email) for name, email, sac in GRID]


def test_values_flush_right_in_a_sidebar_go_to_the_name_above(reports: dict[str, Report]) -> None:
    assert _people(reports["flush"]) == [(name, sac, email) for name, email, sac in GRID[:2]]


def test_a_label_drawn_twice_over_itself_is_read_once(reports: dict[str, Report]) -> None:
    name, email, sac = GRID[2]
    assert _people(reports["twice"]) == [(name, sac, email)]


def test_a_role_keeps_a_contact_without_number_and_a_lone_name_is_not_taken() -> None:
    cells = [
        Cell("联系人：林海", 90, 160, 500, 10),
        Cell("周岚", 300, 330, 500, 10),  # a name with nothing below it
        Cell("S0000512340009", 90, 160, 700, 9),  # far below: another block's number
    ]
    assert analysts_by_position(cells) == [Analyst("林海")]


def test_reading_order_completes_and_follows_the_placed_analysts() -> None:
    placed = [Analyst("林海"), Analyst("周岚", "S0000512340002")]
    read = (Analyst("林海", "S0000512340001", "lh@example.com"), Analyst("", "S0000512340002"), Analyst("王川"))
    assert merge_analysts(placed, read) == (
        Analyst("林海", "S0000512340001", "lh@example.com"),
        Analyst("周岚", "S0000512340002"),
        Analyst("王川"),
    )


def test_the_same_line_printed_side_by_side_is_kept_twice() -> None:
    # Two charts' source lines on one row, a space between: not one label drawn twice.
    def run(text: str, x: float) -> list[Glyph]:
        return [Glyph(ch, x + 9 * i, x + 9 * i + 9, 500, 509, 9) for i, ch in enumerate(text)]

    glyphs = [*run("资料来源：示例", 60), Glyph(" ", 123, 300, 500, 509, 9), *run("资料来源：示例", 300)]
    assert len(without_redrawn(glyphs)) == len(glyphs)
    assert len(without_redrawn([*run("资料来源：示例", 60), *run("资料来源：示例", 62)])) == 7
