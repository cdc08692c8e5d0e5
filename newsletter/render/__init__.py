"""Renderers: one per output file, each consuming an `Issue`.

The Markdown edition is rendered first from the content template; the HTML
email and the DOCX are made from its tokens, so one template decides what
the briefing says in every format. Every format also registers a read-back
function (output bytes -> the text of its blocks), which the compliance
check uses to prove the legal text arrived verbatim.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

from newsletter.model import Issue
from newsletter.render.templates import Environment

# Language editions: "both" is the bilingual briefing, "zh"/"en" one language
# (the compliance blocks appear in every edition).
EDITIONS = ("both", "zh", "en")


@dataclass(frozen=True)
class RenderContext:
    issue: Issue
    env: Environment
    markdown: str  # the content template, edition "both", at the Markdown depth (briefing.md)
    editions: Mapping[str, str]  # edition -> its content template at the email depth (the emails)
    document: str = ""  # the content template, edition "both", at the Word depth (briefing.docx)


Renderer = Callable[[RenderContext], bytes]
ReadBack = Callable[[bytes], list[str]]

# output file name -> renderer; one entry per file
_RENDERERS: dict[str, Renderer] = {}
# file suffix -> read-back function; one entry per format
_READ_BACK: dict[str, ReadBack] = {}


def register(filename: str) -> Callable[[Renderer], Renderer]:
    def decorate(renderer: Renderer) -> Renderer:
        _RENDERERS[filename] = renderer
        return renderer

    return decorate


def register_read_back(suffix: str) -> Callable[[ReadBack], ReadBack]:
    def decorate(function: ReadBack) -> ReadBack:
        _READ_BACK[suffix] = function
        return function

    return decorate


def register_editions(suffix: str, render: Callable[[RenderContext, str], str]) -> None:
    """One file per edition, editions/<edition><suffix>, and briefing<suffix>.

    briefing<suffix> is the bilingual edition under its familiar name: it is
    registered with the very renderer of editions/both<suffix>, so `render_all`
    renders it once and writes the same bytes to both files.
    """
    for edition in EDITIONS:
        renderer = _edition_renderer(render, edition)
        if edition == "both":
            register(f"briefing{suffix}")(renderer)
        register(f"editions/{edition}{suffix}")(renderer)


def _edition_renderer(render: Callable[[RenderContext, str], str], edition: str) -> Renderer:
    def renderer(context: RenderContext) -> bytes:
        return render(context, edition).encode()

    return renderer


def _load_builtin_renderers() -> None:
    # Imported on use so python-docx and mjml load only when rendering.
    from newsletter.render import docx, html, markdown, text  # noqa: F401


def renderers() -> dict[str, Renderer]:
    _load_builtin_renderers()
    return dict(_RENDERERS)


def read_back(filename: str, data: bytes) -> list[str] | None:
    """The text blocks of an output, or None for files that carry no prose."""
    _load_builtin_renderers()
    suffix = filename[filename.rfind(".") :] if "." in filename else ""
    function = _READ_BACK.get(suffix)
    return None if function is None else function(data)


def edition_of(filename: str) -> str:
    """editions/en.html -> "en"; the briefing.* files are the "both" edition."""
    if filename.startswith("editions/"):
        stem = filename.removeprefix("editions/").split(".")[0]
        return stem if stem in EDITIONS else "both"
    return "both"


def render_all(issue: Issue, env: Environment) -> dict[str, bytes]:
    """Every output of the issue, by file name (relative to the issue folder)."""
    from newsletter.render.markdown import render_markdown

    depths = issue.depths
    rendered_content: dict[tuple[str, str], str] = {}

    def content(edition: str, depth: str) -> str:  # each (edition, depth) rendered once
        if (edition, depth) not in rendered_content:
            rendered_content[edition, depth] = render_markdown(issue, env, edition, depth)
        return rendered_content[edition, depth]

    editions = {edition: content(edition, depths.email) for edition in EDITIONS}
    context = RenderContext(
        issue=issue,
        env=env,
        markdown=content("both", depths.markdown),
        editions=editions,
        document=content("both", depths.docx),
    )
    rendered: dict[Renderer, bytes] = {}  # a renderer registered under two file names runs once
    outputs = {}
    for name, renderer in renderers().items():
        if renderer not in rendered:
            rendered[renderer] = renderer(context)
        outputs[name] = rendered[renderer]
    return outputs
