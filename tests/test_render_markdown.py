"""Markdown escaping and tokens: text must come back out exactly as it went in."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from newsletter.model import Bilingual, TranslationState
from newsletter.render.markdown import english, md_escape, read_back, tidy, to_blocks

# One-line text as the readers produce it: no control characters, no
# surrounding spaces (Markdown trims those, and readers strip them too).
LINE = st.text(
    st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp"), blacklist_characters="\u0085"),
    min_size=1,
    max_size=60,
).filter(lambda s: s == s.strip() and s.strip())


@settings(deadline=None)  # a busy CI machine must not make this flaky
@given(LINE)
def test_escaped_paragraph_reads_back_exactly(text: str) -> None:
    assert read_back(md_escape(text).encode()) == [text]


@settings(deadline=None)
@given(LINE)
def test_escaped_heading_and_list_item_read_back_exactly(text: str) -> None:
    assert read_back(f"## {md_escape(text)}\n\n- {md_escape(text)}\n".encode()) == [text, text]


def test_markdown_lookalikes_stay_text() -> None:
    for text in [
        "1. 不是列表",
        "- 不是列表",
        "# 不是标题",
        "> 不是引用",
        "PE_TTM <25 倍",
        "AT&T &copy;",
        "[18, 22]",
        "***",
    ]:
        assert read_back(md_escape(text).encode()) == [text]


def test_blocks_know_their_kind_classes_and_language() -> None:
    markdown = '# Title\n\n中文段落\n\nEnglish paragraph\n\n<div class="small-print">\n\n声明\n\n</div>\n\n- item\n'
    blocks = to_blocks(markdown)
    assert [(b.kind, b.level, b.text, b.classes, b.english) for b in blocks] == [
        ("heading", 1, "Title", (), True),
        ("paragraph", 0, "中文段落", (), False),
        ("paragraph", 0, "English paragraph", (), True),
        ("paragraph", 0, "声明", ("small-print",), False),
        ("bullet", 1, "item", (), True),
    ]


def test_bold_runs_are_kept() -> None:
    (block,) = to_blocks("**行业动态** 本周\n")
    assert [(run.text, run.bold) for run in block.runs] == [("行业动态", True), (" 本周", False)]


def test_missing_or_unapproved_english_shows_the_marker() -> None:
    missing = Bilingual("免责", None)
    draft = Bilingual("免责", "Draft", TranslationState.FUZZY)
    assert english(missing, "[pending]") == "[pending]"
    assert english(draft, "[pending]", "[review]") == "[review] Draft"
    assert english(draft, "[pending]", approved_only=True) == "[pending]"


def test_tidy_keeps_one_blank_line() -> None:
    assert tidy("\n\n# A\n\n\n\nb  \n\n\n") == "# A\n\nb\n"
