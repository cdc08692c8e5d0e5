"""Filters for templates: dates and numbers (formatted by newsletter.l10n), rules under text.

Templates call them as `{{ issue.date | format_date("zh") }}` or
`{{ value | format_number("en") }}`; the language codes are the briefing's
("zh", "en"), mapped to locales by newsletter.l10n.
"""

from __future__ import annotations

import datetime as dt
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
    "underline": underline,
}
