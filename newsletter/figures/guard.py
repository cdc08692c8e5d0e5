"""The fidelity guard: a translation must carry every figure of its source, unchanged.

    from newsletter.figures.guard import check_translation
    for mismatch in check_translation("RPO 达到 5530 亿美元", "RPO reached $5.53 billion"):
        print(mismatch)   # changed: "5530 亿美元" (553,000,000,000 USD) became "$5.53 billion" (...)

Two tiers:
- figures that matter (money, %, pp, bp, power, energy, length) are matched one
  for one by unit and value across scales (5530 亿美元 == US$553 billion); a
  source figure without its equal in the target is `dropped`, a target figure
  without its equal in the source `invented`, and a dropped and an invented
  figure of the same unit are reported together as `changed`;
- every other number written in the target (dates, counts, product names such
  as 1.6T or B200) must occur somewhere in the source, or it is `invented`.
Signs are compared by magnitude: 下降 5% is "down 5%" or "-5%".
"""

from __future__ import annotations

import math
from bisect import bisect_left, bisect_right
from collections import defaultdict, deque
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

from newsletter.figures.parse import find_spans, numbers
from newsletter.figures.spans import Span
from newsletter.figures.vocab import STRICT_KINDS
from newsletter.model import Figure

Problem = Literal["changed", "dropped", "invented", "qualifier"]


@dataclass(frozen=True)
class Mismatch:
    """One figure the translation got wrong: `source` and/or `target` say which."""

    problem: Problem
    source: Figure | None = None  # None when the target invented the figure
    target: Figure | None = None  # None when the target dropped the figure

    def __str__(self) -> str:
        if self.problem == "changed":
            return f"changed: {_show(self.source)} became {_show(self.target)}"
        if self.problem == "dropped":
            return f"dropped: {_show(self.source)} is missing from the translation"
        if self.problem == "qualifier":
            return f"qualifier: {_qualified(self.source)} became {_qualified(self.target)}"

        return f"invented: {_show(self.target)} is not in the source"


def check_translation(source: str, target: str, source_lang: str = "zh", target_lang: str = "en") -> list[Mismatch]:
    """Every figure changed, dropped or invented on the way from `source` to `target`; [] when faithful."""
    source_spans, target_spans = find_spans(source, source_lang), find_spans(target, target_lang)
    dropped, invented = _unmatched(_strict(source_spans), _strict(target_spans))
    mismatches = _pair_changes(dropped, invented)
    mismatches += _invented_numbers(source, source_lang, source_spans, target, target_lang, target_spans)
    return mismatches


def check_qualifiers(source: str, target: str, source_lang: str = "zh", target_lang: str = "en") -> list[Mismatch]:
    """Figures carried with their value but not their qualifier (超过 25 亿美元 as "US$2.5 billion").

    Softer than `check_translation`: wording such as "exceed" or "topped" may carry the
    qualifier in the verb, so the build reports these as warnings for a person to look at.
    """
    pairs = _pairs(_strict(find_spans(source, source_lang)), _strict(find_spans(target, target_lang)))
    return [Mismatch("qualifier", a, b) for a, b in pairs if a.qualifier and a.qualifier != b.qualifier]


def same_value(a: Figure, b: Figure) -> bool:
    """Equal unit and value (and range end), whatever the scale they were written in."""
    return a.unit == b.unit and _close(a.value, b.value) and _close_optional(a.upper, b.upper)


def _strict(spans: Iterable[Span]) -> list[Figure]:
    return [span.figure for span in spans if span.figure.kind in STRICT_KINDS]


def _unmatched(source: list[Figure], target: list[Figure]) -> tuple[list[Figure], list[Figure]]:
    """Match figures one for one; return the source and target figures left over."""
    pool = _Pool(target)
    dropped = [figure for figure in source if pool.take(figure) is None]
    return dropped, pool.left()


def _pairs(source: list[Figure], target: list[Figure]) -> list[tuple[Figure, Figure]]:
    """The source and target figures matched one for one by value."""
    pool = _Pool(target)
    return [(figure, twin) for figure in source if (twin := pool.take(figure)) is not None]


class _Pool:
    """Target figures to match one for one: `take` gives the first one left of
    the same value, as a scan of the list would, without scanning the list (a
    long paragraph of many figures was quadratic).

    Figures of equal unit, magnitude and range end are interchangeable, so they
    queue together; the queues with a magnitude close enough are found by bisection.
    """

    def __init__(self, figures: list[Figure]) -> None:
        self._figures = figures
        self._taken = [False] * len(figures)
        self._queues: dict[tuple[str, float, float | None], deque[int]] = defaultdict(deque)
        for index, figure in enumerate(figures):
            self._queues[_key(figure)].append(index)
        self._magnitudes: dict[str, list[float]] = defaultdict(list)
        for unit, magnitude, _ in sorted(self._queues, key=lambda key: (key[0], key[1])):
            if not self._magnitudes[unit] or self._magnitudes[unit][-1] != magnitude:
                self._magnitudes[unit].append(magnitude)
        self._uppers: dict[tuple[str, float], list[float | None]] = defaultdict(list)
        for unit, magnitude, upper in self._queues:
            self._uppers[unit, magnitude].append(upper)

    def take(self, figure: Figure) -> Figure | None:
        """The first figure left with the value of `figure`, taken out; None if there is none."""
        queues = [queue for key in self._near(figure) if (queue := self._queues[key])]
        if not queues:
            return None
        index = min(queues, key=lambda queue: queue[0]).popleft()
        self._taken[index] = True
        return self._figures[index]

    def left(self) -> list[Figure]:
        return [figure for figure, taken in zip(self._figures, self._taken, strict=True) if not taken]

    def _near(self, figure: Figure) -> list[tuple[str, float, float | None]]:
        """The keys of the queues whose figures have the value of `figure`."""
        magnitudes = self._magnitudes.get(figure.unit, [])
        low, high = _window(abs(figure.value))
        keys: list[tuple[str, float, float | None]] = []
        for magnitude in magnitudes[bisect_left(magnitudes, low) : bisect_right(magnitudes, high)]:
            if not _close(figure.value, magnitude):
                continue
            uppers = self._uppers[figure.unit, magnitude]
            keys += [(figure.unit, magnitude, upper) for upper in uppers if _close_optional(figure.upper, upper)]
        return keys


def _key(figure: Figure) -> tuple[str, float, float | None]:
    """What `same_value` compares: figures with equal keys are equal to the same figures."""
    return figure.unit, abs(figure.value), None if figure.upper is None else abs(figure.upper)


def _window(magnitude: float) -> tuple[float, float]:
    """Bounds around every magnitude `_close` to `magnitude` (wider than its tolerances)."""
    return magnitude * (1 - 2e-9) - 2e-15, magnitude * (1 + 2e-9) + 2e-15


def _qualified(figure: Figure | None) -> str:
    if figure is None:
        return "nothing"
    return f'"{figure.text}" ({figure.qualifier or "no qualifier"})'


def _pair_changes(dropped: list[Figure], invented: list[Figure]) -> list[Mismatch]:
    found: list[Mismatch] = []
    by_family: dict[str, deque[int]] = defaultdict(deque)  # the first of a family pairs first
    for index, figure in enumerate(invented):
        by_family[_family(figure)].append(index)
    paired = set()
    for figure in dropped:
        queue = by_family.get(_family(figure))
        if not queue:
            found.append(Mismatch("dropped", source=figure))
        else:
            paired.add(index := queue.popleft())
            found.append(Mismatch("changed", source=figure, target=invented[index]))
    return found + [Mismatch("invented", target=figure) for i, figure in enumerate(invented) if i not in paired]


def _invented_numbers(
    source: str, source_lang: str, source_spans: list[Span], target: str, target_lang: str, target_spans: list[Span]
) -> list[Mismatch]:
    """Numbers outside the figures that matter (dates, counts, names) must come from the source."""
    known = _magnitudes(_source_numbers(source, source_lang, source_spans))
    starts = [s.start for s in target_spans]  # the parsers' spans are in order and never overlap
    found = []
    for start, end, value in numbers(target, target_lang, words=False):
        span = _span_around(target_spans, starts, start, end)
        if span is not None and span.figure.kind in STRICT_KINDS:
            continue  # compared one for one above
        if _known(value, known) or (span is not None and _known(Decimal(span.figure.value), known)):
            continue
        figure = span.figure if span else Figure(text=target[start:end], value=float(value), unit="", kind="number")
        found.append(Mismatch("invented", target=figure))
    return _unique(found)


def _family(figure: Figure) -> str:
    """Kinds a translator can confuse with each other: 2 个百分点 written as 2% is a changed figure."""
    return "percent" if figure.kind in ("percent", "pp", "bp") else figure.kind


def _source_numbers(source: str, source_lang: str, source_spans: list[Span]) -> list[Decimal]:
    """Every value a number of the translation may take: as written, as a figure's value, as usually rewritten."""
    known = [value for _, _, value in numbers(source, source_lang)]
    known += [Decimal(v) for s in source_spans for v in (s.figure.value, s.figure.upper) if v is not None]
    known += [value % 100 for value in known if 1900 <= value <= 2100 and value == int(value)]  # 2026 -> FY26
    if "半年" in source:  # 上半年 -> H1
        known += [Decimal(1), Decimal(2)]
    if "季度" in source:  # 一季度 -> Q1, 单季度 -> quarterly
        known += [Decimal(q) for q in range(1, 5)]
    return known


def _span_around(spans: list[Span], starts: list[int], start: int, end: int) -> Span | None:
    """The span holding text[start:end], if any: the last one starting at or before it."""
    index = bisect_right(starts, start) - 1
    return spans[index] if index >= 0 and end <= spans[index].end else None


def _magnitudes(values: list[Decimal]) -> list[float]:
    return sorted(float(abs(value)) for value in values)


def _known(value: Decimal, known: list[float]) -> bool:
    """Whether a magnitude in the sorted `known` is `_close` to that of `value`."""
    magnitude = float(abs(value))
    low, high = _window(magnitude)
    near = known[bisect_left(known, low) : bisect_right(known, high)]
    return any(_close(magnitude, other) for other in near)


def _unique(mismatches: list[Mismatch]) -> list[Mismatch]:
    return list(dict.fromkeys(mismatches))


def _close(a: float, b: float) -> bool:
    return math.isclose(abs(a), abs(b), rel_tol=1e-9, abs_tol=1e-15)


def _close_optional(a: float | None, b: float | None) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and _close(a, b))


def _show(figure: Figure | None) -> str:
    if figure is None:
        return "nothing"
    if figure.kind == "number":
        return f'"{figure.text}"'
    upper = "" if figure.upper is None else "-" + _plain(figure.upper)
    return f'"{figure.text}" ({_plain(figure.value)}{upper} {figure.unit})'


def _plain(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) and abs(value) >= 1 else f"{value:g}"
