"""The week's key figures: which figures the briefing shows, labelled and formatted in both locales.

The label says what a figure is about: in the report's language the subject
and metric (甲骨文 剩余履约义务（RPO）), in the other language the sentence of
the translated segment that carries the same figure (matched by value, as the
guard matches). So the label needs no translation of its own, and a figure
whose segment has no translation yet shows the pending marker.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence

from newsletter.figures.format import format_figure
from newsletter.figures.guard import same_value
from newsletter.figures.parse import find_spans
from newsletter.model import Bilingual, Figure, KeyFigure, Report, SegmentKind, TranslationState

log = logging.getLogger(__name__)

LIMIT = 8
# Money first: it is what readers look for and what a mistranslation costs most.
_RANK = {"money": 0, "percent": 1, "power": 2, "energy": 3, "pp": 4, "bp": 5}
_SENTENCE_END = {"en": re.compile(r"(?<=[.!?;])\s+"), "zh": re.compile(r"(?<=[。！？；])")}


def key_figures(
    report: Report, translated: Sequence[Bilingual], target_language: str, limit: int = LIMIT
) -> tuple[KeyFigure, ...]:
    """The most important figures of a report, each with a label and its value in both locales.

    `translated` is the report's segments with their translations (as `make_issue` looked them
    up); figures are read from the key points and the paragraphs.
    """
    chosen = _choose(report.figures, {point.text for point in report.key_points}, limit)
    segments = [s for s in translated if s.context in (SegmentKind.KEY_POINT, SegmentKind.PARAGRAPH)]
    shown = (_shown(figure, report, target_language, segments) for figure in chosen)
    return tuple(key for key in shown if key is not None)


def _shown(figure: Figure, report: Report, target_language: str, segments: list[Bilingual]) -> KeyFigure | None:
    """The key figure, or None with a warning when the formatter cannot vouch
    for it: choosing key figures is a heuristic and must not stop the build
    (the fidelity guard still checks every figure of the translation)."""
    try:
        return _key_figure(figure, report.language, target_language, segments)
    except ValueError as error:
        log.warning(f"{report.source.path}: page {figure.page}: key figure left out: {error}")
        return None


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


def _key_figure(figure: Figure, source_language: str, target_language: str, segments: list[Bilingual]) -> KeyFigure:
    value = Bilingual(
        source=format_figure(figure, source_language),
        target=format_figure(figure, target_language),
        state=TranslationState.APPROVED,  # formatted by babel and read back: no person needs to review it
        context=SegmentKind.FIGURE_VALUE,
        page=figure.page,
    )
    segment = next((s for s in segments if figure.sentence and figure.sentence in s.source), None)
    target = _sentence_with(figure, segment.target, target_language) if segment and segment.target else None
    state = segment.state if segment and target else TranslationState.MISSING
    return KeyFigure(figure, Bilingual(label(figure), target, state, SegmentKind.FIGURE_LABEL, figure.page), value)


def _sentence_with(figure: Figure, text: str, language: str) -> str | None:
    """The sentence of `text` that carries a figure equal to `figure`."""
    for span in find_spans(text, language):
        if same_value(span.figure, figure):
            return _sentence_at(text, span.start, language)
    return None


def _sentence_at(text: str, offset: int, language: str) -> str:
    start = 0
    for end in (m.start() for m in _SENTENCE_END[language].finditer(text)):
        if end > offset:
            return text[start:end].strip()
        start = end
    return text[start:].strip()
