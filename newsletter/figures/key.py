"""The week's key figures: which figures the briefing shows, labelled and formatted in both locales.

One design in every edition: a short label (the subject and metric as the
report says them, 北辰数智 合同金额, translated through the catalog with
context `figure-label`), the value, the change stated with it (同比 +62% /
+62% YoY) and the period (2026年第1季度 / Q1 2026), each formatted with babel.
A change that belongs to a shown figure is not a row of its own.
"""

from __future__ import annotations

from newsletter.figures.format import format_figure, format_period
from newsletter.model import Bilingual, Figure, KeyFigure, Report, TranslationState
from newsletter.translate.catalog import Memory

LIMIT = 8
# Money first: it is what readers look for and what a mistranslation costs most.
_RANK = {"money": 0, "percent": 1, "power": 2, "energy": 3, "pp": 4, "bp": 5}
_CHANGE_KINDS = ("percent", "pp", "bp")


def key_figures(report: Report, memory: Memory, target_language: str, limit: int = LIMIT) -> tuple[KeyFigure, ...]:
    """The most important figures of a report, each with a label, value, change and period in both locales."""
    languages = (report.language, target_language)
    return tuple(_key_figure(figure, change, languages, memory) for figure, change in _shown(report, limit))


def label_segments(report: Report) -> list[tuple[str, int | None]]:
    """(label, page) of every key figure shown: what `translate extract` puts in the catalog (figure-label)."""
    found = {label(figure): figure.page for figure, _ in _shown(report, LIMIT)}
    return list(found.items())


def _shown(report: Report, limit: int) -> list[tuple[Figure, Figure | None]]:
    """The figures shown, each with the change that goes with it; a change shown with its level is no row."""
    chosen = _choose(report.figures, {point.text for point in report.key_points}, limit * 2)
    changes = {id(figure): _change_of(figure, report.figures) for figure in chosen}
    taken = {id(change) for change in changes.values() if change is not None}
    return [(figure, changes[id(figure)]) for figure in chosen if id(figure) not in taken][:limit]


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


def _change_of(figure: Figure, figures: tuple[Figure, ...]) -> Figure | None:
    """The change printed right after a level in the same sentence: 1460 亿美元，同比增长 62%."""
    if figure.change or figure.kind in _CHANGE_KINDS:
        return None
    after = [f for f in figures if f.sentence == figure.sentence and f is not figure]
    position = figure.sentence.find(figure.text)
    for other in after:
        if other.change and other.kind in _CHANGE_KINDS and figure.sentence.find(other.text) > position:
            same_topic = (other.metric or figure.metric) == figure.metric and other.subject == figure.subject
            if same_topic or other.metric is None:
                return other
    return None


def _key_figure(figure: Figure, change: Figure | None, languages: tuple[str, str], memory: Memory) -> KeyFigure:
    source, target = languages
    period = figure.period or (change.period if change else None)
    return KeyFigure(
        figure=figure,
        label=memory.lookup(label(figure), "figure-label", figure.page),
        value=_formatted(format_figure(figure, source), format_figure(figure, target), "figure-value", figure),
        change=_formatted(format_figure(change, source), format_figure(change, target), "figure-change", change)
        if change
        else None,
        change_figure=change,
        period=_formatted(format_period(period, source), format_period(period, target), "figure-period", figure)
        if period
        else None,
    )


def _formatted(source: str, target: str, context: str, figure: Figure) -> Bilingual:
    # Formatted by babel and read back: no person needs to review it.
    return Bilingual(source, target, TranslationState.APPROVED, context, figure.page)
