"""What a Chinese figure is about: its period, change, direction, subject and metric.

Heuristics on the sentence around the figure; they fill the optional fields of
`Figure` and never change its value.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass

from newsletter.figures.numerals import chinese, normalise
from newsletter.figures.subjects import (
    LATIN_COMPANIES,
    LATIN_NOT_SUBJECTS,
    ZH_COMPANIES,
    ZH_COMPANY_ENDINGS,
    ZH_NOT_COMPANIES,
)

_SENTENCE = re.compile(r"[^。！？!?；;]+[。！？!?；;]?")
# Real sentences run to a few hundred characters; a longer one (a table flattened
# into one line, a text without 。) is cut into pieces of at most this many,
# after a clause break or else a space, so the work per figure stays bounded.
_LONG = 1000
_PIECE_BREAKS = (re.compile(r"\.\s|[，：、]|[,:](?!\d)"), re.compile(r"\s"))
_CLAUSE_BREAK = re.compile(r"[，,：:；;]")
_QUARTER = "一二三四1234"

_PERIODS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"FY\s?(\d{4})\s?(Q[1-4]|H[12])?", re.IGNORECASE), "FY{0}{1}"),
    (re.compile(r"(\d{4})\s?(Q[1-4]|H[12])"), "{0}{1}"),
    (re.compile(rf"(\d{{4}})\s?年\s?第?([{_QUARTER}])季度"), "{0}Q{1}"),
    (re.compile(r"(\d{4})\s?财年"), "FY{0}"),
    (re.compile(r"(\d{4})\s?年\s?[底末]"), "end-{0}"),
    (re.compile(r"(\d{4})\s?年\s?(\d{1,2})\s?月\s?(\d{1,2})\s?日"), "{0}-{1:0>2}-{2:0>2}"),
    (re.compile(r"(\d{4})\s?年\s?(\d{1,2})\s?月"), "{0}-{1:0>2}"),
    (re.compile(r"(\d{4})\s?年\s?([上下])半年"), "{0}H{1}"),
    (re.compile(r"(\d{4})\s?年(?!\s?\d)"), "{0}"),
    (re.compile(rf"第([{_QUARTER}])季度"), "Q{0}"),
    (re.compile(r"(?<![\d年])(\d{1,2})\s?月\s?(\d{1,2})\s?日"), "{0:0>2}-{1:0>2}"),
)
_CHANGES = (
    (re.compile(r"同比|较去年同期|较上年同期|year[- ]on[- ]year|year over year|YoY", re.IGNORECASE), "YoY"),
    (re.compile(r"环比|较上一?季度|上季度末|quarter[- ]on[- ]quarter|QoQ", re.IGNORECASE), "QoQ"),
    (re.compile(r"较上月|month[- ]on[- ]month|MoM", re.IGNORECASE), "MoM"),
    (re.compile(r"周环比|较上周|week[- ]on[- ]week|WoW", re.IGNORECASE), "WoW"),
)
_UP = re.compile(r"(?:大增|增长|增加|提升|提高|上升|上涨|上调|扩大|翻倍|再增|增|涨)(?![至到])")
_DOWN = re.compile(r"(?:下降|下滑|减少|降低|下跌|下调|缩短|缩减|缩小|减|降|跌)(?![至到])")
_ZH_COMPANY = re.compile(rf"[\u4e00-\u9fff]{{2}}(?:{'|'.join(ZH_COMPANY_ENDINGS)})")
_LATIN_NAME = re.compile(r"(?<![A-Za-z0-9/])[A-Z][A-Za-z0-9&\-]+(?:\s(?:Inc\.|Corp\.|Ltd\.|[A-Z][A-Za-z0-9&\-]*))*")
# A sentence that opens with a name and then a period: 海峰科技 2026 年第三季度营收…
_NAME_THEN_PERIOD = re.compile(r"^\s*([\u4e00-\u9fff]{2,8})\s*(?=\d{4}\s?(?:年|Q|财年)|FY|第[一二三四]季度)")
_LEAD = re.compile(r"^\s*([^\s：:，。,]{1,12})[：:]")
_OF_WHAT = re.compile(r"\s?的\s?([^，。；、,;（(：:的已将由被在为按或是均都也]{1,12})")
_LEADING = re.compile(
    r"^(?:[\s（）()、，,]|其中|此外|与此同时|同时|目前|当前|该公司|公司|尽管|实现|较此前|较上周|较上月|较去年|较上年|按固定汇率计算|他希望|其|而|且|并|将|预计|计划|已经|已)"
)
_TRAILING = re.compile(
    r"(?:[\s、，,]|同比|环比|较上一?季度末?|较去年同期|大增|增长|增加|提升|提高|上升|上调|再增|下降|减少|降低|缩短|"
    r"达到|拥有|实现|完成了|完成|超过|逾|接近|将近|大约|约|近|至少|高达|最高|达|为|至|了|已经|已|整体|在|有望|持平于|持平)$"
)


@dataclass(frozen=True)
class Context:
    sentence: str
    period: str | None
    change: str | None
    direction: str | None
    subject: str | None
    metric: str | None


class Sentences:
    """A paragraph split into sentences once, for the figures found in it.

    Looking a figure's sentence up from the start of the paragraph, and the
    name before it in the whole paragraph before it, made a paragraph of
    many figures quadratic (a 577,000-character paragraph took minutes).
    """

    def __init__(self, text: str) -> None:
        self.text = text
        self._spans = [piece for match in _SENTENCE.finditer(text) for piece in _pieces(text, *match.span())]
        self._starts = [start for start, _ in self._spans]
        self._lead = _LEAD.match(text)
        self._scanned = 0  # sentences searched for a name so far
        self._name: tuple[int, str] | None = None  # the first name and the end of its sentence

    def at(self, offset: int) -> tuple[int, int]:
        """The (start, end) of the sentence at `offset`; the whole paragraph between sentences."""
        index = bisect_right(self._starts, offset) - 1
        if index >= 0 and offset < self._spans[index][1]:
            return self._spans[index]
        return 0, len(self.text)

    def subject_before(self, start: int) -> str | None:
        """A name from an earlier sentence (AOI 表示… 该订单将…): `subject_in(text, text[:start])`.

        No name runs over a sentence end (。！？!?；;), nor over the clause break
        or space where a long one is cut, so the first name of the text before
        a sentence is the first name of the first sentence with one.
        """
        if not start:
            return None
        if self._lead:
            return self._lead.group(1)
        while self._name is None and self._scanned < len(self._spans) and self._spans[self._scanned][1] <= start:
            begin, end = self._spans[self._scanned]
            name = first_name(self.text[begin:end])
            self._name = None if name is None else (end, name)
            self._scanned += 1
        if self._name is not None and self._name[0] <= start:
            return self._name[1]
        opening = _NAME_THEN_PERIOD.match(self.text, 0, start)
        return opening.group(1) if opening else None


def _pieces(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """The sentence text[start:end] in pieces of at most `_LONG` characters."""
    while end - start > _LONG:
        cut = _cut(text, start + _LONG // 2, start + _LONG)
        yield start, cut
        start = cut
    yield start, end


def _cut(text: str, low: int, high: int) -> int:
    """Where to cut between `low` and `high`: after the last clause break, else the last space."""
    for pattern in _PIECE_BREAKS:
        ends = [match.end() for match in pattern.finditer(text, low, high)]
        if ends:
            return ends[-1]
    return high


def period_before(text: str) -> str | None:
    """The period nearest the end of `text`, normalised (2025Q4, FY2027, end-2027, 2026-03-12)."""
    text = normalise(text)
    best: tuple[int, str] | None = None
    for pattern, form in _PERIODS:
        for match in pattern.finditer(text):
            if best is None or match.end() > best[0]:
                best = (match.end(), form.format(*(_quarter(g or "") for g in match.groups())))
    return best[1] if best else None


def change_in(clause: str) -> str | None:
    return next((name for pattern, name in _CHANGES if pattern.search(clause)), None)


def direction_in(clause: str) -> str | None:
    """up or down when a change verb stands right before the figure (上调至 is a level, not a change)."""
    tail = clause[-6:]
    up, down = list(_UP.finditer(tail)), list(_DOWN.finditer(tail))
    if not up and not down:
        return None
    last_up = up[-1].end() if up else -1
    last_down = down[-1].end() if down else -1
    return "up" if last_up > last_down else "down"


def subject_in(paragraph: str, sentence: str) -> str | None:
    """The paragraph's lead (“Oracle：”) or the first name in the sentence."""
    lead = _LEAD.match(paragraph)
    if lead:
        return lead.group(1)
    name = first_name(sentence)
    if name is not None:
        return name
    opening = _NAME_THEN_PERIOD.match(sentence)
    return opening.group(1) if opening else None


def first_name(text: str) -> str | None:
    """The first company name in `text`; at one place the longest (阿里巴巴, not 阿里)."""
    names = [(m.start(), m.group()) for m in _LATIN_NAME.finditer(text) if _is_latin_name(m.group())]
    names += [(text.find(name), name) for name in ZH_COMPANIES if name in text]
    names += [(m.start(), m.group()) for m in _ZH_COMPANY.finditer(text) if m.group() not in ZH_NOT_COMPANIES]
    return min(names, key=lambda found: (found[0], -len(found[1])))[1].strip() if names else None


def _is_latin_name(name: str) -> bool:
    """Oracle, OpenAI, Applied Optoelectronics Inc., AMD; not PFLOPS, DRAM, TOPCon or RPO."""
    if name in LATIN_NOT_SUBJECTS:
        return False
    if " " in name or name in LATIN_COMPANIES:
        return True
    return name[1:2].islower() and sum(ch.isupper() for ch in name) <= 2


def metric_for(clause: str, after: str, subject: str | None) -> str | None:
    """What the figure measures: “…的 AI 计算系统” after it, or the noun phrase before it."""
    of_what = _OF_WHAT.match(after)
    if of_what:
        return of_what.group(1).strip()
    for pattern, _ in _PERIODS:
        clause = pattern.sub(" ", clause)
    if subject:
        clause = clause.replace(subject, " ")
    metric = trim(clause.rsplit("的", 1)[-1])
    return metric if 0 < len(metric) <= 12 and not any(ch.isdigit() for ch in metric) else None


def trim(text: str) -> str:
    """Strip connectives before and verbs, qualifiers and change words after the noun phrase."""
    previous = None
    while previous != text:
        previous = text
        text = _TRAILING.sub("", _LEADING.sub("", text))
    return text


def clause_after(sentence: str, offset: int) -> str:
    found = _CLAUSE_BREAK.search(sentence, offset)
    return sentence[offset : found.start() if found else len(sentence)]


def clause_before(sentence: str, offset: int) -> str:
    breaks = [m.end() for m in _CLAUSE_BREAK.finditer(sentence, 0, offset)]
    return sentence[breaks[-1] if breaks else 0 : offset]


def _quarter(group: str) -> str:
    if group in ("上", "下"):
        return "1" if group == "上" else "2"
    value = chinese(group) if group and not group.isdigit() and group[0] in _QUARTER else None
    return str(value) if value is not None else group
