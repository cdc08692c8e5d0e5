"""Figures protected by placeholders on their way through a machine.

Every numeric expression of the source is replaced by a token (⟦1⟧, ⟦2⟧...)
before the text goes to the model, and put back afterwards in the target
language's form (5530 亿美元 -> US$553 billion). The model therefore never
writes a digit: an answer that drops, repeats or invents a token, or that
contains a digit of its own, changed a figure and is rejected.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

TOKEN = re.compile(r"⟦(\d+)⟧")
_NUMBER = r"\d+(?:[,，]\d{3})*(?:\.\d+)?"
# Chinese: a number, an optional scale word and an optional currency or percent unit;
# product and model names with digits (B200, Qwen2.5, 1.6T) are kept whole.
ZH_FIGURE = re.compile(
    rf"[A-Za-z]*(?P<number>{_NUMBER})(?:\s*(?P<scale>万亿|千亿|亿|万))?"
    r"(?:\s*(?P<unit>美元|港元|欧元|日元|人民币|元|%|％|个百分点|bp))?"
    rf"(?P<tail>(?:[A-Za-z]+(?:{_NUMBER})?)*)"
)
ZH_NUMBERING = re.compile(r"^(?:[（(](?P<p>[一二三四五六七八九十]{1,3})[）)]|(?P<n>[一二三四五六七八九十]{1,3})、)\s*")
# English: currency sign, number, scale word and unit, kept whole (US$553 billion).
EN_FIGURE = re.compile(
    rf"(?:US\$|HK\$|RMB\s?|CNY\s?|[$€¥£])?[A-Za-z]*{_NUMBER}(?:[A-Za-z]+(?:{_NUMBER})?)*"
    r"(?:\s?(?:trillion|billion|million|thousand|bn|mn|tn))?(?:\s?(?:%|percentage points?|pp|bp))?"
)
SCALES = {"万": Decimal(10) ** 4, "亿": Decimal(10) ** 8, "千亿": Decimal(10) ** 11, "万亿": Decimal(10) ** 12}
CURRENCY_PREFIX = {"美元": "US$", "港元": "HK$", "欧元": "€", "日元": "JPY ", "人民币": "RMB ", "元": "RMB "}
EN_SCALES = ((Decimal(10) ** 12, "trillion"), (Decimal(10) ** 9, "billion"), (Decimal(10) ** 6, "million"))


@dataclass(frozen=True)
class Protected:
    masked: str  # the source with every figure replaced by a token
    figures: tuple[tuple[str, str], ...]  # per token: (source text, target-language form)


def protect(text: str, source_language: str) -> Protected:
    pattern = ZH_FIGURE if source_language == "zh" else EN_FIGURE
    figures: list[tuple[str, str]] = []

    def token(match: re.Match[str]) -> str:
        figures.append((match.group(0), _target_form(match, source_language)))
        return f"⟦{len(figures)}⟧"

    numbering = ZH_NUMBERING.match(text) if source_language == "zh" else None
    if numbering is None:
        return Protected(pattern.sub(token, text), tuple(figures))
    # 二、公司跟踪 -> ⟦1⟧ 公司跟踪, put back as "2." so the model writes no digit of its own
    figures.append((numbering.group(0), _numbering_form(numbering)))
    return Protected("⟦1⟧ " + pattern.sub(token, text[numbering.end() :]), tuple(figures))


def _numbering_form(match: re.Match[str]) -> str:
    number = chinese_number(match.group("n") or match.group("p"))
    return f"({number})" if match.group(0).startswith(("（", "(")) else f"{number}."


def chinese_number(text: str) -> int:
    """一 .. 九十九, as section numbers are written."""
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")}
    if "十" not in text:
        return digits[text]
    tens, _, units = text.partition("十")
    return (digits[tens] if tens else 1) * 10 + (digits[units] if units else 0)


def restore(answer: str, protected: Protected) -> str:
    """The answer with its tokens replaced by the figures; ValueError if it changed any."""
    problem = token_problem(answer, protected)
    if problem:
        raise ValueError(problem)
    return TOKEN.sub(lambda m: protected.figures[int(m.group(1)) - 1][1], answer)


def token_problem(answer: str, protected: Protected) -> str | None:
    found = Counter(int(n) for n in TOKEN.findall(answer))
    expected = Counter(range(1, len(protected.figures) + 1))
    if found != expected:
        missing = sorted(expected - found)
        extra = sorted(found - expected)
        return f"figures changed by the machine (missing {_names(missing, protected)}, extra tokens {extra})"
    if re.search(r"\d", TOKEN.sub("", answer)):
        return "the machine wrote a number of its own"
    return None


def _names(numbers: list[int], protected: Protected) -> str:
    return ", ".join(protected.figures[n - 1][0] for n in numbers if 0 < n <= len(protected.figures)) or "none"


def _target_form(match: re.Match[str], source_language: str) -> str:
    """The figure as the target language writes it; anything unusual stays as printed."""
    if source_language != "zh" or match.group(0)[:1].isalpha() or match.group("tail"):
        return match.group(0)
    number = Decimal(re.sub("[,，]", "", match.group("number")))
    scale, unit = match.group("scale"), match.group("unit")
    if unit in ("%", "％"):
        return f"{_plain(number * SCALES[scale]) if scale else match.group('number')}%"
    if unit == "个百分点":
        return f"{match.group('number')} percentage points"
    if unit == "bp":
        return f"{match.group('number')}bp"
    amount = _english_amount(number * SCALES[scale]) if scale else match.group("number")
    return f"{CURRENCY_PREFIX[unit]}{amount}" if unit else amount


def _english_amount(value: Decimal) -> str:
    for size, word in EN_SCALES:
        if value >= size:
            return f"{_plain(value / size)} {word}"
    return f"{value:,.0f}" if value == value.to_integral_value() else f"{_plain(value)}"


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text
