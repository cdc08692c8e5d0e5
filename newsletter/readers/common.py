"""What every reader does around structure analysis: metadata, the Report."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from newsletter.hashing import sha256_of
from newsletter.model import Analyst, Report, SetAside, Source, Table
from newsletter.readers.blocks import Block, join_all
from newsletter.readers.brokers import pick_broker
from newsletter.readers.front import find_date, find_rating, find_target_price, merge_analysts
from newsletter.readers.structure import analyse
from newsletter.untrusted import clean_text


def build_report(
    path: Path,
    blocks: list[Block],
    pages: int,
    *,
    broker: str | None = None,
    series: str | None = None,
    date: dt.date | None = None,
    language: str = "zh",
    outline: tuple[str, ...] = (),
    tables: tuple[Table, ...] = (),
    running_header: tuple[str, ...] = (),
    set_aside: tuple[SetAside, ...] = (),
    placed_analysts: tuple[Analyst, ...] = (),
    cover_date: dt.date | None = None,
) -> Report:
    """Run structure analysis and wrap the result with the source's facts;
    analysts a reader paired by position come before those read in order."""
    blocks = [_without_controls(block) for block in blocks]
    found = analyse(blocks, outline)
    return Report(
        source=Source(path=str(path), sha256=sha256_of(path), pages=pages),
        title=found.title,
        broker=pick_broker((broker, found.broker), _texts(blocks, set_aside + found.set_aside, running_header)),
        series=series,
        date=date or find_date(blocks, running_header) or cover_date,
        language=language,
        analysts=merge_analysts(list(placed_analysts), found.analysts),
        key_points=found.key_points,
        toc=found.toc,
        sections=found.sections,
        risks=found.risks,
        disclaimer=found.disclaimer,
        disclaimer_other=found.disclaimer_other,
        rating=find_rating(blocks),
        target_price=find_target_price(blocks),
        tables=tables,
        set_aside=set_aside + found.set_aside,
    )


def _texts(blocks: list[Block], set_aside: tuple[SetAside, ...], header: tuple[str, ...]) -> list[str]:
    """All the report's text, furniture too: a house names itself in its
    source lines (资料来源：某某证券研究所) and running header."""
    return [*header, *(b.text for b in blocks), *(item.text for item in set_aside)]


def _without_controls(block: Block) -> Block:
    """A block is one paragraph: a stray line break in it (\\f between pages, a lone \\r,
    U+2028) joins like a wrapped line, and other control characters go."""
    text = clean_text(block.text)
    if text == block.text:
        return block
    return replace(block, text=join_all(text.split("\n")) if "\n" in text else text)


def detect_language(texts: list[str]) -> str:
    sample = "".join(texts)[:20000]
    cjk = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff")
    latin = sum(1 for c in sample if c.isascii() and c.isalpha())
    return "zh" if cjk * 3 >= latin else "en"
