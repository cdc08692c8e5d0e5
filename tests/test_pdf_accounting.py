"""Text accounting on a generated report: every line of a page goes to a field
of the report or to a named kind of furniture, `extract --json` lists what was
set aside and why, and `extract --explain PAGE` says where each line went.
The layout is our own (a fictional broker): a sidebar whose baselines sit
between the main column's, a chart between its caption and source line, a
financial table set as plain text, and running heads on every page."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen import canvas

from newsletter.cli import main
from newsletter.model import Report, SetAsideKind
from newsletter.readers import read_report
from newsletter.serialize import report_from_json, report_to_json
from tests.pdf_canvas import FONT, register_font, write_lines

TITLE = "海峰观察：储能补贴落地在即"
LEAD = "海峰证券研究所认为，地方储能补贴将在今年陆续落地，"
YEARS = ("补贴时限为 ", "2021", " 年至 ", "2022", " 年，储能项目收益率因此改善。")
PROSE = "我们维持行业推荐评级，建议关注储能电池与变流器环节的龙头公司。"
SIDEBAR = [
    "市场数据（人民币）",
    "海峰储能指数 6951",
    "上证指数 3607",
    "深证成指 15629",
    "相关报告",
    "《储能补贴点评》2021.1.17",
]
CHART_LABELS = ("海峰科技", "海峰电气", "120%", "60%")
TABLE = (
    ("营业收入", "1200.5", "1500.2", "1800.9"),
    ("净利润", "100.1", "130.4", "160.7"),
    ("毛利率", "20.1%", "21.3%", "22.0%"),
)
RISK = "风险提示：补贴政策落地不及预期，储能需求增长低于预期。"
DISCLAIMER = "本报告仅供海峰证券的客户使用，本公司不会因接收人收到本报告而视其为客户。"


def _heads(pdf: canvas.Canvas, number: int) -> None:
    width, height = A4
    pdf.setFont(FONT, 9)
    pdf.drawString(50, height - 36, "行业周报")
    pdf.drawRightString(width - 50, 30, f"- {number} -")


def _front(pdf: canvas.Canvas) -> None:
    _heads(pdf, 1)
    pdf.setFont(FONT, 18)
    pdf.drawString(200, 760, TITLE)
    # The sidebar's lines sit a third of a line above the main column's.
    write_lines(pdf, 40, 706, SIDEBAR, 9)
    y = write_lines(pdf, 200, 720, ["核心要点", LEAD], 10.5)
    _mixed_fonts_line(pdf, 200, y + 10.5)
    write_lines(pdf, 200, y - 8, [PROSE[:25], PROSE[25:]], 10.5)
    pdf.showPage()


def _mixed_fonts_line(pdf: canvas.Canvas, x: float, y: float) -> None:
    """CJK in one font, the years in Helvetica a little lower, as real reports set them."""
    for piece in YEARS:
        font, drop = ("Helvetica", 1.2) if piece.isdigit() else (FONT, 0.0)
        pdf.setFont(font, 10.5)
        pdf.drawString(x, y - drop, piece)
        x += stringWidth(piece, font, 10.5)


def _chart_page(pdf: canvas.Canvas) -> None:
    _heads(pdf, 2)
    y = write_lines(pdf, 57, 770, ["一、储能补贴"], 14)
    y = write_lines(pdf, 57, y, ["图 1：海峰储能指数走势"], 9)
    y = write_lines(pdf, 80, y, list(CHART_LABELS), 8)
    y = write_lines(pdf, 57, y, ["资料来源：海峰证券研究所"], 8)
    pdf.setFont(FONT, 9)
    for row in TABLE:
        pdf.drawString(57, y, row[0])
        for i, cell in enumerate(row[1:]):
            pdf.drawRightString(260 + i * 40, y, cell)
        y -= 15
    y = write_lines(pdf, 57, y - 10, [RISK], 10.5)
    y = write_lines(pdf, 57, y, ["免责声明"], 12)
    write_lines(pdf, 57, y, [DISCLAIMER], 10.5)
    pdf.showPage()


@pytest.fixture(scope="module")
def pdf_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    register_font()
    path = tmp_path_factory.mktemp("accounting") / "harbor_storage.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    _front(pdf)
    _chart_page(pdf)
    pdf.save()
    return path


@pytest.fixture(scope="module")
def report(pdf_path: Path) -> Report:
    return read_report(pdf_path)


def _prose(report: Report) -> list[str]:
    texts = [k.text for k in report.key_points] + [p.text for s in report.sections for p in s.paragraphs]
    return texts + [p.text for s in report.sections for c in s.sections for p in c.paragraphs]


def test_digits_in_another_font_stay_in_their_sentence_beside_a_sidebar(report: Report) -> None:
    sentence = "".join(YEARS).replace(" ", "")
    assert any(sentence in text.replace(" ", "") for text in _prose(report)), _prose(report)


def test_chart_labels_and_table_rows_are_set_aside_not_prose(report: Report) -> None:
    prose = "\n".join(_prose(report))
    for label in (*CHART_LABELS, "营业收入", "资料来源"):
        assert label not in prose
    kinds = {(item.page, item.kind, item.text) for item in report.set_aside}
    assert (2, SetAsideKind.CHART_LABEL, "海峰科技") in kinds
    assert (2, SetAsideKind.CAPTION, "图 1：海峰储能指数走势") in kinds
    assert (2, SetAsideKind.SOURCE, "资料来源：海峰证券研究所") in kinds
    assert [t.rows for t in report.tables] == [TABLE]


def test_running_heads_and_page_numbers_are_named(report: Report) -> None:
    kinds = {(item.page, item.kind, item.text) for item in report.set_aside}
    assert {(1, SetAsideKind.PAGE_NUMBER, "- 1 -"), (2, SetAsideKind.PAGE_NUMBER, "- 2 -")} <= kinds
    assert (2, SetAsideKind.HEADER, "行业周报") in kinds
    assert all(item.why for item in report.set_aside)


def test_risk_and_disclaimer_are_never_set_aside(report: Report) -> None:
    assert [p.text for p in report.risks] == [RISK]
    assert DISCLAIMER in [p.text for p in report.disclaimer]
    aside = " ".join(item.text for item in report.set_aside)
    assert "补贴政策落地不及预期" not in aside and "本公司不会因接收人" not in aside


def test_json_lists_what_was_set_aside_and_why(pdf_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(pdf_path), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    entry = next(e for e in data["set_aside"] if e["text"] == "海峰科技")
    assert entry == {"page": 2, "kind": "chart label", "text": "海峰科技", "why": entry["why"]} and entry["why"]
    assert report_from_json(data).set_aside == report_from_json(report_to_json(read_report(pdf_path))).set_aside


@pytest.mark.parametrize("page", [1, 2])
def test_explain_says_where_every_line_went(pdf_path: Path, page: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(pdf_path), "--explain", str(page)]) == 0
    rows = [line.split("  ->  ") for line in capsys.readouterr().out.splitlines()]
    assert rows and all(len(row) == 2 for row in rows)
    assert not [line for line, where in rows if where.startswith("NOWHERE")]
    where = {line.strip(): target for line, target in rows}
    if page == 1:
        assert where[TITLE] == "title" and where["- 1 -"].startswith("set aside: page number")
        assert (
            where["上证指数 3607"].startswith("set aside: sidebar") and where["核心要点"] == "key points (its heading)"
        )
    else:
        assert where["海峰电气"].startswith("set aside: chart label") and where[RISK] == "risk warnings"


def test_explain_refuses_a_page_the_report_does_not_have(pdf_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(pdf_path), "--explain", "9"]) != 0
    assert "no page 9" in capsys.readouterr().err


def test_a_sentence_set_aside_in_body_type_is_a_warning(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    register_font()
    path = tmp_path / "cover.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    pdf.setFont(FONT, 18)
    pdf.drawString(100, 760, TITLE)
    cover = "本周储能板块上涨五个百分点，领涨全部一级行业板块。"
    write_lines(pdf, 100, 720, [cover, "核心要点", LEAD + "我们维持推荐。"], 10.5)
    pdf.showPage()
    pdf.save()
    with caplog.at_level(logging.WARNING):
        read_report(path)
    assert any("set aside as cover metadata" in r.getMessage() and "page 1" in r.getMessage() for r in caplog.records)


def test_every_reader_threshold_says_why() -> None:
    """One frozen settings dataclass holds the reader's thresholds, each with a comment."""
    import dataclasses
    import inspect

    from newsletter.readers.settings import READER, ReaderSettings

    with pytest.raises(dataclasses.FrozenInstanceError):
        READER.row_link = 1.0  # type: ignore[misc]
    lines = inspect.getsource(ReaderSettings).splitlines()
    for field in dataclasses.fields(ReaderSettings):
        at = next(i for i, line in enumerate(lines) if line.strip().startswith(f"{field.name}:"))
        # The nearest line above that is not another field (two fields may share one comment).
        above = next(line.strip() for line in reversed(lines[:at]) if ":" not in line or "#" in line)
        assert above.startswith("#"), f"{field.name} has no comment saying why"
