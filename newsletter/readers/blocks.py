"""The reader-neutral intermediate form: a stream of text blocks.

Every reader turns its input into `Block`s (one per paragraph, heading or
metadata line, in reading order); `structure.analyse` turns blocks into a
`Report`. Keeping this seam small lets the PDF and text readers share all of
the document logic, as pandoc's readers share its AST.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_CJK = r"\u2e80-\u2fdf\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_RE = re.compile(f"[{_CJK}]")


@dataclass(frozen=True)
class Block:
    text: str
    page: int
    size: float | None = None  # font size in points, when the reader knows it
    bold: bool = False
    region: str = "main"  # "main" or "sidebar"
    # Set by a reader that knows the layout (the PDF reader): the block's last
    # line ran to the column's right edge, so the paragraph may continue.
    open_end: bool | None = None


def is_cjk(char: str) -> bool:
    return bool(_CJK_RE.match(char))


_IDEOGRAPH_RE = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
# Punctuation that sits flush against CJK text, whatever the script beside it.
_FLUSH = "“”‘’—…·"
_ASCII_BESIDE_IDEOGRAPH = re.compile(
    r"(?P<tight>[!-~][\u4e00-\u9fff]|[\u4e00-\u9fff][!-~])|(?P<spaced>[!-~] [\u4e00-\u9fff]|[\u4e00-\u9fff] [!-~])"
)


def is_ideograph(char: str) -> bool:
    return bool(_IDEOGRAPH_RE.match(char))


def spaces_latin_and_cjk(texts: list[str]) -> bool:
    """Whether the document itself puts a space between Latin and CJK words.

    Many Chinese reports write "CPO 等" and "AI 芯片"; others "CPO等". A line
    break between the two must be joined the way the document writes them
    within its lines, so we ask the document.
    """
    tight = spaced = 0
    for text in texts:
        for match in _ASCII_BESIDE_IDEOGRAPH.finditer(text):
            if match["spaced"]:
                spaced += 1
            else:
                tight += 1
    return spaced > tight


def join_text(left: str, right: str, *, latin_cjk_space: bool = False) -> str:
    """Join two pieces of one paragraph the way the report printed them.

    A line break between CJK characters is no space at all, nor next to CJK
    or flush punctuation (，“”); between Latin words it is one space; between
    a Latin word and a CJK character it is one space when the document spaces
    them (`latin_cjk_space`); a soft hyphen at the end of a line disappears.
    """
    left, right = left.rstrip(), right.lstrip()
    if not left or not right:
        return left + right
    if left.endswith("-") and left[-2:-1].isalpha() and right[:1].islower():
        return left[:-1] + right
    last, first = left[-1], right[0]
    if is_ideograph(last) or is_ideograph(first):
        other = first if is_ideograph(last) else last
        spaced = latin_cjk_space and other.isascii() and not is_ideograph(other)
        return f"{left} {right}" if spaced else left + right
    if is_cjk(last) or is_cjk(first) or last in _FLUSH or first in _FLUSH:
        return left + right
    return f"{left} {right}"


def join_all(pieces: list[str], *, latin_cjk_space: bool = False) -> str:
    """`join_text` over many pieces in linear time: each join looks only at
    the ends of its two neighbours, never at the text joined so far."""
    parts: list[str] = []
    for piece in pieces:
        piece = piece.strip()
        if not piece:
            continue
        if not parts:
            parts.append(piece)
            continue
        tail = parts[-1][-2:]
        joined = join_text(tail, piece[:1], latin_cjk_space=latin_cjk_space)
        if joined == tail[:-1] + piece[:1]:  # a soft hyphen was dropped
            parts[-1] = parts[-1][:-1]
        elif joined.endswith(" " + piece[:1]):
            parts.append(" ")
        parts.append(piece)
    return "".join(parts)
