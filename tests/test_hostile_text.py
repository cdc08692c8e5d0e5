"""Report text with line breaks and control characters never becomes structure, nor a traceback."""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest

from newsletter.cli import main
from newsletter.render.markdown import md_escape, paragraph_texts, to_blocks, to_html
from tests.fake_chat_api import FakeChatAPI, serve
from tests.render_fixture import CATALOG, REPORT, cli_args

# Each would open a fence, a list, a rule, a heading, a quote, a table, code or HTML
# at the start of a line if a line break in it were taken for one.
HOSTILE = [
    "a\r```\nb",
    "a\r~~~",
    "a\r- b",
    "a\n - b",
    "a\n ---",
    "a\r\n===",
    "a\u2028# heading",
    "a\u2029> quote",
    "a\f1. item",
    "a\v2) item",
    "a\x85+ item",
    "a\n\n    indented code",
    "a\n\t\tcode",
    "a\n<div>html</div>",
    "a\n| x | y |\n|---|---|",
    "a\n***",
    "a\n_ _ _",
    "a\x1c* item",
]


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_is_one_paragraph_in_markdown_and_html(text: str) -> None:
    markdown = f"before\n\n{md_escape(text)}\n\nafter\n"
    blocks = to_blocks(markdown)
    assert [block.kind for block in blocks] == ["paragraph"] * 3, blocks
    assert len(paragraph_texts(markdown.encode())) == 3
    html = to_html(markdown)
    for tag in ("<pre", "<li", "<h1", "<hr", "<blockquote", "<table", "<div", "<code"):
        assert tag not in html, html


@pytest.mark.parametrize("text", HOSTILE)
def test_escaped_text_after_a_heading_or_list_marker_opens_nothing(text: str) -> None:
    """A heading is one line: what follows a line break is a plain paragraph, never code or a list."""
    markdown = f"## {md_escape(text)}\n\n- {md_escape(text)}\n"
    kinds = [block.kind for block in to_blocks(markdown)]
    assert kinds in (["heading", "bullet"], ["heading", "paragraph", "bullet"]), kinds
    assert not any(tag in to_html(markdown) for tag in ("<pre", "<code", "<hr", "<blockquote", "<ol", "<h1"))


def hostile_report(tmp_path: Path) -> Path:
    """The fixture report with control characters and line-start syntax in prose and risk text."""
    text = REPORT.read_text(encoding="utf-8")
    text = text.replace("订单回暖叠加价格企稳", "订单回暖\f\x1b[31m叠加\r```\r价格企稳", 1)
    text = text.replace("需求不及预期：", "需求不及预期：\r- \u2028> ", 1)
    path = tmp_path / "hostile.txt"
    path.write_text(text, encoding="utf-8")
    return path


def test_a_report_with_control_characters_builds_without_structure_from_its_text(tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = cli_args(out, "--depth", "full")  # the email shows the sections' text too
    args[1] = str(hostile_report(tmp_path))
    assert main(args) == 0
    html = (out / "briefing.html").read_text(encoding="utf-8")
    assert "<pre" not in html and "<blockquote" not in html and "\x1b" not in html
    assert "订单回暖[31m叠加```价格企稳" in html  # joined like a wrapped line, the escape sequence's ESC gone
    document = docx.Document(io.BytesIO((out / "briefing.docx").read_bytes()))
    assert any("需求不及预期：- >" in p.text for p in document.paragraphs)


def test_control_characters_in_a_catalog_reach_no_output(tmp_path: Path) -> None:
    catalog = tmp_path / "translations" / "en.po"
    catalog.parent.mkdir()
    text = CATALOG.read_text(encoding="utf-8").replace('msgstr "Industry news"', 'msgstr "Industry\x1b[m news\x07"')
    catalog.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main([*cli_args(out), "--catalog", str(catalog)]) == 0
    for name in ("briefing.txt", "briefing.md", "briefing.html", "editions/en.txt"):
        data = (out / name).read_text(encoding="utf-8")
        shown = "Industry\\[m news" if name.endswith(".md") else "Industry[m news"
        assert "\x1b" not in data and "\x07" not in data and shown in data, name


CODE_RISKS = """\
{% extends "default/briefing.md.j2" %}
{% block risks %}
### Risks

{% for risk in item.risks %}
    {{ risk.source }}

    {{ risk | en(approved_only=True) }}

{% endfor %}
{% endblock %}
"""

LIST_RISKS = CODE_RISKS.replace("    {{ risk.source }}", "- {{ risk.source | md }}").replace(
    "    {{ risk | en", "- {{ risk | en"
)


@pytest.mark.parametrize("template", [CODE_RISKS, LIST_RISKS])
def test_compliance_text_that_is_not_a_paragraph_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], template: str
) -> None:
    house = tmp_path / "templates"
    house.mkdir()
    (house / "briefing.md.j2").write_text(template)
    assert main(cli_args(tmp_path / "out", "--templates", str(house))) == 1
    error = capsys.readouterr().err.strip()
    assert "risk warning paragraph 1 is not rendered as a paragraph" in error
    assert len(error.splitlines()) == 1 and not (tmp_path / "out").exists()


@pytest.mark.parametrize("brand", ["Harbor\x01Peak", "Harbor\x0bPeak", "Harbor\nPeak"])
def test_a_control_character_in_the_brand_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], brand: str
) -> None:
    assert main(cli_args(tmp_path / "out", "--brand", brand)) == 2
    error = capsys.readouterr().err.strip()
    assert "contains the control character U+00" in error
    assert len(error.splitlines()) == 1 and "Traceback" not in error


def test_a_control_character_in_the_configured_brand_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    settings = tmp_path / "newsletter.toml"
    settings.write_text('brand = "Harbor\\u001bPeak"\n')
    assert main(["build", str(REPORT), "--config", str(settings), "--out", str(tmp_path / "out"), "-q"]) == 2
    error = capsys.readouterr().err.strip()
    assert "brand must be one line of printable text" in error and "U+001B" in error
    assert len(error.splitlines()) == 1


def test_machine_translation_of_a_catalog_not_named_after_a_language_calls_no_api(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    catalog = tmp_path / "name.po"
    catalog.write_text('msgid ""\nmsgstr ""\n\nmsgctxt "paragraph"\nmsgid "本周"\nmsgstr ""\n', encoding="utf-8")
    with serve(FakeChatAPI()) as api:
        monkeypatch.setenv("NEWSLETTER_MT_BASE_URL", api.url)
        monkeypatch.setenv("NEWSLETTER_MT_MODEL", "fake-mt")
        assert main(["translate", "machine", "--catalog", str(catalog)]) == 2
    assert api.requests == []
    error = capsys.readouterr().err.strip()
    assert "named after its language: en.po or zh.po" in error and len(error.splitlines()) == 1
