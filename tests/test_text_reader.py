from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsletter.errors import ReadError
from newsletter.readers import read_report
from newsletter.readers.text import join_cut_paragraphs
from tests.seedspec import as_spec

SEED_TEXT = "000_be99793983c368c4.txt"


def test_seed_text_matches_gold_structure(seed_dir: Path) -> None:
    spec = json.loads((seed_dir / "seed_spec.json").read_text(encoding="utf-8"))
    got = as_spec(read_report(seed_dir / SEED_TEXT))
    # The text states no date; seed_spec.json infers it from the PDF.
    for key in ("title", "broker", "analysts", "keypoints", "toc", "sections", "risks", "disclaimer"):
        assert got[key] == spec[key], key
    assert got["date"] is None


def test_page_cut_paragraph_is_joined_without_space() -> None:
    pieces = ["标题", "监管风险：生成内容在版权、隐私、伦理等方", "面存在较大争议。", "风险提示"]
    joined = ["标题", "监管风险：生成内容在版权、隐私、伦理等方面存在较大争议。", "风险提示"]
    assert join_cut_paragraphs(pieces) == joined


def test_date_line_after_title_is_not_joined_into_it(tmp_path: Path) -> None:
    report = tmp_path / "report.txt"
    blocks = ["新能源周报：储能装机提速，价格企稳", "2026 年 05 月 24 日", "特别声明：", "本报告仅供参考。"]
    report.write_text("\n\n".join(blocks), "utf-8")
    got = read_report(report)
    assert got.title == "新能源周报：储能装机提速，价格企稳"
    assert got.date is not None and got.date.isoformat() == "2026-05-24"


def test_paragraph_ending_in_comma_is_not_joined() -> None:
    pieces = ["标题", "分析人士指出，当前大模型训练对集群内部的通信带宽提出了极高的要求，", "传统方案正在过渡。"]
    assert join_cut_paragraphs(pieces) == pieces


def test_heading_after_cut_text_is_not_swallowed() -> None:
    pieces = ["标题", "本周市场整体表现平稳，成交量较上周有所回落，其中科技板块领", "二、行业动态"]
    assert join_cut_paragraphs(pieces) == pieces


def test_empty_text_file_is_refused(tmp_path: Path) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("\n\n", encoding="utf-8")
    with pytest.raises(ReadError, match="empty"):
        read_report(empty)


def test_unknown_suffix_is_refused(tmp_path: Path) -> None:
    odd = tmp_path / "report.xyz"
    odd.write_text("x", encoding="utf-8")
    with pytest.raises(ReadError, match="unsupported input type"):
        read_report(odd)
