"""Locale-aware filters for templates: dates and numbers (babel lives here).

Templates call them as `{{ issue.date | format_date("zh") }}` or
`{{ value | format_number("en") }}`; the language codes are the briefing's
("zh", "en"), mapped to babel locales below.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from babel.core import Locale, UnknownLocaleError
from babel.dates import format_date as babel_format_date
from babel.numbers import format_decimal

# The briefing's language codes -> the locale used to format for its readers.
LOCALES = {"zh": "zh_CN", "en": "en_US"}


def locale_for(language: str) -> Locale:
    try:
        return Locale.parse(LOCALES.get(language, language).replace("-", "_"))
    except (UnknownLocaleError, ValueError) as error:
        raise ValueError(f"unknown language {language!r} for formatting (try 'zh' or 'en')") from error


def format_date(value: dt.date, language: str, style: str = "long") -> str:
    """A date as its readers write it: 2026年3月13日 / March 13, 2026."""
    return str(babel_format_date(value, format=style, locale=locale_for(language)))


def format_number(value: float, language: str, digits: int | None = None) -> str:
    """A number with the locale's grouping; `digits` fixes the decimals."""
    pattern = None if digits is None else "#,##0" + ("." + "0" * digits if digits else "")
    return str(format_decimal(value, format=pattern, locale=locale_for(language)))


FILTERS: dict[str, Callable[..., Any]] = {"format_date": format_date, "format_number": format_number}
