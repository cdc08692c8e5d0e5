"""Compliance blocks found by structure and vocabulary, on a generated report
of a fictional broker (海峰证券): a disclaimer headed with the broker's name,
analyst certification and rating definitions kept apart, office addresses
set aside. All text is our own."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from newsletter.model import Report
from newsletter.readers import read_report
from newsletter.readers.compliance import LEGAL, OTHER, ComplianceText, guess_broker, heading_kind, is_contact
from tests.pdf_canvas import register_font, write_lines

CERTIFICATION = "作者保证报告所采用的数据均来自合规渠道，分析逻辑基于作者的职业理解，结论不受任何第三方的授意。"
RATING = "买入：分析师预测未来六个月内股价相对基准指数涨幅超过百分之十五。"
LEGAL_TEXT = "海峰证券股份有限公司（以下简称“本公司”）具备证券投资咨询业务资格。本报告仅供本公司客户使用。"
LEGAL_MORE = "本报告中的信息均来源于公开资料，本公司对这些信息的准确性和完整性不作任何保证。"
ADDRESS = "地址：海峰市港湾区码头路 8 号海峰大厦 12 层"


def _report(path: Path) -> None:
    register_font()
    pdf = canvas.Canvas(str(path), pagesize=A4)
    height = A4[1]
    y = write_lines(pdf, 60, height - 80, ["海峰观察：港口电动化提速"], size=18)
    y = write_lines(pdf, 60, y, ["投资评级：买入（维持）", "分析师：张海峰 S0000512340001"])
    write_lines(pdf, 60, y, ["本周港口电动化项目集中落地，岸电设备招标规模环比提升，我们维持行业推荐评级。"])
    pdf.showPage()
    y = write_lines(pdf, 60, height - 80, ["分析师承诺"], size=12)
    y = write_lines(pdf, 60, y, [CERTIFICATION])
    y = write_lines(pdf, 60, y, ["投资评级说明"], size=12)
    y = write_lines(pdf, 60, y, [RATING])
    y = write_lines(pdf, 60, y, ["海峰证券免责声明"], size=12)
    y = write_lines(pdf, 60, y, [LEGAL_TEXT])
    y = write_lines(pdf, 60, y, [LEGAL_MORE])
    y = write_lines(pdf, 60, y, ["海峰证券研究所"], size=12)
    write_lines(
        pdf, 60, y, [ADDRESS, "邮编：000000", "海峰国际大厦 7 楼海港广场 T3-0101", "P.C /（000000） P.C /（000001）"]
    )
    pdf.showPage()
    pdf.save()


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> Report:
    path = tmp_path_factory.mktemp("compliance") / "haifeng.pdf"
    _report(path)
    return read_report(path)


def test_disclaimer_headed_with_the_brokers_name_is_found_verbatim(report: Report) -> None:
    texts = [p.text for p in report.disclaimer]
    assert texts[0] == "海峰证券免责声明"
    assert LEGAL_TEXT in "".join(texts) and LEGAL_MORE in "".join(texts)
    assert report.broker == "海峰证券"


def test_certification_and_rating_definitions_are_their_own_list(report: Report) -> None:
    other = [p.text for p in report.disclaimer_other]
    assert CERTIFICATION in "".join(other) and RATING in "".join(other)
    legal = "".join(p.text for p in report.disclaimer)
    assert CERTIFICATION not in legal and RATING not in legal


def test_office_addresses_are_not_compliance_text(report: Report) -> None:
    everything = " ".join(p.text for p in (*report.disclaimer, *report.disclaimer_other))
    assert "码头路" not in everything and "邮编" not in everything and "研究所" not in everything
    assert "海港广场" not in everything and "P.C" not in everything


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("免责声明", LEGAL),
        ("示例证券免责声明", LEGAL),
        ("二、特别声明", LEGAL),
        ("重 要 声 明", LEGAL),
        ("法律声明：本报告版权归示例证券所有。", LEGAL),
        ("Disclaimer", LEGAL),
        ("分析师声明", OTHER),
        ("行业投资评级说明", OTHER),
        ("Analyst Certification", OTHER),
        ("公司发布特别声明", None),  # a headline about a statement, not the block
        ("本报告不构成投资建议，特此声明。", None),
        ("投资评级：买入", None),
    ],
)
def test_compliance_headings(text: str, kind: str | None) -> None:
    assert heading_kind(text) == kind


@pytest.mark.parametrize(
    ("text", "contact"),
    [
        ("地址：示例市示例区示例路 1 号", True),
        ("示例市示例区示例路 1 号示例大厦", True),
        ("北京 上海 深圳", True),
        ("邮编：000000  传真：000-0000000", True),
        ("P.C /（000000） P.C /（000001）", True),
        ("示例国际大厦 7 楼示例广场 T3-0101", True),
        ("本公司位于示例中心 5 层。", False),
        ("本报告版权归示例证券所有，未经书面许可不得转载。", False),
    ],
)
def test_contact_lines(text: str, contact: bool) -> None:
    assert is_contact(text) is contact


def test_any_statement_heading_inside_the_blocks_heads_legal_text() -> None:
    blocks = ComplianceText(first_page=1)
    assert blocks.opens("分析师声明", 9)
    for text in (
        "分析师保证观点独立。",
        "一般性声明",
        "本报告仅供示例证券的客户使用。",
        "评级说明",
        "买入：涨幅超过 20%。",
    ):
        blocks.add(text, 9)
    assert [p.text for p in blocks.legal] == ["一般性声明", "本报告仅供示例证券的客户使用。"]
    assert [p.text for p in blocks.other] == ["分析师声明", "分析师保证观点独立。", "评级说明", "买入：涨幅超过 20%。"]


def test_broker_is_never_we_ourselves() -> None:
    text = "本报告由示例证券发布。我司证券研究团队保证……示例证券对本报告保留一切权利，示例证券不承担责任。"
    assert guess_broker([text]) == "示例证券"


def _overstate_last_stream_length(path: Path, by: int) -> None:
    """Make the file's last stream claim more bytes than it holds, keeping every
    byte offset (the number keeps its width), as some report writers do."""
    data = path.read_bytes()
    last = list(re.finditer(rb"/Length (\d+)", data))[-1]
    longer = str(int(last[1]) + by).encode()
    assert len(longer) == len(last[1]), "the test needs a number of the same width"
    path.write_bytes(data[: last.start(1)] + longer + data[last.end(1) :])


def test_a_page_whose_stream_overstates_its_length_is_read_up_to_endstream(tmp_path: Path) -> None:
    path = tmp_path / "long_length.pdf"
    _report(path)
    _overstate_last_stream_length(path, 20)
    report = read_report(path)  # the compliance page is the last stream: pdfminer alone reads it blank
    assert LEGAL_TEXT in "".join(p.text for p in report.disclaimer)
    assert CERTIFICATION in "".join(p.text for p in report.disclaimer_other)


SIDEBAR_RISKS = ["1. 海外储能需求不及预期；", "2. 原材料价格大幅上涨。"]


def _sidebar_risk_report(path: Path) -> None:
    """Page one: the summary in a wide column, a sidebar beside it with market data,
    a risk box (风险提示 over numbered items) and the analyst."""
    register_font()
    pdf = canvas.Canvas(str(path), pagesize=A4)
    write_lines(pdf, 220, 760, ["海峰观察：港口电动化提速"], 18)
    summary = "本周港口电动化项目集中落地，岸电设备招标规模环比提升，我们维持行业推荐评级，看好设备龙头。" * 3
    write_lines(pdf, 220, 720, [summary[i : i + 30] for i in range(0, len(summary), 30)])
    sidebar = ["市场数据", "海峰港口指数 1234.5", "风险提示", *SIDEBAR_RISKS, "分析师：张海峰", "S0000512340001"]
    write_lines(pdf, 50, 720, sidebar, 8.5)
    pdf.showPage()
    y = write_lines(pdf, 60, A4[1] - 80, ["免责声明"], 12)
    write_lines(pdf, 60, y, [LEGAL_TEXT])
    pdf.save()


def test_a_risk_box_in_the_sidebar_is_the_reports_risk_warnings(tmp_path: Path) -> None:
    path = tmp_path / "sidebar_risks.pdf"
    _sidebar_risk_report(path)
    report = read_report(path)
    assert [p.text for p in report.risks] == SIDEBAR_RISKS
    assert not any("需求不及预期" in item.text for item in report.set_aside)
    assert [(a.name, a.sac) for a in report.analysts] == [("张海峰", "S0000512340001")]


def test_a_report_without_a_disclaimer_is_refused_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from newsletter.cli import main

    register_font()
    path = tmp_path / "undisclaimed.pdf"
    pdf = canvas.Canvas(str(path), pagesize=A4)
    y = write_lines(pdf, 60, A4[1] - 80, ["海峰观察：港口电动化提速"], size=18)
    y = write_lines(pdf, 60, y, ["风险提示：港口投资不及预期。"])
    write_lines(pdf, 60, y, ["本周港口电动化项目集中落地，岸电设备招标规模环比提升。"])
    pdf.showPage()
    pdf.save()
    out = tmp_path / "out"
    assert main(["build", str(path), "--out", str(out), "-q", "--no-cache"]) == 2
    error = capsys.readouterr().err.strip()
    assert "no disclaimer found in pages 1-1" in error and "--allow-missing-disclaimer" in error
    assert not out.exists()
    assert main(["build", str(path), "--out", str(out), "-q", "--no-cache", "--allow-missing-disclaimer"]) == 0
