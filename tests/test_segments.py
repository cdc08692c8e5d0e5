"""One segment model: the walk of `Report.segments()` is what the issue
translates, what the catalog extraction writes and what the checks read."""

from __future__ import annotations

import datetime as dt

from newsletter.figures import extract_figures
from newsletter.figures.choice import label_segments
from newsletter.issue import make_issue
from newsletter.model import COMPLIANCE_KINDS, SegmentKind, target_language
from newsletter.readers import read_report
from newsletter.translate.catalog import empty_memory, load_memory
from newsletter.translate.extract import template_for
from tests.render_fixture import CATALOG, MOMENT, REPORT


def test_the_issue_the_catalog_and_the_report_share_one_walk() -> None:
    report = extract_figures(read_report(REPORT))
    walked = [(segment.kind, segment.text, segment.page) for segment in report.segments()]
    # then the key figures' labels, which the issue and the catalog both need translated
    walked += [(SegmentKind.FIGURE_LABEL, text, page) for text, page in label_segments(report)]
    issue = make_issue([report], load_memory(CATALOG), now=MOMENT)
    assert [(s.context, s.source, s.page) for s in issue.segments()] == walked
    template = template_for([report], "en", dt.datetime(2026, 3, 14, tzinfo=dt.UTC))
    assert {(m.context, m.id) for m in template if m.id} == {(str(k), t) for k, t, _ in walked if t.strip()}


def test_the_walk_is_in_reading_order_with_every_kind() -> None:
    report = read_report(REPORT)
    kinds = [segment.kind for segment in report.segments()]
    assert kinds[0] is SegmentKind.TITLE
    assert kinds.index(SegmentKind.KEY_POINT_HEADING) < kinds.index(SegmentKind.HEADING)
    assert kinds.index(SegmentKind.PARAGRAPH) < kinds.index(SegmentKind.RISK) < kinds.index(SegmentKind.DISCLAIMER)
    assert [k for k in kinds if k in COMPLIANCE_KINDS] == kinds[kinds.index(SegmentKind.RISK) :]
    assert len(report.risks) + len(report.disclaimer) == sum(k in COMPLIANCE_KINDS for k in kinds)


def test_the_briefing_structure_is_filled_from_the_walk() -> None:
    report = read_report(REPORT)
    (item,) = make_issue([report], empty_memory(), now=MOMENT).items
    assert item.title.source == report.title and item.title.context is SegmentKind.TITLE
    assert [p.text.source for p in item.key_points] == [k.text for k in report.key_points]
    assert [s.source for s in item.risks] == [p.text for p in report.risks]
    assert all(s.context is SegmentKind.DISCLAIMER for s in item.disclaimer)


def test_target_language_is_one_rule() -> None:
    assert (target_language("zh"), target_language("en")) == ("en", "zh")
