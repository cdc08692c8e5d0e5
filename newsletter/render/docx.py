"""The Word edition (python-docx lives here).

The same Markdown tokens as the email become paragraphs of a document made
from reference.docx (house folder first, then the packaged one), so editors
change fonts, sizes and colours in Word, not in Python. Styles used:
Title, Heading 1-3, Normal, English (English paragraphs), Small Print (the
disclaimer), List Bullet / List Number. Chinese needs its own font slot
(w:eastAsia), or Word shows it in a fallback font or as boxes.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from typing import Any

import docx
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from newsletter.errors import RenderError
from newsletter.model import Issue
from newsletter.render import RenderContext, register, register_read_back
from newsletter.render.markdown import Block, Run, to_blocks
from newsletter.render.templates import template_asset

REFERENCE = "reference.docx"
EAST_ASIAN_FONT = "Microsoft YaHei"
LATIN_FONT = "Calibri"
ENGLISH_STYLE = "English"
SMALL_PRINT_STYLE = "Small Print"
HEADING_STYLES = {1: "Title", 2: "Heading 1", 3: "Heading 2"}  # Markdown level -> Word style; deeper: Heading 3
LIST_STYLES = {"bullet": "List Bullet", "ordered": "List Number"}
# Styles a reference.docx must define; the renderer refuses one that lacks them.
REQUIRED_STYLES = ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3", ENGLISH_STYLE, SMALL_PRINT_STYLE)


@register("briefing.docx")
def docx_file(context: RenderContext) -> bytes:
    document = _open_reference(template_asset(context.env, REFERENCE))
    _clear_body(document)
    style_ids = _StyleIds(document)
    for block in to_blocks(context.document or context.markdown):
        _add_block(block, style_ids)
    _set_properties(document, context.issue)
    return _save(document, context.issue.generated)


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
    of the DOCX's rendering time.
    """

    def __init__(self, document: Any) -> None:
        self.document = document
        self.ids: dict[str, str | None] = {}

    def paragraph(self, name: str) -> Any:
        if name not in self.ids:
            self.ids[name] = self.document.part.get_style_id(name, WD_STYLE_TYPE.PARAGRAPH)
        paragraph = self.document.add_paragraph()
        paragraph._p.style = self.ids[name]  # what Paragraph.style = name sets, without the lookup
        return paragraph


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


def _style_for(block: Block) -> str:
    if block.kind == "heading":
        return HEADING_STYLES.get(block.level, "Heading 3")
    if block.kind in LIST_STYLES:
        return LIST_STYLES[block.kind]
    if "small-print" in block.classes:
        return SMALL_PRINT_STYLE
    return ENGLISH_STYLE if block.english else "Normal"


def _add_run(paragraph: Any, run: Run) -> None:
    pieces = run.text.split("\n")
    for index, piece in enumerate(pieces):
        added = paragraph.add_run(piece)
        added.bold = run.bold or None
        added.italic = run.italic or None
        if run.code:
            added.font.name = "Consolas"
        if run.href:
            added.font.underline = True
        if index < len(pieces) - 1:
            added.add_break()


# --- tables and page breaks (the briefing's structure; the house style is the reference's) ---

TABLE_STYLE = "Table Grid"  # in python-docx's template and so in the packaged reference.docx


def _add_table(document: Any, block: Block) -> None:
    """A real Word table: the first row is the header (bold, repeated on each page)."""
    width = max(len(row) for row in block.rows)
    table = document.add_table(rows=len(block.rows), cols=width)
    if TABLE_STYLE in {style.name for style in document.styles}:
        table.style = document.styles[TABLE_STYLE]
    for row_index, row in enumerate(block.rows):
        for column, cell in enumerate(row):
            _fill_cell(table.cell(row_index, column), cell, header=row_index == 0)
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
    props.title = f"{issue.brand} · {issue.id}"
    props.subject = " / ".join(item.title.source for item in issue.items)
    props.author = issue.brand
    props.last_modified_by = issue.brand
    props.language = "zh-CN"
    props.keywords = issue.id
    props.revision = 1
    props.created = props.modified = _naive_utc(issue.generated)


def _naive_utc(moment: dt.datetime) -> dt.datetime:
    return moment.astimezone(dt.UTC).replace(tzinfo=None) if moment.tzinfo else moment


def _save(document: Any, when: dt.datetime) -> bytes:
    stream = io.BytesIO()
    document.save(stream)
    return _fix_zip_times(stream.getvalue(), when)


def _fix_zip_times(data: bytes, when: dt.datetime) -> bytes:
    """Re-pack with every entry dated `when`: zip entries otherwise carry now()."""
    stamp = _naive_utc(when).timetuple()[:6]
    stamp = max(stamp, (1980, 1, 1, 0, 0, 0))
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=stamp)
            entry.compress_type = zipfile.ZIP_DEFLATED
            target.writestr(entry, source.read(info.filename))
    return out.getvalue()


@register_read_back(".docx")
def read_back(data: bytes) -> list[str]:
    """The text of every paragraph (table cells included), as Word shows it."""
    document = docx.Document(io.BytesIO(data))
    texts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    return texts


def style_report(data: bytes) -> list[tuple[str, str]]:
    """(style name, text) of every paragraph: what tests and `check` inspect."""
    document = docx.Document(io.BytesIO(data))
    return [(paragraph.style.name if paragraph.style else "", paragraph.text) for paragraph in document.paragraphs]


def east_asian_font(data: bytes, style: str) -> str | None:
    """The w:eastAsia font a style names, if any."""
    document = docx.Document(io.BytesIO(data))
    fonts = document.styles[style].element.rPr
    found = None if fonts is None or fonts.rFonts is None else fonts.rFonts.get(qn("w:eastAsia"))
    return None if found is None else str(found)


# --- the packaged reference.docx ---------------------------------------------------


def make_reference_document(when: dt.datetime) -> bytes:
    """The packaged reference.docx: python-docx's template plus our styles.

    Run scripts/make_reference_docx.py to rebuild it; editors change fonts and
    colours by opening the file in Word and modifying the styles.
    """
    document = docx.Document()
    styles = document.styles
    _style_fonts(styles["Normal"], size=10.5)
    for name in ("Title", "Heading 1", "Heading 2", "Heading 3"):
        _style_fonts(styles[name])
    english = styles.add_style(ENGLISH_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    english.base_style = styles["Normal"]
    english.font.color.rgb = RGBColor(0x52, 0x60, 0x6D)
    small = styles.add_style(SMALL_PRINT_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    small.base_style = styles["Normal"]
    small.font.size = Pt(8)
    small.font.color.rgb = RGBColor(0x52, 0x60, 0x6D)
    _set_document_language(document)
    document.core_properties.title = "Newsletter reference styles"
    document.core_properties.created = document.core_properties.modified = _naive_utc(when)
    return _save(document, when)


def _style_fonts(style: Any, size: float | None = None) -> None:
    if size is not None:
        style.font.size = Pt(size)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for slot in ("ascii", "hAnsi", "cs"):
        _set_font_slot(fonts, slot, LATIN_FONT)
    _set_font_slot(fonts, "eastAsia", EAST_ASIAN_FONT)


def _set_font_slot(fonts: Any, slot: str, font: str) -> None:
    """Name a font for one slot; a theme font for the slot would win, so drop it."""
    fonts.set(qn(f"w:{slot}"), font)
    theme = qn(f"w:{slot}Theme")
    if theme in fonts.attrib:
        del fonts.attrib[theme]


def _set_document_language(document: Any) -> None:
    """Default run language: English for Latin text, Simplified Chinese for CJK."""
    defaults = document.styles.element.find(qn("w:docDefaults"))
    run_props = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    language = run_props.find(qn("w:lang"))
    if language is None:
        language = OxmlElement("w:lang")
        run_props.append(language)
    language.set(qn("w:val"), "en-US")
    language.set(qn("w:eastAsia"), "zh-CN")
