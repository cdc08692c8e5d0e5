"""Shared fixtures: the corpus in ../shared is used when present, skipped otherwise."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.absent import unavailable

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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-goldens",
        action="store_true",
        help="rewrite tests/golden/ from the current output (or UPDATE_GOLDENS=1)",
    )


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens")) or os.environ.get("UPDATE_GOLDENS") == "1"
