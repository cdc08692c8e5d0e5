"""From reports and a translation memory to the bilingual `Issue`.

Every segment `Report.segments()` yields is looked up in the memory once, in
reading order; the briefing's structure (key points, sections, risks,
disclaimer) is then filled from those, so the issue translates exactly the
segments the catalog extraction writes (and the key figures' labels after them).

An issue is a weekly of one or more reports: they are ordered (by date,
newest first; by broker; or as given), each gets its anchor for the contents
list, its broker and analysts in English, and its forecast table when it has
one; each broker's disclaimer is kept once for the closing section.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping

from newsletter.issue.key_figures import key_figures
from newsletter.issue.names import broker_english, person_english
from newsletter.issue.rating import rating_of, target_price_of
from newsletter.model import (
    BiChart,
    BiKeyPoint,
    Bilingual,
    BiSection,
    BriefingItem,
    Chart,
    Closing,
    Depths,
    Issue,
    Publisher,
    Report,
    Section,
    SegmentKind,
    Table,
    TranslationState,
    target_language,
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
    brand_en: str | None = None,
    pending_marker: str = "[translation pending]",
    review_marker: str = "[needs review]",
    publisher: Publisher | None = None,
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
        target_language=target_language(source_language),
        items=items,
        brand=brand,
        brand_en=brand_en,
        pending_marker=pending_marker,
        review_marker=review_marker,
        publisher=publisher or Publisher(),
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
        # The certification and rating definitions go with the disclaimer, verbatim too.
        text = (*item.disclaimer, *item.disclaimer_other) if item.disclaimer else ()
        key = tuple(segment.source for segment in text)
        if not key:
            continue
        previous = found.get(key)
        covered = (*previous.items, index) if previous else (index,)
        found[key] = Closing(previous.broker if previous else item.broker, text, covered)
    return tuple(found.values())


def _item(report: Report, memory: Memory, index: int, names: Mapping[str, str]) -> BriefingItem:
    segments = tuple(memory.lookup(segment.text, segment.kind, segment.page) for segment in report.segments())
    parts = iter(segments)
    figures = key_figures(report, memory, target_language(report.language))
    labels = tuple({key.label.source: key.label for key in figures}.values())  # each label once
    item = BriefingItem(
        report=report,
        title=next(parts),
        key_points=tuple(BiKeyPoint(next(parts), next(parts)) for _ in report.key_points),
        sections=tuple(_section(section, parts) for section in report.sections),
        charts=tuple(
            _chart(chart, parts, f"charts/{index + 1}-{number}.png") for number, chart in enumerate(report.charts, 1)
        ),
        risks=distinct_risks(tuple(next(parts) for _ in report.risks)),
        disclaimer=tuple(next(parts) for _ in report.disclaimer),
        disclaimer_other=tuple(next(parts) for _ in report.disclaimer_other),
        key_figures=figures,
        segments=segments + labels,
        anchor=f"report-{index + 1}",
        broker=_name(report.broker, SegmentKind.BROKER, names, report.language) if report.broker else None,
        analysts=tuple(_name(a.name, SegmentKind.ANALYST, names, report.language) for a in report.analysts),
        forecast=forecast_table(report.tables),
        rating=rating_of(report) if report.language == "zh" else None,
        target_price=target_price_of(report, target_language(report.language)) if report.language == "zh" else None,
    )
    if next(parts, None) is not None:
        raise AssertionError("the briefing's structure left segments of Report.segments() unused")
    return item


# A risk printed on page 1 as "风险提示：X" and again in the body as "X" is one risk.
_RISK_LABEL = re.compile(r"^\s*风险提示\s*[:：]\s*")


def distinct_risks(risks: tuple[Bilingual, ...]) -> tuple[Bilingual, ...]:
    """Each risk once: a later item whose text, without a leading 风险提示 label and
    whitespace, equals an earlier one's is dropped; the first is kept verbatim."""
    seen: set[str] = set()
    kept = []
    for risk in risks:
        key = re.sub(r"\s+", "", _RISK_LABEL.sub("", risk.source))
        if key and key in seen:
            continue
        seen.add(key)
        kept.append(risk)
    return tuple(kept)


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


def _name(name: str, kind: SegmentKind, names: Mapping[str, str], language: str) -> Bilingual:
    """A proper name with its English: rule-made (table, pinyin) or the editors' own, so approved."""
    if language != "zh":
        return Bilingual(name, name, TranslationState.APPROVED, kind)
    english = broker_english(name, dict(names)) if kind is SegmentKind.BROKER else person_english(name, dict(names))
    return Bilingual(name, english, TranslationState.APPROVED, kind)


def forecast_table(tables: tuple[Table, ...]) -> Table | None:
    """The company's forecast table (营业收入/净利润/EPS/PE by year), if the report prints one."""
    for table in tables:
        first_cells = " ".join(row[0] for row in table.rows if row)
        header = " ".join(table.rows[0]) if table.rows else ""
        metrics = sum(1 for metric in _FORECAST_METRICS if metric in first_cells or metric in header)
        if metrics >= 2 and len(_YEAR.findall(header + " " + first_cells)) >= 2:
            return table
    return None
