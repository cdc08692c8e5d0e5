"""Figures formatted for readers: 5530亿美元 <-> US$553 billion, 同比 +325% <-> +325% YoY.

The locale data (CLDR) comes through newsletter.l10n; `locale` is a language
code ("zh", "en") or a locale name ("zh_CN").

Every formatted value is parsed back before it is returned: the formatter
never writes a number the fidelity guard would not accept as equal.
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from typing import Literal

from newsletter import l10n
from newsletter.figures.guard import same_value
from newsletter.figures.parse import find_figures
from newsletter.model import Figure

ZH_CURRENCY = {
    "USD": "美元",
    "CNY": "元",
    "HKD": "港元",
    "EUR": "欧元",
    "JPY": "日元",
    "GBP": "英镑",
    "KRW": "韩元",
    "TWD": "新台币",
}
EN_CURRENCY = {"USD": "US$", "CNY": "RMB ", "HKD": "HK$", "EUR": "€", "JPY": "JP¥", "GBP": "£", "TWD": "NT$"}
ZH_PER = {"t": "吨", "kg": "千克", "share": "股", "bbl": "桶", "oz": "盎司", "piece": "片"}
ZH_CHANGE = {"YoY": "同比", "QoQ": "环比", "MoM": "环比", "WoW": "周环比"}
ZH_QUALIFIER = {"over": "超过", "about": "约", "nearly": "近", "at least": "至少", "up to": "最高", "under": "不到"}
_POWER = ((10**9, "power-gigawatt"), (10**6, "power-megawatt"), (10**3, "power-kilowatt"), (1, "power-watt"))
_ENERGY = ((10**12, "TWh"), (10**9, "GWh"), (10**6, "MWh"), (10**3, "kWh"), (1, "Wh"))
_LENGTH = ((10**3, "length-kilometer"), (1, "length-meter"), (Decimal("1E-9"), "length-nanometer"))


def language(locale: str) -> str:
    return "zh" if locale.lower().startswith("zh") else "en"


def format_figure(figure: Figure, locale: str) -> str:
    """Value with its qualifier, sign and change: 同比 +325% / +325% YoY, 超过 25亿美元 / over US$2.5 billion."""
    value = format_value(figure, locale)
    if figure.direction and figure.value > 0 and (figure.change or figure.kind in ("percent", "pp", "bp")):
        value = ("+" if figure.direction == "up" else "-") + value
    zh = language(locale) == "zh"
    if figure.qualifier:
        value = f"{ZH_QUALIFIER[figure.qualifier]}{value}" if zh else f"{figure.qualifier} {value}"
    if figure.change:
        value = f"{ZH_CHANGE.get(figure.change, figure.change)} {value}" if zh else f"{value} {figure.change}"
    return value


def format_value(figure: Figure, locale: str) -> str:
    """The value alone (or the range), checked by parsing it back."""
    ends = [figure.value] if figure.upper is None else [figure.value, figure.upper]
    # Both ends of a range in the lower end's unit (800 kWh–1,200 kWh, not 800 kWh–1.2 MWh).
    basis = Decimal(str(figure.value))
    joiner = "~" if language(locale) == "zh" else "–"
    # A range across scales (900 billion–1 trillion) is written in plain digits if need be.
    for compact in (True, False)[: len(ends)]:
        parts = [_one(Decimal(str(end)), figure, locale, basis, compact) for end in ends]
        for text in _written_forms(parts, joiner):
            back = find_figures(text, language(locale))
            if len(back) == 1 and same_value(back[0], figure):
                return text
    raise ValueError(f"formatting {figure.text!r} for {locale} gave {text!r}, which reads back differently")


def _written_forms(parts: list[str], joiner: str) -> list[str]:
    """A value, or a range in the ways it may be written: each end whole
    (1000亿~2000亿), else with the unit said once, after the upper end
    (52~56元/千克, 10–20 GWh), and the currency once, before the lower
    (RMB 0.86–0.87): the parsers read a per-unit or a currency on both ends
    as two figures."""
    if len(parts) == 1:
        return parts
    low, high = parts
    suffix = _shared_affix(low[::-1], high[::-1])[::-1]
    prefix = _shared_affix(low, high)
    # Only a whole unit goes: what is left must end (start) with the number.
    while suffix and not low.removesuffix(suffix).rstrip()[-1:].isdigit():
        suffix = suffix[1:]
    while prefix and not high.removeprefix(prefix).lstrip()[:1].isdigit():
        prefix = prefix[:-1]
    bare_low, bare_high = low.removesuffix(suffix) if suffix else low, high.removeprefix(prefix)
    forms = [(low, high), (bare_low, high), (low, bare_high), (bare_low, bare_high)]
    return list(dict.fromkeys(f"{a}{joiner}{b}" for a, b in forms))


def _shared_affix(a: str, b: str) -> str:
    """The longest start both share that holds no digit or sign: a unit or currency."""
    shared = ""
    for x, y in zip(a, b, strict=False):
        if x != y or x.isdigit() or x in "+-−.":
            break
        shared += x
    return shared


def _one(value: Decimal, figure: Figure, locale: str, basis: Decimal, compact: bool = True) -> str:
    zh = language(locale) == "zh"
    if figure.kind == "money":
        currency, _, per = figure.unit.partition("/")
        number = _compact(value, locale, "short" if zh else "long", basis) if compact else _plain(value, locale)
        if zh and currency not in ZH_CURRENCY:
            raise ValueError(f"no Chinese name for the currency {currency} of {figure.text!r}")
        money = f"{number}{ZH_CURRENCY[currency]}" if zh else f"{EN_CURRENCY.get(currency, currency + ' ')}{number}"
        return f"{money}/{ZH_PER.get(per, per) if zh else per}" if per else money
    if figure.kind == "percent":
        return l10n.percent(value / 100, locale)
    if figure.kind in ("pp", "bp"):
        word = {"pp": ("个百分点", " pp"), "bp": ("个基点", " bp")}[figure.kind][0 if zh else 1]
        return f"{_plain(value, locale)}{word}"
    if figure.kind in ("power", "length", "node"):
        scale, unit = _pick(basis, _POWER if figure.kind == "power" else _LENGTH)
        return l10n.unit(value / scale, unit, locale)
    if figure.kind == "energy":
        scale, symbol = _pick(basis, _ENERGY)
        return f"{_plain(value / scale, locale)}{'' if zh else ' '}{symbol}"
    if figure.kind == "multiple":
        return f"{_plain(value, locale)}{'倍' if zh else 'x'}"
    return _compact(value, locale, "short" if zh else "long", basis)


def _compact(value: Decimal, locale: str, form: Literal["short", "long"], basis: Decimal | None = None) -> str:
    """The shortest compact form that keeps every digit (553 billion, 5530亿, 5.53 billion);
    plain digits below 万 / million, judged by `basis` (a range's lower end: 8,929~10,000元)."""
    if abs(value if basis is None else basis) < (10**4 if language(locale) == "zh" else 10**6):
        return l10n.exact(value, locale)
    for digits in range(0, 7):
        text = l10n.compact(value, locale, form, digits)
        if _read_compact(text, locale) == value:
            return text
    return _plain(value, locale)


def _read_compact(text: str, locale: str) -> Decimal | None:
    # Read as an amount of money, the one unit both parsers accept after any number.
    found = find_figures(text + ("美元" if language(locale) == "zh" else " dollars"), language(locale))
    return Decimal(str(found[0].value)) if len(found) == 1 else None


def _plain(value: Decimal, locale: str) -> str:
    return l10n.exact(value, locale, grouping=False)


def _pick(value: Decimal, scales: tuple[tuple[int | Decimal, str], ...]) -> tuple[Decimal, str]:
    for scale, unit in scales:
        if abs(value) >= scale:
            return Decimal(scale), unit
    return Decimal(scales[-1][0]), scales[-1][1]


_PERIOD = re.compile(
    r"(?P<fy>FY)?(?P<end>end-)?(?P<year>\d{4})(?:Q(?P<q>[1-4])|H(?P<h>[12上下])|-(?P<m>\d{2})(?:-(?P<d>\d{2}))?)?"
)
_HALF = {"1": ("上半年", "H1"), "上": ("上半年", "H1"), "2": ("下半年", "H2"), "下": ("下半年", "H2")}


def format_period(period: str, locale: str) -> str:
    """A figure's period for readers, with babel: 2026Q1 -> 2026年第1季度 / Q1 2026, FY2027 -> 2027财年 / FY2027.

    A form this does not know is shown as extracted.
    """
    match = _PERIOD.fullmatch(period)
    if match is None:
        return period
    zh = language(locale) == "zh"
    year = int(match["year"])
    if match["fy"]:
        return f"{year}财年" + (f"第{match['q']}季度" if match["q"] else "") if zh else period
    if match["end"]:
        return f"{year}年末" if zh else f"end-{year}"
    if match["q"]:
        return l10n.skeleton(dt.date(year, int(match["q"]) * 3, 1), "yQQQ", locale)
    if match["h"]:
        zh_half, en_half = _HALF[match["h"]]
        return f"{year}年{zh_half}" if zh else f"{en_half} {year}"
    if match["d"]:
        return l10n.date(dt.date(year, int(match["m"]), int(match["d"])), locale, "long")
    if match["m"]:
        return l10n.skeleton(dt.date(year, int(match["m"]), 1), "yMMM", locale)
    return l10n.skeleton(dt.date(year, 1, 1), "y", locale)
