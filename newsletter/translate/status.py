"""`translate status`: how much of the catalog is translated, to review, missing."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from newsletter.translate.catalog import Catalog, context_of, is_machine


@dataclass(frozen=True)
class Status:
    translated: int  # reviewed by a person: may go to clients
    fuzzy: int  # needs review (machine drafts and changed sources)
    machine: int  # of which machine drafts
    missing: int
    obsolete: int
    by_context: tuple[tuple[str, int, int, int], ...]  # context, translated, fuzzy, missing

    @property
    def total(self) -> int:
        return self.translated + self.fuzzy + self.missing


def catalog_status(catalog: Catalog) -> Status:
    counts: Counter[tuple[str, str]] = Counter()
    machine = 0
    for message in catalog:
        if not message.id:
            continue  # the header
        state = "missing" if not message.string else "fuzzy" if message.fuzzy else "translated"
        counts[(context_of(message), state)] += 1
        machine += bool(message.string and message.fuzzy and is_machine(message))
    contexts = sorted({context for context, _ in counts})
    return Status(
        translated=sum(n for (_, s), n in counts.items() if s == "translated"),
        fuzzy=sum(n for (_, s), n in counts.items() if s == "fuzzy"),
        machine=machine,
        missing=sum(n for (_, s), n in counts.items() if s == "missing"),
        obsolete=len(catalog.obsolete),
        by_context=tuple(
            (c, counts[(c, "translated")], counts[(c, "fuzzy")], counts[(c, "missing")]) for c in contexts
        ),
    )
