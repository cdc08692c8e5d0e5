"""JSON form of the model: what `extract --json` prints and `report.json` holds."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from newsletter.model import Analyst, Figure, KeyPoint, Paragraph, Report, Section, Source, Table, TocEntry

JSON = dict[str, Any]


def report_to_json(report: Report) -> JSON:
    return {
        "title": report.title,
        "broker": report.broker,
        "series": report.series,
        "date": report.date.isoformat() if report.date else None,
        "language": report.language,
        "analysts": [{"name": a.name, "sac": a.sac, "email": a.email} for a in report.analysts],
        "key_points": [{"heading": k.heading, "text": k.text, "page": k.page} for k in report.key_points],
        "toc": [{"title": t.title, "page": t.page} for t in report.toc],
        "sections": [_section_to_json(s) for s in report.sections],
        "risks": [p.text for p in report.risks],
        "risk_pages": [p.page for p in report.risks],
        "disclaimer": [p.text for p in report.disclaimer],
        "disclaimer_pages": [p.page for p in report.disclaimer],
        "figures": [_figure_to_json(f) for f in report.figures],
        "tables": [{"page": t.page, "rows": [list(row) for row in t.rows]} for t in report.tables],
        "source": {"path": report.source.path, "sha256": report.source.sha256, "pages": report.source.pages},
    }


def _section_to_json(section: Section) -> JSON:
    return {
        "heading": section.heading,
        "level": section.level,
        "page": section.page,
        "paragraphs": [p.text for p in section.paragraphs],
        "paragraph_pages": [p.page for p in section.paragraphs],
        "sections": [_section_to_json(s) for s in section.sections],
    }


def _figure_to_json(figure: Figure) -> JSON:
    return {
        "text": figure.text,
        "value": figure.value,
        "unit": figure.unit,
        "kind": figure.kind,
        "qualifier": figure.qualifier,
        "change": figure.change,
        "period": figure.period,
        "sentence": figure.sentence,
        "page": figure.page,
        "subject": figure.subject,
        "upper": figure.upper,
        "metric": figure.metric,
        "direction": figure.direction,
    }


def report_from_json(data: JSON) -> Report:
    """The inverse of `report_to_json`, used to reuse a cached extraction."""
    return Report(
        source=Source(**data["source"]),
        title=data["title"],
        broker=data.get("broker"),
        series=data.get("series"),
        date=dt.date.fromisoformat(data["date"]) if data.get("date") else None,
        language=data.get("language", "zh"),
        analysts=tuple(Analyst(**a) for a in data["analysts"]),
        key_points=tuple(KeyPoint(**k) for k in data["key_points"]),
        toc=tuple(TocEntry(**t) for t in data["toc"]),
        sections=tuple(_section_from_json(s) for s in data["sections"]),
        risks=_paragraphs(data["risks"], data.get("risk_pages")),
        disclaimer=_paragraphs(data["disclaimer"], data.get("disclaimer_pages")),
        figures=tuple(Figure(**f) for f in data.get("figures", [])),
        tables=tuple(Table(tuple(tuple(row) for row in t["rows"]), t.get("page")) for t in data.get("tables", [])),
    )


def _section_from_json(data: JSON) -> Section:
    return Section(
        heading=data["heading"],
        level=data["level"],
        paragraphs=_paragraphs(data["paragraphs"], data.get("paragraph_pages")),
        sections=tuple(_section_from_json(s) for s in data["sections"]),
        page=data.get("page"),
    )


def _paragraphs(texts: list[str], pages: list[int | None] | None) -> tuple[Paragraph, ...]:
    pages = pages or [None] * len(texts)
    return tuple(Paragraph(text, page) for text, page in zip(texts, pages, strict=True))


def dumps(data: JSON) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
