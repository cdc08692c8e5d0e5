"""From reports and a translation memory to the bilingual `Issue`.

Every segment `Report.segments()` yields is looked up in the memory once, in
reading order; the briefing's structure (key points, sections, risks,
disclaimer) is then filled from those, so the issue translates exactly the
segments the catalog extraction writes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from newsletter.issue.key_figures import key_figures
from newsletter.model import (
    BiChart,
    BiKeyPoint,
    Bilingual,
    BiSection,
    BriefingItem,
    Chart,
    Issue,
    Publisher,
    Report,
    Section,
    SegmentKind,
    target_language,
)
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
        target_language=target_language(source_language),
        items=tuple(_item(report, memory, number) for number, report in enumerate(reports, start=1)),
        brand=brand,
        pending_marker=pending_marker,
        review_marker=review_marker,
        publisher=publisher or Publisher(),
    )


def _item(report: Report, memory: Memory, number: int) -> BriefingItem:
    segments = tuple(memory.lookup(segment.text, segment.kind, segment.page) for segment in report.segments())
    parts = iter(segments)
    item = BriefingItem(
        report=report,
        title=next(parts),
        key_points=tuple(BiKeyPoint(next(parts), next(parts)) for _ in report.key_points),
        sections=tuple(_section(section, parts) for section in report.sections),
        charts=tuple(
            _chart(chart, parts, f"charts/{number}-{index}.png") for index, chart in enumerate(report.charts, 1)
        ),
        risks=tuple(next(parts) for _ in report.risks),
        disclaimer=tuple(next(parts) for _ in report.disclaimer),
        disclaimer_other=tuple(next(parts) for _ in report.disclaimer_other),
        key_figures=key_figures(report, segments, target_language(report.language)),
        segments=segments,
    )
    if next(parts, None) is not None:
        raise AssertionError("the briefing's structure left segments of Report.segments() unused")
    return item


def _chart(chart: Chart, parts: Iterator[Bilingual], file: str) -> BiChart:
    """A chart with its caption's translation; a picture without a caption has an empty one."""
    caption = next(parts) if chart.caption else Bilingual("", context=SegmentKind.CHART_CAPTION, page=chart.page)
    return BiChart(chart, caption, file)


def _section(section: Section, parts: Iterator[Bilingual]) -> BiSection:
    return BiSection(
        heading=next(parts) if section.heading else None,
        level=section.level,
        paragraphs=tuple(next(parts) for _ in section.paragraphs),
        sections=tuple(_section(sub, parts) for sub in section.sections),
    )
