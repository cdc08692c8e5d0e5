"""Formatting with babel in both locales, and parse/format round trips (hypothesis)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newsletter.figures import check_translation, extract_figures, find_figures, format_figure
from newsletter.figures.extract import paragraph_figures
from newsletter.figures.format import EN_CURRENCY, ZH_CURRENCY, format_value
from newsletter.figures.guard import same_value
from newsletter.issue.key_figures import key_figures
from newsletter.model import Figure, KeyPoint, Report, Source
from newsletter.translate.catalog import empty_memory


@pytest.mark.parametrize(
    ("text", "zh", "en"),
    [
        ("剩余履约义务达到 5530 亿美元", "5530亿美元", "US$553 billion"),
        ("RPO 同比大增 325%", "同比 +325%", "+325% YoY"),
        ("价值超过 25 亿美元", "超过25亿美元", "over US$2.5 billion"),
        ("订单 2 亿美元", "2亿美元", "US$200 million"),
        ("投资人民币 100 亿元", "100亿元", "RMB 10 billion"),
        ("营收 1,234.5 万港元", "1234.5万港元", "HK$12.345 million"),
        ("超过 10GW", "超过10吉瓦", "over 10 GW"),
        ("超过 400MW", "超过400兆瓦", "over 400 MW"),
        ("毛利率同比提升 0.5 个百分点", "同比 +0.5个百分点", "+0.5 pp YoY"),
        ("每年 1000 亿~2000 亿颗", "1000亿~2000亿", "100 billion–200 billion"),
        ("营收环比下降 5%", "环比 -5%", "-5% QoQ"),
    ],
)
def test_formatted_in_both_locales(text: str, zh: str, en: str) -> None:
    (figure,) = paragraph_figures(text, "zh")
    assert (format_figure(figure, "zh_CN"), format_figure(figure, "en")) == (zh, en)


def test_formatted_values_never_change_the_figure() -> None:
    figure = Figure(text="x", value=553e9, unit="USD", kind="money")
    for locale in ("zh_CN", "en"):
        (back,) = find_figures(format_value(figure, locale), "zh" if locale == "zh_CN" else "en")
        assert same_value(back, figure)


# Values as research text writes them: up to five significant digits at any scale.
_MANTISSA = st.integers(min_value=1, max_value=99_999)
_EXPONENT = st.integers(min_value=-2, max_value=10)


def _amounts() -> st.SearchStrategy[Decimal]:
    return st.builds(lambda m, e: Decimal(m).scaleb(e), _MANTISSA, _EXPONENT)


def _money() -> st.SearchStrategy[Figure]:
    currencies = st.sampled_from(sorted(set(ZH_CURRENCY) & set(EN_CURRENCY)))
    return st.builds(lambda v, c: Figure(text="", value=float(v), unit=c, kind="money"), _amounts(), currencies)


def _percent() -> st.SearchStrategy[Figure]:
    values = st.decimals(min_value=-999, max_value=9999, places=2, allow_nan=False, allow_infinity=False)
    return st.builds(lambda v: Figure(text="", value=float(v), unit="%", kind="percent"), values)


def _power() -> st.SearchStrategy[Figure]:
    scales = st.sampled_from([1, 10**3, 10**6, 10**9])
    return st.builds(lambda m, s: Figure(text="", value=float(m * s), unit="W", kind="power"), _MANTISSA, scales)


def _points() -> st.SearchStrategy[Figure]:
    values = st.decimals(min_value=0, max_value=999, places=2, allow_nan=False, allow_infinity=False)
    kinds = st.sampled_from(["pp", "bp"])
    return st.builds(lambda v, k: Figure(text="", value=float(v), unit=k, kind=k), values, kinds)


FIGURES = st.one_of(_money(), _percent(), _power(), _points())


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
@given(figure=FIGURES)
def test_format_then_parse_gives_the_same_figure(locale: str, figure: Figure) -> None:
    text = format_value(figure, locale)
    found = find_figures(text, "zh" if locale == "zh_CN" else "en")
    assert len(found) == 1 and same_value(found[0], figure), text


@given(figure=FIGURES)
def test_the_two_locales_pass_the_guard_against_each_other(figure: Figure) -> None:
    zh, en = format_value(figure, "zh_CN"), format_value(figure, "en")
    assert check_translation(f"数值为{zh}。", f"The value is {en}.") == []
    assert check_translation(f"The value is {en}.", f"数值为{zh}。", "en", "zh") == []


@given(value=_amounts(), currency=st.sampled_from(["美元", "元", "港元", "欧元", "日元"]))
def test_parse_then_format_then_parse_keeps_the_value(value: Decimal, currency: str) -> None:
    source = f"{value:f}{currency}"
    (figure,) = find_figures(source, "zh")
    assert Decimal(str(figure.value)) == value
    (back,) = find_figures(format_value(figure, "en"), "en")
    assert same_value(back, figure)


@pytest.mark.parametrize(
    ("text", "zh", "en"),
    [
        ("示例猪价 40-44 元/公斤", "40~44元/千克", "RMB 40–44/kg"),
        ("示例钢材 1250-1350 元/吨", "1,250~1,350元/吨", "RMB 1,250–1,350/t"),
        ("示例车型售价 12.99-15.99 万元", "12.99万元~15.99万元", "RMB 129,900–159,900"),
        ("预计净利 1.30-1.76 亿元", "1.3亿元~1.76亿元", "RMB 130 million–176 million"),
        ("目标价 125.0~147.5 元", "125元~147.5元", "RMB 125–147.5"),
        ("示例组件 0.21-0.25 元/W", "0.21~0.25元/W", "RMB 0.21–0.25/W"),
        ("示例储能需求 30-40GWh", "30GWh~40GWh", "30–40 GWh"),
        ("示例营收 0.51-0.57元人民币", "0.51元~0.57元", "RMB 0.51–0.57"),
    ],
)
def test_ranges_are_written_so_that_they_read_back_as_one_range(text: str, zh: str, en: str) -> None:
    (figure,) = paragraph_figures(text, "zh")
    assert figure.upper is not None
    assert (format_figure(figure, "zh_CN"), format_figure(figure, "en")) == (zh, en)


def _ranges() -> st.SearchStrategy[Figure]:
    money = st.builds(_range_of, _amounts(), _STEPS, st.sampled_from(["CNY", "USD", "CNY/t", "CNY/kg", "CNY/W", "%"]))
    # Power and energy as reports write them: whole numbers of W, kW, MW, GW (the parsers know no bare Wh).
    scaled = st.builds(lambda m, s: Decimal(m) * s, _MANTISSA, st.sampled_from([1, 10**3, 10**6, 10**9]))
    power = st.builds(_range_of, scaled, _STEPS, st.just("W"))
    energy = st.builds(_range_of, scaled.map(lambda v: v * 1000), _STEPS, st.just("Wh"))
    return st.one_of(money, power, energy)


_STEPS = st.integers(min_value=1, max_value=50)


def _range_of(low: Decimal, step: int, unit: str) -> Figure:
    kind = {"Wh": "energy", "W": "power", "%": "percent"}.get(unit, "money")
    # The upper end as precise as the lower (1001-1011 W, not 1001-1011.01 W).
    unit_step = Decimal(1).scaleb(int(low.normalize().as_tuple().exponent))
    upper = max((low * (100 + step) / 100).quantize(unit_step), low + unit_step)
    return Figure(text="", value=float(low), unit=unit, kind=kind, upper=float(upper))


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
@given(figure=_ranges())
def test_a_range_reads_back_as_the_same_range(locale: str, figure: Figure) -> None:
    text = format_value(figure, locale)
    found = find_figures(text, "zh" if locale == "zh_CN" else "en")
    assert len(found) == 1 and same_value(found[0], figure), text


def test_a_key_figure_the_formatter_cannot_write_is_left_out_with_a_warning(
    caplog: pytest.LogCaptureFixture,
) -> None:
    text = "示例公司营收达到 500 亿韩元，同比增长 12%。净利润 30 亿元。"
    report = extract_figures(Report(Source("示例周报.pdf", "0", 3), "示例", key_points=(KeyPoint("", text, 2),)))
    shown = key_figures(report, empty_memory("en"), "en")
    assert [key.figure.text for key in shown] == ["30 亿元"]
    assert "示例周报.pdf: page 2: key figure left out: formatting '500 亿韩元' for en" in caplog.text
