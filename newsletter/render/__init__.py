"""Renderers: one per output format, each consuming an `Issue`.

The Markdown edition is rendered first from the content template; the HTML
email and the DOCX are made from its tokens, so one template decides what
the briefing says in every format.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from jinja2 import Environment

from newsletter.model import Issue


@dataclass(frozen=True)
class RenderContext:
    issue: Issue
    env: Environment
    markdown: str  # the rendered content template, shared by HTML and DOCX


Renderer = Callable[[RenderContext], bytes]

# output file name -> renderer; one entry per format
_RENDERERS: dict[str, Renderer] = {}


def register(filename: str) -> Callable[[Renderer], Renderer]:
    def decorate(renderer: Renderer) -> Renderer:
        _RENDERERS[filename] = renderer
        return renderer

    return decorate


def renderers() -> dict[str, Renderer]:
    # Imported on use so python-docx and mjml load only when rendering.
    from newsletter.render import docx, html, markdown, text  # noqa: F401

    return dict(_RENDERERS)


def render_all(issue: Issue, env: Environment) -> dict[str, bytes]:
    """Every output of the issue, by file name."""
    from newsletter.render.markdown import render_markdown

    context = RenderContext(issue=issue, env=env, markdown=render_markdown(issue, env))
    return {name: renderer(context) for name, renderer in renderers().items()}
