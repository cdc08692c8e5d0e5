"""The preflight before sending: what `newsletter check ISSUE_DIR` adds to the
build's checks (compliance, figures).

A build may carry pending translations or a large email as warnings; before
anything goes to clients they block. An output that does not open (a damaged
DOCX) is a finding too, not a crash.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import replace
from html.parser import HTMLParser
from urllib.parse import urlsplit

from newsletter.checks import Check, Finding, run_checks
from newsletter.figures.guard import same_value
from newsletter.figures.parse import find_figures
from newsletter.figures.vocab import STRICT_KINDS
from newsletter.model import Bilingual, Figure, Issue, TranslationState
from newsletter.render import read_back
from newsletter.send.message import UNSUBSCRIBE_PLACEHOLDER

TEXT_SUFFIXES = (".md", ".html", ".txt")
_TEMPLATE_SYNTAX = re.compile(r"\{\{|\{%|%\}")
_MD_LINK = re.compile(r"\]\(([^)\s]*)\)")
_SCHEMES = ("http", "https", "mailto")


def preflight(issue: Issue, outputs: dict[str, bytes]) -> list[Finding]:
    """Every finding about an issue about to be sent, blocking ones first."""
    unreadable = _unreadable(outputs)
    readable = {name: data for name, data in outputs.items() if name not in unreadable}
    findings = list(unreadable.values()) + [_before_sending(f) for f in run_checks(issue, readable)]
    for check in PREFLIGHT:
        findings += check(issue, readable)
    return sorted(findings, key=lambda finding: not finding.blocking)


def _unreadable(outputs: dict[str, bytes]) -> dict[str, Finding]:
    """Outputs that do not open (a damaged DOCX...): reported, and kept from the other checks."""
    found = {}
    for name, data in outputs.items():
        try:
            read_back(name, data)
        except Exception as error:  # zip, XML and parser libraries each raise their own kinds
            found[name] = Finding("readable", f"cannot be opened ({type(error).__name__}: {error}); rebuild", name)
    return found


def _before_sending(finding: Finding) -> Finding:
    """A build warning that must not reach clients (an email Gmail would clip) blocks here."""
    return replace(finding, blocking=True) if finding.blocks_sending else finding


def translations_reviewed(issue: Issue, outputs: dict[str, bytes]) -> list[Finding]:
    findings = [
        _unreviewed(segment)
        for segment in issue.segments()
        if segment.state != TranslationState.APPROVED and segment.source.strip()  # blank: nothing to translate
    ]
    for marker in (issue.pending_marker, issue.review_marker):
        findings += [
            Finding("translation", f"shows the marker {marker!r}", name)
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
    return Finding("translation", f"{what}: {segment.context}{page}: {_excerpt(segment.source)}")


def figures_in_outputs(issue: Issue, outputs: dict[str, bytes]) -> list[Finding]:
    """Every amount, percentage or quantity a reader sees traces back to a figure of the report.

    The build's guard checks the translations; this reads the finished files,
    so a house template or a hand edit that changes a number is caught too.
    Numbers are matched by value and unit, not position (a figure may be
    shown twice, in the text and in the key-figures block).
    """
    known = _source_figures(issue)
    findings = []
    for name, text in _read_backs(outputs):
        unknown = {f.text: f for f in find_figures(text, "en") if f.kind in STRICT_KINDS}
        findings += [
            Finding("figures", f'"{shown}" matches no figure of the report ({_amount(figure)})', name)
            for shown, figure in unknown.items()
            if not any(same_value(figure, source) for source in known)
        ]
    return findings


def _amount(figure: Figure) -> str:
    value = f"{figure.value:,.0f}" if figure.value == int(figure.value) else f"{figure.value:,}"
    return f"{value} {figure.unit}"


def _source_figures(issue: Issue) -> list[Figure]:
    found = [figure for item in issue.items for figure in item.report.figures]
    return found + [f for segment in issue.segments() for f in find_figures(segment.source, issue.source_language)]


def _read_backs(outputs: dict[str, bytes]) -> Iterator[tuple[str, str]]:
    """Each output's text as its reader sees it (HTML shown, DOCX paragraphs, Markdown rendered)."""
    for name, data in outputs.items():
        blocks = read_back(name, data)
        if blocks is not None:
            yield name, "\n".join(blocks)


def template_syntax(issue: Issue, outputs: dict[str, bytes]) -> list[Finding]:
    findings = []
    for name, text in [*_texts(outputs), *_documents(outputs)]:
        match = _TEMPLATE_SYNTAX.search(text)
        if match:
            findings.append(Finding("template", f"unrendered template syntax: {_around(text, match.start())}", name))
    return findings


def links(issue: Issue, outputs: dict[str, bytes]) -> list[Finding]:
    findings = []
    for name, text in _texts(outputs):
        found = _html_links(text) if name.endswith(".html") else _MD_LINK.findall(text) if name.endswith(".md") else []
        findings += [Finding("links", f"malformed link {url!r}", name) for url in found if not well_formed(url)]
    return findings


def well_formed(url: str) -> bool:
    """An absolute http(s) URL with a host, a mailto: address, an in-page anchor, or the
    unsubscribe token, which `newsletter send` replaces with each subscriber's own link."""
    if url == UNSUBSCRIBE_PLACEHOLDER or (url.startswith("#") and len(url) > 1):
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


def _texts(outputs: dict[str, bytes]) -> Iterator[tuple[str, str]]:
    for name, data in outputs.items():
        if name.endswith(TEXT_SUFFIXES):
            yield name, data.decode("utf-8", errors="replace")


def _documents(outputs: dict[str, bytes]) -> Iterator[tuple[str, str]]:
    """The text of the outputs that are not text files (DOCX), as their readers show it."""
    for name, data in outputs.items():
        blocks = None if name.endswith(TEXT_SUFFIXES) else read_back(name, data)
        if blocks is not None:
            yield name, "\n".join(blocks)


def _excerpt(text: str, width: int = 40) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _around(text: str, at: int) -> str:
    return repr(text[max(0, at - 20) : at + 30])


PREFLIGHT: list[Check] = [translations_reviewed, figures_in_outputs, links, template_syntax]
