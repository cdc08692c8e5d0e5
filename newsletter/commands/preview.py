"""`newsletter preview [ISSUE_DIR | REPORT...]`: see template edits live."""

from __future__ import annotations

import argparse
import sys
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any

from newsletter.build import BuildOptions
from newsletter.clock import system_clock
from newsletter.config import add_config_argument, load_config
from newsletter.errors import NewsletterError
from newsletter.issue_dir import BUILD_INFO
from newsletter.preview import Previewer, PreviewServer, PreviewSource, Snapshot, preview_options
from newsletter.translate.glossary import DEFAULT_GLOSSARY


def add_parser(subparsers: Any) -> str:
    parser = subparsers.add_parser(
        "preview",
        help="serve the issue on 127.0.0.1 and reload it as templates, catalog or report change",
        description="Serve every edition of the issue (email, Markdown, text, and the Word file to download) "
        "on http://127.0.0.1:PORT/. Whenever a house template, the translation catalog or the report "
        "changes, the issue is rendered again and open pages reload by themselves. Template errors show "
        "in the page. Nothing is written to the issue folder. With no argument, previews the newest "
        "folder under out/.",
    )
    parser.add_argument(
        "inputs", nargs="*", type=Path, metavar="ISSUE_DIR|REPORT", help="an issue folder, or report files"
    )
    parser.add_argument("--port", type=int, default=8000, help="port on 127.0.0.1 (0: any free port); default 8000")
    parser.add_argument("--templates", type=Path, default=None, help="house templates folder")
    parser.add_argument("--catalog", type=Path, default=None, help="translation catalog (PO file)")
    add_config_argument(parser)
    return "preview"


def run(args: argparse.Namespace) -> int:
    source = _source(args.inputs)
    config = load_config(args.config)
    options = preview_options(
        BuildOptions(
            catalog=args.catalog,
            templates=args.templates,
            brand=config.brand,
            brand_en=config.brand_en,
            pending_marker=config.pending_marker,
            cache=config.cache,
            order=config.order,
            depths=config.depths(),
            glossary=config.root / DEFAULT_GLOSSARY,
            languages=config.languages,
            publisher=config.publisher(),
        ),
        source,
    )
    options = _fill_defaults(options, config.catalog, config.templates)
    server = _serve(Previewer(source, options, system_clock, on_rebuild=_report), args.port)
    issue = server.previewer.snapshot.issue_id
    print(f"previewing {f'issue {issue} ' if issue else ''}at {server.url}  (Ctrl-C to stop)", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        print("preview stopped", flush=True)  # Ctrl-C is how a preview ends: not an error
    finally:
        server.close()
    return 0


def _report(snapshot: Snapshot) -> None:
    """One line in the editor's terminal per rebuild."""
    when = time.strftime("%H:%M:%S")
    if snapshot.error:
        print(f"{when} error: {snapshot.error}", file=sys.stderr, flush=True)
    else:
        print(f"{when} rebuilt issue {snapshot.issue_id}; the page reloads", flush=True)


def _serve(previewer: Previewer, port: int) -> PreviewServer:
    try:
        server = PreviewServer(previewer, port=port).start()
    except OSError as error:
        raise NewsletterError(f"cannot serve on 127.0.0.1:{port}: {error.strerror}; try --port 0") from error
    if previewer.snapshot.error:
        print(f"warning: {previewer.snapshot.error} (fix it: the page reloads)", file=sys.stderr)
    return server


def _fill_defaults(options: BuildOptions, catalog: Path, templates: Path) -> BuildOptions:
    return replace(options, catalog=options.catalog or catalog, templates=options.templates or templates)


def _source(inputs: list[Path]) -> PreviewSource:
    if not inputs:
        return PreviewSource.from_issue_dir(_newest_issue(Path("out")))
    if len(inputs) == 1 and inputs[0].is_dir():
        return PreviewSource.from_issue_dir(inputs[0])
    return PreviewSource(reports=tuple(inputs))


def _newest_issue(root: Path) -> Path:
    built = sorted(root.glob(f"*/{BUILD_INFO}"), key=lambda path: path.stat().st_mtime)
    if not built:
        raise NewsletterError("no built issue under out/; give an issue folder or a report (see --help)")
    return built[-1].parent
