"""The unsubscribe endpoint (RFC 8058) as a WSGI app any WSGI server can host.

Every message carries `List-Unsubscribe: <URL?email&issue&token&lang>` and
`List-Unsubscribe-Post: List-Unsubscribe=One-Click`:

- POST to the URL (a mail program's one-click button, or the form below)
  records the address on the suppression list, if the token is ours;
- GET shows a confirmation page with that form, in the subscriber's
  language, and changes nothing (link scanners fetch every link they see).

The token is an HMAC of issue and address (`send.message`), checked in
constant time; a forged token, a token for another issue or another address
is refused (403). Recording is idempotent: a replayed POST answers the same
and keeps the first record. Requests are bounded (query and body sizes).

    gunicorn 'newsletter.send.unsubscribe:create_app()'
    waitress-serve --call newsletter.send.unsubscribe:create_app
"""

from __future__ import annotations

import html
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlencode

from newsletter.clock import Clock, system_clock
from newsletter.errors import NewsletterError
from newsletter.send.message import unsubscribe_secret, verify_unsubscribe_token
from newsletter.send.suppression import Suppressions

MAX_BODY = 4096  # bytes of a POST body: the one-click body is 26
MAX_QUERY = 2048
StartResponse = Callable[[str, list[tuple[str, str]]], Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]

TEXTS = {
    "zh": {
        "title": "退订",
        "ask": "确认退订 {email}？此后不会再收到本简报。",
        "button": "确认退订",
        "done": "已退订：{email} 不会再收到本简报。",
        "invalid": "此退订链接无效（可能被截断或修改）。请回复邮件告知我们。",
    },
    "en": {
        "title": "Unsubscribe",
        "ask": "Unsubscribe {email}? You will not receive this briefing again.",
        "button": "Unsubscribe",
        "done": "Unsubscribed: {email} will not receive this briefing again.",
        "invalid": "This unsubscribe link is not valid (it may be cut off or changed). Please reply to the email.",
    },
}
HTML_LANG = {"zh": "zh-CN", "en": "en"}


@dataclass(frozen=True)
class Request:
    email: str
    issue: str
    token: str
    languages: tuple[str, ...]  # the page's languages: zh, en or both

    def query(self) -> str:
        edition = "both" if len(self.languages) == 2 else self.languages[0]
        return urlencode({"email": self.email, "issue": self.issue, "token": self.token, "lang": edition})


def make_app(secret: bytes, suppressions: Path, clock: Clock = system_clock) -> WsgiApp:
    """The endpoint, keyed by the secret `send` signs with, recording into `suppressions`."""

    def app(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        method = environ.get("REQUEST_METHOD", "GET")
        if method not in ("GET", "HEAD", "POST"):
            return _respond(start_response, "405 Method Not Allowed", "", [("Allow", "GET, POST")])
        request = _request(environ)
        if request is None or not verify_unsubscribe_token(secret, request.issue, request.email, request.token):
            return _page(start_response, "403 Forbidden", _languages(environ, ""), "invalid", None)
        if method != "POST":
            return _page(start_response, "200 OK", request.languages, "ask", request)
        one_click = b"List-Unsubscribe=One-Click" in _body(environ)
        with Suppressions.open(suppressions, clock) as entries:
            entries.add(request.email, request.issue, "one-click" if one_click else "confirmed")
        return _page(start_response, "200 OK", request.languages, "done", request)

    return app


def create_app() -> WsgiApp:
    """For WSGI servers: the secret from the environment, the list from newsletter.toml (working folder)."""
    from newsletter.config import load_config

    try:
        return make_app(unsubscribe_secret(), load_config().suppressions)
    except NewsletterError as error:
        raise SystemExit(f"newsletter unsubscribe endpoint: {error}") from error


def _request(environ: dict[str, Any]) -> Request | None:
    query = str(environ.get("QUERY_STRING", ""))
    if len(query) > MAX_QUERY:
        return None
    fields = parse_qs(query, max_num_fields=8)
    email, issue, token, lang = (fields.get(name, [""])[0] for name in ("email", "issue", "token", "lang"))
    if not (email and issue and token):
        return None
    return Request(email, issue, token, _languages(environ, lang))


def _languages(environ: dict[str, Any], lang: str) -> tuple[str, ...]:
    """The edition's languages; without one, the browser's first preference."""
    if lang == "both":
        return ("zh", "en")
    if lang in TEXTS:
        return (lang,)
    accepted = str(environ.get("HTTP_ACCEPT_LANGUAGE", "")).strip().lower()
    return ("zh",) if accepted.startswith("zh") else ("en",)


def _body(environ: dict[str, Any]) -> bytes:
    try:
        length = min(int(environ.get("CONTENT_LENGTH") or 0), MAX_BODY)
    except ValueError:
        return b""
    return bytes(environ["wsgi.input"].read(length)) if length > 0 else b""


def _page(
    start_response: StartResponse, status: str, languages: tuple[str, ...], key: str, request: Request | None
) -> list[bytes]:
    email = html.escape(request.email) if request else ""
    title = " / ".join(TEXTS[lang]["title"] for lang in languages)
    parts = [f"<p>{html.escape(TEXTS[lang][key]).replace('{email}', email)}</p>" for lang in languages]
    if key == "ask" and request is not None:
        label = " / ".join(TEXTS[lang]["button"] for lang in languages)
        action = html.escape("?" + request.query())
        parts.append(
            f'<form method="post" action="{action}"><button type="submit">{html.escape(label)}</button></form>'
        )
    page = (
        f'<!DOCTYPE html><html lang="{HTML_LANG[languages[0]]}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width"><title>{html.escape(title)}</title></head>'
        f'<body style="font-family:sans-serif;max-width:36em;margin:3em auto">{"".join(parts)}</body></html>'
    )
    return _respond(start_response, status, page)


def _respond(
    start_response: StartResponse, status: str, page: str, extra: list[tuple[str, str]] | None = None
) -> list[bytes]:
    body = page.encode("utf-8")
    headers = [
        ("Content-Type", "text/html; charset=utf-8"),
        ("Content-Length", str(len(body))),
        ("Cache-Control", "no-store"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "no-referrer"),
        ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'"),
        *(extra or []),
    ]
    start_response(status, headers)
    return [body]
