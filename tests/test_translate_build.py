"""The review gate in the build: pending and review markers, --strict, stale compliance English."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from newsletter.cli import main
from newsletter.figures import find_figures
from newsletter.figures.format import format_value
from newsletter.translate.catalog import read_catalog, save_catalog
from tests.fake_chat_api import FakeChatAPI, serve
from tests.test_translate_catalog import REPORT, RISK

PENDING = "[translation pending]"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copy(REPORT, tmp_path / "report.txt")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def build(*extra: str) -> int:
    return main(["build", "report.txt", "--out", "out", "-q", *extra])


def catalog(project: Path) -> Catalog:
    return read_catalog(project / "translations" / "en.po", "en")


def fill(project: Path, fuzzy: bool = False, only: str | None = None) -> None:
    """What a translator does in Poedit: write English for every segment (or one context)."""
    po = catalog(project)
    for message in po:
        if message.id and (only is None or message.context == only):
            # A translator keeps every figure (the build's figures check refuses English that does not).
            figures = ", ".join(format_value(figure, "en") for figure in find_figures(str(message.id), "zh"))
            message.string = f"English for {message.context}" + (f": {figures}" if figures else "")
            if fuzzy:
                message.flags.add("fuzzy")
    save_catalog(po, project / "translations" / "en.po")


def briefing(project: Path) -> str:
    """briefing.md without its Markdown escapes."""
    return (project / "out" / "briefing.md").read_text(encoding="utf-8").replace("\\", "")


def test_new_report_without_catalog_builds_with_pending_markers(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert build() == 0
    assert PENDING in briefing(project)
    out = capsys.readouterr().out
    assert "0 segments from memory (0 to review), 0 machine drafts to review, 15 with no translation" in out
    assert "missing  risk p.1: 技术迭代不及预期" in out


def test_extract_then_filling_the_catalog_rebuilds_without_pending_markers(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["translate", "extract", "report.txt"]) == 0
    fill(project)
    assert build("--strict") == 0
    text = briefing(project)
    assert PENDING not in text and "[needs review]" not in text
    assert "English for title" in text
    assert "15 segments from memory (0 to review), 0 machine drafts to review, 0 with no translation" in (
        capsys.readouterr().out
    )


def test_machine_drafts_are_marked_and_strict_refuses_until_reviewed(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["translate", "extract", "report.txt"])
    fill(project, only="risk")
    fill(project, only="disclaimer")
    with serve(FakeChatAPI()) as api:
        monkeypatch.setenv("NEWSLETTER_MT_BASE_URL", api.url)
        monkeypatch.setenv("NEWSLETTER_MT_MODEL", "fake-mt")
        assert main(["translate", "machine", "-q"]) == 0
    capsys.readouterr()
    assert build() == 0
    assert "[needs review] Harbor Peak Securities AI Weekly" in briefing(project)
    assert "3 segments from memory (0 to review), 12 machine drafts to review, 0 with no translation" in (
        capsys.readouterr().out
    )
    shutil.rmtree(project / "out")
    assert build("--strict") == 1
    err = capsys.readouterr().err
    last = err.strip().splitlines()[-1]
    assert last.startswith("newsletter build: error: ") and last.endswith(
        "translations/en.po: 12 segments lack reviewed English (0 missing, 12 needing review); fill and review "
        "them in this catalog (see `newsletter translate status`), or build without --strict"
    )
    assert not (project / "out").exists()
    reviewed = catalog(project)
    for message in reviewed:
        message.flags.discard("fuzzy")
    save_catalog(reviewed, project / "translations" / "en.po")
    assert build("--strict") == 0
    assert "[needs review]" not in briefing(project)


def test_changed_risk_text_warns_that_the_approved_english_is_stale(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    main(["translate", "extract", "report.txt"])
    fill(project)
    main(["translate", "extract", "report.txt"])  # records the approvals
    assert "source-sha256:" in (project / "translations" / "en.po").read_text(encoding="utf-8")
    report = project / "report.txt"
    report.write_text(report.read_text(encoding="utf-8").replace("行业竞争加剧", "行业竞争显著加剧"), encoding="utf-8")
    capsys.readouterr()
    assert build() == 0
    out = capsys.readouterr().out
    assert "warning: [translation] the approved English of the risk paragraph (page 1) is stale" in out
    assert "-下游需求不及预期；\n" not in out
    assert "-行业竞争加剧。\n+行业竞争显著加剧。" in out
    assert build("--strict") == 1  # the new text has no approved English
    main(["translate", "extract", "report.txt"])
    po = catalog(project)
    assert po.get(RISK, context="risk") is None and any(m.id == RISK for m in po.obsolete.values())
    capsys.readouterr()
    assert build() == 0
    assert "-行业竞争加剧。\n+行业竞争显著加剧。" in capsys.readouterr().out


def test_key_points_without_headings_do_not_block_strict(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An empty key-point heading has nothing to translate: `translate extract` leaves it out,
    so the build must not count it as missing (else `--strict` could never pass)."""
    text = (project / "report.txt").read_text(encoding="utf-8")
    (project / "report.txt").write_text(text.replace("产业动态\n\n", "").replace("资本风向\n\n", ""), encoding="utf-8")
    assert main(["extract", "report.txt"]) == 0
    capsys.readouterr()
    assert main(["translate", "extract", "report.txt"]) == 0
    fill(project)
    assert build("--strict") == 0
    out = capsys.readouterr().out
    assert "0 machine drafts to review, 0 with no translation" in out
    assert PENDING not in briefing(project)


def test_another_firms_similar_disclaimer_is_untranslated_not_stale(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A stale approval is this report's own block, changed; another broker's near-identical
    boilerplate (approved for its own report) does not make this one's English "stale"."""
    main(["translate", "extract", "report.txt"])
    fill(project)
    main(["translate", "extract", "report.txt"])  # records the approvals
    other = (project / "report.txt").read_text(encoding="utf-8").replace("海峰证券", "云帆证券")
    (project / "other.txt").write_text(other, encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "other.txt", "--out", "out", "-q"]) == 0
    out = capsys.readouterr().out
    assert "is stale" not in out
    assert "disclaimer" in out  # listed as missing instead


def test_a_catalog_without_locations_does_not_pair_a_generic_line_as_stale(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A hand-written catalog has no file locations: "特别声明：" approved there is not this
    report's "特别声明" changed (it names no broker), so no stale warning."""
    main(["translate", "extract", "report.txt"])
    fill(project)
    po = catalog(project)
    for message in list(po):
        message.locations = []
        if message.id == "特别声明":
            po.delete(message.id, context=message.context)
            po.add("特别声明：", message.string, context=message.context)
    save_catalog(po, project / "translations" / "en.po")
    main(["translate", "extract", "report.txt"])
    capsys.readouterr()
    assert build() == 0
    assert "is stale" not in capsys.readouterr().out
