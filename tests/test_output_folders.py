"""Output folders: only a folder we made is ever replaced; a crash never loses the issue."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsletter.cli import main
from newsletter.errors import NewsletterError
from newsletter.outputs import DRY_RUN, write_atomically
from tests.render_fixture import cli_args
from tests.send_issue import make_issue, write_subscribers


def one_error_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err, err
    return err


def test_build_refuses_a_folder_it_did_not_make(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "2026-W20.send.sqlite").write_bytes(b"journal")
    (out / "notes.txt").write_text("mine")
    assert main(cli_args(out)) == 1
    assert "is not an issue folder made by `newsletter build`" in one_error_line(capsys)
    assert (out / "notes.txt").read_text() == "mine" and (out / "2026-W20.send.sqlite").read_bytes() == b"journal"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # no staging folder left behind


def test_build_refuses_a_file_as_output_and_leaves_it_in_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    out.write_text("a file")
    assert main(cli_args(out)) == 1
    assert "exists and is not a folder" in one_error_line(capsys)
    assert out.read_text() == "a file"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


def test_build_replaces_its_own_issue_and_an_empty_folder(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    assert main(cli_args(out)) == 0
    (out / "stale.txt").write_text("left by an older build")
    assert main(cli_args(out)) == 0
    assert not (out / "stale.txt").exists() and (out / "build.json").is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]


@pytest.fixture
def sending(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("NEWSLETTER_UNSUBSCRIBE_SECRET", "a-secret-of-some-length")
    issue = make_issue(tmp_path / "out")
    write_subscribers(tmp_path / "out" / "subscribers.csv", 2)
    yield issue


def dry_run(issue: Path, folder: Path) -> int:
    return main(
        [
            "send",
            str(issue),
            "--subscribers",
            str(issue.parent / "subscribers.csv"),
            "--from",
            "Harbor Peak Research <research@harborpeak.example>",
            "--unsubscribe-url",
            "https://harborpeak.example/unsubscribe",
            "-q",
            "--dry-run",
            str(folder),
        ]
    )


def test_dry_run_never_replaces_a_built_issue(sending: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = sorted(p.name for p in sending.iterdir())
    assert dry_run(sending, sending) == 1
    assert "is not a folder made by `send --dry-run`" in one_error_line(capsys)
    assert sorted(p.name for p in sending.iterdir()) == before


def test_dry_run_replaces_its_own_folder(sending: Path, tmp_path: Path) -> None:
    folder = tmp_path / "eml"
    assert dry_run(sending, folder) == 0
    assert (folder / DRY_RUN).is_file() and len(list(folder.glob("*.eml"))) == 2
    (folder / "extra.eml").write_text("x")
    assert dry_run(sending, folder) == 0
    assert not (folder / "extra.eml").exists()


def test_folders_get_the_users_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        write_atomically(tmp_path / "out", {"build.json": b"{}", "editions/a.txt": b"a"})
    finally:
        os.umask(old)
    assert (tmp_path / "out").stat().st_mode & 0o777 == 0o755
    assert (tmp_path / "out" / "editions").stat().st_mode & 0o777 == 0o755
    assert (tmp_path / "out" / "build.json").stat().st_mode & 0o777 == 0o644


def test_a_symbolic_link_is_refused(tmp_path: Path) -> None:
    real = tmp_path / "real"
    write_atomically(real, {"build.json": b"{}"})
    (tmp_path / "link").symlink_to(real)
    with pytest.raises(NewsletterError, match="symbolic link"):
        write_atomically(tmp_path / "link", {"build.json": b"{}"})


KILLED_BETWEEN_RENAMES = textwrap.dedent(
    """
    import os, signal, sys
    from pathlib import Path
    from newsletter import outputs

    real_rename = Path.rename
    def rename_then_die(self, target):
        result = real_rename(self, target)
        if Path(target).name.endswith(".old"):
            os.kill(os.getpid(), signal.SIGKILL)
        return result
    Path.rename = rename_then_die
    outputs.write_atomically(Path(sys.argv[1]), {"build.json": b"new", "a.txt": b"new"})
    """
)


def test_a_kill_between_the_two_renames_never_loses_the_issue(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_atomically(out, {"build.json": b"old", "a.txt": b"old"})
    done = subprocess.run([sys.executable, "-c", KILLED_BETWEEN_RENAMES, str(out)], check=False)
    assert done.returncode == -signal.SIGKILL
    assert not out.exists() and (tmp_path / ".out.old").is_dir()  # the crash window, really hit
    assert any(p.name.startswith(".out.staging-") for p in tmp_path.iterdir())
    write_atomically(out, {"build.json": b"newer"})  # the next run recovers, then replaces
    assert (out / "build.json").read_bytes() == b"newer"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out"]  # staging and .old cleaned


def test_reading_an_issue_after_the_crash_restores_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    write_atomically(out, {"build.json": b"old"})
    out.rename(tmp_path / ".out.old")
    from newsletter.issue_dir import load_built_issue

    with pytest.raises(NewsletterError):  # build.json b"old" is not JSON, but the folder is back
        load_built_issue(out)
    assert (out / "build.json").read_bytes() == b"old"
