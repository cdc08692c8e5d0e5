"""The front page: the title block, the analysts and the report's date.

Separate builders the structure analyser calls: `title_blocks`/`title_text`
pick the title from page one's type, `AnalystList` pairs names with SAC
numbers and emails as the sidebar lines come, `find_date` reads page one's
date.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import reduce

from newsletter.model import Analyst
from newsletter.readers.blocks import Block, join_all, join_text
from newsletter.readers.names import HAS_ROLE, names_in
from newsletter.readers.sentences import ends_sentence
from newsletter.readers.settings import READER

# A name waits at most this many lines for its SAC number (phone, e-mail between).
PENDING_LINES = 6
SAC_RE = re.compile(r"S\d{13}")
# As printed: some templates set the at sign full width (name＠example.com).
EMAIL_RE = re.compile(r"[\w.+-]+[@＠][\w-]+(?:\.[\w-]+)+")


@dataclass
class _Person:
    """An analyst while the sidebar is read: a name opens one, the SAC
    number and email lines after it fill it, in whichever order they come."""

    name: str
    sac: str | None = None
    email: str | None = None
    labelled: bool = False  # listed under a role (分析师, 研究助理, 联系人): kept without SAC
    since: int = 0


class AnalystList:
    """Analysts as the sidebar's lines come, paired by position: a name
    opens a person and the SAC number and email below it are theirs (an
    email may come before the number); names and numbers on one line, or
    side by side (names on one line, their numbers on a later one).
    Research assistants and 联系人 have no SAC number: a name under or beside
    a role label, or with an email, is kept without one."""

    def __init__(self) -> None:
        self.people: list[_Person] = []
        self.pending_names: list[str] = []
        self.pending_since = 0
        self.role_since = -PENDING_LINES - 1

    @property
    def analysts(self) -> list[Analyst]:
        kept = [p for p in self.people if p.sac or (p.name and (p.labelled or p.email))]
        return [Analyst(p.name, p.sac, p.email) for p in kept]

    def line(self, text: str, fed: int) -> None:
        """One sidebar line; `fed` counts the lines read so far."""
        sacs, names = SAC_RE.findall(text), names_in(text)
        if HAS_ROLE.search(text) and not names:
            self.role_since = fed  # 研究助理 on its own line: the name follows
        if names and not sacs:
            self.pending_names, self.pending_since = names, fed
            labelled = bool(HAS_ROLE.search(text)) or fed - self.role_since <= 2
            for name in names:
                self.open(name, labelled, fed)
        if sacs:
            # A name read many lines before belongs to something else.
            pending = self.pending_names if fed - self.pending_since <= PENDING_LINES else []
            for name, sac in zip(names_for(sacs, names, pending), sacs, strict=True):
                self.add(name, sac, fed)
            self.pending_names = []
        email = EMAIL_RE.search(text)
        if email:
            self.add_email(email.group(0), fed)

    def open(self, name: str, labelled: bool, fed: int) -> None:
        known = next((p for p in self.people if p.name == name), None)
        if known is None:
            self.people.append(_Person(name, labelled=labelled, since=fed))
        else:
            known.labelled = known.labelled or labelled

    def add(self, name: str, sac: str, fed: int) -> None:
        """One analyst per SAC number (the sidebar and a header row may both list them)."""
        known = next((p for p in self.people if p.sac == sac), None)
        if known is not None:
            known.name = known.name or name
            return
        person = next((p for p in self.people if p.name == name and name and p.sac is None), None)
        if person is None:
            person = _Person(name, since=fed)
            self.people.append(person)
        person.sac = sac

    def add_email(self, email: str, fed: int) -> None:
        """The email goes to the latest person without one (read lately); of
        names read side by side, to the first of them still without one."""
        waiting = [p for p in self.people if p.email is None and fed - p.since <= PENDING_LINES]
        if waiting:
            latest = max(p.since for p in waiting)
            next(p for p in waiting if p.since == latest).email = email


@dataclass(frozen=True)
class Cell:
    """A piece of page-one text where it is printed (points from the top left):
    what pairs a name with the SAC number and email set below or beside it."""

    text: str
    x0: float
    x1: float
    top: float
    size: float


# A cell holding a name is a label ("分析师：某某", "● 某某"), not a line of prose.
NAME_CELL_CHARS = 24


def analysts_by_position(cells: list[Cell]) -> list[Analyst]:
    """The analysts of page one paired by where they are printed: each SAC
    number and email goes to the nearest name above it in the same column (or
    before it on its row), whatever order the lines are read in, so a grid of
    names over rows of emails and numbers pairs column by column. A name
    with neither is kept when a role labels it (联系人：某某)."""
    ordered = sorted(cells, key=lambda c: (c.top, c.x0))
    names = [c for c in ordered if len(c.text) <= NAME_CELL_CHARS and names_in(c.text)]
    people = {name: _Person(name, labelled=bool(HAS_ROLE.search(c.text))) for c in names for name in names_in(c.text)}
    # Top to bottom: a name takes the first number and email below it.
    for cell in ordered:
        owner = _owner(cell, names)
        owned = names_in(owner.text) if owner else []
        sacs, emails = SAC_RE.findall(cell.text), EMAIL_RE.findall(cell.text)
        # Several names in one cell take as many numbers in order, else none (no guessing).
        for name, sac in zip(owned, sacs, strict=True) if len(owned) == len(sacs) else ():
            people[name].sac = people[name].sac or sac
        for name, email in zip(owned, emails, strict=True) if len(owned) == len(emails) else ():
            people[name].email = people[name].email or email
    return [Analyst(p.name, p.sac, p.email) for p in people.values() if p.sac or p.email or p.labelled]


def merge_analysts(placed: list[Analyst], read: tuple[Analyst, ...]) -> tuple[Analyst, ...]:
    """The analysts paired by position, completed by what the reading order
    paired with the same names, then the others it found (a name or SAC
    number on a later page)."""
    sacs = {a.sac for a in placed if a.sac}
    emails = {a.email for a in placed if a.email}
    by_name = {a.name: a for a in read if a.name}
    merged = [_completed(a, by_name.get(a.name), sacs, emails) for a in placed]
    names = {a.name for a in placed if a.name}
    sacs |= {a.sac for a in merged if a.sac}
    return (*merged, *(a for a in read if a.sac not in sacs and a.name not in names))


def _completed(placed: Analyst, read: Analyst | None, sacs: set[str], emails: set[str]) -> Analyst:
    if read is None:
        return placed
    sac = placed.sac or (read.sac if read.sac not in sacs else None)
    return Analyst(placed.name, sac, placed.email or (read.email if read.email not in emails else None))


def _owner(cell: Cell, names: list[Cell]) -> Cell | None:
    """The name cell a SAC number or email belongs to: itself, the nearest
    before it on its row, else the nearest above it in its column (or, in a
    narrow sidebar that sets values flush right, just right of its column)."""
    if not (SAC_RE.search(cell.text) or EMAIL_RE.search(cell.text)):
        return None
    if cell in names:
        return cell
    near = [c for c in names if cell.x0 - c.x1 <= READER.analyst_beside * c.size and c.x0 <= cell.x1]
    row = [c for c in near if abs(c.top - cell.top) < READER.row_link * cell.size and c.x1 <= cell.x0 + cell.size]
    if row:
        return max(row, key=lambda c: c.x1)
    above = [c for c in near if 0 < cell.top - c.top <= READER.analyst_reach * cell.size]
    column = [c for c in above if min(c.x1, cell.x1) > max(c.x0, cell.x0)]
    return max(column or above, key=lambda c: c.top) if above else None


def is_sidebar_line(text: str) -> bool:
    return bool(SAC_RE.search(text) or EMAIL_RE.fullmatch(text) or names_in(text))


def names_for(sacs: list[str], names: list[str], pending: list[str]) -> list[str]:
    """The names that go with these SAC numbers: those on the line, else the
    ones read before; none when the counts disagree (no guessing)."""
    for candidates in (names, pending):
        if len(candidates) == len(sacs):
            return candidates
    return [""] * len(sacs)


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
# A title that names only the series: 某某行业周报（2026年第8期）, 某某系列报告之（六十六）.
SERIES_LABEL = re.compile(r"(?:周报|月报|日报|晨报|周评|点评|报告)(?:之?[（(][^）)]*[）)])?$")
# How far after a name or series label its headline may be (a rating, a price between).
HEADLINE_REACH = 3


def title_blocks(blocks: list[Block], body_size: float | None) -> list[int]:
    """The title's blocks: the span `_title_span` finds, completed by the
    headline after it when the span is only a company (and its code) or a
    series label, as a company report prints its name above the headline."""
    if not blocks:
        return []
    start, end = _title_span(blocks)
    text = join_all([without_rating(b.text.strip()) for b in blocks[start:end]])
    label = _is_short_label(text)
    if not (_is_name_line(text) or SERIES_LABEL.search(text) or label):
        return list(range(start, end))
    # Single glyphs between (a shredded watermark, a vertical label) do not count.
    after = [i for i in range(end, len(blocks)) if len(blocks[i].text.strip()) > 1][:HEADLINE_REACH]
    headlines = [i for i in after if _is_headline(blocks[i], body_size)]
    if label:  # an industry or company name alone: its headline is set in display type too
        headlines = [i for i in headlines if _is_display(blocks[i], blocks[start], body_size)]
    if not headlines:
        return list(range(start, end))
    return [*range(start, end), max(headlines, key=lambda i: (blocks[i].size or 0.0, -i))]


# A short label in the largest type (电气设备, 某某股份): an industry or a company
# named alone above the headline; a headline says more than this.
LABEL_CHARS = 10


def _is_short_label(text: str) -> bool:
    return len(text) <= LABEL_CHARS and not re.search(r"[，。：:；！？,;!?]", text)


def _is_display(block: Block, label: Block, body_size: float | None) -> bool:
    """A line in display type, smaller than the label above it: the headline."""
    size, top = block.size or 0.0, label.size or 0.0
    return body_size is not None and body_size * READER.heading_size_ratio <= size < top - 0.3


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
    # A headline may ask a question (需要多少储能？); a statement ending in 。 is prose.
    sentence = ends_sentence(text) and not text.endswith(("？", "?"))
    return block.region == "main" and sized and 6 <= len(text) <= 60 and not (sentence or metadata or label)


def title_text(parts: list[Block]) -> str:
    """Lines of one title joined; a headline after a name or label follows a colon."""
    texts = [without_rating(b.text.strip()) for b in parts]
    if not texts:
        return ""
    smaller = len(parts) > 1 and (parts[1].size or 0.0) < (parts[0].size or 0.0) - 0.3
    if len(texts) > 1 and (
        _is_name_line(texts[0]) or SERIES_LABEL.search(texts[0]) or (smaller and _is_short_label(texts[0]))
    ):
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


DATE_RE = re.compile(r"(20\d{2})\s*[年/.-]\s*(\d{1,2})\s*[月/.-]\s*(\d{1,2})(?!\d)\s*日?")
# 报告日期：2021-01-24, 发布时间：…, a table cell "报告时间 | 2021/01/23" (its rule
# may come out as any punctuation glyph, ｜, │, ।, or as the ideograph 丨).
DATE_LABEL = re.compile(r"(?:报告|发布|出版)?(?:日期|时间)\s*(?:[^\w\s]|丨)?\s*20\d{2}")
MONTH_NAMES = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTHS = {name: i for i, name in enumerate(MONTH_NAMES, start=1)}
_MONTH = r"(?P<m>(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?)"
ENGLISH_DATES = (
    re.compile(rf"\b{_MONTH}\s+(?P<d>\d{{1,2}}),?\s+(?P<y>20\d{{2}})\b"),  # July 13, 2026
    re.compile(rf"\b(?P<d>\d{{1,2}})\s+{_MONTH}\s+(?P<y>20\d{{2}})\b"),  # 13 July 2026
)


def find_date(blocks: list[Block], running_header: tuple[str, ...] = ()) -> dt.date | None:
    """The report's date, from its first page only (later pages quote other
    dates): a labelled date (报告日期：…), else one in the running header
    (行业周报｜2021.1.25 on every page), else a date on a short line of the
    main column (a header "行业周报 2026 年 5 月 24 日", "July 13, 2026"),
    else a date alone on a sidebar line in 年月日 form. Numeric dates in a
    sidebar are the related-reports list, not the report's own."""
    first = [b for b in blocks if b.page == blocks[0].page] if blocks else []
    labelled = [b.text for b in first if DATE_LABEL.search(b.text)]
    header = [b.text for b in first if b.region == "main" and len(b.text.strip()) <= 40 and "《" not in b.text]
    alone = [b.text for b in first if DATE_RE.fullmatch(b.text.strip()) and "年" in b.text]
    for texts in (labelled, list(running_header), header, alone):
        found = next((date for text in texts if (date := parse_date(text)) is not None), None)
        if found:
            return found
    return None


def date_on_cover(cells: list[Cell], height: float) -> dt.date | None:
    """A date printed alone at the top of page one (2018.11.28 above the
    title), for a layout that sets it apart from every line the reader keeps;
    lower down, dates alone are the related-reports list's."""
    top = [c for c in cells if c.top < READER.cover_date_share * height and DATE_RE.fullmatch(c.text.strip())]
    return next((date for c in sorted(top, key=lambda c: c.top) if (date := parse_date(c.text))), None)


def parse_date(text: str) -> dt.date | None:
    """The first valid date in the text: 2026年5月24日, 2026-05-24, 2026.05.24, July 13, 2026."""
    numeric = [(int(m[1]), int(m[2]), int(m[3])) for m in DATE_RE.finditer(text)]
    english = [
        (int(m["y"]), MONTHS[m["m"][:3].casefold()], int(m["d"]))
        for pattern in ENGLISH_DATES
        for m in pattern.finditer(text)
    ]
    for year, month, day in numeric + english:
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    return None


RATING_WORDS = (
    "强烈推荐|谨慎推荐|审慎推荐|推荐|买入|增持|审慎增持|谨慎增持|持有|中性|减持|卖出|回避|看好|看淡|"
    "优于大市|同步大市|弱于大市|强于大市|跑赢行业|跑赢大市|同步行业|超配|标配|低配|"
    "Buy|Outperform|Overweight|Equal-weight|Neutral|Hold|Underperform|Underweight|Sell"
)
RATING_STATUS = (
    r"(?:[（(]\s*(?:维持|首次|上调|下调|首次覆盖|调高|调低)\s*[）)]|\s*[-—/]?\s*(?:维持|首次|上调|下调|首次覆盖))?"
)
# 投资评级：买入（维持）, 行业评级 | 推荐, 评级 买  入.
RATING_LINE = re.compile(
    rf"(?:(?:投资|行业|公司|股票)?评级|Rating)\s*[：:|｜]?\s*(?P<rating>(?:{RATING_WORDS}){RATING_STATUS})", re.I
)
RATING_ALONE = re.compile(rf"^\s*(?P<rating>(?:{RATING_WORDS}){RATING_STATUS})\s*$")
TARGET_PRICE = re.compile(
    r"(?:目标价格?|目标价位|Target price|TP)\s*[：:|｜]?\s*"
    r"(?P<price>(?:HK\$|US\$|\$|RMB\s?)?\d+(?:\.\d+)?\s*(?:元|港元|美元|港币)?)",
    re.I,
)


# A rating set at the right end of a title line, a wide space away: "…周报      维持评级".
TRAILING_RATING = re.compile(rf"\s{{2,}}(?:(?:{RATING_WORDS}){RATING_STATUS}|(?:维持|首次|上调|下调)?评级)\s*$")


def without_rating(text: str) -> str:
    """A title line without the rating printed at its right end."""
    return TRAILING_RATING.sub("", text)


def find_rating(blocks: list[Block]) -> str | None:
    """The investment rating printed on page one: labelled (投资评级：买入（维持）)
    else a rating alone on its line (看好（维持））; spaces set inside it removed."""
    first = [_without_inner_spaces(b.text) for b in blocks if b.page == blocks[0].page] if blocks else []
    for pattern in (RATING_LINE, RATING_ALONE):
        found = next((m["rating"] for text in first if (m := pattern.search(text))), None)
        if found:
            return found.strip()
    return None


def find_target_price(blocks: list[Block]) -> str | None:
    """The target price printed on page one, with its unit (目标价 45.6 元)."""
    first = [_without_inner_spaces(b.text) for b in blocks if b.page == blocks[0].page] if blocks else []
    return next((m["price"].strip() for text in first if (m := TARGET_PRICE.search(text))), None)


def _without_inner_spaces(text: str) -> str:
    """买  入 as printed in a spaced-out cell is 买入."""
    return re.sub(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])", "", text)
