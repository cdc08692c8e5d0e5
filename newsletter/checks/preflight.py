"""The preflight before sending: the checks only `newsletter check ISSUE_DIR`
runs (Phase.PREFLIGHT), after the build's own (compliance, figures, email).

A build may carry pending translations or a large email as warnings; before
anything goes to clients they block (Severity.BLOCKS_SENDING). An output that
does not open (a damaged DOCX) is a finding too, not a crash (see
`checks.run_checks`).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator, Mapping
from html.parser import HTMLParser
from urllib.parse import urlsplit

from newsletter.checks.registry import Checked, Finding, Phase, Severity, register
from newsletter.figures.guard import same_value
from newsletter.figures.parse import find_figures
from newsletter.figures.vocab import STRICT_KINDS
from newsletter.model import Bilingual, Figure, Issue, TranslationState
from newsletter.options import UNSUBSCRIBE_SLOT
from newsletter.render import read_back

TEXT_SUFFIXES = (".md", ".html", ".txt")
_TEMPLATE_SYNTAX = re.compile(r"\{\{|\{%|%\}")
_MD_LINK = re.compile(r"\]\(([^)\s]*)\)")
_SCHEMES = ("http", "https", "mailto")


def _sending(check: str, message: str, output: str | None = None) -> Finding:
    return Finding(check, message, output, Severity.BLOCKS_SENDING)


@register("translations reviewed", Phase.PREFLIGHT)
def translations_reviewed(checked: Checked) -> list[Finding]:
    issue, outputs = checked.issue, checked.outputs
    findings = [
        _unreviewed(segment)
        for segment in issue.segments()
        if segment.state != TranslationState.APPROVED and segment.source.strip()  # blank: nothing to translate
    ]
    for marker in (issue.pending_marker, issue.review_marker):
        findings += [
            _sending("translation", f"shows the marker {marker!r}", name)
            for name, text in _texts(outputs)
            if _escaped(marker).search(text)
        ]
    return findings


def _escaped(marker: str) -> re.Pattern[str]:
    """The marker as written, or with Markdown's backslash escapes."""
    return re.compile("".join(rf"\\?{re.escape(c)}" for c in marker))


def _unreviewed(segment: Bilingual) -> Finding:
    what = "no translation" if segment.state == TranslationState.MISSING else "translation not reviewed (fuzzy)"
    page = f" p.{segment.page}" if segment.page is not None else ""
    return _sending("translation", f"{what}: {segment.context}{page}: {_excerpt(segment.source)}")


@register("figures in outputs", Phase.PREFLIGHT)
def figures_in_outputs(checked: Checked) -> list[Finding]:
    """Every amount, percentage or quantity a reader sees traces back to a figure of the report.

    The build's guard checks the translations; this reads the finished files,
    so a house template or a hand edit that changes a number is caught too.
    Numbers are matched by value and unit, not position (a figure may be
    shown twice, in the text and in the key-figures block).
    """
    known = _source_figures(checked.issue)
    findings = []
    for name, text in _read_backs(checked.outputs):
        # Line by line: a table's cells are lines, and "CNY" in one is no unit of the next.
        lines = text.split("\n")
        unknown = {f.text: f for line in lines for f in find_figures(line, "en") if f.kind in STRICT_KINDS}
        findings += [
            _sending("figures", f'"{shown}" matches no figure of the report ({_amount(figure)})', name)
            for shown, figure in unknown.items()
            if not any(same_value(figure, source) for source in known)
        ]
    return findings


def _amount(figure: Figure) -> str:
    value = f"{figure.value:,.0f}" if figure.value == int(figure.value) else f"{figure.value:,}"
    return f"{value} {figure.unit}"


def _source_figures(issue: Issue) -> list[Figure]:
    found = [figure for item in issue.items for figure in item.report.figures]
    # Parsed as the outputs are (below, "en") too: the same text must give the same figures.
    languages = (issue.source_language, "en")
    found += [
        f for segment in issue.segments() for language in languages for f in find_figures(segment.source, language)
    ]
    # The reports' tables are shown as printed: their numbers are the report's too.
    cells = [cell for item in issue.items for table in item.report.tables for row in table.rows for cell in row]
    cells += [item.target_price.source for item in issue.items if item.target_price]  # as the report prints it
    return found + [
        f for cell in cells for language in (issue.source_language, "en") for f in find_figures(cell, language)
    ]


def _read_backs(outputs: Mapping[str, bytes]) -> Iterator[tuple[str, str]]:
    """Each output's text as its reader sees it (HTML shown, DOCX paragraphs, Markdown rendered)."""
    for name, data in outputs.items():
        blocks = read_back(name, data)
        if blocks is not None:
            yield name, "\n".join(blocks)


@register("template syntax", Phase.PREFLIGHT)
def template_syntax(checked: Checked) -> list[Finding]:
    findings = []
    for name, text in [*_texts(checked.outputs), *_documents(checked.outputs)]:
        match = _TEMPLATE_SYNTAX.search(text)
        if match:
            findings.append(_sending("template", f"unrendered template syntax: {_around(text, match.start())}", name))
    return findings


@register("links", Phase.PREFLIGHT)
def links(checked: Checked) -> list[Finding]:
    findings = []
    for name, text in _texts(checked.outputs):
        found = _html_links(text) if name.endswith(".html") else _MD_LINK.findall(text) if name.endswith(".md") else []
        bad = [url for url in found if not well_formed(url) and _beside(name, url) not in checked.outputs]
        findings += [_sending("links", f"malformed link {url!r}", name) for url in bad]
    return findings


def _beside(name: str, url: str) -> str:
    """A relative link of an output (charts/1-3.png) as the name of the output it points to."""
    return posixpath.normpath(posixpath.join(posixpath.dirname(name), url))


def well_formed(url: str) -> bool:
    """An absolute http(s) URL with a host, a mailto: address, an in-page anchor, or the
    unsubscribe token, which `newsletter send` replaces with each subscriber's own link."""
    if UNSUBSCRIBE_SLOT.fullmatch(url) or (url.startswith("#") and len(url) > 1):
        return True
    if not url or any(c.isspace() for c in url) or _TEMPLATE_SYNTAX.search(url):
        return False
    parts = urlsplit(url)
    if parts.scheme == "mailto":
        return "@" in parts.path
    return parts.scheme in _SCHEMES and bool(parts.hostname)


class _LinkParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        wanted = {"a": "href", "img": "src"}.get(tag)
        self.urls += [value or "" for key, value in attrs if key == wanted]


def _html_links(html: str) -> list[str]:
    parser = _LinkParser()
    parser.feed(html)
    return parser.urls


def _texts(outputs: Mapping[str, bytes]) -> Iterator[tuple[str, str]]:
    for name, data in outputs.items():
        if name.endswith(TEXT_SUFFIXES):
            yield name, data.decode("utf-8", errors="replace")


def _documents(outputs: Mapping[str, bytes]) -> Iterator[tuple[str, str]]:
    """The text of the outputs that are not text files (DOCX), as their readers show it."""
    for name, data in outputs.items():
        blocks = None if name.endswith(TEXT_SUFFIXES) else read_back(name, data)
        if blocks is not None:
            yield name, "\n".join(blocks)


def _excerpt(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _around(text: str, at: int) -> str:
    return repr(text[max(0, at - 20) : at + 30])
