"""House templates override the packaged defaults file by file; errors name file, line and variable."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment

from newsletter.errors import RenderError
from newsletter.render.templates import make_environment, render_template
from tests.editors_support import build_project, make_project

PACKAGED = Path(__file__).resolve().parents[1] / "newsletter" / "templates"


def source_file(env: Environment, name: str) -> Path:
    assert env.loader is not None
    return Path(env.loader.get_source(env, name)[1] or "")


def house(tmp_path: Path, files: dict[str, str]) -> Path:
    folder = tmp_path / "templates"
    folder.mkdir(exist_ok=True)
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_a_house_file_overrides_only_its_own_default(tmp_path: Path) -> None:
    folder = house(tmp_path, {"key_figures.md.j2": "HOUSE FIGURES"})
    env = make_environment(folder)
    assert render_template(env, "key_figures.md.j2") == "HOUSE FIGURES"
    assert source_file(env, "key_figures.md.j2") == folder / "key_figures.md.j2"
    # The other defaults are still the packaged ones.
    assert (
        source_file(env, "briefing.md.j2") == source_file(env, "default/briefing.md.j2") == PACKAGED / "briefing.md.j2"
    )


def test_without_a_house_folder_the_defaults_serve(tmp_path: Path) -> None:
    env = make_environment(tmp_path / "absent")
    assert source_file(env, "briefing.md.j2") == PACKAGED / "briefing.md.j2"


def test_the_content_template_overridden_through_a_build(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    house(root, {"briefing.md.j2": '{% extends "default/briefing.md.j2" %}\n'})
    code, issue = build_project(root)
    assert code == 0
    extended = (issue / "briefing.md").read_text(encoding="utf-8")
    (root / "templates" / "briefing.md.j2").write_text(
        "{{ issue.brand }} special" + (PACKAGED / "briefing.md.j2").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    code, issue = build_project(root)
    assert code == 0
    overridden = (issue / "briefing.md").read_text(encoding="utf-8")
    assert overridden == "Harbor Peak Weekly special" + extended


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("line one\n{{ isue.id }}\n", "line 2: undefined variable 'isue' (did you mean 'issue'?)"),
        ("one\ntwo\n{{ issue.titel }}\n", "line 3: Issue has no attribute 'titel'"),
        (
            "{% for item in issue.items %}\n{{ item.titel }}{% endfor %}",
            "line 2: BriefingItem has no attribute 'titel'",
        ),
        ("{% for x in %}\n", "line 1: syntax error: Expected an expression"),
        ("\n{{ issue.id | mdd }}\n", "line 2: syntax error: No filter named 'mdd'. (did you mean 'md'?)"),
        ('{% include "nowhere.j2" %}', "line 1: template 'nowhere.j2' not found"),
    ],
)
def test_template_errors_name_file_line_and_variable_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], template: str, expected: str
) -> None:
    root = make_project(tmp_path)
    house(root, {"briefing.md.j2": template})
    code, issue = build_project(root)
    err = capsys.readouterr().err
    assert code == RenderError.exit_code
    assert f"briefing.md.j2: {expected}" in err
    assert str(root / "templates" / "briefing.md.j2") in err or "templates/briefing.md.j2" in err
    assert "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
    assert not issue.exists()  # nothing half-written


def test_an_error_in_an_included_house_template_names_that_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = make_project(tmp_path)
    house(root, {"briefing.md.j2": 'top\n{% include "part.md.j2" %}\n', "part.md.j2": "a\nb\n{{ nothing_here }}\n"})
    code, _ = build_project(root)
    err = capsys.readouterr().err
    assert code == 1
    assert "part.md.j2: line 3: undefined variable 'nothing_here'" in err
