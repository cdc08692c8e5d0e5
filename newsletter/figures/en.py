"""The English parser: US$553 billion, $5.53bn, 325%, 3.5 percentage points, over 10 GW."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from newsletter.figures.numerals import arabic
from newsletter.figures.spans import Span, alternation, make_figure
from newsletter.figures.vocab import (
    COUNT,
    CURRENCY_PREFIXES,
    EN_CURRENCY_SUFFIXES,
    EN_LETTER_SCALES,
    EN_QUALIFIERS,
    EN_SCALES,
    EN_UNITS,
    MONEY,
    PER_UNITS,
    Unit,
)

_NUM = r"[+\-−]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)"
_SCALE = rf"\s?(?P<{{0}}>{alternation(EN_SCALES)})\b|(?P<{{0}}_letter>[TBMmKk])(?![A-Za-z0-9])"
_PREFIX = alternation(CURRENCY_PREFIXES)
_UNIT = alternation([*EN_UNITS, *EN_CURRENCY_SUFFIXES])

_FIGURE = re.compile(
    rf"(?<![A-Za-z0-9_.\-×/:+$])"
    rf"(?:(?P<sign>[+\-−])?(?P<prefix>{_PREFIX})\s?)?"
    rf"(?P<lo>{_NUM})(?:{_SCALE.format('lo_scale')})?"
    rf"(?:(?P<lo_unit>\s?%)?(?P<sep>\sto\s|\s?[~–—]\s?|(?<!\s)-)"
    rf"(?P<hi_prefix>{_PREFIX})?(?P<hi>{_NUM})(?:{_SCALE.format('hi_scale')})?)?"
    rf"(?:\s?(?P<unit>{_UNIT})(?![A-Za-z]))?"
    rf"(?:(?:/|\sper\s)(?P<per>{alternation(PER_UNITS)})(?![A-Za-z]))?"
)
_QUALIFIER = re.compile(rf"\b(?:{alternation(EN_QUALIFIERS)})\s$", re.IGNORECASE)
_PRODUCT_TAIL = re.compile(r"[A-Za-z0-9×]")


def find(text: str) -> list[Span]:
    return list(_spans(text))


def _spans(text: str) -> Iterator[Span]:
    position = 0
    while (match := _FIGURE.search(text, position)) is not None:
        position = match.end()
        if not _one_range(match):
            # "up 5% to US$3.2 billion" is a change and a level: read both, or a changed
            # 3.2 would pass the translation guard unseen.
            first = _FIGURE.match(text, match.start(), match.start("sep"))
            match, position = first or match, match.start("hi_prefix" if match["hi_prefix"] else "hi")
        span = _span(text, match)
        if span is not None:
            yield span


def _one_range(match: re.Match[str]) -> bool:
    """5%-8%, 10 to 12 GW and US$3-US$4 billion are ranges; 5% to US$3.2 billion is not."""
    if match["hi"] is None:
        return True
    if match["hi_prefix"] and match["hi_prefix"] != match["prefix"]:
        return False
    return not match["lo_unit"] or match["unit"] == "%"


def _span(text: str, match: re.Match[str]) -> Span | None:
    start, end = match.start(), match.end()
    while text[end - 1].isspace() or (match["unit"] is None and text[end - 1] in "-–—~"):
        end -= 1
    if match["prefix"] is None and text[start].isspace():
        start += 1
    unit = _unit(match)
    if unit is None or _PRODUCT_TAIL.match(text, end):
        return None
    low = (-1 if match["sign"] in ("-", "−") else 1) * _number(match["lo"]) * _scale(match, "lo_scale", "hi_scale")
    high = None if match["hi"] is None else _number(match["hi"]) * _scale(match, "hi_scale")
    return Span(start, end, make_figure(text[start:end], (low, high), unit, _qualifier(text, start)))


def _unit(match: re.Match[str]) -> Unit | None:
    """The unit of a match, or None when it is a bare number or a product name (1.6T)."""
    word = match["unit"]
    currency = EN_CURRENCY_SUFFIXES.get(word or "") or CURRENCY_PREFIXES.get(match["prefix"] or "")
    if currency:
        return MONEY._replace(unit=currency + (f"/{PER_UNITS[match['per']]}" if match["per"] else ""))
    if match["lo_scale_letter"] or match["hi_scale_letter"]:
        return None
    if word in EN_UNITS:
        return EN_UNITS[word]
    return COUNT if match["lo_scale"] or match["hi_scale"] else None


def _number(token: str) -> Decimal:
    sign = -1 if token[0] in "-−" else 1
    return sign * arabic(token.lstrip("+-−"))


def _scale(match: re.Match[str], *names: str) -> Decimal:
    for name in names:
        word, letter = match[name], match[f"{name}_letter"]
        if word or letter:
            return EN_SCALES[word] if word else EN_LETTER_SCALES[letter]
    return Decimal(1)


def _qualifier(text: str, start: int) -> str | None:
    found = _QUALIFIER.search(text[max(0, start - 16) : start])
    return EN_QUALIFIERS[found.group().strip().lower()] if found else None
