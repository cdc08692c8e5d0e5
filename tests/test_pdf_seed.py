"""The seed PDF, typeset like a real brokerage report, must give back seed_spec.json."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newsletter.cli import main
from newsletter.readers import read_report
from tests.seedspec import as_spec

SEED_PDF = "guojin_ai_weekly_2026w11.pdf"


def test_seed_pdf_matches_gold_structure(seed_dir: Path) -> None:
    spec = json.loads((seed_dir / "seed_spec.json").read_text(encoding="utf-8"))
    got = as_spec(read_report(seed_dir / SEED_PDF))
    for key in ("title", "broker", "date", "analysts", "keypoints", "toc", "sections", "risks", "disclaimer"):
        assert got[key] == spec[key], key


def test_seed_pdf_series_comes_from_running_header(seed_dir: Path) -> None:
    spec = json.loads((seed_dir / "seed_spec.json").read_text(encoding="utf-8"))
    assert read_report(seed_dir / SEED_PDF).series == spec["series"]


def test_extract_json_carries_pages_of_headings_and_paragraphs(
    seed_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["extract", str(seed_dir / SEED_PDF), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    pages = data["source"]["pages"]
    for section in data["sections"]:
        assert 1 <= section["page"] <= pages
        for sub in section["sections"]:
            assert 1 <= sub["page"] <= pages
            assert all(1 <= p <= pages for p in sub["paragraph_pages"])
    assert data["disclaimer_pages"] and set(data["disclaimer_pages"]) == {pages}
    # The running header and footer never leak into the text.
    text = json.dumps(data["sections"], ensure_ascii=False)
    assert "敬请参阅最后一页特别声明" not in text
