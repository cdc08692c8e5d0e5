"""Writing a set of output files all at once or not at all."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from newsletter.errors import NewsletterError


def write_atomically(target: Path, files: Mapping[str, bytes] | Iterable[tuple[str, bytes]]) -> list[Path]:
    """Write every file into `target`, replacing it whole.

    `files` may be a generator of (name, bytes): each is written as it comes,
    so memory stays flat however many there are (send --dry-run).

    The files are written into a sibling temporary folder which is renamed
    into place only when all of them are on disk, so a crash or an error
    leaves either the old folder or the new one, never a mix.
    """
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    except OSError as error:
        raise NewsletterError(f"cannot create the output folder: {error.strerror}", file=str(target)) from error
    names = []
    try:
        for name, data in files.items() if isinstance(files, Mapping) else files:
            _write_file(staging / name, data)
            names.append(name)
        _swap_into_place(staging, target)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise NewsletterError(f"cannot write the outputs: {error}", file=str(target)) from error
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return [target / name for name in names]


def _write_file(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as stream:
        stream.write(data)
        stream.flush()
        os.fsync(stream.fileno())


def _swap_into_place(staging: Path, target: Path) -> None:
    if not target.exists():
        staging.rename(target)
        return
    retired = Path(tempfile.mkdtemp(prefix=f".{target.name}.old.", dir=target.parent))
    retired.rmdir()
    target.rename(retired)
    staging.rename(target)
    shutil.rmtree(retired, ignore_errors=True)
