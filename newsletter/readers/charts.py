"""The report's charts as pictures (pypdfium2 lives here).

A chart of a brokerage report is the region between its caption
(`图表 3：…`, `图 3`, `Figure 3`, `Exhibit 3: …`) and the `资料来源：` /
`Source:` line below it, in the caption's column (two charts side by side
split the width at the second caption). Large embedded images without a
caption count too. Each region is rendered by PDFium at print resolution
into a PNG, without its caption line (the briefing prints the caption as
text, translated) but with its source line.

Only pages whose text names a caption or holds an image are looked at
closely, so a report without charts costs one text pass. A page that cannot
be read is skipped with a warning: charts are a heuristic, never a reason
to refuse a report.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from newsletter.model import Chart

log = logging.getLogger(__name__)

DPI = 150  # print resolution: sharp on paper and on a retina screen at email width
MAX_CHARTS = 60  # per report: a bound on the work an untrusted file can ask for
MAX_SIDE_PX = 2400  # a region is rendered at a lower resolution rather than larger than this
MAX_SHARE = 0.8  # a region taller than this share of the page is not one chart
MIN_IMAGE = (140.0, 90.0)  # points: smaller embedded images are logos and icons
PAD = 4.0  # points around a region
_CAPTION = re.compile(r"(?:图表|图|Figure|Fig\.|Exhibit|Chart)\s*\d{1,3}(?![\d.%])(?:\s*[：:.、])?", re.IGNORECASE)
_SOURCE = re.compile(r"(?:资料来源|数据来源|来源|Sources?)\s*[：:]", re.IGNORECASE)
_LEADER = re.compile(r"(?:\.{4,}|…{2,}|·{4,})")  # a list of figures: "图 1：… ........ 3"


@dataclass(frozen=True)
class _Line:
    """A stretch of one text line: where it starts and ends on the page (PDF units, y up)."""

    text: str
    x0: float
    x1: float
    bottom: float
    top: float
    lefts: tuple[float, ...] = ()  # each character's left edge (the previous one's for a space)


def may_hold_charts(text: str, has_images: bool) -> bool:
    """Whether a page's text (or its pictures) can give a chart: only such pages are opened again."""
    return has_images or _CAPTION.search(text) is not None


def find_charts(path: Path, pages: Collection[int] | None = None) -> tuple[Chart, ...]:
    """Every chart of the PDF at `path` (of `pages`, numbered from 1), in page order; () when it cannot be read.

    PDFium parses a page again to find and draw its charts; the reader, which
    has read every page already, names the pages worth it (`may_hold_charts`).
    """
    try:
        document = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError as error:
        log.warning("%s: charts not read: %s", path, error)
        return ()
    try:
        return tuple(_charts(path, document, pages))
    finally:
        document.close()


Box = tuple[float, float, float, float]  # left, bottom, right, top in PDF units (y up)


def _charts(path: Path, document: Any, pages: Collection[int] | None) -> Iterator[Chart]:
    """Find every page's regions first, drop decoration, then render (the costly part)."""
    regions: list[tuple[int, Box, str]] = []
    for index in range(len(document)):
        if pages is not None and index + 1 not in pages:
            continue
        try:
            regions += [(index, box, caption) for box, caption in _page_regions(document[index], index + 1)]
        except pdfium.PdfiumError as error:
            log.warning("%s: page %d: charts not read: %s", path, index + 1, error)
    regions = _without_repeated_pictures(regions)
    if len(regions) > MAX_CHARTS:
        log.warning("%s: %d charts; only the first %d are kept", path, len(regions), MAX_CHARTS)
    for index, box, caption in regions[:MAX_CHARTS]:
        try:
            yield _render(document[index], box, caption, index + 1)
        except pdfium.PdfiumError as error:
            log.warning("%s: page %d: a chart could not be drawn: %s", path, index + 1, error)


def _page_regions(page: Any, number: int) -> list[tuple[Box, str]]:
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    images = _images(page) if number > 1 else []  # page one's pictures are the cover's
    if not _CAPTION.search(text) and not images:
        return []
    lines = list(_lines(textpage, text))
    regions = _caption_regions(page, lines)
    for box in images:
        if not any(_overlaps(box, taken) for taken, _ in regions) and not _under_text(box, lines):
            regions.append((box, ""))
    return regions


def _under_text(box: Box, lines: list[_Line]) -> bool:
    """A picture with lines of text drawn over it is a background or a watermark, not a chart."""
    inside = [line for line in lines if box[0] <= line.x0 and line.x1 <= box[2] and box[1] <= line.bottom <= box[3]]
    return len(inside) >= 3


def _without_repeated_pictures(regions: list[tuple[int, Box, str]]) -> list[tuple[int, Box, str]]:
    """An uncaptioned picture of the same size on three pages or more is the template's decoration."""
    sizes = [(round(box[2] - box[0]), round(box[3] - box[1])) for _, box, caption in regions if not caption]
    repeated = {size for size in sizes if sizes.count(size) >= 3}
    return [r for r in regions if r[2] or (round(r[1][2] - r[1][0]), round(r[1][3] - r[1][1])) not in repeated]


def _lines(textpage: Any, text: str) -> Iterator[_Line]:
    """The page's text lines with their extent, from PDFium's own line breaks."""
    at = 0
    for raw in text.splitlines(keepends=True):
        stripped = raw.rstrip("\r\n")
        if stripped.strip():
            line = _line(textpage, stripped, at)
            if line is not None:
                yield line
        at += len(raw)


def _line(textpage: Any, text: str, at: int) -> _Line | None:
    boxes = [textpage.get_charbox(at + i) if not char.isspace() else None for i, char in enumerate(text)]
    inked = [box for box in boxes if box is not None and box[2] > box[0]]
    if not inked:
        return None
    lefts, last = [], inked[0][0]
    for box in boxes:
        last = box[0] if box is not None and box[2] > box[0] else last
        lefts.append(last)
    bottom, top = min(box[1] for box in inked), max(box[3] for box in inked)
    return _Line(text, inked[0][0], max(box[2] for box in inked), bottom, top, tuple(lefts))


def _caption_regions(page: Any, lines: list[_Line]) -> list[tuple[tuple[float, float, float, float], str]]:
    """(box, caption) of every captioned chart: left, bottom, right, top in PDF units."""
    width, height = page.get_size()
    right_edge = _right_edge(lines, width)
    captions = [piece for line in lines for piece in _pieces(line, _CAPTION, width) if not _LEADER.search(piece.text)]
    sources = [piece for line in lines for piece in _pieces(line, _SOURCE, width)]
    drawn = list(_object_bounds(page)) if captions and sources else []
    regions = []
    for caption in captions:
        beside = _beside(caption, captions)
        column = (caption.x0 - PAD, beside if beside is not None else width - PAD)
        source = _source_below(caption, column, sources, captions)
        if source is None or caption.bottom - source.bottom > MAX_SHARE * height:
            continue
        box = (column[0], source.bottom - PAD, column[1], caption.bottom - 1)
        fallback = column[1] if beside is not None else max(right_edge, caption.x1, source.x1) + PAD
        regions.append((_fit_to_drawing(drawn, box, fallback), _caption_text(caption.text)))
    return regions


def _pieces(line: _Line, pattern: re.Pattern[str], width: float) -> Iterator[_Line]:
    """Each caption (or source) of a line; two side by side split it where the second starts.

    The first must open the line and each next one follow a space: "如图 1 所示" is prose.
    """
    starts = [match.start() for match in pattern.finditer(line.text) if _after_space(line.text, match.start())]
    if not starts or line.text[: starts[0]].strip():
        return
    for i, start in enumerate(starts):
        end = starts[i + 1] if i + 1 < len(starts) else len(line.text)
        x1 = line.lefts[end] if end < len(line.text) else line.x1
        yield _Line(line.text[start:end].strip(), line.lefts[start], min(x1, width), line.bottom, line.top)


def _after_space(text: str, at: int) -> bool:
    return at == 0 or text[at - 1].isspace()


def _beside(caption: _Line, captions: list[_Line]) -> float | None:
    """Where the next chart's caption on the same line starts: this chart's column ends there."""
    starts = [other.x0 for other in captions if abs(other.top - caption.top) < 3 and other.x0 > caption.x0 + 10]
    return min(starts) - PAD if starts else None


def _source_below(
    caption: _Line, column: tuple[float, float], sources: list[_Line], captions: list[_Line]
) -> _Line | None:
    """The first source line under the caption in its column, unless another caption comes first."""
    below = [s for s in sources if s.top <= caption.bottom and column[0] - 20 <= s.x0 < column[1]]
    source = max(below, key=lambda s: s.top, default=None)
    if source is None:
        return None
    between = [c for c in captions if c is not caption and source.top < c.top < caption.bottom]
    return None if any(column[0] - 20 <= c.x0 < column[1] for c in between) else source


def _right_edge(lines: list[_Line], width: float) -> float:
    """Where the page's text ends on the right (most long lines end there)."""
    ends = sorted(line.x1 for line in lines if line.x1 - line.x0 > width / 3)
    return ends[len(ends) * 9 // 10] if ends else width - 50


def _fit_to_drawing(
    objects: list[tuple[float, float, float, float]], box: tuple[float, float, float, float], fallback: float
) -> tuple[float, float, float, float]:
    """Narrow the column to what is drawn in it (a chart rarely spans the whole column);
    with nothing drawn, the column ends at `fallback` (the text's right edge)."""
    left, bottom, right, top = box
    drawn = [bounds for bounds in objects if _inside_band(bounds, box)]
    if not drawn:
        return (left, bottom, min(right, fallback), top)
    return (max(left, min(b[0] for b in drawn) - PAD), bottom, min(right, max(b[2] for b in drawn) + PAD), top)


def _inside_band(bounds: tuple[float, float, float, float], box: tuple[float, float, float, float]) -> bool:
    middle = (bounds[1] + bounds[3]) / 2
    return box[1] <= middle <= box[3] and bounds[2] > box[0] and bounds[0] < box[2]


def _object_bounds(page: Any) -> Iterator[tuple[float, float, float, float]]:
    wanted = (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_IMAGE, pdfium_c.FPDF_PAGEOBJ_SHADING)
    for obj in page.get_objects(filter=wanted, max_depth=3):
        yield tuple(obj.get_bounds())


def _images(page: Any) -> list[tuple[float, float, float, float]]:
    """Embedded pictures large enough to be a chart, and not the whole page (a scan or a background)."""
    width, height = page.get_size()
    found = []
    for obj in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,), max_depth=3):
        left, bottom, right, top = obj.get_bounds()
        big = right - left >= MIN_IMAGE[0] and top - bottom >= MIN_IMAGE[1]
        if big and (right - left) * (top - bottom) < 0.6 * width * height:
            found.append((left - PAD, bottom - PAD, right + PAD, top + PAD))
    return found


def _overlaps(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _caption_text(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def _render(page: Any, box: tuple[float, float, float, float], caption: str, number: int) -> Chart:
    width, height = page.get_size()
    left, bottom, right, top = max(box[0], 0), max(box[1], 0), min(box[2], width), min(box[3], height)
    scale = min(DPI / 72, MAX_SIDE_PX / max(right - left, top - bottom, 1))
    bitmap = page.render(scale=scale, crop=(left, bottom, width - right, height - top))
    image = bitmap.to_pil()
    stream = io.BytesIO()
    image.save(stream, format="PNG", compress_level=1)  # zlib's fastest: 3-4x quicker than 6
    return Chart(caption=caption, page=number, png=stream.getvalue(), width=image.width, height=image.height)
