"""The week's key figures: which figures the briefing shows, labelled and formatted in both locales."""

from __future__ import annotations

from newsletter.figures.format import format_figure
from newsletter.model import Bilingual, Figure, KeyFigure, Report, TranslationState
from newsletter.translate.catalog import Memory

LIMIT = 8
# Money first: it is what readers look for and what a mistranslation costs most.
_RANK = {"money": 0, "percent": 1, "power": 2, "energy": 3, "pp": 4, "bp": 5}
LOCALES = {"zh": "zh_CN", "en": "en"}


def key_figures(report: Report, memory: Memory, target_language: str, limit: int = LIMIT) -> tuple[KeyFigure, ...]:
    """The most important figures of a report, each with a translatable label and bilingual value."""
    chosen = _choose(report.figures, {point.text for point in report.key_points}, limit)
    return tuple(_key_figure(figure, report.language, target_language, memory) for figure in chosen)


def label(figure: Figure) -> str:
    """Subject and metric as the source says them, e.g. 甲骨文 剩余履约义务（RPO）."""
    return " ".join(part for part in (figure.subject, figure.metric) if part)


def _choose(figures: tuple[Figure, ...], key_point_texts: set[str], limit: int) -> list[Figure]:
    candidates = [f for f in figures if f.kind in _RANK and f.metric]
    # Key points are the broker's own summary; then the order of importance by kind; then the text's order.
    ordered = sorted(
        enumerate(candidates),
        key=lambda pair: (not any(pair[1].sentence in text for text in key_point_texts), _RANK[pair[1].kind], pair[0]),
    )
    chosen: list[Figure] = []
    for _, figure in ordered:
        if not any(_same_fact(figure, other) for other in chosen):
            chosen.append(figure)
    return chosen[:limit]


def _same_fact(a: Figure, b: Figure) -> bool:
    # The key points repeat the body's facts in other words: the same value is the same fact.
    return a.unit == b.unit and a.value == b.value and a.upper == b.upper


def _key_figure(figure: Figure, source_language: str, target_language: str, memory: Memory) -> KeyFigure:
    value = Bilingual(
        source=format_figure(figure, LOCALES.get(source_language, source_language)),
        target=format_figure(figure, LOCALES.get(target_language, target_language)),
        state=TranslationState.APPROVED,  # formatted by babel and read back: no person needs to review it
        context="figure-value",
        page=figure.page,
    )
    return KeyFigure(figure=figure, label=memory.lookup(label(figure), "figure-label", figure.page), value=value)
