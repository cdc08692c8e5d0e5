"""`newsletter check ISSUE_DIR`: what blocks sending, one line per finding."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from newsletter.checks.email import GMAIL_CLIP_BYTES
from newsletter.checks.preflight import well_formed
from newsletter.cli import main
from tests.editors_support import DISCLAIMER, ENGLISH, build_project, make_project, write_catalog

Capture = pytest.CaptureFixture[str]
ISSUE = Path("out") / "issue"  # in the built project (conftest: built_project, project_copy)


def check(issue: Path, capsys: Capture) -> tuple[int, list[str]]:
    capsys.readouterr()
    code = main(["check", str(issue)])
    return code, capsys.readouterr().out.splitlines()


def built(tmp_path: Path, **catalog: tuple[str, ...]) -> Path:
    root = make_project(tmp_path, **catalog)
    code, issue = build_project(root)
    assert code == 0
    return issue


def test_a_clean_issue_is_ready_to_send(project_copy: Path, capsys: Capture) -> None:
    issue = project_copy / ISSUE
    page = (issue / "editions" / "en.html").read_text()
    assert re.search(r'href="%%unsubscribe_url\.[0-9a-f]{32}%%"', page)  # the build's slot, not a malformed link
    code, lines = check(issue, capsys)
    assert code == 0
    assert lines[-1].endswith("ready to send (0 warning(s))")


def test_an_altered_disclaimer_blocks(project_copy: Path, capsys: Capture) -> None:
    issue = project_copy / ISSUE
    for output in issue.glob("briefing.*"):
        if output.suffix in (".md", ".html", ".txt"):
            text = output.read_text(encoding="utf-8")
            output.write_text(text.replace(DISCLAIMER, DISCLAIMER.replace("客户", "用户", 1)), encoding="utf-8")
    code, lines = check(issue, capsys)
    assert code == 1
    assert any(line.startswith("error: [compliance] briefing.md") for line in lines)
    assert "NOT ready to send" in lines[-1]


def test_an_unreviewed_translation_blocks(tmp_path: Path, capsys: Capture) -> None:
    fuzzy_source = next(source for (context, source) in ENGLISH if context == "paragraph")
    code, lines = check(built(tmp_path, fuzzy=(fuzzy_source,)), capsys)
    assert code == 1
    assert f"error: [translation] translation not reviewed (fuzzy): paragraph p.1: {fuzzy_source}" in lines
    assert "error: [translation] briefing.md: shows the marker '[needs review]'" in lines


def test_a_missing_translation_blocks_and_the_marker_is_found(tmp_path: Path, capsys: Capture) -> None:
    title = next(source for (context, source) in ENGLISH if context == "title")
    code, lines = check(built(tmp_path, missing=(title,)), capsys)
    assert code == 1
    assert f"error: [translation] no translation: title p.1: {title}" in lines
    assert "error: [translation] briefing.md: shows the marker '[translation pending]'" in lines


def test_a_catalog_changed_after_the_build_blocks(project_copy: Path, capsys: Capture) -> None:
    issue = project_copy / ISSUE
    write_catalog(project_copy / "translations" / "en.po", fuzzy=("二、行业动态",))
    code, lines = check(issue, capsys)
    assert code == 1
    assert any("changed after this build; rebuild before sending" in line for line in lines)


def test_an_oversized_email_blocks(project_copy: Path, capsys: Capture) -> None:
    issue = project_copy / ISSUE
    (issue / "briefing.html").write_text("<p>x</p>" * (GMAIL_CLIP_BYTES // 8 + 100), encoding="utf-8")
    code, lines = check(issue, capsys)
    assert code == 1
    found = [
        line for line in lines if line.startswith("error: [email] briefing.html: the both edition's email is 103 KB")
    ]
    assert found and "over Gmail's clipping limit of 102 KB" in found[0]
    assert "build fewer" in found[0] or "card" in found[0]  # the remedy


def test_an_image_without_alt_text_warns_but_does_not_block(project_copy: Path, capsys: Capture) -> None:
    issue = project_copy / ISSUE
    html = (issue / "editions" / "zh.html").read_text(encoding="utf-8")
    image = '<img src="https://harborpeak.example/chart.png">'
    (issue / "editions" / "zh.html").write_text(html.replace("</body>", image + "</body>"), encoding="utf-8")
    code, lines = check(issue, capsys)
    assert code == 0
    assert "warning: [email] editions/zh.html: image https://harborpeak.example/chart.png has no alt text" in lines
    assert lines[-1].endswith("ready to send (1 warning(s))")


def test_unrendered_template_syntax_and_bad_links_block(tmp_path: Path, capsys: Capture) -> None:
    root = make_project(tmp_path)
    (root / "templates" / "briefing.md.j2").write_text(
        "{% include 'default/briefing.md.j2' %}\n"
        "{% raw %}Dear {{ name }},{% endraw %} [web](htps://harborpeak.example) "
        "[mail](mailto:desk@harborpeak.example) [site](https://harborpeak.example/a)\n",
        encoding="utf-8",
    )
    code, issue = build_project(root)
    assert code == 0
    code, lines = check(issue, capsys)
    assert code == 1
    assert any(line.startswith("error: [template] briefing.md: unrendered template syntax:") for line in lines)
    assert any("{{ name }}" in line for line in lines if "[template]" in line)
    assert "error: [links] briefing.md: malformed link 'htps://harborpeak.example'" in lines
    assert not any("mailto:" in line or "/a'" in line for line in lines)


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://harborpeak.example/u?id=1", True),
        ("mailto:desk@harborpeak.example", True),
        ("#disclaimer", True),
        ("https://", False),
        ("htps://harborpeak.example", False),
        ("https://harbor peak.example", False),
        ("https://harborpeak.example/{{ id }}", False),
        ("", False),
        ("mailto:desk", False),
        ("%%unsubscribe_url%%", True),  # send puts each subscriber's link there
        ("%%unsubscribe_url.0123456789abcdef0123456789abcdef%%", True),  # a build's slot
        ("%%unsubscribe%%", False),
        ("%%unsubscribe_url%%/x", False),
    ],
)
def test_well_formed_links(url: str, ok: bool) -> None:
    assert well_formed(url) is ok


def test_check_refuses_a_folder_that_is_not_an_issue(tmp_path: Path, capsys: Capture) -> None:
    code = main(["check", str(tmp_path)])
    err = capsys.readouterr().err
    assert code == 1
    assert "build.json: missing; rebuild the issue" in err
    assert "Traceback" not in err


def test_a_damaged_docx_is_a_finding_not_a_crash(project_copy: Path, capsys: Capture) -> None:
    issue = project_copy / ISSUE
    docx = issue / "briefing.docx"
    docx.write_bytes(docx.read_bytes()[:2000])  # cut short, as a failed copy leaves it
    code, lines = check(issue, capsys)
    assert code == 1
    assert any(line.startswith("error: [readable] briefing.docx: cannot be opened") for line in lines)
    assert not any("[compliance] briefing.docx" in line for line in lines)


ROOT = Path(__file__).resolve().parents[1]


def test_the_example_issue_is_ready_and_a_changed_amount_blocks(tmp_path: Path, capsys: Capture) -> None:
    issue = tmp_path / "issue"
    settings = str(ROOT / "newsletter.toml")
    report = str(ROOT / "examples" / "weekly_report.txt")
    assert main(["build", report, "--out", str(issue), "--config", settings, "--no-cache", "-q"]) == 0
    code, lines = check(issue, capsys)
    assert (code, lines[-1]) == (0, f"{issue}: ready to send (0 warning(s))")
    english = issue / "editions" / "en.html"
    text = english.read_text(encoding="utf-8")
    amount = re.search(r"US\$(\d+) billion", text)
    assert amount, "the example's English edition shows amounts in US$ billions"
    wrong = f"US${int(amount.group(1)) + 18} billion"
    english.write_text(text.replace(amount.group(0), wrong), encoding="utf-8")
    code, lines = check(issue, capsys)
    assert code == 1
    assert any(line.startswith(f'error: [figures] editions/en.html: "{wrong}" matches no figure') for line in lines)


def test_a_house_template_that_writes_a_number_of_its_own_blocks(tmp_path: Path, capsys: Capture) -> None:
    root = make_project(tmp_path)
    (root / "templates" / "briefing.md.j2").write_text(
        '{% extends "default/briefing.md.j2" %}{% block footer %}Sector up 12% this week.{% endblock %}\n',
        encoding="utf-8",
    )
    code, issue = build_project(root)
    assert code == 0
    code, lines = check(issue, capsys)
    assert code == 1
    assert 'error: [figures] editions/en.html: "12%" matches no figure of the report (12 %)' in lines
