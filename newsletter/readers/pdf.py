"""Reader for PDF reports: pdfplumber opens them, pdfminer's layout tree gives the characters
(the only module that imports either).

This module only talks to the PDF: it opens the file (refusing what cannot
be read, in one clear line), turns each page's characters into `Glyph`s,
dropping what no reader sees (rotated stamps, light watermarks, tiny or
white template tags, doubled fake-bold glyphs), and closes each page as it
goes so a long report stays small in memory. Layout, furniture and
paragraphs are pure functions in the sibling modules.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import Any

import pdfplumber
from pdfminer.converter import PDFPageAggregator
from pdfminer.layout import LTChar, LTContainer, LTCurve, LTImage, LTPage, LTRect
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfinterp import PDFPageInterpreter
from pdfminer.pdfpage import PDFPage
from pdfminer.pdftypes import PDFObjRef, PDFStream
from pdfplumber.page import fix_fontname_bytes

from newsletter.errors import ReadError
from newsletter.limits import ReadLimits, read_limits
from newsletter.model import Report, SetAside, SetAsideKind
from newsletter.readers.charts import find_charts, may_hold_charts
from newsletter.readers.document import assemble
from newsletter.readers.layout import Glyph, PageText, lines_of, page_text
from newsletter.readers.registry import register
from newsletter.readers.repair import equivalent, is_unmapped, repair_glyph
from newsletter.readers.settings import READER

log = logging.getLogger(__name__)

TEMPLATE_TAG = re.compile(r"\[[A-Za-z]+_[A-Za-z0-9_]*\] ?")
BOLD_FONTS = ("bold", "heavy", "black", ",b", "-b", "semibold", "demi")
STROKED_MODES = (2, 6)  # PDF text render modes that fill and stroke the glyphs


@register(".pdf")
def read_pdf(path: Path) -> Report:
    _check_header(path)
    budget = _Budget(read_limits())
    with _opened(path) as pdf:
        pages = [_read_page(path, page, budget) for page in pdf.pages]
        outline = _outline(pdf)
    worth = [page.number for page in pages if may_hold_charts(" ".join(s.text for s in page.segments), page.has_images)]
    return replace(assemble(path, pages, outline), charts=find_charts(path, worth) if worth else ())


def page_lines(path: Path, number: int) -> list[str]:
    """The printed lines of one page in reading order, before anything is
    set aside (for `extract --explain`); [] for a page the PDF does not have."""
    _check_header(path)
    with _opened(path) as pdf:
        if not 1 <= number <= len(pdf.pages):
            return []
        page = _read_page(path, pdf.pages[number - 1], _Budget(read_limits()))
    shown = [line.text for line in lines_of(page)]
    # Text no reader sees (rotated, light, tiny) and what layout dropped, then the lines.
    return [item.text for item in page.set_aside] + shown


def _outline(pdf: Any) -> tuple[str, ...]:
    """The titles of the PDF's bookmarks; a broken outline is no outline."""
    try:
        return tuple(str(entry[1]) for entry in pdf.doc.get_outlines() if entry[1])
    except Exception:  # pdfminer: PDFNoOutlines and damaged outline trees
        return ()


@contextmanager
def _opened(path: Path) -> Iterator[Any]:
    try:
        pdf = pdfplumber.open(path)
        _ = pdf.pages  # parses the page tree: fails here on a damaged file
    except Exception as error:  # pdfminer raises many unrelated types for bad files
        raise ReadError(_open_failure(error), file=str(path)) from error
    with pdf:
        yield pdf


def _check_header(path: Path) -> None:
    with path.open("rb") as stream:
        head = stream.read(1024)
    if not head.strip():
        raise ReadError("the file is empty", file=str(path))
    if b"%PDF-" not in head:
        raise ReadError("not a PDF (no %PDF- header)", file=str(path))


def _open_failure(error: Exception) -> str:
    name = type(error).__name__
    causes = [error, *(arg for arg in error.args if isinstance(arg, Exception))]
    text = " ".join(f"{type(e).__name__} {e}" for e in causes).lower()
    if "password" in text or "encrypt" in text:
        return "the PDF is encrypted (password-protected); save an unprotected copy first"
    detail = str(error).strip().splitlines()[0][:120] if str(error).strip() else name
    return f"cannot read the PDF (damaged or truncated?): {detail}"


def _read_page(path: Path, page: Any, budget: _Budget) -> PageText:
    """One page's glyphs into segments; the page is closed before returning."""
    try:
        chars, shapes, images = _page_objects(page, _bounded_layout(page, budget))
        dark_boxes = _dark_boxes(shapes, images)
        has_images = bool(images)
        width, height = float(page.width), float(page.height)
    except _TooMuch as error:
        raise ReadError(str(error), file=str(path), page=page.page_number) from None
    except Exception as error:  # a damaged content stream
        raise ReadError(_open_failure(error), file=str(path), page=page.page_number) from error
    finally:
        page.close()
    glyphs, unseen = _visible_glyphs(chars, dark_boxes)
    text = page_text(page.page_number, width, height, glyphs)
    text.set_aside = [SetAside(page.page_number, SetAsideKind.STAMP, t, why) for why, t in unseen.items() if t.strip()]
    text.has_images = has_images
    text.unmapped = sum(1 for c in chars if is_unmapped(c["text"]))
    text.glyphs = len(chars)
    return text


def _visible_glyphs(
    chars: list[dict[str, Any]], dark_boxes: list[tuple[float, float, float, float]]
) -> tuple[list[Glyph], dict[str, str]]:
    """The glyphs a reader sees, and the text of those it does not, by reason
    (in content-stream order, where a stamp's glyphs stay together)."""
    hidden = _hidden(chars, dark_boxes)
    tags = _template_tags(chars)
    unseen: dict[str, list[str]] = {}
    seen: dict[tuple[str, int, int], int] = {}
    glyphs: list[Glyph] = []
    for index, char in enumerate(chars):
        why = _unseen_because(index, char, hidden, tags)
        if why:
            unseen.setdefault(why, []).append(char["text"])
            continue
        glyph = _glyph(char)
        key = (equivalent(glyph.text), round(glyph.x0), round(glyph.top))
        if key in seen:  # fake bold: the same glyph drawn twice in one place
            glyphs[seen[key]] = _keep_unified(glyphs[seen[key]], glyph)
            continue
        seen[key] = len(glyphs)
        glyphs.append(glyph)
    return without_redrawn(glyphs), {why: "".join(texts) for why, texts in unseen.items()}


def without_redrawn(glyphs: list[Glyph]) -> list[Glyph]:
    """A label drawn twice over itself, shifted or in another size (a
    template's placeholder and its text): the second drawing of the same
    characters, right after the first and mostly over its box, is dropped,
    as a fake-bold glyph is kept once."""
    kept: list[Glyph] = []
    recent: dict[str, list[int]] = {}
    i = 0
    while i < len(glyphs):
        length = _redrawn_length(glyphs, i, recent.get(glyphs[i].text, []))
        if length:
            i += length
            continue
        recent.setdefault(glyphs[i].text, []).append(i)
        kept.append(glyphs[i])
        i += 1
    return kept


def _redrawn_length(glyphs: list[Glyph], i: int, earlier: list[int]) -> int:
    """How many glyphs from `i` on repeat, over it, the run that ended just before `i`."""
    for j in reversed(earlier):
        length = i - j
        if length > READER.redrawn_chars_max:
            break
        first, second = glyphs[j:i], glyphs[i : i + length]
        same = [g.text for g in first] == [g.text for g in second]
        if same and len("".join(g.text for g in first).strip()) >= 3 and _box_overlap(first, second) > READER.redrawn:
            return length
    return 0


def _box_overlap(first: list[Glyph], second: list[Glyph]) -> float:
    """Share of the smaller run's box that the other run's box covers (the
    ink's box: a space may span the gap to a neighbouring chart's source line)."""
    inked = [[g for g in run if not g.text.isspace()] or run for run in (first, second)]
    boxes = [
        (min(g.x0 for g in run), min(g.top for g in run), max(g.x1 for g in run), max(g.bottom for g in run))
        for run in inked
    ]
    (ax0, at, ax1, ab), (bx0, bt, bx1, bb) = boxes
    width, height = min(ax1, bx1) - max(ax0, bx0), min(ab, bb) - max(at, bt)
    smaller = min((ax1 - ax0) * (ab - at), (bx1 - bx0) * (bb - bt))
    return width * height / smaller if width > 0 and height > 0 and smaller > 0 else 0.0


def _unseen_because(index: int, char: dict[str, Any], hidden: set[int], tags: set[int]) -> str:
    if index in tags:
        return "template tag"
    if index in hidden:
        return "light text (watermark)"
    if not _is_upright(char):
        return "rotated text (watermark, side label or axis title)"
    if char["size"] < READER.min_size:
        return f"type under {READER.min_size:g} pt"
    return ""


def _hidden(chars: list[dict[str, Any]], dark_boxes: list[tuple[float, float, float, float]]) -> set[int]:
    """Light glyphs (watermarks, white tags), except white text on a dark box
    (a title banner) and pages whose text is mostly light (a dark slide)."""
    light = [i for i, c in enumerate(chars) if _is_light(c.get("non_stroking_color"))]
    if len(light) >= len(chars) * READER.light_page_share:
        return set()
    return {i for i in light if not _on_dark_box(chars[i], dark_boxes)}


def _on_dark_box(char: dict[str, Any], boxes: list[tuple[float, float, float, float]]) -> bool:
    x, y = (char["x0"] + char["x1"]) / 2, (char["top"] + char["bottom"]) / 2
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)


class _TooMuch(Exception):
    """A page draws more than the limits allow (a decompression-style PDF)."""


class _Budget:
    """What the report may still draw, counted while pdfminer interprets each page (before any layout)."""

    def __init__(self, limits: ReadLimits) -> None:
        self.limits = limits
        self.document_chars = 0
        self.page_chars = self.page_objects = 0

    def char(self) -> None:
        self.page_chars += 1
        self.document_chars += 1
        if self.page_chars > self.limits.page_chars:
            raise _TooMuch(f"the page draws more than {self.limits.page_chars:,} characters (limits.page_chars)")
        if self.document_chars > self.limits.document_chars:
            limit = self.limits.document_chars
            raise _TooMuch(f"the report draws more than {limit:,} characters by this page (limits.document_chars)")

    def shape(self) -> None:
        self.page_objects += 1
        if self.page_objects > self.limits.page_objects:
            limit = self.limits.page_objects
            raise _TooMuch(f"the page draws more than {limit:,} shapes, images and forms (limits.page_objects)")


class _BoundedDevice(PDFPageAggregator):
    """pdfminer's layout device, spending the budget for every object it is asked to draw."""

    def __init__(self, budget: _Budget, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.budget = budget
        budget.page_chars = budget.page_objects = 0
        self.stroked = False

    def render_string(self, textstate: Any, *args: Any, **kwargs: Any) -> None:
        # Text filled and stroked (render modes 2 and 6) is "fake bold": a
        # regular font thickened by its outline, as many Word templates print headings.
        self.stroked = textstate.render in STROKED_MODES
        super().render_string(textstate, *args, **kwargs)

    def render_char(self, *args: Any, **kwargs: Any) -> float:
        self.budget.char()
        advance = float(super().render_char(*args, **kwargs))
        if self.stroked:
            char: Any = self.cur_item._objs[-1]  # the LTChar just made; it carries the mark to `_object`
            char.stroked = True
        return advance

    def paint_path(self, *args: Any, **kwargs: Any) -> None:
        self.budget.shape()
        super().paint_path(*args, **kwargs)

    def begin_figure(self, *args: Any, **kwargs: Any) -> None:
        self.budget.shape()
        super().begin_figure(*args, **kwargs)

    def render_image(self, *args: Any, **kwargs: Any) -> None:
        self.budget.shape()
        super().render_image(*args, **kwargs)


def _bounded_layout(page: Any, budget: _Budget) -> LTPage:
    """pdfplumber's `page.layout`, made by a device that stops at the limits."""
    device = _BoundedDevice(budget, page.pdf.rsrcmgr, pageno=page.page_number, laparams=page.pdf.laparams)
    _restore_contents(page.page_obj, page.pdf.doc)
    PDFPageInterpreter(page.pdf.rsrcmgr, device).process_page(page.page_obj)
    layout: LTPage = device.get_result()
    return layout


def _restore_contents(page: PDFPage, doc: PDFDocument) -> None:
    """Re-read a content stream that pdfminer lost. Some writers give a
    stream a /Length longer than its data; pdfminer then reads past its
    `endstream`, finds no object and draws a blank page (a disclaimer page,
    as it happens), where poppler reads up to `endstream`. So do we, with
    pdfminer's own fallback parsing, which ignores /Length."""
    if all(stream is not None for stream in page.contents):
        return
    raw = page.attrs.get("Contents")
    refs = raw if isinstance(raw, list) else [raw]
    page.contents = [_stream_up_to_end(doc, ref) if isinstance(ref, PDFObjRef) else ref for ref in refs]
    page.contents = [stream for stream in page.contents if stream is not None]


def _stream_up_to_end(doc: PDFDocument, ref: PDFObjRef) -> object:
    """The referenced object, read up to its `endstream` whatever its /Length says."""
    found = ref.resolve(default=None)
    position = next((xref.get_pos(ref.objid) for xref in doc.xrefs if ref.objid in xref.get_objids()), None)
    parser = getattr(doc, "_parser", None)
    if found is not None or position is None or position[0] is not None or parser is None:
        return found  # resolved, or in an object stream (whose /Length pdfminer does not use)
    parser.fallback = True
    try:
        stream = doc._getobj_parse(position[1], ref.objid)
    except Exception:  # pdfminer raises many types for a damaged object: it stays lost
        return None
    finally:
        parser.fallback = False
    if isinstance(stream, PDFStream):
        stream.set_objid(ref.objid, position[2])  # decryption keys on the object's number
    return stream


def _page_objects(page: Any, layout: LTPage) -> tuple[list[dict[str, Any]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The page's characters, filled shapes (rects, curves) and images, in
    content-stream order, read straight from pdfminer's layout tree.

    `page.chars` would build a dict of some thirty resolved attributes per
    object (a third of the reading time); this reads only the handful the
    reader uses, with pdfplumber's own coordinates (top-left origin, shifted
    by the MediaBox) and colours, so the result is the same.
    """
    height, shift, mb_top = page.height, page.mediabox[0], page.mediabox[1]
    found: dict[type, list[dict[str, Any]]] = {LTChar: [], LTRect: [], LTCurve: [], LTImage: []}
    for obj in _layout_objects(layout):
        kind = found.get(type(obj))
        if kind is not None:
            kind.append(_object(obj, height, shift, mb_top))
    return found[LTChar], [*found[LTRect], *found[LTCurve]], found[LTImage]


def _layout_objects(container: Any) -> Iterator[Any]:
    """Every object under a container, figures' children included (as pdfplumber walks them)."""
    for obj in container:
        if isinstance(obj, LTContainer):
            yield from _layout_objects(obj)
        else:
            yield obj


def _object(obj: Any, height: float, shift: float, mb_top: float) -> dict[str, Any]:
    # The very expressions pdfplumber uses, so every coordinate is bit-identical.
    box = {
        "x0": obj.x0 + shift,
        "x1": obj.x1 + shift,
        "top": (height - obj.y1) + mb_top,
        "bottom": (height - obj.y0) + mb_top,
    }
    if isinstance(obj, LTChar):
        color = obj.graphicstate.ncolor
        fontname = obj.fontname
        if isinstance(fontname, bytes):  # rare byte-encoded names, decoded as pdfplumber does
            fontname = fix_fontname_bytes(fontname)
        return box | {
            "text": obj.get_text(),
            "size": obj.size,
            "fontname": fontname,
            "matrix": obj.matrix,
            "upright": obj.upright,
            "non_stroking_color": color if isinstance(color, tuple) else (color,),
            "stroked": getattr(obj, "stroked", False),
        }
    return box | {"fill": getattr(obj, "fill", None), "non_stroking_color": getattr(obj, "non_stroking_color", None)}


def _dark_boxes(shapes: list[dict[str, Any]], images: list[dict[str, Any]]) -> list[tuple[float, float, float, float]]:
    """Filled dark shapes and images: light text on them is meant to be read."""
    dark = [s for s in shapes if s["fill"] and not _is_light(s["non_stroking_color"], threshold=READER.tinted_box)]
    return [(float(o["x0"]), float(o["top"]), float(o["x1"]), float(o["bottom"])) for o in (*dark, *images)]


def _template_tags(chars: list[dict[str, Any]]) -> set[int]:
    """Word template tags ("[Table_Title]") leaked as text: found in content
    stream order, where their glyphs stay together even when they are drawn
    in between the title's glyphs."""
    stream = "".join(c["text"][:1] or " " for c in chars)
    return {i for match in TEMPLATE_TAG.finditer(stream) for i in range(match.start(), match.end())}


def _glyph(char: dict[str, Any]) -> Glyph:
    font = str(char.get("fontname", "")).lower()
    return Glyph(
        text=repair_glyph(char["text"]),
        x0=float(char["x0"]),
        x1=float(char["x1"]),
        top=float(char["top"]),
        bottom=float(char["bottom"]),
        size=float(char["size"]),
        bold=any(mark in font for mark in BOLD_FONTS) or bool(char.get("stroked")),
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


def _is_light(color: Any, threshold: float = READER.light) -> bool:
    """Lightness of a fill colour: gray, RGB or CMYK tuples."""
    if not isinstance(color, tuple | list) or not all(isinstance(v, int | float) for v in color):
        return False
    if len(color) == 1:
        return bool(float(color[0]) >= threshold)
    if len(color) == 3:
        return bool(0.299 * color[0] + 0.587 * color[1] + 0.114 * color[2] >= threshold)
    if len(color) == 4:
        return bool(1 - min(1.0, max(color[3] + max(color[:3]) * 0.5, 0.0)) >= threshold)
    return False
