"""report.json and build.json: made from the dataclasses, versioned, free of this machine's paths."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
from pathlib import Path

from newsletter.issue_dir import load_built_issue
from newsletter.model import Analyst, Figure, KeyPoint, Paragraph, Report, Section, Source, Table, TocEntry
from newsletter.serialize import SCHEMA, dumps, report_from_json, report_to_json
from tests.editors_support import build_project, make_project

REPORT = Report(
    source=Source("weekly.pdf", "ab" * 32, 3),
    title="海峰证券 计算机行业周报",
    broker="海峰证券",
    series="计算机行业周报",
    date=dt.date(2026, 3, 12),
    analysts=(Analyst("林海", "S0000000000001", "lin@harborpeak.example"),),
    key_points=(KeyPoint("算力需求", "本周云厂商资本开支保持增长。", 1),),
    toc=(TocEntry("一、本周市场回顾", "2"),),
    sections=(
        Section("一、本周市场回顾", 1, (Paragraph("成交活跃。", 2),), (Section(None, 2, (Paragraph("续。"),)),), 2),
    ),
    risks=(Paragraph("技术进展不及预期。", 3),),
    disclaimer=(Paragraph("本报告仅供客户使用。", 3), Paragraph("不作任何保证。")),
    figures=(Figure("5530 亿美元", 553e9, "USD", "money", period="2025Q4", page=2, upper=None, direction="up"),),
    tables=(Table((("公司", "收入"), ("甲", "12")), 2),),
)


def test_a_report_survives_json_unchanged_field_for_field() -> None:
    data = json.loads(dumps(report_to_json(REPORT)))
    assert report_from_json(data) == REPORT
    assert data["risks"] == ["技术进展不及预期。"] and data["risk_pages"] == [3]
    assert data["disclaimer_pages"] == [3, None]
    assert data["sections"][0]["paragraph_pages"] == [2]
    assert data["date"] == "2026-03-12"


def test_older_files_without_page_lists_or_new_fields_still_load() -> None:
    data = report_to_json(REPORT)
    for key in ("risk_pages", "disclaimer_pages", "tables", "figures", "series"):
        del data[key]
    report = report_from_json(data)
    assert report.risks == (Paragraph("技术进展不及预期。"),)
    assert report.tables == () and report.series is None


def test_build_files_carry_a_schema_and_paths_relative_to_the_issue_folder(tmp_path: Path) -> None:
    root = make_project(tmp_path / "project")
    code, issue = build_project(root)
    assert code == 0
    info = json.loads((issue / "build.json").read_text(encoding="utf-8"))
    reports = json.loads((issue / "report.json").read_text(encoding="utf-8"))
    assert info["schema"] == SCHEMA and reports["schema"] == SCHEMA
    assert info["reports"] == ["../../weekly.txt"]
    assert info["catalog"] == "../../translations/en.po"
    assert info["templates"] == "../../templates"
    assert str(tmp_path) not in (issue / "build.json").read_text(encoding="utf-8")
    moved = tmp_path / "moved"
    shutil.move(root, moved)
    built = load_built_issue(moved / "out" / "issue")
    assert built.catalog is not None and built.catalog.resolve() == (moved / "translations" / "en.po").resolve()
    assert built.templates is not None and os.path.samefile(built.templates, moved / "templates")
