"""The command line's own conventions: log lines formatted like its error line, -v, the version."""

from __future__ import annotations

import logging
import tomllib
from pathlib import Path

import pytest

import newsletter
from newsletter.cli import _logging, main

ROOT = Path(__file__).resolve().parents[1]
READER = logging.getLogger("newsletter.readers.pdf")


def test_a_warning_reads_like_the_error_line_and_info_needs_v(capsys: pytest.CaptureFixture[str]) -> None:
    with _logging("extract", verbose=False):
        READER.warning("deck.pdf: page 2: 120 of 400 glyphs have no Unicode mapping")
        READER.info("page 2 read in 3 ms")
    assert (
        capsys.readouterr().err
        == "newsletter extract: warning: deck.pdf: page 2: 120 of 400 glyphs have no Unicode mapping\n"
    )
    with _logging("extract", verbose=True):
        READER.info("page 2 read in 3 ms")
    assert capsys.readouterr().err == "newsletter extract: info: page 2 read in 3 ms\n"


def test_the_handler_is_gone_after_the_command(capsys: pytest.CaptureFixture[str]) -> None:
    handlers = list(logging.getLogger("newsletter").handlers)
    with _logging("build", verbose=True):
        pass
    assert logging.getLogger("newsletter").handlers == handlers


def test_the_version_is_written_once_in_pyproject(capsys: pytest.CaptureFixture[str]) -> None:
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert newsletter.__version__ == declared
    with pytest.raises(SystemExit):
        main(["--version"])
    assert capsys.readouterr().out.strip() == f"newsletter {declared}"


def test_the_package_says_it_is_typed() -> None:
    assert (ROOT / "newsletter" / "py.typed").is_file()
