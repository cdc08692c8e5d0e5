"""From reports and a translation memory to the bilingual `Issue`.

An issue is a weekly of one or more reports: they are ordered (by date,
newest first; by broker; or as given), each gets its anchor for the contents
list, its broker and analysts in English, and its forecast table when it has
one; each broker's disclaimer is kept once for the closing section.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

from newsletter.english_names import broker_english, person_english
from newsletter.figures.key import key_figures
from newsletter.model import (
    BiKeyPoint,
    Bilingual,
    BiSection,
    BriefingItem,
    Closing,
    Depths,
    Issue,
    Report,
    Section,
    Table,
    TranslationState,
)
from newsletter.translate.catalog import Memory

# A forecast table names at least two of these in its first column (or header row) and has years.
_FORECAST_METRICS = (
    "营业收入",
    "营收",
    "净利润",
    "EPS",
    "每股收益",
    "PE",
    "P/E",
    "市盈率",
    "ROE",
    "Revenue",
    "Net profit",
)
_YEAR = re.compile(r"20\d\d[AEF]?")


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
    order: str = "date",
    depths: Depths | None = None,
    names: Mapping[str, str] | None = None,
) -> Issue:
    """Pair every segment of every report with its translation from memory.

    `names` maps Chinese names to English (the glossary): it wins over the
    packaged broker table and over pinyin.
    """
    reports = ordered(reports, order)
    date = max((r.date for r in reports if r.date), default=now.date())
    source_language = reports[0].language if reports else "zh"
    items = tuple(_item(report, memory, index, names or {}) for index, report in enumerate(reports))
    return Issue(
        id=issue_id(date),
        date=date,
        generated=now,
        source_language=source_language,
        target_language="en" if source_language == "zh" else "zh",
        items=items,
        brand=brand,
        pending_marker=pending_marker,
        review_marker=review_marker,
        closing=closing(items),
        depths=depths or Depths(),
        weeks=tuple(sorted({issue_id(r.date) for r in reports if r.date})),
    )


def ordered(reports: list[Report], order: str) -> list[Report]:
    """Newest first ("date"), by broker then newest ("broker"), or as given; undated reports last."""
    if order == "given":
        return list(reports)
    by_date = sorted(reports, key=lambda r: -(r.date or dt.date.min).toordinal())
    if order == "broker":
        return sorted(by_date, key=lambda r: r.broker or "\uffff")
    return by_date


def closing(items: tuple[BriefingItem, ...]) -> tuple[Closing, ...]:
    """Each distinct disclaimer once, in report order: two reports of one broker share it."""
    found: dict[tuple[str, ...], Closing] = {}
    for index, item in enumerate(items):
        key = tuple(segment.source for segment in item.disclaimer)
        if not key:
            continue
        if key in found:
            previous = found[key]
            found[key] = Closing(previous.broker, previous.disclaimer, (*previous.items, index))
        else:
            found[key] = Closing(item.broker, item.disclaimer, (index,))
    return tuple(found.values())


def _item(report: Report, memory: Memory, index: int, names: Mapping[str, str]) -> BriefingItem:
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
        anchor=f"report-{index + 1}",
        broker=_name(report.broker, "broker", names, report.language) if report.broker else None,
        analysts=tuple(_name(a.name, "analyst", names, report.language) for a in report.analysts),
        forecast=forecast_table(report.tables),
    )


def _name(name: str, context: str, names: Mapping[str, str], language: str) -> Bilingual:
    """A proper name with its English: rule-made (table, pinyin) or the editors' own, so approved."""
    if language != "zh":
        return Bilingual(name, name, TranslationState.APPROVED, context)
    english = broker_english(name, dict(names)) if context == "broker" else person_english(name, dict(names))
    return Bilingual(name, english, TranslationState.APPROVED, context)


def forecast_table(tables: tuple[Table, ...]) -> Table | None:
    """The company's forecast table (营业收入/净利润/EPS/PE by year), if the report prints one."""
    for table in tables:
        first_cells = " ".join(row[0] for row in table.rows if row)
        header = " ".join(table.rows[0]) if table.rows else ""
        metrics = sum(1 for metric in _FORECAST_METRICS if metric in first_cells or metric in header)
        if metrics >= 2 and len(_YEAR.findall(header + " " + first_cells)) >= 2:
            return table
    return None


def _section(section: Section, memory: Memory) -> BiSection:
    heading = memory.lookup(section.heading, "heading", section.page) if section.heading else None
    return BiSection(
        heading=heading,
        level=section.level,
        paragraphs=tuple(memory.lookup(p.text, "paragraph", p.page) for p in section.paragraphs),
        sections=tuple(_section(s, memory) for s in section.sections),
    )
