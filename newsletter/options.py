"""How one build is made: the options `build`, `preview` and `issue_dir` share,
and the editions' contract with `send`.

A neutral module, so the issue folder can record the options without
importing the build (which imports the issue folder), and the preflight can
know the unsubscribe placeholder without importing `send`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from newsletter.model import Depths, Publisher

# Language editions: "both" is the bilingual briefing, "zh"/"en" one language.
EDITIONS = ("both", "zh", "en")
# Where an edition's templates put the unsubscribe link; `send` puts each subscriber's own there.
UNSUBSCRIBE_PLACEHOLDER = "%%unsubscribe_url%%"
# What a build actually writes where a template wrote the placeholder: the placeholder made unforgeable by
# a digest of the content, `%%unsubscribe_url.<hex>%%` (recorded in editions/meta.json). Report or
# machine text that contains the plain placeholder stays text: `send` replaces only this build's slot.
UNSUBSCRIBE_SLOT = re.compile(r"%%unsubscribe_url(?:\.[0-9a-f]{32})?%%")


@dataclass(frozen=True)
class BuildOptions:
    catalog: Path | None = None
    templates: Path | None = None
    brand: str = "Newsletter"
    brand_en: str | None = None  # the `en` edition's brand; None shows `brand`
    pending_marker: str = "[translation pending]"
    review_marker: str = "[needs review]"
    allow_missing_disclaimer: bool = False
    cache: Path | None = None  # extraction cache folder; None reads every report afresh
    strict: bool = False  # refuse missing or unreviewed translations, and an issue of several weeks
    languages: tuple[str, ...] = EDITIONS  # the editions built (the `languages` setting)
    publisher: Publisher = field(default_factory=Publisher)  # sender, postal address, web address, charts per card
    order: str = "date"  # the reports of an issue: by date (newest first), by broker, or as given
    depths: Depths = field(default_factory=Depths)  # card or full, per output
    glossary: Path | None = None  # translations/glossary.tsv: English names of brokers and analysts
    workers: int | None = None  # processes reading reports; None: one per core
