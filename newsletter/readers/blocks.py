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


def join_text(left: str, right: str) -> str:
    """Join two pieces of one paragraph the way the report printed them.

    A line break between CJK characters is no space at all; between Latin
    words it is one space; a soft hyphen at the end of a line disappears.
    """
    left, right = left.rstrip(), right.lstrip()
    if not left or not right:
        return left + right
    if left.endswith("-") and left[-2:-1].isalpha() and right[:1].islower():
        return left[:-1] + right
    if is_cjk(left[-1]) or is_cjk(right[0]):
        return left + right
    return f"{left} {right}"
