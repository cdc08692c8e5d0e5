"""The rendered briefing, byte for byte, against tests/golden/.

After an intended change to a template or renderer, look at the diff, then
rewrite the goldens with `pytest --update-goldens` (or UPDATE_GOLDENS=1).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.render_fixture import GOLDEN, build_fixture

GOLDEN_FILES = ["briefing.md", "briefing.html", "briefing.txt", "editions/zh.txt", "editions/en.txt"]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("golden") / "issue"
    build_fixture(out)
    return out


@pytest.mark.parametrize("name", GOLDEN_FILES)
def test_output_matches_golden(built: Path, name: str, update_goldens: bool) -> None:
    produced = (built / name).read_bytes()
    golden = GOLDEN / name.replace("/", "_")
    if update_goldens:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(produced)
    assert golden.exists(), f"no golden file {golden}; run pytest --update-goldens"
    assert produced == golden.read_bytes(), f"{name} differs from {golden}; if intended, pytest --update-goldens"


def test_build_is_reproducible(built: Path, tmp_path: Path) -> None:
    again = tmp_path / "again"
    build_fixture(again)
    for path in sorted(p for p in built.rglob("*") if p.is_file() and p.name != "report.json"):
        relative = path.relative_to(built)
        assert (again / relative).read_bytes() == path.read_bytes(), relative
