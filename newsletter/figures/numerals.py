"""Numerals: Arabic with thousands separators, Chinese (一千二百, 两万), full-width forms."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

# One character for one character, so offsets into the normalised text are
# offsets into the original and a figure's `text` is the exact source substring.
_FULLWIDTH = str.maketrans("０１２３４５６７８９％．，～－＋：", "0123456789%.,~-+:")

_CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}

CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿"


def normalise(text: str) -> str:
    """Full-width digits and signs to ASCII, keeping every offset."""
    return text.translate(_FULLWIDTH)


def arabic(text: str) -> Decimal:
    """'5,530.5' -> Decimal('5530.5'); raises ValueError on anything else."""
    try:
        return Decimal(text.replace(",", ""))
    except InvalidOperation as error:
        raise ValueError(f"not a number: {text!r}") from error


def chinese(text: str) -> int | None:
    """'一千二百三十四' -> 1234, '十五' -> 15, '二〇二六' -> 2026; None if not a numeral."""
    if not text or any(ch not in CN_NUMERAL_CHARS for ch in text):
        return None
    if all(ch in _CN_DIGITS for ch in text) and len(text) > 1:
        return int("".join(str(_CN_DIGITS[ch]) for ch in text))
    return _chinese_positional(text)


def _chinese_positional(text: str) -> int:
    # yi: the part counted in 亿; wan: the part in 万 below that; section: below 万.
    yi, wan, section, digit = 0, 0, 0, 0
    for ch in text:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            section += (digit or 1) * _CN_UNITS[ch]
            digit = 0
        elif ch == "万":
            wan, section, digit = wan + (section + digit or 1) * 10**4, 0, 0
        else:
            yi, wan, section, digit = (yi + wan + section + digit or 1) * 10**8, 0, 0, 0
    return yi + wan + section + digit
