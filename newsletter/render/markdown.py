"""The Markdown edition and its tokens (markdown-it-py lives here).

The content template renders to Markdown; this module turns that Markdown
into what the other formats need: an HTML fragment for the email, a flat
list of `Block`s for the DOCX, and the plain text of every block for the
compliance read-back. Nothing else imports markdown-it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from newsletter.model import Bilingual, Issue, TranslationState
from newsletter.render.formatting import FILTERS
from newsletter.render.registry import RenderContext, register, register_paragraphs, register_read_back
from newsletter.render.templates import Environment, render_template
from newsletter.untrusted import clean_text

CONTENT_TEMPLATE = "briefing.md.j2"

# Characters that are Markdown syntax anywhere in a line, and those that are
# syntax only where a line starts (lists, quotes, setext rules, fences).
_ANYWHERE = re.compile(r"([\\`*_\[\]<>&#|])")
_LINE_START = re.compile(r"^([-+=~|])", re.MULTILINE)
_ORDERED_ITEM = re.compile(r"^(\d{1,9})([.)])", re.MULTILINE)
_BLANK_LINES = re.compile(r"\n{3,}")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f]")
_DIV_OPEN = re.compile(r"<div\s+class=\"([\w -]+)\"\s*>", re.IGNORECASE)
_DIV_CLOSE = re.compile(r"</div\s*>", re.IGNORECASE)
_PAGE_BREAK = re.compile(r"<div\s+class=\"page-break\"\s*>\s*</div\s*>", re.IGNORECASE)


def md_escape(text: str) -> str:
    """Escape Markdown syntax so the text renders back exactly as given, as inline text.

    Untrusted text must never become structure: every kind of line break
    becomes "\\n", blank lines and the indentation of each line go (a blank
    line would end the block the template opened, an indent would make
    code), and whatever could start a block at the start of a line is escaped.
    """
    lines = (line.lstrip(" \t") for line in clean_text(text).split("\n"))
    escaped = _ANYWHERE.sub(r"\\\1", "\n".join(line for line in lines if line))
    escaped = _LINE_START.sub(r"\\\1", escaped)
    return _ORDERED_ITEM.sub(r"\1\\\2", escaped)


def md_cell(text: str) -> str:
    """A table cell: on one line (a line break would end the row); inside a row no
    line starts, so only the characters that are syntax anywhere are escaped."""
    return _ANYWHERE.sub(r"\\\1", " ".join(str(text).split()))


def english(segment: Bilingual, marker: str, review_marker: str = "[needs review]", approved_only: bool = False) -> str:
    """The English of a segment, or the pending marker: never blank.

    An unreviewed (fuzzy) translation is shown after the review marker.
    Compliance text asks `approved_only`: a draft of a legal text must not
    reach clients as if it were the approved wording, so it shows the marker.
    """
    if segment.target is None or (approved_only and segment.state is not TranslationState.APPROVED):
        return marker
    return f"{review_marker} {segment.target}" if segment.state is TranslationState.FUZZY else segment.target


def is_english(text: str) -> bool:
    """A paragraph with no Chinese characters is an English one (styled so)."""
    return _CJK.search(text) is None


def content_filters(issue: Issue) -> dict[str, object]:
    return {
        **FILTERS,
        "md": md_escape,
        "cell": md_cell,
        "en": lambda seg, approved_only=False: english(seg, issue.pending_marker, issue.review_marker, approved_only),
    }


def render_markdown(issue: Issue, env: Environment, edition: str = "both", depth: str = "full") -> str:
    """The content template for one edition ("both", "zh" or "en") at one depth ("card" or "full")."""
    text = render_template(env, CONTENT_TEMPLATE, issue=issue, edition=edition, depth=depth)
    return tidy(text)


def tidy(text: str) -> str:
    """At most one blank line in a row and one final newline, so templates
    can be laid out for reading without changing the output."""
    lines = [line.rstrip(" \t") for line in text.split("\n")]
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip("\n") + "\n"


@register("briefing.md")
def markdown_file(context: RenderContext) -> bytes:
    return context.markdown.encode()


# --- tokens -----------------------------------------------------------------


@cache
def _parser() -> MarkdownIt:
    # CommonMark with raw HTML, so a template can wrap parts in
    # <div class="..."> to give them a style in the email and the DOCX.
    # Pipe tables (GFM) for the key figures and the reports' own tables.
    return MarkdownIt("commonmark", {"html": True}).enable("table")


def to_html(markdown: str) -> str:
    """The HTML fragment of the Markdown; English paragraphs get lang="en"."""
    parser = _parser()
    tokens = parser.parse(markdown)
    for index, token in enumerate(tokens):
        if token.type in ("paragraph_open", "heading_open") and is_english(tokens[index + 1].content):
            token.attrSet("lang", "en")
            if token.type == "paragraph_open":
                token.attrSet("class", "en")
    return str(parser.renderer.render(tokens, parser.options, {}))


@dataclass(frozen=True)
class Run:
    """A stretch of inline text with one formatting."""

    text: str
    bold: bool = False
    italic: bool = False
    code: bool = False
    href: str | None = None


@dataclass(frozen=True)
class Block:
    """One paragraph-like thing of the briefing, as the DOCX writes it.

    `kind` is "heading" (with `level` 1-6), "paragraph", "bullet" or
    "ordered" (with `level` the list depth), "rule", "page-break", "image"
    (a paragraph that is one picture: `src` its file, the runs its alt text)
    or "table" (with `rows`: rows of cells, each cell its runs; the first row
    is the header); `classes` are the names of the <div class="..."> the
    block stands in.
    """

    kind: str
    level: int = 0
    runs: tuple[Run, ...] = ()
    classes: tuple[str, ...] = field(default=())
    rows: tuple[tuple[tuple[Run, ...], ...], ...] = ()
    src: str | None = None

    @property
    def text(self) -> str:
        if self.kind == "table":
            return "\n".join("".join(run.text for run in cell) for row in self.rows for cell in row)
        return "".join(run.text for run in self.runs)

    @property
    def english(self) -> bool:
        return is_english(self.text)


def to_blocks(markdown: str) -> list[Block]:
    return list(_blocks(_parser().parse(markdown)))


def _blocks(tokens: Sequence[Token]) -> Iterator[Block]:
    classes: list[str] = []
    lists: list[str] = []
    kind, level = "paragraph", 0
    table: list[list[tuple[Run, ...]]] | None = None
    for token in tokens:
        if table is not None and token.type == "table_close":
            yield Block("table", rows=tuple(tuple(row) for row in table), classes=tuple(classes))
            table = None
        elif table is not None:
            _table_token(token, table)
        elif token.type == "table_open":
            table = []
        elif token.type == "html_block" and _PAGE_BREAK.search(token.content):
            yield Block("page-break", classes=tuple(classes))
        elif token.type == "html_block":
            _track_divs(token.content, classes)
        elif token.type in ("bullet_list_open", "ordered_list_open"):
            lists.append("bullet" if token.type == "bullet_list_open" else "ordered")
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            lists.pop()
        elif token.type == "heading_open":
            kind, level = "heading", int(token.tag[1])
        elif token.type == "paragraph_open":
            kind, level = (lists[-1], len(lists)) if lists else ("paragraph", 0)
        elif token.type == "hr":
            yield Block("rule", classes=tuple(classes))
        elif token.type in ("inline", "code_block", "fence"):
            runs = _runs(token.children or []) if token.type == "inline" else (Run(token.content, code=True),)
            src = _picture(token) if token.type == "inline" else None
            yield Block("image" if src else kind, level, runs, tuple(classes), src=src)


def _picture(token: Token) -> str | None:
    """The src of a paragraph that is one image and nothing else."""
    children = [child for child in token.children or [] if child.type != "softbreak"]
    if len(children) == 1 and children[0].type == "image":
        return str(children[0].attrGet("src") or "") or None
    return None


def _table_token(token: Token, table: list[list[tuple[Run, ...]]]) -> None:
    """Collect the rows of a table, cell by cell (an empty cell keeps its place)."""
    if token.type == "tr_open":
        table.append([])
    elif token.type == "inline" and table:
        table[-1].append(_runs(token.children or []))


def _track_divs(html: str, classes: list[str]) -> None:
    for match in re.finditer(f"{_DIV_OPEN.pattern}|{_DIV_CLOSE.pattern}", html, re.IGNORECASE):
        if match.group(1):
            classes.append(match.group(1).strip())
        elif classes:
            classes.pop()


def _runs(children: Sequence[Token]) -> tuple[Run, ...]:
    runs: list[Run] = []
    bold = italic = 0
    href: str | None = None
    for child in children:
        if child.type in ("strong_open", "strong_close"):
            bold += 1 if child.type == "strong_open" else -1
        elif child.type in ("em_open", "em_close"):
            italic += 1 if child.type == "em_open" else -1
        elif child.type in ("link_open", "link_close"):
            href = str(child.attrGet("href")) if child.type == "link_open" else None
        elif child.type in ("text", "code_inline", "softbreak", "hardbreak", "image"):
            text = "\n" if child.type in ("softbreak", "hardbreak") else child.content
            if text:
                runs.append(Run(text, bold > 0, italic > 0, child.type == "code_inline", href))
    return tuple(runs)


@register_read_back(".md")
def read_back(data: bytes) -> list[str]:
    """The text of every block, as a reader of the rendered Markdown sees it."""
    texts: list[str] = []
    for block in to_blocks(data.decode()):
        texts += [_cell_text(cell) for row in block.rows for cell in row] if block.kind == "table" else [block.text]
    return texts


def _cell_text(cell: tuple[Run, ...]) -> str:
    return "".join(run.text for run in cell)


@register_paragraphs(".md")
def paragraph_texts(data: bytes) -> list[str]:
    """The text of every paragraph outside lists and quotes (headings and code are not paragraphs)."""
    tokens = _parser().parse(data.decode())
    texts, nested = [], 0
    for index, token in enumerate(tokens):
        if token.type in ("list_item_open", "blockquote_open"):
            nested += 1
        elif token.type in ("list_item_close", "blockquote_close"):
            nested -= 1
        elif token.type == "paragraph_open" and not nested:
            texts.append("".join(run.text for run in _runs(tokens[index + 1].children or [])))
    return texts
