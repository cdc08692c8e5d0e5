"""The fidelity guard: changed, dropped and invented figures are caught; faithful translations pass."""

from __future__ import annotations

import pytest

from newsletter.figures import Mismatch, check_translation
from newsletter.figures.guard import check_qualifiers

SOURCE = (
    "海峰云第三季度剩余履约义务（RPO）达到 5530 亿美元，同比大增 325%，较上季度末再增 290 亿美元，"
    "公司将 2027 财年总营收指引上调至 900 亿美元。"
)
FAITHFUL = (
    "Harbor Cloud's remaining performance obligations (RPO) reached US$553 billion in the third quarter, "
    "up 325% YoY and US$29 billion more than at the end of the previous quarter; the company raised its "
    "FY2027 revenue guidance to US$90 billion."
)


def problems(mismatches: list[Mismatch]) -> list[tuple[str, str | None, str | None]]:
    return [(m.problem, m.source.text if m.source else None, m.target.text if m.target else None) for m in mismatches]


def test_faithful_translation_passes() -> None:
    assert check_translation(SOURCE, FAITHFUL) == []


@pytest.mark.parametrize(
    "english",
    [FAITHFUL.replace("US$553 billion", "553 billion US dollars"), FAITHFUL.replace("US$553 billion", "$553bn")],
)
def test_other_ways_of_writing_the_same_value_pass(english: str) -> None:
    assert check_translation(SOURCE, english) == []


def test_553_billion_written_as_5_53_billion_is_caught() -> None:
    english = FAITHFUL.replace("US$553 billion", "$5.53 billion")
    assert problems(check_translation(SOURCE, english)) == [("changed", "5530 亿美元", "$5.53 billion")]
    (mismatch,) = check_translation(SOURCE, english)
    assert str(mismatch) == 'changed: "5530 亿美元" (553,000,000,000 USD) became "$5.53 billion" (5,530,000,000 USD)'


def test_dropping_325_percent_is_caught() -> None:
    english = FAITHFUL.replace("up 325% YoY and ", "")
    assert problems(check_translation(SOURCE, english)) == [("dropped", "325%", None)]


def test_an_invented_figure_is_caught() -> None:
    english = FAITHFUL + " It also plans to invest $2 billion."
    assert problems(check_translation(SOURCE, english)) == [("invented", None, "$2 billion")]


def test_a_changed_currency_is_caught() -> None:
    english = FAITHFUL.replace("US$90 billion", "RMB 90 billion")
    assert problems(check_translation(SOURCE, english)) == [("changed", "900 亿美元", "RMB 90 billion")]


def test_a_money_figure_losing_its_currency_is_caught() -> None:
    english = FAITHFUL.replace("US$29 billion", "29 billion")
    assert problems(check_translation(SOURCE, english)) == [("dropped", "290 亿美元", None)]


def test_a_changed_date_or_year_is_caught_as_an_invented_number() -> None:
    english = FAITHFUL.replace("FY2027", "FY2028")
    assert problems(check_translation(SOURCE, english)) == [("invented", None, "2028")]


def test_dates_product_names_and_counts_pass_when_they_come_from_the_source() -> None:
    source = "2026 年 3 月 12 日，海峰光电发布 1.6T 光模块，采用 8×200G 接口，六个月内量产，每年 1000 亿~2000 亿颗。"
    english = (
        "On March 12, 2026, Harbor Photonics launched a 1.6T optical module with an 8×200G interface, "
        "to be mass-produced within 6 months, 100 billion to 200 billion chips a year."
    )
    assert check_translation(source, english) == []


def test_percentage_points_are_not_percent() -> None:
    assert problems(check_translation("毛利率提升 2 个百分点", "gross margin up 2%")) == [
        ("changed", "2 个百分点", "2%")
    ]


def test_power_across_scales() -> None:
    assert check_translation("锁定超过 10GW 的电力容量", "secured over 10,000 MW of power") == []
    assert problems(check_translation("交付超过 400MW", "delivered over 4 GW")) == [("changed", "400MW", "4 GW")]


def test_english_source_to_chinese_target() -> None:
    assert check_translation(FAITHFUL, SOURCE, "en", "zh") == []
    wrong = SOURCE.replace("5530 亿美元", "553 亿美元")
    assert problems(check_translation(FAITHFUL, wrong, "en", "zh")) == [("changed", "US$553 billion", "553 亿美元")]


def test_signs_are_compared_by_magnitude() -> None:
    assert check_translation("营收同比下降 5%", "revenue fell 5% YoY") == []
    assert check_translation("营收同比 -5%", "revenue down 5% YoY") == []


@pytest.mark.parametrize(
    ("source", "english"),
    [
        ("公司 2026 财年营收指引 900 亿美元", "FY26 revenue guidance of US$90 billion"),
        ("2026 年上半年营收 120 亿元", "H1 2026 revenue of RMB 12 billion"),
        ("单季度营收 30 亿元，占比近五成", "quarterly revenue of RMB 3 billion, nearly 50% of the total"),
        ("产能提升三倍，翻倍增长", "capacity tripled (3x), doubling growth"),
    ],
)
def test_usual_rewritings_of_numbers_pass(source: str, english: str) -> None:
    assert check_translation(source, english) == []


def test_a_changed_quarter_is_caught() -> None:
    assert problems(check_translation("2026 年第三季度营收 120 亿元", "Q3 2027 revenue of RMB 12 billion")) == [
        ("invented", None, "2027")
    ]


def test_a_dropped_qualifier_is_reported_but_the_value_passes() -> None:
    source, english = "订单总额超过 2 亿美元", "orders worth US$200 million"
    assert check_translation(source, english) == []
    assert [str(m) for m in check_qualifiers(source, english)] == [
        'qualifier: "2 亿美元" (over) became "US$200 million" (no qualifier)'
    ]
    assert check_qualifiers(source, "orders worth more than US$200 million") == []
    assert check_qualifiers(source, "orders exceeding US$200 million") == []


def test_a_change_then_a_level_is_two_figures_in_both_languages() -> None:
    """同增 32%至 208 亿元 is not a range of mixed units: each figure is guarded on its own."""
    source = "公司营收同增 32%至 208 亿元。"
    assert check_translation(source, "Revenue rose 32% to RMB 20.8 billion.") == []
    (changed,) = check_translation(source, "Revenue rose 32% to RMB 28.0 billion.")
    assert changed.problem == "changed" and changed.source is not None and changed.source.text == "208 亿元"
    price = check_translation("单价下降 5%至 3.2 美元。", "The price fell 5% to US$3.5.")
    assert [m.problem for m in price] == ["changed"]
