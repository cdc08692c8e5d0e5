"""The week's key figures as the briefing shows them, one design in every edition.

A short label (the subject and metric as the report says them, 北辰数智 合同金额,
translated through the catalog with context `figure-label`), the value, the
change stated with it (同比 +62% / +62% YoY) and the period (2026年第1季度 /
Q1 2026), each formatted with babel. Which figures: `figures.choice`.
"""

from __future__ import annotations

import logging

from newsletter.figures.choice import LIMIT, key_figures_of, label
from newsletter.figures.format import format_figure, format_period
from newsletter.model import Bilingual, Figure, KeyFigure, Report, SegmentKind, TranslationState
from newsletter.translate.catalog import Memory

log = logging.getLogger(__name__)


def key_figures(report: Report, memory: Memory, target_language: str, limit: int = LIMIT) -> tuple[KeyFigure, ...]:
    """The most important figures of a report, each with a label, value, change and period in both locales."""
    languages = (report.language, target_language)
    shown = (_shown(figure, change, languages, memory, report) for figure, change in key_figures_of(report, limit))
    return tuple(key for key in shown if key is not None)


def _shown(
    figure: Figure, change: Figure | None, languages: tuple[str, str], memory: Memory, report: Report
) -> KeyFigure | None:
    """The key figure, or None with a warning when the formatter cannot vouch
    for it: choosing key figures is a heuristic and must not stop the build
    (the fidelity guard still checks every figure of the translation)."""
    try:
        return _key_figure(figure, change, languages, memory)
    except ValueError as error:
        log.warning(f"{report.source.path}: page {figure.page}: key figure left out: {error}")
        return None


def _key_figure(figure: Figure, change: Figure | None, languages: tuple[str, str], memory: Memory) -> KeyFigure:
    period = figure.period or (change.period if change else None)
    return KeyFigure(
        figure=figure,
        label=memory.lookup(label(figure), SegmentKind.FIGURE_LABEL, figure.page),
        value=_formatted(figure, languages, SegmentKind.FIGURE_VALUE),
        change=_formatted(change, languages, SegmentKind.FIGURE_CHANGE) if change else None,
        change_figure=change,
        period=_period(period, languages, figure.page) if period else None,
    )


def _formatted(figure: Figure, languages: tuple[str, str], kind: SegmentKind) -> Bilingual:
    # Formatted by babel and read back: no person needs to review it.
    source, target = (format_figure(figure, language) for language in languages)
    return Bilingual(source, target, TranslationState.APPROVED, kind, figure.page)


def _period(period: str, languages: tuple[str, str], page: int | None) -> Bilingual:
    source, target = (format_period(period, language) for language in languages)
    return Bilingual(source, target, TranslationState.APPROVED, SegmentKind.FIGURE_PERIOD, page)
