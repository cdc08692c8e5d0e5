"""The figures stage: find every figure of a report, with its context."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace

from newsletter.figures.context import (
    Sentences,
    change_in,
    clause_after,
    clause_before,
    direction_in,
    metric_for,
    period_before,
    subject_in,
    trim,
)
from newsletter.figures.parse import find_spans
from newsletter.figures.spans import Span
from newsletter.model import Figure, Report, Section


def extract_figures(report: Report) -> Report:
    """The report with `figures` filled from its key points and section paragraphs."""
    figures = [*_key_point_figures(report), *_section_figures(report.sections, report.language)]
    return replace(report, figures=tuple(figures))


def paragraph_figures(text: str, lang: str = "zh", page: int | None = None, subject: str | None = None) -> list[Figure]:
    """The figures of one paragraph. A subject named for one figure carries over to the
    next figures of the same paragraph; `subject` is the one to start from (the callers
    pass none: a name never carries over to another paragraph)."""
    found: list[Figure] = []
    sentences = Sentences(text)
    for span in find_spans(text, lang):
        figure = _in_context(sentences, span, page, subject, found, lang)
        subject = figure.subject
        found.append(figure)
    return found


def _key_point_figures(report: Report) -> Iterator[Figure]:
    for point in report.key_points:
        yield from paragraph_figures(point.text, report.language, point.page)


def _section_figures(sections: tuple[Section, ...], lang: str) -> Iterator[Figure]:
    for section in sections:
        for paragraph in section.paragraphs:
            # A name does not carry over to the next paragraph: a wrong subject
            # in a client's briefing is worse than none.
            yield from paragraph_figures(paragraph.text, lang, paragraph.page)
        yield from _section_figures(section.sections, lang)


def _in_context(
    sentences: Sentences, span: Span, page: int | None, subject: str | None, earlier: list[Figure], lang: str
) -> Figure:
    start, end = sentences.at(span.start)
    sentence = sentences.text[start:end]
    offset = span.start - start
    clause = clause_before(sentence, offset)
    subject = subject_in(sentences.text, sentence) or sentences.subject_before(start) or subject
    after = clause_after(sentence, span.end - start)
    metric = metric_for(clause, after, subject)
    if metric is None and not trim(clause) and earlier and earlier[-1].sentence == sentence.strip():
        metric = earlier[-1].metric  # 同比增长 22% is about the 总收入 just named
    return replace(
        span.figure,
        sentence=sentence.strip(),
        page=page,
        period=period_before(sentence[:offset]),
        change=_change(clause, after, lang),
        direction=direction_in(clause),
        subject=subject,
        metric=metric,
    )


def _change(clause: str, after: str, lang: str) -> str | None:
    """Chinese says the change before the figure (同比 +325%), English after it (up 325% YoY)."""
    if lang == "zh":
        return change_in(clause)
    until_next_number = re.split(r"\d", after, maxsplit=1)[0][:24]
    return change_in(until_next_number) or change_in(clause[-12:])
