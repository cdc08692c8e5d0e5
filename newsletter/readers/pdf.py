"""Reader for PDF reports, on pdfplumber (the only module that imports it).

First version: lines from pdfplumber, joined into paragraphs when a line runs
to the right edge of the text column. The layout work (sidebars, columns,
furniture) is the PDF reader issue's.
"""

from __future__ import annotations

from pathlib import Path
from statistics import median
from typing import Any

import pdfplumber

from newsletter.errors import ReadError
from newsletter.model import Report
from newsletter.readers import register
from newsletter.readers.blocks import Block, join_text
from newsletter.readers.common import build_report, detect_language


@register(".pdf")
def read_pdf(path: Path) -> Report:
    try:
        with pdfplumber.open(path) as pdf:
            blocks = [block for number, page in enumerate(pdf.pages, 1) for block in _page_blocks(page, number)]
            pages = len(pdf.pages)
    except ReadError:
        raise
    except Exception as error:  # pdfminer raises many unrelated types for bad files
        raise ReadError(f"cannot read the PDF: {error}", file=str(path)) from error
    if not blocks:
        raise ReadError("the PDF has no text layer (image-only: it needs OCR)", file=str(path))
    return build_report(path, blocks, pages, language=detect_language([b.text for b in blocks]))


def _page_blocks(page: Any, number: int) -> list[Block]:
    lines = page.extract_text_lines(return_chars=True)
    if not lines:
        return []
    right = max(line["x1"] for line in lines)
    blocks: list[Block] = []
    open_line = False
    for line in lines:
        size = round(median(c["size"] for c in line["chars"]), 1)
        if open_line and blocks and blocks[-1].size == size:
            last = blocks[-1]
            blocks[-1] = Block(join_text(last.text, line["text"]), last.page, size)
        else:
            blocks.append(Block(line["text"], number, size))
        open_line = line["x1"] > right - size * 1.5
    return blocks
