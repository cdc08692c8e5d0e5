"""Typeset examples/weekly_report.txt into a brokerage-style PDF (examples/weekly_report.pdf).

    python examples/make_example_pdf.py [--source TXT] [--out PDF]      (or: make example-pdf)

The PDF has the anatomy of a real Chinese brokerage weekly: a running header
(series and broker) and footer (敬请参阅最后一页特别声明 and the page number),
the date and title at the top of page one with the analyst sidebar beside the
key points, a contents page with dot leaders, body pages whose paragraphs run
on across page breaks, a drawn bar chart (caption `图表 1：…` above, `资料来源：`
line below), a ruled forecast table, and a small-print disclaimer page. The broker, the
analysts and every figure are fictional.

The text is set in reportlab's built-in CID font STSong-Light, so no font file
is needed; pdfplumber extracts it back as Unicode. Lines are broken by our own
rules (`break_lines`) rather than reportlab's: a line never breaks at a space
that touches a CJK character, because extraction cannot bring such a space
back ("约 1460 亿" must not come out as "约1460亿"). The output is byte-for-byte
reproducible: fixed metadata and reportlab's invariant mode.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from reportlab.lib.colors import Color, HexColor, black
from reportlab.lib.pagesizes import A4
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    FrameBreak,
    NextPageTemplate,
    PageBreak,
    PageTemplate,
)

HERE = Path(__file__).resolve().parent
FONT = "STSong-Light"
SERIES = "行业周报"
BROKER = "海峰证券"
FOOTER = "敬请参阅最后一页特别声明"

PAGE_W, PAGE_H = A4
LEFT, RIGHT = 57.0, PAGE_W - 57.0
TOP, BOTTOM = PAGE_H - 62.0, 50.0
SIDEBAR_W = 128.0
MAIN_X = 202.0

NAVY = HexColor("#1F3864")
GREY = HexColor("#555555")

# Kinsoku: punctuation that may not start a line, and that may not end one.
NO_START = set("，。、；：？！）》」』”’%…—·,.;:?!)]")
NO_END = set("（《「『“‘([")
# Extraction turns inter-character gaps wider than about 3 pt into spaces.
MAX_CHAR_SPACE = 2.0
# Room a heading needs at the foot of a page: itself, a sub-heading and two
# lines of its first paragraph; less, and it starts the next page instead.
# (reportlab's keepWithNext would move the whole first paragraph along too.)
KEEP_WITH_HEADING = 110.0

SIDEBAR_MARKER = "分析师及联系人"
KEY_POINTS_MARKER = "核心要点"
TOC_MARKER = "内容目录"
RISK_MARKER = "风险提示"
DISCLAIMER_RE = re.compile(r"^(特别声明|免责声明|法律声明)[：:]?$")
SECTION_RE = re.compile(r"^[一二三四五六七八九十]+、")

# The chart and the table live here, not in weekly_report.txt: the text reader
# reads that file as a report of its own, where they would come out as prose.
# Each goes after the paragraph that starts with its key, and its figures are
# the text's (1-4 月 sum to 68.5 GWh; April is 19.2 GWh, 23% above March).
FIGURES = {
    "据我们统计，2026 年 1-4 月国内储能系统招标规模": (
        "chart",
        "图表 1：2026 年 1-4 月国内储能系统招标规模（GWh）\n"
        "1 月 17.9\n2 月 15.8\n3 月 15.6\n4 月 19.2\n"
        "资料来源：各地公共资源交易平台，海峰证券研究所整理",
    ),
    "本周，光模块厂商云汐光电发布一季度经营数据": (
        "table",
        "单位：亿元\t2025A\t2026E\t2027E\n"
        "营业收入\t118.6\t226.4\t301.5\n"
        "净利润\t24.3\t50.2\t68.9\n"
        "EPS（元）\t2.43\t5.02\t6.89\n"
        "PE（倍）\t48\t23\t17",
    ),
}
DATE_RE = re.compile(r"^20\d\d 年 \d\d 月 \d\d 日$")


# ---------------------------------------------------------------- the source


@dataclass
class Source:
    """The example's text, cut into the parts of a report."""

    title: str = ""
    date: str = ""
    analysts: list[tuple[str, str, str]] = field(default_factory=list)
    key_points: list[tuple[str, str]] = field(default_factory=list)
    toc: list[tuple[str, str]] = field(default_factory=list)
    # (kind, text): section, sub, para; chart (caption, "label value" bars, source
    # line, one per line); table (rows of tab-separated cells, header first)
    body: list[tuple[str, str]] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)
    disclaimer: list[str] = field(default_factory=list)


def read_source(path: Path) -> Source:
    """Parse our own extracted-text format: blocks separated by blank lines."""
    blocks = [b.strip() for b in path.read_text(encoding="utf-8").split("\n\n") if b.strip()]
    source = Source(title=blocks[0])
    parts = _split_parts(blocks[1:])
    sidebar = parts[SIDEBAR_MARKER]
    source.date = next(b for b in sidebar if DATE_RE.match(b))
    people = [b for b in sidebar if not DATE_RE.match(b)]
    source.analysts = [(people[i], people[i + 1], people[i + 2]) for i in range(0, len(people), 3)]
    points = parts[KEY_POINTS_MARKER]
    source.key_points = list(zip(points[0::2], points[1::2], strict=True))
    source.toc = [_toc_entry(line) for line in parts[TOC_MARKER][0].split("\n")]
    headings = {title for title, _ in source.toc}
    source.body = _with_figures([(_kind(b, headings), b) for b in parts["body"]])
    source.risks = parts[RISK_MARKER]
    source.disclaimer = parts["disclaimer"]
    return source


def _split_parts(blocks: list[str]) -> dict[str, list[str]]:
    parts: dict[str, list[str]] = {}
    current = ""
    for block in blocks:
        if block in (SIDEBAR_MARKER, KEY_POINTS_MARKER, TOC_MARKER, RISK_MARKER):
            current = block
        elif current == TOC_MARKER and parts[TOC_MARKER]:
            current = "body"
        elif DISCLAIMER_RE.match(block):
            current = "disclaimer"
        parts.setdefault(current, [])
        if block != current:
            parts[current].append(block)
    return parts


def _toc_entry(line: str) -> tuple[str, str]:
    title, page = line.split("\t")
    return title, page


def _with_figures(body: list[tuple[str, str]]) -> list[tuple[str, str]]:
    placed: list[tuple[str, str]] = []
    for block in body:
        placed.append(block)
        placed += [figure for key, figure in FIGURES.items() if block[1].startswith(key)]
    return placed


def _kind(block: str, headings: set[str]) -> str:
    if SECTION_RE.match(block):
        return "section"
    return "sub" if block in headings else "para"


# ------------------------------------------------------------- line breaking


def _is_latin(token: str) -> bool:
    return token[0].isascii() and not token[0].isspace()


def _groups(text: str) -> Iterator[tuple[str, bool]]:
    """Unbreakable pieces of text, each with: does a (dropped) space precede it?

    A break may fall between two CJK characters, between CJK and Latin text
    that touch, or at a space between two Latin words; never at a space beside
    a CJK character, and never against the kinsoku rules.
    """
    tokens = re.findall(r" +|[!-~]+|.", text)
    group, spaced = "", False
    for i, token in enumerate(tokens):
        if token.startswith(" "):
            continue
        before = tokens[i - 1] if i else ""
        prev = tokens[i - 2] if before.startswith(" ") and i >= 2 else before
        at_space = before.startswith(" ")
        if not group:
            group = token
        elif at_space and _is_latin(prev) and _is_latin(token):
            yield group, spaced
            group, spaced = token, True
        elif at_space:
            group += " " + token
        elif token[0] in NO_START or prev[-1] in NO_END:
            group += token
        else:
            yield group, spaced
            group, spaced = token, False
    if group:
        yield group, spaced


def break_lines(text: str, size: float, width: float) -> list[str]:
    lines: list[str] = []
    line = ""
    for group, spaced in _groups(text):
        candidate = f"{line} {group}" if (line and spaced) else line + group
        if line and pdfmetrics.stringWidth(candidate, FONT, size) > width:
            lines.append(line)
            line = group
        else:
            line = candidate
    if line:
        lines.append(line)
    return lines


# ------------------------------------------------------------------ flowables


class Text(Flowable):  # type: ignore[misc]
    """A paragraph or heading: justified lines that split across frames."""

    def __init__(
        self,
        text: str,
        size: float,
        leading: float,
        *,
        color: Color = black,
        before: float = 0.0,
        after: float = 0.0,
        keep_with_next: bool = False,
        lines: list[str] | None = None,
        ends_paragraph: bool = True,
    ) -> None:
        super().__init__()
        self.text, self.size, self.leading, self.color = text, size, leading, color
        self.spaceBefore, self.spaceAfter = before, after
        self.keepWithNext = keep_with_next
        self.lines = lines
        self.ends_paragraph = ends_paragraph
        self.width = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        if self.lines is None or avail_width != self.width:
            self.lines = break_lines(self.text, self.size, avail_width)
        self.width = avail_width
        return avail_width, len(self.lines) * self.leading

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        self.wrap(avail_width, avail_height)
        assert self.lines is not None
        fit = int(avail_height // self.leading)
        if self.keepWithNext or fit < 2 or len(self.lines) - fit < 2:  # no widows or orphans
            return []
        head = self._part(self.lines[:fit], before=self.spaceBefore, after=0.0, ends=False)
        tail = self._part(self.lines[fit:], before=0.0, after=self.spaceAfter, ends=self.ends_paragraph)
        return [head, tail]

    def _part(self, lines: list[str], *, before: float, after: float, ends: bool) -> Text:
        part = Text(self.text, self.size, self.leading, color=self.color, before=before, after=after)
        part.lines, part.width, part.ends_paragraph = lines, self.width, ends
        return part

    def draw(self) -> None:
        assert self.lines is not None
        canvas = self.canv
        canvas.setFillColor(self.color)
        top = len(self.lines) * self.leading
        for i, line in enumerate(self.lines):
            last = i == len(self.lines) - 1 and self.ends_paragraph
            text = canvas.beginText(0, top - i * self.leading - self.size * 1.1)
            text.setFont(FONT, self.size)
            text.setCharSpace(0.0 if last else self._char_space(line))
            text.textOut(line)
            canvas.drawText(text)

    def _char_space(self, line: str) -> float:
        slack = self.width - float(pdfmetrics.stringWidth(line, FONT, self.size))
        return max(0.0, min(MAX_CHAR_SPACE, slack / max(1, len(line) - 1)))


class TocLine(Flowable):  # type: ignore[misc]
    """A contents entry: title, dot leaders, page number short of the margin."""

    def __init__(self, title: str, page: str, *, indent: float) -> None:
        super().__init__()
        self.title, self.page, self.indent = title, page, indent
        self.size, self.width = 10.0, 0.0
        self.spaceAfter = 10.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        # The numbers stop short of the right margin, as in most brokerage
        # templates, so a contents line never looks like a line of prose.
        self.width = avail_width - 36.0
        return self.width, 14.0

    def draw(self) -> None:
        canvas, size = self.canv, self.size
        canvas.setFillColor(black)
        canvas.setFont(FONT, size)
        canvas.drawString(self.indent, 2, self.title)
        canvas.drawRightString(self.width, 2, self.page)
        # Leaders run on from the title and stop well short of the number, so
        # the number reads as its own cell (the page reference).
        start = self.indent + pdfmetrics.stringWidth(self.title, FONT, size) + 4
        end = self.width - pdfmetrics.stringWidth(self.page, FONT, size) - 2.2 * size
        dots = canvas.beginText(start, 2)
        dots.setFont(FONT, size)
        dots.setCharSpace(1.6)
        dots.textOut("." * int((end - start) / (pdfmetrics.stringWidth(".", FONT, size) + 1.6)))
        canvas.drawText(dots)


class BarChart(Flowable):  # type: ignore[misc]
    """A figure as brokerage reports print one: caption, bars with their values
    and labels, source line; the reader finds it between caption and source."""

    HEIGHT = 190.0

    def __init__(self, block: str) -> None:
        super().__init__()
        caption, *bars, source = block.split("\n")
        self.caption, self.source = caption, source
        self.bars = [(label, float(value)) for label, value in (bar.rsplit(" ", 1) for bar in bars)]
        self.spaceBefore, self.spaceAfter = 6.0, 12.0
        self.width = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.HEIGHT

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFillColor(NAVY)
        canvas.setFont(FONT, 9.5)
        canvas.drawString(0, self.HEIGHT - 11, self.caption)
        canvas.setFillColor(GREY)
        canvas.setFont(FONT, 8)
        canvas.drawString(0, 2, self.source)
        self._draw_bars(canvas, base=36.0, height=self.HEIGHT - 80.0)

    def _draw_bars(self, canvas: Any, *, base: float, height: float) -> None:
        top = max(value for _, value in self.bars)
        slot = (self.width - 80.0) / len(self.bars)
        canvas.setStrokeColor(GREY)
        canvas.setLineWidth(0.6)
        canvas.line(0, base, self.width, base)  # full width: the picture's left edge is the source line's
        canvas.setFont(FONT, 8.5)
        for i, (label, value) in enumerate(self.bars):
            middle, bar = 40.0 + slot * (i + 0.5), height * value / top
            canvas.setFillColor(HexColor("#4472C4"))
            canvas.rect(middle - slot * 0.22, base, slot * 0.44, bar, stroke=0, fill=1)
            canvas.setFillColor(black)
            canvas.drawCentredString(middle, base + bar + 4, f"{value:g}")
            canvas.drawCentredString(middle, base - 12, label)


class RuledTable(Flowable):  # type: ignore[misc]
    """A small table ruled above, below the header and at the foot: the label
    column left-aligned, figures right-aligned in their columns."""

    ROW = 18.0

    def __init__(self, block: str) -> None:
        super().__init__()
        self.rows = [line.split("\t") for line in block.split("\n")]
        self.spaceBefore, self.spaceAfter = 4.0, 14.0
        self.width = 0.0

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.width = avail_width
        return avail_width, self.ROW * len(self.rows) + 4

    def draw(self) -> None:
        canvas, height = self.canv, self.ROW * len(self.rows) + 4
        canvas.setStrokeColor(NAVY)
        for y, width in ((height, 1.0), (height - self.ROW - 1, 0.5), (1.0, 1.0)):
            canvas.setLineWidth(width)
            canvas.line(0, y, self.width, y)
        canvas.setFillColor(black)
        canvas.setFont(FONT, 9.5)
        column = (self.width - 130.0) / (len(self.rows[0]) - 1)
        for i, row in enumerate(self.rows):
            y = height - self.ROW * (i + 1) + 4
            canvas.drawString(6, y, row[0])
            for j, cell in enumerate(row[1:], 1):
                canvas.drawRightString(130.0 + column * j - 6, y, cell)


# ------------------------------------------------------------------- the page


def draw_furniture(canvas: Any, doc: BaseDocTemplate) -> None:
    """Running header (series, broker) and footer (notice, page number)."""
    canvas.saveState()
    canvas.setFont(FONT, 9)
    canvas.setFillColor(NAVY)
    canvas.drawString(LEFT - 6, PAGE_H - 41, SERIES)
    canvas.drawRightString(RIGHT + 6, PAGE_H - 41, BROKER)
    canvas.setStrokeColor(NAVY)
    canvas.setLineWidth(0.8)
    canvas.line(LEFT - 6, PAGE_H - 46, RIGHT + 6, PAGE_H - 46)
    canvas.setLineWidth(0.4)
    canvas.line(LEFT - 6, 44, RIGHT + 6, 44)
    canvas.setFont(FONT, 8)
    canvas.setFillColor(GREY)
    canvas.drawString(LEFT - 6, 28, FOOTER)
    canvas.drawRightString(RIGHT + 6, 28, str(doc.page))
    canvas.restoreState()


def draw_first_page(canvas: Any, doc: BaseDocTemplate) -> None:
    draw_furniture(canvas, doc)
    canvas.saveState()
    canvas.setStrokeColor(HexColor("#B4C6E7"))
    canvas.setLineWidth(0.6)
    canvas.line(MAIN_X - 10, BOTTOM + 20, MAIN_X - 10, TOP - 86)
    canvas.restoreState()


def make_document(out: Path, source: Source) -> BaseDocTemplate:
    doc = BaseDocTemplate(
        str(out),
        pagesize=A4,
        title=source.title,
        author=BROKER,
        subject=SERIES,
        creator="examples/make_example_pdf.py",
        invariant=1,
    )
    cover = Frame(LEFT, TOP - 80, RIGHT - LEFT, 80, id="cover", leftPadding=0, rightPadding=0)
    sidebar = Frame(LEFT, BOTTOM, SIDEBAR_W, TOP - 86 - BOTTOM, id="sidebar", leftPadding=0, rightPadding=0)
    main = Frame(MAIN_X, BOTTOM, RIGHT - MAIN_X, TOP - 86 - BOTTOM, id="main", leftPadding=0, rightPadding=0)
    body = Frame(LEFT, BOTTOM, RIGHT - LEFT, TOP - BOTTOM, id="body", leftPadding=0, rightPadding=0, bottomPadding=0)
    doc.addPageTemplates(
        [
            PageTemplate("first", [cover, sidebar, main], onPage=draw_first_page),
            PageTemplate("body", [body], onPage=draw_furniture),
        ]
    )
    return doc


def story(source: Source) -> list[Flowable]:
    """The report in reading order, as the pages will show it."""
    return [*_cover(source), *_sidebar(source), *_key_points(source), *_contents(source), *_body(source)]


def _cover(source: Source) -> list[Flowable]:
    return [
        Text(source.date, 8.5, 14, color=GREY, after=4),
        Text(source.title, 20, 28, color=NAVY),
        FrameBreak(),
    ]


def _sidebar(source: Source) -> list[Flowable]:
    flowables: list[Flowable] = [Text(SIDEBAR_MARKER, 11.5, 18, color=NAVY, after=6)]
    for name, sac, email in source.analysts:
        flowables += [Text(name, 8.5, 13), Text(sac, 8.5, 13), Text(email, 8.5, 13, after=10)]
    return [*flowables, FrameBreak()]


def _key_points(source: Source) -> list[Flowable]:
    flowables: list[Flowable] = [Text(KEY_POINTS_MARKER, 11.5, 18, color=NAVY, after=6)]
    for heading, text in source.key_points:
        flowables += [Text(heading, 11.5, 18, color=NAVY, before=8, after=2, keep_with_next=True)]
        flowables += [Text(text, 10, 17)]
    return [*flowables, NextPageTemplate("body"), PageBreak()]


def _contents(source: Source) -> list[Flowable]:
    flowables: list[Flowable] = [Text(TOC_MARKER, 15, 22, color=NAVY, after=14)]
    for title, page in source.toc:
        level_one = bool(SECTION_RE.match(title)) or title == RISK_MARKER
        flowables.append(TocLine(title, page, indent=0.0 if level_one else 14.0))
    return [*flowables, PageBreak()]


def _body(source: Source) -> list[Flowable]:
    sizes = {"section": (15.0, 22.0, 14.0, 8.0), "sub": (11.5, 18.0, 8.0, 4.0), "para": (10.0, 17.0, 0.0, 6.0)}
    flowables: list[Flowable] = []
    previous = "para"
    for kind, text in source.body:
        if kind in ("chart", "table"):
            flowables.append(BarChart(text) if kind == "chart" else RuledTable(text))
            continue
        size, leading, before, after = sizes[kind]
        if kind != "para" and previous == "para":
            flowables.append(CondPageBreak(KEEP_WITH_HEADING))
        color = black if kind == "para" else NAVY
        flowables.append(Text(text, size, leading, color=color, before=before, after=after))
        previous = kind
    flowables.append(CondPageBreak(KEEP_WITH_HEADING))
    flowables.append(Text(RISK_MARKER, 15, 22, color=NAVY, before=14, after=8))
    flowables += [Text(risk, 10, 17, after=6) for risk in source.risks]
    flowables.append(PageBreak())
    heading, *paragraphs = source.disclaimer
    flowables.append(Text(heading, 11.5, 18, color=NAVY, after=4, keep_with_next=True))
    flowables += [Text(p, 7.5, 11, color=GREY, after=4) for p in paragraphs]
    return flowables


# ------------------------------------------------------------------ the build


class PageRecorder:
    """Notes the page each heading lands on, to check the contents page."""

    def __init__(self, titles: set[str]) -> None:
        self.titles = titles
        self.pages: dict[str, str] = {}

    def __call__(self, doc: BaseDocTemplate, flowable: Flowable) -> None:
        text = getattr(flowable, "text", None)
        if text in self.titles and text not in self.pages:
            self.pages[text] = str(doc.page)


def typeset(source_path: Path, out: Path) -> list[str]:
    """Write the PDF; return the contents entries whose page number is wrong."""
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    source = read_source(source_path)
    doc = make_document(out, source)
    recorder = PageRecorder({title for title, _ in source.toc})
    doc.afterFlowable = lambda flowable: recorder(doc, flowable)
    doc.build(story(source))
    return [
        f"{title}: the contents say page {page}, the PDF has it on page {recorder.pages.get(title)}"
        for title, page in source.toc
        if recorder.pages.get(title) != page
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else None)
    parser.add_argument("--source", type=Path, default=HERE / "weekly_report.txt", help="the report's text")
    parser.add_argument("--out", type=Path, default=HERE / "weekly_report.pdf", help="the PDF to write")
    args = parser.parse_args(argv)
    wrong = typeset(args.source, args.out)
    if wrong:
        print(f"{args.out}: the contents page does not match the layout; fix the page numbers in {args.source}:")
        print("\n".join(f"  {line}" for line in wrong))
        return 1
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
