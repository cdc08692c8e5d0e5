"""The review gate: what the build says and refuses about translations.

Only reviewed translations may reach clients. A build lists the segments
still missing or waiting for review (and `--strict` refuses them); for the
compliance blocks it also warns when the Chinese changed since their English
was approved, showing the change, and refuses an approved English that is not
the text recorded at approval (an edited or cut-off catalog).
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from newsletter.checks import Finding
from newsletter.errors import TranslateError
from newsletter.model import Bilingual, Issue, TranslationState
from newsletter.translate.catalog import (
    COMPLIANCE_CONTEXTS,
    HASH_COMMENT,
    TRANSLATION_HASH_COMMENT,
    Memory,
    comment_value,
    context_of,
    is_approved,
    is_machine,
    source_hash,
)


@dataclass(frozen=True)
class TranslationSummary:
    catalog: Path
    approved: int  # from memory, reviewed
    memory_fuzzy: int  # from memory, to review (the source changed a little)
    machine: int  # machine drafts, to review
    missing: int  # from nowhere
    unreviewed: tuple[Bilingual, ...]  # the segments behind the last three counts

    def line(self) -> str:
        return (
            f"translation: {self.approved + self.memory_fuzzy} segments from memory"
            f" ({self.memory_fuzzy} to review), {self.machine} machine drafts to review,"
            f" {self.missing} with no translation; catalog {self.catalog}"
        )


def summarize(issue: Issue, memory: Memory, catalog: Path) -> TranslationSummary:
    segments = issue.segments()
    fuzzy = [s for s in segments if s.state is TranslationState.FUZZY]
    machine = sum(1 for s in fuzzy if _is_machine_draft(memory, s))
    missing = [s for s in segments if s.state is TranslationState.MISSING]
    return TranslationSummary(
        catalog=catalog,
        approved=sum(1 for s in segments if s.state is TranslationState.APPROVED),
        memory_fuzzy=len(fuzzy) - machine,
        machine=machine,
        missing=len(missing),
        unreviewed=tuple(s for s in segments if s.state is not TranslationState.APPROVED),
    )


def _is_machine_draft(memory: Memory, segment: Bilingual) -> bool:
    message = memory.message(segment.source, segment.context)
    return message is not None and is_machine(message)


def refuse_unreviewed(summary: TranslationSummary) -> None:
    """`--strict`: clients get reviewed translations only."""
    if not summary.unreviewed:
        return
    fuzzy = summary.memory_fuzzy + summary.machine
    raise TranslateError(
        f"{len(summary.unreviewed)} segments lack reviewed English ({summary.missing} missing, {fuzzy} "
        f"needing review); fill and review them in this catalog "
        "(see `newsletter translate status`), or build without --strict",
        file=str(summary.catalog),
    )


def describe(segment: Bilingual, width: int = 40) -> str:
    text = segment.source if len(segment.source) <= width else segment.source[: width - 1] + "…"
    page = f" p.{segment.page}" if segment.page else ""
    return f"{segment.state.value:8} {segment.context}{page}: {text}"


def stale_compliance(issue: Issue, memory: Memory) -> list[Finding]:
    """Warnings for risk and disclaimer paragraphs whose approved English was made on other Chinese;
    errors for those whose approved English is not the text recorded at approval."""
    findings = []
    for segment in issue.segments():
        if segment.context in COMPLIANCE_CONTEXTS:
            approved_on = _approved_source(segment, memory)
            if approved_on is not None:
                findings.append(_stale_finding(segment, approved_on))
            findings += _changed_since_approval(segment, memory)
    return findings


def _changed_since_approval(segment: Bilingual, memory: Memory) -> list[Finding]:
    message = memory.message(segment.source, segment.context)
    if message is None or not is_approved(message):
        return []
    recorded = comment_value(message, TRANSLATION_HASH_COMMENT)
    if recorded is None or recorded == source_hash(str(message.string)):
        return []
    where = f"{segment.context} paragraph" + (f" (page {segment.page})" if segment.page else "")
    return [
        Finding(
            check="translation",
            message=f"the approved English of the {where} is not the text approved ({_preview(str(message.string))}): "
            "the catalog was edited or damaged since; to approve the new wording, mark it fuzzy, "
            "run `newsletter translate extract`, then approve it again",
        )
    ]


def _preview(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else "…" + text[-(limit - 1) :])


def _approved_source(segment: Bilingual, memory: Memory) -> str | None:
    """The source the segment's English was approved on, when it differs from today's."""
    message = memory.message(segment.source, segment.context)
    if message is not None and is_approved(message):
        recorded = comment_value(message, HASH_COMMENT)
        return "" if recorded and recorded != source_hash(segment.source) else None
    return _closest_approved(segment, memory)


def _closest_approved(segment: Bilingual, memory: Memory) -> str | None:
    """No approved entry for this text: an approved entry for a close text is this block, changed."""
    entries = [*memory.catalog, *memory.catalog.obsolete.values()]
    candidates = [str(m.id) for m in entries if m.id and context_of(m) == segment.context and is_approved(m)]
    close = difflib.get_close_matches(segment.source, candidates, n=1, cutoff=0.6)
    return close[0] if close else None


def _stale_finding(segment: Bilingual, approved_on: str) -> Finding:
    where = f"{segment.context} paragraph" + (f" (page {segment.page})" if segment.page else "")
    change = _diff(approved_on, segment.source) if approved_on else "(the approved source is not recorded)"
    return Finding(
        check="translation",
        message=f"the approved English of the {where} is stale: the Chinese changed since approval\n{change}",
        blocking=False,
    )


def _diff(old: str, new: str) -> str:
    """A line diff of the two texts, cut at sentence ends so a changed clause shows alone."""
    lines = difflib.unified_diff(_sentences(old), _sentences(new), "approved", "now", lineterm="", n=0)
    return "\n".join(lines)


def _sentences(text: str) -> list[str]:
    return text.replace("。", "。\n").replace("；", "；\n").splitlines()
