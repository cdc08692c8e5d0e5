"""`translate extract`: every translatable segment of the reports into the catalog.

Updating follows gettext's msgmerge (babel's `Catalog.update`): translations
carry over, a source that changed a little keeps its old translation marked
fuzzy (with the previous source, so the reviewer sees what changed), and
segments that are gone are kept as obsolete entries, revived if they return.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from newsletter.figures import extract_figures
from newsletter.figures.choice import label_segments
from newsletter.model import COMPLIANCE_KINDS, Report, SegmentKind
from newsletter.translate.catalog import (
    HASH_COMMENT,
    TRANSLATION_HASH_COMMENT,
    Catalog,
    Message,
    comment_value,
    context_of,
    is_approved,
    new_catalog,
    set_comment,
    source_hash,
)


def template_for(reports: Sequence[Report], locale: str, now: dt.datetime) -> Catalog:
    template = new_catalog(locale, now)
    for report in reports:
        for segment in report.segments():
            if segment.text.strip():
                template.add(
                    segment.text, context=str(segment.kind), locations=[(report.source.path, segment.page or 1)]
                )
        # The key figures' labels, which the issue looks up too (after the report's own segments).
        for text, page in label_segments(report if report.figures else extract_figures(report)):
            template.add(text, context=str(SegmentKind.FIGURE_LABEL), locations=[(report.source.path, page or 1)])
    return template


def update_catalog(existing: Catalog | None, reports: Sequence[Report], locale: str, now: dt.datetime) -> Catalog:
    """The existing catalog merged with this week's segments (a new one if none)."""
    template = template_for(reports, locale, now)
    catalog = existing if existing is not None else new_catalog(locale, now)
    _revive_obsolete(catalog, template)
    merged = {flag: _merged_part(catalog, template, flag) for flag in (False, True)}
    for message in list(catalog):
        if message.id:
            catalog.delete(message.id, context=message.context)
    for message in template:
        updated = merged[context_of(message) in COMPLIANCE_KINDS].get(message.id, context=message.context)
        if updated is not None:
            catalog[message.id] = updated
    for part in merged.values():
        catalog.obsolete.update(part.obsolete)
    catalog.revision_date = now
    return catalog


def _merged_part(catalog: Catalog, template: Catalog, compliance: bool) -> Catalog:
    """msgmerge on one part of the catalog: ordinary text, or the compliance blocks.

    Compliance translations are never carried to a changed source (no fuzzy
    matching): the old approved entry becomes obsolete, the new block needs a
    fresh approval, and the build shows what changed.
    """
    old, new = Catalog(locale=catalog.locale), Catalog(locale=catalog.locale)
    for source, target in ((catalog, old), (template, new)):
        for message in source:
            if message.id and (context_of(message) in COMPLIANCE_KINDS) == compliance:
                target[message.id] = message
    old.update(new, no_fuzzy_matching=compliance, update_header_comment=False, keep_user_comments=True)
    if compliance:
        for message in old:
            _stamp_approval(message)
    return old


def _revive_obsolete(catalog: Catalog, template: Catalog) -> None:
    """A segment that comes back (a heading used every other week) gets its old translation back."""
    for message in template:
        key = (str(message.id), message.context) if message.context else str(message.id)
        old: Message | None = catalog.obsolete.pop(key, None)
        if old is not None and message.id not in catalog:
            catalog[message.id] = old


def _stamp_approval(message: Message) -> None:
    """Record the source a reviewed (not fuzzy) compliance translation was approved on, and
    the translation itself the first time it is seen approved (a later change is then caught).
    An entry under review again (fuzzy, emptied) loses the translation's stamp until re-approved."""
    if message.id and is_approved(message):
        set_comment(message, HASH_COMMENT, source_hash(str(message.id)))
        if comment_value(message, TRANSLATION_HASH_COMMENT) is None:
            set_comment(message, TRANSLATION_HASH_COMMENT, source_hash(str(message.string)))
    elif message.id:
        set_comment(message, TRANSLATION_HASH_COMMENT, None)
