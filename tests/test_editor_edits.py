"""The common edits templates/README.md shows editors, each done the way it says."""

from __future__ import annotations

import io
import json
import re
import zipfile
from pathlib import Path

import pytest

from newsletter.render.docx import east_asian_font, style_report
from newsletter.render.templates import PACKAGED
from tests.render_fixture import build_fixture


def house_build(tmp_path: Path, files: dict[str, str]) -> Path:
    house = tmp_path / "templates"
    house.mkdir(parents=True)
    for name, text in files.items():
        (house / name).write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    build_fixture(out, templates=house)
    return out


def test_change_colours_and_fonts_of_the_email(tmp_path: Path) -> None:
    out = house_build(
        tmp_path,
        {
            "email.mjml.j2": '{% extends "default/email.mjml.j2" %}\n'
            "{% set fonts = \"Georgia, 'Songti SC', serif\" %}\n"
            "{% block extra_styles %}h2 { color: #8b1e3f; }{% endblock %}\n"
        },
    )
    html = (out / "briefing.html").read_text()
    assert '<h2 style="font-size: 20px;line-height: 1.35;margin: 28px 0 4px;color: #8b1e3f;' in html
    assert "font-family:Georgia, 'Songti SC', serif" in html


def test_drop_the_key_figures_block(tmp_path: Path) -> None:
    shown = house_build(
        tmp_path / "a", {"key_figures.md.j2": "### 关键数据 / Key figures\n\nFIGURES OF {{ item.title.source }}\n"}
    )
    assert "FIGURES OF 港口储能行业周报" in (shown / "briefing.md").read_text()
    dropped = house_build(
        tmp_path / "b",
        {
            "key_figures.md.j2": "FIGURES\n",
            "briefing.md.j2": '{% extends "default/briefing.md.j2" %}\n{% block key_figures %}{% endblock %}\n',
        },
    )
    assert "FIGURES" not in (dropped / "briefing.md").read_text()


def test_change_a_label(tmp_path: Path) -> None:
    labels = (
        (PACKAGED / "labels.j2")
        .read_text(encoding="utf-8")
        .replace('("核心要点", "Key points")', '("投资要点", "Highlights")')
    )
    out = house_build(tmp_path, {"labels.j2": labels})
    assert "### 投资要点 / Highlights" in (out / "briefing.md").read_text()
    assert "Highlights\n----------" in (out / "editions" / "en.txt").read_text()


@pytest.mark.parametrize("edition", ["zh", "en", "both"])
def test_override_one_block_keeps_the_rest(tmp_path: Path, edition: str) -> None:
    out = house_build(
        tmp_path,
        {
            "briefing.md.j2": '{% extends "default/briefing.md.j2" %}\n'
            "{% block footer %}\n---\n\n{{ label('footer') }} · {{ issue.brand }}\n{% endblock %}\n"
        },
    )
    text = (out / "editions" / f"{edition}.html").read_text()
    assert "· Harbor Peak Research</p>" in text
    assert "需求不及预期：港口电动化改造进度可能慢于预期。" in text


def test_change_the_unsubscribe_line(tmp_path: Path) -> None:
    out = house_build(
        tmp_path,
        {
            "email.mjml.j2": '{% extends "default/email.mjml.j2" %}\n'
            "{% block unsubscribe %}海峰研究 · Harbor Peak Research<br>{{ super() }}{% endblock %}\n",
            "briefing.txt.j2": '{% extends "default/briefing.txt.j2" %}\n'
            "{% block unsubscribe %}\n不想再收到？{{ super() }}{% endblock %}\n",
        },
    )
    html = (out / "editions" / "zh.html").read_text()
    slot = r"%%unsubscribe_url\.[0-9a-f]{32}%%"  # the build's own slot where the template wrote the token
    assert re.search(rf'海峰研究 · Harbor Peak Research<br><a href="{slot}"[^>]*>退订</a>', html)
    assert re.search(rf"\n不想再收到？Unsubscribe: {slot}\n$", (out / "editions" / "en.txt").read_text())


def test_reorder_the_parts_of_each_report(tmp_path: Path) -> None:
    parts = '["title", "key_points", "sections", "key_figures", "meta", "risks"]'
    out = house_build(
        tmp_path,
        {
            "briefing.md.j2": f'{{% extends "default/briefing.md.j2" %}}\n{{% set report_parts = {parts} %}}\n',
            "briefing.txt.j2": f'{{% extends "default/briefing.txt.j2" %}}\n{{% set report_parts = {parts} %}}\n',
        },
    )
    for name, key_points, sections, broker in [
        ("briefing.md", "### 核心要点 / Key points", "### 一、行业动态", "海峰证券 (Harbor Peak Securities) · "),
        ("briefing.txt", "核心要点 / Key points\n", "一、行业动态", "海峰证券 (Harbor Peak Securities) · "),
    ]:
        text = (out / name).read_text(encoding="utf-8")
        assert text.index(key_points) < text.index(sections) < text.index(broker), name
    default = house_build(tmp_path / "default", {})
    text = (default / "briefing.md").read_text(encoding="utf-8")
    assert text.index("海峰证券 (Harbor Peak Securities) · ") < text.index("### 核心要点 / Key points")


def test_change_the_subject_line(tmp_path: Path) -> None:
    out = house_build(
        tmp_path,
        {
            "subject.txt.j2": '{% if edition == "en" %}{{ issue.brand }} weekly, {{ issue.date | format_date("en") }}\n'
            '{% else %}{{ issue.brand }}周报（{{ issue.date | format_date("zh") }}）{% endif %}\n'
        },
    )
    meta = json.loads((out / "editions" / "meta.json").read_text(encoding="utf-8"))
    assert meta["en"]["subject"] == "Harbor Peak Research weekly, March 13, 2026"
    assert meta["zh"]["subject"] == meta["both"]["subject"] == "Harbor Peak Research周报（2026年3月13日）"
    assert "<title>Harbor Peak Research weekly, March 13, 2026</title>" in (out / "editions" / "en.html").read_text()


def test_change_the_word_styles_in_reference_docx(tmp_path: Path) -> None:
    # What Word does when an editor modifies the Heading 1 style: rewrite it in word/styles.xml.
    house = tmp_path / "templates"
    house.mkdir()
    restyled = _restyle(
        (PACKAGED / "reference.docx").read_bytes(), "Heading1", {"Microsoft YaHei": "SimSun", "Calibri": "Georgia"}
    )
    (house / "reference.docx").write_bytes(restyled)
    build_fixture(tmp_path / "out", templates=house)
    build_fixture(tmp_path / "default", templates=None)
    changed = (tmp_path / "out" / "briefing.docx").read_bytes()
    default = (tmp_path / "default" / "briefing.docx").read_bytes()
    assert east_asian_font(default, "Heading 1") == "Microsoft YaHei"
    assert east_asian_font(changed, "Heading 1") == "SimSun"
    assert east_asian_font(changed, "Heading 2") == "Microsoft YaHei"  # other styles untouched
    assert 'w:ascii="Georgia"' in _style_xml(changed, "Heading1")
    headings = [text for style, text in style_report(changed) if style == "Heading 1"]
    assert headings == [text for style, text in style_report(default) if style == "Heading 1"] != []


def _restyle(docx: bytes, style_id: str, swaps: dict[str, str]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(docx)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/styles.xml":
                data = _swap_in_style(data.decode("utf-8"), style_id, swaps).encode("utf-8")
            target.writestr(info, data)
    return out.getvalue()


def _swap_in_style(styles: str, style_id: str, swaps: dict[str, str]) -> str:
    block = _style_block(styles, style_id)
    changed = block
    for old, new in swaps.items():
        changed = changed.replace(f'"{old}"', f'"{new}"')
    assert changed != block, f"no font to change in style {style_id}"
    return styles.replace(block, changed)


def _style_block(styles: str, style_id: str) -> str:
    match = re.search(rf'<w:style [^>]*w:styleId="{style_id}".*?</w:style>', styles, re.DOTALL)
    assert match, style_id
    return match.group(0)


def _style_xml(docx: bytes, style_id: str) -> str:
    with zipfile.ZipFile(io.BytesIO(docx)) as package:
        return _style_block(package.read("word/styles.xml").decode("utf-8"), style_id)


def test_a_shorter_card(tmp_path: Path) -> None:
    out = house_build(
        tmp_path,
        {
            "briefing.md.j2": '{% extends "default/briefing.md.j2" %}\n'
            '{% set card_parts = ["title", "meta", "key_points", "risks"] %}\n'
        },
    )
    email = (out / "editions" / "both.html").read_text(encoding="utf-8")
    assert "核心要点" in email and "风险提示" in email
    assert "关键数据" not in email and "目录 / Contents" not in email
    assert "关键数据 / Key figures" in (out / "briefing.md").read_text(encoding="utf-8")  # full depth: unchanged


def test_a_contents_list_with_the_report_dates(tmp_path: Path) -> None:
    out = house_build(
        tmp_path,
        {
            "briefing.md.j2": '{% extends "default/briefing.md.j2" %}\n'
            "{% block contents %}\n## 本期内容 / In this issue\n\n{% for item in issue.items %}\n"
            "{{ loop.index }}. [{{ item.title.source | md }}](#{{ item.anchor }}) · {{ item.report.date }}\n\n"
            "{% endfor %}\n{% endblock %}\n"
        },
    )
    markdown = (out / "briefing.md").read_text(encoding="utf-8")
    assert "1. [港口储能行业周报 订单回暖 价格企稳](#report-1) · 2026-03-13" in markdown
    assert '<a id="report-1"' in (out / "editions" / "zh.html").read_text(encoding="utf-8")  # the link's target
