"""Compliance blocks: where the risk warnings and the legal disclaimer start,
and which firm signs the report.

Risk warnings and the disclaimer must reach every output verbatim, so their
vocabulary lives here, apart from the body's layout rules.
"""

from __future__ import annotations

import re
from collections import Counter

from newsletter.model import Paragraph
from newsletter.readers.sentences import ends_sentence

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
# Headings of the legal disclaimer, alone or after the broker's name (某某证券免责声明).
LEGAL_HEADINGS = (
    "免责声明",
    "特别声明",
    "法律声明",
    "重要声明",
    "一般声明",
    "免责条款",
    "风险提示及免责条款",
    "重要说明",
    "免责申明",
    "Disclaimer",
    "Important disclosures",
    "Disclosure section",
    "Disclosure appendix",
)
# Headings of the other compliance text: analyst certification, bios, rating definitions, disclosures.
OTHER_HEADINGS = (
    "分析师声明",
    "分析师承诺",
    "分析师简介",
    "分析师介绍",
    "作者简介",
    "研究员简介",
    "研究助理简介",
    "分析师与研究助理简介",
    "评级说明",
    "评级标准",
    "评级定义",
    "评级体系",
    "评级标准说明",
    "Analyst certification",
    "Rating definitions",
)
DISCLAIMER_MARKERS = LEGAL_HEADINGS + OTHER_HEADINGS
# A heading may name the broker (or its institute) before the word: 华西证券免责声明, 某某研究所特别声明.
FIRM_PREFIX = re.compile(
    r"^[\u4e00-\u9fffA-Za-z&（）() ]{2,12}(?:证券|期货|公司|集团|研究所|研究院|研究部|securities|research)$"
)
OTHER_PREFIX = 8
HEADING_CHARS = 30
LEGAL, OTHER = "disclaimer", "disclaimer_other"


FIRM_NAME = re.compile(r"([\u4e00-\u9fff]{2,8})(证券|期货)(?!业|市场|投资|法|交易所|账户)")


NOT_A_FIRM = ("我司", "本司", "贵司", "我公司", "任何", "其他", "相关", "上述", "所指", "所述", "有关", "该等", "标的")


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


def heading_kind(text: str) -> str | None:
    """LEGAL or OTHER for a line that opens a compliance block, else None:
    a short line ending with one of the headings (华西证券免责声明, 二、分析师承诺,
    投资评级说明), or a heading followed by its text (免责声明：本报告……)."""
    core = re.sub(r"^[\d一二三四五六七八九十]+[、.]\s*", "", text.strip())
    head, colon, rest = [*re.split(r"([：:])", core, maxsplit=1), "", ""][:3]
    if colon and rest.strip():
        return _kind_of(head, exact=True)
    if len(core) > HEADING_CHARS or ends_sentence(core):
        return None
    return _kind_of(head, exact=False)


def _kind_of(head: str, exact: bool) -> str | None:
    """Other compliance headings are specific words, after a few others
    (股票投资评级说明); the legal ones stand alone or after the firm's name
    only (公司发布特别声明 is a headline)."""
    bare = re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", head.strip()).casefold()
    for word in (w.casefold() for w in OTHER_HEADINGS):
        if bare == word or (not exact and bare.endswith(word) and len(bare) - len(word) <= OTHER_PREFIX):
            return OTHER
    for word in (w.casefold() for w in LEGAL_HEADINGS):
        if bare == word or (not exact and bare.endswith(word) and _is_firm(bare.removesuffix(word))):
            return LEGAL
    return None


def is_statement_heading(text: str) -> bool:
    """Inside the compliance blocks, any short heading ending in 声明 (一般性声明,
    法律主体声明, 针对不同司法管辖区的声明) heads legal text."""
    core = re.sub(r"^[\d一二三四五六七八九十]+[、.]\s*", "", text.strip()).rstrip("：:")
    return len(core) <= HEADING_CHARS and core.endswith("声明") and not ends_sentence(core)


def _is_firm(prefix: str) -> bool:
    return bool(FIRM_PREFIX.match(prefix.strip()))


# An office's address block after the disclaimer (地址：… 邮编：…, a row of city names):
# contact details, not legal text.
CONTACT = re.compile(r"(?:地址|邮编|邮政编码|传真|电话|邮箱|网址|Tel|Fax|Address)\s*[：:]", re.IGNORECASE)
STREET = re.compile(r"[市区县].{0,24}?(?:路|街|大道)\s*\d+\s*号")
# A postcode given as "P.C /（100000）" or "邮编 100000"; a building with its floor or
# room ("某某大厦 7 楼", "某某广场 T3-2402"), the line an address wraps onto.
POSTCODE = re.compile(r"(?:\bP\.?\s?C\.?|邮编|邮政编码)\s*[/：:]?\s*[（(]?\d{6}[)）]?", re.IGNORECASE)
BUILDING = re.compile(r"(?:大厦|广场|大楼|中心|园区|座)\s*(?:[A-Z]?\d+\s*[层楼室]|[A-Z]\d*-\d{3,})")
_CITY_NAMES = (
    "北京|上海|深圳|广州|南京|杭州|武汉|成都|西安|南昌|长沙|重庆|天津|苏州|香港|福州|厦门|济南|合肥|郑州|太原|沈阳|大连"
    "|昆明|宁波|青岛"
)
CITIES = re.compile(rf"^(?:(?:{_CITY_NAMES})\s*){{1,6}}$")
INSTITUTE = re.compile(r"^\S{2,10}(?:研究所|研究院|研究部|研究中心|研究)$")
FLOORS = re.compile(r"^(?:[楼座]?\s*\d+\s*[层楼座号]\s*)+$")
CONTACT_CHARS = 160


def is_contact(text: str) -> bool:
    """An address, phone or city line of the broker's offices (short, never a sentence of the disclaimer)."""
    text = text.strip()
    if len(text) > CONTACT_CHARS:
        return False
    if any(pattern.search(text) for pattern in (CONTACT, STREET, POSTCODE)):
        return True
    address = BUILDING.search(text) and not ends_sentence(text)
    return bool(address or any(p.match(text) for p in (CITIES, INSTITUTE, FLOORS)))


def is_inline_risk(text: str) -> bool:
    """A paragraph that is a risk warning on its own: "风险提示：政策不达预期……"."""
    match = re.match(r"^(风险提示|风险因素|风险)\s*[：:]\s*(.+)", text)
    return bool(match and len(match[2]) >= 4)


class ComplianceText:
    """The compliance blocks at a report's end, as their lines come: each
    heading switches between the legal disclaimer and the other compliance
    text; office addresses are set aside. Once open, every later line is
    compliance text (never body text)."""

    def __init__(self, first_page: int) -> None:
        self.first_page = first_page
        self.kind: str | None = None
        self.legal: list[Paragraph] = []
        self.other: list[Paragraph] = []
        self.set_aside: list[Paragraph] = []

    def starts(self, text: str, page: int) -> bool:
        """A compliance heading that opens the blocks; certification and rating
        definitions on page one are the sidebar's labels, not the block."""
        kind = heading_kind(text)
        return kind is not None and not (kind == OTHER and page == self.first_page)

    def open(self, text: str, page: int) -> None:
        self.kind = heading_kind(text)
        self.add(text, page)

    def opens(self, text: str, page: int) -> bool:
        """True (and open) at a compliance heading."""
        if not self.starts(text, page):
            return False
        self.open(text, page)
        return True

    def add(self, text: str, page: int) -> None:
        self.kind = heading_kind(text) or (LEGAL if is_statement_heading(text) else self.kind)
        paragraph = Paragraph(text, page)
        if is_contact(text):
            self.set_aside.append(paragraph)
        else:
            (self.legal if self.kind == LEGAL else self.other).append(paragraph)
