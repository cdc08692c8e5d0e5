"""The Chinese parser: 5530 亿美元, 同比 +325%, 1000 亿~2000 亿颗, 超过 10GW, 百分之二十."""

from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal

from newsletter.figures.numerals import arabic, chinese
from newsletter.figures.spans import Span, alternation, make_figure
from newsletter.figures.vocab import (
    COUNT,
    CURRENCY_PREFIXES,
    MONEY,
    PER_UNITS,
    ZH_COUNTERS,
    ZH_CURRENCY_SUFFIXES,
    ZH_QUALIFIERS_AFTER,
    ZH_QUALIFIERS_BEFORE,
    ZH_SCALES,
    ZH_UNITS,
    Unit,
)

_ARABIC = r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_CN = r"[零〇一二两三四五六七八九十百千]+"
_NUM = rf"[+\-−]?(?:{_ARABIC}|{_CN})"
_SCALE = alternation(ZH_SCALES)
# 个 counts things, not months or hours (六个月 is a duration, not a count).
_COUNTER = alternation(c for c in ZH_COUNTERS if c != "个") + r"|个(?!月|小时|交易日|工作日|季度)"
# 成 is a tenth (六成 = 60%) but also a verb: 一成不变, 三成本 are not percentages.
_TENTHS = "|成(?![本功为立交长员果绩就熟型不])|"
_UNIT = rf"{alternation([*ZH_UNITS, *ZH_CURRENCY_SUFFIXES])}|{_COUNTER}".replace("|成|", _TENTHS)

# A unit may stand after both ends of a range: 10%-20%, 350 亿美元~400 亿美元.
_LO_UNIT = alternation(["%", *ZH_CURRENCY_SUFFIXES, *(u for u in ZH_UNITS if ZH_UNITS[u].kind != "multiple")])
_FIGURE = re.compile(
    rf"(?<![A-Za-z0-9_.\-×/:+])"
    rf"(?:(?P<sign>[+\-−])?(?P<prefix>{alternation(CURRENCY_PREFIXES)})\s?)?"
    rf"(?P<lo>{_NUM})\s?(?P<lo_scale>{_SCALE})?"
    rf"(?:(?P<lo_unit>\s?(?:{_LO_UNIT}))?(?P<sep>\s?[~至到]\s?|(?<!\s)[\-–—])(?P<hi>{_NUM})\s?(?P<hi_scale>{_SCALE})?)?"
    rf"\s?(?P<unit>{_UNIT})?"
    rf"(?:/\s?(?P<per>{alternation(PER_UNITS)})(?![A-Za-z]))?"
)
_PERCENT_WORDS = re.compile(rf"百分之(?P<lo>{_CN}|{_ARABIC})")
_QUALIFIER_BEFORE = re.compile(rf"(?:{alternation(ZH_QUALIFIERS_BEFORE)})\s?$")
_QUALIFIER_AFTER = re.compile(rf"\s?(?:{alternation(ZH_QUALIFIERS_AFTER)})")
# What may not follow a figure: Latin letters or digits make it a product name
# (3nm400G, 1.6T, 400G, B200), and 年/月/日/季度 make a bare number a date.
_PRODUCT_TAIL = re.compile(r"[A-Za-z0-9×]")
_PERIOD_TAIL = re.compile(r"\s?(?:年|月|日|号|季度|财年|Q[1-4]|H[12])")
# 数百亿 is vague, 第三 an ordinal, and in 亿千瓦时 the 千 belongs to the unit.
_VAGUE_BEFORE = frozenset("数几第上前后多每亿万")


def find(text: str) -> list[Span]:
    spans = [_percent_words(text, m) for m in _PERCENT_WORDS.finditer(text)]
    taken = {i for span in spans for i in range(span.start, span.end)}
    for span in _figure_spans(text):
        if not taken.intersection(range(span.start, span.end)):
            spans.append(span)
    return sorted(spans, key=lambda s: s.start)


def _figure_spans(text: str) -> Iterator[Span]:
    position = 0
    while (match := _FIGURE.search(text, position)) is not None:
        position = match.end()
        if match["hi"] is not None and not _same_units(match):
            # 同比增长 32%至 208 亿元 is a change and a level, not one range: read both, or a
            # changed 208 would pass the translation guard unseen.
            first = _FIGURE.match(text, match.start(), match.start("sep"))
            match, position = first or match, match.start("hi")
        span = _span(text, match)
        if span is not None:
            yield span


def _span(text: str, match: re.Match[str]) -> Span | None:
    start, end = match.start(), match.end()
    while text[end - 1].isspace():  # the optional spaces of an absent unit
        end -= 1
    if match["prefix"] is None and text[start].isspace():
        start += 1
    unit = _unit(match)
    if unit is None or not _stands_alone(text, match, end, unit) or not _same_units(match):
        return None
    low = _sign(match) * _number(match["lo"]) * _scale(match["lo_scale"] or match["hi_scale"])
    high = None if match["hi"] is None else _number(match["hi"]) * _scale(match["hi_scale"])
    return Span(start, end, make_figure(text[start:end], (low, high), unit, _qualifier(text, start, end)))


def _unit(match: re.Match[str]) -> Unit | None:
    """The unit of a match, or None when it is a bare number (not a figure)."""
    word, prefix = match["unit"], match["prefix"]
    if word in ZH_CURRENCY_SUFFIXES or (prefix and word is None):
        currency = ZH_CURRENCY_SUFFIXES.get(word or "") or CURRENCY_PREFIXES[prefix or ""]
        return MONEY._replace(unit=currency + (f"/{PER_UNITS[match['per']]}" if match["per"] else ""))
    if word in ZH_UNITS:
        return ZH_UNITS[word]
    is_chinese = chinese(match["lo"].lstrip("+-−")) is not None
    if word is not None and not is_chinese:
        return COUNT
    if (match["lo_scale"] or match["hi_scale"]) and not is_chinese:
        return COUNT  # 100 万 Token
    return None


def _stands_alone(text: str, match: re.Match[str], end: int, unit: Unit) -> bool:
    """Not part of a product name, a model name, a date or a vague 数百亿."""
    # Matching at `end` and looking back from the figure, never slicing the
    # rest of the text: a paragraph of many figures would be quadratic.
    if match["unit"] is None and (_PRODUCT_TAIL.match(text, end) or _PERIOD_TAIL.match(text, end)):
        return False
    if match["unit"] and match["unit"].isascii() and _PRODUCT_TAIL.match(text, end):
        return False  # 3nm400G
    digits = match["lo"].lstrip("+-−")
    if digits[0] in "零〇一二两三四五六七八九十百千":
        alone = digits == "千" and not match["lo_scale"]  # 千瓦 with its number missing
        return _char_before(text, match.start("lo")) not in _VAGUE_BEFORE and not alone
    return True


def _char_before(text: str, position: int) -> str:
    """The last character before `position` that is not a space ("" at the start)."""
    while position and text[position - 1].isspace():
        position -= 1
    return text[position - 1] if position else ""


def _same_units(match: re.Match[str]) -> bool:
    """In 10%-20% both ends have a unit; 10%-20 亿元 is not one range."""
    return match["lo_unit"] is None or match["lo_unit"].strip() == match["unit"]


def _sign(match: re.Match[str]) -> int:
    return -1 if match["sign"] in ("-", "−") else 1


def _number(token: str) -> Decimal:
    sign = -1 if token[0] in "-−" else 1
    digits = token.lstrip("+-−")
    value = chinese(digits)
    return sign * (Decimal(value) if value is not None else arabic(digits))


def _scale(word: str | None) -> Decimal:
    return ZH_SCALES[word] if word else Decimal(1)


def _qualifier(text: str, start: int, end: int) -> str | None:
    before = _QUALIFIER_BEFORE.search(text[max(0, start - 4) : start])
    if before:
        return ZH_QUALIFIERS_BEFORE[before.group().strip()]
    after = _QUALIFIER_AFTER.match(text, end)
    return ZH_QUALIFIERS_AFTER[after.group().strip()] if after else None


def _percent_words(text: str, match: re.Match[str]) -> Span:
    unit = ZH_UNITS["%"]
    figure = make_figure(match.group(), (_number(match["lo"]), None), unit, _qualifier(text, *match.span()))
    return Span(match.start(), match.end(), figure)
