"""Typesetting helpers for the PDFs the reader tests generate (reportlab)."""

from __future__ import annotations

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.pdfgen import canvas

# reportlab's built-in CID font: Chinese text with no font file to ship.
FONT = "STSong-Light"


def register_font() -> None:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))


def write_lines(pdf: canvas.Canvas, x: float, y: float, lines: list[str], size: float = 10) -> float:
    """Draw lines downwards from (x, y); returns the y below the last one and a gap."""
    pdf.setFont(FONT, size)
    for line in lines:
        pdf.drawString(x, y, line)
        y -= size * 1.7
    return y - size


def form_bomb(path: str, draws: int, chars_per_form: int, pages: int = 1) -> None:
    """A small PDF that draws one form (a block of text) `draws` times per page:
    a few KB on disk, `draws * chars_per_form` characters for a reader."""
    pdf = canvas.Canvas(path, pageCompression=1)
    pdf.beginForm("block")
    pdf.setFont("Helvetica", 4)
    line = "x" * 100
    for row in range(max(1, chars_per_form // 100)):
        pdf.drawString(10, 10 + row * 5, line)
    pdf.endForm()
    for _ in range(pages):
        for _ in range(draws):
            pdf.doForm("block")
        pdf.showPage()
    pdf.save()
