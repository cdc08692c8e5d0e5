"""The one judge of an email address: settings, subscriber lists and messages all ask it.

email-validator does the judging (RFC 5322/6531 syntax, IDNA domains), with
its deliverability checks off: no DNS query, no network. An address whose
local part is not ASCII can only travel with SMTPUTF8 (RFC 6531), which the
sender checks against the server before the first message; an IDN domain
alone is sent in its ASCII (punycode) form.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.utils import getaddresses

from email_validator import EmailNotValidError, validate_email

from newsletter.untrusted import control_character

MAX_NAME = 200  # characters of a display name


class InvalidAddress(ValueError):
    """Not an address we can send to; the message says why (callers add where it came from)."""


@dataclass(frozen=True)
class Mailbox:
    """An address as written, the form for the SMTP envelope, and an optional display name."""

    addr_spec: str
    envelope: str  # ASCII (punycode domain) when possible, else the UTF-8 address
    name: str = ""

    @property
    def needs_smtputf8(self) -> bool:
        return not self.envelope.isascii()

    @property
    def domain(self) -> str:
        return self.envelope.rpartition("@")[2]


def check_address(text: str) -> Mailbox:
    """A bare address (`reader@example.com`); raises InvalidAddress."""
    if has_control(text):
        raise InvalidAddress(f"control characters in the address {text!r}")
    try:
        found = validate_email(text, check_deliverability=False, allow_smtputf8=True)
    except EmailNotValidError as error:
        raise InvalidAddress(f"invalid email address {text!r}: {error}") from error
    return Mailbox(text, found.ascii_email or found.normalized)


def parse_mailbox(text: str) -> Mailbox:
    """One address with an optional display name (`Desk <desk@example.com>`); raises InvalidAddress."""
    if has_control(text):
        raise InvalidAddress(f"control characters in {text!r}")
    found = getaddresses([text])
    if len(found) != 1 or not found[0][1]:
        raise InvalidAddress(f"must be one email address like 'Name <desk@example.com>', not {text!r}")
    name, address = found[0]
    if len(name) > MAX_NAME:
        raise InvalidAddress(f"the display name is longer than {MAX_NAME} characters: {text!r}")
    mailbox = check_address(address)
    return Mailbox(mailbox.addr_spec, mailbox.envelope, name)


def has_control(text: str) -> bool:
    """CR, LF, NUL, ESC, tab... or a Unicode line separator: nothing a header or a name may carry."""
    return "\t" in text or control_character(text) is not None
