"""Command line: `newsletter COMMAND ...`; `main(argv)` is the whole program.

Every command is a module in `newsletter.commands` with `add_parser` and
`run`; errors from any stage print as one line (a traceback only with -v).
"""

from __future__ import annotations

import argparse
import sys
import traceback
from collections.abc import Sequence
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
"""


def make_parser() -> tuple[argparse.ArgumentParser, dict[str, ModuleType]]:
    parser = argparse.ArgumentParser(
        prog="newsletter", description=DESCRIPTION, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--version", action="version", version=f"newsletter {__version__}")
    parser.add_argument("-v", "--verbose", action="store_true", help="show tracebacks and more detail on errors")
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


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
