"""Lines into paragraphs, and paragraphs across column and page breaks.

A paragraph ends where the eye sees it end: a line stopping short of the
column's right edge, a wider gap, a change of type, an indented first line, a
bullet, a heading number or a caption. It continues across a column or page
break when its last line ran to the edge without ending the sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from itertools import pairwise

from newsletter.model import SetAside, SetAsideKind, Table
from newsletter.readers.blocks import Block, is_ideograph, join_all
from newsletter.readers.layout import Line
from newsletter.readers.sentences import ends_sentence
from newsletter.readers.settings import READER
from newsletter.readers.structure import heading_style

# Bullets, including the private-use glyphs of Wingdings-style fonts (U+F06E).
BULLET = re.compile(
    r"^[\u2022\u2023\u2043\u00b7\u25a0-\u25ff\u2605\u2606\u26ab\u2756\u27a2\u2794\u258d\ue000-\uf8ff]\s*"
)
# A figure with at most a short unit or estimate mark: 2021E, 35.2%, (1.89), 4Q25.
# A range of two figures (21.60-97.40) is one cell.
NUMBER_TOKEN = re.compile(r"[-+(]?\d*[A-Z]?\d[\d.,]*[A-Za-z%]{0,2}(?:[-~～]\d[\d.,]*[A-Za-z%]{0,2})?\)?")
# A label that names its figure's unit or ends in a colon: 总市值(百万元)：, 毛利率(%).
KEY_LABEL = re.compile(r"[)）:：]$")
# A note under a table or chart ("备注：…", "注：…") belongs to it, like its source line.
NOTE = re.compile(r"^(?:备注|注)\s*\d?\s*[:：]")
# A source line may open with a dash or a bracket: "——数据来源：…", "（资料来源：…）".
_SOURCE_LEAD = r"^[—–\-－―（(\s]*"
CAPTION = re.compile(
    r"^(?:图表|附图|附表|图|表)\s*\d+[\s:：.、]|"
    + _SOURCE_LEAD
    + r"(?:资料来源|数据来源|来源)\s*[:：]|^(?:Source|Figure|Exhibit|Table)\s*\d*\s*[:：]",
    re.I,
)


SOURCE = re.compile(_SOURCE_LEAD + r"(?:资料来源|数据来源|来源|Source)\s*[:：]", re.I)
# Risk warnings and the disclaimer are never set aside, whatever their layout.
NEVER_ASIDE = re.compile(
    r"^\s*(?:[\d一二三四五六七八九十]+[、.]\s*)?(?:风险提示|风险因素|免责|特别声明|重要声明|法律声明|分析师声明)"
)


@dataclass(frozen=True)
class Para:
    text: str
    page: int
    size: float
    bold: bool
    region: str
    column: int
    open_end: bool  # the last line ran to the right edge mid-sentence
    fresh_start: bool  # began with an indent, a bullet or a number: never a continuation
    kind: str = "text"  # "text", "caption", "source", "chart" or "table"
    cells: tuple[str, ...] = ()  # a table row's cells, left to right


def paragraphs(lines: list[Line], page: int, spaced: bool) -> list[Para]:
    """One page's lines (in reading order) into paragraphs."""
    found: list[Para] = []
    for run in _column_runs(lines):
        found += _run_paragraphs(run, page, spaced)
    return found


def _column_runs(lines: list[Line]) -> list[list[Line]]:
    runs: list[list[Line]] = []
    for line in lines:
        if runs and (runs[-1][-1].region, runs[-1][-1].column) == (line.region, line.column):
            runs[-1].append(line)
        else:
            runs.append([line])
    return runs


def _run_paragraphs(run: list[Line], page: int, spaced: bool) -> list[Para]:
    left, right = _edges(run)
    gap = _usual_gap(run, right)
    numeric = _numeric_rows(run)
    rows = set(numeric.values())
    groups: list[list[Line]] = []
    for i, (before, line) in enumerate(zip([None, *run], run, strict=False)):
        # Sidebar lines are metadata (a name, a SAC number, a date), one each.
        alone = line.region == "sidebar" or i in numeric or i - 1 in numeric
        if before is None or alone or _breaks(before, line, left, right, gap):
            groups.append([line])
        else:
            groups[-1].append(line)
    return [
        _table_row(group[0], page) if id(group[0]) in rows else _para(group, page, left, right, spaced)
        for group in groups
    ]


def _numeric_rows(run: list[Line]) -> dict[int, int]:
    """Rows of an unruled table: a label and two or more figures, in runs of
    READER.min_numeric_rows consecutive lines (a financial statement set as
    text). A line of one bare figure (a header cell, or a row's cell read
    alone) joins a run only if the run holds a labelled row: a chart's axis
    and data labels are figures without a label, and stay no table."""
    kinds = [_row_kind(line) for line in run]
    rows = _spans(kinds, ("row", "keyed", "figures"))
    rows += [span for span in _spans(kinds, ("row", "figures", "figure")) if "row" in kinds[span.start : span.stop]]
    return {j: id(run[j]) for span in rows if len(span) >= READER.min_numeric_rows for j in span}


def _row_kind(line: Line) -> str | None:
    """ "row" for a label and two figures or more, "keyed" for a label and
    one, "figures" for two bare figures or more, "figure" for one."""
    tokens = line.text.split()
    if tokens and all(NUMBER_TOKEN.fullmatch(token) for token in tokens):
        return "figures" if len(tokens) > 1 else "figure"
    if _figures_after_label(line.text) is not None:
        return "row"
    # A sidebar's market data (a label and one figure a line) stays sidebar text.
    return "keyed" if line.region == "main" and _keyed_figure(line.text) else None


def _spans(kinds: list[str | None], allowed: tuple[str, ...]) -> list[range]:
    """The runs of consecutive lines whose kind is one of `allowed`."""
    spans: list[range] = []
    start = 0
    for i, kind in enumerate([*kinds, None]):
        if kind not in allowed:
            if i > start:
                spans.append(range(start, i))
            start = i + 1
    return spans


def _figures_after_label(text: str, least: int = 2) -> tuple[str, ...] | None:
    """("流动资产", "18429.3", "25502.8") for a line ending in `least` or more figures."""
    tokens = text.split()
    figures = 0
    while figures < len(tokens) and NUMBER_TOKEN.fullmatch(tokens[len(tokens) - 1 - figures]):
        figures += 1
    label = " ".join(tokens[: len(tokens) - figures])
    if figures < least or len(label) > READER.max_row_label:
        return None
    return (label, *tokens[len(tokens) - figures :]) if label else tuple(tokens)


def _keyed_figure(text: str) -> bool:
    """A market-data line: a label and one figure ("总市值(百万元)： 18,785.44").
    A bare page number after a title is a contents entry, unless the label
    names a unit or ends in a colon."""
    cells = _figures_after_label(text, least=1)
    if cells is None or len(cells) != 2:
        return False
    label, figure = cells
    return bool(re.search(r"[.,%]", figure) or len(figure) > 3 or KEY_LABEL.search(label))


def _table_row(line: Line, page: int) -> Para:
    if line.cells > 1:  # cells apart on the page: as printed
        cells = tuple(seg.text.strip() for seg in line.segments)
    else:
        cells = _figures_after_label(line.text, least=1) or (line.text,)
    return Para(line.text, page, line.size, line.bold, line.region, line.column, False, True, "table", cells)


def _edges(run: list[Line]) -> tuple[float, float]:
    """The column's left edge (where most lines start: a page number or a
    bullet further left does not move it) and its right edge."""
    lefts = Counter(round(line.x0) for line in run)
    left = max(lefts, key=lambda x: (lefts[x] + lefts[x - 1] + lefts[x + 1], -x))
    rights = sorted(line.x1 for line in run)
    return float(min(left, *(line.x0 for line in run if abs(line.x0 - left) <= 1))), rights[len(rights) * 4 // 5]


def _text_start(line: Line) -> float:
    """Where the line's words start: after its bullet, if it has one."""
    glyphs = line.segments[0].glyphs
    if not BULLET.match(line.text):
        return line.x0
    rest = [g for g in glyphs[1:] if not g.text.isspace()]
    return rest[0].x0 if rest else line.x0


def _usual_gap(run: list[Line], right: float) -> float:
    """The gap between two lines of one paragraph: measured between full
    lines of prose (chart labels and table rows between them set tighter)."""
    prose = [
        b.top - a.bottom
        for a, b in pairwise(run)
        if b.top > a.bottom and a.cells == b.cells == 1 and a.size == b.size and a.x1 >= right - 2 * a.size
    ]
    gaps = sorted(prose) or sorted(b.top - a.bottom for a, b in pairwise(run) if b.top > a.bottom)
    return gaps[len(gaps) // 2 if prose else len(gaps) // 3] if gaps else 0.0


def _breaks(before: Line, line: Line, left: float, right: float, gap: float) -> bool:
    size = max(before.size, line.size)
    return (
        (before.x1 < right - READER.short_line * before.size and not _word_wrapped(before, line, right))
        or _sentence_ended_short(before, line, right)
        or line.top - before.bottom > gap + size * READER.paragraph_gap
        or abs(before.size - line.size) > READER.size_change
        or (before.bold != line.bold and not _runs_on(before, right))
        or before.cells > 1
        or line.cells > 1
        or bool(BULLET.match(line.text))  # a bullet opens an item, even one hanging left of the text
        or (_starts_fresh(line, left, right) and _text_start(line) > _text_start(before) + line.size * 0.5)
        or (bool(heading_style(line.text)) and ends_sentence(before.text))
        or bool(SOURCE.match(line.text))  # a source line closes the text above it, however set
    )


def _runs_on(line: Line, right: float) -> bool:
    """A line that fills the column goes on in the next one, even where the
    weight changes: a bold lead-in (a sentence or not) running into plain text."""
    return line.x1 >= right - READER.short_line * line.size


def _sentence_ended_short(before: Line, line: Line, right: float) -> bool:
    """A justified line fills the column; a sentence that ends a character
    or more short of it ends its paragraph, unless what follows could not
    have fitted there (a Latin word, a closing mark that may not open a line)."""
    short = before.x1 < right - READER.sentence_short * before.size
    return (
        short
        and ends_sentence(before.text)
        and line.text[:1] not in _NO_LINE_START
        and not _first_word_too_wide(before, line, right)
    )


_NO_LINE_START = "，。、；：？！）》」』”’%…—·,.;:?!)]"


def _first_word_too_wide(before: Line, line: Line, right: float) -> bool:
    glyphs = line.segments[0].glyphs
    word = 0
    while word < len(glyphs) and not (glyphs[word].text.isspace() or is_ideograph(glyphs[word].text[0])):
        word += 1
    return word > 0 and glyphs[word - 1].x1 - glyphs[0].x0 > right - before.x1 - before.size * 0.2


def _word_wrapped(before: Line, line: Line, right: float) -> bool:
    """A short line that stopped because the next line's first word (a Latin
    word, which cannot be broken) did not fit in the space left."""
    glyphs = line.segments[0].glyphs
    word = 0
    while word < len(glyphs) and not (glyphs[word].text.isspace() or is_ideograph(glyphs[word].text[0])):
        word += 1
    if word < 2 or ends_sentence(before.text):
        return False
    return glyphs[word - 1].x1 - glyphs[0].x0 > right - before.x1 - before.size


def _starts_fresh(line: Line, left: float, right: float) -> bool:
    """An indented first line, a bullet, a caption, or a short numbered line
    (a heading: "1.6T 收发器..." running to the edge is prose)."""
    text = line.text
    indented = line.x0 > left + line.size * READER.indent
    heading = bool(heading_style(text)) and line.x1 < right - 2 * line.size
    return indented or heading or bool(BULLET.match(text) or CAPTION.match(text))


def _para(group: list[Line], page: int, left: float, right: float, spaced: bool) -> Para:
    first, last = group[0], group[-1]
    text = join_all([line.text for line in group], latin_cjk_space=spaced)
    kind = "caption" if CAPTION.match(text) else "table" if first.cells > 2 else "text"
    kind = "source" if kind == "caption" and SOURCE.match(text) else kind
    return Para(
        text=BULLET.sub("", text),
        page=page,
        size=first.size,
        bold=first.bold,
        region=first.region,
        column=first.column,
        open_end=last.x1 >= right - 2 * last.size and not ends_sentence(text),
        fresh_start=_starts_fresh(first, left, right),
        kind=kind,
        cells=tuple(seg.text.strip() for seg in first.segments) if kind == "table" else (),
    )


def continue_across_breaks(paras: list[Para], spaced: bool) -> list[Para]:
    """Join a paragraph cut by a column or page break with its continuation."""
    groups: list[list[Para]] = []
    for para in paras:
        if groups and _continues(groups[-1][-1], para):
            groups[-1].append(para)
        else:
            groups.append([para])
    return [_joined(group, spaced) for group in groups]


def _joined(group: list[Para], spaced: bool) -> Para:
    if len(group) == 1:
        return group[0]
    text = join_all([para.text for para in group], latin_cjk_space=spaced)
    return replace(group[0], text=text, open_end=group[-1].open_end)


def _continues(before: Para, para: Para) -> bool:
    return (
        before.open_end
        and before.kind == para.kind == "text"
        and before.region == para.region == "main"
        and (para.page, para.column) != (before.page, before.column)
        and not para.fresh_start
        and abs(before.size - para.size) <= 0.6
        # A paragraph led by a bold line goes on in plain type; bold after plain is a new start.
        and (before.bold or not para.bold)
    )


def drop_repeated(paras: list[Para], pages: int) -> list[Para]:
    """Short texts that recur on many pages (chart source tags, stamps the
    margin test missed) are page furniture, not the report's prose."""
    seen: dict[str, set[int]] = {}
    for para in paras:
        if len(para.text) <= 40:
            seen.setdefault(re.sub(r"\d+", "#", para.text), set()).add(para.page)
    limit = max(3, pages // 3)
    return [
        p
        for p in paras
        if len(seen.get(re.sub(r"\d+", "#", p.text), ())) < limit or len(p.text) > 40 or NEVER_ASIDE.match(p.text)
    ]


def is_debris(para: Para) -> bool:
    """Chart axes and labels: numbers and signs with no words ("144%", "2020-05")."""
    text = para.text
    if any(is_ideograph(c) for c in text):
        return False
    figures = all(NUMBER_TOKEN.fullmatch(token) for token in text.split())
    return figures or sum(1 for c in text if c.isalpha()) < 2


def tables_of(paras: list[Para]) -> list[Table]:
    """Runs of table rows in the main column, one `Table` per run on a page
    (a lone row is too little to call a table)."""
    runs: list[list[Para]] = []
    for para in paras:
        if para.kind != "table" or para.region != "main":
            runs.append([])
        elif runs and runs[-1] and runs[-1][-1].page == para.page:
            runs[-1].append(para)
        else:
            runs.append([para])
    # A title or group label is the table's, set aside with it, but not a row of cells.
    rows = [[p for p in run if len(p.cells) >= 2] for run in runs]
    tables = [run for run in rows if len(run) >= READER.min_table_rows]
    return [Table(tuple(p.cells for p in run), run[0].page) for run in tables if not _justified_prose(run)]


def _justified_prose(rows: list[Para]) -> bool:
    """Letter-spaced or justified prose splits into many "cells" too: cells of
    one character, or clauses running on with commas, are not a table."""
    prose = [row for row in rows if _prose_row(row.cells)]
    return len(prose) * 3 > len(rows)


def _prose_row(cells: tuple[str, ...]) -> bool:
    single = sum(1 for cell in cells if len(cell) == 1 and is_ideograph(cell))
    clause = any(len(cell) > 12 and re.search("[，。；]", cell) for cell in cells)
    return clause or single * 2 >= len(cells)


def mark_chart_text(paras: list[Para]) -> list[Para]:
    """Text between a figure's caption and its source line, in the caption's
    column, is the chart's own (axis labels, legends, stock names in bars)."""
    marked = list(paras)
    open_box: dict[tuple[int, str, int], list[int]] = {}
    for i, para in enumerate(paras):
        where = (para.page, para.region, para.column)
        if para.kind == "caption":
            open_box[where] = []
        elif para.kind == "source" and where in open_box:
            for j in open_box.pop(where):
                marked[j] = replace(paras[j], kind="chart")
        elif where in open_box and para.kind == "text":
            if NEVER_ASIDE.match(para.text) or bool(heading_style(para.text)) or _running_prose(para.text):
                del open_box[where]  # no chart after all: a heading or prose before any source line
            else:
                open_box[where].append(i)
    return marked


def mark_table_labels(paras: list[Para]) -> list[Para]:
    """A table's group label ("盈利能力指标(%)") between its rows, or its title
    between a table or source line and the rows below, is part of the table;
    a note right under a table or its source line ("备注：…") is the table's too."""
    marked = list(paras)
    after = _next_kinds(paras)
    tabular = _tabular_columns(paras)
    last: dict[tuple[int, str, int], int] = {}  # the paragraph before, per column
    for i, para in enumerate(paras):
        where = (para.page, para.region, para.column)
        before = marked[last[where]].kind if where in last else None
        if para.kind == "text" and before in ("table", "source") and NOTE.match(para.text):
            marked[i] = replace(para, kind="source")
        elif para.kind == "text" and after[i] == "table" and before in _TABLE_KINDS and _table_label(para.text):
            marked[i] = replace(para, kind="table", cells=(para.text,))
        elif para.kind == "text" and _in_table_type(para, tabular.get(where)) and _table_text(para.text):
            marked[i] = replace(para, kind="table", cells=tuple(para.text.split()))
        last[where] = i
    return marked


_TABLE_KINDS = ("table", "source", "caption", "chart")


def _tabular_columns(paras: list[Para]) -> dict[tuple[int, str, int], float]:
    """Columns of a page that are mostly table (rows and bare figures), with
    the rows' largest type: a financial statement whose labels wrap or stand
    apart from their figures."""
    table: Counter[tuple[int, str, int]] = Counter()
    text: Counter[tuple[int, str, int]] = Counter()
    sizes: dict[tuple[int, str, int], float] = {}
    for para in paras:
        where = (para.page, para.region, para.column)
        figures = para.kind == "table" or (para.kind in ("text", "chart") and is_debris(para))
        (table if figures else text)[where] += len(para.text)
        if figures:
            sizes[where] = max(sizes.get(where, 0.0), para.size)
    return {
        where: sizes[where] for where, chars in table.items() if chars >= READER.tabular_share * (chars + text[where])
    }


def _in_table_type(para: Para, row_size: float | None) -> bool:
    """Set like the table's rows: not larger, and if bold no larger at all (a
    heading above a table is larger or bold; a fake-bold header cell is neither)."""
    if row_size is None:
        return False
    return para.size <= row_size if para.bold else para.size <= row_size + READER.size_change


def _table_text(text: str) -> bool:
    return _table_label(text) or _mostly_figures(text)


def _mostly_figures(text: str) -> bool:
    """A flattened table row with a label after its figures: "ROIC(%) 16.8% 24.0% 37.0%"."""
    tokens = text.split()
    figures = sum(1 for token in tokens if NUMBER_TOKEN.fullmatch(token))
    return figures >= READER.min_numeric_rows and figures * 2 >= len(tokens)


def _next_kinds(paras: list[Para]) -> list[str | None]:
    """The kind of the next paragraph in each paragraph's column (None: the column ends)."""
    kinds: list[str | None] = []
    seen: dict[tuple[int, str, int], str] = {}
    for para in reversed(paras):
        where = (para.page, para.region, para.column)
        kinds.append(seen.get(where))
        seen[where] = para.kind
    return kinds[::-1]


def _table_label(text: str) -> bool:
    """A short phrase: no sentence, no numbered heading, never risk or legal text."""
    short = len(text) <= READER.max_row_label and not re.search("[。；，,]", text)
    return short and not heading_style(text) and not NEVER_ASIDE.match(text)


def _running_prose(text: str) -> bool:
    return len(text) > READER.chart_prose and sum(text.count(mark) for mark in "。；！？") >= 2


def set_aside_of(paras: list[Para]) -> list[SetAside]:
    """The paragraphs that are furniture, each with its kind and reason."""
    found: list[SetAside] = []
    for para in paras:
        kind = _ASIDE_KINDS.get(para.kind)
        if kind is None and para.kind == "text" and para.region == "main" and is_debris(para):
            kind = (SetAsideKind.CHART_LABEL, "figures without words (an axis or a data label)")
        if kind is not None:
            found.append(SetAside(para.page, kind[0], para.text, kind[1]))
    return found


_ASIDE_KINDS = {
    "caption": (SetAsideKind.CAPTION, "a figure or table caption"),
    "source": (SetAsideKind.SOURCE, "a source line"),
    "chart": (SetAsideKind.CHART_LABEL, "between a figure's caption and its source line"),
    "table": (SetAsideKind.TABLE, "a table row (kept in the report's tables)"),
}


def to_blocks(paras: list[Para]) -> list[Block]:
    """Prose, headings and sidebar lines; captions, tables and chart debris stay
    out (sidebar lines all go on: a bare SAC number is an analyst's, not debris)."""
    return [
        Block(p.text, p.page, p.size, p.bold, p.region, p.open_end)
        for p in paras
        if p.kind == "text" and p.text.strip() and not (p.region == "main" and is_debris(p))
    ]
