"""What every reader does around structure analysis: metadata, the Report."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace
from pathlib import Path

from newsletter.hashing import sha256_of
from newsletter.model import Report, Source, Table
from newsletter.readers.blocks import Block, join_all
from newsletter.readers.structure import analyse
from newsletter.untrusted import clean_text

DATE_RE = re.compile(r"(20\d{2})\s*[年/.-]\s*(\d{1,2})\s*[月/.-]\s*(\d{1,2})(?!\d)\s*日?")
DATE_LABEL = re.compile(r"(?:报告|发布|出版)?日期\s*[：:]?\s*20\d{2}")
MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTHS = {name: i for i, name in enumerate(MONTH_NAMES, start=1)}
_MONTH = r"(?P<m>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?)"
ENGLISH_DATES = (
    re.compile(rf"\b{_MONTH}\s+(?P<d>\d{{1,2}}),?\s+(?P<y>20\d{{2}})\b"),  # July 13, 2026
    re.compile(rf"\b(?P<d>\d{{1,2}})\s+{_MONTH}\s+(?P<y>20\d{{2}})\b"),  # 13 July 2026
)


def find_date(blocks: list[Block]) -> dt.date | None:
    """The report's date, from its first page only (later pages quote other
    dates): a labelled date (报告日期：…), else a date on a short line of
    the main column (a header "行业周报 2026 年 5 月 24 日", "July 13, 2026"),
    else a date alone on a sidebar line in 年月日 form. Numeric dates in a
    sidebar are the related-reports list, not the report's own."""
    first = [b for b in blocks if b.page == blocks[0].page] if blocks else []
    labelled = [b.text for b in first if DATE_LABEL.search(b.text)]
    header = [b.text for b in first if b.region == "main" and len(b.text.strip()) <= 40 and "《" not in b.text]
    alone = [b.text for b in first if DATE_RE.fullmatch(b.text.strip()) and "年" in b.text]
    for texts in (labelled, header, alone):
        found = next((date for text in texts if (date := parse_date(text)) is not None), None)
        if found:
            return found
    return None


def parse_date(text: str) -> dt.date | None:
    """The first valid date in the text: 2026年5月24日, 2026-05-24, 2026.05.24, July 13, 2026."""
    numeric = [(int(m[1]), int(m[2]), int(m[3])) for m in DATE_RE.finditer(text)]
    english = [
        (int(m["y"]), MONTHS[m["m"][:3].casefold()], int(m["d"]))
        for pattern in ENGLISH_DATES
        for m in pattern.finditer(text)
    ]
    for year, month, day in numeric + english:
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return None


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
) -> Report:
    """Run structure analysis and wrap the result with the source's facts."""
    blocks = [_without_controls(block) for block in blocks]
    found = analyse(blocks, outline)
    return Report(
        source=Source(path=str(path), sha256=sha256_of(path), pages=pages),
        title=found.title,
        broker=broker or found.broker,
        series=series,
        date=date or find_date(blocks),
        language=language,
        analysts=found.analysts,
        key_points=found.key_points,
        toc=found.toc,
        sections=found.sections,
        risks=found.risks,
        disclaimer=found.disclaimer,
        tables=tables,
    )


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
