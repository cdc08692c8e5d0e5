"""Locale data for readers (CLDR, through babel): dates, numbers, percentages, units.

babel's formatting lives here only; the template filters (render.formatting)
and the figure formatter (figures.format) both call these functions, so a
number is written the same way wherever it appears. A locale may be named by
the briefing's language code ("zh", "en") or in full ("zh_CN", "en-US").
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import cache
from typing import Literal

from babel.core import Locale, UnknownLocaleError
from babel.dates import format_date as _babel_date
from babel.dates import format_skeleton
from babel.numbers import format_compact_decimal, format_decimal, format_percent
from babel.units import format_unit

# The briefing's language codes -> the locale used to format for its readers.
LOCALES = {"zh": "zh_CN", "en": "en_US"}

Number = float | Decimal


@cache
def locale_for(language: str) -> Locale:
    """The babel locale of a language code or locale name; ValueError names the bad one."""
    try:
        return Locale.parse(LOCALES.get(language, language).replace("-", "_"))
    except (UnknownLocaleError, ValueError) as error:
        raise ValueError(f"unknown language {language!r} for formatting (try 'zh' or 'en')") from error


def date(value: dt.date, language: str, style: str = "long") -> str:
    """A date as its readers write it: 2026年3月13日 / March 13, 2026."""
    return _babel_date(value, format=style, locale=locale_for(language))


def number(value: Number, language: str, pattern: str | None = None) -> str:
    """A number with the locale's grouping, rounded as `pattern` (a CLDR pattern) says."""
    return format_decimal(value, format=pattern, locale=locale_for(language))


def exact(value: Number, language: str, grouping: bool = True) -> str:
    """Every digit of the number kept (no rounding to the locale's default decimals)."""
    return format_decimal(value, locale=locale_for(language), decimal_quantization=False, group_separator=grouping)


def percent(fraction: Number, language: str) -> str:
    """0.325 -> 32.5%, every digit kept."""
    return format_percent(fraction, locale=locale_for(language), decimal_quantization=False)


def compact(value: Number, language: str, form: Literal["short", "long"], fraction_digits: int) -> str:
    """553 billion / 5530亿: the locale's compact form with at most `fraction_digits` decimals."""
    return format_compact_decimal(value, format_type=form, locale=locale_for(language), fraction_digits=fraction_digits)


def unit(value: Number, measure: str, language: str) -> str:
    """A quantity in a CLDR unit, short form: 10 GW / 10吉瓦 (measure e.g. "power-gigawatt")."""
    return format_unit(value, measure, length="short", locale=locale_for(language))


def skeleton(value: dt.date, skeleton_: str, language: str) -> str:
    """A date in a CLDR skeleton: "yQQQ" is Q1 2026 / 2026年第1季度, "yMMM" Mar 2026 / 2026年3月, "y" the year."""
    return format_skeleton(skeleton_, value, locale=locale_for(language))
