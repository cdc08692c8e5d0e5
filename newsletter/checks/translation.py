"""Checks on the translations behind an issue.

- stale compliance (build and check, a warning): a risk or disclaimer
  paragraph whose approved English was made on other Chinese, with a diff;
  "other Chinese" means the same block of the same report, changed: a very
  close text, approved for this report's file (or, in a catalog without
  locations, naming the same broker). Another firm's similar legal text is
  not this block, so such a paragraph is simply untranslated;
- changed approvals (build and check, blocks the build): an approved risk or
  disclaimer English that is not the text stamped at approval (the catalog
  was edited or cut off since);
- catalog drift (check only, blocks sending): the catalog changed since the
  build, so the outputs no longer hold its English.
"""

from __future__ import annotations

import difflib
from pathlib import PurePath

from newsletter.checks.registry import Checked, Finding, Phase, Severity, register
from newsletter.hashing import sha256_of
from newsletter.model import COMPLIANCE_KINDS, Bilingual, BriefingItem
from newsletter.translate.catalog import (
    HASH_COMMENT,
    TRANSLATION_HASH_COMMENT,
    Memory,
    Message,
    comment_value,
    context_of,
    is_approved,
    source_hash,
)


@register("catalog drift", Phase.PREFLIGHT)
def catalog_drift(checked: Checked) -> list[Finding]:
    """The outputs hold the English of the catalog as it was at build time."""
    catalog = checked.catalog
    current = sha256_of(catalog) if catalog and catalog.is_file() else None
    if checked.catalog_sha256 == current:
        return []
    message = f"the catalog {catalog} changed after this build; rebuild before sending"
    return [Finding("translation", message, severity=Severity.BLOCKS_SENDING)]


@register("stale compliance")
def stale_compliance(checked: Checked) -> list[Finding]:
    """Warnings for risk and disclaimer paragraphs whose approved English was made on other Chinese."""
    memory = checked.memory
    if memory is None:
        return []
    findings = []
    for item in checked.issue.items:
        for segment in item.segments:
            if segment.context in COMPLIANCE_KINDS:
                approved_on = _approved_source(segment, memory, item)
                if approved_on is not None:
                    findings.append(_stale_finding(segment, approved_on))
    return findings


@register("changed approvals")
def changed_approvals(checked: Checked) -> list[Finding]:
    """Approved compliance English must be the text recorded when it was approved."""
    memory = checked.memory
    if memory is None:
        return []
    return [
        finding
        for segment in checked.issue.segments()
        if segment.context in COMPLIANCE_KINDS
        for finding in _changed_since_approval(segment, memory)
    ]


def _changed_since_approval(segment: Bilingual, memory: Memory) -> list[Finding]:
    message = memory.message(segment.source, segment.context)
    if message is None or not is_approved(message):
        return []
    recorded = comment_value(message, TRANSLATION_HASH_COMMENT)
    if recorded is None or recorded == source_hash(str(message.string)):
        return []
    where = f"{segment.context} paragraph" + (f" (page {segment.page})" if segment.page else "")
    text = str(message.string)
    shown = repr(text if len(text) <= 40 else "…" + text[-39:])
    message_text = (
        f"the approved English of the {where} is not the text approved ({shown}): the catalog was edited or "
        "damaged since; to approve the new wording, mark it fuzzy, run `newsletter translate extract`, "
        "then approve it again"
    )
    return [Finding("translation", message_text)]


def _approved_source(segment: Bilingual, memory: Memory, item: BriefingItem) -> str | None:
    """The source the segment's English was approved on, when it differs from today's."""
    message = memory.message(segment.source, segment.context)
    if message is not None and is_approved(message):
        recorded = comment_value(message, HASH_COMMENT)
        return "" if recorded and recorded != source_hash(segment.source) else None
    return _closest_approved(segment, memory, item)


# An edited clause keeps a block well above this; two firms' boilerplate on the same topic
# (each naming its own firm throughout) sits near 0.6.
_SAME_BLOCK = 0.85
_SHORT_LINE = 20


def _closest_approved(segment: Bilingual, memory: Memory, item: BriefingItem) -> str | None:
    """No approved entry for this text: an approved entry of this report for a very close text is
    this block, changed; anything else is other legal text, and this block is just untranslated."""
    entries = [*memory.catalog, *memory.catalog.obsolete.values()]
    candidates = [
        str(m.id)
        for m in entries
        if m.id and context_of(m) == segment.context and is_approved(m) and _same_report(m, segment, item)
    ]
    close = difflib.get_close_matches(segment.source, candidates, n=1, cutoff=_SAME_BLOCK)
    return close[0] if close else None


def _same_report(message: Message, segment: Bilingual, item: BriefingItem) -> bool:
    """The entry was extracted from this report's file. An entry without locations (a
    hand-written catalog, an obsolete entry) cannot tell: it must not drop the broker this
    paragraph names, and the paragraph must be long enough to be one block (a short line
    such as 特别声明 is like any other firm's)."""
    if message.locations:
        name = PurePath(item.report.source.path).name
        return any(PurePath(str(path)).name == name for path, _ in message.locations)
    if len(segment.source) < _SHORT_LINE:
        return False
    broker = item.report.broker
    return not broker or broker not in segment.source or broker in str(message.id)


def _stale_finding(segment: Bilingual, approved_on: str) -> Finding:
    where = f"{segment.context} paragraph" + (f" (page {segment.page})" if segment.page else "")
    change = _diff(approved_on, segment.source) if approved_on else "(the approved source is not recorded)"
    return Finding(
        check="translation",
        message=f"the approved English of the {where} is stale: the Chinese changed since approval\n{change}",
        severity=Severity.WARNING,
    )


def _diff(old: str, new: str) -> str:
    """A line diff of the two texts, cut at sentence ends so a changed clause shows alone."""
    lines = difflib.unified_diff(_sentences(old), _sentences(new), "approved", "now", lineterm="", n=0)
    return "\n".join(lines)


def _sentences(text: str) -> list[str]:
    return text.replace("。", "。\n").replace("；", "；\n").splitlines()
