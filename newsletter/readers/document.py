"""From the pages' segments to a `Report`: the PDF reader's table of contents.

Furniture first (it needs every page), then each page's lines in reading
order, paragraphs, paragraphs continued across breaks, and finally the
structure analysis shared with the text reader.
"""

from __future__ import annotations

import logging
from pathlib import Path

from newsletter.errors import ReadError
from newsletter.model import Report, SetAside, SetAsideKind
from newsletter.readers.blocks import spaces_latin_and_cjk
from newsletter.readers.common import build_report, detect_language
from newsletter.readers.furniture import broker_and_series, find_furniture, remove_furniture
from newsletter.readers.layout import PageText, lines_of
from newsletter.readers.paragraphs import (
    Para,
    continue_across_breaks,
    drop_repeated,
    mark_chart_text,
    mark_table_labels,
    paragraphs,
    set_aside_of,
    tables_of,
    to_blocks,
)
from newsletter.readers.settings import READER

log = logging.getLogger("newsletter.readers.pdf")


def assemble(path: Path, pages: list[PageText], outline: tuple[str, ...] = ()) -> Report:
    _refuse_without_text(path, pages)
    warn_unmapped(path, pages)
    furniture = find_furniture(pages)
    remove_furniture(pages, furniture)
    page_lines = [(page.number, lines_of(page)) for page in pages]
    spaced = spaces_latin_and_cjk([line.text for _, lines in page_lines for line in lines])
    paras: list[Para] = [para for number, lines in page_lines for para in paragraphs(lines, number, spaced)]
    kept = mark_table_labels(mark_chart_text(drop_repeated(paras, len(pages))))
    repeated = _missing(paras, kept)
    tables = tuple(tables_of(kept))
    blocks = to_blocks(continue_across_breaks(kept, spaced))
    if not blocks:
        raise ReadError("no text found on any page (blank pages?)", file=str(path))
    broker, series = broker_and_series(furniture.header)
    language = detect_language([b.text for b in blocks])
    set_aside = [item for page in pages for item in page.set_aside] + set_aside_of(kept) + repeated
    return build_report(
        path,
        blocks,
        len(pages),
        broker=broker,
        series=series,
        language=language,
        outline=outline,
        tables=tables,
        running_header=furniture.header,
        set_aside=tuple(set_aside),
    )


def _missing(paras: list[Para], kept: list[Para]) -> list[SetAside]:
    texts = {(p.page, p.text) for p in kept}
    why = "the same short text on many pages"
    return [SetAside(p.page, SetAsideKind.STAMP, p.text, why) for p in paras if (p.page, p.text) not in texts]


def _refuse_without_text(path: Path, pages: list[PageText]) -> None:
    if not pages:
        raise ReadError("the PDF has no pages", file=str(path))
    chars = sum(len(seg.text) for page in pages for seg in page.segments)
    if chars >= READER.min_chars_per_page * len(pages) or chars >= 2000:
        return
    if any(page.has_images for page in pages):
        raise ReadError(
            f"the PDF has no text layer ({chars} characters on {len(pages)} pages of images): it needs OCR first",
            file=str(path),
        )
    if chars == 0:
        raise ReadError(f"all {len(pages)} pages are blank", file=str(path))


def warn_unmapped(path: Path, pages: list[PageText]) -> list[str]:
    """Warn about pages whose glyphs have no Unicode ((cid:N), U+FFFD)."""
    warnings = [
        f"{path}: page {page.number}: {page.unmapped} of {page.glyphs} glyphs have no Unicode mapping "
        f"({page.unmapped / page.glyphs:.0%}); their text is garbled"
        for page in pages
        if page.glyphs and page.unmapped / page.glyphs >= READER.unmapped_warning
    ]
    for warning in warnings:
        log.warning(warning)
    return warnings
