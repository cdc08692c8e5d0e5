"""The typed document model: what readers produce and renderers consume.

A `Report` is one research report as the broker wrote it (Chinese or English).
An `Issue` is the bilingual briefing made from one or more reports. Readers
only ever build a `Report`; renderers only ever see an `Issue`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum


class SegmentKind(StrEnum):
    """What a translatable segment is; the value is its PO `msgctxt`."""

    TITLE = "title"
    KEY_POINT_HEADING = "key-point-heading"
    KEY_POINT = "key-point"
    HEADING = "heading"
    PARAGRAPH = "paragraph"
    RISK = "risk"
    DISCLAIMER = "disclaimer"
    # Analyst certification, rating definitions, disclosures: compliance text besides the disclaimer.
    DISCLAIMER_OTHER = "disclaimer-other"
    CHART_CAPTION = "chart-caption"
    FIGURE_LABEL = "figure-label"  # made by the issue stage for the key-figures block
    FIGURE_VALUE = "figure-value"
    FIGURE_CHANGE = "figure-change"  # made by the issue stage: formatted with babel, never in the catalog
    FIGURE_PERIOD = "figure-period"
    RATING = "rating"  # the rating and target price the report prints, with their English; never in the catalog
    BROKER = "broker"  # names in English: the broker table, pinyin, the glossary; never in the catalog
    ANALYST = "analyst"


# Risk warnings and the disclaimer (with the other compliance text): verbatim in every output,
# never machine-translated.
COMPLIANCE_KINDS = frozenset({SegmentKind.RISK, SegmentKind.DISCLAIMER, SegmentKind.DISCLAIMER_OTHER})


def target_language(source_language: str) -> str:
    """The language a report is translated into: Chinese for English reports, else English."""
    return "zh" if source_language == "en" else "en"


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
class Chart:
    """A chart or figure of the report as a picture: a PNG at print resolution of its region
    (without the caption line, with the source line), its caption as printed and its page."""

    caption: str  # e.g. 图表 3：全球储能新增装机（GWh）; empty for an image without one
    page: int
    png: bytes
    width: int  # pixels
    height: int


@dataclass(frozen=True)
class Table:
    """A table kept as printed: its rows, cells left to right, and its page."""

    rows: tuple[tuple[str, ...], ...]
    page: int | None = None


@dataclass(frozen=True)
class Segment:
    """One translatable piece of a report's own text, with its kind and page."""

    kind: SegmentKind
    text: str
    page: int | None = None


class SetAsideKind(StrEnum):
    """The named kinds of page furniture: text the reader saw and kept out of
    the report's fields on purpose (every character ends up in a field or here)."""

    HEADER = "running header"
    FOOTER = "running footer"
    PAGE_NUMBER = "page number"
    STAMP = "watermark/stamp"
    SIDEBAR = "sidebar"
    COVER = "cover metadata"
    CHART_LABEL = "chart label"
    TABLE = "table"
    CAPTION = "caption"
    SOURCE = "source line"
    CONTENTS = "contents"
    ADDRESS = "office address"


@dataclass(frozen=True)
class SetAside:
    """One piece of a page's text that went to no field of the report, and why."""

    page: int
    kind: SetAsideKind
    text: str
    why: str = ""


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
    # Analyst certification (分析师声明/承诺), rating definitions (评级说明), disclosures: verbatim like the disclaimer.
    disclaimer_other: tuple[Paragraph, ...] = ()
    rating: str | None = None  # the investment rating printed on page one (买入（维持）, 推荐)
    target_price: str | None = None  # as printed on page one, with its unit (目标价 45.6 元)
    charts: tuple[Chart, ...] = ()
    # What each page held besides the fields above (furniture), with the reason.
    set_aside: tuple[SetAside, ...] = ()

    def segments(self) -> Iterator[Segment]:
        """Every translatable segment in reading order: the one walk the issue, the
        catalog extraction, the key figures and the checks share."""
        yield Segment(SegmentKind.TITLE, self.title, 1)
        for point in self.key_points:
            yield Segment(SegmentKind.KEY_POINT_HEADING, point.heading, point.page)
            yield Segment(SegmentKind.KEY_POINT, point.text, point.page)
        yield from _section_segments(self.sections)
        yield from (Segment(SegmentKind.CHART_CAPTION, c.caption, c.page) for c in self.charts if c.caption)
        yield from (Segment(SegmentKind.RISK, p.text, p.page) for p in self.risks)
        yield from (Segment(SegmentKind.DISCLAIMER, p.text, p.page) for p in self.disclaimer)
        yield from (Segment(SegmentKind.DISCLAIMER_OTHER, p.text, p.page) for p in self.disclaimer_other)


def _section_segments(sections: tuple[Section, ...]) -> Iterator[Segment]:
    for section in sections:
        if section.heading:
            yield Segment(SegmentKind.HEADING, section.heading, section.page)
        yield from (Segment(SegmentKind.PARAGRAPH, p.text, p.page) for p in section.paragraphs)
        yield from _section_segments(section.sections)


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
    context: SegmentKind = SegmentKind.PARAGRAPH
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
class BiChart:
    """A chart as the briefing shows it: the picture, its caption in both languages, its file."""

    chart: Chart
    caption: Bilingual
    file: str  # where the build writes the PNG, relative to the issue folder: charts/1-3.png


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
    disclaimer_other: tuple[Bilingual, ...] = ()  # certification, rating definitions: verbatim too
    charts: tuple[BiChart, ...] = ()
    segments: tuple[Bilingual, ...] = ()  # the report's segments translated, in reading order (Report.segments)
    anchor: str = "report-1"  # the id the contents list links to
    broker: Bilingual | None = None  # the broker's name and its official English name
    analysts: tuple[Bilingual, ...] = ()  # names and their English (pinyin, surname first)
    forecast: Table | None = None  # the company's forecast table (营业收入/净利润/EPS/PE by year), if any
    rating: Bilingual | None = None  # 买入（维持） / Buy (maintained), where the report prints one
    target_price: Bilingual | None = None  # 666港元 / HK$666, where the report prints one

    def card_key_points(self, chars: int) -> tuple[BiKeyPoint, ...]:
        """The key points a card has room for: whole points in the report's order (a point cut short
        would no longer match its translation) while they hold at most `chars` characters of the
        source, and always the first; 0 means every point."""
        kept: list[BiKeyPoint] = []
        used = 0
        for point in self.key_points:
            used += len(point.heading.source) + len(point.text.source)
            if kept and chars and used > chars:
                break
            kept.append(point)
        return tuple(kept)


@dataclass(frozen=True)
class Closing:
    """One broker's compliance text in the closing section: shown once, whatever the number of its reports."""

    broker: Bilingual | None
    disclaimer: tuple[Bilingual, ...]
    items: tuple[int, ...]  # the positions (0-based) in Issue.items of the reports it covers


@dataclass(frozen=True)
class Publisher:
    """Who sends the briefing and how it is shown (settings: sender, [email] address, web_url, charts_per_card,
    key_point_chars)."""

    sender: str | None = None  # the From, "Name <desk@example.com>"
    address: str | None = None  # postal address: anti-spam laws want it in every commercial email
    web_url: str | None = None  # where the issue is online; {issue} and {edition} are filled in
    charts_per_card: int = 2  # charts shown per report in the email (all of them in Word)
    # Characters of key points per report in a card: five reports' whole key points, in two
    # languages, are a quarter-hour's read and push the email past Gmail's clipping limit.
    key_point_chars: int = 600

    def web_page(self, issue: str, edition: str) -> str | None:
        if self.web_url is None:
            return None
        return self.web_url.replace("{issue}", issue).replace("{edition}", edition)


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
    brand_en: str | None = None  # the brand in English, for the English-only edition
    pending_marker: str = "[translation pending]"
    review_marker: str = "[needs review]"  # shown before fuzzy (unreviewed) translations
    publisher: Publisher = field(default_factory=Publisher)
    closing: tuple[Closing, ...] = ()  # each broker's disclaimer once, in report order
    depths: Depths = field(default_factory=Depths)
    weeks: tuple[str, ...] = ()  # the ISO weeks of the reports' dates, oldest first

    def brand_for(self, edition: str) -> str:
        """The brand an edition shows: the `en` edition is English only."""
        return self.brand_en if edition == "en" and self.brand_en else self.brand

    def segments(self) -> tuple[Bilingual, ...]:
        """Every translatable segment, in reading order."""
        return tuple(segment for item in self.items for segment in item.segments)

    def pending(self) -> tuple[Bilingual, ...]:
        return tuple(seg for seg in self.segments() if seg.pending)
