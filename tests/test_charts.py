"""The reports' charts: found in a generated report with drawn charts and in corpus
reports, rendered to PNG, kept in the Report, shown in Word, Markdown and the
email (a few per report, as inline Content-ID parts)."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest
from PIL import Image

from newsletter.build import BuildOptions, build
from newsletter.checks.email import GMAIL_CLIP_BYTES
from newsletter.clock import fixed_clock
from newsletter.errors import CheckError
from newsletter.model import Publisher, Report, SegmentKind
from newsletter.readers import read_report
from newsletter.readers.charts import DPI, find_charts
from newsletter.send.editions import load_editions
from newsletter.send.message import Recipient, Sender, compose, parse_address
from newsletter.serialize import report_from_json, report_to_json
from tests.chart_report import CAPTIONS, DRAWN, PROSE, write_chart_report
from tests.devtools import chromium
from tests.email_audit import MINIMUM, audit
from tests.libreoffice import docx_to_pdf

CLOCK = fixed_clock(dt.datetime(2026, 5, 25, 8, 0, tzinfo=dt.UTC))
POINTS = 72 / DPI  # one pixel of a chart, in points


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_chart_report(tmp_path_factory.mktemp("charts") / "harbor_storage.pdf")


@pytest.fixture(scope="module")
def report(pdf: Path) -> Report:
    return read_report(pdf)


def test_every_captioned_chart_is_found_and_nothing_else(report: Report) -> None:
    """Not the list of figures (dot leaders), not "如图 3 所示" in prose."""
    assert [(chart.caption, chart.page) for chart in report.charts] == [(caption, 2) for caption in CAPTIONS]


def test_each_region_is_its_drawing_from_below_the_caption_to_the_source_line(report: Report) -> None:
    for chart, (left, bottom, right, top) in zip(report.charts, DRAWN, strict=True):
        width, height = chart.width * POINTS, chart.height * POINTS
        assert right - left <= width <= right - left + 30  # the drawing, not the page or the other column
        assert top - bottom + 10 <= height <= top - bottom + 40  # down to the source line, without the caption


def test_the_picture_is_the_chart(report: Report) -> None:
    bars, line = (Image.open(io.BytesIO(chart.png)).convert("RGB") for chart in (report.charts[0], report.charts[2]))
    assert (bars.width, bars.height) == (report.charts[0].width, report.charts[0].height)
    assert _share(bars, lambda r, g, b: b > 120 and r < 60) > 0.15  # the blue bars
    assert _share(line, lambda r, g, b: r > 150 and g < 80 and b < 80) > 0.002  # the red line


def test_captions_are_segments_and_the_json_keeps_the_pictures(report: Report) -> None:
    captions = [segment.text for segment in report.segments() if segment.kind is SegmentKind.CHART_CAPTION]
    assert captions == list(CAPTIONS)
    again = report_from_json(report_to_json(report))
    assert again.charts == report.charts
    assert all(PROSE not in chart.caption for chart in report.charts)


def _catalog(folder: Path, english: str) -> Path:
    catalog = folder / "en.po"
    catalog.write_text(
        'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
        f'msgctxt "chart-caption"\nmsgid "{CAPTIONS[0]}"\nmsgstr "{english}"\n',
        encoding="utf-8",
    )
    return catalog


@pytest.fixture(scope="module")
def issue_dir(pdf: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("built")
    catalog = _catalog(folder, "Chart 1: New energy-storage installations, up 35% YoY (GWh)")
    options = BuildOptions(catalog=catalog, brand="Harbor Peak Research", publisher=Publisher(charts_per_card=2))
    return build([pdf], str(folder / "issue"), options, CLOCK, lambda _: None).out_dir


def test_the_figure_guard_checks_caption_translations(pdf: Path, tmp_path: Path) -> None:
    catalog = _catalog(tmp_path, "Chart 1: New energy-storage installations, up 53% YoY (GWh)")
    with pytest.raises(CheckError, match=r"\[figures\].*chart-caption"):
        build([pdf], str(tmp_path / "issue"), BuildOptions(catalog=catalog), CLOCK, lambda _: None)
    assert not (tmp_path / "issue").exists()  # nothing written


def test_the_build_writes_every_chart_beside_the_briefing(issue_dir: Path, report: Report) -> None:
    for folder in (issue_dir / "charts", issue_dir / "editions" / "charts"):  # beside each HTML file
        assert sorted(path.name for path in folder.iterdir()) == ["1-1.png", "1-2.png", "1-3.png"]
    assert (issue_dir / "charts" / "1-3.png").read_bytes() == report.charts[2].png
    markdown = (issue_dir / "briefing.md").read_text(encoding="utf-8")
    assert re.findall(r"\]\((charts/[^)]+)\)", markdown) == ["charts/1-1.png", "charts/1-2.png", "charts/1-3.png"]


def test_word_shows_every_chart_with_its_alt_text(issue_dir: Path) -> None:
    with zipfile.ZipFile(issue_dir / "briefing.docx") as package:
        body = package.read("word/document.xml").decode()
        media = [name for name in package.namelist() if name.startswith("word/media/")]
    assert len(media) == 3
    alts = re.findall(r'<wp:docPr [^>]*descr="([^"]*)"', body)
    assert alts[0] == f"{CAPTIONS[0]} / Chart 1: New energy-storage installations, up 35% YoY (GWh)"
    assert alts[1].startswith(CAPTIONS[1]) and len(alts) == 3


def test_word_prints_every_chart_on_a4_without_blank_pages(issue_dir: Path, tmp_path: Path) -> None:
    printed = docx_to_pdf(issue_dir / "briefing.docx", tmp_path)
    with pdfplumber.open(printed) as document:
        pictures = sum(len(page.images) for page in document.pages)
        texts = [(page.extract_text() or "").splitlines() for page in document.pages]
        assert all(abs(page.width - 595.3) < 1 for page in document.pages)
    assert pictures == 3
    assert all(lines[0] == "Harbor Peak Research · 2026-W21" and len(lines) > 3 for lines in texts)


def test_the_email_card_shows_at_most_the_configured_number_sized_for_600_px(issue_dir: Path) -> None:
    for edition in ("both", "zh", "en"):
        html = (issue_dir / "editions" / f"{edition}.html").read_text(encoding="utf-8")
        images = re.findall(r"<img [^>]*>", html)
        assert len(images) == 2, edition
        for tag in images:
            assert re.search(r'src="charts/1-[12]\.png"', tag) and re.search(r'alt="[^"]+"', tag)
            assert int(re.search(r'width="(\d+)"', tag).group(1)) <= 544  # type: ignore[union-attr]
        assert "data:" not in html and len(html.encode()) < GMAIL_CLIP_BYTES
    english = (issue_dir / "editions" / "en.html").read_text(encoding="utf-8")
    assert 'alt="Chart 1: New energy-storage installations, up 35% YoY (GWh)"' in english


def test_the_message_carries_the_charts_as_inline_content_id_parts(issue_dir: Path) -> None:
    editions = load_editions(issue_dir)
    sender = Sender(parse_address("research@harborpeak.example", "--from"), None, "https://h.example/u", b"k" * 20)
    raw = compose(editions.editions["both"], Recipient("reader@example.com", ""), editions.issue, sender, CLOCK())
    message = email.message_from_bytes(raw, policy=email.policy.SMTP)
    related = next(part for part in message.walk() if part.get_content_type() == "multipart/related")
    html_part, *pictures = related.iter_parts()
    html = html_part.get_content()
    assert len(pictures) == 2 and "charts/" not in html
    for picture in pictures:
        cid = picture["Content-ID"].strip("<>")
        assert f'src="cid:{cid}"' in html and picture.get_content_type() == "image/png"
        assert picture.get_content().startswith(b"\x89PNG")


def test_the_chart_email_fits_a_phone_in_light_and_dark(issue_dir: Path, tmp_path: Path) -> None:
    with chromium(tmp_path / "profile") as page:
        for scheme in ("light", "dark"):
            found = audit(page, issue_dir / "editions" / "both.html", 375, scheme)
            assert found["scrollWidth"] <= 375
            assert not [text for text in found["texts"] if text["ratio"] < MINIMUM]
            assert len(found["images"]) == 2
            for image in found["images"]:
                assert image["loaded"] and image["alt"] and image["width"] <= 375, image


def test_no_charts_in_the_card_leaves_no_empty_heading(pdf: Path, tmp_path: Path) -> None:
    options = BuildOptions(allow_missing_disclaimer=True, publisher=Publisher(charts_per_card=0))
    out = build([pdf], str(tmp_path / "issue"), options, CLOCK, lambda _: None).out_dir
    html = (out / "editions" / "both.html").read_text(encoding="utf-8")
    assert "<img" not in html and "图表 / Charts" not in html
    assert "图表 / Charts" in (out / "briefing.md").read_text(encoding="utf-8")  # Word and Markdown keep them


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "at_least"),
    [
        ("kaiyuan_elec_comment_20210126", 4),
        ("cmschina_shenghong_company_20210127", 2),
        ("ms_en_us_semis_weekly_20260713", 8),
        ("changjiang_elec_weekly_2021w01", 10),
    ],
)
def test_corpus_reports_give_their_charts(reports_dir: Path, name: str, at_least: int) -> None:
    charts = find_charts(reports_dir / f"{name}.pdf")
    captioned = [chart for chart in charts if chart.caption]
    assert len(captioned) >= at_least
    for chart in captioned:
        assert re.match(r"(图表?|Exhibit|Figure)\s*\d", chart.caption), chart.caption
        assert "...." not in chart.caption  # never the list of figures
        assert chart.png.startswith(b"\x89PNG") and chart.width > 100 and chart.height > 60
        assert chart.width * POINTS < 560 and chart.height * POINTS < 0.8 * 842


@pytest.mark.shared
def test_side_by_side_corpus_charts_split_the_width(reports_dir: Path) -> None:
    charts = [c for c in find_charts(reports_dir / "cmschina_shenghong_company_20210127.pdf") if c.caption]
    first, second = charts[:2]
    assert first.page == second.page
    assert first.width * POINTS < 300 and second.width * POINTS < 300  # each its half of the page


def _share(image: Image.Image, wanted: Callable[[int, int, int], bool]) -> float:
    """The share of the picture's pixels whose colour passes `wanted`."""
    colours = image.getcolors(maxcolors=image.width * image.height) or []
    passing = [count for count, pixel in colours if isinstance(pixel, tuple) and wanted(*pixel[:3])]
    return sum(passing) / (image.width * image.height)
