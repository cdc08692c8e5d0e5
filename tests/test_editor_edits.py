"""The common edits templates/README.md shows editors, each done the way it says."""

from __future__ import annotations

from pathlib import Path

import pytest

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
