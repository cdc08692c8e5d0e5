"""The review gate: what the build says and refuses about translations.

Only reviewed translations may reach clients. A build lists the segments
still missing or waiting for review (and `--strict` refuses them). The
checks on translations (stale compliance English, a catalog changed since the
build) are in `newsletter/checks/translation.py`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newsletter.errors import TranslateError
from newsletter.model import Bilingual, Issue, TranslationState
from newsletter.translate.catalog import Memory, is_machine


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
