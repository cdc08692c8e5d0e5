"""The Markdown edition: the content template, rendered (markdown-it-py lives here)."""

from __future__ import annotations

import re

from jinja2 import Environment

from newsletter.model import Bilingual, Issue, TranslationState
from newsletter.render import RenderContext, register
from newsletter.render.templates import render_template

CONTENT_TEMPLATE = "briefing.md.j2"
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+\-.!|~])")


def md_escape(text: str) -> str:
    """Escape Markdown syntax so the text renders back exactly as given."""
    return _MD_SPECIAL.sub(r"\\\1", text)


def render_markdown(issue: Issue, env: Environment) -> str:
    env.filters.setdefault("md", md_escape)
    env.filters.setdefault("en", lambda seg: english(seg, issue.pending_marker, issue.review_marker))
    return render_template(env, CONTENT_TEMPLATE, issue=issue)


def english(segment: Bilingual, marker: str, review_marker: str = "[needs review]") -> str:
    if segment.target is None:
        return marker
    return f"{review_marker} {segment.target}" if segment.state is TranslationState.FUZZY else segment.target


@register("briefing.md")
def markdown_file(context: RenderContext) -> bytes:
    return context.markdown.encode()
