"""One personal message: the subscriber's edition with their unsubscribe link.

The message is serialised once to bytes; those bytes are what DKIM signs,
what the journal's campaign sends and what --dry-run writes.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import html
from dataclasses import dataclass
from email import policy
from email.headerregistry import Address
from email.message import EmailMessage
from email.utils import format_datetime
from urllib.parse import urlencode

from newsletter.errors import SendError
from newsletter.send.editions import Edition

# Templates may place the personal link themselves; otherwise a footer is added.
UNSUBSCRIBE_PLACEHOLDER = "%%unsubscribe_url%%"
FOOTER_LABEL = {"zh": "退订", "en": "Unsubscribe", "both": "退订 / Unsubscribe"}


@dataclass(frozen=True)
class Sender:
    """What every message of a campaign shares."""

    from_address: Address
    reply_to: Address | None
    unsubscribe_base: str  # e.g. https://example.com/unsubscribe
    secret: bytes  # HMAC key of the unsubscribe tokens

    @property
    def domain(self) -> str:
        return self.from_address.domain


@dataclass(frozen=True)
class Recipient:
    email: str
    name: str


def parse_address(value: str, what: str) -> Address:
    from email.headerregistry import HeaderRegistry

    try:
        header = HeaderRegistry()("from", value)
        addresses: tuple[Address, ...] = tuple(getattr(header, "addresses", ()))
    except Exception as error:  # the parser raises many kinds on garbage
        raise SendError(f"{what} is not an email address: {value!r}") from error
    if len(addresses) != 1 or "@" not in addresses[0].addr_spec:
        raise SendError(f"{what} must be one email address, not {value!r}")
    address: Address = addresses[0]
    return address


def unsubscribe_token(secret: bytes, issue: str, email: str) -> str:
    digest = hmac.new(secret, f"{issue}\n{email.lower()}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest[:18]).decode("ascii")


def verify_unsubscribe_token(secret: bytes, issue: str, email: str, token: str) -> bool:
    """For the unsubscribe endpoint: was this link made by us for this reader?"""
    return hmac.compare_digest(unsubscribe_token(secret, issue, email), token)


def unsubscribe_url(sender: Sender, issue: str, email: str) -> str:
    query = urlencode({"email": email, "issue": issue, "token": unsubscribe_token(sender.secret, issue, email)})
    joiner = "&" if "?" in sender.unsubscribe_base else "?"
    return f"{sender.unsubscribe_base}{joiner}{query}"


def message_id(sender: Sender, issue: str, edition: str, email: str, salt: str = "") -> str:
    """Stable per (issue, recipient): a resent copy carries the same id, so mail systems can merge it."""
    digest = hashlib.sha256(f"{issue}\n{edition}\n{email.lower()}\n{salt}".encode()).hexdigest()[:24]
    return f"<{issue}.{digest}@{sender.domain}>"


def compose(
    edition: Edition, recipient: Recipient, issue: str, sender: Sender, now: dt.datetime, salt: str = ""
) -> bytes:
    url = unsubscribe_url(sender, issue, recipient.email)
    msg = EmailMessage(policy=policy.SMTP)
    _set_headers(msg, edition, recipient, sender, now)
    msg["Message-ID"] = message_id(sender, issue, edition.name, recipient.email, salt)
    msg["List-Unsubscribe"] = f"<{url}>"
    msg["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    # base64: compact for Chinese, and binascii encodes it fast
    msg.set_content(personal_text(edition, url), cte="base64")
    msg.add_alternative(personal_html(edition, url), subtype="html", cte="base64")
    # after the body: set_content and add_alternative move Content-* headers into the parts
    msg["Content-Language"] = edition.content_language
    msg.set_boundary("=_" + msg["Message-ID"].strip("<>").split("@")[0])
    return msg.as_bytes()


def _set_headers(msg: EmailMessage, edition: Edition, recipient: Recipient, sender: Sender, now: dt.datetime) -> None:
    msg["From"] = sender.from_address
    msg["To"] = Address(display_name=recipient.name, addr_spec=recipient.email)
    if sender.reply_to is not None:
        msg["Reply-To"] = sender.reply_to
    msg["Subject"] = edition.subject
    msg["Date"] = format_datetime(now)


def personal_text(edition: Edition, url: str) -> str:
    if UNSUBSCRIBE_PLACEHOLDER in edition.text:
        return edition.text.replace(UNSUBSCRIBE_PLACEHOLDER, url)
    return f"{edition.text.rstrip()}\n\n-- \n{FOOTER_LABEL.get(edition.name, 'Unsubscribe')}: {url}\n"


def personal_html(edition: Edition, url: str) -> str:
    escaped = html.escape(url, quote=True)
    if UNSUBSCRIBE_PLACEHOLDER in edition.html:
        return edition.html.replace(UNSUBSCRIBE_PLACEHOLDER, escaped)
    label = html.escape(FOOTER_LABEL.get(edition.name, "Unsubscribe"))
    footer = f'<p style="font-size:12px;color:#666;text-align:center"><a href="{escaped}">{label}</a></p>'
    at = edition.html.lower().rfind("</body>")
    return edition.html + footer if at < 0 else edition.html[:at] + footer + edition.html[at:]
