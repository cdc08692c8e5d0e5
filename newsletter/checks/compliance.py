"""Risk warnings and the disclaimer must reach every output verbatim.

The check reads the text back out of each rendered file the way its reader
would see it (Markdown rendered, HTML parsed, DOCX paragraphs, plain text)
and looks for every compliance paragraph character for character. The
Chinese original must be in every edition; the approved English must be in
the editions that carry English ("en", "both"). Each must also be there as
a paragraph: text that became code, a list item, a quote or a heading is
not the legal text as the broker printed it.
"""

from __future__ import annotations

from collections.abc import Iterator

from newsletter.checks.registry import Checked, Finding, register
from newsletter.model import Bilingual, BriefingItem, Closing, Issue, SegmentKind, TranslationState
from newsletter.render import edition_of, paragraphs, read_back

CHECK = "compliance"
BLOCK_NAMES = {
    SegmentKind.RISK: "risk warning",
    SegmentKind.DISCLAIMER: "disclaimer",
    SegmentKind.DISCLAIMER_OTHER: "compliance note",
}


@register(CHECK)
def check_compliance(checked: Checked) -> list[Finding]:
    findings: list[Finding] = []
    for filename, data in sorted(checked.outputs.items()):
        blocks = read_back(filename, data)
        if blocks is not None:
            missing = _missing_in(checked.issue, filename, "\n".join(blocks))
            findings += missing or _not_paragraphs(checked.issue, filename, paragraphs(filename, data))
    return findings


def _missing_in(issue: Issue, filename: str, text: str) -> list[Finding]:
    """Each paragraph must be there as often as the issue carries it: each
    report's risk warnings, and each distinct disclaimer once (two reports of
    one broker share it in the closing section)."""
    return [
        Finding(CHECK, f"{name} is not reproduced verbatim ({_preview(expected)})", output=filename)
        for expected, names in _wanted(issue, filename).items()
        for name in names[text.count(expected) :]
    ]


def _not_paragraphs(issue: Issue, filename: str, texts: list[str] | None) -> list[Finding]:
    """The same count, among the output's plain paragraphs only."""
    if texts is None:
        return []
    # Report text holds no NUL (the readers drop control characters), so no paragraph is found
    # across two: one count over the joined paragraphs instead of one per paragraph.
    joined = "\0".join(texts)
    return [
        Finding(CHECK, f"{name} is not rendered as a paragraph ({_preview(expected)})", output=filename)
        for expected, names in _wanted(issue, filename).items()
        for name in names[joined.count(expected) :]
    ]


def _wanted(issue: Issue, filename: str) -> dict[str, list[str]]:
    wanted: dict[str, list[str]] = {}
    for name, expected in _required(issue, edition_of(filename)):
        wanted.setdefault(expected, []).append(name)
    return wanted


def _required(issue: Issue, edition: str) -> Iterator[tuple[str, str]]:
    """(block name, text) of every compliance paragraph this edition must carry."""
    for item in issue.items:
        yield from _paragraphs(_report_prefix(issue, item), SegmentKind.RISK, item.risks, edition)
    for entry in _disclaimers(issue):
        yield from _paragraphs(
            _report_prefix(issue, issue.items[entry.items[0]]), SegmentKind.DISCLAIMER, entry.disclaimer, edition
        )


def _disclaimers(issue: Issue) -> tuple[Closing, ...]:
    """The closing section's disclaimers; an Issue made without one has each report's own."""
    if issue.closing or not any(item.disclaimer for item in issue.items):
        return issue.closing
    return tuple(
        Closing(item.broker, (*item.disclaimer, *item.disclaimer_other), (index,))
        for index, item in enumerate(issue.items)
    )


def _paragraphs(
    prefix: str, kind: SegmentKind, segments: tuple[Bilingual, ...], edition: str
) -> Iterator[tuple[str, str]]:
    for number, segment in enumerate(segments, start=1):
        name = f"{prefix}{BLOCK_NAMES[kind]} paragraph {number}"
        yield name, segment.source
        if edition != "zh" and _approved(segment):
            yield f"{name} (approved English)", str(segment.target)


def _report_prefix(issue: Issue, item: BriefingItem) -> str:
    if len(issue.items) == 1:
        return ""
    title = item.title.source
    return f"report {issue.items.index(item) + 1} ({title if len(title) <= 20 else title[:19] + '…'}): "


def _approved(segment: Bilingual) -> bool:
    return segment.target is not None and segment.state is TranslationState.APPROVED


def _preview(text: str, limit: int = 30) -> str:
    return repr(text if len(text) <= limit else text[: limit - 1] + "…")
