"""Decompression-style PDFs: a few KB that draw millions of things are refused, naming the page."""

from __future__ import annotations

import resource
import subprocess
import sys
from pathlib import Path

import pytest

from newsletter.cli import main
from newsletter.errors import ReadError
from newsletter.limits import ReadLimits, read_limits, use_read_limits
from newsletter.readers import read_report
from tests.pdf_canvas import form_bomb

MEMORY_CAP = 500 * 1024 * 1024


def _cap_memory() -> None:  # runs in the child before exec
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_CAP, MEMORY_CAP))


def test_a_form_drawn_3000_times_is_refused_within_500_mb(tmp_path: Path) -> None:
    """Unbounded, this 2 KB file (3,000,000 characters) took the reader past 6 GB to an abort."""
    bomb = tmp_path / "bomb.pdf"
    form_bomb(str(bomb), draws=3000, chars_per_form=1000)
    assert bomb.stat().st_size < 4096
    done = subprocess.run(
        [sys.executable, "-m", "newsletter", "extract", str(bomb)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        preexec_fn=_cap_memory,
        timeout=120,  # a generous bound: it takes seconds; unbounded it never ends
        check=False,
    )
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip() == (
        f"newsletter extract: error: {bomb} (page 1): the page draws more than 50,000 characters (limits.page_chars)"
    )


@pytest.fixture
def limits() -> object:
    before = read_limits()
    yield
    use_read_limits(before)


def test_one_page_of_a_million_characters_is_refused(tmp_path: Path, limits: object) -> None:
    page = tmp_path / "page.pdf"
    form_bomb(str(page), draws=1, chars_per_form=1_000_000)
    with pytest.raises(ReadError, match=r"more than 50,000 characters") as caught:
        read_report(page)
    assert caught.value.page == 1 and caught.value.exit_code == 2


def test_the_document_limit_names_the_page_that_crosses_it(tmp_path: Path, limits: object) -> None:
    pages = tmp_path / "pages.pdf"
    form_bomb(str(pages), draws=10, chars_per_form=1000, pages=5)  # 10,000 characters a page
    use_read_limits(ReadLimits(document_chars=35_000))
    with pytest.raises(ReadError, match=r"more than 35,000 characters by this page") as caught:
        read_report(pages)
    assert caught.value.page == 4


def test_forms_drawn_over_the_object_limit_are_refused(tmp_path: Path, limits: object) -> None:
    pdf = tmp_path / "forms.pdf"
    form_bomb(str(pdf), draws=500, chars_per_form=100)
    use_read_limits(ReadLimits(page_objects=400))
    with pytest.raises(ReadError, match=r"more than 400 shapes, images and forms"):
        read_report(pdf)


def test_the_limits_are_settings(tmp_path: Path, limits: object, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "dense.pdf"
    form_bomb(str(pdf), draws=30, chars_per_form=1000)  # 30,000 characters on one page
    settings = tmp_path / "newsletter.toml"
    settings.write_text("[limits]\npage_chars = 20000\n")
    assert main(["build", str(pdf), "--config", str(settings), "--out", str(tmp_path / "out"), "-q"]) == 2
    assert "(page 1): the page draws more than 20,000 characters" in capsys.readouterr().err
    settings.write_text("[limits]\npage_chars = 0\n")
    assert main(["build", str(pdf), "--config", str(settings), "--out", str(tmp_path / "out"), "-q"]) == 2
    assert "limits.page_chars must be a whole number of at least 1, got 0" in capsys.readouterr().err


def test_a_text_report_over_the_document_limit_is_refused(tmp_path: Path, limits: object) -> None:
    report = tmp_path / "long.txt"
    report.write_text("示例周报\n\n" + "需求回暖，价格企稳。" * 5_000, encoding="utf-8")  # 50,000 characters
    use_read_limits(ReadLimits(document_chars=40_000))
    with pytest.raises(ReadError, match=r"more than 40,000 characters \(limits.document_chars\)"):
        read_report(report)
    use_read_limits(ReadLimits(document_chars=60_000))
    assert read_report(report).title == "示例周报"


def test_a_huge_text_file_is_refused_without_being_read_whole(tmp_path: Path, limits: object) -> None:
    huge = tmp_path / "huge.txt"
    with huge.open("wb") as stream:
        stream.truncate(64 * 1024 * 1024)  # sparse: 64 MB of NULs on disk in an instant
    use_read_limits(ReadLimits(document_chars=1_000))
    with pytest.raises(ReadError, match=r"larger than 4,000 bytes"):
        read_report(huge)


def test_an_endless_source_is_refused_before_it_is_read(tmp_path: Path) -> None:
    """/dev/zero behind a .txt name: reading or hashing it would never end."""
    endless = tmp_path / "endless.txt"
    endless.symlink_to("/dev/zero")
    with pytest.raises(ReadError, match=r"not a regular file"):
        read_report(endless)
    assert main(["build", str(endless), "--out", str(tmp_path / "out"), "-q"]) == 2
