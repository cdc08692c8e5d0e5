"""The words of numbers: scales, currencies, units and qualifiers in Chinese and English.

Kept as data so a new currency or unit is one line here, and the parsers,
the formatter and the guard all agree on it.
"""

from __future__ import annotations

from decimal import Decimal
from typing import NamedTuple


class Unit(NamedTuple):
    kind: str  # money, percent, pp, bp, power, energy, length, node, count, multiple
    unit: str  # ISO 4217 code, "%", "pp", "bp", SI base symbol, "count", "x"
    factor: Decimal  # multiply the written number by this to get base units


def _u(kind: str, unit: str, factor: str | int = 1) -> Unit:
    return Unit(kind, unit, Decimal(factor))


# Kinds the guard compares figure by figure: a translation must carry each one.
STRICT_KINDS = frozenset({"money", "percent", "pp", "bp", "power", "energy", "length"})

ZH_SCALES: dict[str, Decimal] = {
    "万亿": Decimal(10) ** 12,
    "千亿": Decimal(10) ** 11,
    "百亿": Decimal(10) ** 10,
    "十亿": Decimal(10) ** 9,
    "亿": Decimal(10) ** 8,
    "千万": Decimal(10) ** 7,
    "百万": Decimal(10) ** 6,
    "十万": Decimal(10) ** 5,
    "万": Decimal(10) ** 4,
}

EN_SCALES: dict[str, Decimal] = {
    "trillion": Decimal(10) ** 12,
    "billion": Decimal(10) ** 9,
    "million": Decimal(10) ** 6,
    "thousand": Decimal(10) ** 3,
    "tn": Decimal(10) ** 12,
    "trn": Decimal(10) ** 12,
    "bn": Decimal(10) ** 9,
    "mn": Decimal(10) ** 6,
}

# Single-letter scales ($553B, $2M, 10K) are read only next to a currency:
# alone, 1.6T and 400G are product names, not trillions.
EN_LETTER_SCALES: dict[str, Decimal] = {
    "T": Decimal(10) ** 12,
    "B": Decimal(10) ** 9,
    "M": Decimal(10) ** 6,
    "m": Decimal(10) ** 6,
    "K": Decimal(10) ** 3,
    "k": Decimal(10) ** 3,
}

ZH_CURRENCY_SUFFIXES: dict[str, str] = {
    "美元": "USD",
    "美金": "USD",
    "元人民币": "CNY",
    "人民币": "CNY",
    "港元": "HKD",
    "港币": "HKD",
    "欧元": "EUR",
    "日元": "JPY",
    "英镑": "GBP",
    "韩元": "KRW",
    "新台币": "TWD",
    "元": "CNY",
}

# Prefixes shared by both languages ("US$5.53 亿" occurs in Chinese text too).
CURRENCY_PREFIXES: dict[str, str] = {
    "US$": "USD",
    "HK$": "HKD",
    "NT$": "TWD",
    "CN¥": "CNY",
    "JP¥": "JPY",
    "RMB": "CNY",
    "CNY": "CNY",
    "USD": "USD",
    "HKD": "HKD",
    "EUR": "EUR",
    "JPY": "JPY",
    "GBP": "GBP",
    "人民币": "CNY",
    "$": "USD",
    "€": "EUR",
    "£": "GBP",
    "¥": "CNY",  # in Chinese research text ¥ is the renminbi; the yen is written JP¥ or 日元
    "￥": "CNY",
}

EN_CURRENCY_SUFFIXES: dict[str, str] = {
    "US dollars": "USD",
    "U.S. dollars": "USD",
    "dollars": "USD",
    "dollar": "USD",
    "USD": "USD",
    "Hong Kong dollars": "HKD",
    "HK dollars": "HKD",
    "HKD": "HKD",
    "yuan": "CNY",
    "renminbi": "CNY",
    "RMB": "CNY",
    "CNY": "CNY",
    "euros": "EUR",
    "euro": "EUR",
    "EUR": "EUR",
    "yen": "JPY",
    "JPY": "JPY",
    "pounds": "GBP",
    "GBP": "GBP",
}

_PHYSICAL: dict[str, Unit] = {
    "TWh": _u("energy", "Wh", 10**12),
    "GWh": _u("energy", "Wh", 10**9),
    "MWh": _u("energy", "Wh", 10**6),
    "kWh": _u("energy", "Wh", 10**3),
    "TW": _u("power", "W", 10**12),
    "GW": _u("power", "W", 10**9),
    "MW": _u("power", "W", 10**6),
    "kW": _u("power", "W", 10**3),
    "KW": _u("power", "W", 10**3),
    "W": _u("power", "W"),
    "km": _u("length", "m", 10**3),
    # A nanometre figure in research text is a process node (3nm), a chip
    # generation rather than a measured length: kept, but not compared strictly.
    "nm": _u("node", "m", "1E-9"),
}

ZH_UNITS: dict[str, Unit] = {
    **_PHYSICAL,
    "太瓦时": _u("energy", "Wh", 10**12),
    "吉瓦时": _u("energy", "Wh", 10**9),
    "兆瓦时": _u("energy", "Wh", 10**6),
    "千瓦时": _u("energy", "Wh", 10**3),
    "度电": _u("energy", "Wh", 10**3),
    "太瓦": _u("power", "W", 10**12),
    "吉瓦": _u("power", "W", 10**9),
    "兆瓦": _u("power", "W", 10**6),
    "千瓦": _u("power", "W", 10**3),
    "瓦": _u("power", "W"),
    "米": _u("length", "m"),
    "千米": _u("length", "m", 10**3),
    "公里": _u("length", "m", 10**3),
    "纳米": _u("node", "m", "1E-9"),
    "%": _u("percent", "%"),
    "成": _u("percent", "%", 10),  # 六成 = 60%
    "个百分点": _u("pp", "pp"),
    "百分点": _u("pp", "pp"),
    "pct": _u("pp", "pp"),
    "pp": _u("pp", "pp"),
    "个基点": _u("bp", "bp"),
    "基点": _u("bp", "bp"),
    "bps": _u("bp", "bp"),
    "bp": _u("bp", "bp"),
    "倍": _u("multiple", "x"),
}

# Measure words that make an Arabic number a count (8192 个 Token, 1000 亿颗芯片).
ZH_COUNTERS = ("颗", "个", "家", "台", "块", "张", "片", "辆", "座", "名", "户", "套", "枚", "项", "款", "条", "人")

EN_UNITS: dict[str, Unit] = {
    **_PHYSICAL,
    "terawatt-hours": _u("energy", "Wh", 10**12),
    "gigawatt-hours": _u("energy", "Wh", 10**9),
    "megawatt-hours": _u("energy", "Wh", 10**6),
    "kilowatt-hours": _u("energy", "Wh", 10**3),
    "terawatts": _u("power", "W", 10**12),
    "gigawatts": _u("power", "W", 10**9),
    "gigawatt": _u("power", "W", 10**9),
    "megawatts": _u("power", "W", 10**6),
    "megawatt": _u("power", "W", 10**6),
    "kilowatts": _u("power", "W", 10**3),
    "watts": _u("power", "W"),
    "metres": _u("length", "m"),
    "meters": _u("length", "m"),
    "kilometres": _u("length", "m", 10**3),
    "kilometers": _u("length", "m", 10**3),
    "nanometres": _u("node", "m", "1E-9"),
    "nanometers": _u("node", "m", "1E-9"),
    "%": _u("percent", "%"),
    "per cent": _u("percent", "%"),
    "percent": _u("percent", "%"),
    "percentage points": _u("pp", "pp"),
    "percentage point": _u("pp", "pp"),
    "ppts": _u("pp", "pp"),
    "ppt": _u("pp", "pp"),
    "pp": _u("pp", "pp"),
    "basis points": _u("bp", "bp"),
    "basis point": _u("bp", "bp"),
    "bps": _u("bp", "bp"),
    "bp": _u("bp", "bp"),
    "times": _u("multiple", "x"),
    "x": _u("multiple", "x"),
}

MONEY = _u("money", "")

# Prices per unit (0.52 元/Wh, 4.35 万元/吨, US$80/bbl): the unit becomes CNY/Wh, CNY/t...
PER_UNITS: dict[str, str] = {
    "kWh": "kWh",
    "MWh": "MWh",
    "GWh": "GWh",
    "Wh": "Wh",
    "W": "W",
    "吨": "t",
    "t": "t",
    "tonne": "t",
    "千克": "kg",
    "公斤": "kg",
    "kg": "kg",
    "股": "share",
    "share": "share",
    "桶": "bbl",
    "bbl": "bbl",
    "barrel": "bbl",
    "盎司": "oz",
    "oz": "oz",
    "片": "piece",
    "张": "piece",
    "piece": "piece",
}
COUNT = _u("count", "count")

# Qualifiers: Chinese words before (and after) a number, and their English.
ZH_QUALIFIERS_BEFORE: dict[str, str] = {
    "超过": "over",
    "逾": "over",
    "超": "over",
    "高于": "over",
    "多于": "over",
    "大约": "about",
    "约": "about",
    "接近": "nearly",
    "将近": "nearly",
    "近": "nearly",
    "至少": "at least",
    "不低于": "at least",
    "不少于": "at least",
    "最高": "up to",
    "最多": "up to",
    "高达": "up to",
    "不到": "under",
    "不足": "under",
    "少于": "under",
    "低于": "under",
}
ZH_QUALIFIERS_AFTER: dict[str, str] = {
    "或以上": "at least",
    "以上": "over",
    "左右": "about",
    "以内": "under",
    "以下": "under",
}
EN_QUALIFIERS: dict[str, str] = {
    "more than": "over",
    "greater than": "over",
    "exceeding": "over",
    "exceeds": "over",
    "exceed": "over",
    "in excess of": "over",
    "below": "under",
    "over": "over",
    "above": "over",
    "about": "about",
    "around": "about",
    "approximately": "about",
    "roughly": "about",
    "nearly": "nearly",
    "almost": "nearly",
    "close to": "nearly",
    "at least": "at least",
    "up to": "up to",
    "less than": "under",
    "under": "under",
}
ZH_QUALIFIER_WORDS: dict[str, str] = {
    "over": "超过",
    "about": "约",
    "nearly": "近",
    "at least": "至少",
    "up to": "最高",
    "under": "不到",
}

EN_NUMBER_WORDS: dict[str, int] = {
    word: value
    for value, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
} | {"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100}
