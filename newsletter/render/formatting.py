"""Filters for templates: dates and numbers (formatted by newsletter.l10n), rules under text.

Templates call them as `{{ issue.date | format_date("zh") }}` or
`{{ value | format_number("en") }}`; the language codes are the briefing's
("zh", "en"), mapped to locales by newsletter.l10n.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable
from typing import Any

from newsletter import l10n


def format_date(value: dt.date, language: str, style: str = "long") -> str:
    """A date as its readers write it: 2026年3月13日 / March 13, 2026."""
    return l10n.date(value, language, style)


def format_number(value: float, language: str, digits: int | None = None) -> str:
    """A number with the locale's grouping; `digits` fixes the decimals."""
    pattern = None if digits is None else "#,##0" + ("." + "0" * digits if digits else "")
    return l10n.number(value, language, pattern)


_SENTENCE = re.compile(r"[^。！？!?]+?(?:[。！？!?]+|[.](?=\s)|$)\s*")
_CLAUSE_BREAK = re.compile(r"[，；、,;:：]")
_MEANING = re.compile(r"[\w\u3400-\u9fff]")
MIN_SENTENCE = 8  # characters of words, not punctuation: "等。" is a fragment, not a sentence


def sentences(text: str, limit: int = 140) -> str:
    """Whole sentences of `text` that fit in `limit` characters, never a fragment.

    Sentences shorter than a few words are skipped; when even the first
    sentence is too long, it is cut at its last clause break (or word) that
    fits, and ends with "…".
    """
    found = [m.group().strip() for m in _SENTENCE.finditer(" ".join(text.split()))]
    whole = [s for s in found if len(_MEANING.findall(s)) >= MIN_SENTENCE]
    chosen = ""
    for sentence in whole:
        joined = _join(chosen, sentence)
        if len(joined) > limit:
            break
        chosen = joined
    return chosen or (_shortened(whole[0], limit) if whole else "")


def _join(first: str, second: str) -> str:
    if not first:
        return second
    return first + ("" if first[-1] in "。！？" else " ") + second


def _shortened(sentence: str, limit: int) -> str:
    room = sentence[: limit - 1]
    breaks = [m.start() for m in _CLAUSE_BREAK.finditer(room)] or [room.rfind(" ")]
    cut = breaks[-1] if breaks[-1] > limit // 3 else len(room)
    return room[:cut].rstrip() + "…"


def display_width(text: str) -> int:
    """Columns the text takes in a monospaced font: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def underline(text: str, char: str = "=") -> str:
    """A rule under the last line of `text`, as wide as it shows on screen."""
    last = text.rstrip("\n").rsplit("\n", 1)[-1]
    return char * display_width(last)


FILTERS: dict[str, Callable[..., Any]] = {
    "format_date": format_date,
    "format_number": format_number,
    "sentences": sentences,
    "underline": underline,
}
