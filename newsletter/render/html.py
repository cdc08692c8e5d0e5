"""The HTML email, one per edition (mjml and css-inline live here).

The briefing's Markdown becomes an HTML fragment, which goes into the MJML
shell template (email.mjml.j2); MJML makes the table layout mail programs
need, and css-inline moves every style into the elements (media queries,
which cannot be inlined, stay in a <style> for clients that read them).
Subject and preheader come from their own templates, so editors own them.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from email.utils import parseaddr
from html import unescape as html_unescape
from html.parser import HTMLParser

import css_inline
from mjml import mjml2html

from newsletter.errors import RenderError
from newsletter.model import Issue
from newsletter.render.markdown import to_html
from newsletter.render.registry import (
    RenderContext,
    register,
    register_editions,
    register_paragraphs,
    register_read_back,
)
from newsletter.render.templates import SLOT_NAME, Markup, render_template

SHELL_TEMPLATE = "email.mjml.j2"
SUBJECT_TEMPLATE = "subject.txt.j2"
PREHEADER_TEMPLATE = "preheader.txt.j2"
PREHEADER_LIMIT = 140
# What the Content-Language header says for each edition (RFC 3282).
CONTENT_LANGUAGE = {"both": "zh-CN, en", "zh": "zh-CN", "en": "en"}
HTML_LANG = {"both": "zh-CN", "zh": "zh-CN", "en": "en"}
_SPACES = re.compile(r"\s+")
EMAIL_COLUMN = 544  # px: the 600 px email less the card's padding
_CHARTS_OPEN = '<div class="charts">'
_CHART_PARTS = re.compile(r'<div class="charts">|<div class="chart">.*?</div>', re.DOTALL)
_IMG = re.compile(r'<img src="([^"]*)"')
# What is left of a report's charts with charts_per_card = 0: its heading.
_EMPTY_CHARTS = re.compile(r'<div class="charts">\s*(?:<h\d[^>]*>.*?</h\d>)?\s*</div>', re.DOTALL)
_INLINER = css_inline.CSSInliner(keep_at_rules=True, load_remote_stylesheets=False)


@dataclass(frozen=True)
class EditionMeta:
    subject: str
    preheader: str
    content_language: str


def edition_meta(context: RenderContext, edition: str) -> EditionMeta:
    """Subject and preheader of an edition, rendered once per render (the email and meta.json share them)."""
    key = f"html.meta.{edition}"
    if key not in context.shared:
        context.shared[key] = _edition_meta(context.issue, context, edition)
    meta: EditionMeta = context.shared[key]
    return meta


def _edition_meta(issue: Issue, context: RenderContext, edition: str) -> EditionMeta:
    subject = _one_line(render_template(context.env, SUBJECT_TEMPLATE, issue=issue, edition=edition))
    preheader = _one_line(render_template(context.env, PREHEADER_TEMPLATE, issue=issue, edition=edition))
    if len(preheader) > PREHEADER_LIMIT:
        preheader = preheader[: PREHEADER_LIMIT - 1].rstrip() + "…"
    return EditionMeta(subject, preheader, CONTENT_LANGUAGE[edition])


def _one_line(text: str) -> str:
    return _SPACES.sub(" ", text).strip()


def render_email(context: RenderContext, edition: str) -> str:
    """The finished email HTML of one edition: MJML rendered, CSS inlined."""
    meta = edition_meta(context, edition)
    source = render_template(
        context.env,
        SHELL_TEMPLATE,
        issue=context.issue,
        edition=edition,
        lang=HTML_LANG[edition],
        subject=meta.subject,
        preheader=meta.preheader,
        body=Markup(email_charts(to_html(context.editions[edition]), context.issue)),
        web_url=context.issue.publisher.web_page(context.issue.id, edition),
        **_sender(context.issue),
    )
    return _INLINER.inline(_mjml_to_html(source, context.env.get_template(SHELL_TEMPLATE).filename))


def email_charts(html: str, issue: Issue) -> str:
    """At most `charts_per_card` charts per report, each sized for the email's column.

    The pictures stay files (charts/1-3.png), never data: URIs: `newsletter
    send` attaches them as inline parts (Content-ID), so they do not count
    towards Gmail's clipping limit on the HTML.
    """
    widths = {chart.file: chart.chart.width for item in issue.items for chart in item.charts}
    limit = issue.publisher.charts_per_card
    shown = 0

    def keep(match: re.Match[str]) -> str:
        nonlocal shown
        if match.group() == _CHARTS_OPEN:
            shown = 0
            return match.group()
        shown += 1
        return _IMG.sub(lambda img: _sized(img, widths), match.group()) if shown <= limit else ""

    return _EMPTY_CHARTS.sub("", _CHART_PARTS.sub(keep, html))


def _sized(match: re.Match[str], widths: dict[str, int]) -> str:
    # A chart is rendered at 150 dpi: its pixels * 96/150 are its printed size in CSS pixels.
    width = min(EMAIL_COLUMN, round(widths.get(html_unescape(match.group(1)), EMAIL_COLUMN) * 96 / 150))
    return f'<img width="{width}" src="{match.group(1)}"'


def _sender(issue: Issue) -> dict[str, str]:
    """The From split for the footer: name and address (empty when not configured)."""
    name, address = parseaddr(issue.publisher.sender or "")
    return {"sender_name": name, "sender_email": address}


def _mjml_to_html(source: str, filename: str | None) -> str:
    try:
        return str(mjml2html(source))
    except Exception as error:  # mjml raises plain exceptions with its parser's message
        raise RenderError(f"the email shell is not valid MJML: {error}", file=filename or SHELL_TEMPLATE) from error


register_editions(".html", render_email)


@register("editions/meta.json")
def editions_meta(context: RenderContext) -> bytes:
    """What the sender needs per edition besides the bodies: subject, preheader, language."""
    meta = {}
    for edition in context.languages:
        found = edition_meta(context, edition)
        meta[edition] = {
            "subject": found.subject,
            "preheader": found.preheader,
            "content_language": found.content_language,
            "unsubscribe_slot": str(context.env.globals[SLOT_NAME]),  # what `send` replaces, and only this
            "html": f"editions/{edition}.html",
            "text": f"editions/{edition}.txt",
        }
    return (json.dumps(meta, ensure_ascii=False, indent=2) + "\n").encode()


# --- read-back ----------------------------------------------------------------

_BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "tbody",
        "td",
        "th",
        "thead",
        "tr",
        "ul",
    }
)
# A <p> inside one of these is not a plain paragraph of the email.
_NOT_PARAGRAPH = frozenset({"pre", "code", "li", "ul", "ol", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"})
_HIDDEN_TAGS = frozenset({"style", "script", "head", "title", "template"})
_VOID_TAGS = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"})
_DISPLAY_NONE = re.compile(r"display\s*:\s*none", re.IGNORECASE)


class _TextCollector(HTMLParser):
    """The text a reader sees, one entry per block element.

    Hidden elements (the preheader, <head>, display:none) do not count: legal
    text a reader cannot see is not in the email.
    """

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.paragraphs: list[str] = []  # the blocks that are plain <p> paragraphs
        self.current: list[str] = []
        self.open: list[tuple[str, bool]] = []  # (tag, hidden) of every open element

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.flush()
        if tag not in _VOID_TAGS:
            self.open.append((tag, _hides(tag, dict(attrs))))

    def handle_endtag(self, tag: str) -> None:
        if tag in _BLOCK_TAGS:
            self.flush()
        for index in range(len(self.open) - 1, -1, -1):
            if self.open[index][0] == tag:  # also closes what was left open inside it
                del self.open[index:]
                break

    def handle_data(self, data: str) -> None:
        if not any(hidden for _, hidden in self.open):
            self.current.append(data)

    def flush(self) -> None:
        text = "".join(self.current).strip()
        if text:
            self.blocks.append(text)
            if self._in_paragraph():
                self.paragraphs.append(text)
        self.current = []

    def _in_paragraph(self) -> bool:
        tags = [tag for tag, _ in self.open]
        inner = next((tag for tag in reversed(tags) if tag in _BLOCK_TAGS), None)
        return inner == "p" and not _NOT_PARAGRAPH.intersection(tags)


def _hides(tag: str, attrs: dict[str, str | None]) -> bool:
    return tag in _HIDDEN_TAGS or "hidden" in attrs or bool(_DISPLAY_NONE.search(attrs.get("style") or ""))


@register_read_back(".html")
def read_back(data: bytes) -> list[str]:
    return _collected(data).blocks


@register_paragraphs(".html")
def paragraph_texts(data: bytes) -> list[str]:
    return _collected(data).paragraphs


def _collected(data: bytes) -> _TextCollector:
    collector = _TextCollector()
    collector.feed(data.decode())
    collector.close()
    collector.flush()
    return collector


def images_without_alt(data: bytes) -> list[str]:
    """The src of every <img> that has no alt attribute (screen readers, blocked images)."""
    found: list[str] = []

    class _Images(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            names = dict(attrs)
            if tag == "img" and "alt" not in names:
                found.append(names.get("src") or "?")

    parser = _Images()
    parser.feed(data.decode())
    parser.close()
    return found
