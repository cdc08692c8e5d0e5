"""Reader for PDF reports, on pdfplumber (the only module that imports it).

This module only talks to the PDF: it opens the file (refusing what cannot
be read, in one clear line), turns each page's characters into `Glyph`s,
dropping what no reader sees (rotated stamps, light watermarks, tiny or
white template tags, doubled fake-bold glyphs), and closes each page as it
goes so a long report stays small in memory. Layout, furniture and
paragraphs are pure functions in the sibling modules.
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pdfplumber

from newsletter.errors import ReadError
from newsletter.model import Report
from newsletter.readers import register
from newsletter.readers.document import assemble
from newsletter.readers.layout import Glyph, PageText, segments_of
from newsletter.readers.repair import equivalent, is_unmapped, repair_glyph

log = logging.getLogger(__name__)

# Type smaller than this is a hidden tag ([Table_Title]) or chart debris.
MIN_SIZE = 4.0
# Text lighter than this (0 black, 1 white) is a watermark or a hidden tag...
LIGHT = 0.7
# ...unless this share of the page is light: a slide with white text on a dark box.
LIGHT_PAGE_SHARE = 0.3
BOLD_FONTS = ("bold", "heavy", "black", ",b", "-b", "semibold", "demi")


@register(".pdf")
def read_pdf(path: Path) -> Report:
    _check_header(path)
    try:
        with pdfplumber.open(path) as pdf:
            pages = [_read_page(page) for page in pdf.pages]
    except ReadError:
        raise
    except Exception as error:  # pdfminer raises many unrelated types for bad files
        raise ReadError(_open_failure(error), file=str(path)) from error
    return assemble(path, pages)


def _check_header(path: Path) -> None:
    with path.open("rb") as stream:
        head = stream.read(1024)
    if not head.strip():
        raise ReadError("the file is empty", file=str(path))
    if b"%PDF-" not in head:
        raise ReadError("not a PDF (no %PDF- header)", file=str(path))


def _open_failure(error: Exception) -> str:
    name = type(error).__name__
    text = f"{name} {error}".lower()
    if "password" in text or "encrypt" in text:
        return "the PDF is encrypted (password-protected); save an unprotected copy first"
    detail = str(error).strip().splitlines()[0][:120] if str(error).strip() else name
    return f"cannot read the PDF (damaged or truncated?): {detail}"


def _read_page(page: Any) -> PageText:
    """One page's glyphs into segments; the page is closed before returning."""
    try:
        chars = page.chars
        glyphs = _visible_glyphs(chars)
        text = PageText(
            number=page.page_number,
            width=float(page.width),
            height=float(page.height),
            segments=segments_of(glyphs),
            has_images=bool(page.images),
            unmapped=sum(1 for c in chars if is_unmapped(c["text"])),
            glyphs=len(chars),
        )
    finally:
        page.close()
    return text


def _visible_glyphs(chars: list[dict[str, Any]]) -> list[Glyph]:
    light = [_is_light(c.get("non_stroking_color")) for c in chars]
    drop_light = sum(light) < len(chars) * LIGHT_PAGE_SHARE
    seen: dict[tuple[str, int, int], int] = {}
    glyphs: list[Glyph] = []
    for char, is_light in zip(chars, light, strict=True):
        if (is_light and drop_light) or not _is_upright(char) or char["size"] < MIN_SIZE:
            continue
        glyph = _glyph(char)
        key = (equivalent(glyph.text), round(glyph.x0), round(glyph.top))
        if key in seen:  # fake bold: the same glyph drawn twice in one place
            glyphs[seen[key]] = _keep_unified(glyphs[seen[key]], glyph)
            continue
        seen[key] = len(glyphs)
        glyphs.append(glyph)
    return glyphs


def _glyph(char: dict[str, Any]) -> Glyph:
    font = str(char.get("fontname", "")).lower()
    return Glyph(
        text=repair_glyph(char["text"]),
        x0=float(char["x0"]),
        x1=float(char["x1"]),
        top=float(char["top"]),
        bottom=float(char["bottom"]),
        size=float(char["size"]),
        bold=any(mark in font for mark in BOLD_FONTS),
    )


def _keep_unified(first: Glyph, second: Glyph) -> Glyph:
    """Of a radical and its ideograph drawn on top of each other, keep the ideograph."""
    bold = Glyph(first.text, first.x0, first.x1, first.top, first.bottom, first.size, True)
    if first.text != second.text and equivalent(first.text) == second.text:
        return Glyph(second.text, first.x0, first.x1, first.top, first.bottom, first.size, True)
    return bold


def _is_upright(char: dict[str, Any]) -> bool:
    a, b, c, d = char["matrix"][:4]
    return bool(char.get("upright", True)) and abs(b) + abs(c) <= 0.1 * (abs(a) + abs(d))


def _is_light(color: Any) -> bool:
    """Lightness of a fill colour: gray, RGB or CMYK tuples."""
    if not isinstance(color, tuple | list) or not all(isinstance(v, int | float) for v in color):
        return False
    if len(color) == 1:
        return bool(float(color[0]) >= LIGHT)
    if len(color) == 3:
        return bool(0.299 * color[0] + 0.587 * color[1] + 0.114 * color[2] >= LIGHT)
    if len(color) == 4:
        return bool(1 - min(1.0, max(color[3] + max(color[:3]) * 0.5, 0.0)) >= LIGHT)
    return False
