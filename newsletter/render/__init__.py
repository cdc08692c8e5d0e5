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
from newsletter.options import EDITIONS as EDITIONS  # the compliance blocks appear in every edition
from newsletter.render.templates import Environment


@dataclass(frozen=True)
class RenderContext:
    issue: Issue
    env: Environment
    markdown: str  # the rendered content template (edition "both"), shared by HTML and DOCX
    editions: Mapping[str, str]  # edition -> its rendered content template
    languages: tuple[str, ...] = EDITIONS  # the editions built (the `languages` setting)


Renderer = Callable[[RenderContext], bytes]
ReadBack = Callable[[bytes], list[str]]

# output file name -> renderer; one entry per file
_RENDERERS: dict[str, Renderer] = {}
# file suffix -> read-back function; one entry per format
_READ_BACK: dict[str, ReadBack] = {}
# file suffix -> the text of the blocks a reader sees as plain paragraphs (not
# headings, list items, quotes or code): compliance text must be one of those
_PARAGRAPHS: dict[str, ReadBack] = {}


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


def register_paragraphs(suffix: str) -> Callable[[ReadBack], ReadBack]:
    def decorate(function: ReadBack) -> ReadBack:
        _PARAGRAPHS[suffix] = function
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


def paragraphs(filename: str, data: bytes) -> list[str] | None:
    """The text of the output's plain paragraphs, or None for files that carry no prose."""
    _load_builtin_renderers()
    suffix = filename[filename.rfind(".") :] if "." in filename else ""
    function = _PARAGRAPHS.get(suffix)
    return None if function is None else function(data)


def _built(filename: str, languages: tuple[str, ...]) -> bool:
    """editions/<edition>.* only for the editions asked for."""
    return not filename.startswith("editions/") or edition_of(filename) in languages or filename.endswith("meta.json")


def edition_of(filename: str) -> str:
    """editions/en.html -> "en"; the briefing.* files are the "both" edition."""
    if filename.startswith("editions/"):
        stem = filename.removeprefix("editions/").split(".")[0]
        return stem if stem in EDITIONS else "both"
    return "both"


def render_all(issue: Issue, env: Environment, languages: tuple[str, ...] = EDITIONS) -> dict[str, bytes]:
    """Every output of the issue, by file name (relative to the issue folder).

    Only the editions in `languages` get files under editions/; the briefing.*
    files (the bilingual briefing the HTML and DOCX are made from) always do.
    """
    from newsletter.render.markdown import render_markdown

    wanted = tuple(edition for edition in EDITIONS if edition in languages or edition == "both")
    editions = {edition: render_markdown(issue, env, edition) for edition in wanted}
    context = RenderContext(issue, env, editions["both"], editions, tuple(e for e in EDITIONS if e in languages))
    rendered: dict[Renderer, bytes] = {}  # a renderer registered under two file names runs once
    outputs = {}
    for name, renderer in renderers().items():
        if not _built(name, context.languages):
            continue
        if renderer not in rendered:
            rendered[renderer] = renderer(context)
        outputs[name] = rendered[renderer]
    return outputs
