"""Bad PDFs are refused in one clear line with exit code 2, and nothing is written."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from PIL import Image
from reportlab.lib.pagesizes import A4
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen import canvas

from newsletter.cli import main


def _text_pdf(path: Path, *, pages: int = 2, encrypt: str | None = None, text: bool = True) -> Path:
    pdf = canvas.Canvas(str(path), pagesize=A4, encrypt=encrypt)
    for page in range(pages):
        for line in range(30) if text else ():
            pdf.drawString(72, 780 - line * 20, f"Harbor Peak weekly, page {page + 1}, line {line + 1} of the text.")
        pdf.showPage()
    pdf.save()
    return path


def _image_pdf(path: Path) -> Path:
    """A 'scanned' report: every page one raster image, no text layer."""
    buffer = io.BytesIO()
    Image.new("L", (200, 280), color=200).save(buffer, format="PNG")
    pdf = canvas.Canvas(str(path), pagesize=A4)
    for _ in range(2):
        pdf.drawImage(ImageReader(io.BytesIO(buffer.getvalue())), 0, 0, width=A4[0], height=A4[1])
        pdf.showPage()
    pdf.save()
    return path


def _truncated_pdf(path: Path) -> Path:
    whole = _text_pdf(path.with_name("whole.pdf")).read_bytes()
    path.write_bytes(whole[: len(whole) // 2])
    return path


def _encrypted_pdf(path: Path) -> Path:
    return _text_pdf(path, encrypt="secret")


def _blank_pdf(path: Path) -> Path:
    return _text_pdf(path, pages=3, text=False)


def _not_a_pdf(path: Path) -> Path:
    path.write_text("just some words\n", encoding="utf-8")
    return path


def _empty_file(path: Path) -> Path:
    path.write_bytes(b"")
    return path


BAD_INPUTS: dict[str, tuple[Callable[[Path], Path], str]] = {
    "encrypted": (_encrypted_pdf, "encrypted"),
    "image-only": (_image_pdf, "needs OCR"),
    "truncated": (_truncated_pdf, "damaged or truncated"),
    "not-a-pdf": (_not_a_pdf, "not a PDF"),
    "empty": (_empty_file, "empty"),
    "blank-pages": (_blank_pdf, "blank"),
}


@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
def test_bad_pdf_is_refused_in_one_line(kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    make, reason = BAD_INPUTS[kind]
    report = make(tmp_path / "report.pdf")
    out = tmp_path / "out"
    assert main(["build", str(report), "--out", str(out), "-q"]) == 2
    captured = capsys.readouterr()
    error_lines = captured.err.strip().splitlines()
    assert len(error_lines) == 1, captured.err
    assert reason in error_lines[0] and "report.pdf" in error_lines[0]
    assert "Traceback" not in captured.err
    assert not out.exists()


@pytest.mark.parametrize("kind", sorted(BAD_INPUTS))
def test_extract_refuses_bad_pdf_with_exit_code_2(
    kind: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    make, reason = BAD_INPUTS[kind]
    assert main(["extract", str(make(tmp_path / "report.pdf")), "--json"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert reason in captured.err


def test_readable_generated_pdf_is_accepted(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The control case: the same generator without the defect reads fine."""
    assert main(["extract", str(_text_pdf(tmp_path / "fine.pdf")), "--json"]) == 0
    assert "Harbor Peak weekly" in capsys.readouterr().out
