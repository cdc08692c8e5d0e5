"""The renderers' registry: output file -> renderer, file suffix -> read-back.

Its own module so a renderer registers itself without importing the package
that loads it (no import cycle).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from newsletter.model import Issue
from newsletter.options import EDITIONS
from newsletter.render.templates import Environment


@dataclass(frozen=True)
class RenderContext:
    issue: Issue
    env: Environment
    markdown: str  # the content template, edition "both", at the Markdown depth (briefing.md)
    editions: Mapping[str, str]  # edition -> its content template at the email depth (the emails)
    languages: tuple[str, ...] = EDITIONS  # the editions built (the `languages` setting)
    shared: dict[str, Any] = field(default_factory=dict)  # work renderers share within one render
    document: str = ""  # the content template, edition "both", at the Word depth (briefing.docx)


Renderer = Callable[[RenderContext], bytes]
ReadBack = Callable[[bytes], list[str]]

# output file name -> renderer; one entry per file
RENDERERS: dict[str, Renderer] = {}
# file suffix -> read-back function; one entry per format
READ_BACK: dict[str, ReadBack] = {}
# file suffix -> the text of the blocks a reader sees as plain paragraphs (not
# headings, list items, quotes or code): compliance text must be one of those
PARAGRAPHS: dict[str, ReadBack] = {}


def register(filename: str) -> Callable[[Renderer], Renderer]:
    def decorate(renderer: Renderer) -> Renderer:
        RENDERERS[filename] = renderer
        return renderer

    return decorate


def register_read_back(suffix: str) -> Callable[[ReadBack], ReadBack]:
    def decorate(function: ReadBack) -> ReadBack:
        READ_BACK[suffix] = function
        return function

    return decorate


def register_paragraphs(suffix: str) -> Callable[[ReadBack], ReadBack]:
    def decorate(function: ReadBack) -> ReadBack:
        PARAGRAPHS[suffix] = function
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
