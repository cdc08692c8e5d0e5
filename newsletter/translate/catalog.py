"""Translation memory kept as a gettext PO catalog (babel.messages).

A segment is keyed by (context, source text): the context says what kind of
text it is (heading, paragraph, risk, disclaimer...), so the weekly risk text
or a recurring heading is translated once and reused every week.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from newsletter.errors import TranslateError
from newsletter.model import Bilingual, TranslationState


@dataclass(frozen=True)
class Memory:
    catalog: Catalog

    def lookup(self, source: str, context: str, page: int | None = None) -> Bilingual:
        message = self.catalog.get(source, context=context) or self.catalog.get(source)
        if message is None or not message.string:
            return Bilingual(source, None, TranslationState.MISSING, context, page)
        state = TranslationState.FUZZY if message.fuzzy else TranslationState.APPROVED
        return Bilingual(source, str(message.string), state, context, page)


def empty_memory(locale: str = "en") -> Memory:
    return Memory(Catalog(locale=locale))


def load_memory(path: Path | None, locale: str = "en") -> Memory:
    """Load a PO catalog; a missing file is an empty memory, not an error."""
    if path is None or not path.exists():
        return empty_memory(locale)
    try:
        with path.open("rb") as stream:
            return Memory(read_po(stream, locale=locale))
    except Exception as error:  # babel raises bare Exceptions for syntax errors
        raise TranslateError(f"cannot read the translation catalog: {error}", file=str(path)) from error
