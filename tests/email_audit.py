"""Open a built email in Chromium at a width and colour scheme and audit it (email_audit.js)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.devtools import Page

AUDIT = (Path(__file__).resolve().parent / "email_audit.js").read_text(encoding="utf-8")
MINIMUM = 4.5  # WCAG AA contrast for body text


def audit(page: Page, html: Path, width: int, scheme: str) -> dict[str, Any]:
    """Texts with colour, background and contrast ratio; the page's scroll width; its images."""
    page.call("Emulation.setDeviceMetricsOverride", width=width, height=900, deviceScaleFactor=1, mobile=width < 600)
    page.call("Emulation.setEmulatedMedia", features=[{"name": "prefers-color-scheme", "value": scheme}])
    page.goto(html.as_uri())
    result: dict[str, Any] = page.evaluate(AUDIT)
    result["images"] = page.evaluate(
        "Array.from(document.images).map(i => ({src: i.getAttribute('src'), loaded: i.complete && i.naturalWidth > 0,"
        " width: i.getBoundingClientRect().width, alt: i.getAttribute('alt')}))"
    )
    return result
