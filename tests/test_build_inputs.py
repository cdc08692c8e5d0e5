"""What `newsletter build` makes of the report files it is given."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from newsletter.cli import main

DATA = Path(__file__).resolve().parent / "data"
LAKEVIEW = DATA / "lakeview_company.txt"  # 澄湖证券, our fictional company report
HARBOR = DATA / "harbor_weekly_zh.txt"  # 海峰证券, our fictional weekly


def test_a_report_given_twice_is_in_the_issue_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    copy = tmp_path / "copy_of_lakeview.txt"
    shutil.copy(LAKEVIEW, copy)
    out = tmp_path / "out"
    args = ["build", str(LAKEVIEW), str(HARBOR), str(LAKEVIEW), str(copy), "--out", str(out), "-q"]
    assert main(args) == 0
    said = capsys.readouterr().out
    assert said.count("is the same report as") == 2 and f"{copy} is the same report as {LAKEVIEW}" in said
    markdown = (out / "briefing.md").read_text(encoding="utf-8")
    assert "report-2" in markdown and "report-3" not in markdown  # two cards, not four
