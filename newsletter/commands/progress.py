"""Progress lines on stderr, so stdout stays clean for --json output."""

from __future__ import annotations

import sys


def stderr_progress(quiet: bool) -> ProgressPrinter:
    return ProgressPrinter(quiet)


class ProgressPrinter:
    def __init__(self, quiet: bool) -> None:
        self.quiet = quiet

    def __call__(self, message: str) -> None:
        if not self.quiet:
            print(message, file=sys.stderr, flush=True)
