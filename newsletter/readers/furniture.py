"""Page furniture: running headers and footers, page numbers, stamps.

Furniture is what repeats from page to page rather than what the report
says. A text counts as repeated with its digits normalised ("- 3 -",
"2 / 18"), so page numbers inside a running footer do not hide it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from newsletter.model import SetAsideKind
from newsletter.readers.layout import PageText, Segment
from newsletter.readers.settings import READER

PAGE_NUMBER = re.compile(
    r"^(?:第\s*)?[-–—]?\s*\d{1,4}\s*[-–—]?(?:\s*页)?$|^\d{1,4}\s*/\s*\d{1,4}$|^(?:page\s*)?\d{1,4}(?:\s*of\s*\d{1,4})?$",
    re.IGNORECASE,
)
FIRM = re.compile(r"[\u4e00-\u9fff]{2,8}?(?:证券|期货|资本|金融控股|研究所|公司)")
# A margin line sending the reader to the disclaimer ("敬请参阅末页重要声明及评级说明",
# "请务必阅读正文之后的免责条款"): a footer even when it is printed on one page only.
POINTER = re.compile(r"^(?:敬请|请务必|请)(?:参阅|阅读|参见|查阅|关注).{0,30}(?:声明|说明|披露|条款)")
SERIES = re.compile(r"[\u4e00-\u9fff]{0,8}(?:周报|日报|月报|点评|深度|策略|专题|报告|研究)$")


@dataclass(frozen=True)
class Furniture:
    margin_keys: frozenset[str]  # repeated in the top or bottom margin
    anywhere_keys: frozenset[str]  # short texts repeated on most pages (stamps)
    header: tuple[str, ...]  # the running header's texts, for broker and series


def key_of(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _wordy(text: str) -> bool:
    """Stamps are words; bare numbers repeat on every page for honest reasons."""
    return sum(1 for c in text if c.isalpha()) >= 2


def in_margin(seg: Segment, page: PageText) -> bool:
    return seg.bottom < page.height * READER.margin or seg.top > page.height * (1 - READER.margin)


def find_furniture(pages: list[PageText]) -> Furniture:
    margin: Counter[str] = Counter()
    anywhere: Counter[str] = Counter()
    top: Counter[str] = Counter()
    for page in pages:
        margin.update({key_of(s.text) for s in page.segments if in_margin(s, page)})
        anywhere.update({key_of(s.text) for s in page.segments if len(s.text) <= 30 and _wordy(s.text)})
        top.update({s.text for s in page.segments if s.bottom < page.height * READER.margin})
    count = len(pages)
    in_margins = frozenset(k for k, n in margin.items() if n >= max(2, math.ceil(count * 0.4)))
    stamps = frozenset(k for k, n in anywhere.items() if n >= max(3, math.ceil(count * 0.6)))
    header = tuple(text for text, n in top.most_common() if key_of(text) in in_margins)
    return Furniture(in_margins, stamps, header)


def is_furniture(seg: Segment, page: PageText, furniture: Furniture) -> bool:
    key = key_of(seg.text)
    if key in furniture.anywhere_keys:
        return True
    repeated = key in furniture.margin_keys or bool(PAGE_NUMBER.match(seg.text) or POINTER.match(seg.text))
    return in_margin(seg, page) and repeated


def remove_furniture(pages: list[PageText], furniture: Furniture) -> None:
    for page in pages:
        kept: list[Segment] = []
        for seg in page.segments:
            if is_furniture(seg, page, furniture):
                page.set_apart([seg], *_furniture_kind(seg, page))
            else:
                kept.append(seg)
        page.segments = kept


def _furniture_kind(seg: Segment, page: PageText) -> tuple[SetAsideKind, str]:
    if in_margin(seg, page) and PAGE_NUMBER.match(seg.text):
        return SetAsideKind.PAGE_NUMBER, "a page number in the margin"
    if not in_margin(seg, page):
        return SetAsideKind.STAMP, "the same short text on most pages"
    if seg.bottom < page.height * READER.margin:
        return SetAsideKind.HEADER, "repeated in the top margin"
    return SetAsideKind.FOOTER, "repeated in the bottom margin"


def broker_and_series(header: tuple[str, ...]) -> tuple[str | None, str | None]:
    """The firm and report series a running header names (行业周报 国金证券)."""
    broker = next((m.group(0) for text in header if (m := FIRM.search(text))), None)
    series = next((text for text in header if SERIES.match(text) and text != broker), None)
    return broker, series
