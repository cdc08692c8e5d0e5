"""Renderers: one per output file, each consuming an `Issue`.

The Markdown edition is rendered first from the content template; the HTML
email and the DOCX are made from its tokens, so one template decides what
the briefing says in every format. Every format also registers a read-back
function (output bytes -> the text of its blocks), which the compliance
check uses to prove the legal text arrived verbatim.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import ExitStack
from dataclasses import replace
from multiprocessing import get_context

from newsletter.model import Issue
from newsletter.options import EDITIONS as EDITIONS
from newsletter.options import UNSUBSCRIBE_PLACEHOLDER  # the compliance blocks appear in every edition
from newsletter.processes import can_fork
from newsletter.render.registry import PARAGRAPHS as _PARAGRAPHS
from newsletter.render.registry import READ_BACK as _READ_BACK
from newsletter.render.registry import RENDERERS as _RENDERERS
from newsletter.render.registry import ReadBack as ReadBack
from newsletter.render.registry import RenderContext as RenderContext
from newsletter.render.registry import Renderer as Renderer
from newsletter.render.registry import register as register
from newsletter.render.registry import register_editions as register_editions
from newsletter.render.registry import register_paragraphs as register_paragraphs
from newsletter.render.registry import register_read_back as register_read_back
from newsletter.render.templates import SLOT_NAME, Environment


def unsubscribe_slot(issue: Issue) -> str:
    """Where the templates put the unsubscribe link, unguessable by anyone who wrote the issue's text.

    A digest of every item (what the reader found, translations included):
    text cannot contain the digest of a text that contains it. The file's
    path is left out, so the same report gives the same slot anywhere.
    """
    digest = hashlib.sha256()
    for item in issue.items:
        report = replace(item.report, source=replace(item.report.source, path=""))
        digest.update(repr(replace(item, report=report)).encode())
    return UNSUBSCRIBE_PLACEHOLDER.replace("%%unsubscribe_url", f"%%unsubscribe_url.{digest.hexdigest()[:32]}", 1)


def _load_builtin_renderers() -> None:
    # Imported on use so python-docx and mjml load only when rendering.
    from newsletter.render import docx, html, markdown, text  # noqa: F401


def renderers() -> dict[str, Renderer]:
    _load_builtin_renderers()
    return dict(_RENDERERS)


def read_back(filename: str, data: bytes) -> list[str] | None:
    """The text blocks of an output, or None for files that carry no prose."""
    return _read_with(_READ_BACK, filename, data)


def paragraphs(filename: str, data: bytes) -> list[str] | None:
    """The text of the output's plain paragraphs, or None for files that carry no prose."""
    return _read_with(_PARAGRAPHS, filename, data)


def _read_with(readers: Mapping[str, ReadBack], filename: str, data: bytes) -> list[str] | None:
    _load_builtin_renderers()
    suffix = filename[filename.rfind(".") :] if "." in filename else ""
    function = readers.get(suffix)
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


def render_all(
    issue: Issue, env: Environment, languages: tuple[str, ...] = EDITIONS, beside: bool = False
) -> dict[str, bytes]:
    """Every output of the issue, by file name (relative to the issue folder).

    The issue's filters are set on `env` once, here; the renderers only read them.

    Only the editions in `languages` get files under editions/; the briefing.*
    files (the bilingual briefing the HTML and DOCX are made from) always do.
    The emails (and their text) show the reports at the email depth, the
    Markdown and the Word file at theirs (`Issue.depths`). With `beside`, the
    Word file is made in a second process meanwhile, where that is safe.
    """
    from newsletter.render.markdown import content_filters, render_markdown

    env.filters.update(content_filters(issue))  # once per issue: `en` knows its markers
    env.globals[SLOT_NAME] = unsubscribe_slot(issue)
    wanted = tuple(edition for edition in EDITIONS if edition in languages or edition == "both")
    rendered_content: dict[tuple[str, str], str] = {}

    def content(edition: str, depth: str) -> str:  # each edition at each depth rendered once
        if (edition, depth) not in rendered_content:
            rendered_content[edition, depth] = render_markdown(issue, env, edition, depth)
        return rendered_content[edition, depth]

    depths = issue.depths
    context = RenderContext(
        issue,
        env,
        markdown=content("both", depths.markdown),
        editions={edition: content(edition, depths.email) for edition in wanted},
        languages=tuple(e for e in EDITIONS if e in languages),
        document=content("both", depths.docx),
    )
    wanted_renderers = {name: r for name, r in renderers().items() if _built(name, context.languages)}
    rendered = _rendered(context, wanted_renderers, beside)
    outputs = {name: rendered[renderer] for name, renderer in wanted_renderers.items()}
    # The charts' pictures, which the briefing links to (charts/1-3.png) and `send` attaches; a
    # copy beside the editions too, as the links are relative to the HTML file.
    for chart in (chart for item in issue.items for chart in item.charts):
        outputs[chart.file] = outputs[f"editions/{chart.file}"] = chart.chart.png
    return outputs


# The Word file takes as long as every other output together: worth a process of its own.
_BESIDE_SUFFIX = ".docx"
_BESIDE: tuple[Renderer, RenderContext] | None = None  # what a forked process renders


def _rendered(context: RenderContext, wanted: Mapping[str, Renderer], beside: bool) -> dict[Renderer, bytes]:
    """Each renderer once (one registered under two file names runs once)."""
    slow = {r for name, r in wanted.items() if name.endswith(_BESIDE_SUFFIX)} if beside and can_fork() else set()
    with ExitStack() as stack:
        pending = {renderer: _start_beside(stack, renderer, context) for renderer in slow}
        rendered = {r: r(context) for r in dict.fromkeys(wanted.values()) if r not in slow}
        rendered |= {renderer: _result(future, renderer, context) for renderer, future in pending.items()}
    _forget_beside()
    return rendered


def _forget_beside() -> None:
    global _BESIDE
    _BESIDE = None  # the issue is not kept alive until the next build


def _start_beside(stack: ExitStack, renderer: Renderer, context: RenderContext) -> Future[bytes]:
    """The renderer running in a forked copy of this process, which inherits the context (nothing pickled)."""
    global _BESIDE
    _BESIDE = (renderer, context)
    pool = stack.enter_context(ProcessPoolExecutor(1, mp_context=get_context("fork")))
    return pool.submit(_render_beside)


def _render_beside() -> bytes:
    assert _BESIDE is not None, "set before the process was forked"
    renderer, context = _BESIDE
    return renderer(context)


def _result(future: Future[bytes], renderer: Renderer, context: RenderContext) -> bytes:
    """The other process's output; whatever went wrong there is done again here, to fail as itself."""
    try:
        return future.result()
    except Exception:
        return renderer(context)
