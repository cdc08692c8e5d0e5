"""The HTML email and its editions: layout, inlined styles, preheader, languages."""

from __future__ import annotations

import dataclasses
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from newsletter.checks import Checked
from newsletter.checks.email import GMAIL_CLIP_BYTES, check_email
from newsletter.model import Depths
from newsletter.render import render_all
from newsletter.render.html import read_back
from newsletter.render.markdown import is_english
from newsletter.render.templates import make_environment
from tests.render_fixture import build_fixture, fixture_issue

CONTENT_TAGS = {"p", "h1", "h2", "h3", "h4", "ul", "li"}


@pytest.fixture(scope="module")
def issue_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("html") / "issue"
    build_fixture(out)
    return out


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.elements: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.elements.append((tag, dict(attrs)))


def elements(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Elements()
    parser.feed(html)
    return parser.elements


def test_layout_is_tables_at_most_600px(issue_dir: Path) -> None:
    html = (issue_dir / "briefing.html").read_text()
    assert "<table" in html
    widths = [int(w) for w in re.findall(r'width[:=]\s*"?(\d+)(?:px)?', html)]
    assert widths and max(widths) <= 600
    assert "max-width:600px" in html.replace(" ", "")


def test_styles_are_inlined_on_content(issue_dir: Path) -> None:
    found = [(tag, attrs) for tag, attrs in elements((issue_dir / "briefing.html").read_text()) if tag in CONTENT_TAGS]
    assert found
    assert all("style" in attrs for tag, attrs in found), [tag for tag, attrs in found if "style" not in attrs]
    # What remains in <style> is only what cannot be inlined: media queries.
    # (Outlook's conditional comments hold their own, which other clients never see.)
    html = re.sub(r"<!--.*?-->", "", (issue_dir / "briefing.html").read_text(), flags=re.S)
    styles = re.findall(r"<style[^>]*>(.*?)</style>", html, re.S)
    assert all(style.strip().startswith("@media") for style in styles), styles


def test_preheader_dark_mode_and_language(issue_dir: Path) -> None:
    html = (issue_dir / "editions" / "en.html").read_text()
    blocks = read_back(html.encode())
    assert "<title>2026-W11: Port Energy Storage Weekly" in html  # no brand: the From name carries it
    preheader = re.search(r'<body[^>]*><div style="display:none;[^"]*">([^<]*)</div>', html)
    assert preheader and preheader.group(1).startswith("Port energy-storage tenders reached 1.2 GWh")
    assert blocks[0] == "View in browser"  # the fixture's publisher has a web_url
    assert blocks[1] == "Harbor Peak Research · 2026-W11"  # then the masthead
    assert '<meta name="color-scheme" content="light dark">' in html
    assert "prefers-color-scheme: dark" in html
    assert '<html lang="en"' in html
    assert '<html lang="zh-CN"' in (issue_dir / "editions" / "zh.html").read_text()


def test_english_paragraphs_are_marked_for_style_and_screen_readers(issue_dir: Path) -> None:
    html = (issue_dir / "briefing.html").read_text()
    english = [attrs for tag, attrs in elements(html) if tag == "p" and attrs.get("lang") == "en"]
    assert len(english) >= 5  # a card: key points, risk warnings and the approved disclaimer English
    assert all("en" in (attrs.get("class") or "") for attrs in english)


COMPLIANCE_ZH = "需求不及预期：港口电动化改造进度可能慢于预期。"
COMPLIANCE_EN = "Weaker demand: ports may electrify more slowly than expected."
# The emails show each report as a card: its key points, not the sections' text.
BODY_ZH = "本周港口储能招标规模达 1.2 GWh"
BODY_EN = "Port energy-storage tenders reached 1.2 GWh"
SECTION_ZH = "电芯价格持平于 0.42 元/Wh"


@pytest.mark.parametrize("suffix", ["html", "txt"])
def test_editions_carry_their_language_and_all_compliance_text(issue_dir: Path, suffix: str) -> None:
    zh = (issue_dir / "editions" / f"zh.{suffix}").read_text()
    en = (issue_dir / "editions" / f"en.{suffix}").read_text()
    both = (issue_dir / "editions" / f"both.{suffix}").read_text()
    assert BODY_ZH in zh and BODY_EN not in zh
    assert BODY_EN in en and BODY_ZH not in en
    assert BODY_ZH in both and BODY_EN in both
    assert SECTION_ZH not in both  # a card
    assert COMPLIANCE_ZH in zh and COMPLIANCE_EN not in zh
    assert COMPLIANCE_ZH in en and COMPLIANCE_EN in en
    assert (issue_dir / f"briefing.{suffix}").read_text() == both


def test_english_edition_is_english_outside_the_compliance_blocks(issue_dir: Path) -> None:
    blocks = read_back((issue_dir / "editions" / "en.html").read_bytes())
    end = blocks.index("Risk warnings")
    chinese = [b for b in blocks[:end] if not is_english(b)]
    # The broker by its English name (the glossary), the analysts in pinyin.
    assert not chinese, chinese
    assert "Harbor Peak Securities · March 13, 2026 · Lin Haifan, Zhou Yuqing" in blocks


def test_meta_json_describes_each_edition(issue_dir: Path) -> None:
    meta = json.loads((issue_dir / "editions" / "meta.json").read_text())
    assert set(meta) == {"both", "zh", "en"}
    assert meta["zh"]["content_language"] == "zh-CN"
    assert meta["en"]["content_language"] == "en"
    assert meta["both"]["content_language"] == "zh-CN, en"
    # No brand (the From name says it), and 周报 once: the title says it already.
    assert meta["zh"]["subject"] == "2026-W11：港口储能行业周报 订单回暖 价格企稳"
    assert meta["en"]["preheader"].startswith("Port energy-storage tenders reached 1.2 GWh")
    for edition in meta.values():
        assert (issue_dir / edition["html"]).is_file() and (issue_dir / edition["text"]).is_file()


def test_house_subject_template_changes_the_subject(tmp_path: Path) -> None:
    house = tmp_path / "templates"
    house.mkdir()
    (house / "subject.txt.j2").write_text("{{ issue.brand }} — week {{ issue.id[-2:] }} ({{ edition }})\n")
    build_fixture(tmp_path / "out", templates=house)
    meta = json.loads((tmp_path / "out" / "editions" / "meta.json").read_text())
    assert meta["en"]["subject"] == "Harbor Peak Research — week 11 (en)"
    assert "<title>Harbor Peak Research — week 11 (both)</title>" in (tmp_path / "out" / "briefing.html").read_text()


def test_hidden_text_does_not_count_as_read() -> None:
    html = (
        b'<html><head><title>T</title></head><body><div style="display: none">secret</div>'
        b"<p>one<br>two</p><ul><li>a<li>b</ul><p hidden>gone</p><p>&amp; last</p></body></html>"
    )
    assert read_back(html) == ["one", "two", "a", "b", "& last"]


def test_oversized_email_is_refused_naming_the_edition_its_size_and_the_remedy() -> None:
    big = b"<html><body><p>" + b"x" * (GMAIL_CLIP_BYTES + 1) + b"</p></body></html>"
    issue = dataclasses.replace(fixture_issue(), depths=Depths(email="full"))
    findings = check_email(Checked(issue, {"editions/en.html": big, "briefing.txt": big}))
    assert [(f.output, f.blocks()) for f in findings] == [("editions/en.html", True)]
    message = findings[0].message
    assert message.startswith("the en edition's email is 102 KB, over Gmail's clipping limit of 102 KB")
    assert 'email_depth = "card"' in message and "--depth card" in message


def test_oversized_cards_are_refused_with_fewer_reports_as_the_remedy() -> None:
    big = b"<html><body><p>" + b"x" * (GMAIL_CLIP_BYTES * 2) + b"</p></body></html>"
    issue = fixture_issue()
    issue = dataclasses.replace(issue, items=issue.items * 3)
    (finding,) = check_email(Checked(issue, {"editions/zh.html": big}))
    assert finding.blocks() and "the zh edition's email is 204 KB" in finding.message
    assert "build fewer than 3 reports" in finding.message


def test_image_without_alt_text_is_reported() -> None:
    html = b'<html><body><img src="logo.png"><img src="chart.png" alt="Chart"></body></html>'
    findings = check_email(Checked(fixture_issue(), {"editions/zh.html": html}))
    assert [f.message for f in findings] == ["image logo.png has no alt text"]


def test_the_bilingual_edition_is_rendered_once_for_its_two_files() -> None:
    """briefing.html/.txt and editions/both.html/.txt are one edition: the same bytes, from one render."""
    outputs = render_all(fixture_issue(), make_environment(None))
    for suffix in (".html", ".txt"):
        assert outputs[f"briefing{suffix}"] is outputs[f"editions/both{suffix}"]
        assert outputs[f"editions/en{suffix}"] != outputs[f"editions/both{suffix}"]
