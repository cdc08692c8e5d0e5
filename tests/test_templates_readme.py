"""templates/README.md documents every variable and filter a template can use.

The worked examples themselves are applied as house templates in
tests/test_editor_edits.py; this keeps the reference tables from drifting
away from the model and the filters.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from newsletter.model import Analyst, Bilingual, BiSection, BriefingItem, Figure, Issue, KeyFigure, Report, Source
from newsletter.render.markdown import content_filters
from newsletter.render.templates import PACKAGED, make_environment
from newsletter.render.text import render_text
from tests.render_fixture import fixture_issue

README = Path(__file__).resolve().parents[1] / "templates" / "README.md"
TEXT = README.read_text(encoding="utf-8")


def fields(cls: type) -> list[str]:
    return [field.name for field in dataclasses.fields(cls)]


@pytest.mark.parametrize("name", fields(Issue))
def test_every_issue_variable_is_documented(name: str) -> None:
    assert f"issue.{name}" in TEXT


@pytest.mark.parametrize("name", fields(BriefingItem))
def test_every_item_variable_is_documented(name: str) -> None:
    assert f"item.{name}" in TEXT


@pytest.mark.parametrize("name", [n for n in fields(Report) if n != "source"])
def test_every_report_field_is_documented(name: str) -> None:
    assert f"item.report.{name}" in TEXT


@pytest.mark.parametrize("cls", [Bilingual, BiSection, Analyst, Source, Figure, KeyFigure], ids=lambda c: c.__name__)
def test_every_attribute_of_the_nested_values_is_documented(cls: type) -> None:
    missing = [name for name in fields(cls) if f".{name}`" not in TEXT and f".{name}," not in TEXT]
    assert not missing, f"{cls.__name__}: {missing}"


def test_every_filter_templates_get_is_documented() -> None:
    issue = fixture_issue()
    env = make_environment(None)
    env.filters.update(content_filters(issue))  # as render_all sets them
    render_text(issue, env)
    ours = set(content_filters(issue)) | (set(env.filters) - set(make_environment(None).filters))
    documented = set(re.findall(r"^\| `(\w+)", TEXT.split("## Filters", 1)[1], re.MULTILINE))
    assert ours <= documented, sorted(ours - documented)


def test_every_packaged_template_is_in_the_file_table() -> None:
    table = TEXT.split("## The files", 1)[1].split("##", 1)[0]
    for path in sorted(PACKAGED.iterdir()):
        if path.suffix in (".j2", ".docx"):
            assert f"`{path.name}`" in table, path.name
