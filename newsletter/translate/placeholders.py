"""Figures protected by placeholders on their way through a machine.

Every figure of the source (as the key-figures parser finds it) is replaced
by a token (⟦1⟧, ⟦2⟧...) before the text goes to the model, and put back
afterwards in the target language's form, formatted by the figures stage
(5530 亿美元 -> US$553 billion). Other digits (B200, Qwen2.5, 2027) and
section numbers (二、) get tokens too and come back as written (二、 as "2.").
So the model never writes a digit: an answer that drops, repeats or invents
a token, or that contains a digit of its own, changed a figure and is rejected.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from newsletter.figures import find_spans
from newsletter.figures.format import format_value
from newsletter.model import Figure
from newsletter.model import target_language as default_target

TOKEN = re.compile(r"⟦(\d+)⟧")
# Any other run with digits: product and model names, years, periods (B200, Qwen2.5, 2025Q4).
DIGITS = re.compile(r"[A-Za-z]*\d+(?:[.,]\d+)*(?:[A-Za-z]+(?:\d+(?:[.,]\d+)*)?)*")
ZH_NUMBERING = re.compile(r"^\s*(?:[（(](?P<p>[一二三四五六七八九十]{1,3})[）)]|(?P<n>[一二三四五六七八九十]{1,3})、)")
_CN_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")}

Place = tuple[int, int, str]  # start, end, target-language form


@dataclass(frozen=True)
class Protected:
    masked: str  # the source with every figure replaced by a token
    figures: tuple[tuple[str, str], ...]  # per token: (source text, target-language form)


def protect(text: str, source_language: str, target_language: str = "") -> Protected:
    target = target_language or default_target(source_language)
    pieces: list[str] = []
    figures: list[tuple[str, str]] = []
    position = 0
    for start, end, form in _places(text, source_language, target):
        figures.append((text[start:end], form))
        pieces += [text[position:start], f"⟦{len(figures)}⟧"]
        position = end
    pieces.append(text[position:])
    return Protected("".join(pieces), tuple(figures))


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


def _places(text: str, source_language: str, target: str) -> list[Place]:
    """Section number first, then the figures, then any other digits; never overlapping."""
    numbering = ZH_NUMBERING.match(text) if source_language == "zh" else None
    kept: list[Place] = [(numbering.start(), numbering.end(), _numbering_form(numbering))] if numbering else []
    figures = [(s.start, s.end, form) for s in find_spans(text, source_language) if (form := _form(s.figure, target))]
    kept = _add_free(kept, figures)
    return _add_free(kept, [(m.start(), m.end(), m.group(0)) for m in DIGITS.finditer(text)])


def _add_free(kept: list[Place], places: list[Place]) -> list[Place]:
    """`kept` (in order, never overlapping) with each of `places` (in order) that overlaps none
    kept so far: one merging pass, as checking each place against all kept was quadratic."""
    merged: list[Place] = []
    index = 0
    for place in places:
        while index < len(kept) and kept[index][1] <= place[0]:
            merged.append(kept[index])
            index += 1
        # merged ends before `place` starts or with the kept place that ends last.
        clashes = (bool(merged) and merged[-1][1] > place[0]) or (index < len(kept) and kept[index][0] < place[1])
        if not clashes:
            merged.append(place)
    return merged + kept[index:]


def _form(figure: Figure, target: str) -> str | None:
    """The figure in the target language; None when the formatter cannot vouch for one
    (3 家: then only the digits get a token, and the model translates the counter)."""
    try:
        return format_value(figure, target)
    except ValueError:
        return None


def _numbering_form(match: re.Match[str]) -> str:
    number = chinese_number(match.group("n") or match.group("p"))
    return f"{number}." if match.group("n") else f"({number})"


def chinese_number(text: str) -> int:
    """一 .. 九十九, as section numbers are written."""
    if "十" not in text:
        return _CN_DIGITS[text]
    tens, _, units = text.partition("十")
    return (_CN_DIGITS[tens] if tens else 1) * 10 + (_CN_DIGITS[units] if units else 0)
