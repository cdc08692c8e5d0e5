"""Text accounting: where each line of a page went (a field of the report or
a named kind of furniture), for `newsletter extract REPORT --explain PAGE`.

The reader records what it set aside (`Report.set_aside`, with the reason);
this module looks each printed line up among the report's fields and those
records, so an editor can see why a line is missing. Matching is by text,
whitespace ignored: a line is found inside the paragraph it was joined into.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from newsletter.model import Report, Section
from newsletter.readers.compliance import RISK_MARKERS
from newsletter.readers.paragraphs import BULLET
from newsletter.readers.structure import KEY_POINT_MARKERS, SIDEBAR_MARKERS, TOC_MARKERS, is_marker, parse_toc_line

NOWHERE = "NOWHERE (lost: please report this line)"


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def destinations(report: Report, page: int) -> list[tuple[str, str]]:
    """(squashed text, where) for every field and record near the page: a
    paragraph may begin on the page before and end on this one."""
    near = {page - 1, page, page + 1}
    found: list[tuple[str, str]] = [(report.title, "title")]
    found += [(p.heading + p.text, "key points") for p in report.key_points if p.page in near or p.page is None]
    found += [(text, where) for text, where, at in _section_texts(report.sections) if at in near or at is None]
    found += [(p.text, "risk warnings") for p in report.risks if p.page in near or p.page is None]
    found += [(p.text, "disclaimer") for p in report.disclaimer if p.page in near or p.page is None]
    other = "other compliance text (certification, rating definitions)"
    found += [(p.text, other) for p in report.disclaimer_other if p.page in near or p.page is None]
    found += [(e.title, "contents") for e in report.toc]
    found += [(item.text, f"set aside: {item.kind} ({item.why})") for item in report.set_aside if item.page == page]
    found += [(" ".join(" ".join(row) for row in t.rows), "tables") for t in report.tables if t.page == page]
    return [(_squash(text), where) for text, where in found if _squash(text)]


def _section_texts(sections: tuple[Section, ...]) -> Iterator[tuple[str, str, int | None]]:
    for section in sections:
        name = section.heading or "(untitled section)"
        if section.heading:
            yield section.heading, "section heading", section.page
        for paragraph in section.paragraphs:
            yield paragraph.text, f"section {name[:30]!r}", paragraph.page
        yield from _section_texts(section.sections)


def explain(report: Report, page: int, lines: list[str]) -> list[tuple[str, str]]:
    """Each line of the page with where it went (the first field holding it)."""
    places = destinations(report, page)
    explained: list[tuple[str, str]] = []
    people = [_squash(x) for a in report.analysts for x in (a.name, a.sac, a.email) if x]
    contents = {_squash(entry.title) for entry in report.toc}
    for line in lines:
        # A paragraph keeps its words, not its bullet glyph.
        key = _squash(BULLET.sub("", line.strip()))
        where = next((w for text, w in places if key and key in text), NOWHERE)
        if where == NOWHERE and _toc_title(line) in contents:
            where = "contents"
        if where == NOWHERE and any(person in key for person in people):
            where = "analysts"
        elif where == NOWHERE and (marker := _marker_of(line)):
            where = marker
        explained.append((line, where))
    return explained


def _toc_title(line: str) -> str | None:
    """A contents line is kept as its entry's title, without leaders and page."""
    entry = parse_toc_line(line)
    return _squash(entry.title) if entry else None


_PARTS = (
    (KEY_POINT_MARKERS, "key points"),
    (TOC_MARKERS, "contents"),
    (RISK_MARKERS, "risk warnings"),
    (SIDEBAR_MARKERS, "analysts"),
)


def _marker_of(line: str) -> str | None:
    """The label that opens a part of the report ("核心要点", "目录") is that part's heading."""
    return next((f"{part} (its heading)" for markers, part in _PARTS if is_marker(line, markers)), None)
