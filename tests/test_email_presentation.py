"""The built emails as a reader sees them, in a real headless Chromium.

At 600 px and on a 375 px phone, in light and in dark mode (the
prefers-color-scheme media feature emulated): every visible text against the
background it is drawn on keeps a WCAG contrast of at least 4.5:1 (computed
from the inlined styles and the dark-mode stylesheet as the browser applies
them); the phone never scrolls sideways; English is set in a Latin face and
Chinese in a CJK one; the footer says who sends it, from where and why.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from newsletter.render.html import read_back
from tests.devtools import chromium
from tests.email_audit import MINIMUM, audit
from tests.render_fixture import build_fixture

EDITIONS = ("both", "zh", "en")


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


def _brightness(css: str) -> float:
    red, green, blue = (float(part) for part in css[css.index("(") + 1 : css.index(")")].split(",")[:3])
    return 0.299 * red + 0.587 * green + 0.114 * blue
