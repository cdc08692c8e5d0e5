"""The typed document model: what readers produce and renderers consume.

A `Report` is one research report as the broker wrote it (Chinese or English).
An `Issue` is the bilingual briefing made from one or more reports. Readers
only ever build a `Report`; renderers only ever see an `Issue`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


@dataclass(frozen=True)
class Source:
    path: str
    sha256: str
    pages: int


@dataclass(frozen=True)
class Analyst:
    name: str
    sac: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class Paragraph:
    """One paragraph of the report's own text, exactly as printed."""

    text: str
    page: int | None = None


@dataclass(frozen=True)
class KeyPoint:
    heading: str
    text: str
    page: int | None = None


@dataclass(frozen=True)
class TocEntry:
    title: str
    page: str | None = None


@dataclass(frozen=True)
class Section:
    """A numbered section or sub-section; `heading` is None for text that
    stands under a section before its first sub-heading."""

    heading: str | None
    level: int
    paragraphs: tuple[Paragraph, ...] = ()
    sections: tuple[Section, ...] = ()
    page: int | None = None


@dataclass(frozen=True)
class Figure:
    """A numeric expression found in the report (filled by the figures stage).

    `value` (and `upper`, the end of a range) are in base units: currency
    units for money (unit: ISO 4217 code), percent for % and pp, W, Wh, m.
    `kind` is money, percent, pp, bp, power, energy, length, count or multiple.
    """

    text: str  # the exact source substring, e.g. "5530 亿美元"
    value: float
    unit: str
    kind: str
    qualifier: str | None = None  # over, about, nearly, at least, up to, under
    change: str | None = None  # YoY, QoQ, MoM when the figure is a change
    period: str | None = None  # e.g. 2025Q4, FY2027, 2026-03-12
    sentence: str = ""
    page: int | None = None
    subject: str | None = None  # the company (or other subject) the figure is about
    upper: float | None = None
    metric: str | None = None  # what is measured, e.g. 剩余履约义务（RPO）
    direction: str | None = None  # "up" or "down" when the text says 增 / 降


@dataclass(frozen=True)
class Table:
    """A table kept as printed: its rows, cells left to right, and its page."""

    rows: tuple[tuple[str, ...], ...]
    page: int | None = None


@dataclass(frozen=True)
class Report:
    source: Source
    title: str
    broker: str | None = None
    series: str | None = None
    date: dt.date | None = None
    language: str = "zh"
    analysts: tuple[Analyst, ...] = ()
    key_points: tuple[KeyPoint, ...] = ()
    toc: tuple[TocEntry, ...] = ()
    sections: tuple[Section, ...] = ()
    risks: tuple[Paragraph, ...] = ()
    disclaimer: tuple[Paragraph, ...] = ()
    figures: tuple[Figure, ...] = ()
    tables: tuple[Table, ...] = ()


class TranslationState(StrEnum):
    """Where the English of a segment came from; only APPROVED may go to clients."""

    APPROVED = "approved"
    FUZZY = "fuzzy"  # machine draft or changed source: needs a person's review
    MISSING = "missing"


@dataclass(frozen=True)
class Bilingual:
    """A segment in the report's language with its translation, if any."""

    source: str
    target: str | None = None
    state: TranslationState = TranslationState.MISSING
    context: str = "paragraph"
    page: int | None = None

    @property
    def pending(self) -> bool:
        return self.target is None


@dataclass(frozen=True)
class BiSection:
    heading: Bilingual | None
    level: int
    paragraphs: tuple[Bilingual, ...] = ()
    sections: tuple[BiSection, ...] = ()


@dataclass(frozen=True)
class BiKeyPoint:
    heading: Bilingual
    text: Bilingual


@dataclass(frozen=True)
class KeyFigure:
    """A figure as the briefing shows it, one design in every edition: label, value, change, period."""

    figure: Figure
    label: Bilingual  # source: subject and metric (北辰数智 合同金额); target: its short translation (catalog)
    value: Bilingual  # formatted with babel: 5530亿美元 / US$553 billion
    change: Bilingual | None = None  # the change stated with it: 同比 +62% / +62% YoY
    change_figure: Figure | None = None
    period: Bilingual | None = None  # 2026年第1季度 / Q1 2026


DEPTHS = ("card", "full")
ORDERS = ("date", "broker", "given")


@dataclass(frozen=True)
class Depths:
    """How much of each report an output shows: a "card" (the digest) or "full" (the whole text).

    The plain-text edition goes with the email it travels in.
    """

    email: str = "card"
    markdown: str = "full"
    docx: str = "full"


@dataclass(frozen=True)
class BriefingItem:
    """One report as it appears in the briefing."""

    report: Report
    title: Bilingual
    key_points: tuple[BiKeyPoint, ...]
    sections: tuple[BiSection, ...]
    risks: tuple[Bilingual, ...]
    disclaimer: tuple[Bilingual, ...]
    key_figures: tuple[KeyFigure, ...] = ()
    anchor: str = "report-1"  # the id the contents list links to
    broker: Bilingual | None = None  # the broker's name and its official English name
    analysts: tuple[Bilingual, ...] = ()  # names and their English (pinyin, surname first)
    forecast: Table | None = None  # the company's forecast table (营业收入/净利润/EPS/PE by year), if any


@dataclass(frozen=True)
class Closing:
    """One broker's compliance text in the closing section: shown once, whatever the number of its reports."""

    broker: Bilingual | None
    disclaimer: tuple[Bilingual, ...]
    items: tuple[int, ...]  # the positions (0-based) in Issue.items of the reports it covers


@dataclass(frozen=True)
class Issue:
    """The bilingual weekly briefing: what every renderer consumes."""

    id: str  # ISO week of the newest report, e.g. "2026-W11"
    date: dt.date
    generated: dt.datetime
    source_language: str
    target_language: str
    items: tuple[BriefingItem, ...]
    brand: str = "Newsletter"
    pending_marker: str = "[translation pending]"
    review_marker: str = "[needs review]"  # shown before fuzzy (unreviewed) translations
    closing: tuple[Closing, ...] = ()  # each broker's disclaimer once, in report order
    depths: Depths = Depths()
    weeks: tuple[str, ...] = ()  # the ISO weeks of the reports' dates, oldest first

    def segments(self) -> tuple[Bilingual, ...]:
        """Every translatable segment, in reading order."""
        found: list[Bilingual] = []
        for item in self.items:
            found.append(item.title)
            for point in item.key_points:
                found += [point.heading, point.text]
            found += _section_segments(item.sections)
            found += list({key.label.source: key.label for key in item.key_figures}.values())  # a label once
            found += [*item.risks, *item.disclaimer]
        return tuple(found)

    def pending(self) -> tuple[Bilingual, ...]:
        return tuple(seg for seg in self.segments() if seg.pending)


def _section_segments(sections: tuple[BiSection, ...]) -> list[Bilingual]:
    found: list[Bilingual] = []
    for section in sections:
        if section.heading is not None:
            found.append(section.heading)
        found += section.paragraphs
        found += _section_segments(section.sections)
    return found
