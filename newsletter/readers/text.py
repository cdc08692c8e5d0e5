"""Reader for reports already extracted to text.

Paragraphs are separated by blank lines. A page break in the original cuts
some paragraphs in two; those are joined back when the first half is long
prose that stops mid-sentence.
"""

from __future__ import annotations

from functools import reduce
from pathlib import Path

from newsletter.errors import ReadError
from newsletter.limits import read_limits
from newsletter.model import Report
from newsletter.readers.blocks import Block, join_text
from newsletter.readers.common import build_report, detect_language
from newsletter.readers.front import DATE_RE
from newsletter.readers.registry import register
from newsletter.readers.structure import ALL_MARKERS, heading_style, is_marker, normalise_heading, parse_toc_line

# Shorter pieces that stop mid-sentence are headings or sidebar lines, not
# the first half of a paragraph cut by a page break.
MIN_CUT_PARAGRAPH = 40


@register(".txt", ".text")
def read_text(path: Path) -> Report:
    raw = _decode(path)
    chunks = [chunk.strip() for chunk in raw.replace("\r\n", "\n").split("\n\n")]
    pieces = [piece for chunk in chunks if chunk for piece in _chunk_pieces(chunk)]
    blocks = [Block(text=piece, page=1) for piece in join_cut_paragraphs(pieces)]
    if not blocks:
        raise ReadError("the text file is empty", file=str(path))
    language = detect_language([b.text for b in blocks])
    return build_report(path, blocks, pages=1, language=language)


def join_cut_paragraphs(pieces: list[str]) -> list[str]:
    headings = {normalise_heading(entry.title) for entry in map(parse_toc_line, pieces) if entry}
    joined: list[str] = []
    for piece in pieces:
        # The first piece is the title: a page break cannot have cut it.
        if len(joined) > 1 and _is_cut(joined[-1], headings) and not _is_label(piece, headings):
            joined[-1] = join_text(joined[-1], piece)
        else:
            joined.append(piece)
    return joined


def _chunk_pieces(chunk: str) -> list[str]:
    """A chunk is one paragraph, except a table of contents: a line an entry."""
    lines = chunk.split("\n")
    if len(lines) > 1 and all(parse_toc_line(line) for line in lines):
        return lines
    return [reduce(join_text, lines)]


def _is_cut(piece: str, headings: set[str]) -> bool:
    """Prose that stops in the middle of a word: the page break cut it."""
    if not piece[-1].isalnum() or _is_label(piece, headings):
        return False
    return len(piece) >= MIN_CUT_PARAGRAPH or any(mark in piece for mark in "，、；：")


def _is_label(piece: str, headings: set[str]) -> bool:
    """Headings, markers and table-of-contents lines never continue prose."""
    return bool(
        parse_toc_line(piece)
        or heading_style(piece)
        or normalise_heading(piece) in headings
        or is_marker(piece, ALL_MARKERS)
        or DATE_RE.fullmatch(piece)
    )


def _decode(path: Path) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return _within_limits(_bounded_bytes(path).decode(encoding), path)
        except UnicodeDecodeError:
            continue
    raise ReadError("the text is neither UTF-8 nor GB18030", file=str(path))


def _bounded_bytes(path: Path) -> bytes:
    """At most what the character limit allows (4 bytes a character), so a huge
    or endless file (a device, a pipe) is refused without being read whole."""
    most = 4 * read_limits().document_chars
    with path.open("rb") as stream:
        data = stream.read(most + 1)
    if len(data) > most:
        raise ReadError(f"the text is larger than {most:,} bytes (limits.document_chars)", file=str(path))
    return data


def _within_limits(text: str, path: Path) -> str:
    limit = read_limits().document_chars
    if len(text) > limit:
        raise ReadError(f"the text has more than {limit:,} characters (limits.document_chars)", file=str(path))
    return text
