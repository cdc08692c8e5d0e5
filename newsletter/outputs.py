"""Writing a set of output files all at once or not at all, into a folder that is ours.

An output folder is replaced whole: the files go into a sibling staging
folder, the old folder is renamed aside to `.NAME.old`, the staging folder is
renamed into place, and the old one is removed. Only a folder this tool made
is ever replaced (it carries a marker file: `build.json` for an issue,
`.newsletter-dry-run` for a dry run); any other folder, or a file, is refused
in one line. A crash between the two renames leaves `.NAME.old`, which the
next write (or `recover_folder`) renames back, so the folder never goes
missing; staging folders of dead processes are removed.
"""

from __future__ import annotations

import glob
import os
import shutil
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from newsletter.errors import NewsletterError

BUILT_ISSUE = "build.json"
DRY_RUN = ".newsletter-dry-run"
_WRITERS = 8
_WHAT = {BUILT_ISSUE: "an issue folder made by `newsletter build`", DRY_RUN: "a folder made by `send --dry-run`"}


def write_atomically(target: Path, files: dict[str, bytes], marker: str = BUILT_ISSUE) -> list[Path]:
    """Write every file into `target`, replacing it whole (see the module docstring)."""
    with replaced_folder(target, marker) as staging, ThreadPoolExecutor(_WRITERS) as writers:
        # Each file waits on its own fsync, which frees the interpreter: an issue's ~70 files
        # (its charts) are flushed side by side instead of one after the other.
        list(writers.map(lambda item: write_file(staging / item[0], item[1]), files.items()))
    return [target / name for name in files]


@contextmanager
def replaced_folder(target: Path, marker: str) -> Iterator[Path]:
    """An empty staging folder that replaces `target` when the block ends without error.

    `marker` names the file that marks the folder as ours; it is written
    (empty) when the block did not write it. On an error the staging folder
    is removed and `target` is left as it was.
    """
    _prepare(target, marker)
    staging = _make_staging(target)
    try:
        yield staging
        if not (staging / marker).exists():
            write_file(staging / marker, b"")
        _swap_into_place(staging, target)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise NewsletterError(f"cannot write the outputs: {error}", file=str(target)) from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def write_file(path: Path, data: bytes) -> None:
    """One file, flushed to disk (created with the user's umask)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


def recover_folder(target: Path) -> None:
    """Undo a crash between the two renames: put `.NAME.old` back when NAME is missing."""
    retired = _retired(target)
    try:
        if retired.is_dir() and not os.path.lexists(target):
            retired.rename(target)
    except OSError as error:
        raise NewsletterError(f"cannot restore {retired.name}: {error.strerror}", file=str(target)) from error


def _prepare(target: Path, marker: str) -> None:
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise NewsletterError(f"cannot create the output folder: {error.strerror}", file=str(target)) from error
    recover_folder(target)
    _clean_leftovers(target)
    _refuse_foreign(target, marker)


def _refuse_foreign(target: Path, marker: str) -> None:
    """Replace only what we made: an empty folder or one holding `marker`."""
    if target.is_symlink():
        raise NewsletterError("is a symbolic link; give the folder itself as output", file=str(target))
    if not os.path.lexists(target):
        return
    if not target.is_dir():
        raise NewsletterError("exists and is not a folder; choose another output folder", file=str(target))
    if (target / marker).is_file() or not any(target.iterdir()):
        return
    raise NewsletterError(
        f"exists and is not {_WHAT.get(marker, 'ours')}; it would be replaced whole, so choose a new or empty folder",
        file=str(target),
    )


def _make_staging(target: Path) -> Path:
    """A new folder beside `target`, named after this process (so leftovers can be told apart)."""
    for attempt in range(1000):
        staging = target.parent / f".{target.name}.staging-{os.getpid()}-{attempt}"
        try:
            staging.mkdir()  # mode 0o777 less the umask, unlike tempfile's 0o700
            return staging
        except FileExistsError:
            continue
        except OSError as error:
            raise NewsletterError(f"cannot create the output folder: {error.strerror}", file=str(target)) from error
    raise NewsletterError("cannot create a staging folder (1000 already exist)", file=str(target))


def _clean_leftovers(target: Path) -> None:
    """Remove the staging folders of processes that died, and an old folder already replaced."""
    prefix = f".{target.name}.staging-"
    for path in target.parent.glob(f"{glob.escape(prefix)}*"):
        pid = path.name[len(prefix) :].partition("-")[0]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(path, ignore_errors=True)
    retired = _retired(target)
    if retired.is_dir() and target.is_dir():
        shutil.rmtree(retired, ignore_errors=True)


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return False  # a leftover of this very process cannot be in use: we make one at a time
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _retired(target: Path) -> Path:
    return target.parent / f".{target.name}.old"


def _swap_into_place(staging: Path, target: Path) -> None:
    if not target.exists():
        staging.rename(target)
        return
    retired = _retired(target)
    target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)
