"""A generated report with drawn charts (all text our own): what the chart tests read and build.

Page 1: title and key points. Page 2: a list of figures with dot leaders (not
charts), two bar charts side by side (图表 1, 图表 2) and a full-width line
chart (图 3), each with its 资料来源 line, prose between them, and a
reference to a chart inside a sentence (not a caption). Page 3: the risk
warnings and the disclaimer.
"""

from __future__ import annotations

import itertools
from pathlib import Path

from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

from tests.pdf_canvas import FONT, register_font, write_lines

TITLE = "海峰观察：储能装机延续高增"
KEY_POINT = "本周储能招标规模环比提升，海峰证券维持行业推荐评级。"
CAPTIONS = ("图表 1：储能新增装机同比增长 35%（GWh）", "图表 2：储能中标均价（元/Wh）", "图 3：海峰储能指数走势")
PROSE = "如图 3 所示，海峰储能指数本周继续上行，板块估值仍处于历史中枢附近，我们看好订单兑现带来的业绩弹性。"
RISK = "需求不及预期的风险：若下游招标放缓，相关公司订单可能低于预期。"
DISCLAIMER = "本报告仅供海峰证券的客户使用，本公司不会因接收人收到本报告而视其为客户。"
# Where each chart is drawn (left, bottom, right, top), in points: the tests check the regions found.
DRAWN = ((60.0, 470.0, 280.0, 590.0), (320.0, 470.0, 540.0, 590.0), (60.0, 210.0, 540.0, 370.0))


def write_chart_report(path: Path) -> Path:
    register_font()
    pdf = canvas.Canvas(str(path), pagesize=A4)
    _front(pdf)
    _charts(pdf)
    _legal(pdf)
    pdf.save()
    return path


def _front(pdf: canvas.Canvas) -> None:
    pdf.setFont(FONT, 8.5)
    pdf.drawString(50, 700, "2026 年 05 月 24 日")
    pdf.setFont(FONT, 18)
    pdf.drawString(150, 740, TITLE)
    y = write_lines(pdf, 150, 700, ["核心要点"], 12)
    write_lines(pdf, 150, y, [KEY_POINT])
    pdf.showPage()


def _charts(pdf: canvas.Canvas) -> None:
    write_lines(pdf, 57, 780, [f"{CAPTIONS[0]}......................3", f"{CAPTIONS[1]}......................3"], 9)
    pdf.setFont(FONT, 10)
    pdf.drawString(60, 600, CAPTIONS[0])
    pdf.drawString(320, 600, CAPTIONS[1])
    _bars(pdf, DRAWN[0], (3, 5, 4, 7, 9))
    _bars(pdf, DRAWN[1], (8, 7, 7, 6, 5))
    pdf.setFont(FONT, 8)
    pdf.drawString(60, 455, "资料来源：海峰证券研究所")
    pdf.drawString(320, 455, "资料来源：海峰证券研究所")
    write_lines(pdf, 57, 420, [PROSE[:40], PROSE[40:]])
    pdf.setFont(FONT, 10)
    pdf.drawString(60, 380, CAPTIONS[2])
    _line_chart(pdf, DRAWN[2])
    pdf.setFont(FONT, 8)
    pdf.drawString(60, 195, "资料来源：Wind，海峰证券研究所")
    pdf.showPage()


def _bars(pdf: canvas.Canvas, box: tuple[float, float, float, float], values: tuple[int, ...]) -> None:
    left, bottom, right, top = box
    pdf.setStrokeColorRGB(0.2, 0.2, 0.2)
    pdf.line(left, bottom, right, bottom)
    pdf.line(left, bottom, left, top)
    step = (right - left) / len(values)
    pdf.setFillColorRGB(0.04, 0.42, 0.64)
    for i, value in enumerate(values):
        pdf.rect(left + i * step + 8, bottom, step - 16, (top - bottom) * value / 10, fill=1, stroke=0)
    pdf.setFillColorRGB(0, 0, 0)


def _line_chart(pdf: canvas.Canvas, box: tuple[float, float, float, float]) -> None:
    left, bottom, right, top = box
    pdf.line(left, bottom, right, bottom)
    pdf.line(left, bottom, left, top)
    pdf.setStrokeColorRGB(0.8, 0.1, 0.1)
    points = [
        (left + i * (right - left) / 9, bottom + (top - bottom) * v / 10)
        for i, v in enumerate((2, 3, 3, 5, 4, 6, 7, 6, 8, 9))
    ]
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        pdf.line(x0, y0, x1, y1)
    pdf.setStrokeColorRGB(0, 0, 0)


def _legal(pdf: canvas.Canvas) -> None:
    y = write_lines(pdf, 57, 770, ["风险提示"], 14)
    y = write_lines(pdf, 57, y, [RISK])
    y = write_lines(pdf, 57, y, ["免责声明"], 12)
    write_lines(pdf, 57, y, [DISCLAIMER])
    pdf.showPage()
