"""The Word edition (python-docx lives here).

The same Markdown tokens as the email become paragraphs of a document made
from reference.docx (house folder first, then the packaged one), so editors
change fonts, sizes, colours, paper and margins in Word, not in Python.
Styles used: Title, Heading 1-3, Normal, English (English paragraphs),
Risk Warning (the shaded risk block), Small Print (the disclaimer),
List Bullet / List Number, Header, Footer, Hyperlink (character style).
The running header and footer (brand and issue; page X of Y and the pointer
to the disclaimer) come from docx_header.txt.j2 and docx_footer.txt.j2.
Chinese needs its own font slot (w:eastAsia), or Word shows it in a fallback
font or as boxes; the font table tells Word and LibreOffice which fonts can
stand in (PingFang SC, Noto Sans CJK SC) and that they are Simplified Chinese.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from typing import Any
from xml.sax.saxutils import escape

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Pt, RGBColor

from newsletter.errors import RenderError
from newsletter.model import Chart, Issue
from newsletter.render.markdown import Block, Run, to_blocks
from newsletter.render.registry import RenderContext, register, register_paragraphs, register_read_back
from newsletter.render.templates import render_template, template_asset
from newsletter.untrusted import clean_text

REFERENCE = "reference.docx"
HEADER_TEMPLATE = "docx_header.txt.j2"
FOOTER_TEMPLATE = "docx_footer.txt.j2"
EAST_ASIAN_FONT = "Microsoft YaHei"
# Where Microsoft YaHei is missing: macOS, then Linux/LibreOffice. Word takes
# one font per slot; the font table's entries (charset GB2312) make the stand-in
# a Simplified Chinese face, not a Japanese one.
EAST_ASIAN_FALLBACKS = ("PingFang SC", "Noto Sans CJK SC")
LATIN_FONT = "Calibri"
CODE_FONT = "Consolas"
LATIN_FALLBACK = "Carlito"  # metric-compatible with Calibri; what LibreOffice uses in its place
ENGLISH_STYLE = "English"
SMALL_PRINT_STYLE = "Small Print"
RISK_STYLE = "Risk Warning"
CHART_STYLE = "Chart"  # the paragraph holding a chart's picture
CAPTION_STYLE = "Caption"
CHART_DPI = 150  # the resolution readers/charts.py renders at: pixels -> printed size
CHART_MAX_CM = 17.0  # the text width of A4 with 2 cm margins
HYPERLINK_STYLE = "Hyperlink"
# Styles a house reference.docx made before they existed may lack: stand-ins.
OPTIONAL_STYLES = {RISK_STYLE: "Normal", CHART_STYLE: "Normal", CAPTION_STYLE: "Normal"}
# {page} and {pages} in the footer template become Word fields.
_FIELDS = re.compile(r"\{(page|pages)\}")
_FIELD_CODES = {"page": "PAGE", "pages": "NUMPAGES"}
# Bare web addresses in the text become real links (stop at CJK punctuation and a closing mark).
_NOT_URL = '\\s<>"\u3000-\u303f\u4e00-\u9fff\uff00-\uffef'
_URL = re.compile(f"https?://[^{_NOT_URL}]{{1,2000}}[^{_NOT_URL}.,;:!?)\\]]")
HEADING_STYLES = {1: "Title", 2: "Heading 1", 3: "Heading 2"}  # Markdown level -> Word style; deeper: Heading 3
LIST_STYLES = {"bullet": "List Bullet", "ordered": "List Number"}
# Styles a reference.docx must define; the renderer refuses one that lacks them.
REQUIRED_STYLES = ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", ENGLISH_STYLE, SMALL_PRINT_STYLE)


@register("briefing.docx")
def docx_file(context: RenderContext) -> bytes:
    document = _open_reference(template_asset(context.env, REFERENCE))
    _clear_body(document)
    style_ids = _StyleIds(document)
    pictures = {chart.file: chart.chart for item in context.issue.items for chart in item.charts}
    for block in to_blocks(context.document or context.markdown):
        if block.kind == "image":
            _add_picture(block, pictures, style_ids)
        else:
            _add_block(block, style_ids)
    _set_furniture(document, _furniture(context, HEADER_TEMPLATE), _furniture(context, FOOTER_TEMPLATE))
    _set_properties(document, context.issue)
    return _save(document, context.issue.generated, _app_properties(context.issue))


def _open_reference(data: bytes) -> Any:
    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several kinds for a bad package
        raise RenderError(f"cannot open the Word reference document: {error}", file=REFERENCE) from error
    defined = {style.name for style in document.styles}
    missing = [name for name in REQUIRED_STYLES if name not in defined]
    if missing:
        raise RenderError(f"the Word reference document lacks the styles {', '.join(missing)}", file=REFERENCE)
    for name in REQUIRED_STYLES:
        _ensure_east_asian_font(document.styles[name])
    return document


def _clear_body(document: Any) -> None:
    """Drop any sample text of the reference; keep its page setup (sectPr)."""
    body = document.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)


class _StyleIds:
    """Style name -> style id, looked up once per document.

    python-docx resolves a style name by scanning every style of the
    reference (hundreds) on each paragraph; for a long briefing that was most
    of the DOCX's rendering time. A style an older house reference lacks
    (OPTIONAL_STYLES) falls back to its stand-in.
    """

    def __init__(self, document: Any) -> None:
        self.document = document
        self.ids: dict[str, str | None] = {}

    def paragraph(self, name: str) -> Any:
        if name not in self.ids:
            self.ids[name] = self._lookup(name)
        paragraph = self.document.add_paragraph()
        paragraph._p.style = self.ids[name]  # what Paragraph.style = name sets, without the lookup
        return paragraph

    def _lookup(self, name: str) -> str | None:
        try:
            found: str | None = self.document.part.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)
        except KeyError:
            found = self.document.part.get_style_id(OPTIONAL_STYLES.get(name, "Normal"), WD_STYLE_TYPE.PARAGRAPH)
        return found


def _add_block(block: Block, style_ids: _StyleIds) -> None:
    if block.kind == "rule":
        _add_rule(style_ids.paragraph("Normal"))
        return
    if block.kind == "page-break":
        _add_page_break(style_ids.document)
        return
    if block.kind == "table":
        _add_table(style_ids.document, block)
        return
    paragraph = style_ids.paragraph(_style_for(block))
    for run in block.runs:
        _add_run(paragraph, run)


def _add_picture(block: Block, pictures: dict[str, Chart], style_ids: _StyleIds) -> None:
    """A chart, centred, at its printed size (at most the text width), with its alt text."""
    chart = pictures.get(block.src or "")
    if chart is None:  # a picture the issue does not hold: its alt text, as the email would show
        _add_block(Block("paragraph", runs=block.runs, classes=block.classes), style_ids)
        return
    paragraph = style_ids.paragraph(CHART_STYLE)
    width = min(Cm(CHART_MAX_CM), Cm(chart.width / CHART_DPI * 2.54))
    paragraph.add_run().add_picture(io.BytesIO(chart.png), width=width)
    for properties in paragraph._p.iter(qn("wp:docPr")):
        properties.set("descr", clean_text(block.text))


def _style_for(block: Block) -> str:
    if block.kind == "heading":
        return HEADING_STYLES.get(block.level, "Heading 3")
    if block.kind in LIST_STYLES:
        return LIST_STYLES[block.kind]
    if "small-print" in block.classes:
        return SMALL_PRINT_STYLE
    if "risks" in block.classes:
        return RISK_STYLE
    if "chart" in block.classes:
        return CAPTION_STYLE
    return ENGLISH_STYLE if block.english else "Normal"


def _add_run(paragraph: Any, run: Run) -> None:
    pieces = clean_text(run.text).split("\n")  # lxml refuses control characters
    for index, piece in enumerate(pieces):
        for text, href in _links(piece, run.href):
            added = paragraph.add_run(text) if href is None else _add_hyperlink(paragraph, text, href)
            added.bold = run.bold or None
            added.italic = run.italic or None
            if run.code:
                added.font.name = CODE_FONT
        if index < len(pieces) - 1:
            paragraph.add_run().add_break()


def _links(text: str, href: str | None) -> Iterator[tuple[str, str | None]]:
    """Pieces of a run's text with the address each links to: the run's own, or a bare URL's."""
    if href is not None:
        yield text, href if _safe_link(href) else None
        return
    at = 0
    for match in _URL.finditer(text):
        if match.start() > at:
            yield text[at : match.start()], None
        yield match.group(), match.group()
        at = match.end()
    if at < len(text) or not text:
        yield text[at:], None


def _safe_link(href: str) -> bool:
    return href.startswith(("https://", "http://", "mailto:")) and len(href) <= 2048 and not re.search(r"\s", href)


def _add_hyperlink(paragraph: Any, text: str, href: str) -> Any:
    """A real Word hyperlink (w:hyperlink to an external relationship) holding one run."""
    rel_id = paragraph.part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), rel_id)
    link.set(qn("w:history"), "1")
    paragraph._p.append(link)
    run = paragraph.add_run(text)
    link.append(run._r)  # moved from the paragraph into the link
    try:
        run.style = HYPERLINK_STYLE
    except KeyError:  # a house reference without the style: its look, set directly
        run.font.underline = True
        run.font.color.rgb = RGBColor(0x0B, 0x6A, 0xA2)
    return run


# --- header and footer ------------------------------------------------------------


def _furniture(context: RenderContext, template: str) -> list[str]:
    """The lines of the running header or footer, from its template (edition "both")."""
    text = render_template(context.env, template, issue=context.issue, edition="both")
    return [line.strip() for line in text.splitlines() if line.strip()]


def _set_furniture(document: Any, header: list[str], footer: list[str]) -> None:
    """The same header and footer on every page of every section."""
    for section in document.sections:
        _fill(section.header, header, "Header")
        _fill(section.footer, footer, "Footer")


def _fill(part: Any, lines: list[str], style: str) -> None:
    part.is_linked_to_previous = False
    container = part._element
    for paragraph in list(container):
        container.remove(paragraph)
    for line in lines:
        try:
            paragraph = part.add_paragraph(style=style)
        except KeyError:  # a house reference without Header/Footer styles
            paragraph = part.add_paragraph()
        _add_with_fields(paragraph, line)


def _add_with_fields(paragraph: Any, line: str) -> None:
    """Text with {page} and {pages} as Word fields, which Word and LibreOffice fill in per page."""
    at = 0
    for match in _FIELDS.finditer(line):
        if match.start() > at:
            paragraph.add_run(line[at : match.start()])
        paragraph._p.append(_field(_FIELD_CODES[match.group(1)]))
        at = match.end()
    if at < len(line):
        paragraph.add_run(line[at:])


def _field(code: str) -> Any:
    return parse_xml(f'<w:fldSimple {nsdecls("w")} w:instr=" {code} "><w:r><w:t>1</w:t></w:r></w:fldSimple>')


# --- tables and page breaks (the briefing's structure; the house style is the reference's) ---

TABLE_STYLE = "Table Grid"  # in python-docx's template and so in the packaged reference.docx


def _add_table(document: Any, block: Block) -> None:
    """A real Word table: the first row is the header (bold, repeated on each page)."""
    width = max(len(row) for row in block.rows)
    table = document.add_table(rows=len(block.rows), cols=width)
    if TABLE_STYLE in {style.name for style in document.styles}:
        table.style = document.styles[TABLE_STYLE]
    # table.cell(r, c) lays out the whole grid on every call; a row's cells once each is linear
    for row_index, (row, word_row) in enumerate(zip(block.rows, table.rows, strict=True)):
        for cell, word_cell in zip(row, word_row.cells, strict=False):
            _fill_cell(word_cell, cell, header=row_index == 0)
    _repeat_header(table.rows[0])
    document.add_paragraph()  # Word joins two tables that touch; a paragraph keeps them apart


def _fill_cell(cell: Any, runs: tuple[Run, ...], header: bool) -> None:
    paragraph = cell.paragraphs[0]
    for run in runs:
        _add_run(paragraph, Run(run.text, run.bold or header, run.italic, run.code, run.href))


def _repeat_header(row: Any) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


def _add_page_break(document: Any) -> None:
    """Each report starts on a new page."""
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _add_rule(paragraph: Any) -> None:
    """A horizontal line: a bottom border on an empty paragraph, as Word draws it."""
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "BCCCDC")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().append(borders)


def _ensure_east_asian_font(style: Any, font: str = EAST_ASIAN_FONT) -> None:
    """Give the style a Chinese font unless the reference already names one."""
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    if not fonts.get(qn("w:eastAsia")):
        _set_font_slot(fonts, "eastAsia", font)


def _set_properties(document: Any, issue: Issue) -> None:
    """Core properties from the issue, never from the clock: same input, same file."""
    props = document.core_properties
    brand = clean_text(issue.brand).replace("\n", " ")
    props.title = f"{brand} · {issue.id}"
    props.subject = clean_text(" / ".join(item.title.source for item in issue.items)).replace("\n", " ")
    props.author = brand
    props.last_modified_by = brand
    props.language = "zh-CN"
    props.keywords = issue.id
    props.comments = ""  # the packaged template's says "generated by python-docx"
    props.category = issue.id
    props.revision = 1
    props.created = props.modified = _naive_utc(issue.generated)


def _app_properties(issue: Issue) -> bytes:
    """docProps/app.xml naming us and the brand, not the program that made the reference."""
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
        f"<Application>newsletter</Application><Company>{escape(issue.brand)}</Company>"
        "<DocSecurity>0</DocSecurity><LinksUpToDate>false</LinksUpToDate></Properties>\n"
    ).encode()


def _naive_utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _save(document: Any, when: dt.datetime, app: bytes | None = None) -> bytes:
    stream = io.BytesIO()
    document.save(stream)
    return _repack(stream.getvalue(), when, {"docProps/app.xml": app} if app else {})


def _repack(data: bytes, when: dt.datetime, replace: dict[str, bytes]) -> bytes:
    """Re-pack with every entry dated `when` (zip entries otherwise carry now()), some replaced."""
    stamp = _naive_utc(when).timetuple()[:6]
    stamp = max(stamp, (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, replace.get(info.filename) or source.read(info.filename))
    return out.getvalue()


@functools.lru_cache(maxsize=8)
def _opened(data: bytes) -> Any:
    """One parse per output: `check` reads each DOCX several times (readable, compliance, preflight).

    Only the two read-backs below share it, and they only look: nothing may change it.
    """
    return docx.Document(io.BytesIO(data))


@register_read_back(".docx")
def read_back(data: bytes) -> list[str]:
    """The text of every paragraph (table cells included), as Word shows it."""
    document = _opened(data)
    texts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return texts


@register_paragraphs(".docx")
def paragraph_texts(data: bytes) -> list[str]:
    """The text of every body paragraph that is neither a heading, a list item nor code."""
    document = _opened(data)
    structure = (*HEADING_STYLES.values(), "Heading 3", *LIST_STYLES.values())
    names = _style_names(document)
    return [
        paragraph.text
        for paragraph in document.paragraphs
        if names(paragraph) not in structure and not any(run.font.name == CODE_FONT for run in paragraph.runs)
    ]


def _style_names(document: Any) -> Callable[[Any], str]:
    """A paragraph's style name by its style id: Paragraph.style searches the styles part on every call."""
    by_id = {style.style_id: style.name for style in document.styles}
    default = document.styles.default(WD_STYLE_TYPE.PARAGRAPH)
    fallback = default.name if default is not None else ""
    return lambda paragraph: by_id.get(paragraph._p.style, fallback) if paragraph._p.style else fallback


def style_report(data: bytes) -> list[tuple[str, str]]:
    """(style name, text) of every paragraph: what tests and `check` inspect."""
    document = docx.Document(io.BytesIO(data))
    names = _style_names(document)
    return [(names(paragraph), paragraph.text) for paragraph in document.paragraphs]


def page_setup(data: bytes) -> tuple[float, float, tuple[float, ...]]:
    """Paper width and height and the margins (top, right, bottom, left), in cm (0 where unset)."""
    section = docx.Document(io.BytesIO(data)).sections[0]
    lengths = (section.top_margin, section.right_margin, section.bottom_margin, section.left_margin)
    margins = tuple(length.cm if length is not None else 0.0 for length in lengths)
    width, height = (length.cm if length is not None else 0.0 for length in (section.page_width, section.page_height))
    return width, height, margins


def furniture(data: bytes) -> tuple[list[str], list[str]]:
    """The header's and the footer's paragraphs, with each field shown as {CODE}."""
    section = docx.Document(io.BytesIO(data)).sections[0]
    return _part_lines(section.header._element), _part_lines(section.footer._element)


def _part_lines(container: Any) -> list[str]:
    lines = []
    for paragraph in container.iter(qn("w:p")):
        pieces = []
        for node in paragraph.iter(qn("w:t"), qn("w:fldSimple")):
            if node.tag == qn("w:fldSimple"):
                pieces.append("{" + node.get(qn("w:instr")).strip() + "}")
            elif node.getparent().getparent().tag != qn("w:fldSimple"):
                pieces.append(node.text or "")
        lines.append("".join(pieces))
    return lines


def hyperlinks(data: bytes) -> list[tuple[str, str]]:
    """(text, address) of every real Word hyperlink of the body."""
    document = docx.Document(io.BytesIO(data))
    found = []
    for link in document.element.body.iter(qn("w:hyperlink")):
        text = "".join(node.text or "" for node in link.iter(qn("w:t")))
        found.append((text, document.part.rels[link.get(qn("r:id"))].target_ref))
    return found


def east_asian_font(data: bytes, style: str) -> str | None:
    """The w:eastAsia font a style names, if any."""
    document = docx.Document(io.BytesIO(data))
    fonts = document.styles[style].element.rPr
    found = None if fonts is None or fonts.rFonts is None else fonts.rFonts.get(qn("w:eastAsia"))
    return None if found is None else str(found)


# --- the packaged reference.docx ---------------------------------------------------


def make_reference_document(when: dt.datetime) -> bytes:
    """The packaged reference.docx: python-docx's template plus the house style.

    Run scripts/make_reference_docx.py to rebuild it; editors change fonts,
    colours, paper and margins by opening the file in Word and modifying the
    styles and the page setup.
    """
    document = docx.Document()
    _page_setup(document.sections[0])
    styles = document.styles
    _style_fonts(styles["Normal"], size=10.5, color=INK)
    _set_default_fonts(document)
    for name, (size, color) in _HEADINGS.items():
        _style_fonts(styles[name], size=size, color=color)
    _title_rule(styles["Title"])
    _add_paragraph_style(styles, ENGLISH_STYLE, latin_first=True).font.color.rgb = MUTED
    small = _add_paragraph_style(styles, SMALL_PRINT_STYLE)
    small.font.size = Pt(8)
    small.font.color.rgb = MUTED
    _risk_style(_add_paragraph_style(styles, RISK_STYLE))
    _chart_styles(styles)
    for name in ("Header", "Footer"):
        _style_fonts(styles[name], size=8, color=MUTED)
    _hyperlink_style(styles)
    _set_document_language(document)
    _declare_fonts(document)
    document.core_properties.title = "Newsletter reference styles"
    document.core_properties.comments = ""
    document.core_properties.created = document.core_properties.modified = _naive_utc(when)
    return _save(document, when)


NAVY = RGBColor(0x0B, 0x3D, 0x5C)  # the email's heading colour
INK = RGBColor(0x1F, 0x29, 0x33)
MUTED = RGBColor(0x52, 0x60, 0x6D)
RISK_INK = RGBColor(0x7B, 0x34, 0x1E)
RISK_FILL = "FDF3EC"
_HEADINGS = {"Title": (20, NAVY), "Heading 1": (15, NAVY), "Heading 2": (13, NAVY), "Heading 3": (11, MUTED)}


def _page_setup(section: Any) -> None:
    """A4 portrait, 2 cm margins, header and footer 1 cm from the edge."""
    section.page_width, section.page_height = Cm(21), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2)
    section.top_margin = section.bottom_margin = Cm(2.2)
    section.header_distance = section.footer_distance = Cm(1)


def _add_paragraph_style(styles: Any, name: str, latin_first: bool = False) -> Any:
    style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
    style.base_style = styles["Normal"]
    style.quick_style = True
    if latin_first:
        _style_fonts(style)
    return style


def _risk_style(style: Any) -> None:
    """Risk warnings set apart: shaded, with a rule down the left, indented from the text."""
    style.font.color.rgb = RISK_INK
    style.paragraph_format.left_indent = Cm(0.3)
    style.paragraph_format.right_indent = Cm(0.3)
    properties = style.element.get_or_add_pPr()
    properties.append(
        parse_xml(
            f"<w:pBdr {nsdecls('w')}>"
            f'<w:left w:val="single" w:sz="24" w:space="8" w:color="{RISK_INK}"/>'
            f'<w:top w:val="single" w:sz="4" w:space="4" w:color="{RISK_FILL}"/>'
            f'<w:bottom w:val="single" w:sz="4" w:space="4" w:color="{RISK_FILL}"/>'
            "</w:pBdr>"
        )
    )
    properties.append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="{RISK_FILL}"/>'))


def _chart_styles(styles: Any) -> None:
    """Charts centred and kept with their caption; captions small, muted and centred."""
    chart = _add_paragraph_style(styles, CHART_STYLE)
    chart.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    chart.paragraph_format.keep_with_next = True
    chart.paragraph_format.space_before = Pt(8)
    caption = styles[CAPTION_STYLE]
    _style_fonts(caption, size=9, color=MUTED)
    caption.font.bold = False
    caption.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _title_rule(style: Any) -> None:
    """The Title's rule under it in navy, not the template's theme blue."""
    for bottom in style.element.iter(qn("w:bottom")):
        bottom.set(qn("w:color"), str(NAVY))
        bottom.attrib.pop(qn("w:themeColor"), None)


def _hyperlink_style(styles: Any) -> None:
    link = styles.add_style(HYPERLINK_STYLE, WD_STYLE_TYPE.CHARACTER)
    link.font.color.rgb = RGBColor(0x0B, 0x6A, 0xA2)
    link.font.underline = True
    link.unhide_when_used = True


def _style_fonts(style: Any, size: float | None = None, color: RGBColor | None = None) -> None:
    if size is not None:
        style.font.size = Pt(size)
    if color is not None:
        style.font.color.rgb = color
    _name_fonts(style.element.get_or_add_rPr().get_or_add_rFonts())


def _name_fonts(fonts: Any) -> None:
    for slot in ("ascii", "hAnsi", "cs"):
        _set_font_slot(fonts, slot, LATIN_FONT)
    _set_font_slot(fonts, "eastAsia", EAST_ASIAN_FONT)


def _default_run_properties(document: Any) -> Any:
    defaults = document.styles.element.find(qn("w:docDefaults"))
    return defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))


def _set_default_fonts(document: Any) -> None:
    """Runs without a style (and styles we do not set) get our fonts, not the theme's."""
    _name_fonts(_default_run_properties(document).get_or_add_rFonts())


def _declare_fonts(document: Any) -> None:
    """Font table entries: Word and LibreOffice pick a stand-in of the same script and kind.

    charset 86 is GB2312: a missing Microsoft YaHei is replaced by a Simplified
    Chinese font (PingFang SC on a Mac, Noto Sans CJK SC on Linux), not by
    whatever CJK face comes first (often a Japanese one).
    """
    part = _font_table(document)
    table = parse_xml(part.blob)
    for name in (font for font in table.findall(qn("w:font")) if font.get(qn("w:name")) in _FONT_ENTRIES):
        table.remove(name)
    for name, (alternative, charset, family) in _FONT_ENTRIES.items():
        table.append(
            parse_xml(
                f'<w:font {nsdecls("w")} w:name="{name}"><w:altName w:val="{alternative}"/>'
                f'<w:charset w:val="{charset}"/><w:family w:val="{family}"/><w:pitch w:val="variable"/></w:font>'
            )
        )
    part._blob = _xml_bytes(table)


_FONT_ENTRIES = {
    EAST_ASIAN_FONT: (EAST_ASIAN_FALLBACKS[0], "86", "swiss"),
    **{font: (EAST_ASIAN_FONT, "86", "swiss") for font in EAST_ASIAN_FALLBACKS},
    LATIN_FONT: (LATIN_FALLBACK, "00", "swiss"),
}


def _font_table(document: Any) -> Any:
    for rel in document.part.rels.values():
        if rel.reltype == RELATIONSHIP_TYPE.FONT_TABLE:
            return rel.target_part
    raise RenderError("python-docx's template has no font table", file=REFERENCE)


def _xml_bytes(element: Any) -> bytes:
    from docx.oxml.xmlchemy import serialize_for_reading

    text: str = serialize_for_reading(element)
    return ("<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n" + text).encode()


def _set_font_slot(fonts: Any, slot: str, font: str) -> None:
    """Name a font for one slot; a theme font for the slot would win, so drop it."""
    fonts.set(qn(f"w:{slot}"), font)
    theme = qn(f"w:{slot}Theme")
    if theme in fonts.attrib:
        del fonts.attrib[theme]


def _set_document_language(document: Any) -> None:
    """Default run language: English for Latin text, Simplified Chinese for CJK."""
    run_props = _default_run_properties(document)
    language = run_props.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_props.append(language)
    language.set(qn("w:val"), "en-US")
    language.set(qn("w:eastAsia"), "zh-CN")
