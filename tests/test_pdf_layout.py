"""A layout the reader was not tuned on: a generated report with a sidebar,
two columns, running heads, a rotated watermark, a light stamp, a hidden
template tag and a paragraph cut by a column break. All text is our own."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from newsletter.model import Analyst, Report
from newsletter.readers import read_report
from newsletter.readers.blocks import join_all, join_text, spaces_latin_and_cjk
from newsletter.readers.document import warn_unmapped
from newsletter.readers.layout import PageText
from newsletter.readers.repair import repair_glyph
from tests.pdf_canvas import FONT, register_font, write_lines

TITLE = "海峰观察：算力需求延续高景气"
KEY_POINT = "本周算力板块继续走强，光模块与服务器订单环比增长，我们维持行业推荐评级。"
LEFT_THEN_RIGHT = (
    "海峰证券研究所跟踪的二十家算力公司中，十六家在本周披露了新的扩产计划，扩产方向集中在高速光模块、"
    "液冷机柜与先进封装三个环节，合计新增投资规模较上月明显提升，产业链上游的设备与材料供应商因此"
    "获得了更多订单，我们预计这一趋势将在下一季度延续。"
)
SECOND = "与此同时，海外云厂商上调了资本开支指引，进一步验证了需求的持续性。"
RISK = "需求不及预期的风险：若下游资本开支放缓，相关公司订单可能低于预期。"
DISCLAIMER = "本报告仅供海峰证券的客户使用，本公司不会因接收人收到本报告而视其为客户。"


def _lines(text: str, per_line: int) -> list[str]:
    return [text[i : i + per_line] for i in range(0, len(text), per_line)]


def _furniture(pdf: canvas.Canvas, number: int) -> None:
    width, height = A4
    pdf.setFont(FONT, 9)
    pdf.drawString(50, height - 36, "行业周报")
    pdf.drawRightString(width - 50, height - 36, "海峰证券")
    pdf.drawString(50, 30, "请务必阅读正文之后的免责声明")
    pdf.drawRightString(width - 50, 30, f"- {number} -")
    pdf.setFillGray(0.85)  # a light redistributor stamp on every page
    pdf.drawString(300, 60, "样本文件仅供测试")
    pdf.saveState()  # a rotated watermark across the page
    pdf.translate(200, 300)
    pdf.rotate(45)
    pdf.setFont(FONT, 30)
    pdf.drawString(0, 0, "内部资料严禁外传")
    pdf.restoreState()
    pdf.setFillGray(0)


def _first_page(pdf: canvas.Canvas) -> None:
    _furniture(pdf, 1)
    pdf.setFillColorRGB(1, 1, 1)  # a Word template tag, hidden in white
    pdf.setFont("Helvetica", 8)
    pdf.drawString(200, 770, "[Table_Title]")
    pdf.setFillGray(0)
    pdf.setFont(FONT, 8.5)
    for i, text in enumerate(["2026 年 05 月 24 日", "分析师", "林海", "SAC:S0000000000001", "linhai@example.com"]):
        pdf.drawString(50, 700 - i * 16, text)
    pdf.setFont(FONT, 18)
    pdf.drawString(200, 740, TITLE)
    y = write_lines(pdf, 200, 700, ["核心要点"], 12)
    write_lines(pdf, 200, y, _lines(KEY_POINT, 34))
    pdf.showPage()


def _two_column_page(pdf: canvas.Canvas) -> None:
    _furniture(pdf, 2)
    write_lines(pdf, 57, 770, ["一、行业动态"], 14)
    lines = _lines(LEFT_THEN_RIGHT, 22)
    write_lines(pdf, 57, 730, lines[:3])
    y = write_lines(pdf, 320, 730, lines[3:])
    write_lines(pdf, 320, y, _lines(SECOND, 22))
    pdf.showPage()


def _last_page(pdf: canvas.Canvas) -> None:
    _furniture(pdf, 3)
    y = write_lines(pdf, 57, 770, ["风险提示"], 14)
    y = write_lines(pdf, 57, y, _lines(RISK, 46))
    y = write_lines(pdf, 57, y, ["免责声明"], 12)
    write_lines(pdf, 57, y, _lines(DISCLAIMER, 46))
    pdf.showPage()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    register_font()
    path = tmp_path_factory.mktemp("layout") / "harbor_peak.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for page in (_first_page, _two_column_page, _last_page):
        page(pdf)
    pdf.save()
    return read_report(path)


def _all_text(report: Report) -> str:
    parts = [report.title, *(k.text for k in report.key_points)]
    parts += [p.text for s in report.sections for p in s.paragraphs]
    return "\n".join(parts + [p.text for p in (*report.risks, *report.disclaimer)])


def test_title_without_template_tag(report: Report) -> None:
    assert report.title == TITLE


def test_sidebar_gives_analysts_not_prose(report: Report) -> None:
    assert report.analysts == (Analyst("林海", "S0000000000001", "linhai@example.com"),)
    assert "SAC" not in _all_text(report)


def test_running_heads_stamps_and_watermarks_are_dropped(report: Report) -> None:
    text = _all_text(report)
    for furniture in ("请务必阅读", "样本文件", "内部资料", "行业周报", "- 2 -"):
        assert furniture not in text
    assert report.broker == "海峰证券" and report.series == "行业周报"


def test_paragraph_cut_by_column_break_is_joined(report: Report) -> None:
    (section,) = report.sections
    assert section.heading == "一、行业动态" and section.page == 2
    assert [p.text for p in section.paragraphs] == [LEFT_THEN_RIGHT, SECOND]
    assert [p.page for p in section.paragraphs] == [2, 2]


def test_key_points_risks_and_disclaimer(report: Report) -> None:
    assert [k.text for k in report.key_points] == [KEY_POINT]
    assert [p.text for p in report.risks] == [RISK]
    assert [p.text for p in report.disclaimer] == ["免责声明", DISCLAIMER]
    assert report.date is not None and report.date.isoformat() == "2026-05-24"


@pytest.mark.parametrize(
    ("left", "right", "spaced", "joined"),
    [
        ("CPO", "等环节", True, "CPO 等环节"),
        ("CPO", "等环节", False, "CPO等环节"),
        ("ArkClaw", "，国家", True, "ArkClaw，国家"),
        ("通过 API", "“长连接”", True, "通过 API“长连接”"),
        ("cloud", "capex", True, "cloud capex"),
        ("multi-", "modal", True, "multimodal"),
        ("算力", "需求", True, "算力需求"),
    ],
)
def test_line_join_follows_the_documents_spacing(left: str, right: str, spaced: bool, joined: str) -> None:
    assert join_text(left, right, latin_cjk_space=spaced) == joined


def test_document_spacing_convention_is_measured() -> None:
    assert spaces_latin_and_cjk(["AI 芯片与 CPO 等环节", "订单增长 20%"])
    assert not spaces_latin_and_cjk(["AI芯片与CPO等环节", "订单增长20%"])


@pytest.mark.parametrize(
    ("glyph", "repaired"),
    [("\u2f24", "大"), ("\u2f24大", "大"), ("理理", "理"), ("\u2edb风", "风"), ("\u2edd", "\u2edd"), ("，", "，")],
)
def test_radicals_and_doubled_glyphs_are_repaired(glyph: str, repaired: str) -> None:
    assert repair_glyph(glyph) == repaired


def test_pages_with_unmapped_glyphs_are_reported(caplog: pytest.LogCaptureFixture) -> None:
    clean = PageText(1, 595, 842, [], [], glyphs=1000, unmapped=3)
    garbled = PageText(2, 595, 842, [], [], glyphs=400, unmapped=120)
    with caplog.at_level(logging.WARNING):
        warnings = warn_unmapped(Path("deck.pdf"), [clean, garbled])
    assert warnings == ["deck.pdf: page 2: 120 of 400 glyphs have no Unicode mapping (30%); their text is garbled"]
    assert warnings[0] in caplog.text


def test_joining_many_lines_matches_joining_pairwise() -> None:
    lines = ["海峰证券认为 CPO", "等环节受益，multi-", "modal models and", "cloud", "“长连接”", "需求。"]
    expected = "海峰证券认为 CPO 等环节受益，multimodal models and cloud“长连接”需求。"
    assert join_all(lines, latin_cjk_space=True) == expected
    assert join_all(["甲" * 50] * 20000).count("甲") == 1_000_000  # linear: a 300-page paragraph is fine
