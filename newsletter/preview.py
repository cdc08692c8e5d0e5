"""Live preview: the issue served on 127.0.0.1, rebuilt and reloaded on change.

A watcher polls the house templates, the catalog and the report(s); on a
change the issue is rendered again in memory (the extraction comes from the
cache, so it takes a moment) and every open page reloads itself through a
server-sent event. The reload script is added to pages as they are served,
never to the files `build` writes. Nothing is written to the issue folder.
"""

from __future__ import annotations

import contextlib
import html
import json
import logging
import mimetypes
import sys
import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from newsletter.build import BuildOptions, render_reports
from newsletter.cache import cached_read
from newsletter.checks import Checked, Finding, run_checks
from newsletter.clock import Clock
from newsletter.errors import NewsletterError
from newsletter.issue_dir import load_built_issue
from newsletter.model import Report
from newsletter.readers import read_report
from newsletter.render import edition_of

log = logging.getLogger(__name__)

EVENTS = "/__preview/events"
POLL_SECONDS = 0.25
KEEPALIVE_SECONDS = 10.0
IDLE_SECONDS = 30.0  # a connection that sends nothing for this long is closed
WORKERS = 32  # connections served at once (each open page holds one for its reload events)
BACKLOG = 128  # connections the kernel queues while every worker is busy: a burst waits, it is not dropped
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
_SCRIPT = (
    "<script>/* newsletter preview: reload on rebuild */(function(){{var v={version};"
    "var es=new EventSource('{events}');es.onmessage=function(e){{if(e.data!==v){{es.close();location.reload();}}}};"
    "}})();</script>"
)


@dataclass(frozen=True)
class PreviewSource:
    """What the preview builds from: report files, or a built issue folder
    (its reports when they are still where the build found them, else its report.json)."""

    reports: tuple[Path, ...] = ()
    issue_dir: Path | None = None

    @classmethod
    def from_issue_dir(cls, folder: Path) -> PreviewSource:
        reports = load_built_issue(folder).report_paths
        return cls(reports if reports and all(path.is_file() for path in reports) else (), folder)

    def watched_inputs(self) -> tuple[Path, ...]:
        if self.reports or self.issue_dir is None:
            return self.reports
        return (self.issue_dir / "report.json",)

    def read(self, options: BuildOptions) -> list[Report]:
        if not self.reports and self.issue_dir is not None:
            return list(load_built_issue(self.issue_dir).reports)
        return [cached_read(path, options.cache, read_report)[0] for path in self.reports]


@dataclass(frozen=True)
class Snapshot:
    """One rendering of the issue, or the error that stopped it."""

    version: str
    outputs: dict[str, bytes]
    findings: tuple[Finding, ...] = ()
    error: str | None = None
    issue_id: str = ""


class Previewer:
    """Renders the issue and re-renders it whenever an input changes."""

    def __init__(
        self,
        source: PreviewSource,
        options: BuildOptions,
        clock: Clock,
        on_rebuild: Callable[[Snapshot], None] | None = None,
    ) -> None:
        self.source, self.options, self.clock = source, options, clock
        self.on_rebuild = on_rebuild
        self.changed = threading.Condition()
        self.snapshot = Snapshot(version="0", outputs={})
        self._count = 0
        self._stamp = _stamp(self.watched())

    def watched(self) -> list[Path]:
        """The templates folder (every file in it), the catalog and the report(s)."""
        paths = list(self.source.watched_inputs())
        if self.options.catalog is not None:
            paths.append(self.options.catalog)
        templates = self.options.templates
        if templates is not None and templates.is_dir():
            paths += sorted(p for p in templates.rglob("*") if p.is_file())
        return paths

    def rebuild(self) -> Snapshot:
        self._count += 1
        version = f"{time.time_ns():x}-{self._count}"
        try:
            issue, outputs = render_reports(self.source.read(self.options), self.options, self.clock, _quiet)
            snapshot = Snapshot(version, outputs, tuple(run_checks(Checked(issue, outputs))), issue_id=issue.id)
        except NewsletterError as error:
            snapshot = self._failed(version, str(error))
        except Exception as error:  # a bug must not stop the watcher: show it, keep watching
            snapshot = self._failed(
                version, f"internal error ({type(error).__name__}: {error}); `newsletter -v build` shows the traceback"
            )
        with self.changed:
            self.snapshot = snapshot
            self.changed.notify_all()
        return snapshot

    def _failed(self, version: str, message: str) -> Snapshot:
        """The error, with the last good outputs kept for the pages that still make sense."""
        return Snapshot(version, self.snapshot.outputs, error=message, issue_id=self.snapshot.issue_id)

    def poll(self) -> bool:
        """Rebuild when a watched file appeared, vanished or changed; True if it did."""
        stamp = _stamp(self.watched())
        if stamp == self._stamp:
            return False
        self._stamp = stamp
        snapshot = self.rebuild()
        if self.on_rebuild is not None:
            self.on_rebuild(snapshot)
        return True

    def wait_for_change(self, version: str, timeout: float) -> Snapshot:
        with self.changed:
            self.changed.wait_for(lambda: self.snapshot.version != version, timeout=timeout)
            return self.snapshot


def _stamp(paths: Sequence[Path]) -> dict[Path, tuple[int, int] | None]:
    stamps: dict[Path, tuple[int, int] | None] = {}
    for path in paths:
        try:
            status = path.stat()
            stamps[path] = (status.st_mtime_ns, status.st_size)
        except OSError:
            stamps[path] = None
    return stamps


def _quiet(message: str) -> None:
    pass


class _BoundedHTTPServer(ThreadingHTTPServer):
    """A thread per connection, but at most `workers` of them; the rest wait in the listen backlog.

    A client that resets its connection is no error worth a traceback; any
    other failure of one request is one log line, and the server goes on.
    """

    request_queue_size = BACKLOG
    daemon_threads = True

    def __init__(self, address: tuple[str, int], handler: type[BaseHTTPRequestHandler], workers: int) -> None:
        super().__init__(address, handler)
        self._slots = threading.BoundedSemaphore(workers)
        self._closing = threading.Event()

    def process_request(self, request: Any, client_address: Any) -> None:
        while not self._slots.acquire(timeout=POLL_SECONDS):
            if self._closing.is_set():
                self.shutdown_request(request)
                return
        try:
            super().process_request(request, client_address)
        except BaseException:
            self._slots.release()
            raise

    def process_request_thread(self, request: Any, client_address: Any) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._slots.release()

    def handle_error(self, request: Any, client_address: Any) -> None:
        error = sys.exc_info()[1]
        if not isinstance(error, OSError):  # resets, broken pipes, timeouts: the client went away
            log.warning("preview: a request from %s failed: %r", client_address[0], error)

    def shutdown(self) -> None:
        self._closing.set()
        super().shutdown()


class PreviewServer:
    """The HTTP server and the watcher, each on a daemon thread.

    It answers only requests addressed to this machine by name (the Host
    header), so a web page that rebinds its own domain to 127.0.0.1 cannot
    read the unreleased briefing; idle connections are closed after
    `idle_timeout` seconds, and at most `workers` are served at once.
    """

    def __init__(
        self,
        previewer: Previewer,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        idle_timeout: float = IDLE_SECONDS,
        workers: int = WORKERS,
    ) -> None:
        self.previewer = previewer
        self._stop = threading.Event()
        handler = _handler_for(previewer, self._stop, idle_timeout)
        self.httpd = _BoundedHTTPServer((host, port), handler, workers)
        self._threads = [
            threading.Thread(target=self.httpd.serve_forever, name="preview-http", daemon=True),
            threading.Thread(target=self._watch, name="preview-watch", daemon=True),
        ]

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}/"

    def start(self) -> PreviewServer:
        self.previewer.rebuild()
        for thread in self._threads:
            thread.start()
        return self

    def close(self) -> None:
        self._stop.set()
        with self.previewer.changed:
            self.previewer.changed.notify_all()
        self.httpd.shutdown()
        self.httpd.server_close()

    def _watch(self) -> None:
        while not self._stop.wait(POLL_SECONDS):
            self.previewer.poll()

    def __enter__(self) -> PreviewServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.close()


def _handler_for(previewer: Previewer, stop: threading.Event, idle_timeout: float) -> type[BaseHTTPRequestHandler]:
    class Handler(_PreviewHandler):
        timeout = idle_timeout  # the socket timeout of every connection (BaseHTTPRequestHandler.setup)

    Handler.previewer, Handler.stop = previewer, stop
    return Handler


class _PreviewHandler(BaseHTTPRequestHandler):
    previewer: Previewer
    stop: threading.Event  # set when the server closes, to end event streams
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        pass  # the editor's terminal shows rebuilds, not every request

    def do_GET(self) -> None:
        path = unquote(urlsplit(self.path).path)
        snapshot = self.previewer.snapshot
        if not self._addressed_to_us():
            self._send(HTTPStatus.MISDIRECTED_REQUEST, b"not a preview host\n", "text/plain; charset=utf-8")
        elif path == EVENTS:
            self._events(snapshot.version)
        elif path == "/":
            self._page(HTTPStatus.OK, index_page(snapshot))
        elif path.startswith("/view/"):
            self._view(snapshot, path.removeprefix("/view/"))
        elif path.startswith("/out/"):
            self._file(snapshot, path.removeprefix("/out/"))
        else:
            self._page(HTTPStatus.NOT_FOUND, _error_page(snapshot, f"no such page: {path}"))

    def _addressed_to_us(self) -> bool:
        """DNS rebinding: another site's name pointing at 127.0.0.1 must not be served."""
        host = (self.headers.get("Host") or "").strip().lower()
        address: Any = self.server.server_address
        port = str(address[1])
        return any(host in (name, f"{name}:{port}") for name in LOOPBACK_NAMES)

    def _file(self, snapshot: Snapshot, name: str) -> None:
        if snapshot.error and name.endswith(".html"):
            self._page(HTTPStatus.INTERNAL_SERVER_ERROR, _error_page(snapshot, snapshot.error))
        elif name not in snapshot.outputs:
            self._page(HTTPStatus.NOT_FOUND, _error_page(snapshot, f"no output named {name!r}"))
        elif name.endswith(".html"):
            self._page(HTTPStatus.OK, with_reload(snapshot.outputs[name].decode("utf-8"), snapshot.version))
        else:
            kind = mimetypes.guess_type(name)[0] or "application/octet-stream"
            text = kind.startswith("text/") or name.endswith((".md", ".json"))
            self._send(HTTPStatus.OK, snapshot.outputs[name], "text/plain; charset=utf-8" if text else kind)

    def _view(self, snapshot: Snapshot, name: str) -> None:
        if snapshot.error or name not in snapshot.outputs:
            self._page(HTTPStatus.NOT_FOUND, _error_page(snapshot, snapshot.error or f"no output named {name!r}"))
            return
        body = f"<pre style='white-space:pre-wrap'>{html.escape(snapshot.outputs[name].decode('utf-8'))}</pre>"
        self._page(HTTPStatus.OK, _shell(f"{name} · {snapshot.issue_id}", body, snapshot.version))

    def _page(self, status: HTTPStatus, page: str) -> None:
        self._send(status, page.encode("utf-8"), "text/html; charset=utf-8")

    def _send(self, status: HTTPStatus, body: bytes, kind: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self, version: str) -> None:
        """Server-sent events: the current version now, then each new one."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the page went away or reloaded
            self._stream(version)

    def _stream(self, version: str) -> None:
        self.wfile.write(f"data: {version}\n\n".encode())
        self.wfile.flush()
        while not self.stop.is_set():
            snapshot = self.previewer.wait_for_change(version, KEEPALIVE_SECONDS)
            message = f"data: {snapshot.version}\n\n" if snapshot.version != version else ": keep-alive\n\n"
            self.wfile.write(message.encode())
            self.wfile.flush()
            version = snapshot.version


def with_reload(page: str, version: str) -> str:
    """The page with the reload script, before </body> (or at the end)."""
    script = _SCRIPT.format(version=json.dumps(version), events=EVENTS)
    at = page.lower().rfind("</body>")
    return page + script if at < 0 else page[:at] + script + page[at:]


def index_page(snapshot: Snapshot) -> str:
    """Every edition, the DOCX and the findings, on one page."""
    links = "".join(f"<li>{_link(name)}</li>" for name in sorted(snapshot.outputs))
    notes = "".join(f"<li>{html.escape(str(finding))}</li>" for finding in snapshot.findings)
    error = f"<p class='error'><b>Build failed:</b> {html.escape(snapshot.error)}</p>" if snapshot.error else ""
    body = f"<h1>Issue {html.escape(snapshot.issue_id)}</h1>{error}<ul>{links}</ul>"
    if notes:
        body += f"<h2>Checks</h2><ul>{notes}</ul>"
    return _shell(f"Preview · {snapshot.issue_id}", body, snapshot.version)


_KINDS = {".html": "email", ".txt": "plain text", ".md": "Markdown", ".docx": "Word", ".json": "data"}
_EDITIONS = {"both": "bilingual", "zh": "Chinese", "en": "English"}


def _link(name: str) -> str:
    """A link to one output, saying what it is: 'email · English', 'Word'..."""
    label = html.escape(name)
    kind = _KINDS.get(Path(name).suffix, "file")
    if kind in ("email", "plain text"):
        kind += f" · {_EDITIONS[edition_of(name)]}"
    if name.endswith(".html"):
        return f"<a href='/out/{label}'>{label}</a> ({kind})"
    if name.endswith(".docx"):
        return f"<a href='/out/{label}' download>{label}</a> ({kind}, download)"
    return f"<a href='/view/{label}'>{label}</a> ({kind})"


def _error_page(snapshot: Snapshot, message: str) -> str:
    body = f"<h1>Preview</h1><p class='error'>{html.escape(message)}</p><p><a href='/'>all editions</a></p>"
    return _shell("Preview: error", body, snapshot.version)


def _shell(title: str, body: str, version: str) -> str:
    style = "body{font-family:sans-serif;max-width:60rem;margin:2rem auto}.error{color:#b00020}"
    page = f"<!doctype html><html><head><meta charset='utf-8'><title>{html.escape(title)}</title>"
    return with_reload(f"{page}<style>{style}</style></head><body>{body}</body></html>", version)


def preview_options(options: BuildOptions, source: PreviewSource) -> BuildOptions:
    """A folder's own build settings fill what the command line left open."""
    if source.issue_dir is None:
        return options
    built = load_built_issue(source.issue_dir)
    return replace(
        options,
        catalog=options.catalog or built.catalog,
        templates=options.templates or built.templates,
        brand=built.info["brand"],
        brand_en=built.info.get("brand_en"),
        pending_marker=built.info["pending_marker"],
        review_marker=built.info.get("review_marker", options.review_marker),
    )
