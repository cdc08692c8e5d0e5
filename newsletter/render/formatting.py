"""Locale-aware filters for templates: dates and numbers (formatted by newsletter.l10n).

Templates call them as `{{ issue.date | format_date("zh") }}` or
`{{ value | format_number("en") }}`; the language codes are the briefing's
("zh", "en"), mapped to locales by newsletter.l10n.
"""

from __future__ import annotations

import datetime as dt
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


FILTERS: dict[str, Callable[..., Any]] = {"format_date": format_date, "format_number": format_number}
