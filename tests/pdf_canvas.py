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
