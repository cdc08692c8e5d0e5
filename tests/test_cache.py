"""The extraction cache: keyed by the report's sha256, reused across template edits."""

from __future__ import annotations

from pathlib import Path

import pytest

from newsletter.cache import cached_read
from newsletter.cli import main
from newsletter.hashing import sha256_of
from newsletter.model import Report
from newsletter.readers import read_report
from tests.editors_support import build_project, make_project, write_report


class CountingReader:
    """The real reader, counting how often it runs."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, path: Path) -> Report:
        self.calls += 1
        return read_report(path)


def test_second_read_comes_from_the_cache_and_equals_the_first(tmp_path: Path) -> None:
    report_path = write_report(tmp_path / "in")
    reader = CountingReader()
    first, hit1 = cached_read(report_path, tmp_path / "cache", reader)
    second, hit2 = cached_read(report_path, tmp_path / "cache", reader)
    assert (hit1, hit2, reader.calls) == (False, True, 1)
    assert second == first
    assert any(sha256_of(report_path) in p.name for p in (tmp_path / "cache").iterdir())


def test_the_same_bytes_elsewhere_hit_the_cache_under_their_new_path(tmp_path: Path) -> None:
    original = write_report(tmp_path / "a")
    copy = tmp_path / "b" / "weekly.txt"
    copy.parent.mkdir()
    copy.write_bytes(original.read_bytes())
    reader = CountingReader()
    cached_read(original, tmp_path / "cache", reader)
    report, hit = cached_read(copy, tmp_path / "cache", reader)
    assert hit and reader.calls == 1
    assert report.source.path == str(copy)


def test_a_changed_report_is_read_again(tmp_path: Path) -> None:
    path = write_report(tmp_path)
    reader = CountingReader()
    cached_read(path, tmp_path / "cache", reader)
    path.write_text(path.read_text(encoding="utf-8").replace("林海", "林山"), encoding="utf-8")
    report, hit = cached_read(path, tmp_path / "cache", reader)
    assert not hit and reader.calls == 2
    assert report.analysts == read_report(path).analysts


@pytest.mark.parametrize("damage", ["", "{not json", '{"title": 3}'])
def test_a_damaged_entry_is_read_again_not_an_error(tmp_path: Path, damage: str) -> None:
    path = write_report(tmp_path)
    reader = CountingReader()
    cached_read(path, tmp_path / "cache", reader)
    (entry,) = (tmp_path / "cache").iterdir()
    entry.write_text(damage, encoding="utf-8")
    report, hit = cached_read(path, tmp_path / "cache", reader)
    assert not hit and reader.calls == 2
    assert report == read_report(path)


def test_build_reuses_the_cache_after_a_template_edit(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = make_project(tmp_path)
    assert build_project(root)[0] == 0
    (root / "templates" / "briefing.md.j2").write_text('{% extends "default/briefing.md.j2" %}', encoding="utf-8")
    assert list((root / ".newsletter-cache").iterdir())
    capsys.readouterr()
    args = ["build", str(root / "weekly.txt"), "--out", str(root / "o2"), "--config", str(root / "newsletter.toml")]
    assert main(args) == 0
    assert "reused the cached extraction of weekly.txt" in capsys.readouterr().err
    assert main([*args, "--no-cache"]) == 0
    assert "reused" not in capsys.readouterr().err


def test_compiled_templates_are_reused_and_an_edited_one_is_recompiled(tmp_path: Path) -> None:
    root = make_project(tmp_path)
    template = root / "templates" / "briefing.md.j2"
    template.write_text('{% extends "default/briefing.md.j2" %}{% block footer %}FIRST{% endblock %}', encoding="utf-8")
    code, issue = build_project(root)
    assert code == 0 and (issue / "briefing.md").read_text(encoding="utf-8").rstrip().endswith("FIRST")
    (compiled,) = (root / ".newsletter-cache").glob("templates-*")
    first = {path.name: path.stat().st_mtime_ns for path in compiled.iterdir()}
    assert len(first) >= 5  # the content, text, email, subject, preheader and labels templates
    template.write_text(
        '{% extends "default/briefing.md.j2" %}{% block footer %}SECOND{% endblock %}', encoding="utf-8"
    )
    code, issue = build_project(root)
    assert code == 0 and (issue / "briefing.md").read_text(encoding="utf-8").rstrip().endswith("SECOND")
    second = {path.name: path.stat().st_mtime_ns for path in compiled.iterdir()}
    rewritten = [name for name in first if second[name] != first[name]]
    assert len(rewritten) == 1  # only the edited template was compiled again
