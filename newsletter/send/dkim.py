"""Optional DKIM signing with dkimpy (`pip install 'newsletter[dkim]'`).

The signature is computed over the exact bytes that are then sent: the
signer returns the message with its DKIM-Signature header prepended.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from newsletter.errors import SendError

SIGNED_HEADERS = (
    b"from",
    b"to",
    b"reply-to",
    b"subject",
    b"date",
    b"message-id",
    b"content-language",
    b"list-unsubscribe",
    b"list-unsubscribe-post",
    b"mime-version",
    b"content-type",
)

Signer = Callable[[bytes], bytes]


@dataclass(frozen=True)
class DkimKey:
    selector: str
    domain: str
    private_key: bytes


def load_key(path: Path, selector: str, domain: str) -> DkimKey:
    try:
        return DkimKey(selector, domain, path.read_bytes())
    except OSError as error:
        raise SendError(f"cannot read the DKIM key: {error.strerror}", file=str(path)) from error


def make_signer(key: DkimKey) -> Signer:
    try:
        import dkim
    except ImportError as error:
        raise SendError("DKIM signing needs dkimpy: pip install 'newsletter[dkim]'") from error

    def sign(message: bytes) -> bytes:
        try:
            signature: bytes = dkim.sign(
                message,
                key.selector.encode(),
                key.domain.encode(),
                key.private_key,
                include_headers=list(SIGNED_HEADERS),
                linesep=b"\r\n",
            )
        except dkim.DKIMException as error:
            raise SendError(f"DKIM signing failed: {error}") from error
        return signature + message

    sign(b"From: check@example.com\r\nSubject: key check\r\n\r\nkey check\r\n")  # a bad key fails now, not mid-campaign
    return sign
