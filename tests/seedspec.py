"""Compare an extracted report with the seed's gold structure (seed_spec.json)."""

from __future__ import annotations

from typing import Any

from newsletter.model import Report
from newsletter.serialize import report_to_json


def as_spec(report: Report) -> dict[str, Any]:
    """The report in seed_spec.json's shape (its key names, untitled sub-sections)."""
    data = report_to_json(report)
    return {
        "title": data["title"],
        "broker": data["broker"],
        "date": data["date"],
        "analysts": data["analysts"],
        "keypoints": [{"heading": k["heading"], "text": k["text"]} for k in data["key_points"]],
        "toc": [[t["title"], t["page"]] for t in data["toc"]],
        "sections": [_section(s) for s in data["sections"]],
        "risks": data["risks"],
        "disclaimer": data["disclaimer"],
    }


def _section(section: dict[str, Any]) -> dict[str, Any]:
    subsections = [{"heading": None, "paragraphs": section["paragraphs"]}] if section["paragraphs"] else []
    subsections += [{"heading": s["heading"], "paragraphs": s["paragraphs"]} for s in section["sections"]]
    return {"heading": section["heading"], "subsections": subsections}
