"""Find figures in a text of either language: the one entry point for parsing."""

from __future__ import annotations

import re
from dataclasses import replace
from decimal import Decimal

from newsletter.figures import en, zh
from newsletter.figures.numerals import CN_NUMERAL_CHARS, arabic, chinese, normalise
from newsletter.figures.spans import Span
from newsletter.figures.vocab import EN_NUMBER_WORDS
from newsletter.model import Figure

LANGUAGES = ("zh", "en")

_ARABIC = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_CHINESE = re.compile(f"[{CN_NUMERAL_CHARS}]+")
_WORDS = re.compile(rf"\b(?:{'|'.join(EN_NUMBER_WORDS)})\b", re.IGNORECASE)


def find_spans(text: str, lang: str = "zh") -> list[Span]:
    """Every figure in `text` with its offsets; `figure.text` is text[start:end]."""
    if lang not in LANGUAGES:
        raise ValueError(f"unsupported language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    parser = zh.find if lang == "zh" else en.find
    # Normalising is offset-preserving, so the spans index the original text.
    spans = parser(normalise(text))
    return [Span(s.start, s.end, _with_source_text(s.figure, text[s.start : s.end])) for s in spans]


def find_figures(text: str, lang: str = "zh") -> list[Figure]:
    """Every figure in `text`, in reading order (no sentence, page or subject: see extract)."""
    return [span.figure for span in find_spans(text, lang)]


def numbers(text: str, lang: str = "zh", *, words: bool = True) -> list[tuple[int, int, Decimal]]:
    """Every number written in `text`, figure or not (dates, product names...), with offsets.

    With `words`, Chinese numerals (六个月) and English number words (six) count too.
    """
    text = normalise(text)
    found = [(m.start(), m.end(), arabic(m.group())) for m in _ARABIC.finditer(text)]
    if words and lang == "zh":
        found += [(m.start(), m.end(), Decimal(v)) for m in _CHINESE.finditer(text) if (v := chinese(m.group()))]
    if words and lang == "en":
        found += [(m.start(), m.end(), Decimal(EN_NUMBER_WORDS[m.group().lower()])) for m in _WORDS.finditer(text)]
    return sorted(found)


def _with_source_text(figure: Figure, text: str) -> Figure:
    return figure if figure.text == text else replace(figure, text=text)
