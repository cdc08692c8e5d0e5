"""Email-specific warnings: size (Gmail clips long messages) and images without alt text."""

from __future__ import annotations

from newsletter.checks.registry import Checked, Finding, Severity, register
from newsletter.render.html import images_without_alt

CHECK = "email"
# Gmail shows "[Message clipped]" and hides the rest (the disclaimer!) above about 102 KB of HTML.
GMAIL_CLIP_BYTES = 102 * 1024


@register(CHECK)
def check_email(checked: Checked) -> list[Finding]:
    findings: list[Finding] = []
    for filename, data in sorted(checked.outputs.items()):
        if filename.endswith(".html"):
            findings += _size(filename, data) + _alt_texts(filename, data)
    return findings


def _size(filename: str, data: bytes) -> list[Finding]:
    if len(data) <= GMAIL_CLIP_BYTES:
        return []
    message = (
        f"the email is {len(data) / 1024:.0f} KB; Gmail clips messages above about "
        f"{GMAIL_CLIP_BYTES // 1024} KB and hides the rest, the disclaimer included"
    )
    # The build only warns (an editor may still trim the issue); sending it clipped hides the disclaimer.
    return [Finding(CHECK, message, output=filename, severity=Severity.BLOCKS_SENDING)]


def _alt_texts(filename: str, data: bytes) -> list[Finding]:
    return [
        Finding(CHECK, f"image {src} has no alt text", output=filename, severity=Severity.WARNING)
        for src in images_without_alt(data)
    ]
