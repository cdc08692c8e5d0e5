"""Email-specific checks: the size budget (Gmail clips long messages) and images without alt text."""

from __future__ import annotations

from newsletter.checks.registry import Checked, Finding, Severity, register
from newsletter.model import Issue
from newsletter.render import edition_of
from newsletter.render.html import images_without_alt

CHECK = "email"
# Gmail shows "[Message clipped]" and hides the rest (the disclaimer!) above about 102 KB of HTML.
GMAIL_CLIP_BYTES = 102 * 1024


@register(CHECK)
def check_email(checked: Checked) -> list[Finding]:
    findings: list[Finding] = []
    for filename, data in sorted(checked.outputs.items()):
        if filename.endswith(".html"):
            findings += _size(checked.issue, filename, data) + _alt_texts(filename, data)
    return findings


def _size(issue: Issue, filename: str, data: bytes) -> list[Finding]:
    """Over the limit blocks the build: the disclaimer comes last, and a clipped email hides it."""
    if len(data) <= GMAIL_CLIP_BYTES:
        return []
    edition = edition_of(filename)
    message = (
        f"the {edition} edition's email is {len(data) / 1024:.0f} KB, over Gmail's clipping limit of "
        f"{GMAIL_CLIP_BYTES // 1024} KB (the rest, the disclaimer included, would be hidden); {_remedy(issue)}"
    )
    return [Finding(CHECK, message, output=filename, severity=Severity.BLOCKS_BUILD)]


def _remedy(issue: Issue) -> str:
    fewer = f"build fewer than {len(issue.items)} reports" if len(issue.items) > 1 else "shorten the report's card"
    if issue.depths.email != "card":
        cards = 'email_depth = "card" under [briefing] in newsletter.toml, or --depth card'
        return f"show the reports as cards ({cards}), or {fewer}"
    return f"{fewer}, or drop parts of the card (card_parts in templates/briefing.md.j2)"


def _alt_texts(filename: str, data: bytes) -> list[Finding]:
    return [
        Finding(CHECK, f"image {src} has no alt text", output=filename, severity=Severity.WARNING)
        for src in images_without_alt(data)
    ]
