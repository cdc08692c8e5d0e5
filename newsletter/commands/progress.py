"""Progress lines on stderr, so stdout stays clean for --json output."""

from __future__ import annotations

import sys
from typing import Never

from tqdm import tqdm


def stderr_progress(quiet: bool) -> ProgressPrinter:
    return ProgressPrinter(quiet)


class ProgressPrinter:
    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet

    def __call__(self, message: str) -> None:
        if not self.quiet:
            print(message, file=sys.stderr, flush=True)


def progress_bar(total: int, desc: str, unit: str, quiet: bool) -> tqdm[Never]:
    """The one progress bar (tqdm), on stderr; off with -q."""
    return tqdm(total=total, desc=desc, unit=unit, file=sys.stderr, disable=quiet, mininterval=0.5)
