"""Page layout from glyph positions: segments, columns, sidebars, lines.

Pure geometry, no PDF library: `pdf.py` hands over each page's glyphs and
this module finds what a reader's eye finds. A *segment* is a run of glyphs on
one baseline without a wide gap; segments are assigned to the page's vertical
*bands* (text columns, separated by empty gutters); the widest, fullest band is
the main column, a narrow one beside it is a sidebar (analysts, market data),
a band as wide and as full as the main one is a second column.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import reduce
from itertools import accumulate, pairwise

from newsletter.model import SetAside, SetAsideKind
from newsletter.readers.blocks import is_cjk
from newsletter.readers.settings import READER


@dataclass(frozen=True, slots=True)
class Glyph:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool = False


@dataclass(slots=True)
class Segment:
    glyphs: list[Glyph]
    text: str = ""
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    bold: bool = False

    def finish(self) -> Segment:
        glyphs = self.glyphs
        self.text = _glyph_text(glyphs).strip()
        # Where the ink ends: a trailing space glyph (some templates pad a
        # short line to the margin) does not make a line full.
        inked = [g for g in glyphs if not g.text.isspace()] or glyphs
        self.x0, self.x1 = glyphs[0].x0, max(g.x1 for g in inked)
        self.top, self.bottom = min(g.top for g in glyphs), max(g.bottom for g in glyphs)
        sizes = sorted(g.size for g in glyphs if not g.text.isspace()) or [glyphs[0].size]
        self.size = sizes[len(sizes) // 2]
        self.bold = sum(g.bold for g in glyphs) * 2 > len(glyphs)
        return self


@dataclass
class PageText:
    """One page's text as segments, plus what the reader learnt about it."""

    number: int
    width: float
    height: float
    segments: list[Segment]
    bands: list[tuple[float, float]]
    has_images: bool = False
    unmapped: int = 0  # glyphs with no Unicode ((cid:N), U+FFFD)
    glyphs: int = 0
    set_aside: list[SetAside] = field(default_factory=list)  # furniture, by kind and reason

    def set_apart(self, segments: list[Segment], kind: SetAsideKind, why: str) -> None:
        self.set_aside.extend(SetAside(self.number, kind, s.text, why) for s in segments)


@dataclass
class Line:
    """Segments of one band on one baseline; `cells` > 1 means a table row."""

    segments: list[Segment]
    region: str
    column: int
    text: str = ""
    cells: int = 1
    x0: float = 0.0
    x1: float = 0.0
    top: float = 0.0
    bottom: float = 0.0
    size: float = 0.0
    bold: bool = False


def page_text(number: int, width: float, height: float, glyphs: list[Glyph]) -> PageText:
    """A page's segments and bands, from its visible glyphs."""
    bands = bands_of(glyphs, width)
    gutters = [(left[1], right[0]) for left, right in pairwise(bands)]
    return PageText(number, width, height, segments_of(glyphs, gutters), bands)


def segments_of(glyphs: list[Glyph], gutters: Sequence[tuple[float, float]] = ()) -> list[Segment]:
    """Glyphs into segments: one visual line, no gap wider than READER.segment_gap sizes.

    Rows are found column by column (a sidebar's baselines have nothing to
    do with the main text's beside it), then pieces that touch across a
    gutter (a title spanning the columns) are put back together.
    """
    by_column: dict[int, list[Glyph]] = {}
    for glyph in glyphs:
        by_column.setdefault(_column_of(glyph, gutters), []).append(glyph)
    pieces = [piece for column in by_column.values() for row in _rows(column) for piece in _pieces(row)]
    return [Segment(piece).finish() for piece in _rejoin(pieces) if "".join(g.text for g in piece).strip()]


def _column_of(glyph: Glyph, gutters: Sequence[tuple[float, float]]) -> int:
    centre = (glyph.x0 + glyph.x1) / 2
    return sum(1 for g0, g1 in gutters if centre > (g0 + g1) / 2)


def _rows(glyphs: list[Glyph]) -> list[list[Glyph]]:
    """Glyphs on one line, by their vertical centres, not their baselines:
    digits and Latin letters often come from another font with another
    baseline and must still sit in the line between the CJK characters.
    Linked glyph to glyph (sorted by centre), so no first glyph decides."""
    rows: list[list[Glyph]] = []
    last = 0.0
    for glyph in sorted(glyphs, key=_centre):
        if rows and _centre(glyph) - last < glyph.size * READER.row_link:
            rows[-1].append(glyph)
        else:
            rows.append([glyph])
        last = _centre(glyph)
    return rows


def _pieces(row: list[Glyph]) -> list[list[Glyph]]:
    pieces: list[list[Glyph]] = []
    for glyph in _without_overlaid_spaces(sorted(row, key=lambda g: g.x0)):
        if pieces and _continues(pieces[-1][-1], glyph):
            pieces[-1].append(glyph)
        else:
            pieces.append([glyph])
    return pieces


def _without_overlaid_spaces(row: list[Glyph]) -> list[Glyph]:
    """Space glyphs lying over visible ones (a justifying layer drawn half a
    line lower) are not gaps; a space filling a real gap between words stays."""
    following: list[float] = []
    next_x0 = float("inf")
    for glyph in reversed(row):
        following.append(next_x0)
        if not glyph.text.isspace():
            next_x0 = glyph.x0
    following.reverse()
    kept: list[Glyph] = []
    last_x1 = float("-inf")
    for glyph, next_start in zip(row, following, strict=True):
        if not glyph.text.isspace():
            last_x1 = glyph.x1
        elif next_start - last_x1 < (glyph.x1 - glyph.x0) / 2 or not last_x1 - 1 <= glyph.x0 <= next_start + 1:
            continue
        kept.append(glyph)
    return kept


def _rejoin(pieces: list[list[Glyph]]) -> list[list[Glyph]]:
    """Pieces of one line cut only by a column boundary (no gap there) are one."""
    joined: list[list[Glyph]] = []
    ends: dict[int, list[list[Glyph]]] = {}  # joined pieces by where they end
    for piece in sorted(pieces, key=lambda p: p[0].x0):
        first = piece[0]
        reach = range(int(first.x0 - first.size) - 1, int(first.x0 + first.size) + 2)
        before = next((c for x in reach for c in ends.get(x, ()) if _joins(c[-1], first)), None)
        if before is None:
            joined.append(piece)
            before = piece
        else:
            ends[int(before[-1].x1)].remove(before)
            before.extend(piece)
        ends.setdefault(int(before[-1].x1), []).append(before)
    return joined


def _joins(last: Glyph, glyph: Glyph) -> bool:
    return abs(_centre(last) - _centre(glyph)) < glyph.size * 0.3 and _touches(last, glyph)


def _touches(last: Glyph, glyph: Glyph) -> bool:
    size = max(last.size, glyph.size)
    return -size * 0.5 < glyph.x0 - last.x1 <= size * 0.3


def _centre(glyph: Glyph) -> float:
    return (glyph.top + glyph.bottom) / 2


def _continues(last: Glyph, glyph: Glyph) -> bool:
    size = max(last.size, glyph.size)
    squeezed = abs(last.top - glyph.top) < size * 0.1
    punctuation = squeezed and not (last.text.isalnum() and glyph.text.isalnum())
    return (
        -size * (READER.punct_overlap if punctuation else READER.overlap)
        < glyph.x0 - last.x1
        < size * READER.segment_gap
    )


def _glyph_text(glyphs: list[Glyph]) -> str:
    """Glyph texts, with a space where the PDF left a visible gap between words."""
    parts: list[str] = []
    for before, glyph in zip([None, *glyphs], glyphs, strict=False):
        if before is not None and _needs_space(before, glyph):
            parts.append(" ")
        parts.append(glyph.text)
    return "".join(parts)


def _needs_space(before: Glyph, glyph: Glyph) -> bool:
    if before.text.isspace() or glyph.text.isspace():
        return False
    if is_cjk(before.text[-1]) and is_cjk(glyph.text[0]):
        return False
    return glyph.x0 - before.x1 > max(before.size, glyph.size) * 0.2


def drop_vertical_labels(segments: list[Segment]) -> list[Segment]:
    """Side labels set one character per line ("行\\n业\\n研\\n究") are not text:
    three or more single characters stacked at one x, a line pitch apart."""
    singles = sorted((s for s in segments if len(s.text) == 1), key=lambda s: (round(s.x0), s.top))
    stacked: set[int] = set()
    run: list[Segment] = []
    for seg in [*singles, None]:
        if seg is not None and run and abs(seg.x0 - run[-1].x0) < 2 and seg.top - run[-1].top < seg.size * 1.6:
            run.append(seg)
            continue
        if len(run) >= 3:
            stacked.update(id(s) for s in run)
        run = [seg] if seg is not None else []
    return [s for s in segments if id(s) not in stacked]


def drop_overprinted(segments: list[Segment]) -> list[Segment]:
    """Two texts printed over each other (a stamp across a banner label) are
    neither read: a segment whose box is mostly covered by another's."""
    ordered = sorted(segments, key=lambda s: s.top)
    covered: set[int] = set()
    for i, seg in enumerate(ordered):
        for other in ordered[i + 1 :]:
            if other.top >= seg.bottom:
                break
            short = max(len(seg.text), len(other.text)) <= READER.overprint_chars
            if short and _covered_share(seg, other) > READER.overprint:
                covered.update((id(seg), id(other)))
    return [s for s in segments if id(s) not in covered]


def _covered_share(a: Segment, b: Segment) -> float:
    width = min(a.x1, b.x1) - max(a.x0, b.x0)
    height = min(a.bottom, b.bottom) - max(a.top, b.top)
    if width <= 0 or height <= 0:
        return 0.0
    smaller = min((a.x1 - a.x0) * (a.bottom - a.top), (b.x1 - b.x0) * (b.bottom - b.top))
    return width * height / smaller if smaller > 0 else 0.0


def bands_of(glyphs: list[Glyph], width: float) -> list[tuple[float, float]]:
    """The page's vertical text bands, left to right, from where glyphs lie.

    Coverage counts, for each point across the page, the glyphs over it: a
    gutter is a strip that only a few full-width lines (a title) cross.
    """
    bins = int(width) + 2
    delta = [0] * (bins + 1)
    for glyph in glyphs:
        if not glyph.text.isspace():
            delta[min(bins, max(0, int(glyph.x0)))] += 1
            delta[min(bins, max(0, int(glyph.x1)))] -= 1
    cover = list(accumulate(delta[:bins]))
    if not cover or max(cover) == 0:
        return []
    threshold = max(2, max(cover) // 10)
    return _merge_narrow(_runs(cover, threshold), width)


def _runs(cover: list[int], threshold: int) -> list[tuple[float, float]]:
    bands: list[tuple[float, float]] = []
    start: int | None = None
    for x, count in enumerate([*cover, 0]):
        if count >= threshold and start is None:
            start = x
        elif count < threshold and start is not None:
            bands.append((float(start), float(x)))
            start = None
    return bands


def _merge_narrow(bands: list[tuple[float, float]], width: float) -> list[tuple[float, float]]:
    """Bands too narrow to be a column, or gaps too narrow to be a gutter, merge."""
    merged: list[tuple[float, float]] = []
    for band in bands:
        narrow = band[1] - band[0] < width * READER.min_band_share
        close = bool(merged) and band[0] - merged[-1][1] < READER.min_gutter
        if merged and (narrow or close or merged[-1][1] - merged[-1][0] < width * READER.min_band_share):
            merged[-1] = (merged[-1][0], band[1])
        else:
            merged.append(band)
    return merged


def band_of(seg: Segment, bands: list[tuple[float, float]]) -> int | None:
    """The band holding the segment, or None when it spans several (a title)."""
    inside = [i for i, (x0, x1) in enumerate(bands) if seg.x0 < x1 and seg.x1 > x0]
    return inside[0] if len(inside) == 1 else None


def band_roles(segments: list[Segment], bands: list[tuple[float, float]]) -> list[str]:
    """'main' for text columns, 'sidebar' for narrow or sparse bands beside them."""
    chars = [0] * len(bands)
    for seg in segments:
        index = band_of(seg, bands)
        if index is not None:
            chars[index] += len(seg.text)
    if not bands:
        return []
    # The main column holds the most text by area: a narrow sidebar can hold
    # as many characters in short lines (names, numbers, dates).
    main = max(range(len(bands)), key=lambda i: chars[i] * (bands[i][1] - bands[i][0]))
    main_width = bands[main][1] - bands[main][0]
    return [
        "main" if (b[1] - b[0] >= main_width * 0.6 and chars[i] >= chars[main] * 0.3) else "sidebar"
        for i, b in enumerate(bands)
    ]


def lines_of(page: PageText) -> list[Line]:
    """The page's lines in reading order: main columns left to right between
    full-width lines (a title above two columns), sidebars after them."""
    labels = drop_vertical_labels(page.segments)
    segments = drop_overprinted(labels)
    page.set_apart(_missing(page.segments, labels), SetAsideKind.STAMP, "vertical label, one character a line")
    page.set_apart(_missing(labels, segments), SetAsideKind.STAMP, "printed over other text")
    bands = page.bands
    roles = band_roles(segments, bands)
    span_tops = sorted(s.top for s in segments if band_of(s, bands) is None)
    groups: dict[tuple[int, int, int], list[Segment]] = {}
    for seg in segments:
        groups.setdefault(_reading_key(seg, band_of(seg, bands), roles, span_tops), []).append(seg)
    return [
        line for key in sorted(groups) for line in _baseline_lines(groups[key], "sidebar" if key[0] else "main", key[2])
    ]


def _missing(before: list[Segment], after: list[Segment]) -> list[Segment]:
    kept = {id(s) for s in after}
    return [s for s in before if id(s) not in kept]


def _reading_key(seg: Segment, band: int | None, roles: list[str], span_tops: list[float]) -> tuple[int, int, int]:
    """(sidebar?, vertical slice, column): full-width line k is slice 2k+1,
    the columns below it slice 2k+2."""
    if band is None:
        return (0, 2 * span_tops.index(seg.top) + 1, -1)
    if roles[band] == "sidebar":
        return (1, 0, band)
    return (0, 2 * sum(1 for top in span_tops if top < seg.top), band)


def _baseline_lines(segments: list[Segment], region: str, column: int) -> list[Line]:
    ordered = sorted(segments, key=lambda s: (s.bottom, s.x0))
    groups: list[list[Segment]] = []
    for seg in ordered:
        if groups and abs(groups[-1][0].bottom - seg.bottom) < seg.size * 0.5:
            groups[-1].append(seg)
        else:
            groups.append([seg])
    groups = [sorted(group, key=lambda s: s.x0) for group in groups]
    return [line for i, group in enumerate(groups) for line in _row_lines(groups, i, region, column)]


def _row_lines(groups: list[list[Segment]], i: int, region: str, column: int) -> list[Line]:
    """A row of cells is a table row when a neighbouring row has cells too;
    a lone row of separate pieces (a banner: title, slogan, label) is read
    piece by piece."""
    group = groups[i]
    neighbours = [groups[j] for j in (i - 1, i + 1) if 0 <= j < len(groups)]
    if len(group) > 2 and not any(len(n) > 1 for n in neighbours):
        return [_line([seg], region, column) for seg in group]
    return [_line(group, region, column)]


def _join_cells(left: str, right: str) -> str:
    return left + right if is_cjk(left[-1]) and is_cjk(right[0]) else f"{left} {right}"


_PAGE_REF = re.compile(r"^\d{1,3}$")


def _line(group: list[Segment], region: str, column: int) -> Line:
    line = Line(group, region, column)
    if len(group) == 2 and _PAGE_REF.match(group[1].text):
        line.text = f"{group[0].text}\t{group[1].text}"  # a contents entry and its page
        line.cells = 2
    else:
        line.text = reduce(_join_cells, (s.text for s in group))
        line.cells = len(group)
    line.x0, line.x1 = group[0].x0, group[-1].x1
    line.top, line.bottom = min(s.top for s in group), max(s.bottom for s in group)
    line.size = max(group, key=lambda s: len(s.text)).size
    line.bold = all(s.bold for s in group)
    return line
