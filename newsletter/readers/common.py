"""What every reader does around structure analysis: hashing, metadata."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from pathlib import Path

from newsletter.model import Report, Source
from newsletter.readers.blocks import Block
from newsletter.readers.structure import analyse

DATE_RE = re.compile(r"(20\d{2})\s*[年/.-]\s*(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*日?")


def sha256_of(path: Path) -> str:
    """The file's sha256 (the one hashing helper: reports, cache keys, catalogs)."""
    with path.open("rb") as stream:
        return hashlib.file_digest(stream, "sha256").hexdigest()


def find_date(texts: list[str]) -> dt.date | None:
    """The first full date printed on its own line (a cover date)."""
    for text in texts:
        match = DATE_RE.fullmatch(text.strip())
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
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
) -> Report:
    """Run structure analysis and wrap the result with the source's facts."""
    found = analyse(blocks, outline)
    return Report(
        source=Source(path=str(path), sha256=sha256_of(path), pages=pages),
        title=found.title,
        broker=broker or found.broker,
        series=series,
        date=date or find_date([b.text for b in blocks[:40]]),
        language=language,
        analysts=found.analysts,
        key_points=found.key_points,
        toc=found.toc,
        sections=found.sections,
        risks=found.risks,
        disclaimer=found.disclaimer,
    )


def detect_language(texts: list[str]) -> str:
    sample = "".join(texts)[:20000]
    cjk = sum(1 for c in sample if "\u4e00" <= c <= "\u9fff")
    latin = sum(1 for c in sample if c.isascii() and c.isalpha())
    return "zh" if cjk * 3 >= latin else "en"
