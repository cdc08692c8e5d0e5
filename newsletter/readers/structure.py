"""Structure analysis: from a stream of blocks to a `Report`.

Brokerage reports share one anatomy whatever the house style: a title, an
analyst sidebar (names with SAC numbers), key points, a table of contents,
numbered sections, risk warnings and a disclaimer. The analyser walks the
blocks once, switching zone at the markers that open each part.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import reduce

from newsletter.model import Analyst, KeyPoint, Paragraph, Section, TocEntry
from newsletter.readers.blocks import Block, join_all, join_text
from newsletter.readers.names import HAS_ROLE, is_personal_name, names_in

KEY_POINT_MARKERS = ("核心要点", "投资要点", "核心观点", "主要观点", "报告要点", "报告摘要", "内容摘要", "摘要", "要点")
# Key points sit on the first pages; a marker further on is a section's own word.
KEY_POINT_PAGES = 2
TOC_MARKERS = ("内容目录", "正文目录", "目录", "图表目录")
RISK_MARKERS = (
    "风险提示",
    "风险因素",
    "风险",
    "Risks",
    "Key risks",
    "Investment risks",
    "Risk factors",
    "Downside risks",
)
DISCLAIMER_MARKERS = (
    "特别声明",
    "免责声明",
    "法律声明",
    "重要声明",
    "免责条款",
    "分析师声明",
    "风险提示及免责条款",
    "重要说明",
    "免责申明",
    "Disclaimer",
    "Important disclosures",
    "Disclosure section",
    "Disclosure appendix",
    "Analyst certification",
)
SIDEBAR_MARKERS = ("分析师及联系人", "分析师", "联系人", "研究员")
ALL_MARKERS = KEY_POINT_MARKERS + TOC_MARKERS + RISK_MARKERS + DISCLAIMER_MARKERS + SIDEBAR_MARKERS

# A name waits at most this many lines for its SAC number (phone, e-mail between).
PENDING_LINES = 6
SAC_RE = re.compile(r"S\d{13}")
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
TOC_LINE_RE = re.compile(r"^(?P<title>.+?)(?:\t+|\s*[.·…．]{3,}\s*|\s{2,})(?P<page>\d{1,3})$")
SENTENCE_END = '。！？；.!?;…”’"）)】」』'

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
    return any(stripped == marker.casefold() for marker in markers)


def heading_style(text: str) -> str | None:
    if len(text) > 60 or text.rstrip()[-1:] in "。；;，,":
        return None
    for pattern, style in HEADING_PATTERNS:
        if pattern.match(text):
            return style
    return None


def ends_sentence(text: str) -> bool:
    return text.rstrip()[-1:] in SENTENCE_END


def parse_toc_line(text: str) -> TocEntry | None:
    match = TOC_LINE_RE.match(text.strip())
    if not match:
        return None
    return TocEntry(title=match["title"].strip(), page=match["page"])


FIRM_NAME = re.compile(r"([\u4e00-\u9fff]{2,8})(证券|期货)(?!业|市场|投资|法|交易所|账户)")


NOT_A_FIRM = ("任何", "其他", "相关", "上述", "所指", "所述", "有关", "该等", "标的")


def guess_broker(texts: list[str]) -> str | None:
    """The firm that signs the report, from its disclaimer: the short name the
    disclaimer defines for itself (（以下简称“某某公司”）), else the firm that
    most often names itself ("本报告仅供国泰君安证券…"), else for an English
    disclaimer the company most often named before a legal suffix (LLC, Limited).

    The words before "证券" vary ("本报告仅供国泰君安证券", "国泰君安证券股份");
    every 2-4 character ending is counted and the most frequent, longest wins.
    """
    text = "\n".join(texts)
    aliases: list[str] = [
        a for a in SELF_ALIAS.findall(text) if a not in GENERIC_ALIASES and a.endswith(("证券", "期货", "公司"))
    ]
    if aliases:
        return Counter(aliases).most_common(1)[0][0]
    names: Counter[str] = Counter()
    for head, kind in FIRM_NAME.findall(text):
        endings = {head[-k:] + kind for k in range(2, min(4, len(head)) + 1)}
        names.update(name for name in endings if not name.startswith(NOT_A_FIRM))
    if names:
        return max(names, key=lambda name: (names[name], len(name)))
    return _english_firm(text)


# A disclaimer defines its firm's short name: （以下简称“某某证券”）, 以下统称“某某公司”.
SELF_ALIAS = re.compile(r"(?:以下简称|以下统称|下称|简称)\s*[“\"「]([\u4e00-\u9fffA-Za-z]{2,10})[”\"」]")
GENERIC_ALIASES = ("本公司", "该公司", "公司")
LEGAL_SUFFIX = re.compile(
    r"\b((?:[A-Z][A-Za-z]+ ){0,2}[A-Z][A-Za-z]+),? (?:& Co\.|LLC|Limited|Ltd|plc|Inc|Securities|Group|International)"
)


def _english_firm(text: str) -> str | None:
    """The company named before a legal suffix that the text names most often:
    the firm repeats its own name throughout its disclosures."""
    candidates: set[str] = set(LEGAL_SUFFIX.findall(text))
    if not candidates:
        return None
    return max(sorted(candidates), key=lambda name: (text.count(name), -len(name)))


class _Analyser:
    """One pass over the blocks; `zone` says which part of the report we are in."""

    def __init__(self, blocks: list[Block], outline: tuple[str, ...] = ()) -> None:
        self.blocks = blocks
        self.zone = "front"
        self.analysts: list[Analyst] = []
        self.pending_names: list[str] = []
        self.pending_since = 0
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
        self.disclaimer: list[Paragraph] = []
        # Page-one prose before the first numbered heading: the summary of a
        # report whose key-point heading is an image or missing.
        self.lead: list[Paragraph] = []
        self.numbered_seen = False
        self.levels = _numbering_levels(blocks)
        self.body_size = _body_size(blocks)

    def run(self) -> Analysis:
        title = _title_parts(self.blocks, self.body_size)
        for i, block in enumerate(self.blocks):
            if i not in title:
                self.feed(block)
        if not self.key_points:
            self.promote_lead()
        return Analysis(
            title=_title_text([self.blocks[i] for i in title]),
            analysts=tuple(self.analysts),
            key_points=tuple(self.key_points),
            toc=tuple(self.toc),
            sections=tuple(draft.freeze() for draft in self.roots),
            risks=tuple(self.risks),
            disclaimer=tuple(self.disclaimer),
            broker=guess_broker([p.text for p in self.disclaimer]),
        )

    def feed(self, block: Block) -> None:
        self.fed += 1
        text = block.text.strip()
        if not text:
            return
        if self.zone == "disclaimer":
            self.disclaimer.append(Paragraph(text, block.page))
        elif block.region == "sidebar" or self.analyst_line_in_main(block, text):
            self.sidebar_line(text)
        elif _is_inline_risk(text):
            self.risks.append(Paragraph(text, block.page))
        elif self.switch_zone(block, text):
            return
        elif self.zone == "sidebar" and _is_sidebar_line(text):
            self.sidebar_line(text)
        else:
            getattr(self, f"in_{self.zone}")(block, text)

    def analyst_line_in_main(self, block: Block, text: str) -> bool:
        """Some templates put the analysts in the first page's main column
        ("某某（分析师）", a row of names over a row of SAC numbers)."""
        if block.page != self.blocks[0].page or len(text) > 60:
            return False
        labelled = bool(HAS_ROLE.search(text) and names_in(text))
        return bool(SAC_RE.search(text)) or labelled or is_personal_name(text)

    def switch_zone(self, block: Block, text: str) -> bool:
        """Open a new zone at a marker; True when the block was the marker."""
        if _is_disclaimer_start(text):
            self.zone = "disclaimer"
            self.disclaimer.append(Paragraph(text, block.page))
        elif is_marker(text, SIDEBAR_MARKERS):
            self.zone = "sidebar"
        elif self.opens_key_points(block, text):
            self.zone = "keypoints"
            self.key_page = block.page
            rest = _after_key_point_marker(text)
            if rest:
                self.in_keypoints(block, rest)
        elif is_marker(text, TOC_MARKERS):
            self.zone = "toc"
        elif is_marker(text, RISK_MARKERS) and self.zone != "keypoints":
            self.zone = "risks"
        elif self.opens_section(block, text):
            self.zone = "body"
            self.open_heading(block, text)
        else:
            return False
        return True

    def opens_key_points(self, block: Block, text: str) -> bool:
        """A key-point heading on the first pages, alone, after sidebar debris
        on its line ("研究部核心观点") or before its first point ("投资要点事件：…")."""
        early = block.page <= self.blocks[0].page + KEY_POINT_PAGES - 1
        if not early or self.key_points or self.numbered_seen or self.zone in ("keypoints", "toc", "risks"):
            return False
        return is_marker(text, KEY_POINT_MARKERS) or _after_key_point_marker(text) is not None

    def continues_key_points(self, block: Block) -> bool:
        """Key points run onto the next page only as the open point's end."""
        return bool(self.key_points) and not ends_sentence(self.key_points[-1].text) and len(block.text) > 20

    def promote_lead(self) -> None:
        """No key-point heading: the first page's prose is the summary."""
        lead = {id(p) for p in self.lead}
        for draft in _drafts(self.roots):
            draft.paragraphs = [p for p in draft.paragraphs if id(p) not in lead]
        self.key_points = [KeyPoint("", p.text, p.page) for p in self.lead]

    def opens_section(self, block: Block, text: str) -> bool:
        """Key points have sub-headings in larger type too; only a numbered
        or contents-listed heading ends them."""
        if self.zone == "keypoints":
            return bool(heading_style(text) or normalise_heading(text) in self.toc_keys)
        return self.zone != "toc" and self.heading_level(block, text) is not None

    def sidebar_line(self, text: str) -> None:
        """Names and SAC numbers: on one line, a name above its number, or
        side by side (names on one line, their numbers on a later one)."""
        sacs = SAC_RE.findall(text)
        names = names_in(text)
        if names and not sacs:
            self.pending_names, self.pending_since = names, self.fed
        if sacs:
            # A name read many lines before belongs to something else.
            pending = self.pending_names if self.fed - self.pending_since <= PENDING_LINES else []
            for name, sac in zip(_names_for(sacs, names, pending), sacs, strict=True):
                self.add_analyst(name, sac)
            self.pending_names = []
        email = EMAIL_RE.search(text)
        if email and self.analysts and self.analysts[-1].email is None:
            last = self.analysts[-1]
            self.analysts[-1] = Analyst(last.name, last.sac, email.group(0))

    def add_analyst(self, name: str, sac: str) -> None:
        """One analyst per SAC number (the sidebar and a header row may both list them)."""
        for i, known in enumerate(self.analysts):
            if known.sac == sac:
                self.analysts[i] = Analyst(known.name or name, sac, known.email)
                return
        self.analysts.append(Analyst(name, sac))

    def in_front(self, block: Block, text: str) -> None:
        # Before the first marker only long prose matters; short lines are
        # cover metadata (ratings, dates) that other fields carry.
        if len(text) > 60:
            self.in_body(block, text)

    def in_sidebar(self, block: Block, text: str) -> None:
        self.zone = "front"
        self.in_front(block, text)

    def in_keypoints(self, block: Block, text: str) -> None:
        if block.page > self.key_page + 1 or (block.page > self.key_page and not self.continues_key_points(block)):
            self.zone = "body"
            self.feed(block)
        elif len(text) <= 20 and not ends_sentence(text):
            self.key_heading = text.rstrip("：:")
        else:
            self.key_points.append(KeyPoint(self.key_heading, text, block.page))

    def in_toc(self, block: Block, text: str) -> None:
        entry = parse_toc_line(text)
        if entry is None:
            self.zone = "body"
            self.feed(block)
            return
        self.toc.append(entry)
        self.toc_keys.add(normalise_heading(entry.title))

    def in_body(self, block: Block, text: str) -> None:
        if not self.open:
            self.open_section(_Draft(None, 1, block.page))
        paragraph = Paragraph(text, block.page)
        self.open[-1].paragraphs.append(paragraph)
        first_page = block.page == self.blocks[0].page and block.region == "main"
        if first_page and not self.numbered_seen and len(text) > 60:
            self.lead.append(paragraph)

    def in_risks(self, block: Block, text: str) -> None:
        self.risks.append(Paragraph(text, block.page))

    def heading_level(self, block: Block, text: str) -> int | None:
        style = heading_style(text)
        if style is not None:
            return self.levels[style]
        if normalise_heading(text) in self.toc_keys or self.looks_like_heading(block, text):
            numbered = [d.level for d in self.open if d.heading and heading_style(d.heading)]
            return (numbered[-1] if numbered else 0) + 1
        return None

    def looks_like_heading(self, block: Block, text: str) -> bool:
        """Unnumbered sub-headings, known by their type when the reader saw it."""
        if block.size is None or self.body_size is None or len(text) > 50 or ends_sentence(text):
            return False
        return block.size > self.body_size * 1.08 or (block.bold and block.size >= self.body_size)

    def open_heading(self, block: Block, text: str) -> None:
        self.numbered_seen = self.numbered_seen or heading_style(text) is not None
        level = self.heading_level(block, text) or 1
        self.open_section(_Draft(text, level, block.page))

    def open_section(self, draft: _Draft) -> None:
        while self.open and self.open[-1].level >= draft.level:
            self.open.pop()
        (self.open[-1].children if self.open else self.roots).append(draft)
        self.open.append(draft)


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


def _is_outline_heading(title: str) -> bool:
    """Outlines also carry Word bookmarks (OLE_LINK5) and figure/table titles."""
    title = title.strip()
    bookmark = bool(re.fullmatch(r"[A-Za-z_][\w-]*", title))
    caption = bool(re.match(r"^(?:图表|图|表|附图|附表|Figure|Exhibit|Table)\s*\d+", title, re.I))
    return bool(title) and len(title) <= 50 and not bookmark and not caption


def _title_span(blocks: list[Block]) -> tuple[int, int]:
    """The title: the largest type on the first page (a longer line beats a
    short label in larger type, such as the industry name), continued by the
    blocks right after it in the same type (a title set on two lines)."""
    first_page = [i for i, b in enumerate(blocks) if b.page == blocks[0].page and b.region == "main"]
    sized = [i for i in first_page if blocks[i].size is not None]
    if not sized:
        start = first_page[0] if first_page else 0
        return start, start + 1
    start = max(sized, key=lambda i: (_title_weight(blocks[i]), -i))
    end = start + 1
    while end < len(blocks) and _continues_title(blocks[start], blocks[end - 1], blocks[end]):
        end += 1
    return start, end


# A company and its stock code: 某某股份（300001）, 某某 300001.SZ, Example (700 HK).
STOCK_CODE = re.compile(r"[（(]?\b(?:\d{6}|\d{4,5})(?:\.(?:SH|SZ|BJ|HK)|\s?HK)?\b[)）]?")
# A title that names only the series: 某某行业周报（2026年第8期）.
SERIES_LABEL = re.compile(r"(?:周报|月报|日报|晨报|周评|点评|报告)(?:[（(][^）)]*[）)])?$")
# How far after a name or series label its headline may be (a rating, a price between).
HEADLINE_REACH = 3


def _title_parts(blocks: list[Block], body_size: float | None) -> list[int]:
    """The title's blocks: the span `_title_span` finds, completed by the
    headline after it when the span is only a company (and its code) or a
    series label, as a company report prints its name above the headline."""
    if not blocks:
        return []
    start, end = _title_span(blocks)
    text = join_all([b.text.strip() for b in blocks[start:end]])
    if not (_is_name_line(text) or SERIES_LABEL.search(text)):
        return list(range(start, end))
    # Single glyphs between (a shredded watermark, a vertical label) do not count.
    after = [i for i in range(end, len(blocks)) if len(blocks[i].text.strip()) > 1][:HEADLINE_REACH]
    headlines = [i for i in after if _is_headline(blocks[i], body_size)]
    if not headlines:
        return list(range(start, end))
    return [*range(start, end), max(headlines, key=lambda i: (blocks[i].size or 0.0, -i))]


def _is_name_line(text: str) -> bool:
    """A company's name, with its stock code or alone in large type (a word or two)."""
    latin_name = text.isascii() and len(text.split()) <= 2 and len(text) <= 12
    return len(text) <= 24 and (bool(STOCK_CODE.search(text)) or latin_name)


def _is_headline(block: Block, body_size: float | None) -> bool:
    text = block.text.strip()
    sized = block.size is not None and body_size is not None and block.size >= body_size * 0.98
    # A dated or labelled line (报告日期：…, 评级：…) is cover metadata, not a headline.
    metadata = bool(re.search(r"20\d\d\s*[年/.-]\s*\d", text) or re.match(r"^[^\s：:]{2,6}[：:]\s*\S", text))
    # A label ending in a colon (一周市场表现：) leads into the text below it.
    label = text.endswith(("：", ":"))
    return block.region == "main" and sized and 6 <= len(text) <= 60 and not (ends_sentence(text) or metadata or label)


def _title_text(parts: list[Block]) -> str:
    """Lines of one title joined; a headline after a name or label follows a colon."""
    texts = [b.text.strip() for b in parts]
    if not texts:
        return ""
    if len(texts) > 1 and (_is_name_line(texts[0]) or SERIES_LABEL.search(texts[0])):
        latin = texts[0][-1:].isascii()
        return texts[0].rstrip("：:") + (": " if latin else "：") + join_all(texts[1:])
    return reduce(join_text, texts)


def _title_weight(block: Block) -> float:
    """Short labels ("电气设备") and the firm's own banner ("某某证券研究所-研究报告")
    are often set as large as the title; they weigh less."""
    text = block.text.strip()
    label = len(text) < 6 or bool(re.search(r"证券|研究所|研究报告|日期|20\d\d\s*年", text) and len(text) < 16)
    return (block.size or 0.0) * (0.75 if label else 1.0)


def _continues_title(first: Block, last: Block, block: Block) -> bool:
    same_type = block.size is not None and abs(block.size - (first.size or 0.0)) < 0.3
    return same_type and block.page == first.page and block.region == "main" and not ends_sentence(last.text)


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


def _is_disclaimer_start(text: str) -> bool:
    for marker in DISCLAIMER_MARKERS:
        if text.casefold().startswith(marker.casefold()):
            rest = text[len(marker) :]
            return len(text) <= 30 or rest[:1] in ("：", ":")
    return False


def _is_inline_risk(text: str) -> bool:
    """A paragraph that is a risk warning on its own: "风险提示：政策不达预期……"."""
    match = re.match(r"^(风险提示|风险因素|风险)\s*[：:]\s*(.+)", text)
    return bool(match and len(match[2]) >= 4)


def _is_sidebar_line(text: str) -> bool:
    return bool(SAC_RE.search(text) or EMAIL_RE.fullmatch(text) or names_in(text))


def _names_for(sacs: list[str], names: list[str], pending: list[str]) -> list[str]:
    """The names that go with these SAC numbers: those on the line, else the
    ones read before; none when the counts disagree (no guessing)."""
    for candidates in (names, pending):
        if len(candidates) == len(sacs):
            return candidates
    return [""] * len(sacs)
