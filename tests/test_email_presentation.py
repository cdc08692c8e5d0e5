"""The built emails as a reader sees them, in a real headless Chromium.

At 600 px and on a 375 px phone, in light and in dark mode (the
prefers-color-scheme media feature emulated): every visible text against the
background it is drawn on keeps a WCAG contrast of at least 4.5:1 (computed
from the inlined styles and the dark-mode stylesheet as the browser applies
them); the phone never scrolls sideways; English is set in a Latin face and
Chinese in a CJK one; the footer says who sends it, from where and why.
"""

from __future__ import annotations

import dataclasses
import json
import re
from pathlib import Path
from typing import Any

import pytest

from newsletter.issue import make_issue
from newsletter.model import Depths, Table
from newsletter.readers import read_report
from newsletter.render import render_all
from newsletter.render.html import read_back
from newsletter.render.templates import make_environment
from newsletter.translate.catalog import load_memory
from tests.devtools import chromium
from tests.email_audit import MINIMUM, audit
from tests.render_fixture import CATALOG, MOMENT, build_fixture

EDITIONS = ("both", "zh", "en")
LAKEVIEW = Path(__file__).resolve().parent / "data" / "lakeview_company.txt"  # fictional 澄湖证券
# A forecast table wider than a phone (our own figures): eight columns of numbers that cannot wrap.
WIDE_FORECAST = Table(
    (
        ("指标（亿元）", "2021A", "2022A", "2023A", "2024A", "2025A", "2026E", "2027E"),
        ("营业收入", "1,012.45", "1,188.02", "1,305.77", "1,452.30", "1,523.08", "2,108.64", "2,681.19"),
        ("净利润", "201.36", "233.90", "262.15", "281.44", "316.02", "452.71", "589.33"),
        ("EPS（元）", "1.98", "2.31", "2.59", "2.78", "3.12", "4.46", "5.81"),
        ("PE（倍）", "55.41", "47.50", "42.36", "39.47", "35.16", "24.60", "18.89"),
    ),
    page=1,
)


@pytest.fixture(scope="module")
def issue_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("emails") / "issue"
    build_fixture(out)
    return out


@pytest.fixture(scope="module")
def audits(issue_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, int, str], dict[str, Any]]:
    found = {}
    with chromium(tmp_path_factory.mktemp("profile")) as page:
        for edition in EDITIONS:
            for width in (600, 375):
                for scheme in ("light", "dark"):
                    html = issue_dir / "editions" / f"{edition}.html"
                    found[edition, width, scheme] = audit(page, html, width, scheme)
    return found


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("edition", EDITIONS)
def test_every_text_keeps_a_contrast_of_4_5(
    audits: dict[tuple[str, int, str], dict[str, Any]], edition: str, scheme: str
) -> None:
    texts = audits[edition, 600, scheme]["texts"]
    assert len(texts) > 20
    poor = [text for text in texts if text["ratio"] < MINIMUM]
    assert not poor, json.dumps(poor, ensure_ascii=False, indent=1)


def test_dark_mode_really_is_dark(audits: dict[tuple[str, int, str], dict[str, Any]]) -> None:
    """The dark stylesheet applies: the risk warnings and the body are light on dark."""
    for edition in EDITIONS:
        light = {t["text"]: t for t in audits[edition, 600, "light"]["texts"]}
        dark = {t["text"]: t for t in audits[edition, 600, "dark"]["texts"]}
        risk = next(text for text in dark if text.startswith("需求不及预期"))
        assert light[risk]["background"] != dark[risk]["background"]
        assert _brightness(dark[risk]["background"]) < 60 < _brightness(dark[risk]["color"])


@pytest.mark.parametrize("edition", EDITIONS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_375_px_phone_never_scrolls_sideways(
    audits: dict[tuple[str, int, str], dict[str, Any]], edition: str, scheme: str
) -> None:
    found = audits[edition, 375, scheme]
    assert found["innerWidth"] == 375
    assert found["scrollWidth"] <= 375


def test_english_in_a_latin_face_first_chinese_in_a_cjk_face(
    audits: dict[tuple[str, int, str], dict[str, Any]],
) -> None:
    for edition in EDITIONS:
        for text in audits[edition, 600, "light"]["texts"]:
            first = text["font"].split(",")[0].strip("'\" ")
            if text["lang"] == "en" and text["tag"] == "p":
                assert first in ("-apple-system", "BlinkMacSystemFont", "Segoe UI", "Roboto"), text
            elif text["lang"] == "zh-CN" and text["tag"] == "p" and text["text"][:1] >= "\u4e00":
                assert first in ("PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC"), text


def test_outlook_gets_one_font_per_script(issue_dir: Path) -> None:
    html = (issue_dir / "editions" / "both.html").read_text(encoding="utf-8")
    mso = html.split("<!--[if mso]><style", 1)[1].split("<![endif]-->", 1)[0]
    assert "mso-fareast-font-family: 'Microsoft YaHei'" in mso and "mso-ascii-font-family: Arial" in mso


@pytest.mark.parametrize("edition", EDITIONS)
def test_footer_names_the_sender_its_address_the_reason_and_the_way_out(issue_dir: Path, edition: str) -> None:
    html = (issue_dir / "editions" / f"{edition}.html").read_text(encoding="utf-8")
    blocks = read_back(html.encode())
    footer = blocks[-4:]
    assert footer[0] == "Harbor Peak Research · research@harborpeak.example"
    assert footer[1] == "Harbor Peak Securities, 88 Harbour Road, Example City"
    reason = {
        "zh": "您收到这封邮件，是因为您订阅了Harbor Peak Research。",
        "en": "You are receiving this email because you subscribed to Harbor Peak Research.",
    }
    assert footer[2] == reason.get(edition, f"{reason['zh']} / {reason['en']}")
    assert footer[3] == {"zh": "退订", "en": "Unsubscribe"}.get(edition, "退订 / Unsubscribe")
    assert re.search(r'href="%%unsubscribe_url\.[0-9a-f]{32}%%"', html)  # the build's slot
    view = {"zh": "在浏览器中查看", "en": "View in browser"}.get(edition, "在浏览器中查看 / View in browser")
    assert blocks[0] == view
    assert f'href="https://harborpeak.example/weekly/2026-W11/{edition}.html"' in html


def test_a_colour_without_a_dark_partner_is_caught(tmp_path: Path) -> None:
    """The audit is not blind: a house style with a poor colour fails it."""
    house = tmp_path / "templates"
    house.mkdir()
    (house / "email.mjml.j2").write_text(
        '{% extends "default/email.mjml.j2" %}{% block extra_styles %}p.en { color: #a0a0a0; }{% endblock %}\n',
        encoding="utf-8",
    )
    build_fixture(tmp_path / "issue", templates=house)
    with chromium(tmp_path / "profile") as page:
        found = audit(page, tmp_path / "issue" / "editions" / "en.html", 600, "light")
    assert any(text["ratio"] < MINIMUM and text["lang"] == "en" for text in found["texts"])


# --- an email with a report's table (the company card's forecast table) -----------------------


@pytest.fixture(scope="module")
def table_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    report = dataclasses.replace(read_report(LAKEVIEW), tables=(WIDE_FORECAST,))
    issue = make_issue([report], load_memory(CATALOG), now=MOMENT, depths=Depths(email="card", docx="full"))
    out = tmp_path_factory.mktemp("table")
    for name, data in render_all(issue, make_environment(None)).items():
        if name.startswith("editions/") and name.endswith(".html"):
            (out / Path(name).name).write_bytes(data)
    return out


@pytest.fixture(scope="module")
def table_audits(
    table_dir: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, int, str], dict[str, Any]]:
    with chromium(tmp_path_factory.mktemp("profile")) as page:
        return {
            (edition, width, scheme): audit(page, table_dir / f"{edition}.html", width, scheme)
            for edition in EDITIONS
            for width in (600, 375)
            for scheme in ("light", "dark")
        }


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("edition", EDITIONS)
def test_a_table_keeps_every_cell_at_4_5_and_a_phone_from_scrolling_sideways(
    table_audits: dict[tuple[str, int, str], dict[str, Any]], edition: str, scheme: str
) -> None:
    cells = [
        t for t in table_audits[edition, 600, scheme]["texts"] if t["tag"] in ("th", "td") and t["text"] == "2,681.19"
    ]
    assert cells, "the forecast table is in the email"
    poor = [text for text in table_audits[edition, 600, scheme]["texts"] if text["ratio"] < MINIMUM]
    assert not poor, json.dumps(poor, ensure_ascii=False, indent=1)
    phone = table_audits[edition, 375, scheme]
    assert phone["innerWidth"] == 375
    assert phone["scrollWidth"] <= 375
    # The table really is wider than the phone: it scrolls inside its own box.
    assert phone["tables"] and all(box["scrollWidth"] > box["clientWidth"] for box in phone["tables"])


def test_a_table_has_a_header_row_borders_and_numbers_on_the_right(table_dir: Path) -> None:
    with chromium(table_dir / "profile") as page:
        audit(page, table_dir / "zh.html", 600, "light")
        cells = page.evaluate(
            "Array.from(document.querySelectorAll('div.table th, div.table td')).map(c => {"
            " const s = getComputedStyle(c); return {tag: c.tagName, text: c.textContent.trim(),"
            " background: s.backgroundColor, border: s.borderBottomWidth, padding: parseFloat(s.paddingLeft),"
            " align: s.textAlign}; })"
        )
    header = [c for c in cells if c["tag"] == "TH"]
    body = [c for c in cells if c["tag"] == "TD"]
    assert header and body and header[0]["background"] != body[0]["background"]
    assert all(c["border"] != "0px" and c["padding"] >= 4 for c in cells)
    assert next(c for c in body if c["text"] == "2,681.19")["align"] == "right"
    assert next(c for c in body if c["text"] == "营业收入")["align"] in ("left", "start")


def _brightness(css: str) -> float:
    red, green, blue = (float(part) for part in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
    return 0.299 * red + 0.587 * green + 0.114 * blue
