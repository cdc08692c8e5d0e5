"""One personal message: the subscriber's edition with their unsubscribe link.

The message is serialised once to bytes; those bytes are what DKIM signs,
what the journal's campaign sends and what --dry-run writes.
"""

from __future__ import annotations

import base64
import binascii
import datetime as dt
import hashlib
import hmac
import html
import os
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.utils import format_datetime, formataddr
from urllib.parse import urlencode

from newsletter.addresses import InvalidAddress, Mailbox, has_control, parse_mailbox
from newsletter.errors import AddressError, ConfigError, SendError
from newsletter.send.editions import Edition
from newsletter.send.inline_images import image_parts, related, with_content_ids

# Templates place the personal link in their slot (Edition.slot); without one, a footer is added.
CRLF = b"\r\n"
BASE64_LINE = 76  # RFC 2045
SECRET_ENV = "NEWSLETTER_UNSUBSCRIBE_SECRET"
MIN_SECRET = 16  # characters: the key of every unsubscribe token, guessed once means forged for all
FOOTER_LABEL = {"zh": "退订", "en": "Unsubscribe", "both": "退订 / Unsubscribe"}


@dataclass(frozen=True)
class Sender:
    """What every message of a campaign shares."""

    from_address: Mailbox
    reply_to: Mailbox | None
    unsubscribe_base: str  # e.g. https://example.com/unsubscribe
    secret: bytes  # HMAC key of the unsubscribe tokens

    @property
    def domain(self) -> str:
        return self.from_address.domain

    @property
    def needs_smtputf8(self) -> bool:
        return self.from_address.needs_smtputf8 or (self.reply_to is not None and self.reply_to.needs_smtputf8)


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str


def parse_address(value: str, what: str) -> Mailbox:
    try:
        return parse_mailbox(value)
    except InvalidAddress as error:
        raise AddressError(f"{what}: {error}") from error


def unsubscribe_secret() -> bytes:
    """The HMAC key of the unsubscribe tokens (environment), shared by `send` and the unsubscribe endpoint."""
    secret = os.environ.get(SECRET_ENV, "")
    if not secret:
        raise SendError(f"set {SECRET_ENV} to the key of the unsubscribe links (the unsubscribe page checks it)")
    if len(secret.strip()) < MIN_SECRET:
        raise ConfigError(
            f"{SECRET_ENV} must be at least {MIN_SECRET} characters (not counting spaces around it); "
            'make one with: python3 -c "import secrets; print(secrets.token_urlsafe(32))"'
        )
    return secret.encode()


def unsubscribe_token(secret: bytes, issue: str, email: str) -> str:
    digest = hmac.new(secret, f"{issue}\n{email.lower()}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode("ascii")


def verify_unsubscribe_token(secret: bytes, issue: str, email: str, token: str) -> bool:
    """For the unsubscribe endpoint: was this link made by us for this reader? (constant time)"""
    expected = unsubscribe_token(secret, issue, email).encode()
    return hmac.compare_digest(expected, token.encode("utf-8", "replace"))  # bytes: any token, never a TypeError


def unsubscribe_url(sender: Sender, issue: str, email: str, lang: str = "") -> str:
    """The personal link; `lang` (the edition) only picks the language of the confirmation page."""
    fields = {"email": email, "issue": issue, "token": unsubscribe_token(sender.secret, issue, email)}
    query = urlencode({**fields, "lang": lang} if lang else fields)
    joiner = "&" if "?" in sender.unsubscribe_base else "?"
    return f"{sender.unsubscribe_base}{joiner}{query}"


def message_id(sender: Sender, issue: str, edition: str, email: str, salt: str = "") -> str:
    """Stable per (issue, recipient): a resent copy carries the same id, so mail systems can merge it."""
    digest = hashlib.sha256(f"{issue}\n{edition}\n{email.lower()}\n{salt}".encode()).hexdigest()[:24]
    return f"<{issue}.{digest}@{sender.domain}>"


class Composer:
    """Messages of one issue; what editions share is encoded once, not per recipient.

    The email package encodes and folds the shared headers (From, Subject...);
    the personal ones are short and ASCII-safe by construction, and the bodies
    are base64 (compact for Chinese, and encoded in C), so a message costs a
    few string joins: a campaign of 10,000 is bounded by the server, not us.
    """

    def __init__(self, issue: str, sender: Sender) -> None:
        self.issue = issue
        self.sender = sender
        self._shells: dict[str, bytes] = {}
        self._images: dict[str, tuple[bytes, ...]] = {}  # edition -> its encoded chart parts

    def compose(self, edition: Edition, recipient: Recipient, now: dt.datetime, salt: str = "") -> bytes:
        url = unsubscribe_url(self.sender, self.issue, recipient.email, edition.name)
        personal = (
            _to_header(recipient),
            b"Date: " + format_datetime(now).encode("ascii") + CRLF,
            b"Message-ID: " + message_id(self.sender, self.issue, edition.name, recipient.email, salt).encode() + CRLF,
            b"List-Unsubscribe: <" + url.encode("ascii") + b">" + CRLF,
        )
        boundary = b"--" + _boundary(self.issue, edition).encode("ascii")
        return b"".join(
            (
                *personal,
                self._shell(edition),
                CRLF,
                boundary + CRLF + _part("text/plain", personal_text(edition, url)),
                boundary + CRLF + self._html(edition, personal_html(edition, url)),
                boundary + b"--" + CRLF,
            )
        )

    def _html(self, edition: Edition, html: str) -> bytes:
        """The HTML part; with charts, a multipart/related holding it and the pictures."""
        if not edition.images:
            return _part("text/html", html)
        tag = f"{self.issue}.{edition.name}"
        if edition.name not in self._images:
            self._images[edition.name] = image_parts(edition.images, tag, self.sender.domain)
        html = with_content_ids(html, edition.images, tag, self.sender.domain)
        boundary = _boundary(self.issue, edition) + ".related"
        return related(_part("text/html", html), self._images[edition.name], boundary)

    def _shell(self, edition: Edition) -> bytes:
        if edition.name not in self._shells:
            self._shells[edition.name] = _shared_headers(edition, self.issue, self.sender)
        return self._shells[edition.name]


def _to_header(recipient: Recipient) -> bytes:
    if has_control(recipient.name):  # the subscriber list refuses these; a header must never carry one
        raise SendError(f"control characters in the name of {recipient.email}")
    if recipient.email.isascii():
        return b"To: " + formataddr((recipient.name, recipient.email), charset="utf-8").encode("ascii") + CRLF
    return _fold("To", _mailbox_text(recipient.name, recipient.email), utf8=True)


def _mailbox_header(name: str, mailbox: Mailbox) -> bytes:
    return _fold(name, _mailbox_text(mailbox.name, mailbox.addr_spec), utf8=mailbox.needs_smtputf8)


def _mailbox_text(name: str, addr_spec: str) -> str:
    """`Name <addr>` quoted as need be (the email package refuses to build a non-ASCII local part itself)."""
    local, _, domain = addr_spec.rpartition("@")
    return str(Address(name, username=local, domain=domain))


def _shared_headers(edition: Edition, issue: str, sender: Sender) -> bytes:
    headers = [_mailbox_header("From", sender.from_address)]
    if sender.reply_to is not None:
        headers.append(_mailbox_header("Reply-To", sender.reply_to))
    headers += [
        _fold("Subject", edition.subject),
        b"MIME-Version: 1.0\r\n",
        _fold("Content-Type", f'multipart/alternative; boundary="{_boundary(issue, edition)}"'),
        _fold("Content-Language", edition.content_language),
        b"List-Unsubscribe-Post: List-Unsubscribe=One-Click\r\n",
    ]
    return b"".join(headers)


def _fold(name: str, value: str, utf8: bool = False) -> bytes:
    """The email package encodes (RFC 2047) and folds the header; raw UTF-8 only for SMTPUTF8 addresses."""
    chosen = policy.SMTPUTF8 if utf8 else policy.SMTP
    return str(chosen.header_factory(name, value).fold(policy=chosen)).encode("utf-8" if utf8 else "ascii")


def _boundary(issue: str, edition: Edition) -> str:
    # "=_" never occurs in base64, so the boundary cannot collide with a body
    return f"=_{issue}.{edition.name}"


def _part(content_type: str, body: str) -> bytes:
    encoded = binascii.b2a_base64(body.replace("\r\n", "\n").replace("\n", "\r\n").encode("utf-8"), newline=False)
    lines = CRLF.join(encoded[at : at + BASE64_LINE] for at in range(0, len(encoded), BASE64_LINE))
    head = f'Content-Type: {content_type}; charset="utf-8"\r\nContent-Transfer-Encoding: base64\r\n\r\n'
    return head.encode("ascii") + lines + CRLF


def compose(
    edition: Edition, recipient: Recipient, issue: str, sender: Sender, now: dt.datetime, salt: str = ""
) -> bytes:
    """One message on its own (previews); campaigns keep a Composer."""
    return Composer(issue, sender).compose(edition, recipient, now, salt)


def personal_text(edition: Edition, url: str) -> str:
    if edition.slot in edition.text:  # this build's slot only: the plain placeholder in report text stays text
        return edition.text.replace(edition.slot, url)
    return f"{edition.text.rstrip()}\n\n-- \n{FOOTER_LABEL.get(edition.name, 'Unsubscribe')}: {url}\n"


def personal_html(edition: Edition, url: str) -> str:
    escaped = html.escape(url, quote=True)
    if edition.slot in edition.html:
        return edition.html.replace(edition.slot, escaped)
    label = html.escape(FOOTER_LABEL.get(edition.name, "Unsubscribe"))
    footer = f'<p style="font-size:12px;color:#666;text-align:center"><a href="{escaped}">{label}</a></p>'
    at = edition.html.rfind("</body>")
    at = at if at >= 0 else edition.html.lower().rfind("</body>")
    return edition.html + footer if at < 0 else edition.html[:at] + footer + edition.html[at:]
