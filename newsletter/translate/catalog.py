"""Translation memory kept as a gettext PO catalog (babel.messages).

A segment is keyed by (context, source text): the context says what kind of
text it is (heading, paragraph, risk, disclaimer...), so the weekly risk text
or a recurring heading is translated once and reused every week.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

# babel's PO classes are imported here only; the other translate modules take them from this one.
from babel.messages.catalog import Catalog as Catalog
from babel.messages.catalog import Message as Message
from babel.messages.pofile import read_po, write_po

from newsletter import __version__
from newsletter.errors import TranslateError
from newsletter.model import COMPLIANCE_KINDS, Bilingual, SegmentKind, TranslationState
from newsletter.untrusted import clean_text

# Risk warnings and the disclaimer: never machine-translated; their English is
# an approved entry, stamped with the hash of the source it was approved on.
COMPLIANCE_CONTEXTS: frozenset[str] = COMPLIANCE_KINDS
MACHINE_COMMENT = "machine-translated:"
HASH_COMMENT = "source-sha256:"  # no space after it: PO writers wrap comments at spaces
TRANSLATION_HASH_COMMENT = "approved-sha256:"  # the English as it was when first seen approved


@dataclass(frozen=True)
class Memory:
    catalog: Catalog

    def lookup(self, source: str, context: SegmentKind, page: int | None = None) -> Bilingual:
        if not source.strip():  # nothing to translate (a key point without heading); extract leaves it out too
            return Bilingual(source, source, TranslationState.APPROVED, context, page)
        message = self.message(source, context)
        if message is None or not message.string:
            return Bilingual(source, None, TranslationState.MISSING, context, page)
        state = TranslationState.FUZZY if message.fuzzy else TranslationState.APPROVED
        # Catalogs and machine drafts are untrusted text: no control character reaches an output.
        return Bilingual(source, clean_text(str(message.string)), state, context, page)

    def message(self, source: str, context: str) -> Message | None:
        found: Message | None = self.catalog.get(source, context=context) or self.catalog.get(source)
        return found


HEADER = """\
Translation memory of the newsletter briefing (target language: {locale}).
Fill it in Poedit, Weblate or any PO editor; keep it in version control.
msgctxt says what a segment is; "#: report:N" gives the report and page N.
Fuzzy entries (machine drafts, changed sources) need a person's review:
remove the fuzzy flag to approve. Risk and disclaimer entries carry the
hash of the source they were approved on (source-sha256)."""


def resolve_catalog(configured: Path | None, target_language: str, beside: Path | None = None) -> Path:
    """The one rule for which catalog holds an issue's translations.

    Catalogs are named by language: a configured (or --catalog) en.po means
    zh.po for English reports. With none configured: translations/<lang>.po
    in the project, else the translations/ folder beside the first report.
    """
    if configured is not None:
        if configured.stem in ("en", "zh") and configured.stem != target_language:
            return configured.with_name(f"{target_language}{configured.suffix}")
        return configured
    project = Path("translations") / f"{target_language}.po"
    if project.exists() or beside is None:
        return project
    return beside.parent / "translations" / f"{target_language}.po"


def new_catalog(locale: str, now: dt.datetime) -> Catalog:
    return Catalog(
        locale=locale,
        project="newsletter",
        version=__version__,
        header_comment="\n".join(f"# {line}" for line in HEADER.format(locale=locale).splitlines()),
        creation_date=now,
        revision_date=now,
        fuzzy=False,
        charset="utf-8",
    )


def empty_memory(locale: str = "en") -> Memory:
    return Memory(Catalog(locale=locale))


def load_memory(path: Path | None, locale: str = "en") -> Memory:
    """Load a PO catalog; a missing file is an empty memory, not an error."""
    if path is None or not path.exists():
        return empty_memory(locale)
    return Memory(read_catalog(path, locale))


def read_catalog(path: Path, locale: str) -> Catalog:
    """The catalog, parsed strictly: a cut-off or malformed line is refused, never read as text."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise TranslateError(f"cannot read the translation catalog: {error.strerror}", file=str(path)) from error
    check_po_syntax(data, str(path))
    try:
        catalog: Catalog = read_po(io.BytesIO(data), locale=locale, abort_invalid=True)
        return catalog
    except Exception as error:  # babel raises bare Exceptions for syntax errors
        raise TranslateError(f"cannot read the translation catalog: {error}", file=str(path)) from error


# A PO line: a comment, a keyword and its string, or a string continuing the last one.
_KEYWORD = re.compile(r'(?:#~\s*)?(msgctxt|msgid|msgid_plural|msgstr|msgstr\[\d+\])\s+(".*)')
_CONTINUATION = re.compile(r'(?:#~\s*)?(".*)')
_STRING = re.compile(r'"(?:[^"\\]|\\[\\"abfnrtv?\']|\\[0-7]{1,3}|\\x[0-9a-fA-F]+)*"')


def check_po_syntax(data: bytes, file: str) -> None:
    """Refuse, naming the line, what babel's lenient parser would silently accept or cut."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise TranslateError(f"cannot read the translation catalog: line {line}: not UTF-8", file=file) from error
    for number, raw in enumerate(text.split("\n"), start=1):
        problem = _line_problem(raw.strip())
        if problem:
            raise TranslateError(
                f"cannot read the translation catalog: line {number}: {problem}; damaged (cut off?)", file=file
            )


def _line_problem(line: str) -> str | None:
    if not line or (line.startswith("#") and not line.startswith("#~")) or line.startswith("#~|"):
        return None
    match = _KEYWORD.fullmatch(line) or _CONTINUATION.fullmatch(line)
    if match is None:
        return f"not a PO line: {line[:40]!r}"
    literal = match.group(match.lastindex or 1)
    if not _STRING.fullmatch(literal):
        return f"string not properly quoted and terminated: {literal[:40]!r}"
    return None


def save_catalog(catalog: Catalog, path: Path) -> None:
    """Write the catalog whole or not at all: a translator's work is never half-lost."""
    buffer = io.BytesIO()
    write_po(buffer, catalog, include_previous=True, ignore_obsolete=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, staging = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(buffer.getvalue())
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(staging, path)
    except OSError as error:
        Path(staging).unlink(missing_ok=True)
        raise TranslateError(f"cannot write the translation catalog: {error}", file=str(path)) from error


def source_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def comment_value(message: Message, prefix: str) -> str | None:
    for comment in message.user_comments:
        if comment.startswith(prefix):
            return str(comment[len(prefix) :].strip())
    return None


def set_comment(message: Message, prefix: str, value: str | None) -> None:
    kept = [c for c in message.user_comments if not c.startswith(prefix)]
    separator = "" if prefix in (HASH_COMMENT, TRANSLATION_HASH_COMMENT) else " "
    message.user_comments = kept + ([f"{prefix}{separator}{value}"] if value is not None else [])


def is_machine(message: Message) -> bool:
    return comment_value(message, MACHINE_COMMENT) is not None


def context_of(message: Message) -> str:
    return str(message.context or "")


def is_approved(message: Message) -> bool:
    return bool(message.string) and not message.fuzzy
