"""From reports and a translation memory to the bilingual `Issue`."""

from __future__ import annotations

import datetime as dt

from newsletter.issue.key_figures import key_figures
from newsletter.model import BiKeyPoint, BiSection, BriefingItem, Issue, Publisher, Report, Section
from newsletter.translate.catalog import Memory


def issue_id(date: dt.date) -> str:
    """The ISO week an issue belongs to, e.g. 2026-W11."""
    year, week, _ = date.isocalendar()
    return f"{year}-W{week:02d}"


def make_issue(
    reports: list[Report],
    memory: Memory,
    *,
    now: dt.datetime,
    brand: str = "Newsletter",
    pending_marker: str = "[translation pending]",
    review_marker: str = "[needs review]",
    publisher: Publisher | None = None,
) -> Issue:
    """Pair every segment of every report with its translation from memory."""
    date = max((r.date for r in reports if r.date), default=now.date())
    source_language = reports[0].language if reports else "zh"
    return Issue(
        id=issue_id(date),
        date=date,
        generated=now,
        source_language=source_language,
        target_language="en" if source_language == "zh" else "zh",
        items=tuple(_item(report, memory) for report in reports),
        brand=brand,
        pending_marker=pending_marker,
        review_marker=review_marker,
        publisher=publisher or Publisher(),
    )


def _item(report: Report, memory: Memory) -> BriefingItem:
    return BriefingItem(
        report=report,
        title=memory.lookup(report.title, "title", 1),
        key_points=tuple(
            BiKeyPoint(
                memory.lookup(k.heading, "key-point-heading", k.page), memory.lookup(k.text, "key-point", k.page)
            )
            for k in report.key_points
        ),
        sections=tuple(_section(s, memory) for s in report.sections),
        risks=tuple(memory.lookup(p.text, "risk", p.page) for p in report.risks),
        disclaimer=tuple(memory.lookup(p.text, "disclaimer", p.page) for p in report.disclaimer),
        key_figures=key_figures(report, memory, "en" if report.language == "zh" else "zh"),
    )


def _section(section: Section, memory: Memory) -> BiSection:
    heading = memory.lookup(section.heading, "heading", section.page) if section.heading else None
    return BiSection(
        heading=heading,
        level=section.level,
        paragraphs=tuple(memory.lookup(p.text, "paragraph", p.page) for p in section.paragraphs),
        sections=tuple(_section(s, memory) for s in section.sections),
    )
