"""Shared fixtures: the corpus in ../shared is used when present, skipped otherwise."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from tests.absent import unavailable
from tests.editors_support import build_project, make_project

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSLETTER_SHARED", ROOT.parent / "shared"))
SEED = SHARED / "corpus" / "seed"
REPORTS = SHARED / "corpus" / "reports"


@pytest.fixture
def seed_dir() -> Path:
    if not SEED.is_dir():
        unavailable(f"the shared corpus is absent ({SEED}); CI provides it beside the project")
    return SEED


@pytest.fixture
def reports_dir() -> Path:
    if not REPORTS.is_dir():
        unavailable(f"the shared corpus is absent ({REPORTS}); CI provides it beside the project")
    return REPORTS


# Marked slow, so `make test-fast` (pytest -m "not slow") skips them; `make test` runs everything.
# Whole modules, and single tests by name, each with why.
SLOW_MODULES = {
    "test_pdf_corpus.py": "reads every report of the shared corpus",
    "test_send_resume.py": "kills and restarts sending processes",
    "test_docx_print.py": "prints the DOCX through LibreOffice",
    "test_email_presentation.py": "audits the emails in headless Chromium",
    "test_briefing_corpus.py": "translates and builds three real reports",
}
SLOW_TESTS = {
    "test_in_chromium_template_edits_change_the_open_email": "drives headless Chromium",
    "test_the_command_serves_reports_on_loopback_and_stops_cleanly_on_ctrl_c": "runs the preview command in a process",
    "test_dry_run_memory_does_not_grow_with_the_list": "writes thousands of messages",
    "test_a_locked_journal_is_one_line": "waits out SQLite's lock timeout",
    "test_script_reproduces_the_committed_pdf": "typesets the example PDF",
    "test_the_example_issue_is_ready_and_a_changed_amount_blocks": "builds the example issue from scratch",
    "test_a_form_drawn_3000_times_is_refused_within_500_mb": "reads a PDF built to exhaust memory",
    "test_one_page_of_a_million_characters_is_refused": "typesets and reads a million characters",
    "test_the_document_limit_names_the_page_that_crosses_it": "reads pages up to the document limit",
    "test_work_grows_linearly_with_the_paragraph": "runs the figures stages on long paragraphs",
}
CORPUS_FIXTURES = {"seed_dir", "reports_dir"}  # the shared corpus: real PDFs, seconds each


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        name = getattr(item, "originalname", item.name)
        uses_corpus = bool(CORPUS_FIXTURES & set(getattr(item, "fixturenames", ())))
        if item.path.name in SLOW_MODULES or name in SLOW_TESTS or uses_corpus:
            item.add_marker(pytest.mark.slow)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite tests/golden/ from the current output (or UPDATE_GOLDENS=1)",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens")) or os.environ.get("UPDATE_GOLDENS") == "1"


@pytest.fixture(scope="session")
def built_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The editors' fixture project (tests/editors_support.py), built once per session into
    out/issue. Read-only: a test that changes anything takes `project_copy`."""
    root = make_project(tmp_path_factory.mktemp("built-project"))
    code, _ = build_project(root)
    assert code == 0
    return root


@pytest.fixture
def project_copy(built_project: Path, tmp_path: Path) -> Path:
    """A copy of the built project of this test's own (build.json's paths are relative, so the
    copy's issue folder points at the copy's catalog and templates)."""
    return Path(shutil.copytree(built_project, tmp_path / "project"))
