"""The Word edition, inspected through python-docx (the renderer's own helpers)."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from newsletter.render.docx import east_asian_font, read_back, style_report
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
