"""`newsletter unsubscribe-server`: the RFC 8058 endpoint on this machine, with the standard library's server.

For production, host the same WSGI app behind TLS with any WSGI server
(see README: gunicorn or waitress), e.g.
`gunicorn 'newsletter.send.unsubscribe:create_app()'`.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from socketserver import ThreadingMixIn
from typing import Any
from wsgiref.simple_server import WSGIRequestHandler, WSGIServer, make_server

from newsletter.clock import system_clock
from newsletter.config import add_config_argument, load_config
from newsletter.send.message import SECRET_ENV, unsubscribe_secret
from newsletter.send.unsubscribe import WsgiApp, make_app


def add_parser(subparsers: Any) -> str:
    parser = subparsers.add_parser(
        "unsubscribe-server",
        help="serve the one-click unsubscribe endpoint (RFC 8058) that records into the suppression list",
        description="POST to a message's List-Unsubscribe URL puts the address on the suppression list "
        "(if the link's token is ours); GET shows a confirmation page in the subscriber's language. "
        f"Needs ${SECRET_ENV}, the same key `send` signs the links with. This command uses Python's own "
        "server, for local use and tests; in production run the WSGI app "
        "`newsletter.send.unsubscribe:create_app()` under gunicorn or waitress, behind TLS.",
    )
    add_config_argument(parser)
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8025, help="port (default 8025; 0 picks a free one)")
    parser.add_argument(
        "--suppressions", type=Path, metavar="FILE", help="the list (default: [email] suppressions in the settings)"
    )
    return "unsubscribe-server"


def run(args: argparse.Namespace) -> int:
    path = args.suppressions or load_config(args.config).suppressions
    server = serve(make_app(unsubscribe_secret(), path, system_clock), args.host, args.port)
    host, port = server.server_address[:2]
    print(f"unsubscribe endpoint on http://{host!s}:{port}/ recording into {path} (Ctrl-C stops)", flush=True)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0


class _ThreadingServer(ThreadingMixIn, WSGIServer):
    daemon_threads = True


class _QuietHandler(WSGIRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        sys.stderr.write(f"{self.address_string()} {format % args}\n")


def serve(app: WsgiApp, host: str, port: int) -> WSGIServer:
    """The app on host:port (bound, not yet serving): tests run `serve_forever` in a thread."""
    return make_server(host, port, app, server_class=_ThreadingServer, handler_class=_QuietHandler)
