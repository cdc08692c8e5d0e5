"""`newsletter build` through main(argv): all files or none, template errors in one line."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsletter.cli import main
from tests.render_fixture import cli_args

EXPECTED = {
    "briefing.md",
    "briefing.html",
    "briefing.txt",
    "briefing.docx",
    "report.json",
    "build.json",
    "editions/both.html",
    "editions/zh.html",
    "editions/en.html",
    "editions/both.txt",
    "editions/zh.txt",
    "editions/en.txt",
    "editions/meta.json",
}


def files_in(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*") if path.is_file()}


def test_build_writes_every_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(cli_args(tmp_path / "{issue}")) == 0
    assert files_in(tmp_path / "2026-W11") == EXPECTED
    printed = capsys.readouterr().out
    assert str(tmp_path / "2026-W11" / "briefing.docx") in printed
    assert "5 with no translation" in printed


def test_failed_rebuild_leaves_the_previous_issue_untouched(tmp_path: Path) -> None:
    out = tmp_path / "issue"
    assert main(cli_args(out)) == 0
    before = {name: (out / name).read_bytes() for name in files_in(out)}
    house = tmp_path / "templates"
    house.mkdir()
    (house / "briefing.txt.j2").write_text("{{ issue.no_such_field }}\n")
    assert main(cli_args(out, "--templates", str(house))) != 0
    assert {name: (out / name).read_bytes() for name in files_in(out)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["issue", "templates"]


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("# {{ issue.brand }\n", ["briefing.md.j2", "line 1", "syntax error"]),
        ("# ok\n\n{% for item in issue.items %}\n{{ item.nonexistent }}\n{% endfor %}\n", ["line 4", "nonexistent"]),
        (
            "{% extends 'default/briefing.md.j2' %}\n{% block footer %}\n{{ footer_text }}\n{% endblock %}\n",
            ["line 3", "undefined variable 'footer_text'"],
        ),
        ("{% if %}\n", ["line 1", "syntax error"]),
    ],
)
def test_template_errors_print_one_line_naming_file_line_and_variable(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], template: str, expected: list[str]
) -> None:
    house = tmp_path / "templates"
    house.mkdir()
    (house / "briefing.md.j2").write_text(template)
    assert main(cli_args(tmp_path / "out", "--templates", str(house))) != 0
    error = capsys.readouterr().err
    assert len(error.strip().splitlines()) == 1, error
    assert error.startswith("newsletter build: error: ") and "Traceback" not in error
    assert str(house / "briefing.md.j2") in error
    for part in expected:
        assert part in error
    assert not (tmp_path / "out").exists()


def test_failing_filter_is_a_template_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    house = tmp_path / "templates"
    house.mkdir()
    (house / "briefing.md.j2").write_text("\n{{ issue.date | format_date('xx-nonsense') }}\n")
    assert main(cli_args(tmp_path / "out", "--templates", str(house))) != 0
    error = capsys.readouterr().err
    assert "line 2" in error and "unknown language 'xx-nonsense'" in error and "Traceback" not in error


def test_house_template_reorders_report_parts(tmp_path: Path) -> None:
    house = tmp_path / "templates"
    house.mkdir()
    (house / "briefing.md.j2").write_text(
        '{% extends "default/briefing.md.j2" %}\n'
        '{% set report_parts = ["title", "risks", "key_points", "sections", "disclaimer"] %}\n'
    )
    assert main(cli_args(tmp_path / "out", "--templates", str(house))) == 0
    markdown = (tmp_path / "out" / "briefing.md").read_text()
    assert markdown.index("### 风险提示 / Risk warnings") < markdown.index("### 核心要点 / Key points")
    assert "- 券商 / Broker" not in markdown  # "meta" was left out


def test_invalid_mjml_in_the_email_shell_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    house = tmp_path / "templates"
    house.mkdir()
    (house / "email.mjml.j2").write_text("<mjml><mj-body><mj-text>{{ body }}</mj-body></mjml>\n")
    assert main(cli_args(tmp_path / "out", "--templates", str(house))) != 0
    error = capsys.readouterr().err
    assert error.startswith(f"newsletter build: error: {house / 'email.mjml.j2'}: the email shell is not valid MJML")
    assert len(error.strip().splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_an_output_folder_that_cannot_be_created_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    assert main(cli_args(blocker / "out" / "{issue}")) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "cannot create the output folder" in err and str(blocker / "out" / "2026-W11") in err
    assert blocker.read_text(encoding="utf-8") == "not a folder"
