"""The plain-text edition, from its own template (briefing.txt.j2)."""

from __future__ import annotations

import unicodedata

from newsletter.model import Issue
from newsletter.render import register_editions, register_paragraphs, register_read_back
from newsletter.render.markdown import content_filters, tidy
from newsletter.render.templates import Environment, render_template

TEXT_TEMPLATE = "briefing.txt.j2"


def display_width(text: str) -> int:
    """Columns the text takes in a monospaced font: wide (CJK) characters count two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def underline(text: str, char: str = "=") -> str:
    """A rule under the last line of `text`, as wide as it shows on screen."""
    last = text.rstrip("\n").rsplit("\n", 1)[-1]
    return char * display_width(last)


def render_text(issue: Issue, env: Environment, edition: str = "both") -> str:
    env.filters.update(content_filters(issue))
    env.filters["underline"] = underline
    return tidy(render_template(env, TEXT_TEMPLATE, issue=issue, edition=edition))


register_editions(".txt", lambda context, edition: render_text(context.issue, context.env, edition))


@register_paragraphs(".txt")
@register_read_back(".txt")
def read_back(data: bytes) -> list[str]:
    """Plain text is what it says: one block per line."""
    return data.decode().split("\n")
