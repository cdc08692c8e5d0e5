"""Which figures are a report's key figures, and the change that goes with each.

The choice belongs to the figures stage so that both the catalog extraction
(the labels to translate, context `figure-label`) and the issue (the
key-figures block) make the same one.
"""

from __future__ import annotations

from newsletter.model import Figure, Report

LIMIT = 8
# Money first: it is what readers look for and what a mistranslation costs most.
_RANK = {"money": 0, "percent": 1, "power": 2, "energy": 3, "pp": 4, "bp": 5}
_CHANGE_KINDS = ("percent", "pp", "bp")


def label(figure: Figure) -> str:
    """Subject and metric as the source says them, e.g. 甲骨文 剩余履约义务（RPO）."""
    return " ".join(part for part in (figure.subject, figure.metric) if part)


def key_figures_of(report: Report, limit: int = LIMIT) -> list[tuple[Figure, Figure | None]]:
    """The figures shown, each with the change stated with it; a change shown with its level is no row."""
    chosen = _choose(report.figures, {point.text for point in report.key_points}, limit * 2)
    changes = {id(figure): _change_of(figure, report.figures) for figure in chosen}
    taken = {id(change) for change in changes.values() if change is not None}
    return [(figure, changes[id(figure)]) for figure in chosen if id(figure) not in taken][:limit]


def label_segments(report: Report) -> list[tuple[str, int | None]]:
    """(label, page) of every key figure shown, each label once: what the catalog needs translated."""
    found = {label(figure): figure.page for figure, _ in key_figures_of(report)}
    return [(text, page) for text, page in found.items() if text]


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
    position = figure.sentence.find(figure.text)
    for other in figures:
        if other is figure or other.sentence != figure.sentence or not other.change or other.kind not in _CHANGE_KINDS:
            continue
        same_topic = (other.metric or figure.metric) == figure.metric and other.subject == figure.subject
        if figure.sentence.find(other.text) > position and (same_topic or other.metric is None):
            return other
    return None
