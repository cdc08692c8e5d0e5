"""The Word edition as printed: LibreOffice turns it into PDF and we read the pages back.

Checks what a reader of the printed file sees: A4 paper, the running header
and footer on every page with the right page numbers, every risk warning
and disclaimer paragraph, no blank page, Chinese in a CJK face and Latin text
in the Latin face.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

import pdfplumber
import pypdfium2 as pdfium
import pytest

from newsletter.model import Issue, TranslationState
from tests.libreoffice import docx_to_pdf
from tests.render_fixture import BRAND, build_fixture

A4 = (595.3, 841.9)  # points
_SPACE = re.compile(r"\s+")


@pytest.fixture(scope="module")
def printed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Issue, list[list[str]], list[set[str]]]:
    """The issue, and for every printed page its text lines and the fonts it uses."""
    folder = tmp_path_factory.mktemp("print")
    result = build_fixture(folder / "issue")
    pdf = docx_to_pdf(folder / "issue" / "briefing.docx", folder)
    with pdfplumber.open(pdf) as document:
        assert all(abs(page.width - A4[0]) < 1 and abs(page.height - A4[1]) < 1 for page in document.pages)
        lines = [(page.extract_text() or "").splitlines() for page in document.pages]
        fonts = [{char["fontname"].split("+")[-1] for char in page.chars} for page in document.pages]
    return result.issue, lines, fonts


def test_every_page_has_the_header_and_page_x_of_y(printed: tuple[Issue, list[list[str]], list[set[str]]]) -> None:
    issue, pages, _ = printed
    assert len(pages) >= 2  # the fixture runs over a page: the footer must count
    for number, lines in enumerate(pages, start=1):
        assert lines[0] == f"{BRAND} · {issue.id}"
        assert f"第 {number} 页，共 {len(pages)} 页 / Page {number} of {len(pages)}" in lines[-2:]
        assert "请阅读末页免责声明 / Please read the disclaimer at the end of this document" in lines[-2:]


def test_no_page_is_blank(printed: tuple[Issue, list[list[str]], list[set[str]]]) -> None:
    _, pages, _ = printed
    for lines in pages:
        body = lines[1:-2]  # without the header line and the two footer lines
        assert sum(len(line) for line in body) > 100


def test_every_risk_and_disclaimer_paragraph_is_printed(
    printed: tuple[Issue, list[list[str]], list[set[str]]],
) -> None:
    issue, pages, _ = printed
    text = _SPACE.sub("", "".join("".join(lines) for lines in pages))
    legal = [segment for item in issue.items for segment in (*item.risks, *item.disclaimer)]
    assert len(legal) >= 6
    for segment in legal:
        assert _SPACE.sub("", segment.source) in text
        if segment.target is not None and segment.state is TranslationState.APPROVED:
            assert _SPACE.sub("", segment.target) in text


def test_chinese_in_a_cjk_face_and_english_in_the_latin_face(
    printed: tuple[Issue, list[list[str]], list[set[str]]],
) -> None:
    _, _, fonts = printed
    used = set().union(*fonts)
    assert any(font.startswith("NotoSansCJK") for font in used), used  # Microsoft YaHei's stand-in
    assert "Carlito" in used, used  # Calibri's metric twin: English is not set in the CJK face


def test_the_paper_is_a4_portrait(tmp_path: Path) -> None:
    from newsletter.render.docx import page_setup

    build_fixture(tmp_path / "issue")
    width, height, margins = page_setup((tmp_path / "issue" / "briefing.docx").read_bytes())
    assert (round(width, 1), round(height, 1)) == (21.0, 29.7)
    assert all(1.5 <= margin <= 2.5 for margin in margins)


def test_chinese_is_drawn_in_simplified_forms_where_microsoft_yahei_is_missing(tmp_path: Path) -> None:
    """Noto CJK draws 骨, 直, 角 differently for Japanese; our document must print as Simplified Chinese:
    exactly as one naming Noto Sans CJK SC outright, and not as the same document marked Japanese."""
    build_fixture(tmp_path / "issue")
    house = tmp_path / "issue" / "briefing.docx"
    simplified = _restyled(
        house, tmp_path / "sc.docx", b'w:eastAsia="Microsoft YaHei"', b'w:eastAsia="Noto Sans CJK SC"'
    )
    japanese = _restyled(house, tmp_path / "ja.docx", b'w:eastAsia="zh-CN"', b'w:eastAsia="ja-JP"')
    pictures = {
        name: _first_page_pixels(docx_to_pdf(path, tmp_path))
        for name, path in (("house", house), ("simplified", simplified), ("japanese", japanese))
    }
    assert pictures["house"] == pictures["simplified"]
    assert pictures["house"] != pictures["japanese"]


def _restyled(docx: Path, out: Path, old: bytes, new: bytes) -> Path:
    with zipfile.ZipFile(docx) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "word/styles.xml":
                assert old in data
                data = data.replace(old, new)
            target.writestr(info, data)
    return out


def _first_page_pixels(pdf: Path) -> bytes:
    document = pdfium.PdfDocument(str(pdf))
    try:
        pixels: bytes = document[0].render(scale=1).to_pil().tobytes()
    finally:
        document.close()
    return pixels
