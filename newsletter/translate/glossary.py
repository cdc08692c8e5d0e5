"""The glossary: names and terms that must be translated one way.

An editable TSV file (`translations/glossary.tsv`): one term a line, the
Chinese and the English separated by a tab; `#` starts a comment. It serves
both directions. Terms are sent with machine requests, and a machine result
that does not use the glossary's term for a source term present is rejected.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from newsletter.errors import TranslateError

DEFAULT_GLOSSARY = Path("translations/glossary.tsv")


@dataclass(frozen=True)
class Term:
    zh: str
    en: str


@dataclass(frozen=True)
class Glossary:
    terms: tuple[Term, ...] = ()

    def pairs(self, source_language: str) -> list[tuple[str, str]]:
        """(source term, required target term), longest source first (火山引擎 before 火山)."""
        pairs = [(t.zh, t.en) if source_language == "zh" else (t.en, t.zh) for t in self.terms]
        return sorted(pairs, key=lambda pair: -len(pair[0]))

    def terms_in(self, text: str, source_language: str) -> list[tuple[str, str]]:
        folded = text.casefold()
        return [(s, t) for s, t in self.pairs(source_language) if s.casefold() in folded]

    def violations(self, source: str, target: str, source_language: str) -> list[str]:
        """The glossary terms of `source` whose required translation `target` lacks.

        The term must be written as the glossary writes it (NVIDIA, not Nvidia),
        except for a capital first letter at the start of a sentence.
        """
        return [
            f"{s} must be translated as {t}"
            for s, t in self.terms_in(source, source_language)
            if t not in target and t[:1].upper() + t[1:] not in target
        ]


def load_glossary(path: Path | None) -> Glossary:
    """Read the glossary; a missing default file is an empty glossary."""
    if path is None or not path.exists():
        return Glossary()
    try:
        lines = path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError) as error:
        raise TranslateError(f"cannot read the glossary: {error}", file=str(path)) from error
    return Glossary(tuple(_term(line, number, path) for number, line in enumerate(lines, 1) if _is_entry(line)))


def _is_entry(line: str) -> bool:
    return bool(line.strip()) and not line.lstrip().startswith("#")


def _term(line: str, number: int, path: Path) -> Term:
    fields = [field.strip() for field in line.split("\t")]
    if len(fields) < 2 or not fields[0] or not fields[1]:
        raise TranslateError(f"line {number}: expected 'Chinese<TAB>English', got {line!r}", file=str(path))
    return Term(fields[0], fields[1])
