"""No figure may change on its way into the other language: the fidelity guard on every segment."""

from __future__ import annotations

from newsletter.checks.registry import Checked, Finding, Severity, register
from newsletter.figures.format import language
from newsletter.figures.guard import check_qualifiers, check_translation, same_value
from newsletter.figures.parse import find_figures
from newsletter.model import Bilingual, Issue, KeyFigure


@register("figures")
def check_figures(checked: Checked) -> list[Finding]:
    """A finding for every translated segment that changes, drops or invents a figure."""
    issue = checked.issue
    findings = [f for seg in issue.segments() for f in _segment_findings(seg, issue)]
    findings += [f for item in issue.items for key in item.key_figures for f in _key_figure_findings(key, issue)]
    return findings


def _segment_findings(segment: Bilingual, issue: Issue) -> list[Finding]:
    if segment.target is None:
        return []
    languages = (issue.source_language, issue.target_language)
    mismatches = check_translation(segment.source, segment.target, *languages)
    findings = [Finding("figures", f"{_where(segment)}: {mismatch}") for mismatch in mismatches]
    # A lost 超过/约 changes the claim but not the number: a person decides.
    qualifiers = check_qualifiers(segment.source, segment.target, *languages)
    return findings + [Finding("figures", f"{_where(segment)}: {q}", severity=Severity.WARNING) for q in qualifiers]


def _key_figure_findings(key: KeyFigure, issue: Issue) -> list[Finding]:
    """The formatted values of the key-figures block must read back as the source figure."""
    findings = []
    for text, lang in ((key.value.source, issue.source_language), (key.value.target or "", issue.target_language)):
        found = find_figures(text, language(lang))
        if len(found) != 1 or not same_value(found[0], key.figure):
            findings.append(Finding("figures", f'key figure "{key.figure.text}" is shown as "{text}"'))
    return findings


def _where(segment: Bilingual) -> str:
    page = f" on page {segment.page}" if segment.page is not None else ""
    excerpt = segment.source if len(segment.source) <= 40 else segment.source[:40] + "…"
    return f'{segment.context}{page} "{excerpt}"'
