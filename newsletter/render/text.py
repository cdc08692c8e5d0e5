"""The plain-text edition, from its own template (briefing.txt.j2)."""

from __future__ import annotations

from newsletter.model import Issue
from newsletter.render.markdown import tidy
from newsletter.render.registry import register_editions, register_paragraphs, register_read_back
from newsletter.render.templates import Environment, render_template

TEXT_TEMPLATE = "briefing.txt.j2"


def render_text(issue: Issue, env: Environment, edition: str = "both", depth: str | None = None) -> str:
    """The text part of an email: at the email's depth unless told otherwise."""
    chosen = depth or issue.depths.email
    return tidy(render_template(env, TEXT_TEMPLATE, issue=issue, edition=edition, depth=chosen))


register_editions(".txt", lambda context, edition: render_text(context.issue, context.env, edition))


@register_paragraphs(".txt")
@register_read_back(".txt")
def read_back(data: bytes) -> list[str]:
    """Plain text is what it says: one block per line."""
    return data.decode().split("\n")
