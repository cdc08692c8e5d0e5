"""What a parser finds: a figure and where it stands in the text."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from newsletter.figures.vocab import Unit
from newsletter.model import Figure


@dataclass(frozen=True)
class Span:
    """A figure found at text[start:end] (the exact source substring)."""

    start: int
    end: int
    figure: Figure


def alternation(words: Iterable[str]) -> str:
    """A regex alternative of the words, longest first so 个百分点 wins over 个."""
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


def make_figure(text: str, numbers: tuple[Decimal, Decimal | None], unit: Unit, qualifier: str | None) -> Figure:
    """A figure whose value (and range end) are in base units."""
    low, high = numbers
    return Figure(
        text=text,
        value=_base(low * unit.factor),
        unit=unit.unit,
        kind=unit.kind,
        qualifier=qualifier,
        upper=None if high is None else _base(high * unit.factor),
    )


def _base(value: Decimal) -> float:
    # Integral values stay exact as floats up to 2**53 (9e15): every money
    # figure a report prints.
    return float(value)
