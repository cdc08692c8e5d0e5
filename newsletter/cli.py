"""Command line: `newsletter COMMAND ...`; `main(argv)` is the whole program.

Every command is a module in `newsletter.commands` with `add_parser` and
`run`; errors from any stage print as one line (a traceback only with -v).
"""

from __future__ import annotations

import argparse
import logging
import sys
import traceback
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from types import ModuleType

from newsletter import __version__
from newsletter.commands import COMMANDS
from newsletter.config import load_config
from newsletter.errors import NewsletterError
from newsletter.limits import use_read_limits

DESCRIPTION = """\
Turn Chinese brokerage research reports (PDF or extracted text) into a
bilingual (Chinese/English) weekly briefing in Markdown, HTML email, plain
text and Word, check it, and send it.

Typical week:
  newsletter extract report.pdf --json        # see what was read
  newsletter build report.pdf --out 'out/{issue}'
  newsletter preview out/2026-W11             # edit templates/, watch the page change
  newsletter check out/2026-W11               # preflight: exit 1 if anything blocks sending
  newsletter send out/2026-W11 --subscribers subscribers.csv --connections 4
                                              # crash-safe; skips the suppression list
"""


def make_parser() -> tuple[argparse.ArgumentParser, dict[str, ModuleType]]:
    parser = argparse.ArgumentParser(
        prog="newsletter", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"newsletter {__version__}")
    parser.add_argument(
        "-v", "--verbose", action="store_true", help="show tracebacks on errors, and informational log lines"
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    modules = {}
    for module in COMMANDS:
        name = module.add_parser(subparsers)
        modules[name] = module
    return parser, modules


def main(argv: Sequence[str] | None = None) -> int:
    parser, modules = make_parser()
    args = parser.parse_args(argv)
    try:
        _apply_shared_settings(args)
        with _logging(args.command, args.verbose):
            result: int = modules[args.command].run(args)
        return result
    except NewsletterError as error:
        if args.verbose:
            traceback.print_exc()
        print(f"newsletter {args.command}: error: {error}", file=sys.stderr)
        return error.exit_code
    except OSError as error:  # a file the user named cannot be read or written
        if args.verbose:
            traceback.print_exc()
        print(f"newsletter {args.command}: error: {error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"newsletter {args.command}: interrupted", file=sys.stderr)
        return 130


def _apply_shared_settings(args: argparse.Namespace) -> None:
    """Settings every command obeys: the bounds on what a report may ask of the reader."""
    use_read_limits(load_config(getattr(args, "config", None)).read_limits)


class _Formatter(logging.Formatter):
    def __init__(self, command: str) -> None:
        super().__init__()
        self.prefix = f"newsletter {command}: "

    def format(self, record: logging.LogRecord) -> str:
        return f"{self.prefix}{record.levelname.lower()}: {record.getMessage()}"


@contextmanager
def _logging(command: str, verbose: bool) -> Iterator[None]:
    """Log lines look like the error line ("newsletter extract: warning: ..."); -v shows info too.

    The handler writes to the stderr of the moment and is removed afterwards, so
    `main` can run many times in one process (the tests do).
    """
    logger = logging.getLogger("newsletter")
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter(command))
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG if verbose else logging.WARNING)
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
