"""`newsletter translate extract|status|machine`: the translation memory and its drafts."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from newsletter.clock import system_clock
from newsletter.commands.progress import progress_bar
from newsletter.config import add_config_argument, load_config
from newsletter.errors import ConfigError
from newsletter.model import Report, target_language
from newsletter.readers import read_report
from newsletter.translate.backend import BackendConfig, ChatClient
from newsletter.translate.catalog import read_catalog, resolve_catalog, save_catalog
from newsletter.translate.extract import update_catalog
from newsletter.translate.glossary import DEFAULT_GLOSSARY, Glossary, load_glossary
from newsletter.translate.machine import MachineOptions, MachineResult, machine_translate, to_translate
from newsletter.translate.status import Status, catalog_status

DESCRIPTION = """\
Keep the translation memory: a gettext PO catalog per target language
(translations/en.po for Chinese reports, translations/zh.po for English ones)
that translators fill in their usual tools (Poedit, Weblate...).

  newsletter translate extract report.pdf     # add this week's segments to the catalog
  newsletter translate machine                # machine drafts (fuzzy) for the untranslated ones
  newsletter translate status                 # translated / needing review / missing

Machine drafts always need a person's review (remove the fuzzy flag);
`newsletter build --strict` refuses anything missing or unreviewed.
"""


def add_parser(subparsers: Any) -> str:
    parser = subparsers.add_parser(
        "translate",
        help="translation memory (PO catalog), glossary and machine drafts",
        description=DESCRIPTION,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    _add_extract(actions)
    _add_status(actions)
    _add_machine(actions)
    return "translate"


def _add_extract(actions: Any) -> None:
    parser = actions.add_parser(
        "extract",
        help="add every translatable segment of the reports to the catalog",
        description="Write or update the PO catalog with every segment of the reports (title, key points, "
        "headings, paragraphs, risk warnings, disclaimer) with its report, page and context. Existing "
        "translations carry over; changed sources keep their old translation marked fuzzy; segments "
        "no longer present are kept as obsolete entries.",
    )
    parser.add_argument("reports", nargs="+", type=Path, metavar="REPORT", help="report files (.pdf or .txt)")
    _add_catalog(parser)


def _add_status(actions: Any) -> None:
    parser = actions.add_parser("status", help="count translated, needing review and missing segments")
    _add_catalog(parser)


def _add_machine(actions: Any) -> None:
    parser = actions.add_parser(
        "machine",
        aliases=["fill"],
        help="machine drafts for untranslated segments (OpenAI-compatible API)",
        description="Ask an OpenAI-compatible chat API (OpenAI, DeepSeek, Qwen, Ollama, vLLM...) to draft "
        "the untranslated segments. Figures are protected and verified, glossary terms enforced; a draft "
        "that fails a check is rejected and reported. Drafts are stored as fuzzy entries for review; "
        "human translations, risk warnings and the disclaimer are never touched. "
        "Configuration: NEWSLETTER_MT_BASE_URL (e.g. https://api.deepseek.com/v1 or "
        "http://127.0.0.1:11434/v1), NEWSLETTER_MT_MODEL, NEWSLETTER_MT_API_KEY; options override them.",
    )
    _add_catalog(parser)
    parser.add_argument(
        "--glossary", type=Path, help=f"glossary TSV, Chinese<TAB>English a line; default {DEFAULT_GLOSSARY}"
    )
    parser.add_argument("--base-url", help="API base URL, up to /v1")
    parser.add_argument("--model", help="model name")
    parser.add_argument("--batch-size", type=_positive, default=10, help="segments per request (default 10)")
    parser.add_argument("--concurrency", type=_positive, default=4, help="requests at a time (default 4)")
    parser.add_argument(
        "--timeout",
        type=float,
        default=60.0,
        help="deadline in seconds for each whole request, answer included (default 60)",
    )
    parser.add_argument("--retries", type=int, default=4, help="retries on 429, 5xx and timeouts (default 4)")
    parser.add_argument("-q", "--quiet", action="store_true", help="no progress bar")


def _add_catalog(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--catalog",
        type=Path,
        help="the PO catalog; default the settings' catalog, translations/en.po (zh.po for English reports)",
    )
    add_config_argument(parser)


def _positive(value: str) -> int:
    number = int(value)
    if number < 1:
        raise argparse.ArgumentTypeError("must be 1 or more")
    return number


def run(args: argparse.Namespace) -> int:
    action: Callable[[argparse.Namespace], int] = {"extract": _extract, "status": _status}.get(args.action, _machine)
    return action(args)


def _extract(args: argparse.Namespace) -> int:
    reports = [read_report(path) for path in args.reports]
    groups = _by_target_language(reports)
    if args.catalog and len(groups) > 1:
        raise ConfigError("the reports are in both languages; extract them separately, one --catalog each")
    for target, group in groups.items():
        catalog_path = args.catalog or resolve_catalog(load_config(args.config).catalog, target)
        existing = read_catalog(catalog_path, target) if catalog_path.exists() else None
        catalog = update_catalog(existing, group, target, system_clock())
        save_catalog(catalog, catalog_path)
        print(f"{catalog_path}: {_status_line(catalog_status(catalog))}")
    return 0


def _by_target_language(reports: list[Report]) -> dict[str, list[Report]]:
    groups: dict[str, list[Report]] = {}
    for report in reports:
        groups.setdefault(target_language(report.language), []).append(report)
    return groups


def _status(args: argparse.Namespace) -> int:
    path, target = _catalog_arg(args)
    status = catalog_status(read_catalog(path, target))
    print(f"{path}: {_status_line(status)}")
    for context, translated, fuzzy, missing in status.by_context:
        print(f"  {context:18} {translated:5} translated {fuzzy:5} to review {missing:5} missing")
    return 0


def _status_line(status: Status) -> str:
    return (
        f"{status.total} segments: {status.translated} translated, {status.fuzzy} needing review "
        f"({status.machine} machine drafts), {status.missing} missing; {status.obsolete} obsolete kept"
    )


def _catalog_arg(args: argparse.Namespace) -> tuple[Path, str]:
    """The catalog and its language (the file's stem: en.po is English)."""
    path: Path = args.catalog or load_config(args.config).catalog
    if path.stem not in ("en", "zh"):  # checked before anything is read or paid for
        raise ConfigError("a catalog is named after its language: en.po or zh.po", file=str(path))
    if not path.exists():
        raise ConfigError("no translation catalog yet; run `newsletter translate extract REPORT` first", file=str(path))
    return path, path.stem


def _machine(args: argparse.Namespace) -> int:
    path, target = _catalog_arg(args)
    config = BackendConfig.from_env(
        base_url=args.base_url, model=args.model, timeout=args.timeout, retries=args.retries
    )
    options = MachineOptions(target_language(target), target, args.batch_size, args.concurrency)  # zh <-> en
    catalog = read_catalog(path, target)
    glossary = _glossary(args)
    try:
        with progress_bar(len(to_translate(catalog)), "translating", "seg", args.quiet) as bar:
            result = machine_translate(catalog, ChatClient(config), glossary, options, bar.update)
    finally:
        save_catalog(catalog, path)  # interrupted or not, the checked drafts already paid for are kept
    return _report_machine(result, path)


def _glossary(args: argparse.Namespace) -> Glossary:
    """The named glossary (which must exist), else the project's, if it has one."""
    if args.glossary is not None:
        if not args.glossary.is_file():
            raise ConfigError("no such glossary file", file=str(args.glossary))
        return load_glossary(args.glossary)
    return load_glossary(load_config(args.config).root / DEFAULT_GLOSSARY)


def _report_machine(result: MachineResult, path: Path) -> int:
    print(f"{path}: {result.filled} machine drafts added (fuzzy: review them before sending)")
    for rejected in result.rejected:
        print(f"  untranslated {rejected.context}: {rejected.source[:40]}… — {rejected.reason}")
    if result.rejected:
        print(f"{len(result.rejected)} segments stay untranslated (see above)")
    return 1 if result.rejected else 0
