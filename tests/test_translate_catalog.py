"""The translation memory: extract into a PO catalog, week after week."""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import replace
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message
from babel.messages.pofile import read_po, write_po

from newsletter.cli import main
from newsletter.errors import TranslateError
from newsletter.issue import make_issue
from newsletter.model import KeyPoint, Paragraph, Report, Section, Source, TranslationState
from newsletter.readers import read_report
from newsletter.translate.catalog import Memory, read_catalog, save_catalog, source_hash
from newsletter.translate.extract import update_catalog
from newsletter.translate.status import catalog_status

DATA = Path(__file__).parent / "data"
REPORT = DATA / "harbor_weekly_zh.txt"
NOW = dt.datetime(2026, 3, 13, 8, 0, tzinfo=dt.UTC)
RISK = "技术迭代不及预期；下游需求不及预期；行业竞争加剧。"


def get(catalog: Catalog, source: str, context: str) -> Message:
    message = catalog.get(source, context=context)
    assert message is not None, (source, context)
    return message


def extracted(reports: list[Report], existing: Catalog | None = None) -> Catalog:
    return update_catalog(existing, reports, "en", NOW)


def roundtrip(catalog: Catalog) -> Catalog:
    """Through the PO file format, as a translator's tool would see it."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, include_previous=True)
    buffer.seek(0)
    result: Catalog = read_po(buffer, locale="en")
    return result


def test_every_segment_is_extracted_with_context_and_page() -> None:
    report = read_report(REPORT)
    catalog = roundtrip(extracted([report]))
    entries = [(m.context, m.id, m.locations) for m in catalog if m.id]
    assert entries[0] == ("title", report.title, [(str(REPORT), 1)])
    contexts = [context for context, _, _ in entries]
    assert contexts == [
        "title", "key-point-heading", "key-point", "key-point-heading", "key-point",
        "heading", "paragraph", "heading", "paragraph", "risk", "disclaimer", "disclaimer",
        "figure-label", "figure-label", "figure-label",
    ]  # fmt: skip
    assert catalog_status(catalog).missing == 15


def week_two(report: Report) -> Report:
    """Next week: the Alibaba paragraph is reworded, the company section is gone."""
    industry = report.sections[0]
    changed = Paragraph(industry.paragraphs[0].text.replace("提升约", "提高约"), 1)
    return replace(report, sections=(replace(industry, paragraphs=(changed,)),))


def test_translations_carry_over_and_nothing_is_lost() -> None:
    report = read_report(REPORT)
    first = extracted([report])
    for message in first:
        if message.id:
            message.string = f"EN {message.id}"
    merged = extracted([week_two(report)], roundtrip(first))
    reworded = next(m for m in merged if m.context == "paragraph")
    assert reworded.fuzzy and str(reworded.string).startswith("EN 阿里巴巴") and "提升约" in reworded.previous_id[0]
    second = roundtrip(merged)
    assert get(second, report.title, context="title").string == f"EN {report.title}"
    assert not get(second, report.title, context="title").fuzzy
    assert get(second, str(reworded.id), context="paragraph").fuzzy
    gone = {"二、公司跟踪", report.sections[1].paragraphs[0].text, "甲骨文 单个园区功率"}  # its key figure too
    assert {m.id for m in second.obsolete.values()} == gone
    third = extracted([report], second)  # the section returns: its translation comes back
    assert get(third, "二、公司跟踪", context="heading").string == "EN 二、公司跟踪"


def test_approved_compliance_entries_record_the_source_hash() -> None:
    catalog = extracted([read_report(REPORT)])
    risk = get(catalog, RISK, context="risk")
    risk.string = "Technology may iterate more slowly than expected; ..."
    catalog = roundtrip(extracted([read_report(REPORT)], catalog))
    assert f"source-sha256:{source_hash(RISK)}" in get(catalog, RISK, context="risk").user_comments


def test_save_is_atomic_and_a_broken_catalog_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "translations" / "en.po"
    save_catalog(extracted([read_report(REPORT)]), path)
    assert get(read_catalog(path, "en"), RISK, context="risk") is not None
    assert [p.name for p in path.parent.iterdir()] == ["en.po"]
    path.write_text("this is not a PO file\n", encoding="utf-8")
    with pytest.raises(TranslateError, match="cannot read the translation catalog"):
        read_catalog(path, "en")


def test_english_report_gets_a_chinese_catalog(tmp_path: Path) -> None:
    report = Report(
        source=Source("weekly_en.pdf", "0" * 64, 2),
        title="Harbor Peak AI Weekly",
        language="en",
        key_points=(KeyPoint("Industry", "NVIDIA shipped a new accelerator.", 1),),
        sections=(Section("1. Market review", 1, (Paragraph("Oracle's backlog reached US$553 billion.", 2),), (), 2),),
        risks=(Paragraph("Technology may progress slowly.", 2),),
    )
    catalog = update_catalog(None, [report], "zh", NOW)
    get(catalog, "Harbor Peak AI Weekly", context="title").string = "海峰人工智能周报"
    path = tmp_path / "zh.po"
    save_catalog(catalog, path)
    issue = make_issue([report], Memory(read_catalog(path, "zh")), now=NOW)
    assert (issue.source_language, issue.target_language) == ("en", "zh")
    assert issue.items[0].title.target == "海峰人工智能周报"
    assert issue.items[0].title.state is TranslationState.APPROVED
    assert str(read_catalog(path, "zh").locale) == "zh"


def test_extract_command_groups_reports_by_language(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(["translate", "extract", str(REPORT)]) == 0
    assert (tmp_path / "translations" / "en.po").exists()
    assert main(["translate", "status"]) == 0
