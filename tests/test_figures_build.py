"""The figures stage and check in the real build: report.json, extract --json, key figures, the guard."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from newsletter.build import BuildOptions, build
from newsletter.cli import main
from newsletter.clock import fixed_clock
from newsletter.errors import CheckError

POINT = "海峰云第三季度剩余履约义务（RPO）达到 5530 亿美元，同比大增 325%。"
REPORT = f"""海峰证券 AI 周报：云厂商订单高增

分析师及联系人

王海

SAC:S0000000000001

核心要点

本周观点

{POINT}

一、本周观点

{POINT}

风险提示

算力供不应求的风险：若芯片不足，可能影响应用推广。

特别声明：

本报告仅供海峰证券客户使用。
"""
RIGHT = "Harbor Cloud's RPO reached US$553 billion in the third quarter, up 325% YoY."
WRONG = "Harbor Cloud's RPO reached $5.53 billion in the third quarter, up 325% YoY."


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "weekly.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def catalog(tmp_path: Path, english: str) -> Path:
    path = tmp_path / "en.po"
    path.write_text(
        f'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\nmsgid "{POINT}"\nmsgstr "{english}"\n\n'
        'msgctxt "figure-label"\nmsgid "海峰云 剩余履约义务（RPO）"\nmsgstr "Harbor Cloud RPO"\n'
    )
    return path


def run_build(report: Path, out: Path, po: Path) -> Path:
    clock = fixed_clock(dt.datetime(2026, 3, 16, 8, 0, tzinfo=dt.UTC))
    result = build([report], str(out), BuildOptions(catalog=po), clock, lambda _: None)
    return result.out_dir


def test_extract_json_has_figures(report: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["extract", str(report), "--json"]) == 0
    figures = json.loads(capsys.readouterr().out)["figures"]
    first = figures[0]
    assert {k: first[k] for k in ("text", "value", "unit", "kind", "subject", "period")} == {
        "text": "5530 亿美元",
        "value": 553e9,
        "unit": "USD",
        "kind": "money",
        "subject": "海峰云",
        "period": "Q3",
    }
    assert [(f["text"], f["change"], f["direction"]) for f in figures[:2]][1] == ("325%", "YoY", "up")


def test_a_faithful_translation_builds_with_bilingual_key_figures(report: Path, tmp_path: Path) -> None:
    out = run_build(report, tmp_path / "out", catalog(tmp_path, RIGHT))
    markdown = (out / "briefing.md").read_text(encoding="utf-8").replace("\\", "")  # without Markdown escapes
    assert "### 关键数据 / Key figures" in markdown
    assert "5530亿美元" in markdown and "US$553 billion" in markdown
    assert "同比 +325%" in markdown and "+325% YoY" in markdown
    # One row: the label (translated through the catalog), value, change, period, in both languages.
    row = (
        "| 海峰云 剩余履约义务（RPO） / Harbor Cloud RPO | 5530亿美元 / US$553 billion "
        "| 同比 +325% / +325% YoY | Q3 / Q3 |"
    )
    assert row in markdown
    text = (out / "editions" / "en.txt").read_text(encoding="utf-8")
    assert "Harbor Cloud RPO | US$553 billion | +325% YoY | Q3" in text  # the same design in plain text
    figures = json.loads((out / "report.json").read_text(encoding="utf-8"))["reports"][0]["figures"]
    assert [(f["text"], f["unit"]) for f in figures] == [("5530 亿美元", "USD"), ("325%", "%")] * 2


def test_a_changed_figure_fails_the_build_naming_the_segment(report: Path, tmp_path: Path) -> None:
    with pytest.raises(CheckError) as caught:
        run_build(report, tmp_path / "out", catalog(tmp_path, WRONG))
    message = str(caught.value)
    assert "[figures]" in message and "key-point" in message and "海峰云第三季度" in message
    assert 'changed: "5530 亿美元"' in message and '"$5.53 billion"' in message
    assert not (tmp_path / "out").exists()


def test_the_cli_prints_one_line_and_fails(report: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    po = catalog(tmp_path, RIGHT.replace("up 325% YoY", "up sharply"))
    assert main(["build", str(report), "--out", str(tmp_path / "out"), "--catalog", str(po), "-q"]) != 0
    error = capsys.readouterr().err
    assert 'dropped: "325%"' in error and len(error.strip().splitlines()) == 1


def test_a_dropped_qualifier_warns_without_blocking(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    point = "海峰云订单总额超过 2 亿美元。"
    report = tmp_path / "weekly.txt"
    report.write_text(REPORT.replace(POINT, point), encoding="utf-8")
    po = tmp_path / "en.po"
    po.write_text(f'msgid "{point}"\nmsgstr "Harbor Cloud orders totalled US$200 million."\n', encoding="utf-8")
    assert main(["build", str(report), "--out", str(tmp_path / "out"), "--catalog", str(po), "-q"]) == 0
    out = capsys.readouterr()
    assert 'qualifier: "2 亿美元" (over) became "US$200 million" (no qualifier)' in out.out + out.err
