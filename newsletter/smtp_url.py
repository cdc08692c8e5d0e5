"""SMTP URLs: what `send --smtp` and the `[email] smtp_url` setting accept.

A neutral module (no stage imports): the settings validate a URL with the
very parser the sender connects with, without the settings importing `send`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from newsletter.errors import SendError

USER_ENV = "NEWSLETTER_SMTP_USER"
PASSWORD_ENV = "NEWSLETTER_SMTP_PASSWORD"
DEFAULT_PORTS = {"plain": 25, "starttls": 587, "tls": 465}
SCHEMES = {"smtp": "plain", "smtps": "tls", "smtp+starttls": "starttls"}


@dataclass(frozen=True)
class Endpoint:
    host: str
    port: int
    security: str  # plain, starttls or tls
    cafile: str | None = None

    def __str__(self) -> str:
        return f"{self.host}:{self.port} ({self.security})"


def parse_smtp_url(url: str, name: str = "--smtp") -> Endpoint:
    """smtp://host:port, smtps://host:port, smtp+starttls://host:port or smtp://host:port?starttls.

    The one judge of an SMTP URL: the settings file asks it too (`name` is the
    option or setting the URL came from, for the message).
    """
    parts = urlsplit(url)
    security = SCHEMES.get(parts.scheme.lower())
    if security is None or not parts.hostname:
        raise SendError(
            f"{name} must look like smtp://host:port, smtps://host:port or smtp+starttls://host:port, not {url!r}"
        )
    if parts.username or parts.password:
        raise SendError(
            f"{name} must not hold a password or user name; put the SMTP login in {USER_ENV} and {PASSWORD_ENV}"
        )
    query = parse_qs(parts.query, keep_blank_values=True)
    if "starttls" in query and security == "plain":
        security = "starttls"
    try:
        port = parts.port or DEFAULT_PORTS[security]
    except ValueError as error:
        raise SendError(f"{name} has a bad port: {url!r}") from error
    return Endpoint(parts.hostname, port, security, next(iter(query.get("cafile", [])), None))
