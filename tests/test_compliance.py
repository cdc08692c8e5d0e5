"""Risk warnings and the disclaimer reach every output verbatim, or nothing is written."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from newsletter.checks import Checked
from newsletter.checks.compliance import check_compliance
from newsletter.cli import main
from newsletter.issue import make_issue
from newsletter.model import Paragraph, Report
from newsletter.readers import read_report
from newsletter.render import read_back, render_all
from newsletter.render.templates import make_environment
from newsletter.translate.catalog import load_memory
from tests.render_fixture import CATALOG, MOMENT, REPORT, cli_args, fixture_issue

TRUNCATING_DISCLAIMER = """\
{% extends "default/briefing.md.j2" %}
{% block closing %}
### Disclaimer

{% for entry in issue.closing %}
{% for paragraph in entry.disclaimer %}
{{ paragraph.source | truncate(20) | md }}

{% endfor %}
{% endfor %}
{% endblock %}
"""


def test_every_output_carries_every_compliance_paragraph() -> None:
    issue = fixture_issue()
    outputs = render_all(issue, make_environment(None))
    assert check_compliance(Checked(issue, outputs)) == []
    readable = [name for name, data in outputs.items() if read_back(name, data) is not None]
    assert {"briefing.md", "briefing.html", "briefing.txt", "briefing.docx", "editions/en.html"} <= set(readable)


def test_altered_disclaimer_makes_build_refuse_and_write_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    house = tmp_path / "templates"
    house.mkdir()
    (house / "briefing.md.j2").write_text(TRUNCATING_DISCLAIMER)
    out = tmp_path / "out"
    assert main(cli_args(out, "--templates", str(house))) != 0
    error = capsys.readouterr().err
    assert "[compliance]" in error
    assert "disclaimer paragraph 2 is not reproduced verbatim" in error
    assert "briefing.docx" in error and "nothing was written" in error
    assert len(error.strip().splitlines()) == 1 and "Traceback" not in error
    assert not out.exists()
    assert list(tmp_path.iterdir()) == [house]  # no half-written staging folder either


def test_dropped_approved_english_is_caught_in_english_editions() -> None:
    issue = fixture_issue()
    outputs = render_all(issue, make_environment(None))
    approved = "Weaker demand: ports may electrify more slowly than expected."
    # The DOCX is compressed XML: tampering with it is the next test's job.
    tampered = {name: data.replace(approved.encode(), b"Weaker demand.") for name, data in outputs.items()}
    tampered["briefing.docx"] = outputs["briefing.docx"]
    findings = check_compliance(Checked(issue, tampered))
    flagged = {finding.output for finding in findings}
    assert flagged == {
        "briefing.md",
        "briefing.html",
        "briefing.txt",
        "editions/both.html",
        "editions/both.txt",
        "editions/en.html",
        "editions/en.txt",
    }  # not the zh editions: no English there
    assert all(f.message.startswith("risk warning paragraph 1 (approved English)") for f in findings)
    assert all(f.blocks() for f in findings)


def test_tampered_docx_is_caught(tmp_path: Path) -> None:
    issue = fixture_issue()
    outputs = render_all(issue, make_environment(None))
    house = tmp_path / "templates"
    house.mkdir()
    (house / "briefing.md.j2").write_text(TRUNCATING_DISCLAIMER)
    tampered = render_all(issue, make_environment(house))
    findings = check_compliance(Checked(issue, {**outputs, "briefing.docx": tampered["briefing.docx"]}))
    assert {f.output for f in findings} == {"briefing.docx"}
    assert {f.message.split(" is ")[0] for f in findings} >= {
        f"disclaimer paragraph {n}" for n in range(2, 6)
    }  # 1 is short enough to survive


def test_findings_name_the_report_when_an_issue_has_several(tmp_path: Path) -> None:
    second = tmp_path / "second.txt"
    second.write_text(
        REPORT.read_text(encoding="utf-8").replace("港口储能行业周报", "港口物流行业周报"), encoding="utf-8"
    )
    memory = load_memory(CATALOG)
    issue = make_issue([read_report(REPORT), read_report(second)], memory, now=MOMENT)
    outputs = render_all(issue, make_environment(None))
    assert check_compliance(Checked(issue, outputs)) == []
    markdown = outputs["briefing.md"].decode()
    # One broker, one disclaimer: once, in the closing section, after both reports.
    assert markdown.count("## 免责声明 / Disclaimer") == 1
    assert markdown.count(issue.items[0].disclaimer[1].source) == 1
    assert markdown.index(issue.items[0].disclaimer[1].source) > markdown.index(issue.items[1].risks[-1].source)
    risk = issue.items[1].risks[1].source
    cut = {"briefing.txt": outputs["briefing.txt"].decode().replace(risk, risk[:-1], 1).encode()}
    (finding,) = check_compliance(Checked(issue, cut))
    # Both reports carry the same risk text: one copy is still there, the other is not.
    assert finding.output == "briefing.txt"
    assert finding.message.startswith("report 2 (港口物流行业周报 订单回暖 价格企稳): risk warning paragraph 2 is not")


CERTIFICATION = "分析师承诺：作者保证本报告观点独立、客观，报酬与具体推荐意见无关。"
RATING_SCALE = "买入：预计未来 6 个月内股价相对基准指数涨幅超过 15%。"
CLOSING_WITHOUT_OTHER = """\
{% extends "default/briefing.md.j2" %}
{% block closing %}
{% for item in issue.items %}
{% for paragraph in item.disclaimer %}
{{ paragraph.source }}

{% endfor %}
{% endfor %}
{% endblock %}
"""


def _with_other_compliance_text() -> list[Report]:
    report = read_report(REPORT)
    other = (Paragraph(CERTIFICATION, 9), Paragraph(RATING_SCALE, 9))
    return [dataclasses.replace(report, disclaimer_other=other)]


def test_certification_and_rating_definitions_reach_every_output_verbatim() -> None:
    issue = make_issue(_with_other_compliance_text(), load_memory(CATALOG), now=MOMENT)
    outputs = render_all(issue, make_environment(None))
    assert check_compliance(Checked(issue, outputs)) == []
    for name, data in outputs.items():
        blocks = read_back(name, data)
        if blocks is not None:
            assert CERTIFICATION in "\n".join(blocks) and RATING_SCALE in "\n".join(blocks), name


def test_a_template_that_drops_them_is_caught(tmp_path: Path) -> None:
    (tmp_path / "briefing.md.j2").write_text(CLOSING_WITHOUT_OTHER)
    issue = make_issue(_with_other_compliance_text(), load_memory(CATALOG), now=MOMENT)
    findings = check_compliance(Checked(issue, render_all(issue, make_environment(tmp_path))))
    missing = [str(f) for f in findings if "is not reproduced verbatim" in str(f)]
    assert any(CERTIFICATION[:10] in line for line in missing) and any(RATING_SCALE[:10] in line for line in missing)
    assert not any("海峰证券" in line for line in missing)  # the disclaimer itself is there
    assert all(f.blocks() for f in findings)


def test_a_risk_printed_twice_with_and_without_its_label_is_in_the_issue_once() -> None:
    report = read_report(REPORT)
    first = Paragraph("风险提示：潮汐发电装机进度不及预期；港口电价政策调整。", 1)
    again = Paragraph("潮汐发电装机进度 不及预期；港口电价政策调整。", 4)
    other = Paragraph("原材料价格大幅波动。", 4)
    issue = make_issue([dataclasses.replace(report, risks=(first, again, other))], load_memory(CATALOG), now=MOMENT)
    assert [risk.source for risk in issue.items[0].risks] == [first.text, other.text]  # the first kept verbatim
    outputs = render_all(issue, make_environment(None))
    assert check_compliance(Checked(issue, outputs)) == []
    assert outputs["briefing.md"].decode().count("港口电价政策调整") == 1
