"""The research houses whose reports a reader meets, by the short name the
report is filed under, with the other names they print (a former name, the
full name, an English one).

The disclaimer names its firm in many ways, and sometimes in none the reader
can tell from a sentence ("提示我司证券研究业务客户"); the house also names
itself in every source line ("资料来源：Wind，某某证券研究所") and in its
running header. A name from this table, counted over the report's text,
settles what the sentences leave open. A house missing here is still read
from the disclaimer as before.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

# Short name -> the other names it prints. Chinese securities houses with a
# research arm, then foreign houses publishing on Chinese markets.
BROKERS: dict[str, tuple[str, ...]] = {
    "中信证券": ("中信证券股份有限公司",),
    "中金公司": ("中国国际金融",),
    "国泰君安证券": ("国泰君安",),
    "华泰证券": (),
    "海通证券": (),
    "广发证券": (),
    "招商证券": (),
    "申万宏源证券": ("申万宏源", "申银万国"),
    "中信建投证券": ("中信建投",),
    "国信证券": (),
    "兴业证券": (),
    "光大证券": (),
    "安信证券": (),
    "国投证券": (),
    "长江证券": (),
    "东方证券": (),
    "天风证券": (),
    "国金证券": (),
    "国盛证券": (),
    "东吴证券": (),
    "开源证券": (),
    "德邦证券": (),
    "华安证券": (),
    "方正证券": (),
    "民生证券": (),
    "东北证券": (),
    "东兴证券": (),
    "西南证券": (),
    "西部证券": (),
    "华西证券": (),
    "山西证券": (),
    "川财证券": (),
    "华创证券": (),
    "英大证券": (),
    "银河证券": ("中国银河证券", "中国银河"),
    "浙商证券": (),
    "财通证券": (),
    "国海证券": (),
    "太平洋证券": (),
    "中泰证券": (),
    "信达证券": (),
    "华鑫证券": (),
    "首创证券": (),
    "国元证券": (),
    "东莞证券": (),
    "中原证券": (),
    "平安证券": (),
    "万联证券": (),
    "粤开证券": (),
    "国联证券": (),
    "华金证券": (),
    "渤海证券": (),
    "东海证券": (),
    "华宝证券": (),
    "中银证券": ("中银国际证券", "中银国际"),
    "财信证券": (),
    "湘财证券": (),
    "南京证券": (),
    "华林证券": (),
    "长城证券": (),
    "中航证券": (),
    "华福证券": (),
    "上海证券": (),
    "国联民生证券": (),
    "中邮证券": (),
    "东方财富证券": (),
    "甬兴证券": (),
    "CLSA": ("中信里昂",),
    "Morgan Stanley": ("摩根士丹利",),
    "Goldman Sachs": (),
    "J.P. Morgan": ("JPMorgan",),
    "UBS": (),
    "HSBC": (),
    "Citi": ("Citigroup",),
    "Nomura": (),
    "Jefferies": (),
}

_SHORT = {name: short for short, others in BROKERS.items() for name in (short, *others)}
# Longest first, so that 中国银河证券 is read whole and not as 银河证券; a Latin
# name as a whole word (Citi is not Citic); 上海证券交易所, 上海证券报 and
# 证券业 are not houses.
_ANY = re.compile(
    r"(?<![A-Za-z])(?:"
    + "|".join(re.escape(name) for name in sorted(_SHORT, key=len, reverse=True))
    + r")(?![A-Za-z]|交易所|报|业|市场|账户|登记|投资者)"
)


def known_broker(name: str | None) -> str | None:
    """The short name of a house the text names (国泰君安证券股份有限公司 ->
    国泰君安证券), or None when it names none this table knows."""
    found = [_SHORT[m.group(0)] for m in _ANY.finditer(name or "")]
    return found[0] if found else None


def most_named(texts: Iterable[str]) -> tuple[str, int] | None:
    """The house the texts name most often, and how often (twice at least:
    one mention may be a quoted rival's forecast)."""
    counts = Counter(_SHORT[m.group(0)] for text in texts for m in _ANY.finditer(text))
    if not counts:
        return None
    name, count = counts.most_common(1)[0]
    return (name, count) if count >= 2 else None


def pick_broker(guesses: Iterable[str | None], texts: Iterable[str]) -> str | None:
    """The report's house: the first guess (running header, disclaimer) that
    names a known house, else the known house the report's text names more
    often than the first guess names itself (a misread 提示我司证券 once, a
    house the table lacks many times), else that guess as read."""
    read = [guess for guess in guesses if guess]
    known = next((name for guess in read if (name := known_broker(guess))), None)
    if known:
        return known
    texts = list(texts)
    named = most_named(texts)
    guess = read[0] if read else None
    own = sum(text.count(guess) for text in texts) if guess else 0
    return named[0] if named and named[1] > own else guess
