"""The charts of an email as inline images: parts of a multipart/related, named by Content-ID.

The built HTML links its charts as files of the issue folder
(`<img src="charts/1-3.png">`), which a browser and the preview show as they
are; for the message each becomes `cid:...` and the picture travels as its
own base64 part, so the HTML stays small (Gmail clips above ~102 KB of HTML,
not of attachments) and no mail program has to fetch anything.
"""

from __future__ import annotations

import binascii
import re
from pathlib import Path

from newsletter.errors import SendError

CRLF = b"\r\n"
BASE64_LINE = 76
MAX_IMAGE_BYTES = 5 * 1024 * 1024  # one chart; anything larger is not one of ours
_SRC = re.compile(r'src="(charts/[\w.-]{1,80}\.png)"')

Images = tuple[tuple[str, bytes], ...]  # (file relative to the issue folder, PNG)


def load_images(html: str, folder: Path) -> Images:
    """The chart files the HTML links to, read from its folder (editions/charts/1-3.png)."""
    found = []
    for name in dict.fromkeys(_SRC.findall(html)):
        path = folder / name
        try:
            data = path.read_bytes() if path.stat().st_size <= MAX_IMAGE_BYTES else b""
        except OSError as error:
            raise SendError(
                f"the email links to {name}, which cannot be read: {error.strerror}", file=str(path)
            ) from error
        if not data.startswith(b"\x89PNG"):
            raise SendError(f"the email links to {name}, which is not a PNG under 5 MB", file=str(path))
        found.append((name, data))
    return tuple(found)


def content_id(name: str, tag: str, domain: str) -> str:
    """charts/1-3.png -> 1-3.2026-W11.both@example.com (unique per message part, stable per issue)."""
    return f"{Path(name).stem}.{tag}@{domain}"


def with_content_ids(html: str, images: Images, tag: str, domain: str) -> str:
    """The HTML with each chart's src pointing at its part."""
    known = {name for name, _ in images}
    return _SRC.sub(
        lambda m: f'src="cid:{content_id(m.group(1), tag, domain)}"' if m.group(1) in known else m.group(), html
    )


def image_parts(images: Images, tag: str, domain: str) -> tuple[bytes, ...]:
    """Each picture as a MIME part (headers and base64 body), encoded once per edition."""
    return tuple(_image_part(name, data, content_id(name, tag, domain)) for name, data in images)


def _image_part(name: str, data: bytes, cid: str) -> bytes:
    encoded = binascii.b2a_base64(data, newline=False)
    lines = CRLF.join(encoded[at : at + BASE64_LINE] for at in range(0, len(encoded), BASE64_LINE))
    head = (
        f'Content-Type: image/png; name="{Path(name).name}"\r\n'
        "Content-Transfer-Encoding: base64\r\n"
        f"Content-ID: <{cid}>\r\n"
        f'Content-Disposition: inline; filename="{Path(name).name}"\r\n\r\n'
    )
    return head.encode("ascii") + lines + CRLF


def related(html_part: bytes, parts: tuple[bytes, ...], boundary: str) -> bytes:
    """multipart/related: the HTML first (the root), then the pictures it names."""
    marker = b"--" + boundary.encode("ascii")
    head = f'Content-Type: multipart/related; type="text/html"; boundary="{boundary}"\r\n\r\n'.encode("ascii")
    body = b"".join(marker + CRLF + part for part in (html_part, *parts))
    return head + body + marker + b"--" + CRLF
