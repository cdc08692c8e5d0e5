"""The stages that read figures do work linear in the length of a paragraph: counted, not timed.

Each stage (the cases of bench/bench_figures.py) runs under a tracer that counts the lines of our own code it
executes, on one paragraph of N and one of 4N characters. Linear work runs
about 4x the lines at 4N; rescanning the paragraph (or the figures found so
far) for each figure, the bug that kept a 577,000-character paragraph busy
for minutes, runs 8x to 16x. The count does not depend on the machine's load.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import FrameType
from typing import Any

import pytest

import newsletter
from bench.bench_figures import CASES, paragraph
from newsletter.figures.extract import paragraph_figures

N = 4000
# Per character, the 4N paragraph may cost at most this much more than the N one.
MAX_GROWTH = 1.15


def lines_run(work: Callable[[], object]) -> int:
    """How many lines of the newsletter package `work` executes."""
    ours = str(Path(newsletter.__file__).parent)
    count = 0

    def count_lines(frame: FrameType, event: str, arg: Any) -> Any:
        nonlocal count
        count += event == "line"
        return count_lines

    def trace_ours(frame: FrameType, event: str, arg: Any) -> Any:
        return count_lines if frame.f_code.co_filename.startswith(ours) else None

    previous = sys.gettrace()
    sys.settrace(trace_ours)
    try:
        work()
    finally:
        sys.settrace(previous)
    return count


@pytest.mark.parametrize("stage", CASES)
def test_work_grows_linearly_with_the_paragraph(stage: str) -> None:
    small, big = len(paragraph(N)), len(paragraph(4 * N))
    per_char_small = lines_run(CASES[stage](N)) / small
    per_char_big = lines_run(CASES[stage](4 * N)) / big
    assert per_char_big <= MAX_GROWTH * per_char_small, f"{per_char_big / per_char_small:.2f}x the work per character"


def test_a_text_without_sentence_ends_is_cut_at_clause_breaks() -> None:
    """A table flattened into one line: each figure's sentence is a piece of it, not all of it."""
    text = paragraph(5000, sentence_ends=False)
    figures = paragraph_figures(text)
    assert len(figures) > 100
    assert all(0 < len(figure.sentence) <= 1000 and figure.sentence in text for figure in figures)
    assert all(figure.text in figure.sentence for figure in figures)
    assert {figure.sentence[-1] for figure in figures} <= {"，", "、", "：", text[-1]}
