"""The Word edition, inspected through python-docx (the renderer's own helpers)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from newsletter.render.docx import east_asian_font, furniture, hyperlinks, read_back, style_report
from tests.render_fixture import MOMENT, build_fixture


@pytest.fixture(scope="module")
def document(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    out = tmp_path_factory.mktemp("docx") / "issue"
    build_fixture(out)
    return (out / "briefing.docx").read_bytes()


def test_headings_use_the_reference_styles(document: bytes) -> None:
    styles = style_report(document)
    assert styles[0] == ("Title", "Harbor Peak Research · 2026-W11")
    assert ("Heading 1", "港口储能行业周报 订单回暖 价格企稳") in styles
    assert ("Heading 2", "核心要点 / Key points") in styles
    assert ("Heading 2", "一、行业动态 / 1. Industry news") in styles
    assert ("Heading 3", "（一）招标与订单 / (1) Tenders and orders") in styles
    assert ("Heading 1", "免责声明 / Disclaimer") in styles  # the closing section, after every report


def test_paragraphs_chinese_then_english_styles(document: bytes) -> None:
    styles = style_report(document)
    chinese = (
        "本周共有 7 个港口储能项目完成招标，合计规模 1.2 GWh，环比增长 35%；"
        "平均中标单价为 0.68 元/Wh，较上周下降 2.1%。"
    )
    index = styles.index(("Normal", chinese))
    style, english = styles[index + 1]
    assert style == "English"
    assert english.startswith("Seven port energy-storage projects completed tenders this week, 1.2 GWh")


def test_disclaimer_is_small_print_and_verbatim(document: bytes) -> None:
    styles = style_report(document)
    small = [text for style, text in styles if style == "Small Print"]
    last = "本报告版权归海峰证券所有，未经书面许可，任何机构和个人不得以任何形式翻版、复制、发表或引用。"
    assert last + "详见 https://harborpeak.example/legal#notice-1 。" in small
    assert "[translation pending]" in small  # missing English is marked, never blank
    assert all(text for text in small)


def test_markdown_syntax_does_not_leak_into_word(document: bytes) -> None:
    texts = read_back(document)
    assert any("行业估值处于 [18, 22] 倍区间（*注*：PE_TTM <25 倍为历史中枢）。" in text for text in texts)
    assert not any("\\" in text for text in texts)


@pytest.mark.parametrize("style", ["Normal", "Title", "Heading 1", "Heading 2", "Heading 3", "English", "Small Print"])
def test_styles_name_an_east_asian_font(document: bytes, style: str) -> None:
    assert east_asian_font(document, style) == "Microsoft YaHei"


def test_core_properties_and_zip_dates_come_from_the_issue(document: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(document)) as package:
        core = package.read("docProps/core.xml").decode()
        stamps = {info.date_time for info in package.infolist()}
    assert "2026-03-14T08:30:00Z" in core
    assert "<dc:title>Harbor Peak Research · 2026-W11</dc:title>" in core
    assert stamps == {MOMENT.timetuple()[:6]}


def test_house_reference_docx_overrides_the_packaged_one(tmp_path: Path) -> None:
    house = tmp_path / "templates"
    house.mkdir()
    (house / "reference.docx").write_bytes(_reference_with_font("SimSun"))
    build_fixture(tmp_path / "out", templates=house)
    assert east_asian_font((tmp_path / "out" / "briefing.docx").read_bytes(), "Normal") == "SimSun"


def _reference_with_font(font: str) -> bytes:
    packaged = Path(__file__).resolve().parents[1] / "newsletter" / "templates" / "reference.docx"
    with zipfile.ZipFile(packaged) as source:
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for info in source.infolist():
                data = source.read(info.filename)
                if info.filename == "word/styles.xml":
                    data = data.replace(b'w:eastAsia="Microsoft YaHei"', f'w:eastAsia="{font}"'.encode())
                target.writestr(info, data)
    return out.getvalue()


def test_header_and_footer_carry_brand_issue_page_numbers_and_the_disclaimer_pointer(document: bytes) -> None:
    header, footer = furniture(document)
    assert header == ["Harbor Peak Research · 2026-W11"]
    assert footer == [
        "第 {PAGE} 页，共 {NUMPAGES} 页 / Page {PAGE} of {NUMPAGES}",
        "请阅读末页免责声明 / Please read the disclaimer at the end of this document",
    ]


def test_risk_warnings_are_set_apart_in_their_own_style(document: bytes) -> None:
    styles = style_report(document)
    risks = [text for style, text in styles if style == "Risk Warning"]
    assert "需求不及预期：港口电动化改造进度可能慢于预期。" in risks
    assert "Weaker demand: ports may electrify more slowly than expected." in risks
    assert not any(style == "Risk Warning" for style, text in styles if text.startswith("本报告"))


def test_web_addresses_are_real_hyperlinks(document: bytes) -> None:
    assert ("https://harborpeak.example/legal#notice-1", "https://harborpeak.example/legal#notice-1") in hyperlinks(
        document
    )
    # the link's text stays part of the paragraph, so the compliance read-back still finds it verbatim
    assert any(text.endswith("详见 https://harborpeak.example/legal#notice-1 。") for text in read_back(document))


def test_properties_name_the_brand_not_the_tools(document: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(document)) as package:
        core = package.read("docProps/core.xml").decode()
        app = package.read("docProps/app.xml").decode()
    assert "<dc:creator>Harbor Peak Research</dc:creator>" in core
    assert "<dc:subject>港口储能行业周报 订单回暖 价格企稳</dc:subject>" in core
    assert "python-docx" not in core
    assert "<Application>newsletter</Application>" in app and "Microsoft" not in app


def test_font_table_names_simplified_chinese_stand_ins(document: bytes) -> None:
    with zipfile.ZipFile(io.BytesIO(document)) as package:
        fonts = package.read("word/fontTable.xml").decode()
        styles = package.read("word/styles.xml").decode()
    for name in ("Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC"):
        assert re.search(f'<w:font w:name="{name}">.*?<w:charset w:val="86"/>', fonts, re.DOTALL), name
    assert 'w:eastAsia="zh-CN"' in styles  # the language that makes LibreOffice draw Simplified forms
    assert 'w:ascii="Calibri"' in styles and "asciiTheme" not in styles.split("</w:docDefaults>")[0]
