"""A damaged or edited catalog never ships cut-off approved English."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog, Message

from newsletter.cli import main
from newsletter.errors import TranslateError
from newsletter.translate.catalog import read_catalog, save_catalog
from tests.test_translate_build import build, catalog, fill, project  # noqa: F401  (project is a fixture)
from tests.test_translate_catalog import RISK

PO = Path("translations") / "en.po"


def risk(po: Catalog) -> Message:
    message = po.get(RISK, context="risk")
    assert message is not None
    return message


def approved_catalog(project: Path) -> None:  # noqa: F811
    main(["translate", "extract", "report.txt"])
    fill(project)
    main(["translate", "extract", "report.txt"])  # records the approvals


def test_an_approved_compliance_translation_is_stamped(project: Path) -> None:  # noqa: F811
    approved_catalog(project)
    assert "approved-sha256:" in (project / PO).read_text(encoding="utf-8")
    assert build("--strict") == 0


def test_a_catalog_cut_off_inside_a_string_is_refused_naming_the_line(
    project: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    approved_catalog(project)
    text = (project / PO).read_text(encoding="utf-8")
    cut = text.index("English for disclaimer") + len("English for discl")
    (project / PO).write_text(text[:cut], encoding="utf-8")  # what a full disk or a bad copy leaves
    capsys.readouterr()
    assert build("--strict") == 1
    error = capsys.readouterr().err.strip()
    line = text[:cut].count("\n") + 1
    assert f"en.po: cannot read the translation catalog: line {line}: string not properly quoted" in error
    assert len(error.splitlines()) == 1 and not (project / "out").exists()


@pytest.mark.parametrize(
    ("damage", "problem"),
    [
        ('msgstr "ok\\"\n', "not properly quoted"),
        ('msgstr "bad escape \\q"\n', "not properly quoted"),
        ("msgstr unquoted\n", "not a PO line"),
        ('"a continuation" trailing\n', "not properly quoted"),
    ],
)
def test_malformed_lines_are_refused(tmp_path: Path, damage: str, problem: str) -> None:
    path = tmp_path / "en.po"
    path.write_text(f'msgid ""\nmsgstr ""\n\nmsgctxt "risk"\nmsgid "风险"\n{damage}', encoding="utf-8")
    with pytest.raises(TranslateError, match=f"line 6: .*{problem}"):
        read_catalog(path, "en")


def test_approved_english_edited_after_approval_blocks_the_build(
    project: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    approved_catalog(project)
    po = catalog(project)
    risk(po).string = "English for ri"  # cut short, yet a valid catalog
    save_catalog(po, project / PO)
    capsys.readouterr()
    assert build("--strict") == 1
    error = capsys.readouterr().err
    assert "the approved English of the risk paragraph (page 1) is not the text approved ('English for ri')" in error
    assert not (project / "out").exists()
    po = catalog(project)  # to approve the new wording: back to review, extract, approve again
    risk(po).flags.add("fuzzy")
    save_catalog(po, project / PO)
    main(["translate", "extract", "report.txt"])
    po = catalog(project)
    risk(po).flags.discard("fuzzy")
    save_catalog(po, project / PO)
    main(["translate", "extract", "report.txt"])
    assert build("--strict") == 0
    assert risk(read_catalog(project / PO, "en")).string == "English for ri"
