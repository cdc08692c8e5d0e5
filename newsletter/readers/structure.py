"""Structure analysis: from a stream of blocks to a `Report`.

Brokerage reports share one anatomy whatever the house style: a title, an
analyst sidebar (names with SAC numbers), key points, a table of contents,
numbered sections, risk warnings and a disclaimer. The analyser walks the
blocks once, switching zone at the markers that open each part.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from itertools import pairwise

from newsletter.model import Analyst, KeyPoint, Paragraph, Section, SetAside, SetAsideKind, TocEntry
from newsletter.readers.blocks import Block, is_ideograph
from newsletter.readers.compliance import (
    DISCLAIMER_MARKERS,
    RISK_MARKERS,
    ComplianceText,
    guess_broker,
    is_inline_risk,
)
from newsletter.readers.front import SAC_RE, AnalystList, is_sidebar_line, title_blocks, title_text
from newsletter.readers.names import HAS_ROLE, is_personal_name, names_in
from newsletter.readers.sentences import ends_sentence
from newsletter.readers.settings import READER

log = logging.getLogger("newsletter.readers")

KEY_POINT_MARKERS = ("核心要点", "投资要点", "核心观点", "主要观点", "报告要点", "报告摘要", "内容摘要", "摘要", "要点")
# The lists of figures and tables are contents too, never sections.
TOC_MARKERS = ("内容目录", "正文目录", "目录", "图表目录", "插图目录", "表格目录", "图目录", "表目录")
SIDEBAR_MARKERS = ("分析师及联系人", "分析师", "联系人", "研究员")
ALL_MARKERS = KEY_POINT_MARKERS + TOC_MARKERS + RISK_MARKERS + DISCLAIMER_MARKERS + SIDEBAR_MARKERS

TOC_LINE_RE = re.compile(r"^(?P<title>.+?)(?:\t+|\s*[.·…．]{3,}\s*|\s{2,})(?P<page>\d{1,3})$")
# The end of one entry inside a block that joined several (their lines ran to
# the right edge): its leader dots and page number, then the next entry's text.
TOC_ENTRY_END = re.compile(r"(?:\t+|[.·…．]{3,}\s*)\d{1,3}(?=\s+\D)")

_CN_NUM = "一二三四五六七八九十"
HEADING_PATTERNS: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(f"^[{_CN_NUM}]+、\\s*\\S"), "cn"),
    (re.compile(f"^[（(][{_CN_NUM}]+[）)]\\s*\\S"), "cn-paren"),
    (re.compile(r"^\d+\.\d+\.\d+(?!\d)\s*\S"), "arabic3"),
    (re.compile(r"^\d+\.\d+(?!\d)\s*[^\d\s%、，。,.；;:：）)]"), "arabic2"),
    (re.compile(r"^\d+[.、]\s*[^\d\s.%]"), "arabic1"),
)
STYLE_RANK = {"cn": 0, "cn-paren": 1, "arabic1": 2, "arabic2": 3, "arabic3": 4}


@dataclass
class _Draft:
    """A section while it is being filled; frozen into a `Section` at the end."""

    heading: str | None
    level: int
    page: int | None
    paragraphs: list[Paragraph] = field(default_factory=list)
    children: list[_Draft] = field(default_factory=list)
    # Known by its type alone (neither numbered nor in the contents): a heading
    # only if prose in body type follows it.
    by_type: bool = False
    prose: int = 0  # paragraphs at least body size under it

    def freeze(self) -> Section:
        return Section(
            heading=self.heading,
            level=self.level,
            paragraphs=tuple(self.paragraphs),
            sections=tuple(child.freeze() for child in self.children),
            page=self.page,
        )


@dataclass(frozen=True)
class Analysis:
    """Everything `analyse` found; the reader adds source, date and broker."""

    title: str
    analysts: tuple[Analyst, ...]
    key_points: tuple[KeyPoint, ...]
    toc: tuple[TocEntry, ...]
    sections: tuple[Section, ...]
    risks: tuple[Paragraph, ...]
    disclaimer: tuple[Paragraph, ...]
    broker: str | None
    disclaimer_other: tuple[Paragraph, ...] = ()
    set_aside: tuple[SetAside, ...] = ()


def normalise_heading(text: str) -> str:
    """A key for comparing a heading with its table-of-contents entry."""
    table = str.maketrans({"：": ":", "，": ",", "（": "(", "）": ")", "、": ","})
    return re.sub(r"\s+", "", text.translate(table))


def starts_with_marker(text: str, markers: tuple[str, ...]) -> bool:
    stripped = re.sub(r"^[\d一二三四五六七八九十]+[、.]\s*", "", text.strip())
    return any(stripped.startswith(marker) for marker in markers)


def is_marker(text: str, markers: tuple[str, ...]) -> bool:
    """True for a heading line that is exactly one of the markers."""
    stripped = re.sub(r"^[\d一二三四五六七八九十]+[、.]\s*", "", text.strip()).rstrip("：:").casefold()
    # Letter-spaced CJK headings ("目  录") are the same word.
    stripped = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", stripped)
    return any(stripped == marker.casefold() for marker in markers)


def heading_style(text: str) -> str | None:
    if len(text) > 60 or text.rstrip()[-1:] in "。；;，,":
        return None
    for pattern, style in HEADING_PATTERNS:
        if pattern.match(text):
            return style
    return None


def is_lost_sentence(text: str, size: float | None, body_size: float | None) -> bool:
    """Body-size text with sentence punctuation: prose, whatever the layout
    said; setting it aside is worth a warning."""
    body = size is not None and body_size is not None and abs(size - body_size) <= body_size * 0.05
    return body and len(text) >= READER.lost_sentence_chars and text.rstrip()[-1:] in "。！？"


def parse_toc_line(text: str) -> TocEntry | None:
    match = TOC_LINE_RE.match(text.strip())
    if not match:
        return None
    # A bullet before an entry (➢, ■) is the contents page's decoration.
    title = re.sub(r"^[^\w（(【\[“\"]+", "", match["title"]).strip()
    return TocEntry(title=title, page=match["page"]) if title else None


def parse_toc_entries(text: str) -> list[TocEntry] | None:
    """Every entry of a block of contents lines; None when any part is not one."""
    cuts = [0, *(match.end() for match in TOC_ENTRY_END.finditer(text)), len(text)]
    pieces = [text[start:end] for start, end in pairwise(cuts) if text[start:end].strip()]
    entries = [parse_toc_line(piece) for piece in pieces]
    return [entry for entry in entries if entry is not None] if all(entries) else None


class Zone(StrEnum):
    """The part of the report the analyser is in; each has an `in_<zone>` handler."""

    FRONT = "front"  # the cover before any marker: title, rating, date
    SIDEBAR = "sidebar"  # after an analyst label: names, SAC numbers, emails
    KEY_POINTS = "keypoints"
    TOC = "toc"
    BODY = "body"
    RISKS = "risks"
    DISCLAIMER = "disclaimer"  # absorbing: everything after it is legal text


class Event(StrEnum):
    """What a block can tell the analyser, in the order it is asked (the first
    event that the block shows and the table allows wins)."""

    DISCLAIMER_MARKER = "disclaimer marker"
    SIDEBAR_MARKER = "analyst label"
    KEY_POINT_MARKER = "key-point marker"
    TOC_MARKER = "contents marker"
    RISK_MARKER = "risk marker"
    HEADING = "section heading"
    PART_ENDS = "the part ended"  # a non-entry after the contents, a page after the key points


_ANYWHERE_BUT_DISCLAIMER = tuple(zone for zone in Zone if zone is not Zone.DISCLAIMER)
# The explicit transition table: (zone, event) -> next zone; a pair not listed
# leaves the zone as it is (a risk marker inside the key points is one of them).
TRANSITIONS: dict[tuple[Zone, Event], Zone] = {
    **{(zone, Event.DISCLAIMER_MARKER): Zone.DISCLAIMER for zone in _ANYWHERE_BUT_DISCLAIMER},
    **{(zone, Event.SIDEBAR_MARKER): Zone.SIDEBAR for zone in _ANYWHERE_BUT_DISCLAIMER},
    **{(zone, Event.KEY_POINT_MARKER): Zone.KEY_POINTS for zone in (Zone.FRONT, Zone.SIDEBAR, Zone.BODY)},
    **{(zone, Event.TOC_MARKER): Zone.TOC for zone in _ANYWHERE_BUT_DISCLAIMER},
    **{(zone, Event.RISK_MARKER): Zone.RISKS for zone in _ANYWHERE_BUT_DISCLAIMER if zone is not Zone.KEY_POINTS},
    **{(zone, Event.HEADING): Zone.BODY for zone in _ANYWHERE_BUT_DISCLAIMER if zone is not Zone.TOC},
    (Zone.SIDEBAR, Event.PART_ENDS): Zone.FRONT,
    (Zone.KEY_POINTS, Event.PART_ENDS): Zone.BODY,
    (Zone.TOC, Event.PART_ENDS): Zone.BODY,
}


class _Analyser:
    """One pass over the blocks; `zone` says which part of the report we are in,
    and changes only as TRANSITIONS allows."""

    def __init__(self, blocks: list[Block], outline: tuple[str, ...] = ()) -> None:
        self.blocks = blocks
        self.zone = Zone.FRONT
        self.analysts = AnalystList()
        self.fed = 0
        self.key_points: list[KeyPoint] = []
        self.key_heading = ""
        self.key_page = 0
        self.toc: list[TocEntry] = []
        # Headings the PDF's own outline (bookmarks) lists count as contents entries.
        self.toc_keys: set[str] = {normalise_heading(title) for title in outline if _is_outline_heading(title)}
        self.roots: list[_Draft] = []
        self.open: list[_Draft] = []
        self.risks: list[Paragraph] = []
        self.sidebar_risks = False  # inside a sidebar's risk box
        self.compliance = ComplianceText(blocks[0].page if blocks else 1)
        # Page-one prose before the first numbered heading: the summary of a
        # report whose key-point heading is an image or missing.
        self.lead: list[Paragraph] = []
        # A short line just before a lead paragraph (a bold lead-in set as a
        # heading or a line of its own), and the paragraph it leads into.
        self.lead_ins: dict[int, _LeadIn] = {}
        self.last_short: _LeadIn | None = None
        self.numbered_seen = False
        self.set_aside: list[SetAside] = []
        self.levels = _numbering_levels(blocks)
        self.body_size = _body_size(blocks)
        # Page one's summary is often set smaller than the later pages' body.
        self.cover_size = _body_size([b for b in blocks if b.page == blocks[0].page and b.region == "main"])

    def run(self) -> Analysis:
        title = title_blocks(self.blocks, self.body_size)
        for i, block in enumerate(self.blocks):
            if i not in title:
                self.feed(block)
        if not self.key_points:
            self.promote_lead()
        self.roots = self.without_idle_headings(self.roots)
        return Analysis(
            title=title_text([self.blocks[i] for i in title]),
            analysts=tuple(self.analysts.analysts),
            key_points=tuple(self.key_points),
            toc=tuple(self.toc),
            sections=tuple(draft.freeze() for draft in self.roots),
            risks=tuple(self.risks),
            disclaimer=tuple(self.compliance.legal),
            broker=guess_broker([p.text for p in (*self.compliance.legal, *self.compliance.other)]),
            disclaimer_other=tuple(self.compliance.other),
            set_aside=tuple(self.set_aside) + self.compliance_set_aside(),
        )

    def feed(self, block: Block) -> None:
        self.fed += 1
        text = block.text.strip()
        if not text:
            return
        if self.zone is Zone.DISCLAIMER:
            self.compliance.add(text, block.page)
        elif block.region == "sidebar" and self.sidebar_risk(block, text):
            return
        elif block.region == "sidebar" or self.analyst_line_in_main(block, text):
            self.sidebar_line(text)
            if not is_sidebar_line(text):
                self.aside(block, SetAsideKind.SIDEBAR, "beside the main column (market data, related reports)")
        elif is_inline_risk(text):
            self.risks.append(Paragraph(text, block.page))
        elif self.switch_zone(block, text):
            return
        elif self.zone is Zone.SIDEBAR and is_sidebar_line(text):
            self.sidebar_line(text)
        else:
            getattr(self, f"in_{self.zone}")(block, text)

    def sidebar_risk(self, block: Block, text: str) -> bool:
        """A risk box in the sidebar (风险提示 over its items, or 风险提示：… on one
        line) holds risk warnings, which are never set aside. The box runs
        while its lines read as items: numbered, or ending a sentence or a clause."""
        if is_marker(text, RISK_MARKERS):
            self.sidebar_risks = True
            return True
        if is_inline_risk(text) or (self.sidebar_risks and _is_risk_item(text)):
            self.risks.append(Paragraph(text, block.page))
            return True
        self.sidebar_risks = False
        return False

    def analyst_line_in_main(self, block: Block, text: str) -> bool:
        """Some templates put the analysts in the first page's main column
        ("某某（分析师）", a row of names over a row of SAC numbers)."""
        if block.page != self.blocks[0].page or len(text) > 60:
            return False
        labelled = bool(HAS_ROLE.search(text) and names_in(text))
        return bool(SAC_RE.search(text)) or labelled or is_personal_name(text)

    def switch_zone(self, block: Block, text: str) -> bool:
        """Open a new zone at a marker; True when the block was the marker."""
        event = next((e for e in Event if (self.zone, e) in TRANSITIONS and self.shows(e, block, text)), None)
        if event is None:
            return False
        self.move(event)
        if event is Event.DISCLAIMER_MARKER:
            self.compliance.open(text, block.page)
        elif event is Event.KEY_POINT_MARKER:
            self.key_page = block.page
            rest = _after_key_point_marker(text)
            if rest:
                self.in_keypoints(block, rest)
        elif event is Event.HEADING:
            self.open_heading(block, text)
        return True

    def shows(self, event: Event, block: Block, text: str) -> bool:
        """Whether the block is the marker (or heading) the event stands for."""
        if event is Event.DISCLAIMER_MARKER:
            return self.compliance.starts(text, block.page)
        if event is Event.SIDEBAR_MARKER:
            return is_marker(text, SIDEBAR_MARKERS)
        if event is Event.KEY_POINT_MARKER:
            return self.opens_key_points(block, text)
        if event is Event.TOC_MARKER:
            return is_marker(text, TOC_MARKERS)
        if event is Event.RISK_MARKER:
            return is_marker(text, RISK_MARKERS)
        return event is Event.HEADING and self.opens_section(block, text)

    def move(self, event: Event) -> None:
        self.zone = TRANSITIONS.get((self.zone, event), self.zone)

    def opens_key_points(self, block: Block, text: str) -> bool:
        """A key-point heading on the first pages, alone, after sidebar debris
        on its line ("研究部核心观点") or before its first point ("投资要点事件：…")."""
        early = block.page <= self.blocks[0].page + READER.key_point_pages - 1
        if not early or self.key_points or self.numbered_seen:
            return False
        return is_marker(text, KEY_POINT_MARKERS) or _after_key_point_marker(text) is not None

    def continues_key_points(self, block: Block) -> bool:
        """Key points run onto the next page only as the open point's end."""
        return bool(self.key_points) and not ends_sentence(self.key_points[-1].text) and len(block.text) > 20

    def promote_lead(self) -> None:
        """No key-point heading: the first page's prose is the summary, each
        paragraph with the short lead-in printed on the line above it."""
        lead_ins = [self.lead_ins[id(p)] for p in self.lead if id(p) in self.lead_ins]
        taken = {id(p) for p in self.lead} | {id(lead.paragraph) for lead in lead_ins if lead.paragraph}
        for draft in _drafts(self.roots):
            draft.paragraphs = [p for p in draft.paragraphs if id(p) not in taken]
        headed = [lead.draft for lead in lead_ins if lead.draft]
        for draft in headed:
            draft.heading = None  # its heading leads into a key point now
        self.roots = _without_drafts(self.roots, {id(d) for d in headed if not d.paragraphs and not d.children})
        self.key_points = [KeyPoint(self._lead_in_text(p), p.text, p.page) for p in self.lead]

    def _lead_in_text(self, paragraph: Paragraph) -> str:
        lead = self.lead_ins.get(id(paragraph))
        return lead.text if lead else ""

    def opens_section(self, block: Block, text: str) -> bool:
        """Key points have sub-headings in larger type too; only a numbered
        or contents-listed heading ends them."""
        if self.zone is Zone.KEY_POINTS:
            return bool(heading_style(text) or normalise_heading(text) in self.toc_keys)
        return self.heading_level(block, text) is not None

    def sidebar_line(self, text: str) -> None:
        self.analysts.line(text, self.fed)

    def in_front(self, block: Block, text: str) -> None:
        # Before the first marker only long prose matters on the cover; its
        # short lines are metadata (ratings, dates) that other fields carry.
        if len(text) > 60 or block.page != self.blocks[0].page:
            self.in_body(block, text)
        elif self.is_lead_label(block, text):
            self.in_body(block, text)  # it may lead into the summary prose after it
        else:
            self.aside(block, SetAsideKind.COVER, "a short line before the first heading (rating, date, label)")

    def is_lead_label(self, block: Block, text: str) -> bool:
        """A short line on the cover in bold or a little larger than the body
        (or any, after the summary's first paragraph), not a sentence: the
        lead-in of a summary point (titles are set larger)."""
        if block.size is None or self.cover_size is None or block.region != "main" or self.numbered_seen:
            return False
        # A label may end in a closing quote or bracket, but not a sentence's stop; a web stamp is no label.
        if len(text) > READER.max_label_chars or text.rstrip()[-1:] in "。！？；;!?" or re.search(r"://|www\.", text):
            return False
        words = re.sub(r"\s+", "", text)
        if sum(map(is_ideograph, words)) * 2 < len(words):
            return False  # mostly figures: a date, a price, a code
        size = block.size / self.cover_size
        # Once the summary's prose has begun, its lead-ins may be set in body type.
        set_apart = block.bold or size > READER.heading_size_ratio or bool(self.lead)
        return READER.min_heading_size <= size <= READER.max_label_size and set_apart

    def compliance_set_aside(self) -> tuple[SetAside, ...]:
        why = "the broker's offices (address, phone) after the disclaimer"
        return tuple(SetAside(p.page or 0, SetAsideKind.ADDRESS, p.text, why) for p in self.compliance.set_aside)

    def aside(self, block: Block, kind: SetAsideKind, why: str) -> None:
        self.set_aside.append(SetAside(block.page, kind, block.text, why))
        if is_lost_sentence(block.text, block.size, self.body_size):
            log.warning("page %s: a sentence in body type set aside as %s: %.60s", block.page, kind, block.text)

    def in_sidebar(self, block: Block, text: str) -> None:
        self.move(Event.PART_ENDS)
        self.in_front(block, text)

    def in_keypoints(self, block: Block, text: str) -> None:
        if block.page > self.key_page + 1 or (block.page > self.key_page and not self.continues_key_points(block)):
            self.move(Event.PART_ENDS)
            self.feed(block)
        elif _is_lead_in(text) and not ends_sentence(text):
            self.key_heading = text.rstrip("：:")
        else:
            # A lead-in heads the one point below it, not every point after it.
            self.key_points.append(KeyPoint(self.key_heading, text, block.page))
            self.key_heading = ""

    def in_toc(self, block: Block, text: str) -> None:
        entries = parse_toc_entries(text)
        if entries is None:
            self.move(Event.PART_ENDS)
            self.feed(block)
            return
        self.toc.extend(entries)
        self.toc_keys.update(normalise_heading(entry.title) for entry in entries)

    def in_body(self, block: Block, text: str) -> None:
        if not self.open:
            self.open_section(_Draft(None, 1, block.page))
        paragraph = Paragraph(text, block.page)
        self.open[-1].paragraphs.append(paragraph)
        self.open[-1].prose += not self.smaller_than_body(block)
        first_page = block.page == self.blocks[0].page and block.region == "main"
        if first_page and not self.numbered_seen and len(text) > 60:
            self.lead.append(paragraph)
            if self.last_short is not None and self.last_short.fed == self.fed - 1 and not OWN_LABEL.match(text):
                self.lead_ins[id(paragraph)] = self.last_short
        elif first_page and _is_lead_in(text):
            self.last_short = _LeadIn(text, self.fed, paragraph=paragraph)

    def in_risks(self, block: Block, text: str) -> None:
        self.risks.append(Paragraph(text, block.page))

    def heading_level(self, block: Block, text: str) -> int | None:
        if self.runs_on(block, text):
            return None
        style = heading_style(text)
        if style is not None:
            # Numbered lines in small type are table rows or footnotes.
            return None if self.smaller_than_body(block) else self.levels[style]
        if len(normalise_heading(text)) < READER.min_heading_chars:
            return None  # a stray glyph or a word cut from a chart, a watermark or a vertical label
        if normalise_heading(text) in self.toc_keys or self.looks_like_heading(block, text):
            numbered = [d.level for d in self.open if d.heading and heading_style(d.heading)]
            return (numbered[-1] if numbered else 0) + 1
        return None

    def runs_on(self, block: Block, text: str) -> bool:
        """A line in body type that runs on to the column's edge mid-sentence is
        a paragraph's first line, set apart only by its bold lead-in; a heading
        the contents list may fill its line."""
        if not block.open_end or block.size is None or self.body_size is None:
            return False
        larger = block.size > self.body_size * READER.heading_size_ratio
        return not larger and normalise_heading(text) not in self.toc_keys

    def smaller_than_body(self, block: Block) -> bool:
        if block.size is None or self.body_size is None:
            return False
        return block.size < self.body_size * READER.min_heading_size

    def looks_like_heading(self, block: Block, text: str) -> bool:
        """Unnumbered sub-headings, known by their type when the reader saw it;
        not on the cover, whose labels, ratings and boxes are all set large."""
        if block.size is None or self.body_size is None or len(text) > 50 or ends_sentence(text):
            return False
        if block.page == self.blocks[0].page:
            return False
        return block.size > self.body_size * READER.heading_size_ratio or (block.bold and block.size >= self.body_size)

    def open_heading(self, block: Block, text: str) -> None:
        self.numbered_seen = self.numbered_seen or heading_style(text) is not None
        level = self.heading_level(block, text) or 1
        by_type = heading_style(text) is None and normalise_heading(text) not in self.toc_keys
        draft = _Draft(text, level, block.page, by_type=by_type)
        self.open_section(draft)
        if block.page == self.blocks[0].page and block.region == "main" and _is_lead_in(text):
            self.last_short = _LeadIn(text, self.fed, draft=draft)

    def without_idle_headings(self, drafts: list[_Draft]) -> list[_Draft]:
        """A heading known only by its type that heads no prose (a page of
        tables, the compliance part's title) is a label: set it aside, and
        keep what it held as a section without a heading."""
        kept = []
        for draft in drafts:
            draft.children = self.without_idle_headings(draft.children)
            if draft.by_type and not draft.prose and not draft.children and draft.heading:
                why = "a title over no prose (tables, charts or the compliance part)"
                self.set_aside.append(SetAside(draft.page or 0, SetAsideKind.CAPTION, draft.heading, why))
                draft.heading = None
            if draft.heading or draft.paragraphs or draft.children:
                kept.append(draft)
        return kept

    def open_section(self, draft: _Draft) -> None:
        while self.open and self.open[-1].level >= draft.level:
            self.open.pop()
        (self.open[-1].children if self.open else self.roots).append(draft)
        self.open.append(draft)


# A paragraph that opens with its own short label ("光伏：…", "核心推荐组合：…"):
# the short line above it is a group label or a cover line, not its lead-in.
OWN_LABEL = re.compile(r"^[^，,。；：:]{1,12}[：:]")


@dataclass(frozen=True)
class _LeadIn:
    """A short line that may lead into the paragraph fed right after it: kept
    either as a heading (`draft`) or as a paragraph of its own."""

    text: str
    fed: int  # the analyser's block count when it was fed
    draft: _Draft | None = None
    paragraph: Paragraph | None = None


def _is_lead_in(text: str) -> bool:
    """A bold lead-in: a short unnumbered phrase (a label may end in a colon
    or a full stop, as printed), not a sentence of prose."""
    return len(text) <= READER.lead_in_chars and heading_style(text) is None and not text.endswith(("；", ";", "，"))


def _without_drafts(drafts: list[_Draft], dropped: set[int]) -> list[_Draft]:
    """The tree without the dropped (empty) drafts."""
    kept: list[_Draft] = []
    for draft in drafts:
        draft.children = _without_drafts(draft.children, dropped)
        if id(draft) not in dropped:
            kept.append(draft)
    return kept


def analyse(blocks: list[Block], outline: tuple[str, ...] = ()) -> Analysis:
    return _Analyser(blocks, outline).run()


def _drafts(drafts: list[_Draft]) -> Iterator[_Draft]:
    for draft in drafts:
        yield draft
        yield from _drafts(draft.children)


_KEY_POINT_LEAD = re.compile(
    "^(?P<debris>.{0,12}?)(?P<marker>" + "|".join(KEY_POINT_MARKERS) + r")\s*[：:]?\s*(?P<rest>.*)$"
)


def _after_key_point_marker(text: str) -> str | None:
    """What follows a key-point marker that heads a line: None when the line
    does not open with one; "" when it is the marker alone (with debris
    before it, as a short line read across from a sidebar)."""
    match = _KEY_POINT_LEAD.match(text.strip())
    if not match:
        return None
    if match["debris"] and (match["rest"] or len(text) > 20):
        return None
    if match["rest"] and not re.match(r"^[\u4e00-\u9fff]{1,8}[：:]", match["rest"]) and len(match["rest"]) < 20:
        return None
    return match["rest"]


_LIST_ITEM = re.compile(r"^\s*(?:\d{1,2}\s*[.、）)]|[（(]\d{1,2}[）)]|[①-⑩•●▪◆])")


def _is_risk_item(text: str) -> bool:
    """A risk box's item: a numbered or bulleted line, or one that ends a
    sentence or a clause (；); never an analyst's registration number."""
    if SAC_RE.search(text) or is_marker(text, SIDEBAR_MARKERS):
        return False
    return bool(_LIST_ITEM.match(text)) or text.rstrip()[-1:] in "。；;！"


def _is_outline_heading(title: str) -> bool:
    """Outlines also carry Word bookmarks (OLE_LINK5) and figure/table titles."""
    title = title.strip()
    bookmark = bool(re.fullmatch(r"[A-Za-z_][\w-]*", title))
    caption = bool(re.match(r"^(?:图表|图|表|附图|附表|Figure|Exhibit|Table)\s*\d+", title, re.I))
    return bool(title) and len(title) <= 50 and not bookmark and not caption


def _numbering_levels(blocks: list[Block]) -> dict[str, int]:
    """Levels by numbering style: the outermost style present is level 1."""
    present = {heading_style(b.text.strip()) for b in blocks} - {None}
    ordered = sorted((s for s in present if s is not None), key=STYLE_RANK.__getitem__)
    levels = {style: i + 1 for i, style in enumerate(ordered)}
    return {style: levels.get(style, STYLE_RANK[style] + 1) for style in STYLE_RANK}


def _body_size(blocks: list[Block]) -> float | None:
    sizes: Counter[float] = Counter()
    for block in blocks:
        if block.size is not None:
            sizes[round(block.size, 1)] += len(block.text)
    return sizes.most_common(1)[0][0] if sizes else None
